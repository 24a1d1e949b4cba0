package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/memoria-history/memoria/internal/store/cayleykv"
)

// bulkLoad runs write with a bulk writer on a copy of the store's bbolt
// file (cayleykv.WriteCopy), and puts the copy in place of the file once
// every batch is written and synced. The store after a crash or a
// cancelled ctx is the file as it was. The store's own handle stays open
// until the copy is complete, holding bbolt's lock on the file, so that a
// tool that ignores Memoria's lock file cannot write into the file and see
// its write replaced. Callers hold s.mu for writing, so readers in this
// process wait for the load (and Progress callbacks must not call back
// into the store).
func (s *Store) bulkLoad(ctx context.Context, progress func(cayleykv.Counts), write func(context.Context, *cayleykv.Writer) error) (cayleykv.Counts, error) {
	db := s.bboltDB()
	if db == nil {
		return cayleykv.Counts{}, errors.New("bulk load: the store is not an open bbolt file")
	}
	opts := s.opts.bulk
	opts.Progress = progress
	counts, err := cayleykv.WriteCopy(ctx, db, s.file, opts, write)
	if err != nil || counts == (cayleykv.Counts{}) {
		// A failure, or nothing new (every record already stored): the
		// store stays the file it is.
		return counts, err
	}
	// The copy is complete and synced: swap it in.
	closeErr := s.qs.Close()
	s.qs, s.kv = nil, nil
	err = cayleykv.ReplaceWithCopy(s.file)
	qs, oerr := s.openBolt()
	if oerr != nil {
		s.broken = fmt.Errorf("reopen after a load: %w", errors.Join(closeErr, oerr))
		return counts, errors.Join(err, s.broken)
	}
	s.qs = qs
	return counts, err
}
