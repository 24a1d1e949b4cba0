package store

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/store/pgtest"
)

// BenchmarkStandbyLag measures how long a change acknowledged by the
// primary takes to be seen through a store reading its hot standby, by
// asking the standby again and again (refresh: the replication lag, to
// a query's round trip), and as Follow tells of it (follow). It reports the median and 99th percentile, and the
// load average before and after.
func BenchmarkStandbyLag(b *testing.B) {
	primary, standby := pgtest.StartReplicated(b)
	dsn := primary.NewDatabase(b)
	if err := standby.CatchUp(b.Context()); err != nil {
		b.Fatal(err)
	}
	s := openTest(b, standby.DSNFor(dsn), Options{WriteDSN: dsn})
	mustLoad(b, s, fullDataset())
	if err := s.Sync(b.Context()); err != nil {
		b.Fatal(err)
	}
	written := 0 // ids differ across the runs of a sub-benchmark
	for _, how := range []string{"refresh", "follow"} {
		b.Run(how, func(b *testing.B) {
			ctx := b.Context()
			var follow <-chan uint64
			if how == "follow" {
				var err error
				if follow, err = s.Follow(ctx); err != nil {
					b.Skipf("Follow on a standby: %v", err)
				}
			}
			before := loadAverage()
			lags := make([]time.Duration, 0, b.N)
			for range b.N {
				written++
				id := history.ID(fmt.Sprintf("person/lag-%d", written))
				c, err := s.Apply(ctx, history.Change{Put: history.Dataset{Entities: []history.Entity{newPerson(id, "Lag")}}}, ChangeMeta{})
				if err != nil {
					b.Fatal(err)
				}
				acked := time.Now()
				for seen := uint64(0); seen < c.Revision; {
					if follow != nil {
						seen = <-follow
					} else if seen, err = s.Refresh(ctx); err != nil {
						b.Fatal(err)
					}
				}
				lags = append(lags, time.Since(acked))
			}
			slices.Sort(lags)
			b.ReportMetric(float64(lags[len(lags)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(lags[len(lags)*99/100].Microseconds())/1000, "p99-ms")
			b.Logf("%d writes; load average before %s, after %s", b.N, before, loadAverage())
		})
	}
}

// loadAverage is the machine's 1-minute load average, or "?".
func loadAverage() string {
	raw, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	return strings.Fields(string(raw))[0]
}
