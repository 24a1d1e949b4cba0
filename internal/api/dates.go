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
	fragments := map[string]*ast.FragmentDefinition{}
	var op *ast.OperationDefinition
	for _, def := range doc.Definitions {
		switch d := def.(type) {
		case *ast.FragmentDefinition:
			if d.Name != nil {
				fragments[d.Name.Value] = d
			}
		case *ast.OperationDefinition:
			if operation == "" || d.Name != nil && d.Name.Value == operation {
				op = d
			}
		}
	}
	if op == nil {
		return nil
	}
	checked := map[string]bool{} // fragments, each read once
	sets := []*ast.SelectionSet{op.SelectionSet}
	for len(sets) > 0 {
		set := sets[len(sets)-1]
		sets = sets[:len(sets)-1]
		if set == nil {
			continue
		}
		for _, sel := range set.Selections {
			switch s := sel.(type) {
			case *ast.Field:
				if err := a.checkFieldDates(s, variables); err != nil {
					return err
				}
				sets = append(sets, s.SelectionSet)
			case *ast.InlineFragment:
				sets = append(sets, s.SelectionSet)
			case *ast.FragmentSpread:
				if s.Name != nil && !checked[s.Name.Value] && fragments[s.Name.Value] != nil {
					checked[s.Name.Value] = true
					sets = append(sets, fragments[s.Name.Value].SelectionSet)
				}
			}
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
