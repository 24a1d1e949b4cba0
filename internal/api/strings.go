package api

import (
	"reflect"

	"github.com/graphql-go/graphql"
	"github.com/graphql-go/graphql/language/ast"

	"github.com/memoria-history/memoria/internal/history"
)

// isStringScalar reports whether values of t are serialized by graphql-go's
// String or ID scalar.
func isStringScalar(t graphql.Output) bool {
	if nn, ok := t.(*graphql.NonNull); ok {
		return isStringScalar(nn.OfType)
	}
	return t == graphql.String || t == graphql.ID
}

// stringsByPointer makes a String or ID field computed from its parent
// value return its string through a pointer. graphql-go serializes any other
// value of these scalars with fmt.Sprintf("%v"), which for a string, or a
// string type without methods, yields the same string but through fmt's
// machinery and a copy, for every field of every item of a list; a *string
// it just dereferences. Other values and nil pass through unchanged.
func stringsByPointer(f func(src any) any) func(src any) any {
	return func(src any) any { return stringPointer(f(src)) }
}

func stringPointer(v any) any {
	switch s := v.(type) {
	case *string:
		return s
	case string:
		return &s
	case history.ID:
		str := string(s)
		return &str
	}
	// fmt prints other string types as their bytes too, unless a method
	// (String, Format, Error) takes over.
	if rv := reflect.ValueOf(v); rv.Kind() == reflect.String && rv.Type().NumMethod() == 0 {
		str := rv.String()
		return &str
	}
	return v
}

// idRef hands out an id stored in a record as the *string that graphql-go's
// ID scalar reads without copying.
func idRef(id *history.ID) *string { return (*string)(id) }

// stringVariablesByPointer returns the variables of a request with the
// string given to each String or ID variable of the operation as a
// *string, for the same reason as stringsByPointer: graphql-go parses
// these scalars' variables with fmt.Sprintf("%v") too, twice each (to
// check, then to coerce), unless handed a pointer. The result is a new
// map when there is such a variable; vars is not changed.
func stringVariablesByPointer(doc *ast.Document, operation string, vars map[string]any) map[string]any {
	if len(vars) == 0 {
		return vars
	}
	op := operationNamed(doc, operation)
	if op == nil {
		return vars // graphql-go reports the missing operation
	}
	var out map[string]any
	for _, def := range op.VariableDefinitions {
		if def.Variable == nil || def.Variable.Name == nil || !namesStringScalar(def.Type) {
			continue
		}
		name := def.Variable.Name.Value
		s, ok := vars[name].(string)
		if !ok {
			continue
		}
		if out == nil {
			out = make(map[string]any, len(vars))
			for k, v := range vars {
				out[k] = v
			}
		}
		out[name] = &s
	}
	if out == nil {
		return vars
	}
	return out
}

// operationNamed is the operation of doc that a request names, or its only
// operation when the request names none; nil if there is no such one.
func operationNamed(doc *ast.Document, name string) *ast.OperationDefinition {
	var found *ast.OperationDefinition
	for _, d := range doc.Definitions {
		op, ok := d.(*ast.OperationDefinition)
		if !ok {
			continue
		}
		switch {
		case name == "" && found != nil:
			return nil // several: the request must name one
		case name == "" || (op.Name != nil && op.Name.Value == name):
			found = op
		}
	}
	return found
}

// namesStringScalar reports whether a variable's type is String or ID,
// nullable or not (not a list of them).
func namesStringScalar(t ast.Type) bool {
	if nn, ok := t.(*ast.NonNull); ok {
		t = nn.Type
	}
	named, ok := t.(*ast.Named)
	return ok && named.Name != nil && (named.Name.Value == "String" || named.Name.Value == "ID")
}
