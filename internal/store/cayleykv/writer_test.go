package cayleykv

// A Writer against Cayley's own writer: the same quads added both ways must
// make the same store, and a store true to its log.

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"testing"

	"github.com/cayleygraph/quad"
	bbolt "go.etcd.io/bbolt"
)

// wantSameStores expects bulk, written by a Writer, to hold what cayley,
// written by Cayley's writer, holds: quads (as loadBothWays compares
// them), quad count, the quads under each index key, and, unless a shared
// quad came twice, the per-node reference counts (Cayley's writer counts
// the references of a duplicate quad it then skips). It also holds bulk's
// buckets to its log.
func wantSameStores(t *testing.T, bulk, cayley *testStore, repeats bool) {
	t.Helper()
	checkLayout(t, bulk)
	if got, want := bulk.size(), cayley.size(); got != want {
		t.Errorf("quad count = %d, Cayley's store says %d", got, want)
	}
	if !repeats {
		if got, want := refCounts(bulk), refCounts(cayley); !maps.Equal(got, want) {
			t.Errorf("reference counts differ: %d nodes vs %d in Cayley's store", len(got), len(want))
		}
	}
	if got, want := indexedQuads(bulk), indexedQuads(cayley); !slices.Equal(got, want) {
		t.Errorf("indexes differ: %d entries vs %d in Cayley's store; first difference: %s", len(got), len(want), firstDiff(got, want))
	}
	bulk.wantNothingLeftBeside()
}

// TestWriterMatchesCayleyWriter adds the same quads with a Writer and with
// Cayley's QuadWriter, in three loads, so that the later ones write next
// to stored data and under index keys of stored quads (direct triples of
// stored subjects and predicates), and compares the stores.
func TestWriterMatchesCayleyWriter(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	records := genRecords(rng, 600, false)
	parts := [][]testQuad{
		slices.Concat(records[:200]...), slices.Concat(records[200:400]...), slices.Concat(records[400:]...),
	}
	cases := []struct {
		name string
		opts Options
	}{
		{"nodes preloaded", Options{BatchSize: 997}},
		{"nodes looked up", Options{BatchSize: 997, Preload: -1}},
		{"indexes written in small transactions", Options{BatchSize: 997, FinishCommitBytes: 512}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			bulk, cayley := newTestStore(t), newTestStore(t)
			loadBothWays(t, bulk, cayley, tc.opts, parts...)
			wantSameStores(t, bulk, cayley, false)
		})
	}
}

// TestWriterSharedQuadsOnce adds a shared quad twice, in one load and in
// two, and expects it stored once.
func TestWriterSharedQuadsOnce(t *testing.T) {
	a, b, src := recordIRI(1), recordIRI(2), sources[0]
	nodes := []testQuad{
		{Quad: quad.Make(a, vocab("name"), quad.String("A"), src)},
		{Quad: quad.Make(b, vocab("name"), quad.String("B"), src)},
	}
	direct := testQuad{Quad: quad.Make(a, vocab("memberOf"), b, src), shared: true}
	want := quad.Make(a, vocab("memberOf"), b, src).NQuad()
	stored := func(s *testStore) int {
		n := 0
		for _, q := range s.quads() {
			if q == want {
				n++
			}
		}
		return n
	}
	t.Run("one load", func(t *testing.T) {
		s := newTestStore(t)
		s.addBulk(Options{BatchSize: 2}, append(slices.Clone(nodes), direct, direct))
		if n := stored(s); n != 1 {
			t.Errorf("shared quad stored %d times, want 1", n)
		}
	})
	t.Run("two loads", func(t *testing.T) {
		s := newTestStore(t)
		s.addBulk(Options{}, append(slices.Clone(nodes), direct))
		if counts := s.addBulk(Options{Preload: -1}, []testQuad{direct}); counts != (Counts{}) {
			t.Errorf("a load of a stored shared quad wrote %+v, want nothing", counts)
		}
		if n := stored(s); n != 1 {
			t.Errorf("shared quad stored %d times, want 1", n)
		}
		checkLayout(t, s)
	})
}

// randomSeeds is how many random loads TestWriterRandomLoads tries:
// MEMORIA_BULK_SEEDS, or a few for an ordinary run.
func randomSeeds(tb testing.TB) uint64 {
	if v := os.Getenv("MEMORIA_BULK_SEEDS"); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			tb.Fatalf("MEMORIA_BULK_SEEDS=%q: %v", v, err)
		}
		return n
	}
	return 6
}

// TestWriterRandomLoads adds random records (on odd seeds with direct
// triples stated again) in one to five parts, with random batch sizes,
// transaction sizes in the last phase and preloading, and expects what
// Cayley's writer stores, and a layout true to the log.
// MEMORIA_BULK_SEEDS=200 tries more.
func TestWriterRandomLoads(t *testing.T) {
	for seed := range randomSeeds(t) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 99))
			repeats := seed%2 == 1
			parts := splitRecords(rng, genRecords(rng, 10+rng.IntN(400), repeats), 1+rng.IntN(5))
			opts := Options{BatchSize: 1 + rng.IntN(400), FinishCommitBytes: 1 + rng.IntN(4000)}
			switch rng.IntN(3) {
			case 0:
				opts.Preload = -1
			case 1:
				opts.Preload = 1 + rng.IntN(3000)
			}
			t.Logf("%d parts, options %+v, repeated triples %v", len(parts), opts, repeats)
			bulk, cayley := newTestStore(t), newTestStore(t)
			loadBothWays(t, bulk, cayley, opts, parts...)
			wantSameStores(t, bulk, cayley, repeats)
		})
	}
}

