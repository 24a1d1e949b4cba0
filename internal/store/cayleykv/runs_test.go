package cayleykv

import (
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"

	ckv "github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/quad"
)

// TestIndexRunsMerge writes batches of index entries as runs and expects
// merge to give each index's keys once, in order, each with the ids of all
// its entries over all runs, ascending.
func TestIndexRunsMerge(t *testing.T) {
	indexes := []ckv.QuadIndex{
		{Dirs: []quad.Direction{quad.Subject, quad.Predicate}},
		{Dirs: []quad.Direction{quad.Object, quad.Predicate, quad.Subject}},
		{Dirs: []quad.Direction{quad.Label}},
	}
	cases := []struct {
		name    string
		batches []int // quads per batch
		nodes   uint64
	}{
		{"no batches", nil, 10},
		{"an empty batch", []int{0}, 10},
		{"one batch", []int{50}, 10},
		{"keys shared by every batch", []int{40, 40, 40, 40}, 3},
		{"batches of every size", []int{1, 0, 300, 7, 2, 1000}, 40},
		{"ids wider than 32 bits", []int{20, 20}, 1 << 40},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(uint64(len(tc.batches)), tc.nodes))
			runs, err := createIndexRuns(filepath.Join(t.TempDir(), "runs"), indexes)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = runs.close() })
			all := make([][]indexEntry, len(indexes))
			id := uint64(1 << 33)
			for _, n := range tc.batches {
				batch := make([][]indexEntry, len(indexes))
				for range n {
					q := [4]uint64{1 + rng.Uint64N(tc.nodes), 1 + rng.Uint64N(3), 1 + rng.Uint64N(tc.nodes), rng.Uint64N(2)}
					id++
					for i, ind := range indexes {
						batch[i] = append(batch[i], newIndexEntry(ind, q, id))
					}
				}
				for i := range batch {
					slices.SortFunc(batch[i], compareIndexEntries)
					all[i] = append(all[i], batch[i]...)
				}
				if err := runs.add(batch); err != nil {
					t.Fatal(err)
				}
			}
			var want int64
			for i, ind := range indexes {
				want += int64(len(all[i]))
				slices.SortFunc(all[i], compareIndexEntries)
				var got []indexEntry
				var last []uint64
				err := runs.merge(i, func(key, ids []uint64) error {
					if len(key) != len(ind.Dirs) {
						t.Fatalf("index %d: a key of %d ids, want %d", i, len(key), len(ind.Dirs))
					}
					if last != nil && slices.Compare(key, last) <= 0 {
						t.Errorf("index %d: key %v after %v", i, key, last)
					}
					last = slices.Clone(key)
					for _, id := range ids {
						var e indexEntry
						copy(e.key[:], key)
						e.id = id
						got = append(got, e)
					}
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(got, all[i]) {
					t.Errorf("index %d: merged %d entries, want %d: %v, want %v", i, len(got), len(all[i]), head(got), head(all[i]))
				}
			}
			if got := runs.entries(); got != want {
				t.Errorf("entries() = %d, want %d", got, want)
			}
		})
	}
}

func head(es []indexEntry) []indexEntry { return es[:min(len(es), 5)] }

// TestIndexRunsMergeStopsOnError expects merge to return fn's error at
// once.
func TestIndexRunsMergeStopsOnError(t *testing.T) {
	ind := ckv.QuadIndex{Dirs: []quad.Direction{quad.Subject}}
	runs, err := createIndexRuns(filepath.Join(t.TempDir(), "runs"), []ckv.QuadIndex{ind})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = runs.close() })
	batch := []indexEntry{{key: [4]uint64{1}, id: 10}, {key: [4]uint64{2}, id: 11}, {key: [4]uint64{3}, id: 12}}
	if err := runs.add([][]indexEntry{batch}); err != nil {
		t.Fatal(err)
	}
	stop := errors.New("stop")
	calls := 0
	err = runs.merge(0, func(key, ids []uint64) error { calls++; return stop })
	if !errors.Is(err, stop) || calls != 1 {
		t.Errorf("merge = %v after %d calls, want %v after 1", err, calls, stop)
	}
}

// TestIndexRunsCloseOnce: close removes the file once; a second close does
// nothing, not even remove a file made at the same path since.
func TestIndexRunsCloseOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "runs")
	runs, err := createIndexRuns(path, []ckv.QuadIndex{{Dirs: []quad.Direction{quad.Subject}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := runs.close(); err != nil {
		t.Fatalf("first close: %v", err)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the runs file is still there after close: %v", err)
	}
	if err := os.WriteFile(path, []byte("another load's"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := runs.close(); err != nil {
		t.Errorf("second close: %v", err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Errorf("a second close removed a file made since: %v", err)
	}
}
