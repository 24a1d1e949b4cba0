package store

import (
	"context"

	"github.com/cayleygraph/quad"

	"github.com/memoria-history/memoria/internal/history"
)

// Quads calls fn with every stored quad, in the order the store scans
// them, as RDF tools would read them: so that an export can be compared
// with what the store holds. It stops at fn's first error.
func (s *Store) Quads(ctx context.Context, fn func(quad.Quad) error) error {
	s.rlock()
	defer s.runlock()
	qs, err := s.handle("read store")
	if err != nil {
		return err
	}
	if err := s.scan(ctx, qs, fn); err != nil {
		return history.Wrap(history.CodeInternal, "read store "+s.name, err)
	}
	return nil
}
