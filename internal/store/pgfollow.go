package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	csql "github.com/cayleygraph/cayley/graph/sql"
	"github.com/cayleygraph/quad"
	"github.com/lib/pq"

	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/schema"
)

// Several processes may write one PostgreSQL store. Each Store keeps the
// revision it last saw; before a write it catches up with the changes
// others committed (so that its change takes the next number), and the
// write itself, under the database's write lock, fails with CodeConflict
// if another writer took that number in between.

// catchUp moves the store's revision past the changes other processes
// committed since it last looked: one look-up when there are none. Only
// the postgres backend is shared. Callers hold s.mu for writing.
func (s *Store) catchUp(ctx context.Context) error {
	if s.pg == nil {
		return nil
	}
	n := s.Revision()
	for {
		ok, err := s.pg.stored(ctx, changeIRI(s.base, n+1))
		if err != nil {
			return history.Wrap(history.CodeInternal, "read the revision of "+s.name, err)
		}
		if !ok {
			break
		}
		n++
	}
	s.revision.Store(n)
	return nil
}

// Refresh returns the store's revision as it is now, past the changes
// that other processes sharing the store (servers on one PostgreSQL
// database) committed since this Store last looked.
func (s *Store) Refresh(ctx context.Context) (uint64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.catchUp(ctx); err != nil {
		return 0, err
	}
	return s.Revision(), nil
}

// stored reports whether the node v is stored.
func (pg *pgDB) stored(ctx context.Context, v quad.Value) (bool, error) {
	return pgStored(ctx, pg.db, v)
}

