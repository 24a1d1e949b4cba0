package store

import (
	"context"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/cayleygraph/quad"

	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/rdfmap"
	"github.com/memoria-history/memoria/schema"
)

// Group commit. Most of a change's cost on bbolt is its commit: the pages
// it dirties in Cayley's layout (the log, the indexes, a bucket per node
// whose count changes) and the sync. The Apply calls that arrive while a
// change is being committed wait in a queue; the next writer takes the
// queue and commits its changes in one transaction, each still a change of
// its own (its number, its checks, its audit record), and every caller
// returns once that one transaction is synced.
//
// The changes of a group are prepared one after the other against the
// store as committed, before any is written (Cayley cannot read while the
// group's write transaction is open). That is the store the later ones
// would see after the earlier ones only if they have nothing in common:
// so a change that reads what a change before it in the group writes (see
// footprint), or one put off, is put off to the next group, where it is
// prepared again against a store that holds the earlier one.

// A group is bounded, so that one large change does not keep small ones
// waiting behind a transaction that grows with each: at most
// maxGroupChanges changes, and once it writes maxGroupQuads quads (removed
// and added) no other change joins it. The first change of a group always
// goes in, however large.
const (
	maxGroupChanges = 64
	maxGroupQuads   = 20_000
)

// writeQueue is the store's queue of changes waiting to be committed.
type writeQueue struct {
	mu      sync.Mutex
	queue   []*queued
	leading bool // a caller is committing the queue
	// onCommit is told of the changes committed together (see
	// OnCommits); set and read under the store's mu.
	onCommit func([]Commit)
}

// queued is one Apply call's change, waiting.
type queued struct {
	ctx  context.Context
	ch   history.Change
	meta ChangeMeta
	done chan outcome // buffered: who sends never waits
	// chosen says that the caller has been told to commit the queue: it
	// may no longer leave it.
	chosen bool
}

// outcome is what an Apply call waiting in the queue is told: its result,
// or that it is its turn to commit the queue.
type outcome struct {
	c    Commit
	err  error
	lead bool
}

// OnCommit has f called with each change committed, in revision order,
// before the Apply call that made it returns; replays and changes that
// changed nothing are not commits. A server keeps its read model in the
// store's order this way, whatever order the concurrent Apply calls
// return in. f runs while the store is being written, and must not call
// the store.
func (s *Store) OnCommit(f func(Commit)) {
	s.OnCommits(func(cs []Commit) {
		for _, c := range cs {
			f(c)
		}
	})
}

// OnCommits is OnCommit for the changes written in one transaction (see
// group.go) at once, in revision order: a read model may take them as
// one change.
func (s *Store) OnCommits(f func([]Commit)) {
	if s.writer != nil {
		s.writer.OnCommits(f)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.writes.onCommit = f
}

// apply queues q and waits for its result, committing the queue itself
// when no one else does.
func (w *writeQueue) apply(ctx context.Context, s *Store, q *queued) (Commit, error) {
	w.mu.Lock()
	w.queue = append(w.queue, q)
	lead := !w.leading
	w.leading = true
	w.mu.Unlock()
	for {
		if lead {
			s.commitQueued()
		}
		var o outcome
		select {
		case o = <-q.done:
		case <-ctx.Done():
			if w.withdraw(q) {
				return Commit{}, wrapInternal("write to store "+s.name, ctx.Err())
			}
			o = <-q.done // it is being committed, or is to commit
		}
		if !o.lead {
			return o.c, o.err
		}
		lead = true
	}
}

// withdraw takes q out of the queue if it is still waiting there.
func (w *writeQueue) withdraw(q *queued) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	for i, x := range w.queue {
		if x == q && !q.chosen {
			w.queue = append(w.queue[:i], w.queue[i+1:]...)
			return true
		}
	}
	return false
}

// take takes the first n changes of the queue at most.
func (w *writeQueue) take(n int) []*queued {
	w.mu.Lock()
	defer w.mu.Unlock()
	k := min(n, len(w.queue))
	batch := make([]*queued, k)
	copy(batch, w.queue)
	w.queue = w.queue[k:]
	return batch
}

// handOff puts the changes put off back at the head of the queue, and
// tells the first waiting caller to commit the queue, or marks that no
// one does.
func (w *writeQueue) handOff(putOff []*queued) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.queue = append(putOff, w.queue...)
	if len(w.queue) == 0 {
		w.leading = false
		return
	}
	next := w.queue[0]
	next.chosen = true
	next.done <- outcome{lead: true}
}

// commitQueued commits a group from the head of the queue.
func (s *Store) commitQueued() {
	s.mu.Lock()
	putOff := s.commitGroup(s.writes.take(maxGroupChanges))
	s.mu.Unlock()
	s.writes.handOff(putOff)
}

