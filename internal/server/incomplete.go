package server

import (
	"fmt"

	"github.com/graphql-go/graphql/gqlerrors"
	"github.com/graphql-go/graphql/language/ast"
	"github.com/graphql-go/graphql/language/source"
)

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
