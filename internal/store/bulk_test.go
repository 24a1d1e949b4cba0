package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/cayleygraph/quad"

	"github.com/memoria-history/memoria/internal/dataset"
	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/store/cayleykv"
	"github.com/memoria-history/memoria/internal/synth"
	"github.com/memoria-history/memoria/schema"
)

// TestBulkMatchesCayleyWriter loads the same records with the bulk writer
// and with Cayley's own QuadWriter, into two bbolt files, and compares
// what Cayley reads back from each: every quad, the quad count and the
// records. (cayleykv's tests compare the layouts: indexes and reference
// counts.)
func TestBulkMatchesCayleyWriter(t *testing.T) {
	ds := syntheticDataset(300)
	// Three loads, so the later ones write next to stored data, and the
	// last adds quads under index keys of stored quads: a second
	// membership of people who have one (subject and predicate stored).
	var again []history.Relation
	for _, r := range ds.Relations {
		if r.Type == history.RelMemberOf && len(again) < 30 {
			r.ID += "-again"
			// Person k is a member of group k mod 7 (syntheticDataset's 7
			// groups come first among its entities): now of the next one.
			r.Object = ds.Entities[(len(again)+1)%7].ID
			again = append(again, r)
		}
	}
	half := len(ds.Relations) / 2
	first := &history.Dataset{Sources: ds.Sources, Entities: ds.Entities}
	second := &history.Dataset{Events: ds.Events, Relations: ds.Relations[:half]}
	third := &history.Dataset{Relations: append(slices.Clone(ds.Relations[half:]), again...), Claims: ds.Claims}

	cases := []struct {
		name string
		opts Options
	}{
		{"nodes preloaded", Options{bulk: cayleykv.Options{BatchSize: 997}}},
		{"nodes looked up", Options{bulk: cayleykv.Options{BatchSize: 997, Preload: -1}}},
		{"indexes written in small transactions", Options{bulk: cayleykv.Options{BatchSize: 997, FinishCommitBytes: 512}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			bulk := openTest(t, dsnFor(t, "bbolt"), tc.opts)
			cayley := openTest(t, dsnFor(t, "bbolt"), Options{})
			loadBothWays(t, bulk, cayley, first, second, third)
			if d := diffDatasets(mustDataset(t, bulk), mustDataset(t, cayley)); d != "" {
				t.Errorf("records differ:\n%s", d)
			}
			gotStats, wantStats := mustStats(t, bulk), mustStats(t, cayley)
			if gotStats.Quads != wantStats.Quads {
				t.Errorf("quad count = %d, Cayley's store says %d", gotStats.Quads, wantStats.Quads)
			}
		})
	}
}

// TestBulkSharedQuadsOnce loads two relations that state the same direct
// triple, in one load and then in two, and expects the triple once.
func TestBulkSharedQuadsOnce(t *testing.T) {
	full := fullDataset()
	rel := full.Relations[0]
	twin := rel
	twin.ID = rel.ID + "-again"
	twin.Note = "the same parties, stated again"
	direct := func(s *Store) int {
		n := 0
		for _, q := range storedQuads(t, s) {
			if q == quad.Make(quad.IRI(s.base+string(rel.Subject)), term(schema.RelationTerm(rel.Type)), quad.IRI(s.base+string(rel.Object)), quad.IRI(s.base+string(rel.Citations[0].Source))).NQuad() {
				n++
			}
		}
		return n
	}
	base := &history.Dataset{Sources: full.Sources, Entities: full.Entities}

	t.Run("one load", func(t *testing.T) {
		s := openTest(t, dsnFor(t, "bbolt"), Options{bulk: cayleykv.Options{BatchSize: 7}})
		mustLoad(t, s, base)
		mustLoad(t, s, &history.Dataset{Relations: []history.Relation{rel, twin}})
		if n := direct(s); n != 1 {
			t.Errorf("direct triple stored %d times, want 1", n)
		}
	})
	t.Run("two loads", func(t *testing.T) {
		s := openTest(t, dsnFor(t, "bbolt"), Options{bulk: cayleykv.Options{Preload: -1}})
		mustLoad(t, s, base)
		mustLoad(t, s, &history.Dataset{Relations: []history.Relation{rel}})
		mustLoad(t, s, &history.Dataset{Relations: []history.Relation{twin}})
		if n := direct(s); n != 1 {
			t.Errorf("direct triple stored %d times, want 1", n)
		}
	})
}

