package dataset_test

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/memoria-history/memoria/internal/dataset"
	"github.com/memoria-history/memoria/internal/history"
)

const onePerson = "people:\n  - {id: person/a, name: A, cite: source/s ¶1}\n"

// readBoth reads a dataset with ReadFS and with a Stream, and returns the
// errors of each.
func readBoth(t *testing.T, fsys fs.FS, dir string) (readErr, streamErr error) {
	t.Helper()
	ctx := context.Background()
	_, readErr = dataset.ReadFS(ctx, fsys, dir, "data")
	s, err := dataset.NewStream(ctx, fsys, dir, "data")
	if err != nil {
		return readErr, err
	}
	defer s.Close()
	for {
		part, err := s.Next()
		if err != nil || part == nil {
			return readErr, err
		}
	}
}

// TestSpecialFilesAreRefused lists files that are not regular among the
// dataset's, and expects both readers to refuse them by name, before
// reading anything.
func TestSpecialFilesAreRefused(t *testing.T) {
	for _, tc := range []struct {
		mode fs.FileMode
		kind string
	}{
		{fs.ModeNamedPipe, "a named pipe (FIFO)"},
		{fs.ModeSocket, "a socket"},
		{fs.ModeDevice | fs.ModeCharDevice, "a character device"},
		{fs.ModeDevice, "a device"},
	} {
		t.Run(tc.kind, func(t *testing.T) {
			fsys := fstest.MapFS{
				"a.yaml":     {Data: []byte(onePerson)},
				"sub/b.yaml": {Mode: tc.mode},
			}
			readErr, streamErr := readBoth(t, fsys, ".")
			for _, err := range []error{readErr, streamErr} {
				if history.ErrorCode(err) != history.CodeInvalid || !strings.Contains(err.Error(), "data/sub/b.yaml: "+tc.kind+", not a regular file") {
					t.Errorf("error %v, want CodeInvalid naming data/sub/b.yaml as %s", err, tc.kind)
				}
			}
		})
	}
	// Files of other names are not the dataset's, and not read.
	fsys := fstest.MapFS{"a.yaml": {Data: []byte(onePerson)}, "fifo": {Mode: fs.ModeNamedPipe}}
	if readErr, streamErr := readBoth(t, fsys, "."); readErr != nil || streamErr != nil {
		t.Errorf("a named pipe that is not a .yaml file: %v, %v; want it ignored", readErr, streamErr)
	}
}

// blockingFS is a file system whose files never open: a read that hangs,
// as one of a named pipe or of a stalled network file system does.
type blockingFS struct {
	fstest.MapFS
	release chan struct{}
}

func (b blockingFS) Open(name string) (fs.File, error) {
	if strings.HasSuffix(name, ".yaml") {
		<-b.release
	}
	return b.MapFS.Open(name)
}

// TestReadsStopWithTheirContext starts reads that hang and cancels their
// context: ReadFS and Stream.Next must return at once with the
// cancellation, not wait for the reads.
func TestReadsStopWithTheirContext(t *testing.T) {
	fsys := blockingFS{MapFS: fstest.MapFS{"a.yaml": {Data: []byte(onePerson)}, "b.yaml": {Data: []byte(onePerson)}}, release: make(chan struct{})}
	defer close(fsys.release)
	for _, reader := range []string{"ReadFS", "Stream"} {
		t.Run(reader, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error, 1)
			go func() {
				if reader == "ReadFS" {
					_, err := dataset.ReadFS(ctx, fsys, ".", "data")
					done <- err
					return
				}
				s, err := dataset.NewStream(ctx, fsys, ".", "data")
				if err != nil {
					done <- err
					return
				}
				defer s.Close()
				_, err = s.Next()
				done <- err
			}()
			time.Sleep(50 * time.Millisecond)
			cancel()
			select {
			case err := <-done:
				if !errors.Is(err, context.Canceled) {
					t.Errorf("a cancelled read ended with %v, want context.Canceled", err)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("a cancelled read is still waiting for a file that never opens")
			}
		})
	}
}

// TestLargeFileRefusedUnread expects a file over MaxFileSize to be a
// problem of its own, found from its size.
func TestLargeFileRefusedUnread(t *testing.T) {
	dir := t.TempDir()
	f, err := os.Create(filepath.Join(dir, "big.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(dataset.MaxFileSize + 1); err != nil {
		t.Fatal(err)
	}
	f.Close()
	d, err := dataset.OpenDir(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	_, err = dataset.ReadFS(context.Background(), d, ".", "data")
	if err == nil || !strings.Contains(err.Error(), "data/big.yaml: file is larger than 64 MiB") {
		t.Errorf("ReadFS of a file over the limit: %v", err)
	}
}
