package cayleykv

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"time"

	bbolt "go.etcd.io/bbolt"
)

// The files a load keeps beside the store file FILE while it runs:
// FILE+CopySuffix is the copy it writes into, FILE+RunsSuffix the file in
// which it keeps its sorted index entries until it writes them (indexRuns).
// A load removes both when it fails; a load that is killed leaves them,
// for RemoveCopy to remove when the store is next opened.
const (
	CopySuffix = ".loading"
	RunsSuffix = ".loading-index"
)

// copyOpenTimeout bounds how long bbolt waits for its lock on the copy.
// Only the store's lock holder writes the copy, so it is free unless a
// handle leaked after a fault; without it bbolt waits forever.
const copyOpenTimeout = time.Second

// loadMmapSize is the address space a load maps for its copy of the store
// from the start: each time bbolt grows its map it first copies every
// dirty page of the transaction out of the old one. It is not memory:
// pages are read and written as the load touches them. Zero (bbolt grows
// as it goes) where a large map costs: on Windows bbolt makes the file as
// large as the map, and 32-bit address spaces cannot hold it.
func loadMmapSize() int {
	if runtime.GOOS == "windows" || strconv.IntSize == 32 {
		return 0
	}
	return min(4<<30, math.MaxInt) // 4 GB, in a constant a 32-bit int can hold
}

// WriteCopy snapshots src, the open bbolt database of the store file file,
// into the copy file+CopySuffix, and runs write with a Writer on the copy;
// then it writes what the Writer holds back for the end (its last batch,
// the node tables and the indexes) and syncs the copy. Batches are
// committed to the copy one by one, so memory holds a batch or two, not
// the load. The copy keeps the file's mode and, where the process may, its
// owner.
//
// When write has added quads, the caller puts the copy in place with
// ReplaceWithCopy once it has closed src, or removes it with RemoveCopy.
// After a failure, or if nothing was written (Counts is zero), WriteCopy
// removes the copy itself, and the file stays as it is. A cancelled ctx stops the load between batches and
// transactions. src stays open throughout, holding bbolt's lock on the
// file, so that a tool that ignores the caller's own lock cannot write into
// the file and see its write replaced.
func WriteCopy(ctx context.Context, src *bbolt.DB, file string, opts Options, write func(context.Context, *Writer) error) (Counts, error) {
	counts, err := writeCopy(ctx, src, file, opts, write)
	if err != nil || counts == (Counts{}) {
		_ = os.Remove(file + CopySuffix)
	}
	return counts, err
}

func writeCopy(ctx context.Context, src *bbolt.DB, file string, opts Options, write func(context.Context, *Writer) error) (Counts, error) {
	tmp := file + CopySuffix
	info, err := os.Stat(file)
	if err != nil {
		return Counts{}, err
	}
	// A leftover copy may belong to someone else and refuse to be written.
	if err := os.Remove(tmp); err != nil && !errors.Is(err, os.ErrNotExist) {
		return Counts{}, fmt.Errorf("remove the copy a killed load left, %s: %w", tmp, err)
	}
	// A read transaction is a consistent snapshot, whatever else holds the
	// file open.
	if err := src.View(func(tx *bbolt.Tx) error { return tx.CopyFile(tmp, info.Mode().Perm()) }); err != nil {
		return Counts{}, fmt.Errorf("copy the store to %s: %w", tmp, err)
	}
	if err := sameOwnerAndMode(tmp, info); err != nil {
		return Counts{}, err
	}
	// NoSync and NoGrowSync: the copy is thrown away unless it is complete,
	// and is synced once, whole, before it replaces the store.
	db, err := bbolt.Open(tmp, info.Mode().Perm(), &bbolt.Options{Timeout: copyOpenTimeout, NoSync: true, NoGrowSync: true, InitialMmapSize: loadMmapSize()})
	if err != nil {
		return Counts{}, fmt.Errorf("open %s: %w", tmp, err)
	}
	counts, err := writeInto(ctx, db, file+RunsSuffix, opts, write)
	if err == nil {
		err = db.Sync()
	}
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	return counts, err
}

// writeInto runs write with a Writer on db and writes what is left,
// keeping the writer's sorted runs in a file at runsPath.
func writeInto(ctx context.Context, db *bbolt.DB, runsPath string, opts Options, write func(context.Context, *Writer) error) (counts Counts, err error) {
	w, err := newWriter(db, opts, runsPath)
	if err != nil {
		return Counts{}, err
	}
	defer func() {
		// Also on a panic in write: the writing goroutine stops. A runs
		// file that cannot be closed or removed fails the load all the
		// same: it is a disk in trouble, and the store stays as it was.
		if cerr := w.close(); cerr != nil && err == nil {
			err = cerr
		}
	}()
	err = write(ctx, w)
	if err == nil {
		err = w.flush(ctx, true)
	}
	if err == nil {
		err = w.finish(ctx)
	}
	return w.written, err
}

// ReplaceWithCopy renames the copy that WriteCopy wrote over file, and
// makes the rename durable. The file's handles must be closed. file is the
// real file, not a symbolic link to it: the rename would replace the link.
// If the rename fails, the copy is removed.
func ReplaceWithCopy(file string) error {
	tmp := file + CopySuffix
	if err := os.Rename(tmp, file); err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("put %s in place: %w", tmp, err)
	}
	if err := syncDir(filepath.Dir(file)); err != nil {
		return fmt.Errorf("the load is in place, but a power loss could still undo it: %w", err)
	}
	return nil
}

// RemoveCopy removes the copy, and the file of sorted index entries, that
// a load left beside file. The caller must hold the store's lock, so that
// no load is running.
func RemoveCopy(file string) error {
	for _, left := range []string{file + CopySuffix, file + RunsSuffix} {
		if err := os.Remove(left); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("remove the copy a killed load left, %s: %w", left, err)
		}
	}
	return nil
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}
