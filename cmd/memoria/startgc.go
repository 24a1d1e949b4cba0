package main

import (
	"os"
	"runtime/debug"
)

// A start from a snapshot only allocates: the records, then the indexes
// over them, all of which stay live. Collections meanwhile find little to
// free (the snapshot's reader reuses its buffers) and each marks the whole
// growing heap: at Go's pace for start-up (startupGC) they were about a
// third of the start's CPU. So the collector is off while the records are
// read from a snapshot and indexed, bounded by a memory limit that makes
// it run after all should the heap outgrow what such a start needs, and
// tuneGC's full collection at ready returns what little garbage there is.
//
// The bound is pausedGCFactor times the snapshot's size, plus
// pausedGCSlack: the read model takes about 3.5 times the snapshot's bytes
// (it holds every string of the file, plus maps and pointers), and
// the start's garbage (grown maps, sort keys) adds about half as much.
const (
	pausedGCFactor = 5
	pausedGCSlack  = 64 << 20
)

// pausedGC is the collector's setting while paused, to restore.
type pausedGC struct {
	percent int
	limit   int64
	paused  bool
}

// pauseGC turns the collector off while the server starts from the
// snapshot of snapshotBytes bytes, unless the environment sets GOGC or
// GOMEMLIMIT, which then rule, or there is no snapshot (0): a read of
// the store makes garbage, and keeps startupGC's pace. The memory limit
// becomes the bound, or stays the one set already if that is lower.
func pauseGC(e env, snapshotBytes int64) *pausedGC {
	if snapshotBytes <= 0 || e.getenv("GOGC") != "" || e.getenv("GOMEMLIMIT") != "" {
		return &pausedGC{}
	}
	bound := pausedGCFactor*snapshotBytes + pausedGCSlack
	p := &pausedGC{paused: true, limit: debug.SetMemoryLimit(-1)}
	debug.SetMemoryLimit(min(p.limit, bound))
	p.percent = debug.SetGCPercent(-1)
	return p
}

// resume gives the collector back the setting it had before pauseGC. A
// second call does nothing.
func (p *pausedGC) resume() {
	if !p.paused {
		return
	}
	p.paused = false
	debug.SetGCPercent(p.percent)
	debug.SetMemoryLimit(p.limit)
}

// snapshotSize is the size of the snapshot beside the store named by db,
// 0 when it has none.
func snapshotSize(db string) int64 {
	files, ok := snapshotFor(db)
	if !ok {
		return 0
	}
	fi, err := os.Stat(files.snapshot)
	if err != nil {
		return 0
	}
	return fi.Size()
}
