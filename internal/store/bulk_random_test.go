package store

// Random loads in several parts, in random batch and transaction sizes,
// compared with Cayley's own writer. cayleykv's tests hold the layouts of
// such loads to the log and to Cayley's.

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"github.com/memoria-history/memoria/internal/dataset"
	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/store/cayleykv"
	"github.com/memoria-history/memoria/internal/synth"
)

// TestBulkRandomLoads loads random datasets (synthetic, or generated with
// relations stating a direct triple again) in one to five parts, with
// random batch sizes, transaction sizes in the last phase and preloading,
// and expects what Cayley's writer stores.
// MEMORIA_BULK_SEEDS=200 tries more.
func TestBulkRandomLoads(t *testing.T) {
	seeds := uint64(6)
	if v := os.Getenv("MEMORIA_BULK_SEEDS"); v != "" {
		var err error
		if seeds, err = strconv.ParseUint(v, 10, 64); err != nil {
			t.Fatalf("MEMORIA_BULK_SEEDS=%q: %v", v, err)
		}
	}
	for seed := range seeds {
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
			opts := Options{bulk: cayleykv.Options{BatchSize: 1 + rng.IntN(400), FinishCommitBytes: 1 + rng.IntN(4000)}}
			switch rng.IntN(3) {
			case 0:
				opts.bulk.Preload = -1
			case 1:
				opts.bulk.Preload = 1 + rng.IntN(3000)
			}
			t.Logf("%d parts, options %+v, repeated triples %v", len(parts), opts.bulk, repeats)
			bulk := openTest(t, dsnFor(t, "bbolt"), opts)
			cayley := openTest(t, dsnFor(t, "bbolt"), Options{})
			loadBothWays(t, bulk, cayley, parts...)
			if d := diffDatasets(mustDataset(t, bulk), mustDataset(t, cayley)); d != "" {
				t.Errorf("records differ:\n%s", d)
			}
			wantNothingLeftBeside(t, bulk)
		})
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
