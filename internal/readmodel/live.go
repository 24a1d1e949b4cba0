package readmodel

import (
	"sync"
	"sync/atomic"
)

// LiveOptions configures a Live.
type LiveOptions struct {
	// RebuildAt says, from the records of the base and of the delta,
	// whether the delta has grown enough for the base to be rebuilt;
	// DefaultRebuildAt when nil.
	RebuildAt func(base, changed int) bool
	// Publish, when set, is called with every new view, in revision
	// order, before Apply returns or as a rebuilt base is swapped in: the
	// server hands it to the API there.
	Publish func(Data)
}

// DefaultRebuildAt rebuilds the base once the delta holds 5% of its
// records (but at least 1,000), or 50,000: past that, the lists the delta
// merges on reading and the copies an apply makes cost more than they
// save.
func DefaultRebuildAt(base, changed int) bool {
	return changed >= min(50_000, max(1_000, base/20))
}

// Live holds the current view of a server and follows the store's
// commits. Apply is for the store's one writer; Current for any number of
// readers.
type Live struct {
	opts LiveOptions
	cur  atomic.Pointer[Data]

	mu         sync.Mutex // serialises Apply and the swap of a rebuilt base
	rebuilding bool
	since      []Commit // applied while a rebuild runs, to apply again to its result
	closed     bool
	wg         sync.WaitGroup
}

// NewLive starts following commits from d.
func NewLive(d Data, o LiveOptions) *Live {
	if o.RebuildAt == nil {
		o.RebuildAt = DefaultRebuildAt
	}
	l := &Live{opts: o}
	l.cur.Store(&d)
	return l
}

// Current returns the current view.
func (l *Live) Current() Data { return *l.cur.Load() }

// Apply applies commits to the current view, in revision order, as one
// change (see ApplyAll), publishes the result and returns it. Commits
// must come in revision order; those already applied change nothing.
// When the delta has grown past RebuildAt, a rebuild of the base starts
// in the background.
func (l *Live) Apply(cs ...Commit) Data {
	l.mu.Lock()
	defer l.mu.Unlock()
	cur := *l.cur.Load()
	next := cur.ApplyAll(cs)
	if next.Revision == cur.Revision {
		return cur
	}
	l.publish(next)
	if l.rebuilding {
		l.since = append(l.since, cur.after(cs)...)
	} else if !l.closed && l.opts.RebuildAt(next.Records.BaseLen(), next.Changed()) {
		l.rebuild(next)
	}
	return next
}

// Rebuild starts rebuilding the base of the current view now, unless a
// rebuild runs already, and returns at once.
func (l *Live) Rebuild() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.rebuilding && !l.closed {
		l.rebuild(*l.cur.Load())
	}
}

// catchUpLocked is how many commits that came during a rebuild are
// applied to its result while Apply waits: more are applied first without
// the lock, in rounds, each applying what came during the one before. The
// writer calls Apply while it commits (see store.OnCommit), and a rebuild
// of a large base lasts long enough for hundreds of commits to come.
const catchUpLocked = 32

// rebuild builds a new base from d in the background, then applies the
// commits that came meanwhile and swaps the result in. l.mu is held.
func (l *Live) rebuild(d Data) {
	l.rebuilding, l.since = true, nil
	l.wg.Add(1)
	go func() {
		defer l.wg.Done()
		fresh := d.Rebuild()
		for {
			l.mu.Lock()
			if l.closed {
				l.rebuilding, l.since = false, nil
				l.mu.Unlock()
				return
			}
			pending := l.since
			l.since = nil
			if len(pending) <= catchUpLocked {
				fresh = fresh.ApplyAll(pending)
				l.rebuilding = false
				l.publish(fresh)
				l.mu.Unlock()
				return
			}
			l.mu.Unlock()
			fresh = fresh.ApplyAll(pending)
		}
	}()
}

func (l *Live) publish(d Data) {
	l.cur.Store(&d)
	if l.opts.Publish != nil {
		l.opts.Publish(d)
	}
}

// Close waits for a running rebuild to end and drops its result; Apply
// goes on working, without rebuilding.
func (l *Live) Close() {
	l.mu.Lock()
	l.closed = true
	l.mu.Unlock()
	l.wg.Wait()
}
