package main

import (
	"log/slog"
	"runtime"
	"runtime/debug"
)

// gcHeadroom is the least the heap may grow by between two collections
// while serving. The read model is a large, static, pointer-rich heap that
// every collection marks in full; with Go's default (collect once the heap
// has doubled) a graph of a few hundred megabytes is marked again after
// every few thousand requests, and collection costs half the throughput
// (measured with memoria bench at 10,000 people: GOGC=400 doubled the
// requests per second). A fixed headroom makes collections of small graphs
// rarer and leaves large ones at the default, so memory stays bounded.
const gcHeadroom = 1 << 30

// gcPercent returns the GOGC that gives a live heap of live bytes at least
// gcHeadroom to grow into, between 100 (Go's default) and 800.
func gcPercent(live uint64) int {
	if live == 0 {
		return 800
	}
	return int(min(max(gcHeadroom*100/live, 100), 800))
}

// tuneGC sets the collector for serving once the read model is built,
// unless the environment sets GOGC or GOMEMLIMIT, which then rule.
func tuneGC(e env, logger *slog.Logger) {
	if e.getenv("GOGC") != "" || e.getenv("GOMEMLIMIT") != "" {
		return
	}
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	pct := gcPercent(m.HeapAlloc)
	debug.SetGCPercent(pct)
	logger.Info("garbage collector", "live_heap_mb", m.HeapAlloc>>20, "gogc", pct)
}
