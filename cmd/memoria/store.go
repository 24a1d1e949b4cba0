package main

import (
	"context"
	"fmt"

	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/store"
)

// openStore opens the store named by --db. A new, empty store is given the
// embedded dataset first, so that every command, and the server, starts
// from the curated graph.
func openStore(ctx context.Context, e env, g globals) (*store.Store, error) {
	s, err := store.Open(ctx, g.db, store.Options{})
	if err != nil {
		return nil, err
	}
	empty, err := s.Empty(ctx)
	if err != nil {
		s.Close()
		return nil, err
	}
	if !empty {
		return s, nil
	}
	ds, err := readDataset(ctx, "", false)
	if err != nil {
		s.Close()
		return nil, history.Wrap(history.CodeInternal, "load the embedded dataset", err)
	}
	res, err := s.Load(ctx, ds)
	if err != nil {
		s.Close()
		return nil, history.Wrap(history.CodeInternal, "load the embedded dataset", err)
	}
	fmt.Fprintf(e.stderr, "memoria: the store %s was empty: loaded the embedded dataset (%d quads)\n", g.db, res.QuadsAdded)
	return s, nil
}
