package server_test

import (
	"context"
	"encoding/json"
	"math/rand/v2"
	"net/http"
	"os"
	"runtime"
	"runtime/pprof"
	"slices"
	"testing"
	"time"

	"github.com/memoria-history/memoria/internal/api"
	"github.com/memoria-history/memoria/internal/bench"
	"github.com/memoria-history/memoria/internal/dataset"
	"github.com/memoria-history/memoria/internal/graph"
	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/server"
)

// MEMORIA_LARGE names a dataset directory (memoria gen's output) for the
// benchmarks of large answers; without it they are skipped, as reading
// 100,000 people takes longer than a test run should.
const largeEnv = "MEMORIA_LARGE"

var largeIndexed indexed

func largeData(tb testing.TB) api.Data {
	tb.Helper()
	dir := os.Getenv(largeEnv)
	if dir == "" {
		tb.Skipf("set %s to a dataset directory to run this", largeEnv)
	}
	return largeIndexed.get(tb, func(ctx context.Context) (*history.Dataset, error) {
		return dataset.ReadFS(ctx, os.DirFS(dir), ".", dir)
	})
}

// largeNeighborhood is the 2-hop neighbourhood memoria bench asks.
const largeNeighborhood = `query($id: ID!) { neighborhood(id: $id, hops: 2, limit: 2000) { truncated nodes { id name } edges { source target label } } }`

// largePeople draws n people from d, as memoria bench does, from a fixed
// seed.
func largePeople(d api.Data, n int) []history.ID {
	people := d.Records.IDs(history.KindPerson)
	r := rand.New(rand.NewPCG(1, 2))
	out := make([]history.ID, n)
	for i := range out {
		out[i] = people[r.IntN(len(people))]
	}
	return out
}

// BenchmarkLargeNeighborhood measures the bench's 2-hop neighbourhood
// through the real handler, over 200 people in turn, and reports p50 and
// p99 of the requests beside those of the traversal alone.
func BenchmarkLargeNeighborhood(b *testing.B) {
	d := largeData(b)
	h := serverOver(b, d, api.Options{OnResolve: server.CountResolve}, server.Options{})
	ids := largePeople(d, 200)
	bodies := make([][]byte, len(ids))
	for i, id := range ids {
		bodies[i], _ = json.Marshal(map[string]any{"query": largeNeighborhood, "variables": map[string]any{"id": id}})
	}
	in := make([]time.Duration, 0, len(ids))
	for _, id := range ids {
		start := time.Now()
		if _, err := d.Graph.Neighborhood(context.Background(), id, 2, 2000, graph.Filter{}); err != nil {
			b.Fatal(err)
		}
		in = append(in, time.Since(start))
	}
	lat := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	cpu := startCPUClock()
	if f := os.Getenv("MEMORIA_LARGE_CPUPROFILE"); f != "" {
		out, err := os.Create(f)
		if err != nil {
			b.Fatal(err)
		}
		defer out.Close()
		if err := pprof.StartCPUProfile(out); err != nil {
			b.Fatal(err)
		}
		defer pprof.StopCPUProfile()
	}
	// The process's CPU time per request, which the machine's other
	// work hardly moves: the request's own, and the collector's while it
	// ran.
	used := make([]time.Duration, 0, b.N)
	for i := range b.N {
		start, startCPU := time.Now(), processCPU()
		if code := serveOne(h, bodies[i%len(bodies)]); code != http.StatusOK {
			b.Fatalf("status %d", code)
		}
		lat = append(lat, time.Since(start))
		used = append(used, processCPU()-startCPU)
	}
	b.StopTimer()
	reportThroughput(b, cpu)
	pct := func(s []time.Duration, p float64) float64 {
		slices.Sort(s)
		return float64(s[min(len(s)-1, int(p*float64(len(s))))].Microseconds()) / 1000
	}
	// Each input's median over its requests: the machine's other work
	// moves single requests, far less the median of several.
	if b.N >= 3*len(ids) {
		med := make([]time.Duration, len(ids))
		for i := range ids {
			var mine []time.Duration
			for j := i; j < len(lat); j += len(ids) {
				mine = append(mine, lat[j])
			}
			slices.Sort(mine)
			med[i] = mine[len(mine)/2]
		}
		b.ReportMetric(pct(med, 0.5), "input-median-p50-ms")
		b.ReportMetric(pct(med, 0.99), "input-median-p99-ms")
	}
	// Resident memory against the live heap: what the collector's
	// headroom (GOGC) lets garbage hold.
	if mem, err := bench.ReadMemory(); err == nil {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		b.ReportMetric(float64(mem.RSS>>20), "rss-MiB")
		b.ReportMetric(float64(ms.HeapAlloc>>20), "heap-MiB")
		runtime.GC()
		runtime.ReadMemStats(&ms)
		b.ReportMetric(float64(ms.HeapAlloc>>20), "live-MiB")
	}
	b.ReportMetric(pct(used, 0.5), "cpu-p50-ms")
	b.ReportMetric(pct(used, 0.99), "cpu-p99-ms")
	b.ReportMetric(pct(lat, 0.5), "p50-ms")
	b.ReportMetric(pct(lat, 0.99), "p99-ms")
	b.ReportMetric(pct(in, 0.5), "traverse-p50-ms")
	b.ReportMetric(pct(in, 0.99), "traverse-p99-ms")
}
