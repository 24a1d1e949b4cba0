package main

import (
	"context"
	"fmt"
)

func runValidate(ctx context.Context, e env, g globals, args []string) error {
	fs := newFlagSet(e, &g, "validate", "[PATH]", "Checks a dataset: unknown fields, dangling references, duplicate ids, invalid dates,\nuncited statements and events with no participant. Each problem names its file and line.\nWith no PATH, checks the embedded seed dataset.")
	if err := parseFlags(e, fs, args); err != nil {
		return err
	}
	if fs.NArg() > 1 {
		return fmt.Errorf("%w: validate takes at most one PATH, got %d", errUsage, fs.NArg())
	}
	path := fs.Arg(0)
	ds, err := readDataset(ctx, path)
	if err != nil {
		return explain(e.stderr, err)
	}
	if path == "" {
		path = embeddedName + " (embedded)"
	}
	fmt.Fprintf(e.stdout, "%s: valid: %s\n", path, describe(ds))
	return nil
}
