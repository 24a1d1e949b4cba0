package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/store"
)

// openStore opens the store named by --db for a command that writes it
// (load) or may (serve): a store that does not exist is created, and an
// empty one is given the embedded dataset first, so that every store
// starts from the curated graph. A store file this process may not write
// is opened read-only instead, and says so: it can be served, and a load
// fails with CodeConflict. A PostgreSQL hot standby is read-only unless
// --write-db names its primary; with it, the writes go there, and what
// they write is read from the standby once it has replayed them.
func openStore(ctx context.Context, e env, g globals) (*store.Store, error) {
	s, err := store.Open(ctx, g.db, store.Options{WriteDSN: g.writeDB})
	if err == nil && s.ReadOnly() {
		fmt.Fprintf(e.stderr, "memoria: the store %s is a hot standby: opened read-only, writes are refused (--write-db names its primary, to write)\n", store.Redact(g.db))
		return s, nil
	}
	if errors.Is(err, store.ErrReadOnly) {
		s, err = store.Open(ctx, g.db, store.Options{ReadOnly: true})
		if err == nil {
			fmt.Fprintf(e.stderr, "memoria: the store %s cannot be written by this process: opened read-only, writes are refused\n", store.Redact(g.db))
			return s, nil
		}
	}
	if err != nil {
		return nil, err
	}
	empty, err := s.Empty(ctx)
	if err != nil {
		s.Close()
		return nil, err
	}
	if !empty {
		return s, nil
	}
	n, err := loadSeed(ctx, s)
	if err == nil {
		err = s.Sync(ctx)
	}
	if err != nil {
		s.Close()
		return nil, err
	}
	fmt.Fprintf(e.stderr, "memoria: the store %s was empty: loaded the embedded dataset (%d quads)\n", store.Redact(g.db), n)
	return s, nil
}

// openStoreToRead opens the store named by --db for a command that only
// reads it (stats, export): read-only, so that it is never created nor
// changed. A store that does not exist yet, or holds nothing, reads as
// the embedded dataset, which its first write will give it: the reader
// gets a store in memory holding that.
func openStoreToRead(ctx context.Context, e env, g globals) (*store.Store, error) {
	s, err := store.Open(ctx, g.db, store.Options{ReadOnly: true})
	if errors.Is(err, fs.ErrNotExist) {
		m, _, err := seededMemory(ctx)
		if err == nil {
			fmt.Fprintf(e.stderr, "memoria: there is no store at %s yet: reading the embedded dataset, which a new store starts with\n", store.Redact(g.db))
		}
		return m, err
	}
	if err != nil {
		return nil, err
	}
	empty, err := s.Empty(ctx)
	if err != nil {
		s.Close()
		return nil, err
	}
	if !empty {
		return s, nil
	}
	s.Close()
	m, n, err := seededMemory(ctx)
	if err == nil {
		where := ", in memory: the store is left as it is"
		if strings.HasPrefix(g.db, "memory:") {
			where = ""
		}
		fmt.Fprintf(e.stderr, "memoria: the store %s was empty: loaded the embedded dataset (%d quads)%s\n", store.Redact(g.db), n, where)
	}
	return m, err
}

// seededMemory is a store in memory holding the embedded dataset, and the
// number of quads that is.
func seededMemory(ctx context.Context) (*store.Store, int64, error) {
	m, err := store.Open(ctx, "memory:", store.Options{})
	if err != nil {
		return nil, 0, err
	}
	n, err := loadSeed(ctx, m)
	if err != nil {
		m.Close()
		return nil, 0, err
	}
	return m, n, nil
}

// loadSeed loads the embedded dataset into s and returns how many quads it
// added.
func loadSeed(ctx context.Context, s *store.Store) (int64, error) {
	ds, err := readDataset(ctx, "", false)
	if err != nil {
		return 0, history.Wrap(history.CodeInternal, "load the embedded dataset", err)
	}
	res, err := s.LoadWith(ctx, ds, store.LoadOptions{Change: store.ChangeMeta{Author: "memoria", Note: "the embedded dataset"}})
	if err != nil {
		return 0, history.Wrap(history.CodeInternal, "load the embedded dataset", err)
	}
	return res.QuadsAdded, nil
}
