package api

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/graphql-go/graphql"
)

// PrintSchema renders a schema in the GraphQL schema definition language,
// in a stable order (types, fields, arguments and enum values by name), so
// that schema/schema.graphql can be compared with the executable schema.
// graphql-go has no printer of its own.
func PrintSchema(s *graphql.Schema) string {
	var names []string
	for name, t := range s.TypeMap() {
		if strings.HasPrefix(name, "__") || isBuiltinScalar(t) {
			continue
		}
		names = append(names, name)
	}
	sort.Strings(names)
	var b strings.Builder
	for i, name := range names {
		if i > 0 {
			b.WriteString("\n")
		}
		printType(&b, s.TypeMap()[name])
	}
	return b.String()
}

func isBuiltinScalar(t graphql.Type) bool {
	switch t {
	case graphql.String, graphql.Int, graphql.Float, graphql.Boolean, graphql.ID:
		return true
	}
	return false
}

func printDescription(b *strings.Builder, indent, desc string) {
	if desc == "" {
		return
	}
	if !strings.Contains(desc, "\n") && !strings.Contains(desc, `"""`) && !strings.HasSuffix(desc, `"`) {
		fmt.Fprintf(b, "%s\"\"\"%s\"\"\"\n", indent, desc)
		return
	}
	fmt.Fprintf(b, "%s\"\"\"\n", indent)
	for _, line := range strings.Split(desc, "\n") {
		fmt.Fprintf(b, "%s%s\n", indent, strings.ReplaceAll(line, `"""`, `\"""`))
	}
	fmt.Fprintf(b, "%s\"\"\"\n", indent)
}

func printType(b *strings.Builder, t graphql.Type) {
	printDescription(b, "", t.Description())
	switch t := t.(type) {
	case *graphql.Object:
		fmt.Fprintf(b, "type %s", t.Name())
		if ifaces := t.Interfaces(); len(ifaces) > 0 {
			names := make([]string, len(ifaces))
			for i, it := range ifaces {
				names[i] = it.Name()
			}
			sort.Strings(names)
			fmt.Fprintf(b, " implements %s", strings.Join(names, " & "))
		}
		printFields(b, t.Fields())
	case *graphql.Interface:
		fmt.Fprintf(b, "interface %s", t.Name())
		printFields(b, t.Fields())
	case *graphql.Enum:
		fmt.Fprintf(b, "enum %s {\n", t.Name())
		values := t.Values()
		sort.Slice(values, func(i, j int) bool { return values[i].Name < values[j].Name })
		for _, v := range values {
			printDescription(b, "  ", v.Description)
			fmt.Fprintf(b, "  %s\n", v.Name)
		}
		b.WriteString("}\n")
	case *graphql.Union:
		names := []string{}
		for _, m := range t.Types() {
			names = append(names, m.Name())
		}
		sort.Strings(names)
		fmt.Fprintf(b, "union %s = %s\n", t.Name(), strings.Join(names, " | "))
	case *graphql.Scalar:
		fmt.Fprintf(b, "scalar %s\n", t.Name())
	case *graphql.InputObject:
		fmt.Fprintf(b, "input %s {\n", t.Name())
		fields := t.Fields()
		for _, k := range slices.Sorted(maps.Keys(fields)) {
			f := fields[k]
			printDescription(b, "  ", f.Description())
			fmt.Fprintf(b, "  %s: %s%s\n", k, f.Type.String(), defaultValue(f.Type, f.DefaultValue))
		}
		b.WriteString("}\n")
	}
}

func printFields(b *strings.Builder, fields graphql.FieldDefinitionMap) {
	b.WriteString(" {\n")
	for _, k := range slices.Sorted(maps.Keys(fields)) {
		f := fields[k]
		printDescription(b, "  ", f.Description)
		fmt.Fprintf(b, "  %s", k)
		if len(f.Args) > 0 {
			args := append([]*graphql.Argument(nil), f.Args...)
			sort.Slice(args, func(i, j int) bool { return args[i].Name() < args[j].Name() })
			b.WriteString("(\n")
			for _, a := range args {
				printDescription(b, "    ", a.Description())
				fmt.Fprintf(b, "    %s: %s%s\n", a.Name(), a.Type.String(), defaultValue(a.Type, a.DefaultValue))
			}
			b.WriteString("  )")
		}
		fmt.Fprintf(b, ": %s\n", f.Type.String())
	}
	b.WriteString("}\n")
}

// defaultValue prints " = value" in GraphQL syntax, or nothing.
func defaultValue(t graphql.Input, v any) string {
	if v == nil {
		return ""
	}
	return " = " + literal(t, v)
}

// literal is v, a value of type t, in GraphQL syntax: an enum value by its
// name, anything else as JSON writes it, which GraphQL reads alike.
func literal(t graphql.Input, v any) string {
	if e, ok := graphql.GetNullable(t).(*graphql.Enum); ok {
		for _, ev := range e.Values() {
			if ev.Value == v {
				return ev.Name
			}
		}
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("%v", v)
	}
	return string(raw)
}
