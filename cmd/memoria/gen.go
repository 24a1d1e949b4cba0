package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/memoria-history/memoria/internal/dataset"
)

// progressEvery is how often gen reports progress on stderr: often enough
// to show a long run is alive, rarely enough not to flood a log.
const progressEvery = 2 * time.Second

func runGen(ctx context.Context, e env, g globals, args []string) error {
	fs := newFlagSet(e, &g, "gen", "--people N [--seed S] -o DIR", "Writes a synthetic dataset of N people, with groups, places, camps, events, relations and\nclaims, all cited to two synthetic sources, in the format validate and load read. Degrees are\nheavy-tailed; the same N and seed give byte-identical files. DIR must be empty or new.")
	people := fs.Int("people", 0, "how many people to generate (required)")
	seed := fs.Uint64("seed", 1, "the random seed: the same seed and size give the same dataset")
	out := fs.String("o", "", "the directory to write into (required; created if missing, must be empty)")
	if err := parseFlags(e, fs, args); err != nil {
		return err
	}
	switch {
	case fs.NArg() > 0:
		return fmt.Errorf("%w: gen takes no arguments, got %q", errUsage, fs.Args())
	case *people < 1:
		return fmt.Errorf("%w: gen needs --people N with N at least 1", errUsage)
	case *out == "":
		return fmt.Errorf("%w: gen needs -o DIR", errUsage)
	}

	start := time.Now()
	pr := &genProgress{w: e.stderr, every: progressEvery, now: time.Now, start: start, last: start}
	st, err := dataset.Generate(ctx, *out, dataset.GenOptions{People: *people, Seed: *seed, OnFile: pr.file})
	if err != nil {
		return err
	}
	elapsed := time.Since(start)
	fmt.Fprintf(e.stdout, "%s: wrote %d files (%.1f MB) in %.1fs: %d people, %d groups, %d places, %d events (%d participations), %d relations, %d claims\n",
		*out, st.Files, float64(st.Bytes)/1e6, elapsed.Seconds(), st.People, st.Groups, st.Places, st.Events, st.Participations, st.Relations, st.Claims)
	return nil
}

// genProgress prints a plain progress line when a file completes and at
// least every has passed since the last line: plain lines suit logs and
// terminals alike, and a run of a million people prints about ten.
type genProgress struct {
	w           io.Writer
	every       time.Duration
	now         func() time.Time
	start, last time.Time
	records     int
	files       int
	bytes       int64
}

func (p *genProgress) file(f dataset.GenFile) {
	p.records += f.Records
	p.bytes += f.Bytes
	p.files++
	now := p.now()
	if now.Sub(p.last) < p.every {
		return
	}
	p.last = now
	rate := float64(p.records) / max(now.Sub(p.start).Seconds(), 1e-9)
	fmt.Fprintf(p.w, "gen: %d records in %d files (%.0f MB), %.0f records/s\n", p.records, p.files, float64(p.bytes)/1e6, rate)
}
