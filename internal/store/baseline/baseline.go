package baseline

import (
	"context"
	"slices"
	"strings"

	"github.com/cayleygraph/cayley/graph"
	ckv "github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/quad"

	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/store"
	"github.com/memoria-history/memoria/schema"
)

// Record is a record as read from its own quads: the values of each
// predicate, by the predicate's local name ("name", "nativeName"), each
// value once, in store order. IRIs of records are given as ids.
type Record struct {
	ID     history.ID
	Fields map[string][]string
}

// Entity reads the quads whose subject is the record id, with Cayley's
// subject index, and resolves their predicates and objects in one batch.
// It fails with CodeNotFound when the store holds no such quad.
func Entity(ctx context.Context, s *store.Store, id history.ID) (Record, error) {
	return view(ctx, s, "baseline entity "+string(id), false, func(w *walker) (Record, error) {
		return w.record(id)
	})
}

// Neighborhood returns the records within hops steps of id, id included,
// reached level by level along the direct triples between records, both
// ways. Each level is read whole; if the nodes then number more than
// limit, the last level is cut to fit (in no particular order, where
// graph.Index.Neighborhood cuts in id order). Only the nodes are returned:
// graph.Index.Neighborhood also gathers the edges among them, so the
// comparison flatters Cayley.
func Neighborhood(ctx context.Context, s *store.Store, id history.ID, hops, limit int) ([]history.ID, error) {
	op := "baseline neighborhood of " + string(id)
	switch {
	case hops < 0:
		return nil, history.Errorf(history.CodeInvalid, "%s: hops must not be negative, got %d", op, hops)
	case limit < 1:
		return nil, history.Errorf(history.CodeInvalid, "%s: limit must be at least 1, got %d", op, limit)
	}
	return view(ctx, s, op, true, func(w *walker) ([]history.ID, error) {
		return w.neighborhood(id, hops, limit)
	})
}

// ShortestPath returns the records along a shortest path from one record
// to another of at most maxHops steps, both ends included, or nil when
// there is none. It searches as graph.Index.ShortestPath does, from both
// ends a level at a time, always from the side with the smaller outer
// level, so that the comparison is of storage and not of algorithms. Of
// several shortest paths it returns whichever it meets first.
func ShortestPath(ctx context.Context, s *store.Store, from, to history.ID, maxHops int) ([]history.ID, error) {
	op := "baseline shortest path from " + string(from) + " to " + string(to)
	if maxHops < 0 {
		return nil, history.Errorf(history.CodeInvalid, "%s: maxHops must not be negative, got %d", op, maxHops)
	}
	return view(ctx, s, op, true, func(w *walker) ([]history.ID, error) {
		return w.shortestPath(from, to, maxHops)
	})
}

// view runs one baseline query: fn walks the store's quad store under its
// read lock, with the edge predicates resolved if edges. Its errors are
// annotated with op, keeping their codes.
func view[T any](ctx context.Context, s *store.Store, op string, edges bool, fn func(w *walker) (T, error)) (T, error) {
	var out T
	err := s.ViewQuadStore(ctx, func(qs graph.QuadStore, base string) error {
		w, err := newWalker(ctx, qs, base, edges)
		if err != nil {
			return err
		}
		out, err = fn(w)
		return err
	})
	if err != nil {
		var zero T
		return zero, history.Wrap(history.CodeInternal, op, err)
	}
	return out, nil
}

// edgeTerms are the predicates of the direct triples between two records:
// the statements internal/graph makes edges of. A participant's role rides
// on the predicate (schema.RoleTerm, plain Participant without a role), so
// each role's predicate is one.
func edgeTerms() []schema.Term {
	ts := []schema.Term{schema.Participant, schema.Location, schema.SuperEvent, schema.Cause, schema.Consequence}
	for _, r := range history.Roles() {
		ts = append(ts, schema.RoleTerm(r))
	}
	for _, rt := range history.RelationTypes() {
		ts = append(ts, schema.RelationTerm(rt))
	}
	return ts
}

// walker reads one store for one baseline query.
type walker struct {
	ctx   context.Context
	qs    graph.QuadStore
	base  string
	edges map[graph.Ref]bool // the references of edgeTerms' predicates
}

