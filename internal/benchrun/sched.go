package benchrun

import (
	"runtime/metrics"
	"time"
)

// schedLatencies reads the runtime's histogram of how long goroutines
// waited, runnable, for a thread to run on: counted since the process
// started, so that a phase's share is the difference of two readings.
func schedLatencies() *metrics.Float64Histogram {
	s := []metrics.Sample{{Name: "/sched/latencies:seconds"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindFloat64Histogram {
		return nil
	}
	return s[0].Value.Float64Histogram()
}

// schedQuantile is the q-quantile of the waits counted between two
// readings of schedLatencies, as the upper bound of its bucket; 0 when
// either reading is missing or nothing waited.
func schedQuantile(before, after *metrics.Float64Histogram, q float64) time.Duration {
	if before == nil || after == nil || len(before.Counts) != len(after.Counts) {
		return 0
	}
	var total uint64
	for i := range after.Counts {
		total += after.Counts[i] - before.Counts[i]
	}
	if total == 0 {
		return 0
	}
	want := uint64(q * float64(total))
	var seen uint64
	for i := range after.Counts {
		seen += after.Counts[i] - before.Counts[i]
		if seen > want {
			return time.Duration(min(after.Buckets[i+1], 3600) * float64(time.Second))
		}
	}
	return 0
}
