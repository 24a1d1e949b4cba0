package main

import (
	"context"
	"fmt"
	"os"

	"github.com/memoria-history/memoria/internal/dataset"
	"github.com/memoria-history/memoria/internal/history"
)

func runConcordance(ctx context.Context, e env, g globals, args []string) error {
	fs := newFlagSet(e, &g, "concordance", "FILE", "Writes the concordance of a source's text to standard output: for each paragraph (¶1 is the first\n"+
		"after the title; paragraphs are separated by blank lines), its distinct words and numbers, sorted.\n"+
		"A dataset that may not ship a text ships its concordance instead, named by the source's text:\n"+
		"field; memoria validate checks citations of the text's paragraphs against it.")
	if err := parseFlags(e, fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("%w: concordance takes one FILE, got %d", errUsage, fs.NArg())
	}
	data, err := os.ReadFile(fs.Arg(0))
	if err != nil {
		return explain(e.stderr, history.Wrap(history.CodeInvalid, "concordance", err))
	}
	if err := dataset.WriteConcordance(e.stdout, data); err != nil {
		return history.Wrap(history.CodeInternal, "concordance: write", err)
	}
	return ctx.Err()
}
