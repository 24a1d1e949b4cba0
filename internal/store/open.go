package store

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/boltdb/bolt"
	"github.com/cayleygraph/cayley/graph"
	ckv "github.com/cayleygraph/cayley/graph/kv"
	_ "github.com/cayleygraph/cayley/graph/memstore" // registers "memstore"
	"github.com/gofrs/flock"
	hkv "github.com/hidal-go/hidalgo/kv"
	hbbolt "github.com/hidal-go/hidalgo/kv/bbolt"
	hbolt "github.com/hidal-go/hidalgo/kv/bolt"
	bbolt "go.etcd.io/bbolt"

	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/store/cayleykv"
	"github.com/memoria-history/memoria/schema"
)

// Options configure a Store. The zero value is ready to use.
type Options struct {
	// Base is the IRI base of ids: the IRI of "person/lavrentiy-beria" is
	// Base + "person/lavrentiy-beria". It must be an absolute IRI ending in
	// "/" or "#". Empty means schema.DefaultBase. A store must be read with
	// the base it was written with.
	Base string

	// ReadOnly opens the store for reading only: a bolt file is opened
	// read-only, under a lock shared with other readers, and never created
	// or changed (Open fails with CodeNotFound if it does not exist), and
	// every write fails with CodeConflict and ErrReadOnly.
	ReadOnly bool

	// WriteDSN, for a PostgreSQL store, names the database its writes go
	// to, the primary of the hot standby that the store reads (see
	// pgreplica.go). Without it a store on a standby is read-only.
	WriteDSN string

	// The fields below are for this package's tests.

	// beforeApply may rewrite the deltas of a write just before they are
	// applied, to inject a failure half way through a transaction.
	beforeApply func([]graph.Delta) []graph.Delta
	// bulk tunes the bulk writer: batch and transaction sizes, preloading,
	// a hook in each batch. Its Progress is the load's own.
	bulk cayleykv.Options
	// noCacheGuard turns off the reopen after a failed write, to show that
	// Cayley needs it.
	noCacheGuard bool
	// bloom keeps Cayley's bloom filters on for bolt backends (see
	// graphOptions).
	bloom bool
	// pgBulkMin, if not 0, replaces pgBulkMin (see pgbulk.go).
	pgBulkMin int
	// cockroachSQL has a PostgreSQL store take CockroachDB's path
	// wherever Memoria's own SQL differs (see pgcockroach.go).
	cockroachSQL bool
}

// boltTimeout bounds how long bolt waits for its own lock on the database
// file. The sibling lock file is taken first and fails at once, so this only
// matters if a handle leaked after a fault; without it bolt waits forever.
const boltTimeout = time.Second

// Store is a Memoria knowledge graph kept in a Cayley quad store. Its
// methods are safe for concurrent use: writes are serialised and wait for
// reads in progress. Reads of a bolt store run side by side; reads of the
// memory store are serialised too, since Cayley's memstore is not safe even
// for concurrent readers (its all-quads iterator writes to the store).
type Store struct {
	backend string // "memory", "bbolt" or "bolt"
	file    string // the bolt file, for the file backends
	name    string // what errors call the store: the file, or the DSN
	base    string
	opts    Options

	mu     sync.RWMutex
	qs     graph.QuadStore // nil once closed, or after a failed reopen
	kv     hkv.KV          // the key-value database under qs, for the bolt backends
	txkv   *txKV           // kv as qs sees it, for writes in one transaction
	broken error           // why qs is nil while the store is open
	lock   *flock.Flock

	// revision is the graph's revision (see Revision), read at open and
	// moved on by each committed change under mu.
	revision atomic.Uint64
	writes   writeQueue // the changes waiting to be committed (group.go)

	memTokens map[string]storedToken // the memory backend's tokens (see tokens.go)
	pg        *pgDB                  // the database of the postgres backend (see pg.go)
	writer    *Store                 // takes the writes of a store read from a standby (see pgreplica.go)
	standby   bool                   // the database is a hot standby: see pgreplica.go
}

