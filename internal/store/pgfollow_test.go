package store

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/memoria-history/memoria/internal/history"
)

// TestLoadedReadsWhatALoadWrote: the audit record of a load keeps counts
// only; Loaded gives its records back, as the store reads them, and
// those of a later load alone.
func TestLoadedReadsWhatALoadWrote(t *testing.T) {
	ctx := context.Background()
	for _, backend := range backendNames() {
		t.Run(backend, func(t *testing.T) {
			s := openTest(t, dsnFor(t, backend), Options{})
			mustLoad(t, s, fullDataset())
			more := &history.Dataset{Entities: []history.Entity{newPerson("person/loaded-later", "Loaded Later")}}
			mustLoad(t, s, more)
			recs, err := s.Changes(ctx, ChangeFilter{})
			if err != nil || len(recs) != 2 || recs[1].After != nil {
				t.Fatalf("Changes = %+v, %v; want two loads, counts only", recs, err)
			}
			got, err := s.Loaded(ctx, 1)
			if err != nil {
				t.Fatal(err)
			}
			first := rawDataset(t, s).Select(func(id history.ID, _ *history.Retracted) bool { return id != "person/loaded-later" })
			sortDataset(got)
			if d := diffDatasets(got, first); d != "" {
				t.Errorf("Loaded(1) is not the first load:\n%s", d)
			}
			got, err = s.Loaded(ctx, 2)
			if err != nil {
				t.Fatal(err)
			}
			if ids := got.IDs(); len(ids) != 1 || ids[0] != "person/loaded-later" || got.Entities[0].Revision != 2 {
				t.Errorf("Loaded(2) = %v, want person/loaded-later at revision 2", ids)
			}
			if got, err := s.Loaded(ctx, 3); err != nil || got.Len() != 0 {
				t.Errorf("Loaded(3), past the revision, = %v, %v; want nothing", got.IDs(), err)
			}
		})
	}
}

// TestPostgresWritersTakeTurns: two Stores on one database write at the
// same time, as two servers do; a change whose number the other took
// first is prepared again, so each commits, under a number of its own.
func TestPostgresWritersTakeTurns(t *testing.T) {
	ctx := context.Background()
	dsn := pgServer.NewDatabase(t)
	a, b := openTest(t, dsn, Options{}), openTest(t, dsn, Options{})
	mustLoad(t, a, fullDataset())
	const each = 8
	var mu sync.Mutex
	numbers := map[uint64]bool{}
	var wg sync.WaitGroup
	for i, s := range []*Store{a, b, a, b} {
		wg.Go(func() {
			for j := range each {
				id := history.ID(fmt.Sprintf("person/turn-%d-%d", i, j))
				c, err := s.Apply(ctx, history.Change{Put: history.Dataset{Entities: []history.Entity{newPerson(id, "Turn")}}}, ChangeMeta{})
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				if numbers[c.Revision] {
					t.Errorf("two changes numbered %d", c.Revision)
				}
				numbers[c.Revision] = true
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if got, err := b.Refresh(ctx); err != nil || got != 1+4*each {
		t.Errorf("the store is at revision %d, %v; want %d", got, err, 1+4*each)
	}
}
