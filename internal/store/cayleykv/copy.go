package cayleykv

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

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

// WriteCopy snapshots src, the open bbolt database of the store file file,
// into the copy file+CopySuffix, and runs write with a Writer on the copy;
// then it writes what the Writer holds back for the end (its last batch,
// the node tables and the indexes) and syncs the copy. The copy is written
// whole by the load (pagefile.go), the stored entries of each bucket with
// the new ones; batches go to its log one by one, so memory holds a batch
// or two, not the load. The copy keeps the file's mode and, where the process may, its
// owner.
//
// When write has added quads, the caller puts the copy in place with
// ReplaceWithCopy once it has closed src, or removes it with RemoveCopy.
// After a failure, or if nothing was written (Counts is zero), WriteCopy
// removes the copy itself, and the file stays as it is. A cancelled ctx stops the load between batches and
// while the indexes are written. src stays open throughout, holding bbolt's lock on the
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
	// file open: the load reads the store through it, and writes the copy
	// whole, page by page.
	tx, err := src.Begin(false)
	if err != nil {
		return Counts{}, fmt.Errorf("read the store: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	pf, err := createPageFile(tmp, info.Mode().Perm(), src.Info().PageSize)
	if err != nil {
		return Counts{}, fmt.Errorf("create the copy %s: %w", tmp, err)
	}
	var counts Counts
	err = sameOwnerAndMode(tmp, info)
	if err == nil {
		counts, err = writeInto(ctx, tx, pf, file+RunsSuffix, opts, write)
	}
	if cerr := pf.close(); err == nil {
		err = cerr
	}
	return counts, err
}

// writeInto runs write with a Writer on the store tx reads, writing the
// new file pf, and writes what is left, keeping the writer's sorted runs
// in a file at runsPath.
func writeInto(ctx context.Context, tx *bbolt.Tx, pf *pageFile, runsPath string, opts Options, write func(context.Context, *Writer) error) (counts Counts, err error) {
	w, err := newWriter(tx, pf, opts, runsPath)
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
