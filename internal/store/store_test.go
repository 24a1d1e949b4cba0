package store

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/store/cayleykv"
	"github.com/memoria-history/memoria/schema"
)

// conformanceCase is one behaviour every backend must show.
type conformanceCase struct {
	name string
	run  func(t *testing.T, dsn string)
}

// TestConformance runs the same suite against every backend.
func TestConformance(t *testing.T) {
	for _, backend := range backendNames() {
		t.Run(backend, func(t *testing.T) {
			for _, tc := range conformanceCases() {
				t.Run(tc.name, func(t *testing.T) { tc.run(t, dsnFor(t, backend)) })
			}
		})
	}
}

func conformanceCases() []conformanceCase {
	return []conformanceCase{
		{"new store is empty", testEmpty},
		{"round trip keeps every field", testRoundTrip},
		{"round trip survives reopening", testReopen},
		{"loading twice changes nothing", testIdempotent},
		{"a dataset may refer to stored records", testLoadInParts},
		{"changed records are conflicts and nothing is written", testConflict},
		{"invalid dataset changes nothing", testInvalid},
		{"write failing half way changes nothing", testFailedWrite},
		{"stats count from the stored quads", testStats},
		{"uncited statements are counted from quads", testUncited},
		{"cancelled context stops reads and loads", testCancel},
		{"concurrent loads and reads", testConcurrent},
		{"closed store refuses work", testClosed},
	}
}

func testEmpty(t *testing.T, dsn string) {
	s := openTest(t, dsn, Options{})
	ctx := context.Background()
	empty, err := s.Empty(ctx)
	if err != nil || !empty {
		t.Fatalf("Empty() = %v, %v, want true, nil", empty, err)
	}
	ds := mustDataset(t, s)
	if !reflect.DeepEqual(ds, &history.Dataset{}) {
		t.Errorf("Dataset() of a new store = %+v, want an empty dataset", ds)
	}
	st, err := s.Stats(ctx)
	if err != nil || st.Quads != 0 || st.Statements != 0 {
		t.Errorf("Stats() = %+v, %v, want no quads", st, err)
	}
	mustLoad(t, s, fullDataset())
	if empty, err := s.Empty(ctx); err != nil || empty {
		t.Errorf("Empty() after Load = %v, %v, want false, nil", empty, err)
	}
}

func testRoundTrip(t *testing.T, dsn string) {
	s := openTest(t, dsn, Options{})
	in := fullDataset()
	res := mustLoad(t, s, in)
	if want := 2 + 5 + 4 + 4 + 6; res.Records != want || res.Unchanged != 0 {
		t.Errorf("Load() = %+v, want %d records, 0 unchanged", res, want)
	}
	quads := storedQuads(t, s)
	if res.QuadsAdded != int64(len(quads)) {
		t.Errorf("QuadsAdded = %d, but the store holds %d quads", res.QuadsAdded, len(quads))
	}
	got, want := mustDataset(t, s), canon{}.dataset(in)
	if d := diffDatasets(got, want); d != "" {
		t.Errorf("Dataset() differs from what was loaded:\n%s", d)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Dataset() = %+v\nwant %+v", got, want)
	}
	// Floats are exact, and the input is untouched.
	for _, c := range got.Claims {
		if c.ID == "claim/odd-numbers" && (*c.Quantity.Low != 0.1+0.2 || *c.Quantity.High != 1e300) {
			t.Errorf("claim %s = %v..%v, want %v..%v", c.ID, *c.Quantity.Low, *c.Quantity.High, 0.1+0.2, 1e300)
		}
	}
	if fullDataset().Entities[0].At.Line != in.Entities[0].At.Line {
		t.Errorf("Load changed its input")
	}
}

func testReopen(t *testing.T, dsn string) {
	if dsn == "memory:" {
		t.Skip("the memory backend forgets at Close")
	}
	s := openTest(t, dsn, Options{})
	mustLoad(t, s, fullDataset())
	before := storedQuads(t, s)
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	s = openTest(t, dsn, Options{})
	if got := storedQuads(t, s); !slices.Equal(got, before) {
		t.Errorf("after reopening the store holds %d quads, want the %d it held", len(got), len(before))
	}
	if d := diffDatasets(mustDataset(t, s), canon{}.dataset(fullDataset())); d != "" {
		t.Errorf("Dataset() after reopening differs:\n%s", d)
	}
}

