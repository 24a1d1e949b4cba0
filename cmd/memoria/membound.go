package main

import (
	"context"
	"log/slog"
	"math"
	"runtime/debug"
	"runtime/metrics"
	"slices"
	"time"

	"github.com/memoria-history/memoria/internal/server"
)

// Once serving, the heap is the read model (static) and the garbage of
// requests. gcPercent keeps collections rare, which left alone lets the
// garbage grow to a gigabyte over a live heap of a hundred megabytes: not
// a leak, but memory the server holds for nothing. A soft memory limit a
// little above what is in use at ready makes the collector run before
// that, while GOGC still rules a small server, whose goal is below it.
const (
	// boundFactor and boundSlack set the limit: boundFactor times the
	// memory in use plus boundSlack, room for the answers of many
	// clients at once.
	boundFactor = 1.5
	boundSlack  = 256 << 20
	// boundEvery is how often the live heap is read to follow it as
	// writes grow it, and boundWindow how many of those readings it is
	// followed by: their least, so that what requests hold while they
	// run (tens of megabytes each for a large neighbourhood) does not
	// count as growth.
	boundEvery  = time.Second
	boundWindow = 30
	// boundBusy is how much of the least live heap is taken for requests
	// running rather than growth: under a steady load of large answers
	// some are running at every collection.
	boundBusy = 64 << 20
)

// softLimit is the soft memory limit of a server that held ready bytes
// when it became ready and whose live heap has grown by grown since: never
// above server.MemorySoftShare of hard, the limit of --memory-limit (0 for
// none), so that the collector has reclaimed what it can before the
// server refuses work for want of memory.
func softLimit(ready, grown uint64, hard int64) int64 {
	limit := int64(math.MaxInt64)
	if l := boundFactor*float64(ready+grown) + boundSlack; l < math.MaxInt64 {
		limit = int64(l)
	}
	if hard > 0 {
		return min(limit, softCap(hard))
	}
	return limit
}

// softCap is the highest soft limit under the hard limit hard.
func softCap(hard int64) int64 { return int64(math.Round(server.MemorySoftShare * float64(hard))) }

// memoryBound keeps the runtime's soft memory limit at softLimit of what
// the server holds, following its live heap as writes grow it.
type memoryBound struct {
	hard   int64    // --memory-limit, 0 for none
	ready  uint64   // Go's memory in use at ready
	live   uint64   // the live heap at ready
	limit  int64    // the limit set last
	recent []uint64 // the live heap at the last boundWindow readings
}

// boundMemory sets the soft memory limit for serving once the read model
// is built and tuneGC has returned the start-up's garbage. hard is the
// limit of --memory-limit (or GOMEMLIMIT), 0 for none. GOGC or GOMEMLIMIT
// in the environment rule the collector, and the limit is not followed
// (nil), but the soft limit is still lowered to server.MemorySoftShare of
// hard: left at hard, the collector would only work to keep the memory
// under it once past the share where heavy requests are refused, and
// refuse them for garbage.
func boundMemory(e env, hard int64, logger *slog.Logger) *memoryBound {
	if e.getenv("GOGC") != "" || e.getenv("GOMEMLIMIT") != "" {
		if hard > 0 {
			limit := min(debug.SetMemoryLimit(-1), softCap(hard))
			debug.SetMemoryLimit(limit)
			logger.Info("memory bound", "soft_limit_mb", limit>>20, "memory_limit_mb", hard>>20, "gogc", e.getenv("GOGC"), "gomemlimit", e.getenv("GOMEMLIMIT"))
		}
		return nil
	}
	inUse, live := goMemory()
	if inUse == 0 {
		return nil // the runtime does not say: GOGC alone rules
	}
	b := &memoryBound{hard: hard, ready: inUse, live: live}
	b.limit = softLimit(b.ready, 0, hard)
	debug.SetMemoryLimit(b.limit)
	logger.Info("memory bound", "in_use_mb", inUse>>20, "live_heap_mb", live>>20, "soft_limit_mb", b.limit>>20, "memory_limit_mb", hard>>20)
	if hard > 0 && int64(inUse) > softCap(hard) {
		// The collector will run nearly without pause, and heavy
		// requests be refused, as long as the server holds this much.
		logger.Warn("the server holds more than its share of --memory-limit once ready: give it more", "in_use_mb", inUse>>20, "memory_limit_mb", hard>>20, "share", server.MemorySoftShare)
	}
	return b
}

// follow follows the live heap until ctx ends.
func (b *memoryBound) follow(ctx context.Context) {
	if b == nil {
		return
	}
	t := time.NewTicker(boundEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			_, live := goMemory()
			b.observe(live)
		}
	}
}

// observe takes a reading of the live heap and sets the limit for the
// least of the last boundWindow: raised as the read model grows, lowered
// again (never below the limit at ready) once a burst of requests has
// passed.
func (b *memoryBound) observe(live uint64) {
	if len(b.recent) == boundWindow {
		b.recent = b.recent[1:]
	}
	b.recent = append(b.recent, live)
	least := slices.Min(b.recent)
	grown := uint64(0)
	if least > b.live+boundBusy {
		grown = least - b.live - boundBusy
	}
	if l := softLimit(b.ready, grown, b.hard); l != b.limit {
		b.limit = l
		debug.SetMemoryLimit(l)
	}
}

// goMemory is the memory the Go runtime holds and has not returned to the
// system (what the soft limit counts), and the heap the last collection
// found live.
func goMemory() (inUse, live uint64) {
	s := []metrics.Sample{{Name: "/memory/classes/total:bytes"}, {Name: "/memory/classes/heap/released:bytes"}, {Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	for _, x := range s {
		if x.Value.Kind() != metrics.KindUint64 {
			return 0, 0
		}
	}
	return s[0].Value.Uint64() - s[1].Value.Uint64(), s[2].Value.Uint64()
}
