package store

// Random loads in several parts, in random batch and transaction sizes,
// compared with Cayley's own writer and with the store's log.

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	cproto "github.com/cayleygraph/cayley/graph/proto"
	"github.com/cayleygraph/cayley/graph/refs"
	"github.com/cayleygraph/quad/pquads"
	bbolt "go.etcd.io/bbolt"
	"google.golang.org/protobuf/proto"

	"github.com/memoria-history/memoria/internal/dataset"
	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/synth"
)

// randomSeeds is how many random loads TestBulkRandomLoads tries:
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

// TestBulkRandomLoads loads random datasets (synthetic, or generated with
// relations stating a direct triple again) in one to five parts, with
// random batch sizes, transaction sizes in the last phase and preloading,
// and expects what Cayley's writer stores, and a layout true to the log.
// MEMORIA_BULK_SEEDS=200 tries more.
func TestBulkRandomLoads(t *testing.T) {
	for seed := range randomSeeds(t) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 99))
			ds := syntheticDataset(10 + rng.IntN(150))
			repeats := seed%2 == 1
			if repeats {
				dir := filepath.Join(t.TempDir(), "gen")
				if _, err := synth.Generate(context.Background(), dir, synth.Options{People: 20 + rng.IntN(120), Seed: seed}); err != nil {
					t.Fatal(err)
				}
				var err error
				if ds, err = dataset.ReadFS(context.Background(), os.DirFS(dir), ".", dir); err != nil {
					t.Fatal(err)
				}
				for _, r := range ds.Relations[:min(10, len(ds.Relations))] {
					r.ID += "-again"
					r.Note = "stated again"
					ds.Relations = append(ds.Relations, r)
				}
			}
			parts := splitDataset(rng, ds, 1+rng.IntN(5))
			opts := Options{bulkBatch: 1 + rng.IntN(400), finishCommitBytes: 1 + rng.IntN(4000)}
			switch rng.IntN(3) {
			case 0:
				opts.bulkPreload = -1
			case 1:
				opts.bulkPreload = 1 + rng.IntN(3000)
			}
			t.Logf("%d parts, options %+v, repeated triples %v", len(parts), opts, repeats)
			bulk := openTest(t, dsnFor(t, "bbolt"), opts)
			cayley := openTest(t, dsnFor(t, "bbolt"), Options{})
			loadBothWays(t, bulk, cayley, parts...)
			checkLayout(t, bulk)
			if d := diffDatasets(mustDataset(t, bulk), mustDataset(t, cayley)); d != "" {
				t.Errorf("records differ:\n%s", d)
			}
			// Cayley's writer counts the references of a repeated quad it
			// skips; the bulk writer does not write it.
			if !repeats {
				if got, want := refCounts(t, bulk), refCounts(t, cayley); !maps.Equal(got, want) {
					t.Errorf("reference counts differ: %d nodes vs %d", len(got), len(want))
				}
			}
			if got, want := indexedQuads(t, bulk), indexedQuads(t, cayley); !slices.Equal(got, want) {
				t.Errorf("indexes differ: %d entries vs %d: %s", len(got), len(want), firstDiff(got, want))
			}
			wantNothingLeftBeside(t, bulk)
		})
	}
}

