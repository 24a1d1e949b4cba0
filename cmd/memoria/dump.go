package main

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/memoria-history/memoria/internal/dataset"
	"github.com/memoria-history/memoria/internal/store"
)

func runDump(ctx context.Context, e env, g globals, args []string) error {
	fs := newFlagSet(e, &g, "dump", "-o DIR", "Writes the store back as a dataset directory in the YAML format that load and validate read,\nso that changes made through the API can be reviewed in git. Loading the dump into an empty\nstore gives the same graph. Retracted records are kept, with their reason; revisions are not.")
	out := fs.String("o", "", "the directory to write (created if missing; it must hold no .yaml files)")
	perFile := fs.Int("per-file", dataset.DefaultPerFile, "most records in one file")
	serverURL := fs.String("server", "", "ask the memoria serve at this URL for its dump (GET /admin/dump, with the admin token in MEMORIA_TOKEN): the server holds the store while it runs")
	if err := parseFlags(e, fs, args); err != nil {
		return err
	}
	switch {
	case fs.NArg() > 0:
		return fmt.Errorf("%w: dump takes no arguments, got %q", errUsage, fs.Args())
	case *out == "":
		return fmt.Errorf("%w: dump needs -o DIR", errUsage)
	case *perFile <= 0:
		return fmt.Errorf("%w: --per-file must be positive", errUsage)
	}
	if *serverURL != "" {
		return dumpRemote(ctx, e, *serverURL, *out)
	}
	s, err := openStoreToRead(ctx, e, g)
	if err != nil {
		return err
	}
	defer s.Close()
	rev := s.Revision()
	ds, err := s.Dataset(ctx)
	if err != nil {
		return err
	}
	header := fmt.Sprintf("Written by memoria dump from %s at revision %d.", store.Redact(g.db), rev)
	names, err := dataset.WriteDir(ctx, *out, ds, dataset.WriteOptions{PerFile: *perFile, Header: header})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s: wrote %s in %d files, at revision %d\n", filepath.Clean(*out), describe(ds), len(names), rev)
	return s.Close()
}
