package store

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/cayleygraph/cayley/graph"
	ckv "github.com/cayleygraph/cayley/graph/kv"
	cproto "github.com/cayleygraph/cayley/graph/proto"
	"github.com/cayleygraph/quad"

	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/rdfmap"
	"github.com/memoria-history/memoria/schema"
)

// A change reads the few records it touches, not the whole store: each
// record by its IRI and the IRIs of the statement nodes inside it, which
// the mapping names predictably (R#born, R#name-0, R#name-1 ...).

// storedRecord is one record as the store holds it: the quads whose
// subject is the record or one of its nodes (but for the direct triples
// of relations and claims about it, which are theirs), in stored order,
// and the record they make.
type storedRecord struct {
	quads []quad.Quad
	ds    *history.Dataset // the one record
}

// quadsAbout returns the stored quads whose subject is v, in the order
// they were written.
func quadsAbout(ctx context.Context, qs graph.QuadStore, v quad.Value) ([]quad.Quad, error) {
	ref, err := qs.ValueOf(v)
	if err != nil || ref == nil {
		return nil, err
	}
	return quadsOf(ctx, qs, qs.QuadIterator(quad.Subject, ref).Iterate())
}

// quadsOf reads the quads an iterator gives, in the order they were
// written: the order of their ids, which an index does not keep across
// its keys (a record's names under two predicates, say).
func quadsOf(ctx context.Context, qs graph.QuadStore, it interface {
	Next(context.Context) bool
	Result() graph.Ref
	Err() error
	Close() error
}) ([]quad.Quad, error) {
	defer it.Close()
	var refs []graph.Ref
	for it.Next(ctx) {
		refs = append(refs, it.Result())
	}
	if err := it.Err(); err != nil {
		return nil, err
	}
	slices.SortFunc(refs, func(a, b graph.Ref) int { return int(refOrder(a) - refOrder(b)) })
	if out, ok, err := primitiveQuads(ctx, qs, refs); ok || err != nil {
		return out, err
	}
	out := make([]quad.Quad, 0, len(refs))
	for _, r := range refs {
		q, err := qs.Quad(r)
		if err != nil {
			return nil, err
		}
		out = append(out, q)
	}
	return out, nil
}

// primitiveQuads reads the quads of the key-value backends' refs, which
// carry their nodes' ids, with the values of their distinct nodes read
// in one batch: reading each quad on its own would read its four nodes'
// values, in a transaction of its own, and a record's quads share most of
// their nodes (the record, its predicates, its sources). ok is false for
// refs of another backend.
func primitiveQuads(ctx context.Context, qs graph.QuadStore, refs []graph.Ref) (out []quad.Quad, ok bool, err error) {
	prims := make([]*cproto.Primitive, len(refs))
	index := map[uint64]int{} // node id: its place in nodes
	var nodes []graph.Ref
	for i, r := range refs {
		p, isPrim := r.(*cproto.Primitive)
		if !isPrim {
			return nil, false, nil
		}
		prims[i] = p
		for _, dir := range quad.Directions {
			if id := p.GetDirection(dir); id != 0 {
				if _, seen := index[id]; !seen {
					index[id] = len(nodes)
					nodes = append(nodes, ckv.Int64Value(id))
				}
			}
		}
	}
	vals, err := graph.ValuesOf(ctx, qs, nodes)
	if err != nil {
		return nil, true, fmt.Errorf("read the nodes of quads: %w", err)
	}
	out = make([]quad.Quad, len(prims))
	for i, p := range prims {
		for _, dir := range quad.Directions {
			if id := p.GetDirection(dir); id != 0 {
				out[i].Set(dir, vals[index[id]])
			}
		}
	}
	return out, true, nil
}

// refOrder is the position of a stored quad in the order of writing: its
// id in the key-value and memory backends.
func refOrder(r graph.Ref) int64 {
	switch k := r.Key().(type) {
	case int64: // the memory backend's quads
		return k
	case uint64: // the key-value backends' quads, primitives of the log
		return int64(k)
	}
	return 0
}

