package main

import (
	"context"
	"fmt"

	"github.com/memoria-history/memoria/internal/store"
)

func runCheck(ctx context.Context, e env, g globals, args []string) error {
	fs := newFlagSet(e, &g, "check", "", "Reads the whole store and reports what is damaged: bolt's pages (each in use or free once,\nlaid out as bolt writes them, and bolt's own check), then Cayley's layout, each part against\nthe others (the log, the table of values, the reference counts, the indexes, the counts in\nmeta). Changes nothing. Exits with 5 if anything is damaged.")
	if err := parseFlags(e, fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: check takes no arguments, got %q", errUsage, fs.Args())
	}
	rep, err := store.Check(ctx, g.db)
	for _, d := range rep.Damage {
		fmt.Fprintf(e.stderr, "damaged: %s\n", d)
	}
	if rep.More > 0 {
		fmt.Fprintf(e.stderr, "damaged: %d more not listed\n", rep.More)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s: no damage found: %d pages, %d nodes, %d quads\n", g.db, rep.Pages, rep.Nodes, rep.Quads)
	return nil
}
