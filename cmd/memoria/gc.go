package main

import (
	"log/slog"
	"runtime"
	"runtime/debug"
)

// gcHeadroom is what the heap may grow by between two collections while
// serving. The read model is a large, static, pointer-rich heap that every
// collection marks in full; with Go's default (collect once the heap has
// doubled) a graph of a few hundred megabytes is marked again after every
// few thousand requests, and collection takes a large share of the
// throughput. A fixed headroom makes collections of small graphs rarer, and
// keeps a large graph's server within its live heap and a gigabyte instead
// of twice its live heap, at the cost of marking it more often. The README's
// performance section has the figures. Once ready, boundMemory's soft
// limit (membound.go) makes the collector run before the headroom is used
// where the heap is large: the headroom rules small servers, the limit
// large ones.
const gcHeadroom = 1 << 30

// gcPercent returns the GOGC that gives a live heap of live bytes
// gcHeadroom to grow into, between 25 and 800: below 25 the collector would
// mark the whole graph again for every small fraction of it allocated, and
// above 800 a small graph's headroom would only cost memory.
func gcPercent(live uint64) int {
	if live == 0 {
		return 800
	}
	return int(min(max(gcHeadroom*100/live, 25), 800))
}

// The GOGC while the server starts. The heap then only grows, and with
// Go's default the process would reach twice what is live, more than a
// million people's server may hold. The peak comes while the indexes are
// built, so that phase collects more often (a quarter of the default) than
// the read of the store before it (half), which would otherwise pay for
// collections that lower no peak. The README's performance section has the
// start-ups these were chosen from.
const (
	readGCPercent  = 50
	indexGCPercent = 25
)

// startupGC sets the collector for one phase of the start-up, percent
// being readGCPercent or indexGCPercent, unless the environment sets GOGC
// or GOMEMLIMIT, which then rule. tuneGC sets it for serving after.
func startupGC(e env, percent int) {
	if e.getenv("GOGC") != "" || e.getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetGCPercent(percent)
}

// tuneGC sets the collector for serving once the read model is built,
// unless the environment sets GOGC or GOMEMLIMIT, which then rule.
func tuneGC(e env, logger *slog.Logger) {
	// Return the start-up's garbage (the dataset read from the store, the
	// pages of its decoding) to the system now: the scavenger would take
	// minutes, and the server would hold it all that time.
	debug.FreeOSMemory()
	if e.getenv("GOGC") != "" || e.getenv("GOMEMLIMIT") != "" {
		return
	}
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	pct := gcPercent(m.HeapAlloc)
	debug.SetGCPercent(pct)
	logger.Info("garbage collector", "live_heap_mb", m.HeapAlloc>>20, "gogc", pct)
}
