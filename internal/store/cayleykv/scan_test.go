package cayleykv

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/cayleygraph/cayley/graph"
	cproto "github.com/cayleygraph/cayley/graph/proto"
	"github.com/cayleygraph/quad"
	bbolt "go.etcd.io/bbolt"
	"google.golang.org/protobuf/proto"
)

// TestScanLogMatchesIterators reads stores written by Cayley's writer and
// by a Writer both ways, through Cayley's iterators and straight from the
// log, and expects the same quads in the same order; and ScanLogRefs to
// give the same quads as references.
func TestScanLogMatchesIterators(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	parts := splitRecords(rng, genRecords(rng, 200, true), 2)
	cases := []struct {
		name string
		add  func(s *testStore, part []testQuad)
	}{
		{"a Writer", func(s *testStore, part []testQuad) { s.addBulk(Options{BatchSize: 64}, part) }},
		{"Cayley's writer", func(s *testStore, part []testQuad) { s.addCayley(part) }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := newTestStore(t)
			for _, part := range parts {
				tc.add(s, part)
			}
			ctx := context.Background()
			var want, got, refs []string
			s.withCayley(func(qs graph.QuadStore, db *bbolt.DB) error {
				it := qs.QuadsAllIterator().Iterate()
				defer it.Close()
				for it.Next(ctx) {
					q, err := qs.Quad(it.Result())
					if err != nil {
						return err
					}
					want = append(want, q.NQuad())
				}
				if err := it.Err(); err != nil {
					return err
				}
				err := ScanLog(ctx, db, func(q quad.Quad) error { got = append(got, q.NQuad()); return nil })
				if err != nil {
					return err
				}
				return ScanLogRefs(ctx, db, func(batch [][4]graph.Ref) error {
					for _, r := range batch {
						vals, err := graph.ValuesOf(ctx, qs, r[:])
						if err != nil {
							return err
						}
						refs = append(refs, quad.Make(vals[0], vals[1], vals[2], vals[3]).NQuad())
					}
					return nil
				})
			})
			if len(want) == 0 {
				t.Fatal("no quads stored")
			}
			if !slices.Equal(got, want) {
				t.Errorf("ScanLog read %d quads, the iterators %d; first difference: %s", len(got), len(want), firstDiff(got, want))
			}
			if !slices.Equal(refs, want) {
				t.Errorf("ScanLogRefs gave %d quads, the iterators %d; first difference: %s", len(refs), len(want), firstDiff(refs, want))
			}
		})
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

// TestScanLogDamaged expects ErrCorrupt, naming what is wrong, from a log
// entry that does not decode, a node whose value does not, and a quad that
// names a node not stored before it.
func TestScanLogDamaged(t *testing.T) {
	primitive := func(p *cproto.Primitive) []byte {
		b, err := proto.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	cases := []struct {
		name  string
		entry func(id uint64) []byte
		words string
	}{
		{"an entry that does not decode", func(uint64) []byte { return []byte{0x08, 0xff} }, "decode log entry"},
		{"a value that does not decode", func(id uint64) []byte { return primitive(&cproto.Primitive{ID: id, Value: []byte{0x1a, 0x05, 'a'}}) }, "decode node"},
		{"a quad naming no stored node", func(id uint64) []byte {
			return primitive(&cproto.Primitive{ID: id, Subject: id + 100, Predicate: 1, Object: 1})
		}, "not stored before it"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := newTestStore(t)
			s.addBulk(Options{}, genRecords(rand.New(rand.NewPCG(1, 1)), 1, false)[0])
			db, err := bbolt.Open(s.file, 0o644, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			err = db.Update(func(tx *bbolt.Tx) error {
				id := uint64(metaInt(tx.Bucket(bucketMeta), metaHorizon)) + 1
				return tx.Bucket(bucketLog).Put(binary.BigEndian.AppendUint64(nil, id), tc.entry(id))
			})
			if err != nil {
				t.Fatal(err)
			}
			err = ScanLog(context.Background(), db, func(quad.Quad) error { return nil })
			if !errors.Is(err, ErrCorrupt) || !bytes.Contains([]byte(err.Error()), []byte(tc.words)) {
				t.Errorf("ScanLog error = %v, want one matching ErrCorrupt that says %q", err, tc.words)
			}
		})
	}
}

// TestDropMappedPagesKeepsTheData reads a store's log, lets go of the
// mapped pages in the same read transaction, and expects the same bytes
// when reading it again: the pages come back from the file.
func TestDropMappedPagesKeepsTheData(t *testing.T) {
	s := newTestStore(t)
	s.addBulk(Options{}, slices.Concat(genRecords(rand.New(rand.NewPCG(2, 2)), 50, false)...))
	s.view(func(db *bbolt.DB) error {
		return db.View(func(tx *bbolt.Tx) error {
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
	})
}