// TestWriterBetweenCayleyLoads alternates a Writer and Cayley's writer on
// one store, and expects what Cayley's writer alone stores.
func TestWriterBetweenCayleyLoads(t *testing.T) {
	for seed := range uint64(3) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 7))
			parts := splitRecords(rng, genRecords(rng, 10+rng.IntN(400), false), 2+rng.IntN(5))
			opts := Options{BatchSize: 1 + rng.IntN(300), FinishCommitBytes: 1 + rng.IntN(3000)}
			if rng.IntN(2) == 0 {
				opts.Preload = -1
			}
			mixed, cayley := newTestStore(t), newTestStore(t)
			for i, p := range parts {
				if i%2 == 1 {
					mixed.addCayley(p)
				} else {
					mixed.addBulk(opts, p)
				}
				cayley.addCayley(p)
			}
			if got, want := mixed.quads(), cayley.quads(); !slices.Equal(got, want) {
				t.Errorf("quads differ: %s", firstDiff(got, want))
			}
			wantSameStores(t, mixed, cayley, false)
		})
	}
}

// TestWriterSmallestBatchesAndTransactions writes a quad a batch and
// commits after every put of the last phase.
func TestWriterSmallestBatchesAndTransactions(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	parts := splitRecords(rng, genRecords(rng, 20, false), 4)
	cases := []struct {
		name string
		opts Options
	}{
		{"nodes preloaded", Options{BatchSize: 1, FinishCommitBytes: 1}},
		{"nodes looked up", Options{BatchSize: 1, FinishCommitBytes: 1, Preload: -1}},
		{"one transaction at the end", Options{BatchSize: 2, FinishCommitBytes: 1 << 30, Preload: 1}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			bulk, cayley := newTestStore(t), newTestStore(t)
			loadBothWays(t, bulk, cayley, tc.opts, parts...)
			wantSameStores(t, bulk, cayley, false)
		})
	}
}

// newLegacyStore writes the empty key-value store that Cayley before 0.7.6
// made: data version 2 and no "indexes" key in meta, which Cayley
// (kv.readIndexesMeta) reads as its legacy indexes, s and o.
func newLegacyStore(t *testing.T) *testStore {
	t.Helper()
	s := &testStore{tb: t, file: t.TempDir() + "/indexes.bolt"}
	db, err := bbolt.Open(s.file, 0o644, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bbolt.Tx) error {
		meta, err := tx.CreateBucket(bucketMeta)
		if err != nil {
			return err
		}
		if err := meta.Put([]byte("version"), binary.LittleEndian.AppendUint64(nil, 2)); err != nil {
			return err
		}
		for _, name := range []string{"log", "s", "o"} {
			if _, err := tx.CreateBucket([]byte(name)); err != nil {
				return err
			}
		}
		return nil
	})
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestWriterLegacyIndexes: a store written by an older Cayley has no list
// of its indexes; Cayley reads it as an index by subject and one by object.
// A Writer once required the list and failed ("read the store's quad
// indexes: unexpected end of JSON input") instead of writing those two.
func TestWriterLegacyIndexes(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	parts := splitRecords(rng, genRecords(rng, 60, false), 2)
	bulk, cayley := newLegacyStore(t), newLegacyStore(t)
	loadBothWays(t, bulk, cayley, Options{BatchSize: 50}, parts...)
	wantSameStores(t, bulk, cayley, false)
}

// TestWriteCopyLeavesFileOnFailure: when write fails, or adds nothing, the
// copy is removed and the file is as it was.
func TestWriteCopyLeavesFileOnFailure(t *testing.T) {
	s := newTestStore(t)
	rng := rand.New(rand.NewPCG(8, 8))
	first := slices.Concat(genRecords(rng, 20, false)...)
	s.addBulk(Options{}, first)
	before := s.quads()
	stop := errors.New("stop")
	cases := []struct {
		name    string
		write   func(context.Context, *Writer) error
		wantErr error
	}{
		{"write fails after adding", func(ctx context.Context, w *Writer) error {
			q := quad.Make(recordIRI(1000), vocab("name"), quad.String("new"), nil)
			if err := w.Add(ctx, q, false); err != nil {
				return err
			}
			return stop
		}, stop},
		{"nothing added", func(context.Context, *Writer) error { return nil }, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			counts, err := s.writeCopy(Options{BatchSize: 1}, tc.write)
			if !errors.Is(err, tc.wantErr) || (err == nil && counts != (Counts{})) {
				t.Errorf("WriteCopy = %+v, %v; want nothing written and %v", counts, err, tc.wantErr)
			}
			s.wantNothingLeftBeside()
			if got := s.quads(); !slices.Equal(got, before) {
				t.Errorf("the store holds %d quads, want the %d it held", len(got), len(before))
			}
		})
	}
}