// Open opens the store named by dsn:
//
//	bbolt:PATH   Cayley's bbolt backend in the file PATH (created, with its
//	             parent directories, if missing). If PATH is a directory it
//	             is taken as a Cayley data directory: PATH/indexes.bolt.
//	bolt:PATH    the same with the older boltdb/bolt backend
//	memory:      Cayley's in-memory store, empty at open, gone at Close
//	postgres://user@host:5432/db?sslmode=require
//	             Cayley's SQL backend on PostgreSQL (see parsePostgres),
//	             its tables created in an empty database
//	cockroachdb://user@host:26257/db?sslmode=verify-full
//	             the same on CockroachDB, through Cayley's cockroach
//	             flavour (see pgcockroach.go)
//
// A bolt file is locked for the life of the Store through a sibling lock
// file (PATH.lock): a second Open, from this process or another, fails at
// once with CodeConflict, naming the file and the process that holds it. A
// damaged bolt file fails with CodeCorrupt before Cayley touches it.
func Open(ctx context.Context, dsn string, opts Options) (*Store, error) {
	op := "open store " + dsn
	if err := ctx.Err(); err != nil {
		return nil, history.Wrap(history.CodeInternal, op, err)
	}
	base, err := checkBase(opts.Base)
	if err != nil {
		return nil, history.Wrap(history.CodeInvalid, op, err)
	}
	backend, path, err := parseDSN(dsn)
	if err != nil {
		return nil, history.Wrap(history.CodeInvalid, op, err)
	}
	s := &Store{backend: backend, name: dsn, base: base, opts: opts}
	if opts.WriteDSN != "" && backend != "postgres" {
		return nil, history.Errorf(history.CodeInvalid, "%s: a database to write is for a PostgreSQL store read from a standby", op)
	}
	if backend == "memory" {
		qs, err := graph.NewQuadStore("memstore", "", nil)
		if err != nil {
			return nil, history.Wrap(history.CodeInternal, op, err)
		}
		s.qs = qs
		return s, nil
	}
	if backend == "postgres" || backend == "cockroach" {
		return s.openPostgres(ctx, path)
	}

	file, err := boltFile(path, !opts.ReadOnly)
	if err != nil {
		return nil, history.Wrap(history.CodeInvalid, "open store "+path, notWritable(err))
	}
	s.file, s.name = file, file
	op = "open store " + file
	if opts.ReadOnly {
		return s.openReadOnly(ctx, op)
	}
	if s.lock, err = lockFile(file); err != nil {
		return nil, history.Wrap(history.CodeInternal, op, notWritable(err))
	}
	if err := cayleykv.RemoveCopy(file); err != nil {
		s.unlock()
		return nil, history.Wrap(history.CodeInternal, op, notWritable(err))
	}
	if _, err := os.Lstat(file); errors.Is(err, os.ErrNotExist) {
		err = s.create()
		if err != nil {
			s.unlock()
			return nil, history.Wrap(history.CodeInternal, op, notWritable(err))
		}
	}
	if s.qs, err = s.openBolt(); err != nil {
		s.unlock()
		return nil, history.Wrap(history.CodeInternal, op, notWritable(err))
	}
	if err := s.readRevision(ctx); err != nil {
		_ = s.Close()
		return nil, history.Wrap(history.CodeInternal, op, err)
	}
	return s, nil
}

// readRevision sets the store's revision from its quads.
func (s *Store) readRevision(ctx context.Context) error {
	n, err := s.findRevision(ctx, s.qs)
	if err != nil {
		return err
	}
	s.revision.Store(n)
	return nil
}

// parseDSN splits a data source name into a backend and a path.
func parseDSN(dsn string) (backend, path string, err error) {
	scheme, rest, ok := strings.Cut(dsn, ":")
	if !ok {
		return "", "", fmt.Errorf("%q is not a store name (write bbolt:PATH, bolt:PATH or memory:)", dsn)
	}
	switch scheme {
	case "memory":
		if rest != "" {
			return "", "", fmt.Errorf("memory: takes no path, got %q", rest)
		}
		return "memory", "", nil
	case "bbolt", "bolt":
		if strings.TrimSpace(rest) == "" {
			return "", "", fmt.Errorf("%s: needs a file path, as in %s:./data/memoria.db", scheme, scheme)
		}
		return scheme, rest, nil
	case "postgres", "postgresql":
		return "postgres", dsn, nil
	case "cockroach", "cockroachdb":
		return "cockroach", dsn, nil
	}
	return "", "", fmt.Errorf("unknown backend %q (use bbolt:PATH, bolt:PATH or memory:)", scheme)
}

