package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/memoria-history/memoria/internal/store"
)

// loadProgress shows how a load's write is going on stderr: a bar with the
// quads written, the rate and the time left when stderr is a terminal, and
// otherwise a plain line every few seconds, which suits logs and CI.
type loadProgress struct {
	terminal *os.File                 // stderr, when it is a terminal
	bar      *progressbar.ProgressBar // started on the first report

	w           io.Writer
	every       time.Duration
	now         func() time.Time
	start, last time.Time
	// indexing is when the load began to write its indexes, its last
	// phase, which has a rate of its own.
	indexing time.Time

	// A load streamed from a directory counts the bytes of the files it
	// has taken, since the records they hold are not known until they are
	// read, and files differ too much in size to count them instead (a
	// registry's people files are twenty times the size of its claims):
	// size is the bytes of all the files, sizeDone of those taken.
	size, sizeDone int64
}

func newLoadProgress(e env) *loadProgress {
	now := time.Now()
	p := &loadProgress{w: e.stderr, every: progressEvery, now: time.Now, start: now, last: now}
	if f, ok := e.stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) && e.getenv("TERM") != "dumb" {
		p.terminal = f
	}
	return p
}

// unit is what the progress counts: records, or for a streamed load the
// kilobytes or, from 10 MB, the megabytes of its files.
func (p *loadProgress) unit() string {
	switch {
	case p.size >= 10<<20:
		return "MB"
	case p.size > 0:
		return "kB"
	}
	return "records"
}

// inUnit is n bytes in the unit, rounded up, so that a file taken shows.
func (p *loadProgress) inUnit(n int64) int64 {
	per := int64(1 << 10)
	if p.unit() == "MB" {
		per = 1 << 20
	}
	return (n + per - 1) / per
}

// newBar starts the bar, on the first report, when the unit is known.
func (p *loadProgress) newBar() *progressbar.ProgressBar {
	what := "loading " + p.unit()
	if p.size > 0 {
		what = "loading, " + p.unit() + " read"
	}
	return progressbar.NewOptions64(-1,
		progressbar.OptionSetWriter(p.terminal),
		progressbar.OptionSetDescription(what),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString(p.unit()),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
	)
}

// update takes a report from store.LoadOptions.Progress.
func (p *loadProgress) update(lp store.LoadProgress) {
	now := p.now()
	if lp.Indexing && p.indexing.IsZero() {
		p.indexing = now
	}
	if p.size > 0 {
		// Progress in bytes of files, as the bar and the line count it,
		// even when the store counts records too (PostgreSQL's writer
		// does): the unit says bytes.
		lp.Records, lp.RecordsDone = p.inUnit(p.size), p.inUnit(p.sizeDone)
	}
	if p.terminal != nil {
		if p.bar == nil {
			p.bar = p.newBar()
		}
		if p.bar.GetMax64() != lp.Records {
			p.bar.ChangeMax64(lp.Records)
		}
		_ = p.bar.Set64(lp.RecordsDone)
		switch {
		case lp.Done:
		case lp.Indexing:
			p.bar.Describe("writing the indexes, " + indexingState(lp, now.Sub(p.indexing)))
		case lp.RecordsDone == lp.Records:
			p.bar.Describe("writing the last batches")
		}
		if lp.Done {
			_ = p.bar.Finish()
		}
		return
	}
	if !lp.Done && now.Sub(p.last) < p.every {
		return
	}
	p.last = now
	fmt.Fprintln(p.w, progressLine(lp, p.unit(), now.Sub(p.start), now.Sub(p.indexing)))
}

// progressLine describes a load's progress in one line: records (or
// bytes of files) done, quads written and their rate, and, while it runs,
// the time left to read at the rate records (or bytes) go (the bulk
// writer's indexes come after, a quarter of a large load, and are not
// foreseen), or, once it writes the indexes (for indexing so far), at the
// rate they go.
func progressLine(lp store.LoadProgress, unit string, elapsed, indexing time.Duration) string {
	secs := max(elapsed.Seconds(), 1e-9)
	pct := 100 * float64(lp.RecordsDone) / float64(max(lp.Records, 1))
	line := fmt.Sprintf("load: %d of %d %s (%.0f%%), %d quads written, %.0f quads/s",
		lp.RecordsDone, lp.Records, unit, pct, lp.QuadsWritten, float64(lp.QuadsWritten)/secs)
	recordRate := float64(lp.RecordsDone) / secs
	switch {
	case lp.Done:
		line += fmt.Sprintf(", done in %s", elapsed.Round(100*time.Millisecond))
	case lp.Indexing:
		line += ", writing the indexes (" + indexingState(lp, indexing) + ")"
	case lp.RecordsDone == lp.Records:
		line += ", writing the last batches"
	case recordRate > 0:
		left := time.Duration(float64(lp.Records-lp.RecordsDone) / recordRate * float64(time.Second))
		line += fmt.Sprintf(", about %s left to read", left.Round(time.Second))
	}
	return line
}

// indexingState says how far a load's last phase, writing the indexes, has
// come in the time it has taken so far, and how long the rest should take
// at that rate.
func indexingState(lp store.LoadProgress, took time.Duration) string {
	state := fmt.Sprintf("%.0f%%", 100*float64(lp.IndexEntriesDone)/float64(max(lp.IndexEntries, 1)))
	if lp.IndexEntriesDone > 0 && took > 0 {
		left := time.Duration(float64(lp.IndexEntries-lp.IndexEntriesDone) / float64(lp.IndexEntriesDone) * float64(took))
		state += fmt.Sprintf(", about %s left", left.Round(time.Second))
	}
	return state
}
