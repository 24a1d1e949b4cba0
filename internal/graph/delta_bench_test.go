package graph

import (
	"os"
	"strconv"
	"testing"

	"github.com/memoria-history/memoria/internal/catalog"
	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/synth"
)

// withDelta applies MEMORIA_BENCH_DELTA changed records to ix (commits of
// ten records drawn by synth.Changer from ds), so that the benchmarks can
// measure an index with a delta beside its base; none by default.
func withDelta(b *testing.B, ix *Index, ds *history.Dataset) *Index {
	b.Helper()
	n := 0
	if s := os.Getenv("MEMORIA_BENCH_DELTA"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil {
			b.Fatalf("MEMORIA_BENCH_DELTA: %v", err)
		}
	}
	ch := synth.NewChanger(ds, 1)
	records := catalog.New(ds)
	for range n / 10 {
		ed := ch.NextEdits(10)
		records = records.Apply(ed)
		ix = ix.Apply(ed, records)
	}
	return ix
}