func testIdempotent(t *testing.T, dsn string) {
	s := openTest(t, dsn, Options{})
	mustLoad(t, s, fullDataset())
	before := storedQuads(t, s)
	res := mustLoad(t, s, fullDataset())
	if want := (LoadResult{Unchanged: 21, Revision: 1}); res != want {
		t.Errorf("second Load() = %+v, want %+v", res, want)
	}
	if got := storedQuads(t, s); !slices.Equal(got, before) {
		t.Errorf("second Load changed the store: %d quads, want %d", len(got), len(before))
	}
}

func testLoadInParts(t *testing.T, dsn string) {
	s := openTest(t, dsn, Options{})
	full := fullDataset()
	first := &history.Dataset{Sources: full.Sources, Entities: full.Entities}
	second := &history.Dataset{Events: full.Events, Relations: full.Relations, Claims: full.Claims}
	mustLoad(t, s, first)
	res := mustLoad(t, s, second)
	if res.Records != 14 {
		t.Errorf("second Load() = %+v, want 14 records", res)
	}
	if d := diffDatasets(mustDataset(t, s), canon{}.dataset(full)); d != "" {
		t.Errorf("Dataset() after two loads differs:\n%s", d)
	}
	// Loading everything again, parts already stored and all, is fine.
	if res := mustLoad(t, s, full); res.Records != 0 || res.Unchanged != 21 {
		t.Errorf("third Load() = %+v, want everything unchanged", res)
	}
}

func testConflict(t *testing.T, dsn string) {
	s := openTest(t, dsn, Options{})
	mustLoad(t, s, fullDataset())
	before := storedQuads(t, s)

	changed := fullDataset()
	changed.Entities[2].Name = "People's Commissariat for Internal Affairs"
	changed.Claims[0].Quantity.Value = ptr(681693)
	changed.Relations[0].At = history.Position{File: "other.yaml", Line: 99} // positions are not content
	changed.Sources = append(changed.Sources, history.Source{ID: "source/new", Title: "New", Kind: history.SourceDatabase})
	_, err := s.Load(context.Background(), changed)
	wantCode(t, err, history.CodeConflict, "group/nkvd", "claim/terror-deaths-essay", "2 record(s)")
	if got := storedQuads(t, s); !slices.Equal(got, before) {
		t.Errorf("a conflicting Load changed the store: %d quads, want %d", len(got), len(before))
	}
}

func testInvalid(t *testing.T, dsn string) {
	s := openTest(t, dsn, Options{})
	mustLoad(t, s, fullDataset())
	before := storedQuads(t, s)
	cases := []struct {
		name  string
		ds    *history.Dataset
		words []string
	}{
		{"dangling reference", &history.Dataset{Relations: []history.Relation{{
			ID: "relation/x", Subject: "person/nikolai-yezhov", Type: history.RelMemberOf, Object: "group/nkvdd",
			Citations: []history.Citation{cite("source/essay", "¶1")}}}}, []string{"group/nkvdd", "did you mean"}},
		{"uncited statement", &history.Dataset{Entities: []history.Entity{{
			ID: "person/x", Kind: history.KindPerson, Name: "X"}}}, []string{"uncited"}},
		{"duplicate of a stored id within the dataset", &history.Dataset{Entities: []history.Entity{
			fullDataset().Entities[3], fullDataset().Entities[3]}}, []string{"duplicate id"}},
		{"text that is not UTF-8", &history.Dataset{Entities: []history.Entity{{
			ID: "person/x", Kind: history.KindPerson, Name: "X\xff", Citations: []history.Citation{cite("source/essay", "¶1")}}}},
			[]string{"UTF-8"}},
		{"entity of kind event", &history.Dataset{Entities: []history.Entity{{
			ID: "event/x", Kind: history.KindEvent, Name: "X", Citations: []history.Citation{cite("source/essay", "¶1")}}}},
			[]string{"person, group, place or work"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.Load(context.Background(), tc.ds)
			wantCode(t, err, history.CodeInvalid, tc.words...)
			if got := storedQuads(t, s); !slices.Equal(got, before) {
				t.Errorf("an invalid Load changed the store: %d quads, want %d", len(got), len(before))
			}
		})
	}
}

// failHalfWay appends to a write a delta that fails after the others are
// applied: removing a quad that is not stored.
func failHalfWay(deltas []graph.Delta) []graph.Delta {
	missing := quad.Make(quad.IRI("http://example.org/missing"), quad.IRI("http://example.org/p"), quad.IRI("http://example.org/o"), nil)
	return append(deltas, graph.Delta{Quad: missing, Action: graph.Delete})
}