// commitGroup prepares the changes of batch in order, writes those it
// can in one transaction, and tells each caller its result. It returns
// the changes put off to the next group. Callers hold s.mu for writing.
func (s *Store) commitGroup(batch []*queued) (putOff []*queued) {
	op := "write to store " + s.name
	qs, err := s.handle("write to store")
	if err == nil {
		// Another process on a shared PostgreSQL store may have committed
		// since: number this group after its changes.
		err = s.catchUp(context.WithoutCancel(batch[0].ctx))
	}
	if err != nil {
		for _, q := range batch {
			q.done <- outcome{err: err}
		}
		return nil
	}
	now := time.Now().UTC()
	var (
		plans   []*plan
		writers []*queued // the callers of plans
		quads   int       // quads the plans write
		// written are the keys the changes before in the group write, and
		// those put off; putOffReads what those put off read, which
		// changes after them may not write either, so that of two changes
		// that touch the same records the first is applied first.
		written     = map[string]bool{}
		putOffReads = map[string]bool{}
		// noop are the changes that write nothing: told after the write,
		// with the revision then.
		noop = map[*queued]*Commit{}
	)
	for _, q := range batch {
		meta := q.meta
		if meta.At.IsZero() {
			meta.At = now
		}
		meta.At = meta.At.UTC()
		p := &plan{op: op, ch: &q.ch, meta: meta, n: s.Revision() + uint64(len(plans)) + 1}
		c, err := s.prepareChange(q.ctx, qs, p)
		// A group's changes are prepared on the processor that runs the
		// writer, each for a fraction of a millisecond, a group of them
		// for several: letting what waits for the processor run between
		// them keeps a query from waiting behind the whole group.
		runtime.Gosched()
		reads, writes := s.footprint(p)
		full := len(plans) > 0 && c == nil && err == nil && quads+len(p.del)+len(p.add) > maxGroupQuads
		if full || meets(reads, written) || meets(writes, putOffReads) {
			putOff = append(putOff, q)
			addAll(written, writes)
			addAll(putOffReads, reads)
			continue
		}
		switch {
		case err != nil:
			q.done <- outcome{err: err}
		case c != nil:
			noop[q] = c
		default:
			plans, writers = append(plans, p), append(writers, q)
			quads += len(p.del) + len(p.add)
			addAll(written, writes)
		}
	}
	failed := -1 // the first plan not written
	if len(plans) > 0 {
		ctx := context.WithoutCancel(writers[0].ctx)
		if s.groupsInOneTx() {
			if err = s.writeChanges(ctx, plans); err != nil {
				failed = 0
			}
		} else {
			// The memory backend undoes a failed change alone; the
			// changes after it were numbered as if it had not failed.
			for i, p := range plans {
				if err = s.writeChanges(ctx, plans[i:i+1]); err != nil {
					failed = i
					break
				}
				s.revision.Store(p.n)
			}
		}
	}
	var (
		commits   []Commit
		committed []*queued // their callers
	)
	for i, p := range plans {
		switch {
		case failed >= 0 && i == failed || failed >= 0 && s.groupsInOneTx():
			writers[i].done <- outcome{err: wrapInternal(op, err)}
		case failed >= 0 && i > failed:
			putOff = append(putOff, writers[i])
		default:
			s.revision.Store(p.n)
			commits = append(commits, Commit{Revision: p.n, Before: p.before, After: p.after})
			committed = append(committed, writers[i])
		}
	}
	if len(commits) > 0 && s.writes.onCommit != nil {
		s.writes.onCommit(commits)
	}
	for i, q := range committed {
		q.done <- outcome{c: commits[i]}
	}
	for q, c := range noop {
		if !c.Replayed {
			c.Revision = s.Revision()
		}
		q.done <- outcome{c: *c}
	}
	return putOff
}

// footprint is what a prepared change reads and what it writes, as keys:
// a change is prepared against the store as committed, which is the store
// after the changes before it in its group if it reads nothing they write.
// It reads the records it asked the store about; it writes the records it
// writes. A retraction reads who refers to the record withdrawn, which a
// change writes by referring to it, or ceasing to, before or after (the
// key "refs:" and the id). A direct triple that relations may share
// (between the same ends, citing the same source) is read and written by
// every change that states it or stated it (the key "foreign:" and the
// subject). A client's mutation id is read and written by its change. A
// change that failed before it knew what it writes is taken to write the
// records it names.
func (s *Store) footprint(p *plan) (reads, writes map[string]bool) {
	reads, writes = map[string]bool{}, map[string]bool{}
	for id := range p.reads {
		reads[string(id)] = true
	}
	for _, id := range p.ch.Touches() {
		writes[string(id)] = true
	}
	for _, id := range p.touched {
		writes[string(id)] = true
	}
	for _, id := range p.retracting {
		reads["refs:"+string(id)] = true
	}
	both := func(k string) { reads[k], writes[k] = true, true }
	if p.meta.ClientID != "" {
		both("client:" + p.meta.Author + "\x00" + p.meta.ClientID)
	}
	mention := func(v quad.Value) {
		iri, ok := v.(quad.IRI)
		if !ok {
			return
		}
		rest, ok := strings.CutPrefix(string(iri), s.base)
		if !ok || strings.HasPrefix(rest, schema.ChangePath) {
			return
		}
		rec, _, _ := strings.Cut(rest, "#")
		writes["refs:"+rec] = true
	}
	for _, ds := range []*history.Dataset{p.before, p.after} {
		if ds == nil {
			continue
		}
		_ = rdfmap.New(s.base).Records(ds, func(qq []rdfmap.Quad) error {
			for _, q := range qq {
				if foreign(q.Quad) {
					both("foreign:" + q.Subject.String())
				}
				mention(q.Object)
				mention(q.Label)
			}
			return nil
		})
	}
	return reads, writes
}

// meets reports whether a and b have a key in common.
func meets(a, b map[string]bool) bool {
	for k := range a {
		if b[k] {
			return true
		}
	}
	return false
}

func addAll(to, from map[string]bool) {
	for k := range from {
		to[k] = true
	}
}
