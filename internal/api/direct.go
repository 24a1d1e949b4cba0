package api

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"sync"

	"github.com/graphql-go/graphql"
	"github.com/graphql-go/graphql/language/ast"
)

// Direct completion of long lists. graphql-go completes every field of
// every item of a list through its general machinery: a resolve info, a
// map of the collected fields and a map of the answer per item, and
// reflection on every value. A 2,000-node neighbourhood is some 15,000
// fields, and that machinery, with the garbage it leaves, cost forty
// times the traversal that found them. A list of objects with at least
// Options.DirectLists items is therefore completed here instead: the
// selection is collected once per runtime type, each field's own resolver
// is called with the item, and leaves are serialized by the field's
// scalar or enum, as graphql-go would. The answer is the same; what
// differs is only the work.
//
// Direct completion takes on only what it can do exactly as graphql-go
// does: fields without arguments, resolved by their own resolver, with
// @include and @skip. Anything else in the selection (a field with
// arguments, a directive it does not know), and anything that would make
// graphql-go report an error (a resolver's error or panic, null for a
// non-null field, an ended request), leaves the list to graphql-go, which
// resolves it again and reports what it finds.

// defaultDirectLists is the shortest list completed directly when
// Options.DirectLists is 0: below it, collecting the selection costs
// about what it saves.
const defaultDirectLists = 16

// Object is an object of a list completed directly: its response keys
// and their values. Its keys are in the order the selection first names
// them; a server writing an answer in the query's order reorders them as
// it does graphql-go's maps. Encoded with encoding/json it reads as
// graphql-go's map of the same object does, keys sorted.
type Object struct {
	keys   []string // shared by the objects of one type in one list
	values []any
}

// Len is the number of keys.
func (o *Object) Len() int { return len(o.keys) }

// Key is the i-th response key.
func (o *Object) Key(i int) string { return o.keys[i] }

// Value is the value of the i-th key.
func (o *Object) Value(i int) any { return o.values[i] }

// MarshalJSON writes the object as encoding/json writes a map.
func (o *Object) MarshalJSON() ([]byte, error) {
	m := make(map[string]any, len(o.keys))
	for i, k := range o.keys {
		m[k] = o.values[i]
	}
	return json.Marshal(m)
}

// directList is a list completed directly, to be put in the answer at
// path, where graphql-go completed an empty list in its place.
type directList struct {
	path  []any
	items []any
}

// directLists are the lists one request completed directly. graphql-go's
// executor runs in a goroutine of its own that may outlive Execute when
// the request ends, so they are kept under a lock.
type directLists struct {
	mu    sync.Mutex
	lists []directList
}

func (d *directLists) add(l directList) {
	d.mu.Lock()
	d.lists = append(d.lists, l)
	d.mu.Unlock()
}

// place puts every list completed directly in data, graphql-go's answer.
// A list whose place is gone (an ancestor became null through an error
// elsewhere) is left out, as graphql-go left out its own.
func (d *directLists) place(data any) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, l := range d.lists {
		parent, ok := walkPath(data, l.path[:len(l.path)-1])
		if !ok {
			continue
		}
		m, ok := parent.(map[string]any)
		key, isKey := l.path[len(l.path)-1].(string)
		if !ok || !isKey {
			continue
		}
		if empty, ok := m[key].([]any); ok && len(empty) == 0 {
			m[key] = l.items
		}
	}
}

// walkPath follows a response path (keys and indices) into an answer.
func walkPath(v any, path []any) (any, bool) {
	for _, step := range path {
		switch s := step.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				return nil, false
			}
			if v, ok = m[s]; !ok {
				return nil, false
			}
		case int:
			l, ok := v.([]any)
			if !ok || s < 0 || s >= len(l) {
				return nil, false
			}
			v = l[s]
		default:
			return nil, false
		}
	}
	return v, true
}

// completeDirectly completes a list field's value when it is a list long
// enough of objects whose selection direct completion handles. It
// returns the value to hand graphql-go in its place, an empty list, and
// whether it did.
func (a *API) completeDirectly(p graphql.ResolveParams, result any) (any, bool) {
	shortest := a.opts.DirectLists
	if shortest == 0 {
		shortest = defaultDirectLists
	}
	if shortest < 0 || p.Info.Path == nil || len(p.Info.FieldASTs) == 0 || p.Context == nil {
		return nil, false
	}
	item, ok := listItem(p.Info.ReturnType)
	if !ok {
		return nil, false
	}
	rv := reflect.ValueOf(result)
	if rv.Kind() != reflect.Slice || rv.Len() < shortest {
		return nil, false
	}
	pin, ok := p.Context.Value(pinKey{}).(*pinned)
	if !ok {
		return nil, false
	}
	c := completer{a: a, ctx: p.Context, schema: &a.schema, fragments: p.Info.Fragments, vars: p.Info.VariableValues}
	items, ok := c.list(item, newSelection(p.Info.FieldASTs), rv)
	if !ok {
		return nil, false
	}
	pin.direct.add(directList{path: p.Info.Path.AsArray(), items: items})
	return []any{}, true
}