func testFailedWrite(t *testing.T, dsn string) {
	var fail atomic.Bool
	s := openTest(t, dsn, Options{
		beforeApply: func(d []graph.Delta) []graph.Delta {
			if fail.Load() {
				return failHalfWay(d)
			}
			return d
		},
		// A bulk load fails in its third batch, after two are written.
		bulk: cayleykv.Options{BatchSize: 20, AfterBatch: func(n int) error {
			if fail.Load() && n == 3 {
				return errors.New("injected failure: quad does not exist")
			}
			return nil
		}},
	})
	full := fullDataset()
	mustLoad(t, s, &history.Dataset{Sources: full.Sources, Entities: full.Entities})
	before := storedQuads(t, s)
	beforeDS := mustDataset(t, s)

	rest := &history.Dataset{Events: full.Events, Relations: full.Relations, Claims: full.Claims}
	fail.Store(true)
	_, err := s.Load(context.Background(), rest)
	wantCode(t, err, history.CodeInternal, "write", "quad does not exist")
	if got := storedQuads(t, s); !slices.Equal(got, before) {
		t.Errorf("a failed write changed the store: %d quads, want %d", len(got), len(before))
	}
	if got := mustDataset(t, s); !reflect.DeepEqual(got, beforeDS) {
		t.Errorf("a failed write changed the records:\n%s", diffDatasets(got, beforeDS))
	}
	fail.Store(false)
	mustLoad(t, s, rest)
	if d := diffDatasets(mustDataset(t, s), canon{}.dataset(full)); d != "" {
		t.Errorf("Dataset() after a failed and a good write differs:\n%s", d)
	}
}

func testStats(t *testing.T, dsn string) {
	s := openTest(t, dsn, Options{})
	mustLoad(t, s, fullDataset())
	st, err := s.Stats(context.Background())
	if err != nil {
		t.Fatalf("Stats: %v", err)
	}
	if got, want := st.Quads, int64(len(storedQuads(t, s))); got != want {
		t.Errorf("Quads = %d, want %d", got, want)
	}
	wantKinds := map[string]int64{"person": 2, "group": 1, "place": 1, "work": 1, "event": 4, "source": 2, "relation": 4, "claim": 6}
	if !reflect.DeepEqual(st.Kinds, wantKinds) {
		t.Errorf("Kinds = %v, want %v", st.Kinds, wantKinds)
	}
	// 5 entities, 4 events, 4 relations, 6 claims; inside records 6 names,
	// 2 born, 1 died, 3 dates, 1 place, 1 parent, 7 participants, 2 causes,
	// 2 consequences.
	if st.Statements != 44 || st.Uncited != 0 {
		t.Errorf("Statements, Uncited = %d, %d, want 44, 0", st.Statements, st.Uncited)
	}
	wantPreds := map[string]int64{
		"rdf:type":  22, // 21 records and the load's audit record
		"memberOf":  1,  // one relation, one source
		"led":       2,  // two relations share (yezhov, led, nkvd) from the essay; the monograph adds one
		"succeeded": 1,
		"claim":     7, // direct triples subject -> claim, one per cited source
		"qualifier": 4,
	}
	for p, want := range wantPreds {
		if got := st.Predicates[p]; got != want {
			t.Errorf("Predicates[%q] = %d, want %d", p, got, want)
		}
	}
	var sum int64
	for _, n := range st.Predicates {
		sum += n
	}
	if sum != st.Quads {
		t.Errorf("Predicates add up to %d, want Quads = %d", sum, st.Quads)
	}
	for p := range st.Predicates {
		_, isTerm := schema.TermOf(schema.Namespace + p)
		_, isStoreTerm := schema.StoreTermOf(schema.Namespace + p)
		if !isTerm && !isStoreTerm && p != "rdf:type" {
			t.Errorf("Predicates has %q, which is not a vocabulary term", p)
		}
	}
	if st.Changes != 1 {
		t.Errorf("Changes = %d, want 1 (the load)", st.Changes)
	}
}

