package store

import (
	"context"
	"errors"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/store/cayleykv"
)

// yield gives the given parts one at a time, then nil.
func yield(ps ...*history.Dataset) func() (*history.Dataset, error) {
	return func() (*history.Dataset, error) {
		if len(ps) == 0 {
			return nil, nil
		}
		p := ps[0]
		ps = ps[1:]
		return p, nil
	}
}

// streamParts splits the full dataset so that references point into later
// parts: claims and relations first, sources last.
func streamParts() []*history.Dataset {
	full := fullDataset()
	return []*history.Dataset{
		{Claims: full.Claims}, {Relations: full.Relations}, {Events: full.Events},
		{Entities: full.Entities}, {Sources: full.Sources},
	}
}

func TestLoadStreamMatchesLoad(t *testing.T) {
	for _, backend := range backendNames() {
		t.Run(backend, func(t *testing.T) {
			streamed := openTest(t, dsnFor(t, backend), Options{bulk: cayleykv.Options{BatchSize: 50}})
			whole := openTest(t, dsnFor(t, backend), Options{})
			// Both loads are one change, recorded at the same time.
			at := LoadOptions{Change: ChangeMeta{At: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)}}
			res, err := streamed.LoadStream(context.Background(), yield(streamParts()...), at)
			if err != nil {
				t.Fatal(err)
			}
			want, err := whole.LoadWith(context.Background(), fullDataset(), at)
			if err != nil {
				t.Fatal(err)
			}
			res.LaterReferences = 0 // counted by TestLoadStreamCountsLaterReferences
			if res != want {
				t.Errorf("LoadStream result %+v, Load's %+v", res, want)
			}
			if got, want := storedQuads(t, streamed), storedQuads(t, whole); !slices.Equal(got, want) {
				t.Errorf("streamed store holds %d quads, the other %d; first difference: %s", len(got), len(want), firstDiff(got, want))
			}
			var before os.FileInfo
			if streamed.file != "" {
				before, _ = os.Stat(streamed.file)
			}
			again, err := streamed.LoadStream(context.Background(), yield(streamParts()...), LoadOptions{})
			if err != nil || again.Records != 0 || again.QuadsAdded != 0 || again.Unchanged != res.Records {
				t.Errorf("streaming the same records again: %+v, %v; want all unchanged", again, err)
			}
			if before != nil {
				if after, err := os.Stat(streamed.file); err != nil || !os.SameFile(before, after) {
					t.Errorf("a load of nothing new replaced the store file (%v)", err)
				}
			}
		})
	}
}

// TestLoadStreamCountsLaterReferences: a streamed load says how many
// references it held until the end because they named records of later
// parts.
func TestLoadStreamCountsLaterReferences(t *testing.T) {
	full := fullDataset()
	tests := []struct {
		name  string
		parts []*history.Dataset
		some  bool
	}{
		{"references first", streamParts(), true},
		{"what is referred to first", []*history.Dataset{
			{Sources: full.Sources}, {Entities: full.Entities}, {Events: full.Events},
			{Relations: full.Relations}, {Claims: full.Claims},
		}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openTest(t, dsnFor(t, "bbolt"), Options{})
			res, err := s.LoadStream(context.Background(), yield(tt.parts...), LoadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if got := res.LaterReferences > 0; got != tt.some {
				t.Errorf("LaterReferences = %d, want some: %v", res.LaterReferences, tt.some)
			}
		})
	}
}

func TestLoadStreamRefusesWithoutWriting(t *testing.T) {
	full := fullDataset()
	changed := fullDataset()
	changed.Entities[0].Description = "Another description."
	dangling := fullDataset()
	dangling.Relations[0].Object = "group/nkvdd"
	failing := errors.New("the disk is gone")
	tests := []struct {
		name  string
		next  func() (*history.Dataset, error)
		code  history.Code
		words []string
	}{
		{"a reference no part defines", yield(&history.Dataset{Relations: dangling.Relations}, &history.Dataset{Events: full.Events, Claims: full.Claims}),
			history.CodeInvalid, []string{"group/nkvdd", "did you mean"}},
		{"a stored record changed", yield(&history.Dataset{Entities: changed.Entities[:1]}, &history.Dataset{Events: full.Events}),
			history.CodeConflict, []string{string(full.Entities[0].ID)}},
		{"an error from the reader", func() func() (*history.Dataset, error) {
			n := 0
			return func() (*history.Dataset, error) {
				if n++; n == 2 {
					return nil, history.Wrap(history.CodeInvalid, "read dataset", failing)
				}
				return &history.Dataset{Events: full.Events}, nil
			}
		}(), history.CodeInvalid, []string{"the disk is gone"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openTest(t, dsnFor(t, "bbolt"), Options{bulk: cayleykv.Options{BatchSize: 10}})
			mustLoad(t, s, &history.Dataset{Sources: full.Sources, Entities: full.Entities})
			before := storedQuads(t, s)
			_, err := s.LoadStream(context.Background(), tt.next, LoadOptions{})
			wantCode(t, err, tt.code, tt.words...)
			if got := storedQuads(t, s); !slices.Equal(got, before) {
				t.Errorf("a refused load changed the store: %d quads, want %d", len(got), len(before))
			}
			wantNothingLeftBeside(t, s)
		})
	}
}
