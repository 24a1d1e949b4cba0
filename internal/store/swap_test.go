package store

// Tests of the copy-and-rename of a bulk load (bulkLoad): the store keeps its
// mode, its symbolic link, bbolt's lock, and no partial copy is left.

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"testing"
	"time"

	bbolt "go.etcd.io/bbolt"

	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/store/cayleykv"
)

// TestLoadKeepsFileMode: a bulk load replaces the store file with a
// copy created 0o644 (the copy once got 0644), so a store its owner made private
// (0600) becomes readable by everyone after the next load.
func TestLoadKeepsFileMode(t *testing.T) {
	s := openTest(t, dsnFor(t, "bbolt"), Options{})
	full := fullDataset()
	mustLoad(t, s, &history.Dataset{Sources: full.Sources})
	if err := os.Chmod(s.file, 0o600); err != nil {
		t.Fatal(err)
	}
	mustLoad(t, s, &history.Dataset{Entities: full.Entities})
	fi, err := os.Stat(s.file)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != 0o600 {
		t.Errorf("store file mode after a load = %v, want -rw------- (the mode it had)", got)
	}
}

// TestLoadThroughSymlink: when the store path is a symbolic link (a
// data directory on another volume), the copy is made beside the link and
// renamed over it, so the link becomes a regular file and the file it
// pointed at keeps the old contents.
func TestLoadThroughSymlink(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links")
	}
	dir := t.TempDir()
	target := filepath.Join(dir, "volume", "memoria.db")
	link := filepath.Join(dir, "memoria.db")
	full := fullDataset()

	s := openTest(t, "bbolt:"+target, Options{})
	mustLoad(t, s, &history.Dataset{Sources: full.Sources})
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}

	s = openTest(t, "bbolt:"+link, Options{})
	mustLoad(t, s, &history.Dataset{Entities: full.Entities})
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("after a load through %s it is no longer a symbolic link (Lstat: %v, %v)", link, fi.Mode(), err)
	}
	s = openTest(t, "bbolt:"+target, Options{})
	if got := len(mustDataset(t, s).Entities); got != len(full.Entities) {
		t.Errorf("the file the link points at holds %d entities after the load, want %d", got, len(full.Entities))
	}
}

// TestLoadHoldsBoltLock: for the whole of a bulk load the store's
// bolt handle is closed, so bbolt's own lock on the file is released. A
// tool that honours only bbolt's lock (the cayley or bbolt command, an older
// Memoria) then opens and writes the file, and the rename at the end
// silently throws that write away; a write during the copy would be copied
// torn. Another opener should wait for bbolt's lock and time out.
func TestLoadHoldsBoltLock(t *testing.T) {
	var s *Store
	var openErr error
	opened := false
	s = openTest(t, dsnFor(t, "bbolt"), Options{bulk: cayleykv.Options{
		BatchSize: 20,
		AfterBatch: func(n int) error {
			if n != 1 {
				return nil
			}
			db, err := bbolt.Open(s.file, 0o644, &bbolt.Options{Timeout: 100 * time.Millisecond})
			openErr = err
			if err != nil {
				return nil
			}
			opened = true
			err = db.Update(func(tx *bbolt.Tx) error {
				_, err := tx.CreateBucketIfNotExists([]byte("written-during-the-load"))
				return err
			})
			if cerr := db.Close(); err == nil {
				err = cerr
			}
			return err
		},
	}})
	full := fullDataset()
	mustLoad(t, s, &history.Dataset{Sources: full.Sources, Entities: full.Entities})

	if !errors.Is(openErr, bbolt.ErrTimeout) {
		t.Errorf("opening the store file with bbolt during a load: error %v, want bbolt's lock timeout", openErr)
	}
	if opened {
		s.rlock()
		lost := s.bboltDB().View(func(tx *bbolt.Tx) error {
			if tx.Bucket([]byte("written-during-the-load")) == nil {
				return errors.New("lost")
			}
			return nil
		})
		s.runlock()
		if lost != nil {
			t.Errorf("a write committed to the store file during the load is gone after it")
		}
	}
}

// TestOpenRemovesWhatAKilledLoadLeft: a load killed before it put its
// copy in place leaves the copy and its file of sorted index entries
// beside the store; the next open removes both and keeps the store.
func TestOpenRemovesWhatAKilledLoadLeft(t *testing.T) {
	dsn := dsnFor(t, "bbolt")
	s := openTest(t, dsn, Options{})
	full := fullDataset()
	mustLoad(t, s, full)
	want := storedQuads(t, s)
	file := s.file
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	for _, left := range []string{file + cayleykv.CopySuffix, file + cayleykv.RunsSuffix} {
		if err := os.WriteFile(left, []byte("half written"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	s = openTest(t, dsn, Options{})
	wantNothingLeftBeside(t, s)
	if got := storedQuads(t, s); !slices.Equal(got, want) {
		t.Errorf("after the reopen the store holds %d quads, want %d", len(got), len(want))
	}
}
