package readmodel

import (
	"context"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"

	"github.com/memoria-history/memoria/internal/dataset"
	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/synth"
	"github.com/memoria-history/memoria/seed"
)

// TestIncrementalMatchesRebuilt applies random sequences of commits
// (records of every kind created, corrected and retracted, one to eight a
// commit) to the seed and to synthetic datasets, and checks every few
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
	datasets := []struct {
		name string
		read func(testing.TB) *history.Dataset
	}{
		{"seed", seedDataset},
		{"registry", func(tb testing.TB) *history.Dataset { return synthetic(tb, synth.ShapeRegistry, 400) }},
		{"network", func(tb testing.TB) *history.Dataset { return synthetic(tb, synth.ShapeNetwork, 300) }},
	}
	for _, dt := range datasets {
		t.Run(dt.name, func(t *testing.T) {
			ds := dt.read(t)
			for s := range seeds {
				t.Run("seed="+strconv.Itoa(s), func(t *testing.T) {
					followAndCompare(t, ds, uint64(s), steps)
				})
			}
		})
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
