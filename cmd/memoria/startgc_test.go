package main

import (
	"runtime/debug"
	"testing"
)

// TestPauseGC: a start from a snapshot turns the collector off under a
// bound no higher than the limit already set, and resume gives back the
// setting before; without a snapshot, or with the collector set by the
// environment, nothing changes.
func TestPauseGC(t *testing.T) {
	const snapshot = 100 << 20
	bound := int64(pausedGCFactor*snapshot + pausedGCSlack)
	cases := []struct {
		name          string
		env           map[string]string
		bytes, limit  int64
		percentPaused int
		limitPaused   int64
	}{
		{"from a snapshot", nil, snapshot, 1 << 40, -1, bound},
		{"a lower limit set already", nil, snapshot, bound / 2, -1, bound / 2},
		{"no snapshot", nil, 0, 1 << 40, 123, 1 << 40},
		{"GOGC set", map[string]string{"GOGC": "200"}, snapshot, 1 << 40, 123, 1 << 40},
		{"GOMEMLIMIT set", map[string]string{"GOMEMLIMIT": "3GiB"}, snapshot, 1 << 40, 123, 1 << 40},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			percent, limit := debug.SetGCPercent(123), debug.SetMemoryLimit(tc.limit)
			t.Cleanup(func() {
				debug.SetGCPercent(percent)
				debug.SetMemoryLimit(limit)
			})
			p := pauseGC(env{getenv: func(k string) string { return tc.env[k] }}, tc.bytes)
			if got := debug.SetGCPercent(-2); got != tc.percentPaused {
				t.Errorf("GOGC while paused = %d, want %d", got, tc.percentPaused)
			}
			debug.SetGCPercent(tc.percentPaused)
			if got := debug.SetMemoryLimit(-1); got != tc.limitPaused {
				t.Errorf("memory limit while paused = %d, want %d", got, tc.limitPaused)
			}
			for range 2 {
				p.resume()
				if got := debug.SetGCPercent(-2); got != 123 {
					t.Errorf("GOGC after resume = %d, want 123", got)
				}
				debug.SetGCPercent(123)
				if got := debug.SetMemoryLimit(-1); got != tc.limit {
					t.Errorf("memory limit after resume = %d, want %d", got, tc.limit)
				}
			}
		})
	}
}