// TestBulkCancelLeavesStore cancels a load between batches, or while it
// writes the indexes, and expects the store as it was, and nothing left
// beside it.
func TestBulkCancelLeavesStore(t *testing.T) {
	full := fullDataset()
	cases := []struct {
		name string
		// cancelAt says whether to cancel at a progress report.
		cancelAt func(p LoadProgress) bool
	}{
		{"between batches", func(p LoadProgress) bool { return !p.Done }},
		{"while writing the indexes", func(p LoadProgress) bool { return p.Indexing && !p.Done && p.IndexEntriesDone > 0 }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := openTest(t, dsnFor(t, "bbolt"), Options{bulk: cayleykv.Options{BatchSize: 50, FinishCommitBytes: 1 << 10}})
			mustLoad(t, s, &history.Dataset{Sources: full.Sources, Entities: full.Entities})
			before := storedQuads(t, s)

			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var cancelled bool
			_, err := s.LoadWith(ctx, &history.Dataset{Events: full.Events, Relations: full.Relations, Claims: full.Claims}, LoadOptions{
				Progress: func(p LoadProgress) {
					if !cancelled && tc.cancelAt(p) {
						cancelled = true
						cancel()
					}
				},
			})
			if !cancelled {
				t.Fatalf("no progress report to cancel at; the load returned %v", err)
			}
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("error = %v, want context.Canceled", err)
			}
			if got := storedQuads(t, s); !slices.Equal(got, before) {
				t.Errorf("a cancelled load changed the store: %d quads, want %d", len(got), len(before))
			}
			wantNothingLeftBeside(t, s)
			mustLoad(t, s, &history.Dataset{Events: full.Events, Relations: full.Relations, Claims: full.Claims})
			if d := diffDatasets(mustDataset(t, s), canon{}.dataset(full)); d != "" {
				t.Errorf("after a cancelled and a complete load:\n%s", d)
			}
		})
	}
}

// TestBulkProgress expects progress after every batch, rising, and a
// last call that says done with every quad written.
func TestBulkProgress(t *testing.T) {
	s := openTest(t, dsnFor(t, "bbolt"), Options{bulk: cayleykv.Options{BatchSize: 100}})
	var got []LoadProgress
	res, err := s.LoadWith(context.Background(), fullDataset(), LoadOptions{Progress: func(p LoadProgress) { got = append(got, p) }})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) < 3 {
		t.Fatalf("%d progress calls, want one per batch of 100 quads and a last one", len(got))
	}
	for i := 1; i < len(got); i++ {
		if got[i].QuadsWritten < got[i-1].QuadsWritten || got[i].RecordsDone < got[i-1].RecordsDone {
			t.Errorf("progress went back: %+v after %+v", got[i], got[i-1])
		}
	}
	last := got[len(got)-1]
	if !last.Done || last.QuadsWritten != res.QuadsAdded || last.RecordsDone != last.Records || last.Records != int64(res.Records) {
		t.Errorf("last progress = %+v, load result %+v", last, res)
	}
	// The last phase reports as it goes, from after the last batch, and
	// ends with every entry written.
	var indexing []LoadProgress
	for _, p := range got {
		if p.Indexing {
			indexing = append(indexing, p)
		} else if len(indexing) > 0 {
			t.Errorf("a report without Indexing after one with it: %+v", p)
		}
	}
	if len(indexing) == 0 {
		t.Fatal("no progress while the indexes were written")
	}
	for i, p := range indexing {
		if p.QuadsWritten != res.QuadsAdded || p.IndexEntries < 2*res.QuadsAdded {
			t.Errorf("indexing report %+v: want every quad written and at least two index entries a quad", p)
		}
		if i > 0 && p.IndexEntriesDone < indexing[i-1].IndexEntriesDone {
			t.Errorf("indexing went back: %+v after %+v", p, indexing[i-1])
		}
	}
	if l := indexing[len(indexing)-1]; l.IndexEntriesDone != l.IndexEntries {
		t.Errorf("last indexing report %+v: %d entries of %d written", l, l.IndexEntriesDone, l.IndexEntries)
	}
}

