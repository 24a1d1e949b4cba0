package server

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/graphql-go/graphql/gqlerrors"
	"github.com/graphql-go/graphql/language/ast"
	"github.com/graphql-go/graphql/language/source"
)

// What graphql-go's parser lets through that its validation then trips
// on, checked between the two.

// incompleteType finds a variable whose type graphql-go's parser left
// out. The parser accepts "query($id: ) { … }", and "]" or "!" where a type
// belongs, and leaves the type nil; its validation then dereferences it and
// panics. Found by FuzzGraphQLBody; reported here as the syntax error it
// is, at the variable, before validation runs.
func incompleteType(src *source.Source, doc *ast.Document) error {
	for _, def := range doc.Definitions {
		op, ok := def.(*ast.OperationDefinition)
		if !ok {
			continue
		}
		for _, v := range op.VariableDefinitions {
			if v == nil || completeType(v.Type) {
				continue
			}
			pos, name := 0, "?"
			if v.Variable != nil && v.Variable.Name != nil {
				name = v.Variable.Name.Value
			}
			if v.Loc != nil {
				pos = v.Loc.Start
			}
			return gqlerrors.NewSyntaxError(src, pos, fmt.Sprintf("Expected a type for variable $%s, such as ID! or [String]", name))
		}
	}
	return nil
}

// completeType reports whether t names a type at its core, through any
// lists and non-nulls around it.
func completeType(t ast.Type) bool {
	for {
		switch tt := t.(type) {
		case *ast.Named:
			return tt != nil && tt.Name != nil
		case *ast.List:
			if tt == nil {
				return false
			}
			t = tt.Type
		case *ast.NonNull:
			if tt == nil {
				return false
			}
			t = tt.Type
		default:
			return false
		}
	}
}

// nonExecutable refuses a definition a request may not hold: a type,
// schema or directive definition. The spec's validation refuses them
// (executable documents hold only operations and fragments); graphql-go's
// does not, and its executor refused the whole request later, as if the
// variables were wrong.
func nonExecutable(src *source.Source, doc *ast.Document) error {
	for _, def := range doc.Definitions {
		switch def.(type) {
		case *ast.OperationDefinition, *ast.FragmentDefinition:
			continue
		}
		var positions []int
		if loc := def.GetLoc(); loc != nil {
			positions = []int{loc.Start}
		}
		msg := fmt.Sprintf("A request holds only operations and fragments: this %s cannot be executed", spaced(def.GetKind()))
		return gqlerrors.NewError(msg, nil, "", src, positions, nil)
	}
	return nil
}

// spaced turns an AST kind into words: "ObjectDefinition" is "object
// definition".
func spaced(kind string) string {
	var b strings.Builder
	for i, r := range kind {
		if unicode.IsUpper(r) {
			if i > 0 {
				b.WriteByte(' ')
			}
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}
