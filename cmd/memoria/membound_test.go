package main

import (
	"log/slog"
	"math"
	"runtime/debug"
	"strings"
	"testing"
	"time"
)

func TestSoftLimit(t *testing.T) {
	const mib = 1 << 20
	cases := []struct {
		name         string
		ready, grown uint64
		hard         int64
		want         int64
	}{
		{"the seed: mostly slack", 20 * mib, 0, 0, 286 * mib},
		{"100,000 people", 160 * mib, 0, 0, 496 * mib},
		{"writes grew the live heap", 160 * mib, 40 * mib, 0, 556 * mib},
		{"under the hard limit", 160 * mib, 0, 1 << 30, 496 * mib},
		{"never above the hard limit", 1 << 30, 0, 1 << 30, 1 << 30},
		{"no overflow", math.MaxUint64 / 2, math.MaxUint64 / 2, 0, math.MaxInt64},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := softLimit(tc.ready, tc.grown, tc.hard); got != tc.want {
				t.Errorf("softLimit(%d, %d, %d) = %d MiB, want %d MiB", tc.ready, tc.grown, tc.hard, got/mib, tc.want/mib)
			}
		})
	}
}

// keepMemoryLimit restores the runtime's soft memory limit after a test
// that sets it.
func keepMemoryLimit(t testing.TB) {
	before := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetMemoryLimit(before) })
}

// TestBoundMemoryLeavesTheEnvironment: GOGC or GOMEMLIMIT in the
// environment rule the collector; the bound sets nothing then.
func TestBoundMemoryLeavesTheEnvironment(t *testing.T) {
	for _, key := range []string{"GOGC", "GOMEMLIMIT"} {
		t.Run(key, func(t *testing.T) {
			keepMemoryLimit(t)
			debug.SetMemoryLimit(math.MaxInt64)
			e := env{getenv: func(k string) string {
				if k == key {
					return "400"
				}
				return ""
			}}
			if b := boundMemory(e, 0, slog.New(slog.DiscardHandler)); b != nil {
				t.Errorf("boundMemory with %s set = %+v, want nil", key, b)
			}
			if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
				t.Errorf("soft limit = %d, want none", got)
			}
		})
	}
}

// TestBoundMemoryRaises: the limit follows the live heap up, never down,
// and never past the hard limit.
func TestBoundMemoryRaises(t *testing.T) {
	keepMemoryLimit(t)
	const hard = 64 << 30
	b := boundMemory(env{getenv: func(string) string { return "" }}, hard, slog.New(slog.DiscardHandler))
	if b == nil {
		t.Fatal("boundMemory = nil without GOGC or GOMEMLIMIT")
	}
	if got, want := debug.SetMemoryLimit(-1), softLimit(b.ready, 0, hard); got != want || want >= hard {
		t.Fatalf("soft limit at ready = %d, want %d, below %d", got, want, int64(hard))
	}
	b.live, b.limit = 0, 0 // as if the heap had grown from nothing
	b.raise()
	_, live := goMemory()
	if got, want := debug.SetMemoryLimit(-1), softLimit(b.ready, live, hard); got != want || b.limit != want {
		t.Errorf("soft limit after growth = %d, want %d", got, want)
	}
	b.live, b.limit = live+1<<30, softLimit(b.ready, 1<<30, hard) // as if it had shrunk by a GiB
	debug.SetMemoryLimit(b.limit)
	b.raise()
	if got := debug.SetMemoryLimit(-1); got != softLimit(b.ready, 1<<30, hard) {
		t.Errorf("soft limit after the heap shrank = %d, want it kept at %d", got, softLimit(b.ready, 1<<30, hard))
	}
}

// TestServeBoundsMemoryWhenReady: once serve is ready, the runtime's soft
// memory limit is the bound, below --memory-limit, and the log says so.
func TestServeBoundsMemoryWhenReady(t *testing.T) {
	keepMemoryLimit(t)
	before := debug.SetGCPercent(100)
	t.Cleanup(func() { debug.SetGCPercent(before) })
	const hard = 32 << 30
	_, stop, done, log := startServe(t, "memory:", "--memory-limit", "32GiB")
	var line string
	for deadline := time.Now().Add(10 * time.Second); line == "" && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		for l := range strings.Lines(log.String()) {
			if strings.Contains(l, "memory bound") {
				line = l
			}
		}
	}
	got := debug.SetMemoryLimit(-1)
	stop()
	waitServed(t, done)
	if line == "" {
		t.Fatalf("no memory bound in the log:\n%s", log.String())
	}
	if got <= boundSlack || got >= hard {
		t.Errorf("soft limit when ready = %d, want above %d and below --memory-limit %d", got, boundSlack, int64(hard))
	}
	if !strings.Contains(line, "memory_limit_mb=32768") {
		t.Errorf("log line %q does not name --memory-limit", line)
	}
}
