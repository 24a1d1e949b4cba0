package api

import (
	"encoding/json"

	"github.com/graphql-go/graphql"
	"github.com/graphql-go/graphql/language/ast"

	"github.com/memoria-history/memoria/internal/history"
)

// The scalars that carry records in the dataset format. Mutations take
// records as JSON with the keys curators already write in YAML, rather
// than as typed input objects: the format is the project's one way of
// writing a record, so a record copied from a dataset file, or from a
// change's before and after, goes back in as it is; and the Validator
// names the problems by the same keys. GraphiQL cannot complete the keys;
// each argument's description names the section whose keys it takes.

// recordScalar is one record: a JSON object.
func recordScalar() *graphql.Scalar {
	return graphql.NewScalar(graphql.ScalarConfig{
		Name: "DatasetRecord",
		Description: "One record in the dataset format, as a JSON object with the keys of its section in a dataset's YAML files " +
			"(id, name, names, born, cite ...), citations written SOURCE LOCATOR and dates in EDTF.",
		Serialize: func(v any) any { return v },
		ParseValue: func(v any) any {
			if m, ok := v.(map[string]any); ok {
				return m
			}
			return nil
		},
		ParseLiteral: func(v ast.Value) any {
			if m, ok := literalValue(v).(map[string]any); ok {
				return m
			}
			return nil
		},
	})
}

// partScalar is records in the dataset format, as an answer gives them.
func partScalar() *graphql.Scalar {
	return graphql.NewScalar(graphql.ScalarConfig{
		Name:        "DatasetPart",
		Description: "Records in the dataset format, as a JSON object of sections (sources, people, groups, places, works, events, relations, claims), with each record's revision and retraction.",
		Serialize: func(v any) any {
			ds, ok := v.(*history.Dataset)
			if !ok || ds == nil {
				return nil
			}
			raw, err := ds.MarshalJSON()
			if err != nil {
				return nil
			}
			return json.RawMessage(raw)
		},
		ParseValue:   func(any) any { return nil },
		ParseLiteral: func(ast.Value) any { return nil },
	})
}

// literalValue is a value written in the document, as JSON decodes it.
func literalValue(v ast.Value) any {
	switch v := v.(type) {
	case *ast.ObjectValue:
		out := make(map[string]any, len(v.Fields))
		for _, f := range v.Fields {
			out[f.Name.Value] = literalValue(f.Value)
		}
		return out
	case *ast.ListValue:
		out := make([]any, len(v.Values))
		for i, x := range v.Values {
			out[i] = literalValue(x)
		}
		return out
	case *ast.StringValue:
		return v.Value
	case *ast.IntValue:
		return json.Number(v.Value)
	case *ast.FloatValue:
		return json.Number(v.Value)
	case *ast.BooleanValue:
		return v.Value
	case *ast.EnumValue:
		return v.Value
	}
	return nil
}
