package main

import (
	"runtime/debug"
	"testing"
)

func TestGCPercent(t *testing.T) {
	cases := []struct {
		name string
		live uint64
		want int
	}{
		{"nothing live yet", 0, 800},
		{"the seed: capped", 20 << 20, 800},
		{"a quarter of the headroom", gcHeadroom / 4, 400},
		{"as large as the headroom: Go's default", gcHeadroom, 100},
		{"twice the headroom: half the default", 2 * gcHeadroom, 50},
		{"four times the headroom", 4 * gcHeadroom, 25},
		{"larger still: never below 25", 10 * gcHeadroom, 25},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := gcPercent(tc.live); got != tc.want {
				t.Errorf("gcPercent(%d) = %d, want %d", tc.live, got, tc.want)
			}
		})
	}
}

// TestStartupGC: start-up collects at the percent given unless the
// environment sets the collector.
func TestStartupGC(t *testing.T) {
	cases := []struct {
		name    string
		env     map[string]string
		percent int
		want    int
	}{
		{"reading", nil, readGCPercent, readGCPercent},
		{"indexing", nil, indexGCPercent, indexGCPercent},
		{"GOGC set", map[string]string{"GOGC": "200"}, indexGCPercent, 123},
		{"GOMEMLIMIT set", map[string]string{"GOMEMLIMIT": "3GiB"}, readGCPercent, 123},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := debug.SetGCPercent(123)
			t.Cleanup(func() { debug.SetGCPercent(before) })
			startupGC(env{getenv: func(k string) string { return tc.env[k] }}, tc.percent)
			if got := debug.SetGCPercent(before); got != tc.want {
				t.Errorf("GOGC after startupGC = %d, want %d", got, tc.want)
			}
		})
	}
}
