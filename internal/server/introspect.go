package server

import (
	"strings"

	"github.com/graphql-go/graphql/language/ast"

	"github.com/memoria-history/memoria/internal/history"
)

// Introspection has a budget of its own. The standard introspection query
// (graphql-js's getIntrospectionQuery, graphql-core's, GraphiQL's) follows
// ofType eight times inside types { fields { args { type } } }: 13 to 15
// levels, past MaxDepth, which is sized for the schema's own fields. Depth
// is not what makes introspection costly, though: ofType gives one type,
// so a chain of them grows the answer by one line a level. What multiplies
// it is a list of types or fields nested inside another, as in
// fields { type { fields { type { fields … } } } }. So the selections
// under __schema and __type are not counted against MaxDepth; instead the
// lists that hold types' members (fields, interfaces, possibleTypes,
// inputFields) may nest at most MaxIntrospectionLists deep, the bound
// graphql-js's own MaxIntrospectionDepthRule sets. Bracket nesting
// (MaxNesting) still bounds the depth, and MaxFields the selections.

// isIntrospectionRoot reports whether a field opens the schema's
// introspection: __schema and __type, which GraphQL allows on the query
// type alone.
func isIntrospectionRoot(name string) bool { return name == "__schema" || name == "__type" }

// multiplies reports whether an introspection field gives a list of
// members of a type, each of which may lead to types again.
func multiplies(name string) bool {
	switch name {
	case "fields", "interfaces", "possibleTypes", "inputFields":
		return true
	}
	return false
}

// onIntrospectionType reports whether a fragment applies to one of the
// introspection types (__Type, __Field …), whose selections only an
// introspection can reach.
func onIntrospectionType(f *ast.FragmentDefinition) bool {
	return f.TypeCondition != nil && f.TypeCondition.Name != nil && strings.HasPrefix(f.TypeCondition.Name.Value, "__")
}

// introspection walks the selections under __schema or __type, inside
// lists of the lists that multiply the answer.
func (w *walker) introspection(set *ast.SelectionSet, lists int) error {
	if set == nil {
		return nil
	}
	for _, sel := range set.Selections {
		w.fields++
		if w.fields > w.lim.MaxFields {
			return history.Errorf(history.CodeQueryTooComplex, "the query selects more than %d fields, counting every fragment where it is spread", w.lim.MaxFields)
		}
		var err error
		switch s := sel.(type) {
		case *ast.Field:
			n := lists
			if s.Name != nil && multiplies(s.Name.Value) {
				n++
			}
			if n > w.lim.MaxIntrospectionLists {
				return history.Errorf(history.CodeQueryTooDeep, "the introspection nests fields, interfaces, possibleTypes and inputFields more than %d deep", w.lim.MaxIntrospectionLists)
			}
			err = w.introspection(s.SelectionSet, n)
		case *ast.InlineFragment:
			err = w.introspection(s.SelectionSet, lists)
		case *ast.FragmentSpread:
			if s.Name != nil && w.fragments[s.Name.Value] != nil {
				err = w.introspection(w.fragments[s.Name.Value].SelectionSet, lists)
			}
		}
		if err != nil {
			return err
		}
	}
	return nil
}
