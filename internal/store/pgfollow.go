package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	csql "github.com/cayleygraph/cayley/graph/sql"
	"github.com/cayleygraph/quad"
	"github.com/lib/pq"

	"github.com/memoria-history/memoria/internal/history"
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
	return history.Errorf(history.CodeConflict, "another writer on this database committed change %d first: read the records again and retry", n)
}

// pgChannel is the channel a write notifies when it commits.
const pgChannel = "memoria_changes"

// pgPoll is how often Follow looks for changes when no notification
// comes: a notification may be lost while the listener reconnects.
const pgPoll = 5 * time.Second

// Follow sends the store's revision each time it moves on, by a change
// committed through any process sharing the store, until ctx ends; then
// it closes the channel. On PostgreSQL a write notifies the listeners as
// it commits (LISTEN/NOTIFY), and Follow also looks every few seconds, so
// that a notification lost while its connection was down is caught up.
// The other backends are not shared: their channel closes with ctx,
// having sent nothing.
func (s *Store) Follow(ctx context.Context) (<-chan uint64, error) {
	out := make(chan uint64, 1)
	if s.pg == nil {
		go func() { <-ctx.Done(); close(out) }()
		return out, nil
	}
	l := pq.NewListener(s.pg.conn, 100*time.Millisecond, 10*time.Second, nil)
	if err := l.Listen(pgChannel); err != nil {
		_ = l.Close()
		return nil, history.Wrap(history.CodeInternal, "follow store "+s.name, pgError(err))
	}
	go func() {
		defer close(out)
		defer l.Close()
		last := s.Revision()
		tick := time.NewTicker(pgPoll)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-l.Notify:
			case <-tick.C:
			}
			n, err := s.Refresh(ctx)
			if err != nil || n == last {
				continue // down, or nothing new: the next look tells
			}
			last = n
			select {
			case out <- n:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out, nil
}
