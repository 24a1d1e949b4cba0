package graph

import (
	"context"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/memoria-history/memoria/internal/history"
)

// benchPeople is the size of the benchmark graph: the 100k people (about
// 1.1M quads in the store) that the performance notes measured Cayley at.
const benchPeople = 100_000

// benchSetup builds the benchmark index and picks pairs of people at
// random (with a fixed seed) to query.
func benchSetup(b *testing.B, pairs int) (*Index, [][2]history.ID) {
	b.Helper()
	ds := synthetic(b, benchPeople)
	ix := withDelta(b, Build(ds), ds)
	r := rand.New(rand.NewPCG(7, 11))
	person := func() history.ID {
		for {
			// With a delta, a person it retracted is drawn again.
			if id := ds.Entities[r.IntN(benchPeople)].ID; ix.Has(id) {
				return id
			}
		}
	}
	out := make([][2]history.ID, pairs)
	for i := range out {
		out[i] = [2]history.ID{person(), person()}
	}
	return ix, out
}

// latencies records the time of each query, to report percentiles beside
// the mean that ns/op gives.
type latencies []time.Duration

func (l latencies) report(b *testing.B) {
	if len(l) == 0 {
		return
	}
	slices.Sort(l)
	b.ReportMetric(float64(l[len(l)/2].Nanoseconds()), "p50-ns")
	b.ReportMetric(float64(l[len(l)*99/100].Nanoseconds()), "p99-ns")
}

func BenchmarkBuild(b *testing.B) {
	ds := synthetic(b, benchPeople)
	var ix *Index
	for b.Loop() {
		ix = Build(ds)
	}
	nodes, edges := ix.Len()
	b.ReportMetric(float64(nodes), "nodes")
	b.ReportMetric(float64(edges), "edges")
}

func BenchmarkShortestPath(b *testing.B) {
	ix, pairs := benchSetup(b, 1000)
	ctx := context.Background()
	lat := make(latencies, 0, 1<<20)
	found, i := 0, 0
	for b.Loop() {
		p := pairs[i%len(pairs)]
		i++
		start := time.Now()
		_, ok, err := ix.ShortestPath(ctx, p[0], p[1], 6, Filter{})
		if len(lat) < cap(lat) {
			lat = append(lat, time.Since(start))
		}
		if err != nil {
			b.Fatal(err)
		}
		if ok {
			found++
		}
	}
	lat.report(b)
	b.ReportMetric(float64(found)/float64(i), "found/op")
}

func BenchmarkShortestPathFiltered(b *testing.B) {
	ix, pairs := benchSetup(b, 1000)
	ctx := context.Background()
	f := Filter{During: history.MustParseDate("1930/1939"), Labels: []string{"member-of", "led", "deputy-of", LabelParticipant}}
	lat := make(latencies, 0, 1<<20)
	i := 0
	for b.Loop() {
		p := pairs[i%len(pairs)]
		i++
		start := time.Now()
		if _, _, err := ix.ShortestPath(ctx, p[0], p[1], 6, f); err != nil {
			b.Fatal(err)
		}
		if len(lat) < cap(lat) {
			lat = append(lat, time.Since(start))
		}
	}
	lat.report(b)
}

func BenchmarkNeighborhood2Hop(b *testing.B) {
	ix, pairs := benchSetup(b, 1000)
	ctx := context.Background()
	lat := make(latencies, 0, 1<<20)
	nodes, i := 0, 0
	for b.Loop() {
		p := pairs[i%len(pairs)]
		i++
		start := time.Now()
		sub, err := ix.Neighborhood(ctx, p[0], 2, 5000, Filter{})
		if len(lat) < cap(lat) {
			lat = append(lat, time.Since(start))
		}
		if err != nil {
			b.Fatal(err)
		}
		nodes += len(sub.Nodes)
	}
	lat.report(b)
	b.ReportMetric(float64(nodes)/float64(i), "nodes/op")
}

func BenchmarkKShortest(b *testing.B) {
	ix, pairs := benchSetup(b, 200)
	ctx := context.Background()
	lat := make(latencies, 0, 1<<20)
	i := 0
	for b.Loop() {
		p := pairs[i%len(pairs)]
		i++
		start := time.Now()
		if _, err := ix.KShortestPaths(ctx, p[0], p[1], 6, 5, Filter{}); err != nil {
			b.Fatal(err)
		}
		if len(lat) < cap(lat) {
			lat = append(lat, time.Since(start))
		}
	}
	lat.report(b)
}
