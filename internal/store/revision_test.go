package store

import (
	"context"
	"testing"
	"time"

	"github.com/memoria-history/memoria/internal/history"
)

// TestAtRevisionHoldsCommits checks that no change commits while
// AtRevision's function runs, so that what it reads is of the revision
// it was given.
func TestAtRevisionHoldsCommits(t *testing.T) {
	s := openTest(t, dsnFor(t, "bbolt"), Options{})
	mustLoad(t, s, fullDataset())
	before := s.Revision()
	done := make(chan Commit, 1)
	err := s.AtRevision(func(revision uint64) error {
		if revision != before {
			t.Errorf("AtRevision gave revision %d, the store is at %d", revision, before)
		}
		go func() {
			c, err := s.Apply(context.Background(), history.Change{Put: history.Dataset{Entities: []history.Entity{newPerson("person/held", "H")}}}, ChangeMeta{})
			if err != nil {
				t.Error(err)
			}
			done <- c
		}()
		select {
		case c := <-done:
			t.Errorf("change %d committed while AtRevision ran", c.Revision)
		case <-time.After(50 * time.Millisecond):
		}
		if s.Revision() != revision {
			t.Errorf("the store moved to revision %d while AtRevision ran", s.Revision())
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if c := <-done; c.Revision != before+1 {
		t.Fatalf("the held change committed at revision %d, want %d", c.Revision, before+1)
	}
}
