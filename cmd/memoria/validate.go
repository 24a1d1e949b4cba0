package main

import (
	"context"
	"fmt"
	"os"

	"github.com/memoria-history/memoria/internal/dataset"
	"github.com/memoria-history/memoria/internal/history"
)

func runValidate(ctx context.Context, e env, g globals, args []string) error {
	fs := newFlagSet(e, &g, "validate", "[PATH]", "Checks a dataset: unknown fields, dangling references, duplicate ids, invalid dates,\nuncited statements and events with no participant. Each problem names its file and line.\nWith no PATH, checks the embedded seed dataset.")
	follow := followLinksFlag(fs)
	if err := parseFlags(e, fs, args); err != nil {
		return err
	}
	if fs.NArg() > 1 {
		return fmt.Errorf("%w: validate takes at most one PATH, got %d", errUsage, fs.NArg())
	}
	path := fs.Arg(0)
	if info, err := os.Stat(path); path != "" && err == nil && info.IsDir() {
		sum, err := validateDir(ctx, path, *follow)
		if err != nil {
			return explain(e.stderr, err)
		}
		fmt.Fprintf(e.stdout, "%s: valid: %s\n", path, sum.String())
		return nil
	}
	ds, err := readDataset(ctx, path, *follow)
	if err != nil {
		return explain(e.stderr, err)
	}
	if path == "" {
		path = embeddedName + " (embedded)"
	}
	fmt.Fprintf(e.stdout, "%s: valid: %s\n", path, describe(ds))
	return nil
}

// validateDir checks a dataset directory a file at a time, holding only
// what the rules across files need, so that a dataset of any size can be
// checked. Like readDataset, it reports the problems of format of every
// file if there are any, and otherwise those of the rules.
func validateDir(ctx context.Context, dir string, followLinks bool) (*summary, error) {
	d, err := dataset.OpenDir(dir, followLinks)
	if err != nil {
		return nil, history.Wrap(history.CodeInvalid, "read dataset", err)
	}
	defer d.Close()
	stream, err := dataset.NewStream(ctx, d, ".", dir)
	if err != nil {
		return nil, err
	}
	defer stream.Close()
	v := history.NewValidator()
	var format history.Problems
	sum := &summary{}
	for {
		part, problems, err := stream.NextWithProblems()
		if err != nil {
			return nil, err
		}
		if part == nil {
			break
		}
		format = append(format, problems...)
		sum.add(part)
		v.Add(part)
	}
	if len(format) > 0 {
		format.Sort()
		return nil, format.Err("read dataset " + dir)
	}
	if err := v.Finish().Err("validate " + dir); err != nil {
		return nil, err
	}
	return sum, nil
}
