package readmodel

import (
	"context"
	"os"
	"runtime"
	"slices"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/memoria-history/memoria/internal/dataset"
	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/synth"
)

// BenchmarkApply measures what following one commit costs the read model:
// a synthetic registry of MEMORIA_READMODEL_PEOPLE people (100,000 by
// default) is indexed, then commits of 1, 10 and 100 records drawn by
// synth.Changer are applied one after another, each sub-benchmark from
// the bare base. It reports the p50 and p99 of one commit's apply (the
// three indexes, one after another), in wall time, in the thread's CPU
// time (which waiting for a core on a busy machine does not inflate) and
// per index, and the records the delta held at the end. MEMORIA_READMODEL_DIR keeps the generated dataset for later runs.
func BenchmarkApply(b *testing.B) {
	people := envInt(b, "MEMORIA_READMODEL_PEOPLE", 100_000)
	ds := benchDataset(b, people)
	ch := synth.NewChanger(ds, 1)
	base := Build(ch.Dataset(), 1)
	ds = nil
	for _, size := range []int{1, 10, 100} {
		b.Run("records="+strconv.Itoa(size), func(b *testing.B) {
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			d := base
			var lat, cpu, cat, gr, se []time.Duration
			for b.Loop() {
				b.StopTimer()
				before, after := ch.Next(size)
				c := Commit{Revision: d.Revision + 1, Before: before, After: after}
				b.StartTimer()
				start, cpu0 := time.Now(), threadCPU()
				ed := d.edits(c)
				records := d.Records.Apply(ed)
				t1 := time.Now()
				g := d.Graph.Apply(ed, records)
				t2 := time.Now()
				names := d.Search.Apply(ed)
				t3 := time.Now()
				cpu = append(cpu, threadCPU()-cpu0)
				d = Data{Revision: c.Revision, Records: records, Graph: g, Search: names}
				lat, cat, gr, se = append(lat, t3.Sub(start)), append(cat, t1.Sub(start)), append(gr, t2.Sub(t1)), append(se, t3.Sub(t2))
			}
			report(b, lat, "")
			report(b, cpu, "cpu-")
			report(b, cat, "catalog-")
			report(b, gr, "graph-")
			report(b, se, "search-")
			b.ReportMetric(float64(d.Changed()), "delta-records")
		})
	}
}

// BenchmarkRebuild measures what BenchmarkApply saves: building the view
// afresh from the records, as a start-up or a rebuild of the base does,
// at the same size.
func BenchmarkRebuild(b *testing.B) {
	people := envInt(b, "MEMORIA_READMODEL_PEOPLE", 100_000)
	ds := benchDataset(b, people)
	b.ResetTimer()
	for b.Loop() {
		Build(ds, 1)
	}
}

// report reports the p50 and p99 of the durations.
func report(b *testing.B, lat []time.Duration, prefix string) {
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds()), prefix+"p50-µs")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), prefix+"p99-µs")
}

// benchDataset generates a registry of the given size, or reads the one
// MEMORIA_READMODEL_DIR holds.
func benchDataset(b *testing.B, people int) *history.Dataset {
	b.Helper()
	dir := os.Getenv("MEMORIA_READMODEL_DIR")
	if dir == "" {
		dir = b.TempDir()
	}
	if entries, _ := os.ReadDir(dir); len(entries) == 0 {
		if _, err := synth.Generate(context.Background(), dir, synth.Options{People: people, Seed: 7}); err != nil {
			b.Fatal(err)
		}
	}
	ds, err := dataset.ReadFS(context.Background(), os.DirFS(dir), ".", dir)
	if err != nil {
		b.Fatal(err)
	}
	return ds
}

// BenchmarkLiveRebuild measures what a rebuild of the base costs the
// writer: commits of one record are applied through a Live at 200 a
// second (issue 18's rate) while it rebuilds a base of
// MEMORIA_READMODEL_PEOPLE people, until the rebuilt base is swapped in.
// It reports the longest Apply, which the store's writer waits for, the
// rebuild's length and the commits that came during it.
func BenchmarkLiveRebuild(b *testing.B) {
	people := envInt(b, "MEMORIA_READMODEL_PEOPLE", 100_000)
	ds := benchDataset(b, people)
	ch := synth.NewChanger(ds, 1)
	ds = nil
	for b.Loop() {
		b.StopTimer()
		// Apply publishes each commit it applies; a publish more is the
		// rebuilt base.
		var published atomic.Int64
		l := NewLive(Build(ch.Dataset(), 1), LiveOptions{
			RebuildAt: func(_, _ int) bool { return false },
			Publish:   func(Data) { published.Add(1) },
		})
		b.StartTimer()
		start := time.Now()
		l.Rebuild()
		var longest time.Duration
		rev, n := uint64(1), 0
		tick := time.NewTicker(time.Second / 200)
		for published.Load() == int64(n) {
			<-tick.C
			before, after := ch.Next(1)
			rev++
			n++
			t0 := time.Now()
			l.Apply(Commit{Revision: rev, Before: before, After: after})
			longest = max(longest, time.Since(t0))
		}
		tick.Stop()
		b.ReportMetric(float64(longest.Microseconds()), "longest-apply-µs")
		b.ReportMetric(time.Since(start).Seconds(), "rebuild-s")
		b.ReportMetric(float64(n), "commits-during")
		l.Close()
	}
}
