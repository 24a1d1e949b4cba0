package store

import (
	"context"

	"github.com/cayleygraph/cayley/graph"

	"github.com/memoria-history/memoria/internal/history"
)

// ViewQuadStore calls fn with the Cayley quad store under s and the IRI
// base of its records (the IRI of record id is base+id), holding the
// store's read lock until fn returns, so that no load, Release or Close
// runs meanwhile. It is for tools that measure Cayley's own iterators
// against Memoria's indexes (internal/store/baseline); nothing Memoria
// serves reads through it. fn must only read, must not keep qs after it
// returns, and is called from one goroutine at a time on the memory
// backend, whose quad store is not safe for concurrent readers. When the
// store has no quad store open (closed, released, or broken by a failed
// write) fn is not called and the error says why; fn's own error is
// returned as it is.
func (s *Store) ViewQuadStore(ctx context.Context, fn func(qs graph.QuadStore, base string) error) error {
	if err := ctx.Err(); err != nil {
		return history.Wrap(history.CodeInternal, "read store "+s.name, err)
	}
	s.rlock()
	defer s.runlock()
	qs, err := s.handle("read store")
	if err != nil {
		return err
	}
	return fn(qs, s.base)
}
