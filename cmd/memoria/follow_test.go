package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/readmodel"
	"github.com/memoria-history/memoria/internal/store"
	"github.com/memoria-history/memoria/internal/store/pgtest"
)

// startPostgres starts a PostgreSQL server of the test's own, stopped at
// its end.
func startPostgres(t *testing.T) *pgtest.Server {
	t.Helper()
	pg := pgtest.Start(t.Context())
	t.Cleanup(func() {
		if err := pg.Stop(); err != nil {
			t.Error(err)
		}
	})
	return pg
}

// followedGraph is a liveGraph over its own Store of db, as a server has,
// following the others' changes. published lists the views its read
// model published, in order.
type followedGraph struct {
	*liveGraph
	mu        sync.Mutex
	published []readmodel.Data
}

func openFollowed(t *testing.T, db string) *followedGraph {
	t.Helper()
	ctx := t.Context()
	st, err := store.Open(ctx, db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ds, rev, err := st.DatasetAt(ctx)
	if err != nil {
		t.Fatal(err)
	}
	f := &followedGraph{liveGraph: &liveGraph{store: st}}
	f.follow(readmodel.Build(ds.Standing(), rev), readmodel.LiveOptions{
		// No rebuild: each view published is then one commit, or one
		// group of the server's own, on from the one before.
		RebuildAt: func(int, int) bool { return false },
		Publish: func(d readmodel.Data) {
			f.mu.Lock()
			f.published = append(f.published, d)
			f.mu.Unlock()
		},
	})
	followCtx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	if err := f.followOthers(followCtx, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		t.Fatal(err)
	}
	return f
}

// waitFor waits until f's read model is at revision rev.
func (f *followedGraph) waitFor(t *testing.T, rev uint64, within time.Duration) time.Duration {
	t.Helper()
	start := time.Now()
	for time.Since(start) < within {
		if f.live.Current().Revision >= rev {
			return time.Since(start)
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("the read model is at revision %d after %v, want %d", f.live.Current().Revision, within, rev)
	return 0
}

// steps checks that the views published came in revision order and that
// each held exactly the changes up to its revision: made[id] is the
// change that created person id. A change left out, or applied out of
// its turn, shows as a person missing from, or present in, a view.
func (f *followedGraph) steps(t *testing.T, name string, from uint64, made map[history.ID]uint64) {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	prev := from
	for _, d := range f.published {
		if d.Revision <= prev {
			t.Errorf("%s published revision %d after %d", name, d.Revision, prev)
		}
		prev = d.Revision
		for id, rev := range made {
			if _, ok := d.Records.Entity(id); ok != (rev <= d.Revision) {
				t.Errorf("%s's view at revision %d: holds %s (made by change %d) = %v", name, d.Revision, id, rev, ok)
			}
		}
	}
}

func newPersonChange(id, name string) history.Change {
	return history.Change{Put: history.Dataset{Entities: []history.Entity{{
		ID: history.ID(id), Kind: history.KindPerson, Name: name,
		Citations: []history.Citation{{Source: "source/essay-special-treatment", Locator: "¶1"}},
	}}}}
}

// TestFollowersTakeEachOthersChanges: two Stores on one PostgreSQL
// database, each with the read model a server keeps, write at the same
// time, while a third process loads a dataset: both read models end at
// the store's revision holding what the store holds, and each took every
// change once, in order.
func TestFollowersTakeEachOthersChanges(t *testing.T) {
	ctx := t.Context()
	db := startPostgres(t).NewDatabase(t)
	makeToken(t, db, "anna", "editor") // the embedded dataset is loaded
	a, b := openFollowed(t, db), openFollowed(t, db)
	from := a.live.Current().Revision
	if b.live.Current().Revision != from {
		t.Fatalf("the two read models start at %d and %d", from, b.live.Current().Revision)
	}

	const writers, each = 2, 8
	var wg sync.WaitGroup
	var madeMu sync.Mutex
	made := map[history.ID]uint64{} // the change that created each person
	note := func(id history.ID, rev uint64) {
		madeMu.Lock()
		made[id] = rev
		madeMu.Unlock()
	}
	for i, g := range []*followedGraph{a, b, a, b}[:2*writers] {
		wg.Go(func() {
			for j := range each {
				id := fmt.Sprintf("person/follow-%d-%d", i, j)
				w, err := g.apply(ctx, newPersonChange(id, fmt.Sprintf("Follow %d %d", i, j)), store.ChangeMeta{Author: "anna"})
				if err != nil {
					t.Error(err)
					return
				}
				// The answer's view holds the write, and so every change
				// before it, whoever made them.
				if _, ok := w.Data.Records.Entity(history.ID(id)); !ok || w.DataRevision < w.Revision {
					t.Errorf("the answer to %s: view at %d without it (change %d)", id, w.DataRevision, w.Revision)
				}
				note(history.ID(id), w.Revision)
			}
		})
	}
	wg.Go(func() {
		other, err := store.Open(ctx, db, store.Options{})
		if err != nil {
			t.Error(err)
			return
		}
		defer other.Close()
		ds := &history.Dataset{}
		for j := range 5 {
			ds.Entities = append(ds.Entities, newPersonChange(fmt.Sprintf("person/loaded-%d", j), fmt.Sprintf("Loaded %d", j)).Put.Entities...)
		}
		// A load whose number a server's write took is refused, and
		// loaded again, as whoever runs memoria load would.
		for start := time.Now(); ; {
			res, err := other.Load(ctx, ds)
			if err == nil {
				for _, e := range ds.Entities {
					note(e.ID, res.Revision)
				}
				break
			}
			if history.ErrorCode(err) != history.CodeConflict || time.Since(start) > time.Minute {
				t.Error(err)
				return
			}
		}
	})
	wg.Wait()

	final, err := a.store.Refresh(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := from + 2*writers*each + 1; final != want {
		t.Errorf("the store is at revision %d, want %d", final, want)
	}
	a.waitFor(t, final, 10*time.Second)
	b.waitFor(t, final, 10*time.Second)
	a.steps(t, "a", from, made)
	b.steps(t, "b", from, made)

	ds, _, err := a.store.DatasetAt(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := viewJSON(t, readmodel.Build(ds.Standing(), final))
	for name, g := range map[string]*followedGraph{"a": a, "b": b} {
		if got := viewJSON(t, g.live.Current()); got != want {
			t.Errorf("%s's read model holds other records than the store:\n%s\nwant\n%s", name, got, want)
		}
	}
}

func viewJSON(t *testing.T, d readmodel.Data) string {
	t.Helper()
	out, err := json.Marshal(d.Records.Dataset())
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}
