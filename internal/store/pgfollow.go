package store

import (
	"context"
	"database/sql"
	"fmt"

	csql "github.com/cayleygraph/cayley/graph/sql"
	"github.com/cayleygraph/quad"

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
