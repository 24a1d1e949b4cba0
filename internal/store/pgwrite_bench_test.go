package store

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/memoria-history/memoria/internal/history"
)

// BenchmarkPostgresApplyConcurrent is BenchmarkApplyConcurrent on
// PostgreSQL: with one writer every change is a group of its own, with
// more the changes that wait are written together, in one transaction.
func BenchmarkPostgresApplyConcurrent(b *testing.B) {
	pgServer.Require(b)
	ds := syntheticDataset(benchPeople)
	ctx := context.Background()
	for _, writers := range []int{1, 8} {
		b.Run(fmt.Sprintf("writers=%d", writers), func(b *testing.B) {
			s, err := Open(ctx, pgServer.NewDatabase(b), Options{})
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { s.Close() })
			if _, err := s.Load(ctx, ds); err != nil {
				b.Fatal(err)
			}
			stored, err := s.Dataset(ctx)
			if err != nil {
				b.Fatal(err)
			}
			var people []*history.Entity
			for i := range stored.Entities {
				if e := &stored.Entities[i]; e.Kind == history.KindPerson {
					people = append(people, e)
				}
			}
			var next atomic.Int64
			cpu0 := processCPU(b)
			start := time.Now()
			b.ResetTimer()
			var wg sync.WaitGroup
			for w := range writers {
				wg.Go(func() {
					// Writer w edits people of its own: the changes of a
					// group do not depend on each other.
					for i := int(next.Add(1)); i <= b.N; i = int(next.Add(1)) {
						p := people[(i*writers+w)%len(people)/writers*writers+w]
						c, err := s.Apply(ctx, editPerson(i, *p), ChangeMeta{Author: "bench"})
						if err != nil {
							b.Error(err)
							return
						}
						*p = c.After.Entities[0]
					}
				})
			}
			wg.Wait()
			b.StopTimer()
			elapsed := time.Since(start)
			b.ReportMetric(float64(b.N)/elapsed.Seconds(), "changes/s")
			b.ReportMetric(float64((processCPU(b)-cpu0).Microseconds())/1000/float64(b.N), "cpu-ms/change")
		})
	}
}