// checkBase returns the IRI base to use.
func checkBase(base string) (string, error) {
	if base == "" {
		return schema.DefaultBase, nil
	}
	u, err := url.Parse(base)
	if err != nil || u.Scheme == "" || !(strings.HasSuffix(base, "/") || strings.HasSuffix(base, "#")) {
		return "", fmt.Errorf("base %q is not an absolute IRI ending in / or #", base)
	}
	return base, nil
}

// boltFile returns the bolt file a path names. Cayley's own bolt backends
// take a directory and keep DIR/indexes.bolt in it; Memoria takes the file
// itself, so that bbolt:./data/memoria.db is one file, but an existing
// directory is still read the Cayley way. mkdir makes the file's parent
// directories.
func boltFile(path string, mkdir bool) (string, error) {
	// The real file, not a link to it: a load renames a new file over the
	// store, and the lock must be the same whichever name opened it.
	if real, err := filepath.EvalSymlinks(path); err == nil {
		path = real
	}
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return filepath.Join(path, "indexes.bolt"), nil
	}
	if !mkdir {
		return path, nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return "", err
	}
	return path, nil
}

// graphOptions are the options Memoria gives Cayley's key-value quad store.
// Its bloom filters are sized for 100 million quads whatever the store
// holds (about 300 MB of heap), and filling them reads every primitive at
// open; Memoria does without them unless a test asks.
func (s *Store) graphOptions() graph.Options {
	return graph.Options{ckv.OptNoBloom: !s.opts.bloom}
}

// openBolt checks the bolt file, opens it and makes sure it holds a Cayley
// store. A fault inside bolt (it maps the file into memory and trusts it)
// becomes a CodeCorrupt error rather than a crash.
func (s *Store) openBolt() (qs graph.QuadStore, err error) {
	if err := cayleykv.CheckFile(s.file); err != nil {
		return nil, kvError(err)
	}
	var db hkv.KV
	ro := s.opts.ReadOnly
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			if db != nil {
				closeQuietly(db)
			}
			qs, err = nil, history.Errorf(history.CodeCorrupt, "bolt failed reading the file: %v", r)
		}
	}()
	switch s.backend {
	case "bbolt":
		db, err = hbbolt.Open(s.file, &bbolt.Options{Timeout: boltTimeout, ReadOnly: ro})
	case "bolt":
		db, err = hbolt.Open(s.file, &bolt.Options{Timeout: boltTimeout, ReadOnly: ro})
	default:
		return nil, fmt.Errorf("unknown bolt backend %q", s.backend)
	}
	if err != nil {
		return nil, boltError(err)
	}
	// A store is initialised when it is created; this is for a bolt file
	// made by another program, which a read-only open leaves as it is.
	if !ro {
		if err := ckv.Init(db, s.graphOptions()); err != nil && !errors.Is(err, graph.ErrDatabaseExists) {
			_ = db.Close()
			return nil, fmt.Errorf("initialise a Cayley store: %w", err)
		}
	}
	tdb := &txKV{KV: db}
	qs, err = ckv.New(tdb, s.graphOptions())
	if errors.Is(err, graph.ErrNotInitialized) {
		_ = db.Close()
		return nil, &history.Error{Code: history.CodeCorrupt, Message: "a bolt database, but not a Cayley store", Err: err}
	}
	if err != nil {
		_ = db.Close()
		return nil, boltError(err)
	}
	s.kv, s.txkv = db, tdb
	return qs, nil
}

// kvError gives the errors of package cayleykv their code: a damaged file
// or log is CodeCorrupt, a directory where the file should be
// CodeInvalid.
func kvError(err error) error {
	switch {
	case errors.Is(err, cayleykv.ErrCorrupt):
		return &history.Error{Code: history.CodeCorrupt, Err: err}
	case errors.Is(err, cayleykv.ErrDirectory):
		return &history.Error{Code: history.CodeInvalid, Err: err}
	}
	return err
}

