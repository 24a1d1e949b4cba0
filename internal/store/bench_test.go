package store

import (
	"context"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/memoria-history/memoria/internal/history"
)

// benchPeople is the size of the synthetic dataset the benchmarks use.
const benchPeople = 2000

// benchBackends are the stores the benchmarks compare. "bbolt+bloom" keeps
// Cayley's bloom filters, which Memoria turns off (see graphOptions).
func benchBackends() []struct {
	name, backend string
	opts          Options
} {
	return []struct {
		name, backend string
		opts          Options
	}{
		{"memory", "memory", Options{}},
		{"bbolt", "bbolt", Options{}},
		{"bbolt+bloom", "bbolt", Options{bloom: true}},
	}
}

func benchDSN(b *testing.B, backend string, i int) string {
	if backend == "memory" {
		return "memory:"
	}
	return backend + ":" + filepath.Join(b.TempDir(), strconv.Itoa(i), "memoria.db")
}

// BenchmarkLoad compares Memoria's loads with Cayley's own bulk writer
// (the QuadWriter of `cayley load`) on the same backend and records.
func BenchmarkLoad(b *testing.B) {
	ds := syntheticDataset(benchPeople)
	ctx := context.Background()
	type variant struct {
		name, backend string
		opts          Options
		load          LoadOptions
	}
	var variants []variant
	for _, bb := range benchBackends() {
		variants = append(variants, variant{bb.name, bb.backend, bb.opts, LoadOptions{}})
	}
	variants = append(variants, variant{"bbolt-cayley-quadwriter", "bbolt", Options{}, LoadOptions{CayleyWriter: true}})
	for _, bb := range variants {
		b.Run(bb.name, func(b *testing.B) {
			b.ReportAllocs()
			var quads int64
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				s, err := Open(ctx, benchDSN(b, bb.backend, i), bb.opts)
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				res, err := s.LoadWith(ctx, ds, bb.load)
				b.StopTimer()
				if err != nil {
					b.Fatal(err)
				}
				quads += res.QuadsAdded
				_ = s.Close()
				b.StartTimer()
			}
			b.ReportMetric(float64(quads)/float64(b.N), "quads/op")
			b.ReportMetric(float64(quads)/b.Elapsed().Seconds(), "quads/s")
		})
	}
}

func BenchmarkDataset(b *testing.B) {
	ds := syntheticDataset(benchPeople)
	ctx := context.Background()
	for _, bb := range benchBackends() {
		b.Run(bb.name, func(b *testing.B) {
			s, err := Open(ctx, benchDSN(b, bb.backend, 0), bb.opts)
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			res, err := s.Load(ctx, ds)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := s.Dataset(ctx); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(res.QuadsAdded)*float64(b.N)/b.Elapsed().Seconds(), "quads/s")
		})
	}
}

func BenchmarkStats(b *testing.B) {
	ds := syntheticDataset(benchPeople)
	ctx := context.Background()
	for _, bb := range benchBackends()[:2] {
		b.Run(bb.name, func(b *testing.B) {
			s := loadedBenchStore(b, bb.backend, bb.opts, ds)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := s.Stats(ctx); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// loadedBenchStore opens a store for a benchmark, closed when it ends,
// and loads ds into it.
func loadedBenchStore(b *testing.B, backend string, opts Options, ds *history.Dataset) *Store {
	b.Helper()
	s, err := Open(context.Background(), benchDSN(b, backend, 0), opts)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	if _, err := s.Load(context.Background(), ds); err != nil {
		b.Fatal(err)
	}
	return s
}
