package baseline

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/store"
)

// backends are the store's backends the baselines are checked on: all of
// them, but the legacy bolt backend not under the race detector (see
// race_on_test.go).
func backends() []string {
	if raceEnabled {
		return []string{"memory", "bbolt"}
	}
	return []string{"memory", "bbolt", "bolt"}
}

// loaded opens a new store of the named backend, loads ds into it, and
// closes the store when the test ends.
func loaded(tb testing.TB, backend string, ds *history.Dataset) *store.Store {
	tb.Helper()
	dsn := "memory:"
	if backend != "memory" {
		dsn = backend + ":" + filepath.Join(tb.TempDir(), "memoria.db")
	}
	ctx := context.Background()
	s, err := store.Open(ctx, dsn, store.Options{})
	if err != nil {
		tb.Fatalf("open %s: %v", dsn, err)
	}
	tb.Cleanup(func() { _ = s.Close() })
	if _, err := s.Load(ctx, ds); err != nil {
		tb.Fatalf("load into %s: %v", dsn, err)
	}
	return s
}
