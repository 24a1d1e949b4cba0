package api

import (
	"reflect"

	"github.com/graphql-go/graphql"

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
