package store

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strconv"

	bbolt "go.etcd.io/bbolt"
)

// loadingSuffix names the copy of a store file that a bulk load writes
// into, beside the file. A copy left by a killed load is removed when the
// store is next opened, or replaced by the next load: the store's lock
// guarantees no one else writes it.
const loadingSuffix = ".loading"

// runsSuffix names the file beside the store in which a bulk load keeps
// its sorted index entries until it writes them (indexRuns). It is
// removed as the copy is.
const runsSuffix = ".loading-index"

// loadMmapSize is the address space a bulk load maps for its copy of the
// store from the start: each time bbolt grows its map it first copies
// every dirty page of the transaction out of the old one. It is not
// memory: pages are read and written as the load touches them. Zero (bbolt
// grows as it goes) where a large map costs: on Windows bbolt makes the
// file as large as the map, and 32-bit address spaces cannot hold it.
func loadMmapSize() int {
	if runtime.GOOS == "windows" || strconv.IntSize == 32 {
		return 0
	}
	return min(4<<30, math.MaxInt) // 4 GB, in a constant a 32-bit int can hold
}

// bulkLoad runs write against a copy of the store's bbolt file and puts
// the copy in place of the file once every batch is written and synced.
// Batches are committed to the copy one by one, so memory holds a batch or
// two, not the load; the store after a crash or a cancelled ctx is the file
// as it was. The store's own handle stays open until the copy is complete,
// holding bbolt's lock on the file, so that a tool that ignores Memoria's
// lock file cannot write into the file and see its write replaced.
// Callers hold s.mu for writing, so readers in this process wait for the
// load (and Progress callbacks must not call back into the store).
func (s *Store) bulkLoad(ctx context.Context, progress func(bulkCounts), write func(context.Context, *bulkWriter) error) (bulkCounts, error) {
	db := s.bboltDB()
	if db == nil {
		return bulkCounts{}, errors.New("bulk load: the store is not an open bbolt file")
	}
	tmp := s.file + loadingSuffix
	counts, err := s.writeCopy(ctx, db, tmp, progress, write)
	if err != nil || counts == (bulkCounts{}) {
		// A failure, or nothing new (every record already stored): the
		// store stays the file it is.
		_ = os.Remove(tmp)
		return counts, err
	}
	// The copy is complete and synced: swap it in.
	closeErr := s.qs.Close()
	s.qs, s.kv = nil, nil
	err = os.Rename(tmp, s.file)
	if err != nil {
		_ = os.Remove(tmp)
		err = fmt.Errorf("put %s in place: %w", tmp, err)
	} else if serr := syncDir(filepath.Dir(s.file)); serr != nil {
		err = fmt.Errorf("the load is in place, but a power loss could still undo it: %w", serr)
	}
	qs, oerr := s.openBolt()
	if oerr != nil {
		s.broken = fmt.Errorf("reopen after a load: %w", errors.Join(closeErr, oerr))
		return counts, errors.Join(err, s.broken)
	}
	s.qs = qs
	return counts, err
}

// writeCopy snapshots the store into tmp and writes into it.
func (s *Store) writeCopy(ctx context.Context, src *bbolt.DB, tmp string, progress func(bulkCounts), write func(context.Context, *bulkWriter) error) (bulkCounts, error) {
	info, err := os.Stat(s.file)
	if err != nil {
		return bulkCounts{}, err
	}
	// A leftover copy may belong to someone else and refuse to be written.
	if err := os.Remove(tmp); err != nil && !errors.Is(err, os.ErrNotExist) {
		return bulkCounts{}, fmt.Errorf("remove the copy a killed load left, %s: %w", tmp, err)
	}
	// A read transaction is a consistent snapshot, whatever else holds the
	// file open.
	if err := src.View(func(tx *bbolt.Tx) error { return tx.CopyFile(tmp, info.Mode().Perm()) }); err != nil {
		return bulkCounts{}, fmt.Errorf("copy the store to %s: %w", tmp, err)
	}
	if err := sameOwnerAndMode(tmp, info); err != nil {
		return bulkCounts{}, err
	}
	// NoSync and NoGrowSync: the copy is thrown away unless it is complete,
	// and is synced once, whole, before it replaces the store.
	db, err := bbolt.Open(tmp, info.Mode().Perm(), &bbolt.Options{Timeout: boltTimeout, NoSync: true, NoGrowSync: true, InitialMmapSize: loadMmapSize()})
	if err != nil {
		return bulkCounts{}, fmt.Errorf("open %s: %w", tmp, err)
	}
	counts, err := s.writeInto(ctx, db, s.file+runsSuffix, progress, write)
	if err == nil {
		err = db.Sync()
	}
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	return counts, err
}

// writeInto runs write with a bulk writer on db and writes what is left,
// keeping the writer's sorted runs in a file at runsPath.
func (s *Store) writeInto(ctx context.Context, db *bbolt.DB, runsPath string, progress func(bulkCounts), write func(context.Context, *bulkWriter) error) (counts bulkCounts, err error) {
	preload := preloadIDs
	if s.opts.bulkPreload != 0 {
		preload = s.opts.bulkPreload
	}
	w, err := newBulkWriter(db, preload, runsPath)
	if err != nil {
		return bulkCounts{}, err
	}
	defer func() {
		// Also on a panic in write: the writing goroutine stops. A runs
		// file that cannot be closed or removed fails the load all the
		// same: it is a disk in trouble, and the store stays as it was.
		if cerr := w.close(); cerr != nil && err == nil {
			err = cerr
		}
	}()
	w.progress = progress
	w.afterBatch = s.opts.afterBatch
	if s.opts.bulkBatch > 0 {
		w.batchSize, w.maxBatch = s.opts.bulkBatch, s.opts.bulkBatch
	}
	w.finishCommitBytes = finishCommitBytes
	if s.opts.finishCommitBytes > 0 {
		w.finishCommitBytes = s.opts.finishCommitBytes
	}
	err = write(ctx, w)
	if err == nil {
		err = w.flush(ctx, true)
	}
	if err == nil {
		err = w.finish(ctx)
	}
	return w.written, err
}

// removeLeftoverCopy removes the copy, and the file of sorted index
// entries, that a killed load left beside the store file. Callers hold the
// store's lock.
func removeLeftoverCopy(file string) error {
	for _, left := range []string{file + loadingSuffix, file + runsSuffix} {
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
