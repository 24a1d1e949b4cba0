package api

import (
	"strings"

	"github.com/graphql-go/graphql"
	"github.com/graphql-go/graphql/gqlerrors"
	"github.com/graphql-go/graphql/language/ast"
	"github.com/graphql-go/graphql/language/location"

	"github.com/memoria-history/memoria/internal/history"
)

// The arguments that take an EDTF date (during, from, to) are read before
// the query runs. A date a resolver could not read would fail its field,
// and the field's parent with it where the field is non-null (a person
// whose relations(during:) is mistyped would be null); read first, a bad
// date fails the request alone, with one sentence that shows the right
// form, at the argument.

// dateArgs are the names of the arguments that take an EDTF date, by the
// name of their field: those whose description says EDTF.
type dateArgs map[string]map[string]bool

// findDateArgs reads the date arguments from the schema. It fails if two
// fields of one name disagree on whether an argument is a date: the check
// sees field names only, not their types.
func findDateArgs(s *graphql.Schema) (dateArgs, error) {
	out := dateArgs{}
	seen := map[string]bool{} // field.arg of every argument, date or not
	for _, t := range s.TypeMap() {
		var fields graphql.FieldDefinitionMap
		switch t := t.(type) {
		case *graphql.Object:
			fields = t.Fields()
		case *graphql.Interface:
			fields = t.Fields()
		}
		for name, f := range fields {
			for _, a := range f.Args {
				key := name + "." + a.Name()
				isDate := strings.Contains(a.Description(), "EDTF")
				if seen[key] && out[name][a.Name()] != isDate {
					return nil, history.Errorf(history.CodeInternal, "argument %s is an EDTF date on one field and not on another", key)
				}
				seen[key] = true
				if isDate {
					if out[name] == nil {
						out[name] = map[string]bool{}
					}
					out[name][a.Name()] = true
				}
			}
		}
	}
	return out, nil
}

// badDate is the error for a value of argument arg that is not EDTF.
func badDate(arg, value string) *history.Error {
	return history.Errorf(history.CodeInvalid, "argument %s: %s is not an EDTF date; write a year as 1938, a day as 1938-08-22, an interval as 1934/1941, an uncertain date as 1923?", arg, excerpt(value))
}

// checkDates reads every date argument of the operation that runs, with
// the request's variables, and returns the first that is not EDTF.
func (a *API) checkDates(doc *ast.Document, operation string, variables map[string]any) *gqlerrors.FormattedError {
	for _, def := range doc.Definitions {
		op, ok := def.(*ast.OperationDefinition)
		if ok && (operation == "" || op.Name != nil && op.Name.Value == operation) {
			c := dateCheck{a: a, doc: doc, variables: variables, checked: map[string]bool{}}
			return c.selections(op.SelectionSet)
		}
	}
	return nil
}

// dateCheck is one walk of checkDates through an operation. The server's
// guards have bounded its depth and refused cycles of fragments before it
// runs; each fragment is read once all the same.
type dateCheck struct {
	a         *API
	doc       *ast.Document
	variables map[string]any
	checked   map[string]bool // the fragments read
}

// fragment finds a fragment of the document by name. Each is looked for
// once, and documents hold few.
func (c *dateCheck) fragment(name string) *ast.FragmentDefinition {
	for _, def := range c.doc.Definitions {
		if f, ok := def.(*ast.FragmentDefinition); ok && f.Name != nil && f.Name.Value == name {
			return f
		}
	}
	return nil
}

func (c *dateCheck) selections(set *ast.SelectionSet) *gqlerrors.FormattedError {
	if set == nil {
		return nil
	}
	for _, sel := range set.Selections {
		var err *gqlerrors.FormattedError
		switch s := sel.(type) {
		case *ast.Field:
			if err = c.a.checkFieldDates(s, c.variables); err == nil {
				err = c.selections(s.SelectionSet)
			}
		case *ast.InlineFragment:
			err = c.selections(s.SelectionSet)
		case *ast.FragmentSpread:
			if s.Name == nil || c.checked[s.Name.Value] {
				break
			}
			c.checked[s.Name.Value] = true
			if f := c.fragment(s.Name.Value); f != nil {
				err = c.selections(f.SelectionSet)
			}
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (a *API) checkFieldDates(f *ast.Field, variables map[string]any) *gqlerrors.FormattedError {
	if f.Name == nil || len(f.Arguments) == 0 {
		return nil
	}
	dates := a.dates[f.Name.Value]
	for _, arg := range f.Arguments {
		if arg.Name == nil || !dates[arg.Name.Value] {
			continue
		}
		var value string
		switch v := arg.Value.(type) {
		case *ast.StringValue:
			value = v.Value
		case *ast.Variable:
			if v.Name != nil {
				value, _ = variables[v.Name.Value].(string)
			}
		}
		if _, err := history.ParseDate(value); err != nil {
			e := badDate(arg.Name.Value, value)
			fe := gqlerrors.FormattedError{Message: e.Message, Extensions: map[string]any{"code": e.Code.Meaning().GraphQL}}
			if loc := arg.Value.GetLoc(); loc != nil && loc.Source != nil {
				fe.Locations = []location.SourceLocation{location.GetLocation(loc.Source, loc.Start)}
			}
			return &fe
		}
	}
	return nil
}
