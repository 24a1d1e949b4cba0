package store

import (
	"bytes"
	"context"
	"reflect"
	"slices"
	"testing"

	"github.com/cayleygraph/quad"
	bbolt "go.etcd.io/bbolt"

	"github.com/memoria-history/memoria/internal/history"
)

// TestScanLogMatchesIterators reads bbolt stores written by Cayley's writer
// and by the bulk writer both ways, through Cayley's iterators and straight
// from the log, and expects the same quads in the same order.
func TestScanLogMatchesIterators(t *testing.T) {
	full := fullDataset()
	cases := []struct {
		name string
		load LoadOptions
	}{
		{"bulk writer", LoadOptions{}},
		{"Cayley's writer", LoadOptions{CayleyWriter: true}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := openTest(t, dsnFor(t, "bbolt"), Options{bulkBatch: 64})
			ctx := context.Background()
			for _, part := range []*history.Dataset{{Sources: full.Sources, Entities: full.Entities}, {Events: full.Events, Relations: full.Relations, Claims: full.Claims}} {
				if _, err := s.LoadWith(ctx, part, tc.load); err != nil {
					t.Fatal(err)
				}
			}
			collect := func(scan func(func(quad.Quad) error) error) []string {
				var out []string
				if err := scan(func(q quad.Quad) error { out = append(out, q.NQuad()); return nil }); err != nil {
					t.Fatal(err)
				}
				return out
			}
			s.rlock()
			defer s.runlock()
			want := collect(func(fn func(quad.Quad) error) error { return scanQuads(ctx, s.qs, fn) })
			got := collect(func(fn func(quad.Quad) error) error { return scanLog(ctx, s.bboltDB(), fn) })
			if len(want) == 0 {
				t.Fatal("no quads stored")
			}
			if !slices.Equal(got, want) {
				t.Errorf("scanLog read %d quads, the iterators %d; first difference: %s", len(got), len(want), firstDiff(got, want))
			}
		})
	}
}

// TestStatsFromLogMatchesIterators counts a bbolt store both ways, from
// the log and through Cayley's iterators, and expects the same Stats.
func TestStatsFromLogMatchesIterators(t *testing.T) {
	s := openTest(t, dsnFor(t, "bbolt"), Options{})
	mustLoad(t, s, fullDataset())
	mustLoad(t, s, syntheticDataset(50))
	ctx := context.Background()
	s.rlock()
	defer s.runlock()
	viaIterators, err := stats(ctx, s.qs, func(fn func([]refQuad) error) error { return scanRefs(ctx, s.qs, fn) })
	if err != nil {
		t.Fatal(err)
	}
	viaLog, err := stats(ctx, s.qs, func(fn func([]refQuad) error) error { return scanLogRefs(ctx, s.bboltDB(), fn) })
	if err != nil {
		t.Fatal(err)
	}
	if viaIterators.Quads == 0 || !reflect.DeepEqual(viaLog, viaIterators) {
		t.Errorf("stats from the log = %+v\nthrough the iterators = %+v", viaLog, viaIterators)
	}
}

func TestNodeValues(t *testing.T) {
	tests := []struct {
		name        string
		last, limit uint64
		wantDense   int
	}{
		{name: "ids up to the log's last, in a slice", last: 10, limit: 1000, wantDense: 11},
		{name: "more ids than the store could hold, in a map", last: 5000, limit: 1000, wantDense: 0},
		{name: "an empty log", last: 0, limit: 1000, wantDense: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := newNodeValues(tt.last, tt.limit)
			if len(n.dense) != tt.wantDense {
				t.Fatalf("slice of %d, want %d", len(n.dense), tt.wantDense)
			}
			set := map[uint64]quad.Value{1: quad.IRI("a"), 7: quad.String("b"), 10: quad.Int(3), 11: quad.IRI("beyond"), 4000: quad.IRI("far"), 5: nil}
			for id, v := range set {
				n.set(id, v)
			}
			for id := range uint64(4002) {
				want, wantOK := set[id]
				got, ok := n.get(id)
				if ok != wantOK || got != want {
					t.Errorf("get(%d) = %v, %v; want %v, %v", id, got, ok, want, wantOK)
				}
			}
		})
	}
}

// TestDropMappedPagesKeepsTheData reads a store's log, lets go of the
// mapped pages in the same read transaction, and expects the same bytes
// when reading it again: the pages come back from the file.
func TestDropMappedPagesKeepsTheData(t *testing.T) {
	s := openTest(t, dsnFor(t, "bbolt"), Options{})
	mustLoad(t, s, fullDataset())
	s.rlock()
	defer s.runlock()
	db := s.bboltDB()
	err := db.View(func(tx *bbolt.Tx) error {
		read := func() []byte {
			var all []byte
			c := tx.Bucket(bucketLog).Cursor()
			for k, v := c.First(); k != nil; k, v = c.Next() {
				all = append(append(all, k...), v...)
			}
			return all
		}
		before := read()
		if len(before) == 0 {
			t.Fatal("an empty log")
		}
		if err := dropMappedPages(db, tx.Size()); err != nil {
			return err
		}
		if after := read(); !bytes.Equal(after, before) {
			t.Errorf("the log reads %d bytes after its pages were dropped, %d before, and differs", len(after), len(before))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
