package readmodel

import (
	"context"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"testing"

	"github.com/memoria-history/memoria/internal/dataset"
	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/synth"
	"github.com/memoria-history/memoria/seed"
)

// TestIncrementalMatchesRebuilt applies random sequences of commits
// (records of every kind created, corrected and retracted, one to eight a
// commit; and in runs applied as one change, see followGroupsAndCompare)
// to the seed and to synthetic datasets, and checks every few
// commits that the view that followed them answers every query exactly as
// a view built afresh from the records they left: look-ups, lists,
// timelines, disputes, edges, paths, neighbourhoods, common connections,
// selections and searches.
//
// MEMORIA_READMODEL_SEEDS sets how many sequences each dataset gets (2 by
// default; a few hundred for a long run), MEMORIA_READMODEL_STEPS how many
// commits each has (60).
func TestIncrementalMatchesRebuilt(t *testing.T) {
	seeds, steps := envInt(t, "MEMORIA_READMODEL_SEEDS", 2), envInt(t, "MEMORIA_READMODEL_STEPS", 60)
	for _, dt := range testDatasets() {
		t.Run(dt.name, func(t *testing.T) {
			ds := dt.read(t)
			for s := range seeds {
				t.Run("seed="+strconv.Itoa(s), func(t *testing.T) {
					followAndCompare(t, ds, uint64(s), steps)
				})
				t.Run("grouped/seed="+strconv.Itoa(s), func(t *testing.T) {
					followGroupsAndCompare(t, ds, uint64(s))
				})
			}
		})
	}
}

// testDataset is a dataset the read model's tests run on.
type testDataset struct {
	name string
	read func(testing.TB) *history.Dataset
}

// testDatasets are the curated dataset and two synthetic ones, one of
// each shape.
func testDatasets() []testDataset {
	return []testDataset{
		{"seed", seedDataset},
		{"registry", func(tb testing.TB) *history.Dataset { return synthetic(tb, synth.ShapeRegistry, 400) }},
		{"network", func(tb testing.TB) *history.Dataset { return synthetic(tb, synth.ShapeNetwork, 300) }},
	}
}

// followAndCompare applies steps random commits to a view of ds and
// compares it with a rebuilt view every few commits and at the end.
func followAndCompare(t *testing.T, ds *history.Dataset, seed uint64, steps int) {
	ch := synth.NewChanger(ds, seed)
	r := rand.New(rand.NewPCG(seed, 99))
	d := Build(ch.Dataset(), 1)
	for step := 1; step <= steps; step++ {
		before, after := ch.Next(1 + r.IntN(8))
		if r.IntN(2) == 0 {
			after = marked(before, after)
		}
		d = d.Apply(Commit{Revision: uint64(step + 1), Before: before, After: after})
		if step%15 == 0 || step == steps {
			want := Build(ch.Dataset(), d.Revision)
			compareViews(t, d, want, ch.IDs(), r)
			if t.Failed() {
				t.Fatalf("after commit %d of seed %d", step, seed)
			}
		}
	}
	// Rebuilding the base changes no answer either.
	compareViews(t, d.Rebuild(), Build(ch.Dataset(), d.Revision), ch.IDs(), r)
}

// marked returns after with the records before holds and after lacks
// added back, marked retracted, as the store's commit gives a retraction.
func marked(before, after *history.Dataset) *history.Dataset {
	gone := &history.Retracted{Reason: "withdrawn by the test"}
	out := *after
	out.Sources = withMarked(before.Sources, after.Sources, func(r *history.Source) *history.ID { r.Retracted = gone; return &r.ID })
	out.Entities = withMarked(before.Entities, after.Entities, func(r *history.Entity) *history.ID { r.Retracted = gone; return &r.ID })
	out.Events = withMarked(before.Events, after.Events, func(r *history.Event) *history.ID { r.Retracted = gone; return &r.ID })
	out.Relations = withMarked(before.Relations, after.Relations, func(r *history.Relation) *history.ID { r.Retracted = gone; return &r.ID })
	out.Claims = withMarked(before.Claims, after.Claims, func(r *history.Claim) *history.ID { r.Retracted = gone; return &r.ID })
	return &out
}

// withMarked adds to after a marked copy of each record of before that
// after lacks; mark marks a copy and gives its id.
func withMarked[T any](before, after []T, mark func(*T) *history.ID) []T {
	in := map[history.ID]bool{}
	for i := range after {
		x := after[i]
		in[*mark(&x)] = true // a copy, to read its id
	}
	out := slices.Clone(after)
	for _, x := range before {
		if !in[*mark(&x)] {
			out = append(out, x)
		}
	}
	return out
}

func envInt(t testing.TB, name string, def int) int {
	s := os.Getenv(name)
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return n
}

func seedDataset(tb testing.TB) *history.Dataset {
	tb.Helper()
	ds, err := dataset.ReadFS(context.Background(), seed.FS(), ".", "seed")
	if err != nil {
		tb.Fatal(err)
	}
	return ds
}

func synthetic(tb testing.TB, shape synth.Shape, people int) *history.Dataset {
	tb.Helper()
	dir := tb.TempDir()
	if _, err := synth.Generate(context.Background(), dir, synth.Options{People: people, Shape: shape, Seed: 7}); err != nil {
		tb.Fatal(err)
	}
	ds, err := dataset.ReadFS(context.Background(), os.DirFS(dir), ".", dir)
	if err != nil {
		tb.Fatal(err)
	}
	return ds
}