// loadBothWays loads each part into bulk with the bulk writer and into
// cayley with Cayley's QuadWriter, and expects the same load results and
// the same stored quads.
func loadBothWays(t *testing.T, bulk, cayley *Store, parts ...*history.Dataset) {
	t.Helper()
	ctx := context.Background()
	// The two loads are one change each, recorded at the same time.
	at := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, part := range parts {
		got, err := bulk.LoadWith(ctx, part, LoadOptions{Change: ChangeMeta{At: at}})
		if err != nil {
			t.Fatal(err)
		}
		want, err := cayley.LoadWith(ctx, part, LoadOptions{CayleyWriter: true, Change: ChangeMeta{At: at}})
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("bulk load result = %+v, Cayley's = %+v", got, want)
		}
	}
	if got, want := storedQuads(t, bulk), storedQuads(t, cayley); !slices.Equal(got, want) {
		t.Errorf("bulk store holds %d quads, Cayley's %d; first difference: %s", len(got), len(want), firstDiff(got, want))
	}
}

func mustStats(tb testing.TB, s *Store) Stats {
	tb.Helper()
	st, err := s.Stats(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	return st
}

func firstDiff(a, b []string) string {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return a[i] + " vs " + b[i]
		}
	}
	return "one list is longer"
}

// TestBulkMatchesCayleyWriterOnGenerated repeats the comparison with
// Cayley's writer on generated data, in several batches, in three loads
// (sources and entities, then events, then relations and claims), with
// and without nodes preloaded, with relations that state the same direct
// triple twice: the bulk writer writes it once and Cayley's writer skips
// it (counting the references of the skipped quad all the same, so
// reference counts are not compared here).
func TestBulkMatchesCayleyWriterOnGenerated(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "gen")
	if _, err := synth.Generate(ctx, dir, synth.Options{People: 300, Seed: 4}); err != nil {
		t.Fatal(err)
	}
	ds, err := dataset.ReadFS(ctx, os.DirFS(dir), ".", dir)
	if err != nil {
		t.Fatal(err)
	}
	// Relations that state the same direct triple again, which the
	// generator does not make, for the bulk writer to write once.
	for _, r := range ds.Relations[:20] {
		r.ID += "-again"
		r.Note = "stated again"
		ds.Relations = append(ds.Relations, r)
	}
	stated := map[string]bool{}
	repeated := 0
	for _, r := range ds.Relations {
		for _, c := range r.Citations {
			k := fmt.Sprint(r.Subject, r.Type, r.Object, c.Source)
			if stated[k] {
				repeated++
			}
			stated[k] = true
		}
	}
	if repeated == 0 {
		t.Fatal("the generated relations state no direct triple twice")
	}
	parts := []*history.Dataset{
		{Sources: ds.Sources, Entities: ds.Entities},
		{Events: ds.Events},
		{Relations: ds.Relations, Claims: ds.Claims},
	}
	for _, preload := range []int{0, -1} {
		t.Run(fmt.Sprintf("preload %d", preload), func(t *testing.T) {
			bulk := openTest(t, dsnFor(t, "bbolt"), Options{bulk: cayleykv.Options{BatchSize: 4999, Preload: preload}})
			cayley := openTest(t, dsnFor(t, "bbolt"), Options{})
			loadBothWays(t, bulk, cayley, parts...)
			if d := diffDatasets(mustDataset(t, bulk), canon{}.dataset(ds)); d != "" {
				t.Errorf("records read back differ from those loaded:\n%s", d)
			}
		})
	}
}
