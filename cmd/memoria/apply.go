package main

import (
	"context"
	"fmt"

	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/store"
)

func runApply(ctx context.Context, e env, g globals, args []string) error {
	fs := newFlagSet(e, &g, "apply", "FILE...", "Applies each FILE, a dataset file or directory, as one change: its records are put whole,\nreplacing the stored records with the same ids (last write wins), and a record with a\nretracted: {reason, cite} field is retracted. Each change is checked as validate checks a\ndataset, against the stored records, and is on disk before the next begins: a line on stdout\nsays so. The first change refused stops the rest.")
	follow := followLinksFlag(fs)
	operation := fs.String("operation", "apply", "what the audit records call the changes")
	if err := parseFlags(e, fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return fmt.Errorf("%w: apply takes one FILE or more", errUsage)
	}
	// Every file is read before the store is opened: a mistake in the
	// last one stops the run before anything is written.
	changes := make([]history.Change, fs.NArg())
	for i, path := range fs.Args() {
		ds, err := parseDataset(ctx, path, *follow)
		if err != nil {
			return explain(e.stderr, err)
		}
		changes[i] = history.Change{Put: *ds}
	}
	s, err := openStore(ctx, e, g)
	if err != nil {
		return err
	}
	defer s.Close()
	author := commandAuthor(e)
	for i, ch := range changes {
		path := fs.Arg(i)
		c, err := s.Apply(ctx, ch, store.ChangeMeta{Author: author, Operation: *operation, Note: path, LastWriteWins: true})
		if err != nil {
			return explain(e.stderr, err)
		}
		if c.After.Len() == 0 {
			fmt.Fprintf(e.stdout, "%s: nothing to change, at revision %d\n", path, c.Revision)
			continue
		}
		fmt.Fprintf(e.stdout, "%s: revision %d, %d records written\n", path, c.Revision, c.After.Len())
	}
	return s.Close()
}
