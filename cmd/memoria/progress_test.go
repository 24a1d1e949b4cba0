package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/memoria-history/memoria/internal/store"
)

func TestProgressLine(t *testing.T) {
	cases := []struct {
		name    string
		lp      store.LoadProgress
		elapsed time.Duration
		want    string
	}{
		{"under way", store.LoadProgress{Records: 100, RecordsDone: 25, QuadsWritten: 250}, 5 * time.Second,
			"load: 25 of 100 records (25%), 250 quads written, 50 quads/s, about 15s left to read"},
		{"done", store.LoadProgress{Records: 100, RecordsDone: 100, QuadsWritten: 1000, Done: true}, 20 * time.Second,
			"load: 100 of 100 records (100%), 1000 quads written, 50 quads/s, done in 20s"},
		{"all records handed over, batches still writing", store.LoadProgress{Records: 100, RecordsDone: 100, QuadsWritten: 600}, 10 * time.Second,
			"load: 100 of 100 records (100%), 600 quads written, 60 quads/s, writing the last batches"},
		{"writing the indexes", store.LoadProgress{Records: 100, RecordsDone: 100, QuadsWritten: 1000, Indexing: true, IndexEntries: 3000, IndexEntriesDone: 1000}, 10 * time.Second,
			"load: 100 of 100 records (100%), 1000 quads written, 100 quads/s, writing the indexes (33%, about 8s left)"},
		{"the indexes begun, none written yet", store.LoadProgress{Records: 100, RecordsDone: 100, QuadsWritten: 1000, Indexing: true, IndexEntries: 3000}, 10 * time.Second,
			"load: 100 of 100 records (100%), 1000 quads written, 100 quads/s, writing the indexes (0%)"},
		{"nothing written yet", store.LoadProgress{Records: 100}, 0,
			"load: 0 of 100 records (0%), 0 quads written, 0 quads/s"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			// The indexes, when they are being written, began 4 s ago.
			if got := progressLine(tc.lp, "records", tc.elapsed, 4*time.Second); got != tc.want {
				t.Errorf("progressLine = %q, want %q", got, tc.want)
			}
		})
	}
}

// TestLoadProgressPlain feeds reports a second apart to the plain writer
// and expects a line only every progressEvery, and always the last.
func TestLoadProgressPlain(t *testing.T) {
	var out bytes.Buffer
	clock := time.Unix(0, 0)
	p := newLoadProgress(env{stderr: &out, getenv: func(string) string { return "" }})
	if p.terminal != nil {
		t.Fatal("a bytes.Buffer is taken for a terminal")
	}
	p.now, p.start, p.last = func() time.Time { return clock }, clock, clock
	for i := 1; i <= 5; i++ {
		clock = clock.Add(time.Second)
		p.update(store.LoadProgress{Records: 50, RecordsDone: int64(10 * i), QuadsWritten: int64(100 * i), Done: i == 5})
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 3 { // at 2 s, 4 s, and the last at 5 s
		t.Fatalf("printed %d lines, want 3:\n%s", len(lines), out.String())
	}
	if !strings.Contains(lines[2], "50 of 50 records (100%), 500 quads written") || !strings.Contains(lines[2], "done") {
		t.Errorf("last line = %q", lines[2])
	}
}

// TestLoadProgressStreamedCountsBytes: a streamed load counts the bytes of
// the files taken, in kB or, from 10 MB, in MB, rounded up.
func TestLoadProgressStreamedCountsBytes(t *testing.T) {
	cases := []struct {
		name           string
		size, sizeDone int64
		records        int64 // what the store reports besides, ignored for a streamed load
		want           string
	}{
		{"megabytes", 30 << 20, 15 << 19, 0, "load: 8 of 30 MB (27%)"},
		{"kilobytes below 10 MB", 5000, 1, 0, "load: 1 of 5 kB (20%)"},
		{"none taken yet", 12 << 20, 0, 0, "load: 0 of 12 MB (0%)"},
		{"records the store counted are not megabytes", 45 << 20, 45 << 20, 144895, "load: 45 of 45 MB (100%)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			p := newLoadProgress(env{stderr: &out, getenv: func(string) string { return "" }})
			p.size, p.sizeDone = tc.size, tc.sizeDone
			p.update(store.LoadProgress{Records: tc.records, RecordsDone: tc.records, QuadsWritten: 10, Done: true})
			if got := out.String(); !strings.HasPrefix(got, tc.want) {
				t.Errorf("line = %q, want it to start %q", got, tc.want)
			}
		})
	}
}
