package store

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/memoria-history/memoria/internal/history"
)

// BenchmarkApply measures one change on a store of benchPeople people:
// a person's record rewritten, as a mutation that corrects a field does.
func BenchmarkApply(b *testing.B) {
	ds := syntheticDataset(benchPeople)
	ctx := context.Background()
	for _, bb := range benchBackends()[:2] {
		b.Run(bb.name, func(b *testing.B) {
			s := loadedBenchStore(b, bb.backend, bb.opts, ds)
			stored, err := s.Dataset(ctx)
			if err != nil {
				b.Fatal(err)
			}
			benchChanges(b, s, stored, editPerson)
		})
	}
}

// benchStoreEnv names a bbolt store file for BenchmarkApplyOnStore.
const benchStoreEnv = "MEMORIA_BENCH_STORE"

// BenchmarkApplyOnStore measures changes on a copy of the store file that
// MEMORIA_BENCH_STORE names, such as one of 100,000 people written by
// memoria gen and memoria load: an edit of a person's record, and a new
// person with a relation to a stored one.
func BenchmarkApplyOnStore(b *testing.B) {
	src := os.Getenv(benchStoreEnv)
	if src == "" {
		b.Skipf("set %s to a bbolt store file to measure changes on it", benchStoreEnv)
	}
	ctx := context.Background()
	file := filepath.Join(b.TempDir(), "memoria.db")
	if err := copyFile(src, file); err != nil {
		b.Fatal(err)
	}
	s, err := Open(ctx, "bbolt:"+file, Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	start := time.Now()
	ds, err := s.Dataset(ctx)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("%s: %d entities, revision %d, read in %v", src, len(ds.Entities), s.Revision(), time.Since(start))
	b.Run("edit-person", func(b *testing.B) { benchChanges(b, s, ds, editPerson) })
	b.Run("new-person-and-relation", func(b *testing.B) { benchChanges(b, s, ds, newPersonAndRelation) })
}

// editPerson is a change to person e: its description rewritten.
func editPerson(i int, e history.Entity) history.Change {
	e.Description = fmt.Sprintf("Changed by change %d.", i)
	return history.Change{Put: history.Dataset{Entities: []history.Entity{e}}, Expect: map[history.ID]uint64{e.ID: e.Revision}}
}

// newPersonAndRelation is a new person, and a relation from it to e.
func newPersonAndRelation(i int, e history.Entity) history.Change {
	id := history.ID(fmt.Sprintf("person/bench-%d-%d", time.Now().UnixNano(), i))
	p := history.Entity{ID: id, Kind: history.KindPerson, Name: fmt.Sprintf("Bench %d", i), Citations: e.Citations[:1]}
	r := history.Relation{ID: history.ID("relation/" + string(id[len("person/"):])), Subject: id, Type: history.RelRivalOf, Object: e.ID, Citations: e.Citations[:1]}
	return history.Change{Put: history.Dataset{Entities: []history.Entity{p}, Relations: []history.Relation{r}}, Expect: map[history.ID]uint64{p.ID: 0, r.ID: 0}}
}

// benchChanges applies b.N changes that change makes of random people of
// ds, and reports the median and 99th percentile of their latencies. It
// keeps ds's people as the changes leave them, for the benchmark's next
// run to expect their revisions.
func benchChanges(b *testing.B, s *Store, ds *history.Dataset, change func(int, history.Entity) history.Change) {
	ctx := context.Background()
	var people []*history.Entity
	for i := range ds.Entities {
		if e := &ds.Entities[i]; e.Kind == history.KindPerson && e.Retracted == nil {
			people = append(people, e)
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	times := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		k := r.IntN(len(people))
		ch := change(i, *people[k])
		start := time.Now()
		c, err := s.Apply(ctx, ch, ChangeMeta{Author: "bench", Operation: "bench"})
		times = append(times, time.Since(start))
		if err != nil {
			b.Fatal(err)
		}
		for _, e := range c.After.Entities {
			if e.ID == people[k].ID {
				*people[k] = e
			}
		}
	}
	b.StopTimer()
	slices.Sort(times)
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(times[len(times)*99/100].Microseconds())/1000, "p99-ms")
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// BenchmarkApplyConcurrent measures changes that several writers apply at
// once, as a server's mutations are, on bbolt: each writer edits people of
// its own, so that the changes of a group do not depend on each other.
// With one writer every change is its own transaction; with more they are
// committed in groups. It reports changes a second and the process's CPU
// time per change, which a busy machine does not inflate as it does the
// wall time.
func BenchmarkApplyConcurrent(b *testing.B) {
	ds := syntheticDataset(benchPeople)
	ctx := context.Background()
	for _, writers := range []int{1, 8} {
		b.Run(fmt.Sprintf("writers=%d", writers), func(b *testing.B) {
			s := loadedBenchStore(b, "bbolt", Options{}, ds)
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
					for i := int(next.Add(1)); i <= b.N; i = int(next.Add(1)) {
						// Writer w edits the people whose index is w modulo writers.
						k := (i*writers + w) % len(people)
						k -= k % writers
						k += w
						if k >= len(people) {
							k = w
						}
						p := people[k]
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
