package api

import (
	"sort"
	"strings"
	"sync"

	"github.com/graphql-go/graphql"
)

// graphql-go v0.8.1 answers introspection as the GraphQL spec stood in
// 2018. The standard introspection queries of graphql-js and graphql-core,
// with their options on, and GraphiQL's, ask for what the spec added
// since; graphql-go's validation refuses each such query whole. Its
// introspection types are package variables of graphql-go, used by its
// validation and its execution alike, so the fields are added to them,
// once per process, before the first schema is built: answering
// introspection beside graphql-go would mean validating and executing
// those queries a second way.
//
// What is added, and what it answers for a schema built with graphql-go:
//
//   - __Schema.description: null (graphql-go's schema has none);
//   - __Directive.isRepeatable: false (no built-in directive repeats);
//   - __Type.specifiedByURL: null (no scalar here names a specification);
//   - __Type.isOneOf: false for input objects, null for other types;
//   - __Type.interfaces: an empty list for an interface, which may
//     implement others since the 2021 spec (graphql-go's cannot);
//   - includeDeprecated on __Field.args, __Directive.args and
//     __Type.inputFields, and __InputValue.isDeprecated and
//     deprecationReason: graphql-go cannot deprecate an argument or an
//     input field, so none is.
//
// And what is mended: a description left empty is null rather than "",
// which clients would print as an empty docstring; a default value is
// printed as GraphQL (BOTH for an enum, not "\"BOTH\""); input fields come
// in name order.
var introspectionOnce sync.Once

func extendIntrospection() { introspectionOnce.Do(addIntrospectionFields) }

func addIntrospectionFields() {
	includeDeprecated := graphql.FieldConfigArgument{
		"includeDeprecated": {Type: graphql.Boolean, DefaultValue: false},
	}
	null := func(graphql.ResolveParams) (any, error) { return nil, nil }
	never := func(graphql.ResolveParams) (any, error) { return false, nil }

	graphql.SchemaType.AddFieldConfig("description", &graphql.Field{Type: graphql.String, Resolve: null})
	graphql.DirectiveType.AddFieldConfig("isRepeatable", &graphql.Field{Type: graphql.NewNonNull(graphql.Boolean), Resolve: never})
	graphql.TypeType.AddFieldConfig("specifiedByURL", &graphql.Field{Type: graphql.String, Resolve: null})
	graphql.TypeType.AddFieldConfig("isOneOf", &graphql.Field{Type: graphql.Boolean, Resolve: func(p graphql.ResolveParams) (any, error) {
		if _, ok := p.Source.(*graphql.InputObject); ok {
			return false, nil
		}
		return nil, nil
	}})
	graphql.TypeType.AddFieldConfig("interfaces", &graphql.Field{Type: graphql.NewList(graphql.NewNonNull(graphql.TypeType)), Resolve: func(p graphql.ResolveParams) (any, error) {
		switch t := p.Source.(type) {
		case *graphql.Object:
			return t.Interfaces(), nil
		case *graphql.Interface:
			return []*graphql.Interface{}, nil
		}
		return nil, nil
	}})
	inputValues := graphql.NewNonNull(graphql.NewList(graphql.NewNonNull(graphql.InputValueType)))
	graphql.FieldType.AddFieldConfig("args", &graphql.Field{Type: inputValues, Args: includeDeprecated, Resolve: func(p graphql.ResolveParams) (any, error) {
		if f, ok := p.Source.(*graphql.FieldDefinition); ok {
			return f.Args, nil
		}
		return []*graphql.Argument{}, nil
	}})
	graphql.DirectiveType.AddFieldConfig("args", &graphql.Field{Type: inputValues, Args: includeDeprecated, Resolve: func(p graphql.ResolveParams) (any, error) {
		if d, ok := p.Source.(*graphql.Directive); ok {
			return d.Args, nil
		}
		return []*graphql.Argument{}, nil
	}})
	graphql.TypeType.AddFieldConfig("inputFields", &graphql.Field{
		Type: graphql.NewList(graphql.NewNonNull(graphql.InputValueType)), Args: includeDeprecated,
		Resolve: func(p graphql.ResolveParams) (any, error) {
			t, ok := p.Source.(*graphql.InputObject)
			if !ok {
				return nil, nil
			}
			fields := make([]*graphql.InputObjectField, 0, len(t.Fields()))
			for _, f := range t.Fields() {
				fields = append(fields, f)
			}
			sort.Slice(fields, func(i, j int) bool { return fields[i].Name() < fields[j].Name() })
			return fields, nil
		},
	})
	graphql.InputValueType.AddFieldConfig("isDeprecated", &graphql.Field{Type: graphql.NewNonNull(graphql.Boolean), Resolve: never})
	graphql.InputValueType.AddFieldConfig("deprecationReason", &graphql.Field{Type: graphql.String, Resolve: null})
	graphql.InputValueType.AddFieldConfig("defaultValue", &graphql.Field{
		Type:        graphql.String,
		Description: "A GraphQL-formatted string representing the default value for this input value.",
		Resolve: func(p graphql.ResolveParams) (any, error) {
			switch v := p.Source.(type) {
			case *graphql.Argument:
				return literalOrNull(v.Type, v.DefaultValue), nil
			case *graphql.InputObjectField:
				return literalOrNull(v.Type, v.DefaultValue), nil
			}
			return nil, nil
		},
	})
	for _, t := range []*graphql.Object{graphql.TypeType, graphql.FieldType, graphql.InputValueType, graphql.EnumValueType, graphql.DirectiveType} {
		t.AddFieldConfig("description", &graphql.Field{Type: graphql.String, Resolve: describe})
	}
	// Fields are defined lazily, and lazily is not safe once requests run
	// at once: define them now.
	for _, t := range []*graphql.Object{graphql.SchemaType, graphql.TypeType, graphql.FieldType, graphql.InputValueType, graphql.EnumValueType, graphql.DirectiveType} {
		t.Fields()
	}
}

// describe answers the description of a type, field, argument, enum value
// or directive, null when it has none.
func describe(p graphql.ResolveParams) (any, error) {
	var d string
	switch v := p.Source.(type) {
	case *graphql.Argument:
		d = v.Description()
	case *graphql.InputObjectField:
		d = v.Description()
	case graphql.Type:
		d = v.Description()
	case *graphql.FieldDefinition:
		d = v.Description
	case *graphql.EnumValueDefinition:
		d = v.Description
	case *graphql.Directive:
		d = v.Description
	}
	if strings.TrimSpace(d) == "" {
		return nil, nil
	}
	return d, nil
}

// literalOrNull is the GraphQL literal of a default value, or null.
func literalOrNull(t graphql.Input, v any) any {
	if v == nil {
		return nil
	}
	return literal(t, v)
}
