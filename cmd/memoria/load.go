package main

import (
	"context"
	"fmt"

	"github.com/memoria-history/memoria/internal/store"
)

func runLoad(ctx context.Context, e env, g globals, args []string) error {
	fs := newFlagSet(e, &g, "load", "PATH", "Adds a dataset (a directory of .yaml files, or one file) to the store. The dataset is\nvalidated together with what the store holds; nothing is written unless all of it is valid.\nLoading the same dataset again changes nothing.")
	if err := parseFlags(e, fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("%w: load takes one PATH, got %d arguments", errUsage, fs.NArg())
	}
	path := fs.Arg(0)
	s, err := openStore(ctx, e, g)
	if err != nil {
		return err
	}
	defer s.Close()
	_, summary, err := loadPath(ctx, e, s, path)
	if err != nil {
		return explain(e.stderr, err)
	}
	fmt.Fprintf(e.stdout, "%s: %s\n", path, summary)
	return s.Close()
}

// loadPath loads the dataset at path into s, the way `memoria load` does,
// and returns what the store gained, and a line that says it for a reader.
// bench times the same load, and reports its rate from the result.
func loadPath(ctx context.Context, e env, s *store.Store, path string) (store.LoadResult, string, error) {
	ds, err := parseDataset(ctx, path)
	if err != nil {
		return store.LoadResult{}, "", err
	}
	res, err := s.LoadWith(ctx, ds, store.LoadOptions{Progress: newLoadProgress(e).update})
	if err != nil {
		return store.LoadResult{}, "", err
	}
	return res, fmt.Sprintf("loaded %s; %d new quads", describe(ds), res.QuadsAdded), nil
}
