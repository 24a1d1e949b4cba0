package search

import (
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/memoria-history/memoria/internal/history"
)

// withDelta applies MEMORIA_BENCH_DELTA changed entries to ix, in commits
// of ten: four in five renamed after another entry, the rest removed, so
// that the benchmarks measure an index with a delta beside its base; none
// by default.
func withDelta(b *testing.B, ix *Index, entries []Entry) *Index {
	b.Helper()
	n := 0
	if s := os.Getenv("MEMORIA_BENCH_DELTA"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil {
			b.Fatalf("MEMORIA_BENCH_DELTA: %v", err)
		}
	}
	r := rand.New(rand.NewPCG(31, 37))
	cur := map[history.ID]*history.Entity{}
	held := func(e Entry) *history.Entity {
		if x, ok := cur[e.ID]; ok {
			return x
		}
		return &history.Entity{ID: e.ID, Kind: e.Kind, Name: e.Name, Names: e.Names}
	}
	for range n / 10 {
		ed := &history.Edits{}
		for range 10 {
			e := entries[r.IntN(len(entries))]
			old := held(e)
			if old == nil || slices.ContainsFunc(ed.Entities, func(x history.Edit[history.Entity]) bool { return x.ID == e.ID }) {
				continue
			}
			edit := history.Edit[history.Entity]{ID: e.ID, Old: old}
			if r.IntN(5) != 0 {
				other := entries[r.IntN(len(entries))]
				edit.New = &history.Entity{ID: e.ID, Kind: e.Kind, Name: other.Name, Names: other.Names}
			}
			cur[e.ID] = edit.New
			ed.Entities = append(ed.Entities, edit)
		}
		slices.SortFunc(ed.Entities, func(a, b history.Edit[history.Entity]) int { return strings.Compare(string(a.ID), string(b.ID)) })
		ix = ix.Apply(ed)
	}
	return ix
}