// TestBulkBetweenCayleyLoads alternates the bulk writer and Cayley's on one
// store, and expects what Cayley's writer alone stores.
func TestBulkBetweenCayleyLoads(t *testing.T) {
	for seed := range uint64(3) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 7))
			parts := splitDataset(rng, syntheticDataset(10+rng.IntN(150)), 2+rng.IntN(5))
			opts := Options{bulkBatch: 1 + rng.IntN(300), finishCommitBytes: 1 + rng.IntN(3000)}
			if rng.IntN(2) == 0 {
				opts.bulkPreload = -1
			}
			mixed := openTest(t, dsnFor(t, "bbolt"), opts)
			cayley := openTest(t, dsnFor(t, "bbolt"), Options{})
			ctx := context.Background()
			for i, p := range parts {
				if _, err := mixed.LoadWith(ctx, p, LoadOptions{CayleyWriter: i%2 == 1}); err != nil {
					t.Fatal(err)
				}
				if _, err := cayley.LoadWith(ctx, p, LoadOptions{CayleyWriter: true}); err != nil {
					t.Fatal(err)
				}
			}
			checkLayout(t, mixed)
			if got, want := refCounts(t, mixed), refCounts(t, cayley); !maps.Equal(got, want) {
				t.Errorf("reference counts differ: %d nodes vs %d", len(got), len(want))
			}
			if got, want := indexedQuads(t, mixed), indexedQuads(t, cayley); !slices.Equal(got, want) {
				t.Errorf("indexes differ: %s", firstDiff(got, want))
			}
			if d := diffDatasets(mustDataset(t, mixed), mustDataset(t, cayley)); d != "" {
				t.Errorf("records differ:\n%s", d)
			}
		})
	}
}

// TestBulkSmallestBatchesAndTransactions writes a quad a batch and commits
// after every put of the last phase.
func TestBulkSmallestBatchesAndTransactions(t *testing.T) {
	parts := splitDataset(rand.New(rand.NewPCG(3, 3)), syntheticDataset(15), 4)
	cases := []struct {
		name string
		opts Options
	}{
		{"nodes preloaded", Options{bulkBatch: 1, finishCommitBytes: 1}},
		{"nodes looked up", Options{bulkBatch: 1, finishCommitBytes: 1, bulkPreload: -1}},
		{"one transaction at the end", Options{bulkBatch: 2, finishCommitBytes: 1 << 30, bulkPreload: 1}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			bulk := openTest(t, dsnFor(t, "bbolt"), tc.opts)
			cayley := openTest(t, dsnFor(t, "bbolt"), Options{})
			loadBothWays(t, bulk, cayley, parts...)
			checkLayout(t, bulk)
			if got, want := refCounts(t, bulk), refCounts(t, cayley); !maps.Equal(got, want) {
				t.Errorf("reference counts differ: %d nodes vs %d", len(got), len(want))
			}
			if got, want := indexedQuads(t, bulk), indexedQuads(t, cayley); !slices.Equal(got, want) {
				t.Errorf("indexes differ: %s", firstDiff(got, want))
			}
		})
	}
}

