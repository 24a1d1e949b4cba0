package catalog

import (
	"sort"

	"github.com/memoria-history/memoria/internal/history"
)

// timelineBlock is how many events share one latest bound in a
// timelineIndex: few enough that one long event hides little, many enough
// that skipping blocks is much faster than looking at each event.
const timelineBlock = 64

// timelineIndex finds the dated events that can fall within a window. The
// events are in time order (by earliest bound), so those that start after
// the window are cut off by a binary search. Those that start before it
// but end before it too are skipped a block at a time: a running maximum
// of their latest bounds, which this replaces, let a single open-ended
// event early in a million people's timeline make every later window look
// at every event before it, and a timeline's p99 was 70 ms.
type timelineIndex struct {
	events  []*history.Event // the dated events, in time order
	lo, hi  []int64          // events[i]'s bounds, kept flat so that a scan follows no pointers
	blockHi []int64          // the latest bound of each block of timelineBlock events
}

// newTimelineIndex indexes the dated events of sorted, which is in the
// order compareEvents gives: dated events first, by earliest bound.
func newTimelineIndex(sorted []*history.Event) timelineIndex {
	n := sort.Search(len(sorted), func(i int) bool { return eventDate(sorted[i]).IsZero() })
	t := timelineIndex{
		events:  sorted[:n:n],
		lo:      make([]int64, n),
		hi:      make([]int64, n),
		blockHi: make([]int64, (n+timelineBlock-1)/timelineBlock),
	}
	for i, e := range t.events {
		t.lo[i], t.hi[i] = eventDate(e).Bounds()
		if b := i / timelineBlock; i%timelineBlock == 0 || t.hi[i] > t.blockHi[b] {
			t.blockHi[b] = t.hi[i]
		}
	}
	return t
}

// within returns the events that can fall within window (the zero date for
// all time), in time order, at most first of them (0 for all).
func (t *timelineIndex) within(window history.Date, first int) []*history.Event {
	var out []*history.Event
	t.scan(window, func(i int) bool {
		out = append(out, t.events[i])
		return first == 0 || len(out) < first
	})
	return out
}

// scan calls fn with the position of each event that can fall within
// window, in time order, until fn returns false.
func (t *timelineIndex) scan(window history.Date, fn func(i int) bool) {
	start, end := window.Bounds()
	cut := sort.Search(len(t.lo), func(i int) bool { return t.lo[i] > end })
	for i := 0; i < cut; i++ {
		if i%timelineBlock == 0 && t.blockHi[i/timelineBlock] < start {
			i += timelineBlock - 1
			continue
		}
		if t.hi[i] < start {
			continue
		}
		if !fn(i) {
			return
		}
	}
}
