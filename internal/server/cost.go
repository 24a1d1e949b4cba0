package server

import (
	"math"
	"strconv"

	"github.com/graphql-go/graphql"
	"github.com/graphql-go/graphql/language/ast"
)

// The estimate of what an operation costs, made once when its document is
// prepared, decides which executions it may run in: an operation estimated
// at HeavyCost fields or more runs only within one of the few slots kept
// for heavy ones, so that cheap queries always find a slot. It is an
// estimate: sizes given by variables are not known yet, and lists without
// a size are guessed. What an execution really costs is bounded while it
// runs (budget.go).

// Guesses for the sizes of lists the document does not give.
const (
	guessedList     = 20  // a list without first or limit, such as relations
	guessedVariable = 100 // a size given by a variable
)

// estimateCost estimates how many fields executing op resolves, at most
// math.MaxInt32.
func estimateCost(schema *graphql.Schema, op *ast.OperationDefinition, fragments map[string]*ast.FragmentDefinition) int {
	var root *graphql.Object
	switch op.Operation {
	case ast.OperationTypeQuery:
		root = schema.QueryType()
	case ast.OperationTypeMutation:
		root = schema.MutationType()
	}
	if root == nil {
		return 0
	}
	e := coster{schema: schema, fragments: fragments}
	return int(min(e.set(op.SelectionSet, root, 1, 0), math.MaxInt32))
}

type coster struct {
	schema    *graphql.Schema
	fragments map[string]*ast.FragmentDefinition
}

// set estimates a selection set on parent, each field resolved mult
// times; size, when not 0, is the size of the next list below.
func (c coster) set(set *ast.SelectionSet, parent graphql.Type, mult, size float64) float64 {
	if set == nil {
		return 0
	}
	if mult > math.MaxInt32 {
		return mult // too much already: no need to look further
	}
	total := 0.0
	for _, sel := range set.Selections {
		switch s := sel.(type) {
		case *ast.Field:
			total += c.field(s, parent, mult, size)
		case *ast.InlineFragment:
			t := parent
			if s.TypeCondition != nil && s.TypeCondition.Name != nil {
				t = c.schema.Type(s.TypeCondition.Name.Value)
			}
			total += c.set(s.SelectionSet, t, mult, size)
		case *ast.FragmentSpread:
			if s.Name == nil {
				continue
			}
			if f, ok := c.fragments[s.Name.Value]; ok {
				t := parent
				if f.TypeCondition != nil && f.TypeCondition.Name != nil {
					t = c.schema.Type(f.TypeCondition.Name.Value)
				}
				total += c.set(f.SelectionSet, t, mult, size)
			}
		}
	}
	return total
}

func (c coster) field(f *ast.Field, parent graphql.Type, mult, size float64) float64 {
	composite, _ := parent.(graphql.Composite)
	if composite == nil || f.Name == nil {
		return mult
	}
	def := graphql.DefaultTypeInfoFieldDef(c.schema, composite, f)
	if def == nil {
		return mult
	}
	if own := sizeOf(f, def); own > 0 {
		size = own
	}
	t := def.Type
	if nn, ok := t.(*graphql.NonNull); ok {
		t = nn.OfType
	}
	if list, ok := t.(*graphql.List); ok {
		if size == 0 {
			size = guessedList
		}
		mult, size, t = mult*size, 0, list.OfType
		if nn, ok := t.(*graphql.NonNull); ok {
			t = nn.OfType
		}
	}
	return mult + c.set(f.SelectionSet, t, mult, size)
}

// sizeOf is the size a field's arguments give the next list, on the
// field itself or below it (neighborhood's limit sizes its nodes and
// edges): the literal value of first, last or limit, a guess for a
// variable, or the argument's default.
func sizeOf(f *ast.Field, def *graphql.FieldDefinition) float64 {
	for _, name := range [...]string{"first", "last", "limit"} {
		for _, a := range f.Arguments {
			if a.Name == nil || a.Name.Value != name {
				continue
			}
			switch v := a.Value.(type) {
			case *ast.IntValue:
				if n, err := strconv.Atoi(v.Value); err == nil && n > 0 {
					return float64(n)
				}
			case *ast.Variable:
				return guessedVariable
			}
		}
		for _, a := range def.Args {
			if a.Name() != name {
				continue
			}
			if n, ok := a.DefaultValue.(int); ok && n > 0 {
				return float64(n)
			}
		}
	}
	return 0
}