func testUncited(t *testing.T, dsn string) {
	s := openTest(t, dsn, Options{})
	mustLoad(t, s, fullDataset())
	// Write quads Load would refuse: a relation and a person without
	// citations.
	base := schema.DefaultBase
	rel, p := quad.IRI(base+"relation/raw"), quad.IRI(base+"person/raw")
	raw := []quad.Quad{
		quad.Make(rel, quad.IRI(schema.RDFType), quad.IRI(schema.Relation.IRI()), nil),
		quad.Make(rel, quad.IRI(schema.Subject.IRI()), p, nil),
		quad.Make(p, quad.IRI(schema.RDFType), quad.IRI(schema.Person.IRI()), nil),
	}
	deltas := make([]graph.Delta, len(raw))
	for i, q := range raw {
		deltas[i] = graph.Delta{Quad: q, Action: graph.Add}
	}
	s.mu.Lock()
	err := s.apply(context.Background(), deltas)
	s.mu.Unlock()
	if err != nil {
		t.Fatalf("raw write: %v", err)
	}
	st, err := s.Stats(context.Background())
	if err != nil {
		t.Fatalf("Stats: %v", err)
	}
	if st.Statements != 46 || st.Uncited != 2 {
		t.Errorf("Statements, Uncited = %d, %d, want 46, 2", st.Statements, st.Uncited)
	}
}

// cancelAfter is a context whose Err reports cancellation after n calls,
// to cancel a long loop in the middle.
type cancelAfter struct {
	context.Context
	n atomic.Int64
}

func (c *cancelAfter) Err() error {
	if c.n.Add(-1) < 0 {
		return context.Canceled
	}
	return nil
}

func testCancel(t *testing.T, dsn string) {
	s := openTest(t, dsn, Options{})
	mustLoad(t, s, syntheticDataset(100)) // several scan batches
	before := storedQuads(t, s)
	if len(before) < 3*scanBatch {
		t.Fatalf("only %d quads: the scan would not loop", len(before))
	}
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	cases := []struct {
		name string
		run  func(ctx context.Context) error
	}{
		{"Dataset", func(ctx context.Context) error { _, err := s.Dataset(ctx); return err }},
		{"Stats", func(ctx context.Context) error { _, err := s.Stats(ctx); return err }},
		{"Load", func(ctx context.Context) error { _, err := s.Load(ctx, fullDataset()); return err }},
	}
	for _, tc := range cases {
		t.Run(tc.name+" cancelled before", func(t *testing.T) {
			if err := tc.run(cancelled); !errors.Is(err, context.Canceled) {
				t.Errorf("error = %v, want context.Canceled", err)
			}
		})
		t.Run(tc.name+" cancelled in the middle", func(t *testing.T) {
			ctx := &cancelAfter{Context: context.Background()}
			ctx.n.Store(2)
			if err := tc.run(ctx); !errors.Is(err, context.Canceled) {
				t.Errorf("error = %v, want context.Canceled", err)
			}
		})
	}
	if got := storedQuads(t, s); !slices.Equal(got, before) {
		t.Errorf("a cancelled Load changed the store: %d quads, want %d", len(got), len(before))
	}
}

func testConcurrent(t *testing.T, dsn string) {
	s := openTest(t, dsn, Options{})
	full := fullDataset()
	mustLoad(t, s, &history.Dataset{Sources: full.Sources})
	const writers = 4
	var wg sync.WaitGroup
	errs := make(chan error, 3*writers)
	for w := 0; w < writers; w++ {
		wg.Add(2)
		go func() {
			defer wg.Done()
			ds := &history.Dataset{}
			for i := 0; i < 20; i++ {
				ds.Entities = append(ds.Entities, history.Entity{
					ID: history.ID(fmt.Sprintf("person/w%d-%d", w, i)), Kind: history.KindPerson, Name: "W",
					Citations: []history.Citation{cite("source/essay", "¶1")}})
			}
			if _, err := s.Load(context.Background(), ds); err != nil {
				errs <- err
			}
		}()
		go func() {
			defer wg.Done()
			if _, err := s.Dataset(context.Background()); err != nil {
				errs <- err
			}
			if _, err := s.Stats(context.Background()); err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("concurrent call: %v", err)
	}
	if got := len(mustDataset(t, s).Entities); got != writers*20 {
		t.Errorf("after concurrent loads the store has %d entities, want %d", got, writers*20)
	}
}

func testClosed(t *testing.T, dsn string) {
	s, err := Open(context.Background(), dsn, Options{})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	_, err = s.Dataset(context.Background())
	wantCode(t, err, history.CodeInvalid, "closed")
	_, err = s.Load(context.Background(), fullDataset())
	wantCode(t, err, history.CodeInvalid, "closed")
}