// pgQueryRower is a pool or a transaction.
type pgQueryRower interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func pgStored(ctx context.Context, q pgQueryRower, v quad.Value) (bool, error) {
	var ok bool
	h := csql.HashOf(v)
	if err := q.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM nodes WHERE hash = $1)`, h.SQLValue()).Scan(&ok); err != nil {
		return false, fmt.Errorf("look up a node: %w", pgError(err))
	}
	return ok, nil
}

// errTaken is the error of a write whose change number another writer
// took first.
func errTaken(n uint64) error {
	return history.Wrap(history.CodeConflict, fmt.Sprintf("another writer on this database committed change %d first", n), errRetry)
}

// errRetry marks errTaken: the change was not written, and may be
// prepared again after the others'.
var errRetry = errors.New("read the records again and retry")

// takenRetries is how many times Apply prepares a change again when
// another process took its number: each time someone's change commits,
// so that two busy servers on one database do not answer CONFLICT to a
// mutation that conflicts with nothing.
const takenRetries = 32

// applyTaking is Apply's write, prepared again (after the others'
// changes) while another process takes its number first.
func (s *Store) applyTaking(ctx context.Context, q func() *queued) (Commit, error) {
	for try := 0; ; try++ {
		c, err := s.writes.apply(ctx, s, q())
		if err == nil || !errors.Is(err, errRetry) || try == takenRetries || ctx.Err() != nil {
			return c, err
		}
	}
}

// Shared reports whether other processes may write the store too
// (PostgreSQL), so that what it holds, tokens included, may change under
// this one.
func (s *Store) Shared() bool { return s.pg != nil }

// pgChannel is the channel a write notifies when it commits.
const pgChannel = "memoria_changes"

// pgPoll is how often Follow looks for changes when no notification
// comes: a notification may be lost while the listener reconnects.
const pgPoll = 5 * time.Second

// pgPollAlone is how often Follow looks when it cannot listen: a hot
// standby refuses LISTEN, and no notification reaches it. A look is one
// indexed look-up; half the interval is added to the time a server on a
// standby takes, on average, to show a change.
const pgPollAlone = 100 * time.Millisecond

// Follow sends the store's revision each time it moves on, by a change
// committed through any process sharing the store, until ctx ends; then
// it closes the channel. On PostgreSQL a write notifies the listeners as
// it commits (LISTEN/NOTIFY), and Follow also looks every few seconds, so
// that a notification lost while its connection was down is caught up.
// Where LISTEN fails (a hot standby, CockroachDB, or a database not up
// when Follow starts), it looks ten times a second instead. When the
// store cannot be read, Follow sends 0, once, and the store's revision once it can
// again. The other backends are not shared: their channel closes with
// ctx, having sent nothing.
func (s *Store) Follow(ctx context.Context) (<-chan uint64, error) {
	out := make(chan uint64, 1)
	if s.pg == nil {
		go func() { <-ctx.Done(); close(out) }()
		return out, nil
	}
	var notify <-chan *pq.Notification
	poll := pgPoll
	var l *pq.Listener
	if s.pg.standby || s.pg.cockroach {
		// lib/pq's Listen does not return where LISTEN fails: it dials
		// again and again.
		poll = pgPollAlone
	} else if l = pq.NewListener(s.pg.conn, 100*time.Millisecond, 10*time.Second, nil); l.Listen(pgChannel) != nil {
		_ = l.Close()
		l, poll = nil, pgPollAlone
	} else {
		notify = l.Notify
	}
	go func() {
		defer close(out)
		if l != nil {
			defer l.Close()
		}
		last, down := s.Revision(), false
		tick := time.NewTicker(poll)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-notify:
			case <-tick.C:
			}
			n, err := s.Refresh(ctx)
			switch {
			case err != nil && down, err == nil && !down && n == last:
				continue // still down, or nothing new: the next look tells
			case err != nil:
				down, n = true, 0
			default:
				down, last = false, n
			}
			select {
			case out <- n:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out, nil
}

// loadedBatch is how many records Loaded reads under one hold of the
// store's read lock: the server's own writes wait while it is held.
const loadedBatch = 256

// Loaded returns the records that change n wrote first, as they are now:
// for a load, whose audit record keeps counts only (ChangeRecord.After is
// nil), what a follower needs to file them. They are found by the graph
// their rdf:type quads are in. A record changed since is returned as it
// now is, which a follower that applies the later changes in turn files
// the same way.
func (s *Store) Loaded(ctx context.Context, n uint64) (*history.Dataset, error) {
	op := fmt.Sprintf("read the records of change %d of store %s", n, s.name)
	ids, err := s.firstWritten(ctx, n)
	if err != nil {
		return nil, wrapInternal(op, err)
	}
	ds := &history.Dataset{}
	for part := range chunks(ids, loadedBatch) {
		if err := s.readRecords(ctx, part, ds); err != nil {
			return nil, wrapInternal(op, err)
		}
	}
	return ds, nil
}

// firstWritten lists the records whose rdf:type quad is in the graph of
// change n, in the order they were written.
func (s *Store) firstWritten(ctx context.Context, n uint64) ([]history.ID, error) {
	s.rlock()
	defer s.runlock()
	qs, err := s.handle("read store")
	if err != nil {
		return nil, err
	}
	label, err := qs.ValueOf(changeIRI(s.base, n))
	if err != nil || label == nil {
		return nil, err
	}
	quads, err := quadsOf(ctx, qs, qs.QuadIterator(quad.Label, label).Iterate())
	if err != nil {
		return nil, err
	}
	var ids []history.ID
	for _, q := range quads {
		iri, ok := q.Subject.(quad.IRI)
		if !ok || q.Predicate != rdfType {
			continue
		}
		if id, ok := strings.CutPrefix(string(iri), s.base); ok && !strings.Contains(id, "#") && !strings.HasPrefix(id, schema.ChangePath) {
			ids = append(ids, history.ID(id))
		}
	}
	return ids, nil
}

// readRecords reads the records ids into ds.
func (s *Store) readRecords(ctx context.Context, ids []history.ID, ds *history.Dataset) error {
	s.rlock()
	defer s.runlock()
	qs, err := s.handle("read store")
	if err != nil {
		return err
	}
	for _, id := range ids {
		rec, err := s.readRecord(ctx, qs, id)
		if err != nil {
			return fmt.Errorf("read %s: %w", id, err)
		}
		if rec != nil {
			appendDataset(ds, rec.ds)
		}
	}
	return nil
}
