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
		{"never above the hard limit's soft share", 1 << 30, 0, 1000 * mib, 700 * mib},
		{"the soft share of 700 MiB", 267 * mib, 0, 700 * mib, 490 * mib},
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
// environment rule the collector; the bound sets nothing then, except
// that under a memory limit (GOMEMLIMIT's own, or --memory-limit's) the
// soft limit is lowered to the soft share of it, as it is without them.
func TestBoundMemoryLeavesTheEnvironment(t *testing.T) {
	const hard = 1 << 30
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
			// serve gives the runtime the hard limit while it starts
			// (GOMEMLIMIT has already).
			debug.SetMemoryLimit(hard)
			if b := boundMemory(e, hard, slog.New(slog.DiscardHandler)); b != nil {
				t.Errorf("boundMemory with %s set and a memory limit = %+v, want nil", key, b)
			}
			if got, want := debug.SetMemoryLimit(-1), softCap(hard); got != want {
				t.Errorf("soft limit under a memory limit of %d MiB = %d MiB, want %d MiB", hard>>20, got>>20, want>>20)
			}
		})
	}
}

// TestBoundMemoryFollowsTheLiveHeap: the limit follows the least live
// heap of the last readings: up as the read model grows, not for a burst
// of requests, and down again, never below the limit at ready nor above
// the hard limit.
func TestBoundMemoryFollowsTheLiveHeap(t *testing.T) {
	keepMemoryLimit(t)
	const mib, hard = 1 << 20, 4 << 30
	b := boundMemory(env{getenv: func(string) string { return "" }}, hard, slog.New(slog.DiscardHandler))
	if b == nil {
		t.Fatal("boundMemory = nil without GOGC or GOMEMLIMIT")
	}
	if got, want := debug.SetMemoryLimit(-1), softLimit(b.ready, 0, hard); got != want || want >= hard {
		t.Fatalf("soft limit at ready = %d, want %d, below %d", got, want, int64(hard))
	}
	b.ready, b.live = 200*mib, 180*mib
	atReady := softLimit(b.ready, 0, hard)
	steps := []struct {
		name string
		live uint64
		want int64
	}{
		{"as at ready", 180 * mib, atReady},
		{"a burst of requests", 400 * mib, atReady},
		{"the burst over, the heap smaller", 170 * mib, atReady},
	}
	for _, s := range steps {
		b.observe(s.live)
		if got := debug.SetMemoryLimit(-1); got != s.want {
			t.Errorf("%s: soft limit %d MiB, want %d MiB", s.name, got/mib, s.want/mib)
		}
	}
	// Requests running at every collection: not growth.
	for range boundWindow {
		b.observe(180*mib + boundBusy)
	}
	if got := debug.SetMemoryLimit(-1); got != atReady {
		t.Errorf("under a steady load: soft limit %d MiB, want %d MiB", got/mib, atReady/mib)
	}
	// Writes grow the read model by 40 MiB: once every reading of the
	// window says so, the limit follows.
	for range boundWindow {
		b.observe(220*mib + boundBusy)
	}
	if got, want := debug.SetMemoryLimit(-1), softLimit(b.ready, 40*mib, hard); got != want || got != atReady+60*mib {
		t.Errorf("after growth: soft limit %d MiB, want %d MiB", got/mib, want/mib)
	}
	// Deletions shrink it again.
	b.observe(180 * mib)
	if got := debug.SetMemoryLimit(-1); got != atReady {
		t.Errorf("after shrinking: soft limit %d MiB, want %d MiB", got/mib, atReady/mib)
	}
	// Never above the hard limit's soft share.
	for range boundWindow {
		b.observe(8 << 30)
	}
	if got, want := debug.SetMemoryLimit(-1), softCap(hard); got != want || want >= hard {
		t.Errorf("with a heap past the hard limit: soft limit %d MiB, want %d MiB", got/mib, want/mib)
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
