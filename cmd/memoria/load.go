package main

import (
	"context"
	"fmt"
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
	ds, err := parseDataset(ctx, path)
	if err != nil {
		return explain(e.stderr, err)
	}
	s, err := openStore(ctx, e, g)
	if err != nil {
		return err
	}
	defer s.Close()
	res, err := s.Load(ctx, ds)
	if err != nil {
		return explain(e.stderr, err)
	}
	fmt.Fprintf(e.stdout, "%s: loaded %s; %d new quads\n", path, describe(ds), res.QuadsAdded)
	return s.Close()
}
