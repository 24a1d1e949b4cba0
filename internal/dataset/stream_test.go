package dataset_test

import (
	"context"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/memoria-history/memoria/internal/dataset"
	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/synth"
)

// TestStreamMatchesReadFS reads a generated dataset both ways and expects
// the same records, file by file in order.
func TestStreamMatchesReadFS(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	if _, err := synth.Generate(ctx, dir, synth.Options{People: 12000, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	fsys := os.DirFS(dir)
	whole, err := dataset.ReadFS(ctx, fsys, ".", dir)
	if err != nil {
		t.Fatal(err)
	}
	s, err := dataset.NewStream(ctx, fsys, ".", dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var size int64
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) < 3 {
		t.Fatalf("%d files: want several to stream", len(entries))
	}
	for _, e := range entries {
		info, err := e.Info()
		if err != nil {
			t.Fatal(err)
		}
		size += info.Size()
	}
	if s.Size() != size {
		t.Errorf("Size() = %d, want %d, the bytes of the files", s.Size(), size)
	}
	got := &history.Dataset{}
	for taken := int64(0); ; {
		part, err := s.Next()
		if err != nil {
			t.Fatal(err)
		}
		if part == nil {
			break
		}
		if s.Taken() <= taken {
			t.Errorf("Taken() = %d after a file, was %d", s.Taken(), taken)
		}
		taken = s.Taken()
		got.Sources = append(got.Sources, part.Sources...)
		got.Entities = append(got.Entities, part.Entities...)
		got.Events = append(got.Events, part.Events...)
		got.Relations = append(got.Relations, part.Relations...)
		got.Claims = append(got.Claims, part.Claims...)
	}
	if s.Taken() != size {
		t.Errorf("Taken() = %d at the end, want %d", s.Taken(), size)
	}
	if !reflect.DeepEqual(got, whole) {
		t.Errorf("the stream read %d entities, %d relations; ReadFS %d, %d", len(got.Entities), len(got.Relations), len(whole.Entities), len(whole.Relations))
	}
}

// TestStreamStopsAtAProblem expects a file with problems to end the
// stream with its problems, named by file and line.
func TestStreamStopsAtAProblem(t *testing.T) {
	fsys := fstest.MapFS{
		"a.yaml": {Data: []byte("sources:\n  - {id: source/s, title: S, kind: monograph}\n")},
		"b.yaml": {Data: []byte("people:\n  - id: person/a\n    nmae: A\n    cite: source/s ¶1\n")},
		"c.yaml": {Data: []byte("people:\n  - {id: person/c, name: C, cite: source/s ¶2}\n")},
	}
	s, err := dataset.NewStream(context.Background(), fsys, ".", "data")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if part, err := s.Next(); err != nil || len(part.Sources) != 1 {
		t.Fatalf("first file: %v, %v", part, err)
	}
	_, err = s.Next()
	if history.ErrorCode(err) != history.CodeInvalid || !strings.Contains(err.Error(), "data/b.yaml:3") {
		t.Errorf("second file: error %v, want its problem at data/b.yaml:3", err)
	}
}

// TestStreamCancelled cancels a stream's context before reading and
// expects Next to end with the cancellation, not to wait forever.
func TestStreamCancelled(t *testing.T) {
	fsys := fstest.MapFS{}
	for _, name := range []string{"a.yaml", "b.yaml", "c.yaml", "d.yaml", "e.yaml", "f.yaml"} {
		fsys[name] = &fstest.MapFile{Data: []byte("sources:\n  - {id: source/" + name[:1] + ", title: S, kind: monograph}\n")}
	}
	ctx, cancel := context.WithCancel(context.Background())
	s, err := dataset.NewStream(ctx, fsys, ".", "data")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	cancel()
	done := make(chan error, 1)
	go func() {
		for {
			part, err := s.Next()
			if err != nil || part == nil {
				done <- err
				return
			}
		}
	}()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("a cancelled stream ended with %v, want context.Canceled", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Next waits forever after the stream is cancelled")
	}
}