// listItem is the item type of a list of objects, through non-null.
func listItem(t graphql.Output) (graphql.Output, bool) {
	if nn, ok := t.(*graphql.NonNull); ok {
		t = nn.OfType
	}
	l, ok := t.(*graphql.List)
	if !ok {
		return nil, false
	}
	item := l.OfType
	if nn, ok := item.(*graphql.NonNull); ok {
		item = nn.OfType
	}
	switch item.(type) {
	case *graphql.Object, *graphql.Interface, *graphql.Union:
		return l.OfType, true
	}
	return nil, false
}

// completer completes the items of one list.
type completer struct {
	a         *API
	ctx       context.Context
	schema    *graphql.Schema
	fragments map[string]ast.Definition
	vars      map[string]any
}

// errUnhandled stops direct completion, as a panic that list recovers
// from, wherever in the items it is met: graphql-go then completes the
// list. Returning it through every level would cost each value a check
// for what happens once in a great many lists.
type errUnhandled struct{ why string }

func (e errUnhandled) Error() string { return e.why }

func unhandled(format string, args ...any) { panic(errUnhandled{fmt.Sprintf(format, args...)}) }

// list completes the items of rv, or reports that graphql-go must.
func (c *completer) list(item graphql.Output, sel *selection, rv reflect.Value) (items []any, ok bool) {
	defer func() {
		if v := recover(); v != nil {
			items, ok = nil, false
		}
	}()
	return c.items(item, sel, rv), true
}

func (c *completer) items(item graphql.Output, sel *selection, rv reflect.Value) []any {
	out := make([]any, rv.Len())
	for i := range out {
		out[i] = c.value(item, sel, rv.Index(i).Interface())
	}
	return out
}

// value completes one value of type t, as graphql-go's completeValue does.
func (c *completer) value(t graphql.Output, sel *selection, v any) any {
	if nn, ok := t.(*graphql.NonNull); ok {
		out := c.value(nn.OfType, sel, v)
		if out == nil {
			unhandled("null for a non-null %s", nn.OfType)
		}
		return out
	}
	if v != nil && reflect.TypeOf(v).Kind() == reflect.Func {
		unhandled("a thunk")
	}
	if nullish(v) {
		return nil
	}
	switch t := t.(type) {
	case *graphql.List:
		rv := reflect.ValueOf(v)
		if rv.Kind() == reflect.Pointer {
			rv = rv.Elem()
		}
		if rv.Kind() != reflect.Slice && rv.Kind() != reflect.Array {
			unhandled("not a list")
		}
		return c.items(t.OfType, sel, rv)
	case *graphql.Scalar:
		if p, ok := v.(*string); ok && (t == graphql.String || t == graphql.ID) {
			// What these scalars make of a non-nil *string is the string
			// it points to; the pointer encodes the same without a copy.
			return p
		}
		return leaf(t.Serialize(v))
	case *graphql.Enum:
		return leaf(t.Serialize(v))
	case *graphql.Interface:
		if t.ResolveType == nil {
			unhandled("no ResolveType")
		}
		return c.object(c.possible(t, t.ResolveType(graphql.ResolveTypeParams{Value: v, Context: c.ctx})), sel, v)
	case *graphql.Union:
		if t.ResolveType == nil {
			unhandled("no ResolveType")
		}
		return c.object(c.possible(t, t.ResolveType(graphql.ResolveTypeParams{Value: v, Context: c.ctx})), sel, v)
	case *graphql.Object:
		return c.object(t, sel, v)
	}
	unhandled("type %s", t)
	return nil
}

func (c *completer) possible(t graphql.Abstract, o *graphql.Object) *graphql.Object {
	if o == nil || !c.schema.IsPossibleType(t, o) {
		unhandled("no possible type")
	}
	return o
}

func leaf(v any) any {
	if nullish(v) {
		return nil
	}
	return v
}

// object completes the fields the selection asks of an object of type t.
func (c *completer) object(t *graphql.Object, sel *selection, v any) any {
	if t.IsTypeOf != nil {
		unhandled("IsTypeOf")
	}
	plan := sel.plan(c, t)
	values := make([]any, len(plan.fields))
	for i, f := range plan.fields {
		if f.def == nil {
			values[i] = t.Name()
			continue
		}
		if c.ctx.Err() != nil {
			unhandled("the request ended")
		}
		got, err := f.def.Resolve(graphql.ResolveParams{Source: v, Context: c.ctx})
		if err != nil {
			unhandled("resolver error")
		}
		values[i] = c.value(f.def.Type, f.sub, got)
	}
	return &Object{keys: plan.keys, values: values}
}

// nullish is graphql-go's test for null: nil, a nil pointer, NaN.
func nullish(v any) bool {
	switch v := v.(type) {
	case nil:
		return true
	case *string:
		return v == nil
	case string, bool, int:
		return false
	case float64:
		return math.IsNaN(v)
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return true
		}
		rv = rv.Elem()
	}
	switch rv.Kind() {
	case reflect.Float32, reflect.Float64:
		return math.IsNaN(rv.Float())
	}
	return false
}