// nodeParts are the statement nodes the mapping may write inside a record
// of each kind: lists (R#name-0, R#name-1 ...) and single ones (R#born).
func nodeParts(k history.Kind) (lists, single []string) {
	switch k {
	case history.KindPerson, history.KindGroup, history.KindPlace, history.KindWork:
		return []string{"name"}, []string{"born", "died", "date", "ended"}
	case history.KindEvent:
		return []string{"name", "participant", "cause", "consequence"}, []string{"date", "place", "parent"}
	case "relation":
		return nil, []string{"start", "end"}
	case "claim":
		return nil, []string{"time"}
	}
	return nil, nil
}

// readRecord reads the record id from qs, nil if none is stored.
func (s *Store) readRecord(ctx context.Context, qs graph.QuadStore, id history.ID) (*storedRecord, error) {
	r := quad.IRI(s.base + string(id))
	own, err := quadsAbout(ctx, qs, r)
	if err != nil {
		return nil, err
	}
	// The relations and claims about the record are theirs, not its.
	own = slices.DeleteFunc(own, foreign)
	if len(own) == 0 {
		return nil, nil
	}
	rec := &storedRecord{quads: own}
	add := func(node quad.IRI) (bool, error) {
		qs, err := quadsAbout(ctx, qs, node)
		rec.quads = append(rec.quads, qs...)
		return len(qs) > 0, err
	}
	// Nodes the record points at: qualifiers, its retraction.
	for _, q := range own {
		if o, ok := q.Object.(quad.IRI); ok && strings.HasPrefix(string(o), string(r)+"#") {
			if _, err := add(o); err != nil {
				return nil, err
			}
		}
	}
	lists, single := nodeParts(id.Kind())
	for _, part := range single {
		if _, err := add(rdfmap.PartIRI(r, part, -1)); err != nil {
			return nil, err
		}
	}
	for _, part := range lists {
		for i := 0; ; i++ {
			found, err := add(rdfmap.PartIRI(r, part, i))
			if err != nil {
				return nil, err
			}
			if !found {
				break
			}
		}
	}
	b := newBuilder(s.base)
	for _, q := range rec.quads {
		if err := b.add(q); err != nil {
			return nil, err
		}
	}
	// The changes that wrote the record after it was first written.
	changes, err := subjectsWith(ctx, qs, term(schema.Touches), r)
	if err != nil {
		return nil, err
	}
	for _, c := range changes {
		b.touched(quad.Quad{Subject: c, Predicate: term(schema.Touches), Object: r})
	}
	if rec.ds, err = b.dataset(); err != nil {
		return nil, err
	}
	if got := rec.ds.IDs(); len(got) != 1 || got[0] != id {
		return nil, corruptf("%s: its quads make the records %v", r, got)
	}
	return rec, nil
}

// storedKind tells the validator of a change what the store holds under
// id: the record's kind, whether it is withdrawn and an event's parent.
// It reads the quads of the three predicates that say so through the
// index by subject and predicate, not the record's every quad: a change
// looks up each record its records refer to, and reading a quad costs
// its nodes' values too.
func (s *Store) storedKind(ctx context.Context, qs graph.QuadStore, id history.ID) (history.StoredRecord, bool, error) {
	r := quad.IRI(s.base + string(id))
	var rec history.StoredRecord
	types, err := objectsOf(ctx, qs, r, rdfType)
	if err != nil || len(types) == 0 {
		return rec, false, err
	}
	for _, o := range types {
		t := vocabulary[o].t
		if t == "" || t[0] < 'A' || t[0] > 'Z' {
			return rec, false, corruptf("%s has type %v, which is not a class of record", id, o)
		}
		if k, ok := schema.KindOf(t); ok {
			rec.Kind = k
		} else {
			rec.Kind = history.Kind(strings.ToLower(string(t)))
		}
	}
	retracted, err := objectsOf(ctx, qs, r, term(schema.Retracted))
	if err != nil {
		return rec, false, err
	}
	rec.Retracted = len(retracted) > 0
	parents, err := objectsOf(ctx, qs, r, term(schema.SuperEvent))
	if err != nil {
		return rec, false, err
	}
	for _, o := range parents {
		if p, ok := o.(quad.IRI); ok {
			rec.Parent = history.ID(strings.TrimPrefix(string(p), s.base))
		}
	}
	return rec, true, nil
}

// pick returns a dataset holding the records of ds whose ids keep says.
func pick(ds *history.Dataset, keep func(history.ID) bool) *history.Dataset {
	return ds.Select(func(id history.ID, _ *history.Retracted) bool { return keep(id) })
}

