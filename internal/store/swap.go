package store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	bbolt "go.etcd.io/bbolt"
)

// loadingSuffix names the copy of a store file that a bulk load writes
// into, beside the file. A copy left by a killed load is overwritten by the
// next one: the store's lock guarantees no one else writes it.
const loadingSuffix = ".loading"

// loadMmapSize is the address space a bulk load maps for its copy of the
// store from the start. It is not memory: pages are read and written as
// the load touches them.
const loadMmapSize = 4 << 30

// bulkLoad runs write against a copy of the store's bbolt file and puts
// the copy in place of the file once every batch is written and synced.
// Batches are committed to the copy one by one, so memory holds one batch,
// not the load; readers of the store, and the store after a crash or a
// cancelled ctx, see the file as it was. Callers hold s.mu for writing.
func (s *Store) bulkLoad(ctx context.Context, progress func(bulkCounts), write func(context.Context, *bulkWriter) error) (bulkCounts, error) {
	if s.qs != nil {
		if err := s.qs.Close(); err != nil {
			return bulkCounts{}, fmt.Errorf("close the store before loading: %w", err)
		}
		s.qs, s.kv = nil, nil
	}
	counts, loadErr := s.loadCopy(ctx, progress, write)
	qs, err := s.openBolt()
	if err != nil {
		s.broken = fmt.Errorf("reopen after a load: %w", err)
		return counts, errors.Join(loadErr, s.broken)
	}
	s.qs = qs
	return counts, loadErr
}

// loadCopy copies the store file, writes into the copy and renames it over
// the file. On failure it removes the copy and leaves the file alone.
func (s *Store) loadCopy(ctx context.Context, progress func(bulkCounts), write func(context.Context, *bulkWriter) error) (counts bulkCounts, err error) {
	tmp := s.file + loadingSuffix
	if err := copyFile(s.file, tmp); err != nil {
		return counts, fmt.Errorf("copy the store to %s: %w", tmp, err)
	}
	defer func() {
		if err != nil {
			_ = os.Remove(tmp)
		}
	}()
	// NoSync: the copy is thrown away unless it is complete, and is synced
	// once, whole, before it replaces the store.
	// A large initial map: each time bbolt grows its map it first copies
	// every dirty page of the transaction out of the old one.
	db, err := bbolt.Open(tmp, 0o644, &bbolt.Options{Timeout: boltTimeout, NoSync: true, InitialMmapSize: loadMmapSize})
	if err != nil {
		return counts, fmt.Errorf("open %s: %w", tmp, err)
	}
	preload := preloadNodes
	if s.opts.bulkPreload != 0 {
		preload = s.opts.bulkPreload
	}
	w, err := newBulkWriter(db, preload)
	if err != nil {
		_ = db.Close()
		return counts, err
	}
	w.progress = progress
	w.afterBatch = s.opts.afterBatch
	if s.opts.bulkBatch > 0 {
		w.batchSize = s.opts.bulkBatch
	}
	err = write(ctx, w)
	if err == nil {
		err = w.flush(ctx, true)
	}
	w.close()
	counts = w.written
	if err == nil {
		err = db.Sync()
	}
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return counts, err
	}
	if err := os.Rename(tmp, s.file); err != nil {
		return counts, fmt.Errorf("put %s in place: %w", tmp, err)
	}
	return counts, syncDir(filepath.Dir(s.file))
}

// copyFile copies src to dst, replacing dst.
func copyFile(src, dst string) (err error) {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := out.Close(); err == nil {
			err = cerr
		}
	}()
	_, err = io.Copy(out, in)
	return err
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
