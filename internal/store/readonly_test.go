package store

import (
	"context"
	"crypto/sha256"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/memoria-history/memoria/internal/history"
)

// fileState is what a test compares to see that a file did not change:
// its bytes, size and modification time.
type fileState struct {
	sum     [32]byte
	size    int64
	modTime time.Time
}

func stateOf(t *testing.T, path string) fileState {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fileState{sha256.Sum256(b), fi.Size(), fi.ModTime()}
}

// loadedFile makes a store file holding fullDataset and returns its path.
func loadedFile(t *testing.T, backend string) string {
	t.Helper()
	skipUnderRace(t, backend)
	file := filepath.Join(t.TempDir(), "memoria.db")
	s := openTest(t, backend+":"+file, Options{})
	mustLoad(t, s, fullDataset())
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return file
}

// TestReadOnlyChangesNothing opens a store read-only, reads all of it and
// counts it, and expects the file as it was, to the byte and the second;
// a load is refused with CodeConflict.
func TestReadOnlyChangesNothing(t *testing.T) {
	for _, backend := range []string{"bbolt", "bolt"} {
		t.Run(backend, func(t *testing.T) {
			file := loadedFile(t, backend)
			before := stateOf(t, file)
			time.Sleep(10 * time.Millisecond) // a write would show in the modification time
			s := openTest(t, backend+":"+file, Options{ReadOnly: true})
			if !s.ReadOnly() {
				t.Error("ReadOnly() = false for a store opened read-only")
			}
			if d := diffDatasets(mustDataset(t, s), canon{}.dataset(fullDataset())); d != "" {
				t.Errorf("read-only Dataset differs:\n%s", d)
			}
			if _, err := s.Stats(context.Background()); err != nil {
				t.Fatal(err)
			}
			_, err := s.Load(context.Background(), syntheticDataset(3))
			wantCode(t, err, history.CodeConflict, "read-only", file)
			if !errors.Is(err, ErrReadOnly) {
				t.Errorf("Load error %v does not match ErrReadOnly", err)
			}
			_, err = s.LoadStream(context.Background(), func() (*history.Dataset, error) { return nil, nil }, LoadOptions{})
			wantCode(t, err, history.CodeConflict, "read-only")
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			if after := stateOf(t, file); after != before {
				t.Errorf("a read-only open changed the file: %+v, was %+v", after, before)
			}
		})
	}
}

// TestReadOnlyMissingFile expects a read-only open of a file that does not
// exist to fail with CodeNotFound and to make nothing: neither the file
// nor its directory.
func TestReadOnlyMissingFile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	_, err := Open(context.Background(), "bbolt:"+filepath.Join(dir, "memoria.db"), Options{ReadOnly: true})
	wantCode(t, err, history.CodeNotFound, "no store there")
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("error %v does not match os.ErrNotExist", err)
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a read-only open of a missing store made its directory: %v", err)
	}
}

// TestReadersShareWritersExclude: readers of a file run side by side; a
// writer and a reader each fail at once while the other holds it.
func TestReadersShareWritersExclude(t *testing.T) {
	file := loadedFile(t, "bbolt")
	dsn := "bbolt:" + file
	r1 := openTest(t, dsn, Options{ReadOnly: true})
	r2 := openTest(t, dsn, Options{ReadOnly: true})
	err := secondOpen(t, dsn)
	wantCode(t, err, history.CodeConflict, "in use")
	r1.Close()
	r2.Close()

	w := openTest(t, dsn, Options{})
	start := time.Now()
	_, err = Open(context.Background(), dsn, Options{ReadOnly: true})
	if d := time.Since(start); d > 500*time.Millisecond {
		t.Errorf("a read-only open of a held store took %v, want it to fail at once", d)
	}
	wantCode(t, err, history.CodeConflict, "in use")
	w.Close()
}

// TestEmptyFileIsNotAStore: a file of zero bytes used to be taken for a
// new store and filled. Both kinds of open must refuse it, and leave it.
func TestEmptyFileIsNotAStore(t *testing.T) {
	file := filepath.Join(t.TempDir(), "memoria.db")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, ro := range []bool{false, true} {
		_, err := Open(context.Background(), "bbolt:"+file, Options{ReadOnly: ro})
		wantCode(t, err, history.CodeCorrupt, file, "the file is empty")
	}
	if fi, err := os.Stat(file); err != nil || fi.Size() != 0 {
		t.Errorf("the empty file changed: %v, %v", fi, err)
	}
}

// TestNewStoreIsCreatedWhole opens a store at a new path and expects a
// complete store there and nothing beside it: the file is made beside and
// renamed into place, never left half made.
func TestNewStoreIsCreatedWhole(t *testing.T) {
	file := filepath.Join(t.TempDir(), "new", "memoria.db")
	s := openTest(t, "bbolt:"+file, Options{})
	wantNothingLeftBeside(t, s)
	s.Close()
	r := openTest(t, "bbolt:"+file, Options{ReadOnly: true})
	if empty, err := r.Empty(context.Background()); err != nil || !empty {
		t.Errorf("Empty() of a new store = %v, %v", empty, err)
	}
}

// TestNotWritableOpensReadOnly makes a store file that this process may
// not write: an open for writing fails with ErrReadOnly, and a read-only
// open serves it. Root may write any file, so it cannot run this.
func TestNotWritableOpensReadOnly(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root may write any file; cmd/memoria's TestServeAReadOnlyStore runs this as another user")
	}
	file := loadedFile(t, "bbolt")
	if err := os.Chmod(file, 0o444); err != nil {
		t.Fatal(err)
	}
	_, err := Open(context.Background(), "bbolt:"+file, Options{})
	wantCode(t, err, history.CodeConflict, file)
	if !errors.Is(err, ErrReadOnly) {
		t.Errorf("error %v does not match ErrReadOnly", err)
	}
	s := openTest(t, "bbolt:"+file, Options{ReadOnly: true})
	if d := diffDatasets(mustDataset(t, s), canon{}.dataset(fullDataset())); d != "" {
		t.Errorf("Dataset differs:\n%s", d)
	}
}