// checkLayout holds a bbolt store's buckets to its log, without Cayley: the
// "v" buckets hold exactly each node's hash and id, the "n" buckets exactly
// how many quad directions name each node, each index exactly the quads
// under each key, ids ascending, and meta the quad count and the last id.
func checkLayout(t *testing.T, s *Store) {
	t.Helper()
	s.rlock()
	defer s.runlock()
	err := s.bboltDB().View(func(tx *bbolt.Tx) error {
		nodeIDs := map[refs.ValueHash]uint64{}
		refc := map[refs.ValueHash]uint64{}
		hashOf := map[uint64]refs.ValueHash{}
		var quads [][5]uint64
		var last uint64
		err := tx.Bucket(bucketLog).ForEach(func(k, v []byte) error {
			var p cproto.Primitive
			if err := proto.Unmarshal(v, &p); err != nil {
				return err
			}
			last = p.ID
			if p.Value != nil {
				val, err := pquads.UnmarshalValue(p.Value)
				if err != nil {
					return err
				}
				h := refs.HashOf(val)
				nodeIDs[h] = p.ID
				hashOf[p.ID] = h
				return nil
			}
			quads = append(quads, [5]uint64{p.Subject, p.Predicate, p.Object, p.Label, p.ID})
			for _, id := range []uint64{p.Subject, p.Predicate, p.Object, p.Label} {
				if id != 0 {
					refc[hashOf[id]]++
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		gotIDs := map[refs.ValueHash]uint64{}
		gotRefs := map[refs.ValueHash]uint64{}
		err = tx.ForEach(func(name []byte, b *bbolt.Bucket) error {
			if len(name) != 3 || (name[0] != nodePrefix && name[0] != refsPrefix) {
				return nil
			}
			return b.ForEach(func(k, v []byte) error {
				var h refs.ValueHash
				copy(h[:], k)
				if k[0] != name[1] || k[1] != name[2] {
					t.Errorf("key %x in bucket %x", k, name)
				}
				n, _ := binary.Uvarint(v)
				if name[0] == nodePrefix {
					gotIDs[h] = n
				} else {
					gotRefs[h] = n
				}
				return nil
			})
		})
		if err != nil {
			return err
		}
		if !maps.Equal(gotIDs, nodeIDs) {
			t.Errorf("node ids: %d stored, %d in log", len(gotIDs), len(nodeIDs))
		}
		if !maps.Equal(gotRefs, refc) {
			for h, n := range refc {
				if gotRefs[h] != n {
					t.Errorf("refs of %x = %d, want %d", h, gotRefs[h], n)
					break
				}
			}
			t.Errorf("ref counts: %d stored, %d computed", len(gotRefs), len(refc))
		}
		meta := tx.Bucket(bucketMeta)
		if got := metaInt(meta, metaSize); got != int64(len(quads)) {
			t.Errorf("size = %d, want %d", got, len(quads))
		}
		if got := metaInt(meta, metaHorizon); uint64(got) != last {
			t.Errorf("horizon = %d, last log id %d", got, last)
		}
		indexes, err := quadIndexes(meta)
		if err != nil {
			return err
		}
		for _, ind := range indexes {
			want := map[string][]byte{}
			for _, q := range quads {
				k := indexKey(ind, [4]uint64{q[0], q[1], q[2], q[3]}, nil)
				want[string(k)] = binary.AppendUvarint(want[string(k)], q[4])
			}
			got := map[string][]byte{}
			_ = tx.Bucket(indexBucket(ind)).ForEach(func(k, v []byte) error {
				got[string(k)] = bytes.Clone(v)
				return nil
			})
			if !maps.EqualFunc(got, want, bytes.Equal) {
				n := 0
				for k, v := range want {
					if !bytes.Equal(got[k], v) && n < 3 {
						t.Errorf("index %s key %x: got %x want %x", indexBucket(ind), k, got[k], v)
						n++
					}
				}
				t.Errorf("index %s differs: %d keys vs %d", indexBucket(ind), len(got), len(want))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// splitDataset cuts ds into k parts at random places of its records, in
// the order sources, entities, events, relations, claims, so that a part
// refers only to records of its own or of earlier parts.
func splitDataset(rng *rand.Rand, ds *history.Dataset, k int) []*history.Dataset {
	type item func(*history.Dataset)
	var items []item
	for _, x := range ds.Sources {
		items = append(items, func(d *history.Dataset) { d.Sources = append(d.Sources, x) })
	}
	for _, x := range ds.Entities {
		items = append(items, func(d *history.Dataset) { d.Entities = append(d.Entities, x) })
	}
	for _, x := range ds.Events {
		items = append(items, func(d *history.Dataset) { d.Events = append(d.Events, x) })
	}
	for _, x := range ds.Relations {
		items = append(items, func(d *history.Dataset) { d.Relations = append(d.Relations, x) })
	}
	for _, x := range ds.Claims {
		items = append(items, func(d *history.Dataset) { d.Claims = append(d.Claims, x) })
	}
	cuts := []int{0, len(items)}
	for range k - 1 {
		cuts = append(cuts, rng.IntN(len(items)+1))
	}
	slices.Sort(cuts)
	var parts []*history.Dataset
	for i := 0; i+1 < len(cuts); i++ {
		d := &history.Dataset{}
		for _, it := range items[cuts[i]:cuts[i+1]] {
			it(d)
		}
		parts = append(parts, d)
	}
	return parts
}
