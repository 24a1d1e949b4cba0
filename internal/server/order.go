package server

import (
	"slices"
	"strings"

	"github.com/graphql-go/graphql"
	"github.com/graphql-go/graphql/language/ast"
)

// keyOrder is the order in which a selection set names its response keys
// (aliases, or field names), with the same for the selection under each
// key. graphql-go returns each object as a map, which has no order, and the
// GraphQL specification asks that an answer keep the order of the query:
// a reader who asks for { name born died } expects to see them so.
//
// Fragments are expanded in place whatever their type condition, so a key
// that two fragments on different types both name, at different places,
// comes where it is first named; for everything else the order is the one
// the specification's field collection gives.
type keyOrder struct {
	keys     []string
	children map[string]*keyOrder
}

// operationPlan is what is known of one operation of a document before
// it runs: the order of its keys, and its estimated cost (cost.go).
type operationPlan struct {
	name  string // "" for an anonymous operation
	order *keyOrder
	cost  int
}

// plans computes the key order and the cost of every operation in doc.
func plans(doc *ast.Document, schema *graphql.Schema) []operationPlan {
	fragments := map[string]*ast.FragmentDefinition{}
	for _, def := range doc.Definitions {
		if f, ok := def.(*ast.FragmentDefinition); ok && f.Name != nil {
			fragments[f.Name.Value] = f
		}
	}
	var out []operationPlan
	for _, def := range doc.Definitions {
		op, ok := def.(*ast.OperationDefinition)
		if !ok {
			continue
		}
		name := ""
		if op.Name != nil {
			name = op.Name.Value
		}
		out = append(out, operationPlan{
			name:  name,
			order: orderOf([]*ast.SelectionSet{op.SelectionSet}, fragments),
			cost:  estimateCost(schema, op, fragments),
		})
	}
	return out
}

// planFor returns the plan of the operation a request runs, or nil.
func planFor(ops []operationPlan, name string) *operationPlan {
	if name == "" && len(ops) == 1 {
		return &ops[0]
	}
	for i := range ops {
		if ops[i].name == name && name != "" {
			return &ops[i]
		}
	}
	return nil
}

// orderOf merges selection sets that answer under one key, as field
// collection does, and orders their keys by first mention. The guard has
// refused cyclic fragments and bounded the expanded size before this runs.
func orderOf(sets []*ast.SelectionSet, fragments map[string]*ast.FragmentDefinition) *keyOrder {
	o := &keyOrder{}
	var under map[string][]*ast.SelectionSet
	seen := map[string]bool{}
	spread := map[string]bool{}
	var walk func(*ast.SelectionSet)
	walk = func(ss *ast.SelectionSet) {
		if ss == nil {
			return
		}
		for _, sel := range ss.Selections {
			switch sel := sel.(type) {
			case *ast.Field:
				if sel.Name == nil {
					continue
				}
				key := sel.Name.Value
				if sel.Alias != nil && sel.Alias.Value != "" {
					key = sel.Alias.Value
				}
				if !seen[key] {
					seen[key] = true
					o.keys = append(o.keys, key)
				}
				if sel.SelectionSet != nil {
					if under == nil {
						under = map[string][]*ast.SelectionSet{}
					}
					under[key] = append(under[key], sel.SelectionSet)
				}
			case *ast.InlineFragment:
				walk(sel.SelectionSet)
			case *ast.FragmentSpread:
				if sel.Name == nil || spread[sel.Name.Value] {
					continue
				}
				spread[sel.Name.Value] = true
				if f := fragments[sel.Name.Value]; f != nil {
					walk(f.SelectionSet)
				}
			}
		}
	}
	for _, ss := range sets {
		walk(ss)
	}
	if len(under) > 0 {
		o.children = make(map[string]*keyOrder, len(under))
		for key, ss := range under {
			o.children[key] = orderOf(ss, fragments)
		}
	}
	return o
}

// appendJSONOrdered is appendJSON with the members of each object in the
// order o gives; keys o does not know come after, in byte order. With a
// nil o it is appendJSON.
func appendJSONOrdered(dst []byte, v any, o *keyOrder) ([]byte, error) {
	if o == nil {
		return appendJSON(dst, v)
	}
	switch v := v.(type) {
	case map[string]any:
		if v == nil {
			return append(dst, "null"...), nil
		}
		dst = append(dst, '{')
		written := 0
		member := func(k string, val any) error {
			if written > 0 {
				dst = append(dst, ',')
			}
			written++
			dst = appendJSONString(dst, k)
			dst = append(dst, ':')
			var err error
			dst, err = appendJSONOrdered(dst, val, o.children[k])
			return err
		}
		for _, k := range o.keys {
			if val, ok := v[k]; ok {
				if err := member(k, val); err != nil {
					return dst, err
				}
			}
		}
		if written < len(v) {
			var rest []string
			for k := range v {
				if !slices.Contains(o.keys, k) {
					rest = append(rest, k)
				}
			}
			slices.Sort(rest)
			for _, k := range rest {
				if err := member(k, v[k]); err != nil {
					return dst, err
				}
			}
		}
		return append(dst, '}'), nil
	case []any:
		return appendJSONArray(dst, v, o)
	case fieldList:
		return appendFieldList(dst, v, o)
	}
	return appendJSON(dst, v)
}

// fieldList is an object an executor completed without a map: its keys
// and their values (api.Object).
type fieldList interface {
	Len() int
	Key(i int) string
	Value(i int) any
}

// appendFieldList writes an object as appendJSONOrdered writes a map: the
// keys o names in its order, then any others in byte order; with a nil o,
// every key in byte order, as encoding/json writes a map.
func appendFieldList(dst []byte, f fieldList, o *keyOrder) ([]byte, error) {
	n := f.Len()
	var small [16]int // the positions written so far, most objects have fewer keys
	done := small[:0]
	dst = append(dst, '{')
	member := func(i int) error {
		if len(done) > 0 {
			dst = append(dst, ',')
		}
		done = append(done, i)
		k := f.Key(i)
		dst = appendJSONString(dst, k)
		dst = append(dst, ':')
		var err error
		v := f.Value(i)
		var child *keyOrder
		switch v.(type) {
		case fieldList, []any, map[string]any:
			if o != nil {
				child = o.children[k]
			}
		}
		dst, err = appendJSONOrdered(dst, v, child)
		return err
	}
	if o != nil {
		for _, k := range o.keys {
			for i := range n {
				if f.Key(i) == k {
					if err := member(i); err != nil {
						return dst, err
					}
					break
				}
			}
		}
	}
	if len(done) < n {
		rest := make([]int, 0, n-len(done))
		for i := range n {
			if !slices.Contains(done, i) {
				rest = append(rest, i)
			}
		}
		slices.SortFunc(rest, func(a, b int) int { return strings.Compare(f.Key(a), f.Key(b)) })
		for _, i := range rest {
			if err := member(i); err != nil {
				return dst, err
			}
		}
	}
	return append(dst, '}'), nil
}
