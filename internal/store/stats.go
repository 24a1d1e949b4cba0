package store

import (
	"context"
	"strings"

	"github.com/cayleygraph/cayley/graph"
	ckv "github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/quad"

	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/store/cayleykv"
	"github.com/memoria-history/memoria/schema"
)

// Stats describes what a store holds, counted from its quads.
type Stats struct {
	// Quads is the number of stored quads.
	Quads int64
	// Kinds counts records by kind: person, group, place, event, work,
	// source, relation and claim (every key is present).
	Kinds map[string]int64
	// Predicates counts quads by predicate: Memoria's terms by local name
	// ("memberOf"), rdf:type as "rdf:type", any other by its full IRI.
	Predicates map[string]int64
	// Statements is the number of cited things the store holds: entities
	// and events (their record citations), relations, claims, and the
	// statements inside records (names, dates, participations, links),
	// counted by their distinct direct triples.
	Statements int64
	// Uncited is the number of records and statement nodes without a
	// citation (m:locator) quad. It is zero for a store loaded through Load.
	Uncited int64
	// Changes is the number of audit records: one per committed change.
	Changes int64
}

// Flags of a node while counting statements.
const (
	flagStatement uint8 = 1 << iota
	flagCited
)

// refFlags is a set of node references with flags, compact for the
// key-value backends' integer references.
type refFlags struct {
	ints  map[uint64]uint8
	other map[graph.Ref]uint8
}

func (f *refFlags) set(r graph.Ref, flag uint8) {
	if v, ok := r.(ckv.Int64Value); ok {
		f.ints[uint64(v)] |= flag
		return
	}
	f.other[r] |= flag
}

func (f *refFlags) count(want, not uint8) int64 {
	var n int64
	for _, v := range f.ints {
		if v&want == want && v&not == 0 {
			n++
		}
	}
	for _, v := range f.other {
		if v&want == want && v&not == 0 {
			n++
		}
	}
	return n
}

// Stats counts the store's quads, records, predicates and statements in
// one pass over the stored quads. Only predicates and classes are decoded.
func (s *Store) Stats(ctx context.Context) (Stats, error) {
	s.rlock()
	defer s.runlock()
	op := "count store " + s.name
	qs, err := s.handle("count store")
	if err != nil {
		return Stats{}, err
	}
	scan := func(fn func([]refQuad) error) error { return scanRefs(ctx, qs, fn) }
	if db := s.bboltDB(); db != nil {
		scan = func(fn func([]refQuad) error) error { return kvError(cayleykv.ScanLogRefs(ctx, db, fn)) }
	}
	st, err := stats(ctx, qs, scan)
	if err != nil {
		return Stats{}, wrapInternal(op, err)
	}
	return st, nil
}

// stats counts the quads scan gives, resolving their predicates and
// classes through qs.
func stats(ctx context.Context, qs graph.QuadStore, scan func(func([]refQuad) error) error) (Stats, error) {
	st := Stats{Kinds: map[string]int64{}, Predicates: map[string]int64{}}
	for _, k := range []string{"person", "group", "place", "event", "work", "source", "relation", "claim"} {
		st.Kinds[k] = 0
	}
	var (
		r        = newResolver(qs)
		preds    = map[graph.Ref]int64{}
		classes  = map[graph.Ref]int64{}
		nodes    = refFlags{ints: map[uint64]uint8{}, other: map[graph.Ref]uint8{}}
		parts    = map[[3]graph.Ref]struct{}{}
		partTerm = partPredicates()
		typ      = quad.IRI(schema.RDFType)
		subject  = quad.IRI(schema.Subject.IRI())
		locator  = quad.IRI(schema.Locator.IRI())
	)
	// cited says, per class, whether its records carry citations of their
	// own (entities and events; relations and claims count by m:subject).
	cited := map[graph.Ref]bool{}
	statementClass := func(ref graph.Ref) bool {
		if c, ok := cited[ref]; ok {
			return c
		}
		iri, _ := r.hot[ref].(quad.IRI)
		t, ok := schema.TermOf(string(iri))
		_, isKind := schema.KindOf(t)
		cited[ref] = ok && isKind && t != schema.Source
		return cited[ref]
	}
	err := scan(func(batch []refQuad) error {
		for _, q := range batch {
			r.want(r.hot, q[1])
		}
		if err := r.fetch(ctx); err != nil {
			return err
		}
		for _, q := range batch {
			if r.hot[q[1]] == typ {
				r.want(r.hot, q[2])
			}
		}
		if err := r.fetch(ctx); err != nil {
			return err
		}
		for _, q := range batch {
			st.Quads++
			preds[q[1]]++
			switch r.hot[q[1]] {
			case typ:
				classes[q[2]]++
				if statementClass(q[2]) {
					nodes.set(q[0], flagStatement)
				}
			case subject:
				nodes.set(q[0], flagStatement)
			case locator:
				nodes.set(q[0], flagCited)
			default:
				if partTerm[r.hot[q[1]]] {
					parts[[3]graph.Ref{q[0], q[1], q[2]}] = struct{}{}
				}
			}
		}
		return nil
	})
	if err != nil {
		return Stats{}, err
	}
	for ref, n := range preds {
		st.Predicates[shortName(r.hot[ref])] += n
	}
	for ref, n := range classes {
		iri, _ := r.hot[ref].(quad.IRI)
		if t, ok := schema.TermOf(string(iri)); ok {
			st.Kinds[strings.ToLower(string(t))] += n
		} else if string(iri) == schema.Change.IRI() {
			st.Changes += n
		}
	}
	// A record, relation or claim is a statement; so is each statement
	// inside a record, which has one direct triple (written once per
	// source) whether or not it has a statement node too.
	for _, k := range []string{"person", "group", "place", "work", "event", "relation", "claim"} {
		st.Statements += st.Kinds[k]
	}
	st.Statements += int64(len(parts))
	st.Uncited = nodes.count(flagStatement, flagCited)
	return st, nil
}

// partPredicates are the predicates of the direct triples of statements
// inside records: names, dates, participants and links.
func partPredicates() map[quad.Value]bool {
	ts := []schema.Term{schema.BirthDate, schema.DeathDate, schema.Date, schema.Location, schema.SuperEvent, schema.Cause, schema.Consequence}
	for _, k := range history.NameKinds() {
		ts = append(ts, schema.NameTerm(k))
	}
	for _, r := range history.Roles() {
		ts = append(ts, schema.RoleTerm(r))
	}
	out := map[quad.Value]bool{}
	for _, t := range ts {
		out[quad.IRI(t.IRI())] = true
	}
	return out
}

// shortName is how Stats names a predicate.
func shortName(v quad.Value) string {
	iri, ok := v.(quad.IRI)
	if !ok {
		return quad.StringOf(v)
	}
	if string(iri) == schema.RDFType {
		return "rdf:type"
	}
	if t, ok := schema.TermOf(string(iri)); ok {
		return string(t)
	}
	if t, ok := schema.StoreTermOf(string(iri)); ok {
		return string(t)
	}
	return string(iri)
}

// Empty reports whether the store holds no quads.
func (s *Store) Empty(ctx context.Context) (bool, error) {
	s.rlock()
	defer s.runlock()
	qs, err := s.handle("read store")
	if err != nil {
		return false, err
	}
	it := qs.QuadsAllIterator().Iterate()
	defer it.Close()
	if it.Next(ctx) {
		return false, nil
	}
	if err := it.Err(); err != nil {
		return false, wrapInternal("read store "+s.name, err)
	}
	return true, nil
}
