package api

import (
	"github.com/graphql-go/graphql"
	"github.com/graphql-go/graphql/language/ast"
)

// The plans of direct completion (direct.go): what a selection asks of
// each type of object a list holds, collected once per list and type as
// graphql-go collects it for every object.

// selection is the field nodes that answer under one response key, merged,
// with what they ask of each runtime type met so far.
type selection struct {
	asts  []*ast.Field
	plans []*objectPlan // one per runtime type; lists hold few
}

func newSelection(asts []*ast.Field) *selection { return &selection{asts: asts} }

// objectPlan is what a selection asks of objects of one type: a field per
// response key.
type objectPlan struct {
	typ    *graphql.Object
	keys   []string
	fields []fieldPlan
}

// fieldPlan is one field of an object plan; a nil def is __typename.
type fieldPlan struct {
	def *graphql.FieldDefinition
	sub *selection
}

// plan returns what the selection asks of objects of type t.
func (s *selection) plan(c *completer, t *graphql.Object) *objectPlan {
	for _, p := range s.plans {
		if p.typ == t {
			return p
		}
	}
	col := collector{c: c, typ: t, merged: map[string][]*ast.Field{}, visited: map[string]bool{}}
	for _, f := range s.asts {
		if f != nil && f.SelectionSet != nil {
			col.collect(f.SelectionSet)
		}
	}
	p := &objectPlan{typ: t, keys: col.keys, fields: make([]fieldPlan, len(col.keys))}
	defs := t.Fields()
	for i, key := range col.keys {
		asts := col.merged[key]
		name := ""
		if asts[0].Name != nil {
			name = asts[0].Name.Value
		}
		if name == "__typename" {
			continue
		}
		def := defs[name]
		switch {
		case def == nil:
			unhandled("field %s.%s", t.Name(), name)
		case len(def.Args) > 0:
			unhandled("field %s.%s takes arguments", t.Name(), name)
		case def.Resolve == nil:
			unhandled("field %s.%s has no resolver", t.Name(), name)
		}
		p.fields[i] = fieldPlan{def: def, sub: newSelection(asts)}
	}
	s.plans = append(s.plans, p)
	return p
}

// collector is graphql-go's field collection for one runtime type, keeping
// the order in which keys are first named.
type collector struct {
	c       *completer
	typ     *graphql.Object
	keys    []string
	merged  map[string][]*ast.Field
	visited map[string]bool
}

func (col *collector) collect(set *ast.SelectionSet) {
	for _, sel := range set.Selections {
		switch sel := sel.(type) {
		case *ast.Field:
			if !col.c.included(sel.Directives) {
				continue
			}
			key := responseKey(sel)
			if _, ok := col.merged[key]; !ok {
				col.keys = append(col.keys, key)
			}
			col.merged[key] = append(col.merged[key], sel)
		case *ast.InlineFragment:
			if !col.c.included(sel.Directives) || !col.c.matches(sel.TypeCondition, col.typ) {
				continue
			}
			if sel.SelectionSet != nil {
				col.collect(sel.SelectionSet)
			}
		case *ast.FragmentSpread:
			name := ""
			if sel.Name != nil {
				name = sel.Name.Value
			}
			if col.visited[name] || !col.c.included(sel.Directives) {
				continue
			}
			col.visited[name] = true
			frag, ok := col.c.fragments[name].(*ast.FragmentDefinition)
			if !ok || !col.c.matches(frag.TypeCondition, col.typ) {
				continue
			}
			if set := frag.GetSelectionSet(); set != nil {
				col.collect(set)
			}
		default:
			unhandled("a selection of kind %T", sel)
		}
	}
}

func responseKey(f *ast.Field) string {
	if f.Alias != nil && f.Alias.Value != "" {
		return f.Alias.Value
	}
	if f.Name != nil {
		return f.Name.Value
	}
	return ""
}

// included applies @skip and @include, @skip first, as graphql-go does:
// the last of each counts, and only a boolean true (skip) or false
// (include) leaves the node out.
func (c *completer) included(directives []*ast.Directive) bool {
	var skip, include *ast.Directive
	for _, d := range directives {
		if d == nil || d.Name == nil {
			continue
		}
		switch d.Name.Value {
		case graphql.SkipDirective.Name:
			skip = d
		case graphql.IncludeDirective.Name:
			include = d
		}
	}
	if skip != nil {
		if v, ok := c.condition(skip).(bool); ok && v {
			return false
		}
	}
	if include != nil {
		if v, ok := c.condition(include).(bool); ok && !v {
			return false
		}
	}
	return true
}

// condition is the value of a directive's if argument: a literal or a
// variable.
func (c *completer) condition(d *ast.Directive) any {
	for _, arg := range d.Arguments {
		if arg == nil || arg.Name == nil || arg.Name.Value != "if" {
			continue
		}
		switch v := arg.Value.(type) {
		case *ast.BooleanValue:
			return v.Value
		case *ast.Variable:
			if v.Name == nil {
				return nil
			}
			return c.vars[v.Name.Value]
		}
		unhandled("an if of kind %T", arg.Value)
	}
	return nil
}

// matches reports whether a fragment with the type condition applies to
// objects of type t.
func (c *completer) matches(cond *ast.Named, t *graphql.Object) bool {
	if cond == nil {
		return true
	}
	if cond.Name == nil {
		return false
	}
	ct := c.schema.Type(cond.Name.Value)
	if ct == nil {
		unhandled("an unknown type condition %s", cond.Name.Value)
	}
	if ct == graphql.Type(t) || ct.Name() == t.Name() {
		return true
	}
	if ab, ok := ct.(graphql.Abstract); ok {
		return c.schema.IsPossibleType(ab, t)
	}
	return false
}