// newWalker prepares a query; with edges it resolves the edge predicates to
// references, as a Cayley query resolves the IRIs it names.
func newWalker(ctx context.Context, qs graph.QuadStore, base string, edges bool) (*walker, error) {
	w := &walker{ctx: ctx, qs: qs, base: base, edges: map[graph.Ref]bool{}}
	if !edges {
		return w, nil
	}
	// One by one: graph.RefsOf fails on the memstore when a predicate
	// is not stored, and a dataset need not use every relation type.
	for _, t := range edgeTerms() {
		r, err := qs.ValueOf(quad.IRI(t.IRI()))
		if err != nil {
			return nil, err
		}
		if present(r) {
			w.edges[r] = true
		}
	}
	return w, nil
}

// present reports whether a reference names a stored node: the key-value
// backends answer 0 for a value they do not hold, the memstore nil.
func present(r graph.Ref) bool {
	if v, ok := r.(ckv.Int64Value); ok {
		return v != 0
	}
	return r != nil
}

// ref returns the reference of a record's IRI, or CodeNotFound.
func (w *walker) ref(id history.ID) (graph.Ref, error) {
	r, err := w.qs.ValueOf(quad.IRI(w.base + string(id)))
	if err != nil {
		return nil, err
	}
	if !present(r) {
		return nil, history.Errorf(history.CodeNotFound, "unknown id %q", id)
	}
	return r, nil
}

// neighbours calls fn with the far end of every edge quad at u, both ways,
// until fn returns false.
func (w *walker) neighbours(u graph.Ref, fn func(v graph.Ref) bool) error {
	for _, d := range [2][2]quad.Direction{{quad.Subject, quad.Object}, {quad.Object, quad.Subject}} {
		more, err := w.quadsAt(u, d[0], func(q graph.Ref) (bool, error) {
			p, err := w.qs.QuadDirection(q, quad.Predicate)
			if err != nil || !w.edges[p] {
				return true, err
			}
			v, err := w.qs.QuadDirection(q, d[1])
			if err != nil {
				return false, err
			}
			return fn(v), nil
		})
		if err != nil || !more {
			return err
		}
	}
	return nil
}

// quadsAt calls fn with every quad that has u in direction d, until fn
// returns false; it reports whether fn asked for more.
func (w *walker) quadsAt(u graph.Ref, d quad.Direction, fn func(q graph.Ref) (bool, error)) (bool, error) {
	it := w.qs.QuadIterator(d, u).Iterate()
	defer it.Close()
	for it.Next(w.ctx) {
		more, err := fn(it.Result())
		if err != nil || !more {
			return false, err
		}
	}
	if err := it.Err(); err != nil {
		return false, err
	}
	return true, w.ctx.Err()
}

// ids resolves references of records to ids, in one batch.
func (w *walker) ids(refs []graph.Ref) ([]history.ID, error) {
	vals, err := graph.ValuesOf(w.ctx, w.qs, refs)
	if err != nil {
		return nil, err
	}
	out := make([]history.ID, len(vals))
	for i, v := range vals {
		iri, ok := v.(quad.IRI)
		if !ok || !strings.HasPrefix(string(iri), w.base) {
			return nil, history.Errorf(history.CodeCorrupt, "%v is not the IRI of a record", v)
		}
		out[i] = history.ID(strings.TrimPrefix(string(iri), w.base))
	}
	return out, nil
}

func (w *walker) record(id history.ID) (Record, error) {
	u, err := w.ref(id)
	if err != nil {
		return Record{}, err
	}
	var refs []graph.Ref // predicate and object of each quad, in pairs
	_, err = w.quadsAt(u, quad.Subject, func(q graph.Ref) (bool, error) {
		p, err := w.qs.QuadDirection(q, quad.Predicate)
		if err != nil {
			return false, err
		}
		o, err := w.qs.QuadDirection(q, quad.Object)
		refs = append(refs, p, o)
		return true, err
	})
	if err != nil {
		return Record{}, err
	}
	if len(refs) == 0 {
		return Record{}, history.Errorf(history.CodeNotFound, "no quads about %q", id)
	}
	vals, err := graph.ValuesOf(w.ctx, w.qs, refs)
	if err != nil {
		return Record{}, err
	}
	rec := Record{ID: id, Fields: map[string][]string{}}
	for i := 0; i+1 < len(vals); i += 2 {
		field, text := fieldName(vals[i]), w.text(vals[i+1])
		if !slices.Contains(rec.Fields[field], text) {
			rec.Fields[field] = append(rec.Fields[field], text)
		}
	}
	return rec, nil
}

