package graph

import (
	"context"
	"math/rand/v2"
	"reflect"
	"sync"
	"testing"

	"github.com/memoria-history/memoria/internal/history"
)

// TestConcurrentQueries runs queries from several goroutines at once and
// expects the answers a single goroutine gets: the pooled scratch space
// must never be shared between two traversals. Run it with -race.
func TestConcurrentQueries(t *testing.T) {
	ds := synthetic(t, 3000)
	ix := Build(ds)
	ctx := context.Background()
	r := rand.New(rand.NewPCG(12, 13))
	type question struct{ a, b history.ID }
	qs := make([]question, 40)
	for i := range qs {
		qs[i] = question{ds.Entities[r.IntN(3000)].ID, ds.Entities[r.IntN(3000)].ID}
	}
	type answer struct {
		path  Path
		paths []Path
		sub   Subgraph
	}
	ask := func(q question) answer {
		var a answer
		var err error
		if a.path, _, err = ix.ShortestPath(ctx, q.a, q.b, 6, Filter{}); err != nil {
			t.Error(err)
		}
		if a.paths, err = ix.KShortestPaths(ctx, q.a, q.b, 5, 3, Filter{}); err != nil {
			t.Error(err)
		}
		if a.sub, err = ix.Neighborhood(ctx, q.a, 2, 200, Filter{}); err != nil {
			t.Error(err)
		}
		return a
	}
	want := make([]answer, len(qs))
	for i, q := range qs {
		want[i] = ask(q)
	}
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := range qs {
				j := (i + w*7) % len(qs)
				if got := ask(qs[j]); !reflect.DeepEqual(got, want[j]) {
					t.Errorf("question %d answered differently under concurrency", j)
				}
			}
		})
	}
	wg.Wait()
}
