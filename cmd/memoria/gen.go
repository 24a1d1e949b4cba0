package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/memoria-history/memoria/internal/synth"
)

// progressEvery is how often gen reports progress on stderr: often enough
// to show a long run is alive, rarely enough not to flood a log.
const progressEvery = 2 * time.Second

func runGen(ctx context.Context, e env, g globals, args []string) error {
	fs := newFlagSet(e, &g, "gen", "--people N [--seed S] [--shape registry|network] -o DIR", "Writes a synthetic dataset of N people, with groups, places, camps, events, relations and\nclaims, all cited to two synthetic sources, in the format validate and load read. Degrees are\nheavy-tailed; the same N, seed and shape give byte-identical files. DIR must be empty or new.\n\n"+shapeHelp)
	people := fs.Int("people", 0, "how many people to generate (required)")
	seed := fs.Uint64("seed", 1, "the random seed: the same seed, size and shape give the same dataset")
	shape := shapeFlag{synth.ShapeRegistry}
	fs.Var(&shape, "shape", "the `shape` of the dataset: registry or network (see above)")
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
	st, err := synth.Generate(ctx, *out, synth.Options{People: *people, Seed: *seed, Shape: shape.shape, OnFile: pr.file})
	if err != nil {
		return err
	}
	elapsed := time.Since(start)
	fmt.Fprintf(e.stdout, "%s: wrote %d files (%.1f MB) in %.1fs: a %s of %d people, %d groups, %d places, %d events (%d participations), %d relations, %d claims\n",
		*out, st.Files, float64(st.Bytes)/1e6, elapsed.Seconds(), shape.shape, st.People, st.Groups, st.Places, st.Events, st.Participations, st.Relations, st.Claims)
	return nil
}

// shapeHelp says what each dataset shape is, for the help of the commands
// that generate one.
const shapeHelp = `Shapes (--shape):
  registry  the default: a registry of victims of political terror, shaped like Memorial's
            database. Each person is an entry with names and dates, tied to the rest mostly
            through the events they suffered: an arrest, a sentence by a troika or court, and
            for some an execution, a camp term or exile. A few officials sign or carry out
            thousands of sentences; ties between people are rare. About 13 quads per person.
  network   a dense social network: about 4.5 relations and 5.5 event participations per
            person, most between people. About 60 to 70 quads per person.`

// shapeFlag is a --shape flag, checked as it is parsed so that a bad
// shape is a usage error that lists the good ones.
type shapeFlag struct{ shape synth.Shape }

func (f *shapeFlag) String() string { return string(f.shape) }

func (f *shapeFlag) Set(s string) error {
	if s == "" {
		// The library reads "" as the default; given on a command line,
		// it is more likely an unset variable than a choice.
		return fmt.Errorf("no shape given: use one of %s", synth.ShapeNames())
	}
	sh, err := synth.ParseShape(s)
	if err != nil {
		return err
	}
	f.shape = sh
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

func (p *genProgress) file(f synth.File) {
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
