package bench

import (
	"testing"
	"time"
)

func TestPercentile(t *testing.T) {
	hundred := make([]time.Duration, 100)
	for i := range hundred {
		hundred[i] = time.Duration(i + 1) // 1..100
	}
	tests := []struct {
		name   string
		sorted []time.Duration
		p      float64
		want   time.Duration
	}{
		{"none", nil, 50, 0},
		{"one", []time.Duration{7}, 50, 7},
		{"one, p99", []time.Duration{7}, 99, 7},
		{"two, median is the lower", []time.Duration{1, 2}, 50, 1},
		{"three, median", []time.Duration{1, 2, 3}, 50, 2},
		{"four, median is the lower middle", []time.Duration{1, 2, 3, 4}, 50, 2},
		{"hundred, p50", hundred, 50, 50},
		{"hundred, p99", hundred, 99, 99},
		{"hundred, p100", hundred, 100, 100},
		{"hundred, tiny p is the least", hundred, 0.001, 1},
		{"ten, p99 is the largest", hundred[:10], 99, 10},
		{"thousand, p99.9 is the 999th", thousand(), 99.9, 999},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Percentile(tt.sorted, tt.p); got != tt.want {
				t.Errorf("Percentile(%v, %v) = %v, want %v", tt.sorted, tt.p, got, tt.want)
			}
		})
	}
}

func TestSummarize(t *testing.T) {
	tests := []struct {
		name    string
		samples []time.Duration
		want    Summary
	}{
		{"none", nil, Summary{}},
		{"one", []time.Duration{5}, Summary{Count: 1, Mean: 5, P50: 5, P99: 5, P999: 5, Max: 5}},
		{"unsorted", []time.Duration{30, 10, 20}, Summary{Count: 3, Mean: 20, P50: 20, P99: 30, P999: 30, Max: 30}},
		{"a slow outlier moves the mean and p99, not p50", []time.Duration{1, 1, 1, 1, 96}, Summary{Count: 5, Mean: 20, P50: 1, P99: 96, P999: 96, Max: 96}},
		{"a thousand: p99 and p99.9 apart", thousand(), Summary{Count: 1000, Mean: 500, P50: 500, P99: 990, P999: 999, Max: 1000}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Summarize(tt.samples); got != tt.want {
				t.Errorf("Summarize = %+v, want %+v", got, tt.want)
			}
		})
	}
}

// thousand is 1 to 1000 in order.
func thousand() []time.Duration {
	out := make([]time.Duration, 1000)
	for i := range out {
		out[i] = time.Duration(i + 1)
	}
	return out
}
