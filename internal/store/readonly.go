package store

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"syscall"

	"github.com/boltdb/bolt"
	ckv "github.com/cayleygraph/cayley/graph/kv"
	"github.com/gofrs/flock"
	hkv "github.com/hidal-go/hidalgo/kv"
	hbbolt "github.com/hidal-go/hidalgo/kv/bbolt"
	hbolt "github.com/hidal-go/hidalgo/kv/bolt"
	bbolt "go.etcd.io/bbolt"

	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/store/cayleykv"
)

// ErrReadOnly is matched by the error of a write to a store opened with
// Options.ReadOnly, and by the error of an Open for writing of a store
// file that this process may not write (its mode or owner, a read-only
// file system), which may then be opened read-only. Both have
// CodeConflict: the store stands in the way of the write.
var ErrReadOnly = errors.New("the store is read-only")

// ReadOnly reports whether the store was opened with Options.ReadOnly,
// or on a PostgreSQL hot standby without Options.WriteDSN.
func (s *Store) ReadOnly() bool { return s.opts.ReadOnly }

// refuseWrite is the error of a write to a read-only store, nil if the
// store may be written.
func (s *Store) refuseWrite(op string) error {
	if !s.opts.ReadOnly {
		return nil
	}
	msg := "opened read-only: writes are refused"
	if s.standby {
		msg = "the database is a hot standby, which takes no writes: name its primary as the database to write (--write-db)"
	}
	return &history.Error{Code: history.CodeConflict, Op: op + " " + s.name, Message: msg, Err: ErrReadOnly}
}

// notWritable marks err as ErrReadOnly when it says that the store file,
// or the directory beside it, may not be written by this process.
func notWritable(err error) error {
	if errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS) {
		return &history.Error{Code: history.CodeConflict, Message: "cannot be written by this process", Err: errors.Join(ErrReadOnly, err)}
	}
	return err
}

// openReadOnly opens the bolt file of s for reading only: it is neither
// created nor changed, nor are the files a killed load left beside it
// removed. The lock is shared: readers run side by side, and a writer
// (a load, a server) and a reader exclude each other, failing at once.
// Where the lock file cannot be made (a read-only directory), the store
// goes without it: bolt's own shared lock on the file still keeps a
// writer out, after boltTimeout.
func (s *Store) openReadOnly(ctx context.Context, op string) (*Store, error) {
	if _, err := os.Stat(s.file); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, &history.Error{Code: history.CodeNotFound, Op: op, Message: "no store there", Err: err}
		}
		return nil, history.Wrap(history.CodeInternal, op, err)
	}
	var err error
	if s.lock, err = sharedLock(s.file); err != nil {
		return nil, history.Wrap(history.CodeInternal, op, err)
	}
	if s.qs, err = s.openBolt(); err != nil {
		s.unlock()
		return nil, history.Wrap(history.CodeInternal, op, err)
	}
	if err := s.readRevision(ctx); err != nil {
		_ = s.Close()
		return nil, history.Wrap(history.CodeInternal, op, err)
	}
	return s, nil
}

// sharedLock takes the lock of a bolt file for a reader: a shared flock on
// FILE.lock, failing at once if a writer holds it. It returns nil, and no
// error, where the lock file cannot be opened for want of permission.
func sharedLock(file string) (*flock.Flock, error) {
	path := file + ".lock"
	fl := flock.New(path, flock.SetPermissions(0o644))
	ok, err := fl.TryRLock()
	switch {
	case err != nil && (errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS)):
		return nil, nil
	case err != nil:
		return nil, fmt.Errorf("lock %s: %w", path, err)
	case !ok:
		return nil, history.Errorf(history.CodeConflict, "in use by %s", holder(path))
	}
	return fl, nil
}

// unlock releases the store's lock, if it holds one.
func (s *Store) unlock() {
	if s.lock != nil {
		_ = s.lock.Unlock()
		s.lock = nil
	}
}

// create makes a new, empty Cayley store at s.file, whole or not at all:
// it is written beside the file, as a load's copy is, synced, and renamed
// into place. A store created in place would be a file of zero bytes
// until bolt writes its first pages, and a process killed then would
// leave a file that is not a store.
func (s *Store) create() error {
	tmp := s.file + cayleykv.CopySuffix
	var (
		db  hkv.KV
		err error
	)
	switch s.backend {
	case "bbolt":
		db, err = hbbolt.Open(tmp, &bbolt.Options{Timeout: boltTimeout})
	case "bolt":
		db, err = hbolt.Open(tmp, &bolt.Options{Timeout: boltTimeout})
	default:
		return fmt.Errorf("unknown bolt backend %q", s.backend)
	}
	if err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("create %s: %w", tmp, err)
	}
	err = ckv.Init(db, s.graphOptions())
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("initialise a Cayley store in %s: %w", tmp, err)
	}
	return cayleykv.ReplaceWithCopy(s.file)
}
