package store

import (
	"context"
	"fmt"

	"github.com/cayleygraph/cayley/graph"
)

// Revision is the graph's revision: the number of the last committed
// change (a write or a load), 0 for a store never written. A store
// written before stores kept revisions is at revision 1.
func (s *Store) Revision() uint64 { return s.revision.Load() }

// findRevision finds the graph's revision in qs: changes are numbered
// from 1 without gaps, and each leaves its audit record, so the revision
// is the last n for which change/n is stored, found in a few dozen
// look-ups by doubling and then halving. A store that holds quads and no
// audit record was written before revisions: it is at revision 1.
func (s *Store) findRevision(ctx context.Context, qs graph.QuadStore) (uint64, error) {
	stored := func(n uint64) (bool, error) {
		ref, err := qs.ValueOf(changeIRI(s.base, n))
		return ref != nil, err
	}
	lo, hi := uint64(0), uint64(1)
	for {
		ok, err := stored(hi)
		if err != nil {
			return 0, fmt.Errorf("find the store's revision: %w", err)
		}
		if !ok {
			break
		}
		lo, hi = hi, hi*2
	}
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		ok, err := stored(mid)
		if err != nil {
			return 0, fmt.Errorf("find the store's revision: %w", err)
		}
		if ok {
			lo = mid
		} else {
			hi = mid
		}
	}
	if lo > 0 {
		return lo, nil
	}
	n, err := quadCount(ctx, qs)
	if err != nil {
		return 0, fmt.Errorf("find the store's revision: %w", err)
	}
	if n > 0 {
		return 1, nil
	}
	return 0, nil
}

// AtRevision calls fn with the store's revision, holding the store's read
// lock until fn returns: no change commits meanwhile, so what fn reads
// beside the store (its file's size and time) is of that revision.
func (s *Store) AtRevision(fn func(revision uint64) error) error {
	s.rlock()
	defer s.runlock()
	return fn(s.Revision())
}