// closeQuietly closes a database that has just faulted, ignoring whatever
// happens.
func closeQuietly(db hkv.KV) {
	defer func() { _ = recover() }()
	_ = db.Close()
}

// boltError classifies an error from opening a bolt file.
func boltError(err error) error {
	switch {
	case errors.Is(err, bbolt.ErrInvalid), errors.Is(err, bbolt.ErrChecksum), errors.Is(err, bbolt.ErrVersionMismatch),
		errors.Is(err, bolt.ErrInvalid), errors.Is(err, bolt.ErrChecksum), errors.Is(err, bolt.ErrVersionMismatch):
		return &history.Error{Code: history.CodeCorrupt, Message: "not a valid bolt database", Err: err}
	case errors.Is(err, bbolt.ErrTimeout), errors.Is(err, bolt.ErrTimeout):
		return &history.Error{Code: history.CodeConflict, Message: "bolt's own lock is held by another handle", Err: err}
	}
	return err
}

// reopen replaces the quad store handle with a fresh one. Cayley's
// key-value store keeps caches (node ids, index buffers, bloom filters)
// that a failed transaction leaves pointing at rolled-back data; a new
// handle starts clean. The memstore has no such caches and no file, so it
// stays. Callers hold s.mu for writing.
func (s *Store) reopen() error {
	if s.file == "" || s.opts.noCacheGuard {
		return nil
	}
	old := s.qs
	s.qs, s.kv, s.txkv = nil, nil, nil
	_ = old.Close()
	qs, err := s.openBolt()
	if err != nil {
		s.broken = fmt.Errorf("reopen after a failed write: %w", err)
		return s.broken
	}
	s.qs = qs
	return nil
}

// rlock locks s for reading: shared for the bolt and SQL backends,
// exclusive for the memstore.
func (s *Store) rlock() {
	if s.file == "" && s.pg == nil {
		s.mu.Lock()
		return
	}
	s.mu.RLock()
}

func (s *Store) runlock() {
	if s.file == "" && s.pg == nil {
		s.mu.Unlock()
		return
	}
	s.mu.RUnlock()
}

// handle returns the open quad store, or why there is none. Callers hold
// s.mu.
func (s *Store) handle(op string) (graph.QuadStore, error) {
	switch {
	case s.qs != nil:
		return s.qs, nil
	case s.broken != nil:
		return nil, history.Wrap(history.CodeInternal, op+" "+s.name, s.broken)
	}
	return nil, history.Errorf(history.CodeInvalid, "%s %s: the store is closed", op, s.name)
}

func wrapInternal(op string, err error) error {
	return history.Wrap(history.CodeInternal, op, err)
}

// Release closes the store's data but keeps its lock, for a process that
// has read all it needs into memory and goes on running: a server. The
// pages of a bolt file stay mapped, and counted in the process's resident
// memory, for as long as the file is open (as much as the file itself once
// it has been read through), while the lock still makes a load from another
// process fail at once, naming the server, instead of writing a store that
// the server would not see. Every later call but Close says the store is
// closed. The memory backend keeps its data, which lives nowhere else.
func (s *Store) Release() error {
	if s.file == "" {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.qs == nil {
		return nil
	}
	err := s.qs.Close()
	s.qs, s.kv, s.txkv = nil, nil, nil
	if err != nil {
		return history.Wrap(history.CodeInternal, "release store "+s.name, err)
	}
	return nil
}

// Close closes the store and releases its lock. Closing twice is harmless.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	var errs []error
	if s.qs != nil {
		errs = append(errs, s.qs.Close())
		s.qs, s.kv, s.txkv = nil, nil, nil
	}
	s.broken = nil
	if s.pg != nil {
		errs = append(errs, s.pg.close())
		s.pg = nil
	}
	if s.lock != nil {
		errs = append(errs, s.lock.Unlock())
		s.lock = nil
	}
	if s.writer != nil {
		errs = append(errs, s.writer.Close())
	}
	if err := errors.Join(errs...); err != nil {
		return history.Wrap(history.CodeInternal, "close store "+s.name, err)
	}
	return nil
}
