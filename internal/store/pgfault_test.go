package store

import (
	"testing"
	"time"

	"github.com/memoria-history/memoria/internal/auth"
	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/store/pgtest"
)

// TestPostgresDownAndBack: while the database's server is stopped, what
// touches it fails at once with CodeStoreUnavailable; started again, the
// same Store pings, writes, reads its tokens and follows changes with
// nothing done to it, and what was written before is there.
func TestPostgresDownAndBack(t *testing.T) {
	ctx := t.Context()
	// A server of its own: halting the package's would stop the other
	// tests' databases.
	pg := pgtest.Start(ctx)
	t.Cleanup(func() {
		if err := pg.Stop(); err != nil {
			t.Error(err)
		}
	})
	dsn := pg.NewDatabase(t)
	s := openTest(t, dsn, Options{})
	mustLoad(t, s, fullDataset())
	if err := s.PutToken(ctx, auth.Token{Name: "anna", Role: auth.RoleEditor, Created: time.Now()}); err != nil {
		t.Fatal(err)
	}
	follow, err := s.Follow(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Ping(ctx); err != nil {
		t.Fatalf("Ping with the database up: %v", err)
	}

	if err := pg.Halt(); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	wantCode(t, s.Ping(ctx), history.CodeStoreUnavailable)
	_, err = s.Apply(ctx, history.Change{Put: history.Dataset{Entities: []history.Entity{newPerson("person/while-down", "While Down")}}}, ChangeMeta{})
	wantCode(t, err, history.CodeStoreUnavailable)
	_, err = s.Changes(ctx, ChangeFilter{})
	wantCode(t, err, history.CodeStoreUnavailable)
	_, err = s.Tokens(ctx)
	wantCode(t, err, history.CodeStoreUnavailable)
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("four calls on a stopped database took %v to fail", took)
	}

	if err := pg.Resume(ctx); err != nil {
		t.Fatal(err)
	}
	if err := s.Ping(ctx); err != nil {
		t.Fatalf("Ping once the database is back: %v", err)
	}
	c, err := s.Apply(ctx, history.Change{Put: history.Dataset{Entities: []history.Entity{newPerson("person/after", "After")}}}, ChangeMeta{})
	if err != nil {
		t.Fatalf("a write once the database is back: %v", err)
	}
	if tokens, err := s.Tokens(ctx); err != nil || len(tokens) != 1 {
		t.Errorf("tokens once the database is back: %v, %v", tokens, err)
	}
	recs, err := s.Changes(ctx, ChangeFilter{})
	if err != nil || len(recs) != 2 {
		t.Errorf("changes once the database is back: %d, %v; want the load and the write", len(recs), err)
	}
	// Follow's listener dials again by itself and reports the write.
	deadline := time.After(3 * pgPoll)
	for {
		select {
		case n := <-follow:
			if n == c.Revision {
				return
			}
		case <-deadline:
			t.Fatalf("Follow did not report revision %d after the restart", c.Revision)
		}
	}
}