// subjectsWith returns the subjects of the stored quads with predicate p
// and object o.
func subjectsWith(ctx context.Context, qs graph.QuadStore, p, o quad.Value) ([]quad.Value, error) {
	var subjects []graph.Ref
	err := quadsWith(ctx, qs, p, o, nil, func(r graph.Ref) error {
		sr, err := qs.QuadDirection(r, quad.Subject)
		subjects = append(subjects, sr)
		return err
	})
	if err != nil {
		return nil, err
	}
	vals, err := graph.ValuesOf(ctx, qs, subjects)
	if err != nil {
		return nil, fmt.Errorf("read subjects: %w", err)
	}
	return vals, nil
}

// isStored reports whether the store holds q.
func isStored(ctx context.Context, qs graph.QuadStore, q quad.Quad) (bool, error) {
	found := false
	err := quadsWith(ctx, qs, q.Predicate, q.Object, q.Subject, func(r graph.Ref) error {
		if found {
			return nil
		}
		got, err := qs.Quad(r)
		found = got == q
		return err
	})
	return found, err
}

// quadsWith calls fn with each stored quad with predicate p, object o
// and, unless s is nil, subject s. On the key-value backends it reads one
// prefix of the index by object, predicate and subject, so that an
// object many quads point at costs no more than the few with p (and s);
// elsewhere it filters the quads with object o.
func quadsWith(ctx context.Context, qs graph.QuadStore, p, o, s quad.Value, fn func(graph.Ref) error) error {
	vals := []quad.Value{o, p, s} // in the order of the index
	if s == nil {
		vals = vals[:2]
	}
	return indexed(ctx, qs, []quad.Direction{quad.Object, quad.Predicate, quad.Subject}, vals, fn)
}

// objectsOf returns the objects of the stored quads with subject s and
// predicate p, in the order the quads were written, through the index by
// subject and predicate.
func objectsOf(ctx context.Context, qs graph.QuadStore, s, p quad.Value) ([]quad.Value, error) {
	var found []graph.Ref
	err := indexed(ctx, qs, []quad.Direction{quad.Subject, quad.Predicate}, []quad.Value{s, p}, func(r graph.Ref) error {
		found = append(found, r)
		return nil
	})
	if err != nil || len(found) == 0 {
		return nil, err
	}
	slices.SortFunc(found, func(a, b graph.Ref) int { return int(refOrder(a) - refOrder(b)) })
	objects := make([]graph.Ref, len(found))
	for i, r := range found {
		if objects[i], err = qs.QuadDirection(r, quad.Object); err != nil {
			return nil, err
		}
	}
	vals, err := graph.ValuesOf(ctx, qs, objects)
	if err != nil {
		return nil, fmt.Errorf("read objects: %w", err)
	}
	return vals, nil
}

// indexed calls fn with each stored quad whose nodes in the first
// directions of index are vals. On the key-value backends it reads one
// prefix of that index (the store keeps the indexes by subject and
// predicate, and by object, predicate and subject); elsewhere it filters
// the quads with vals[0] in index[0].
func indexed(ctx context.Context, qs graph.QuadStore, index []quad.Direction, vals []quad.Value, fn func(graph.Ref) error) error {
	refs := make([]graph.Ref, len(vals))
	ids := make([]uint64, len(vals))
	filter := false
	for i, v := range vals {
		ref, err := qs.ValueOf(v)
		if err != nil || ref == nil {
			return err
		}
		refs[i] = ref
		id, ok := ref.(ckv.Int64Value)
		ids[i], filter = uint64(id), filter || !ok
	}
	var it interface {
		Next(context.Context) bool
		Result() graph.Ref
		Err() error
		Close() error
	}
	if !filter {
		scan := ckv.IndexScan{Index: ckv.QuadIndex{Dirs: index}, Values: ids}
		it = scan.BuildIterator(qs).Iterate()
	} else {
		it = qs.QuadIterator(index[0], refs[0]).Iterate()
	}
	defer it.Close()
next:
	for it.Next(ctx) {
		for i := 1; filter && i < len(refs); i++ {
			r, err := qs.QuadDirection(it.Result(), index[i])
			if err != nil {
				return err
			}
			if r == nil || r.Key() != refs[i].Key() {
				continue next
			}
		}
		if err := fn(it.Result()); err != nil {
			return err
		}
	}
	return it.Err()
}
