package api

import (
	"strconv"

	"github.com/graphql-go/graphql"

	"github.com/memoria-history/memoria/internal/graph"
	"github.com/memoria-history/memoria/internal/history"
)

// The arguments several fields share.

func duringArg() *graphql.ArgumentConfig {
	return &graphql.ArgumentConfig{Type: graphql.String, Description: "Keep only statements that can hold in this EDTF interval, such as 1934/1941."}
}

func viaArg() *graphql.ArgumentConfig {
	return &graphql.ArgumentConfig{Type: graphql.NewList(graphql.NewNonNull(graphql.String)), Description: "Follow only these links: relation types (member-of, deputy-of ...), participant, place, part-of, caused, or participant roles."}
}

// firstArg is a page size, def unless asked, at most max.
func firstArg(def, max int) *graphql.ArgumentConfig {
	return &graphql.ArgumentConfig{Type: graphql.Int, DefaultValue: def, Description: "How many items, at most " + itoa(max) + "."}
}

// pagingArgs are a connection's: first and after.
func pagingArgs(max int) graphql.FieldConfigArgument {
	return graphql.FieldConfigArgument{
		"first": firstArg(20, max),
		"after": {Type: graphql.String, Description: "The cursor after which the page starts."},
	}
}

// intArg reads an optional Int argument, refusing values past max with a
// LIMIT_EXCEEDED error and values below min as bad input.
func intArg(args map[string]any, name string, def, lo, max int) (int, error) {
	v, ok := args[name].(int)
	if !ok {
		return def, nil
	}
	if v < lo {
		return 0, badInput("argument %s: %d is below the minimum %d", name, v, lo)
	}
	if v > max {
		return 0, overLimit(name, max, v)
	}
	return v, nil
}

func itoa(n int) string { return strconv.Itoa(n) }

func idArg(args map[string]any, name string) history.ID {
	s, _ := args[name].(string)
	return history.ID(s)
}

func idList(v any) []history.ID {
	ss := stringList(v)
	out := make([]history.ID, len(ss))
	for i, s := range ss {
		out[i] = history.ID(s)
	}
	return out
}

func kindList(v any) []history.Kind {
	items, _ := v.([]any)
	out := make([]history.Kind, 0, len(items))
	for _, it := range items {
		if k, ok := it.(history.Kind); ok {
			out = append(out, k)
		}
	}
	return out
}

func stringList(v any) []string {
	items, _ := v.([]any)
	out := make([]string, 0, len(items))
	for _, it := range items {
		if s, ok := it.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// dateArg parses an optional EDTF argument, naming it in the error.
func dateArg(args map[string]any, name string) (history.Date, error) {
	s, _ := args[name].(string)
	d, err := history.ParseDate(s)
	if err != nil {
		return history.Date{}, badDate(name, s)
	}
	return d, nil
}

// filterArgs reads during and via into a graph filter.
func filterArgs(args map[string]any) (graph.Filter, error) {
	during, err := dateArg(args, "during")
	if err != nil {
		return graph.Filter{}, err
	}
	return graph.Filter{During: during, Labels: stringList(args["via"])}, nil
}

// windowArgs joins optional from and to EDTF arguments into one window.
func windowArgs(args map[string]any) (history.Date, error) {
	from, err := dateArg(args, "from")
	if err != nil {
		return history.Date{}, err
	}
	to, err := dateArg(args, "to")
	if err != nil {
		return history.Date{}, err
	}
	if !from.IsZero() && !to.IsZero() && to.Latest.Before(from.Earliest) {
		return history.Date{}, badInput("argument to (%s) is before from (%s)", to, from)
	}
	return history.Span(from, to), nil
}