// fieldName is a predicate's name in a Record: its term in Memoria's
// vocabulary ("name"), "rdf:type", or any other predicate whole.
func fieldName(p quad.Value) string {
	switch iri, _ := p.(quad.IRI); {
	case string(iri) == schema.RDFType:
		return "rdf:type"
	case strings.HasPrefix(string(iri), schema.Namespace):
		return strings.TrimPrefix(string(iri), schema.Namespace)
	}
	return quad.StringOf(p)
}

// text is a value as a reader wants it: a literal's text, a record's id,
// any other IRI whole.
func (w *walker) text(v quad.Value) string {
	switch v := v.(type) {
	case quad.String:
		return string(v)
	case quad.LangString:
		return string(v.Value)
	case quad.TypedString:
		return string(v.Value)
	case quad.IRI:
		return strings.TrimPrefix(string(v), w.base)
	}
	return quad.StringOf(v)
}

func (w *walker) neighborhood(id history.ID, hops, limit int) ([]history.ID, error) {
	start, err := w.ref(id)
	if err != nil {
		return nil, err
	}
	seen := map[graph.Ref]bool{start: true}
	nodes := []graph.Ref{start}
	lo := 0
	for range hops {
		hi := len(nodes)
		if lo == hi || hi > limit {
			break
		}
		for _, u := range nodes[lo:hi] {
			err := w.neighbours(u, func(v graph.Ref) bool {
				if !seen[v] {
					seen[v] = true
					nodes = append(nodes, v)
				}
				return true
			})
			if err != nil {
				return nil, err
			}
		}
		lo = hi
	}
	return w.ids(nodes[:min(len(nodes), limit)])
}

// side is one end of a bidirectional search: how each reached node was
// reached (towards the side's own end), and the outer level.
type side struct {
	via   map[graph.Ref]graph.Ref
	outer []graph.Ref
}

func (w *walker) shortestPath(from, to history.ID, maxHops int) ([]history.ID, error) {
	src, err := w.ref(from)
	if err != nil {
		return nil, err
	}
	dst, err := w.ref(to)
	if err != nil {
		return nil, err
	}
	if src == dst {
		return []history.ID{from}, nil
	}
	fwd := &side{via: map[graph.Ref]graph.Ref{src: nil}, outer: []graph.Ref{src}}
	bwd := &side{via: map[graph.Ref]graph.Ref{dst: nil}, outer: []graph.Ref{dst}}
	for range maxHops {
		if len(fwd.outer) == 0 || len(bwd.outer) == 0 {
			return nil, nil
		}
		grow, other := fwd, bwd
		if len(bwd.outer) < len(fwd.outer) {
			grow, other = bwd, fwd
		}
		meet, err := w.level(grow, other)
		if err != nil {
			return nil, err
		}
		if meet != nil {
			return w.ids(joinPath(fwd, bwd, meet))
		}
	}
	return nil, nil
}

// level adds the next level to one side, and returns the first node it
// reaches that the other side has reached too, or nil.
func (w *walker) level(grow, other *side) (graph.Ref, error) {
	var next []graph.Ref
	var meet graph.Ref
	for _, u := range grow.outer {
		err := w.neighbours(u, func(v graph.Ref) bool {
			if _, ok := grow.via[v]; ok {
				return true
			}
			grow.via[v] = u
			if _, ok := other.via[v]; ok {
				meet = v
				return false
			}
			next = append(next, v)
			return true
		})
		if err != nil || meet != nil {
			return meet, err
		}
	}
	grow.outer = next
	return nil, nil
}

// joinPath is the path from the forward side's end through meet to the
// backward side's end.
func joinPath(fwd, bwd *side, meet graph.Ref) []graph.Ref {
	var path []graph.Ref
	for v := meet; v != nil; v = fwd.via[v] {
		path = append(path, v)
	}
	for i, j := 0, len(path)-1; i < j; i, j = i+1, j-1 {
		path[i], path[j] = path[j], path[i]
	}
	for v := bwd.via[meet]; v != nil; v = bwd.via[v] {
		path = append(path, v)
	}
	return path
}
