package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cayleygraph/cayley/graph"

	"github.com/memoria-history/memoria/internal/history"
)

// queueLen is how many changes wait in s's queue.
func queueLen(s *Store) int {
	s.writes.mu.Lock()
	defer s.writes.mu.Unlock()
	return len(s.writes.queue)
}

// waitFor polls cond until it holds, failing the test after a while.
func waitFor(tb testing.TB, what string, cond func() bool) {
	tb.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			tb.Fatalf("waited in vain for %s", what)
		}
	}
}

// TestConcurrentChangesCommitInGroups holds the first change's write
// until the others wait in the queue, so that they are committed in
// groups, and checks that each is still a change of its own: numbered
// without gaps, audited, and refused alone when it fails, while a change
// whose caller gives up waiting is not applied.
func TestConcurrentChangesCommitInGroups(t *testing.T) {
	for _, backend := range backendNames() {
		t.Run(backend, func(t *testing.T) {
			var (
				mu      sync.Mutex
				events  []string // "write" per change written, "commit" per commit told
				held    = make(chan struct{})
				release = make(chan struct{})
				once    sync.Once
				armed   atomic.Bool // once the store is loaded
			)
			s := changeStore(t, backend, Options{beforeApply: func(d []graph.Delta) []graph.Delta {
				if !armed.Load() {
					return d
				}
				once.Do(func() { close(held); <-release })
				mu.Lock()
				events = append(events, "write")
				mu.Unlock()
				return d
			}})
			armed.Store(true)
			var commits []uint64
			s.OnCommit(func(c Commit) {
				mu.Lock()
				events = append(events, "commit")
				commits = append(commits, c.Revision)
				mu.Unlock()
			})
			ctx := context.Background()
			stored := rawDataset(t, s)

			type call struct {
				name string
				ch   history.Change
				code history.Code // "" for success, "either" for one of a pair
				ctx  context.Context
				c    Commit
				err  error
			}
			create := func(id history.ID) history.Change {
				return history.Change{Put: history.Dataset{Entities: []history.Entity{newPerson(id, string(id))}}, Expect: map[history.ID]uint64{id: 0}}
			}
			update := func(id history.ID, rev uint64, desc string) history.Change {
				e := findEntity(stored, id)
				e.Description = desc
				return history.Change{Put: history.Dataset{Entities: []history.Entity{e}}, Expect: map[history.ID]uint64{id: rev}}
			}
			first := &call{name: "first", ch: create("person/first"), ctx: ctx}
			var calls []*call
			for i := range 24 {
				id := history.ID(fmt.Sprintf("person/g%02d", i))
				calls = append(calls, &call{name: string(id), ch: create(id), ctx: ctx})
			}
			uncited := newPerson("person/uncited", "Uncited")
			uncited.Citations = []history.Citation{cite("source/missing", "p. 1")}
			calls = append(calls,
				&call{name: "dangling", ch: history.Change{Put: history.Dataset{Entities: []history.Entity{uncited}}}, code: history.CodeInvalid, ctx: ctx},
				&call{name: "stale", ch: update("person/nikolai-yezhov", 7, "stale"), code: history.CodeConflict, ctx: ctx},
				&call{name: "yagoda-a", ch: update("person/genrikh-yagoda", 1, "a"), code: "either", ctx: ctx},
				&call{name: "yagoda-b", ch: update("person/genrikh-yagoda", 1, "b"), code: "either", ctx: ctx},
			)
			cctx, cancel := context.WithCancel(ctx)
			gaveUp := &call{name: "gave-up", ch: create("person/gave-up"), ctx: cctx}

			var wg sync.WaitGroup
			run := func(i int, c *call) {
				wg.Go(func() {
					c.c, c.err = s.Apply(c.ctx, c.ch, ChangeMeta{Author: fmt.Sprintf("w%d", i)})
				})
			}
			run(0, first)
			<-held
			for i, c := range calls {
				run(i+1, c)
			}
			waitFor(t, "the changes to queue", func() bool { return queueLen(s) == len(calls) })
			gaveUpDone := make(chan struct{})
			go func() {
				defer close(gaveUpDone)
				gaveUp.c, gaveUp.err = s.Apply(cctx, gaveUp.ch, ChangeMeta{Author: "gave-up"})
			}()
			waitFor(t, "the last change to queue", func() bool { return queueLen(s) == len(calls)+1 })
			cancel()
			<-gaveUpDone
			if !errors.Is(gaveUp.err, context.Canceled) {
				t.Errorf("a change whose caller gave up waiting: %v, want context.Canceled", gaveUp.err)
			}
			close(release)
			wg.Wait()

			byRevision := map[uint64]*call{}
			eitherOK := 0
			for _, c := range append([]*call{first}, calls...) {
				switch {
				case c.code == "either" && c.err == nil, c.code == "":
					if c.err != nil {
						t.Errorf("%s: %v", c.name, c.err)
						continue
					}
					if c.code == "either" {
						eitherOK++
					}
					if other := byRevision[c.c.Revision]; other != nil {
						t.Errorf("%s and %s both at revision %d", c.name, other.name, c.c.Revision)
					}
					byRevision[c.c.Revision] = c
				case c.code == "either":
					wantCode(t, c.err, history.CodeConflict, "person/genrikh-yagoda")
				default:
					wantCode(t, c.err, c.code)
				}
			}
			if eitherOK != 1 {
				t.Errorf("%d of two changes of one record at the same revision applied, want 1", eitherOK)
			}
			last := s.Revision()
			if want := uint64(1 + len(byRevision)); last != want {
				t.Errorf("store at revision %d after %d changes, want %d", last, len(byRevision), want)
			}
			for n := uint64(2); n <= last; n++ {
				if byRevision[n] == nil {
					t.Errorf("no change acknowledged revision %d", n)
				}
			}
			mu.Lock()
			if !slices.IsSorted(commits) || len(commits) != len(byRevision) {
				t.Errorf("commits told in the order %v, want the %d revisions in order", commits, len(byRevision))
			}
			streak, longest := 0, 0
			for _, e := range events {
				if e == "write" {
					streak++
					longest = max(longest, streak)
				} else {
					streak = 0
				}
			}
			mu.Unlock()
			if longest < 2 {
				t.Errorf("no two changes were written together: %v", events)
			}

			recs, err := s.Changes(ctx, ChangeFilter{Since: 1})
			if err != nil {
				t.Fatal(err)
			}
			if len(recs) != len(byRevision) {
				t.Fatalf("%d audit records after revision 1, want %d", len(recs), len(byRevision))
			}
			for _, r := range recs {
				c := byRevision[r.Revision]
				if c == nil {
					t.Errorf("audit record %d names no acknowledged change", r.Revision)
					continue
				}
				if want := c.ch.Touches(); !slices.Equal(r.Touches, want) {
					t.Errorf("audit record %d (%s) touches %v, want %v", r.Revision, c.name, r.Touches, want)
				}
				if r.After == nil || len(r.After.IDs()) != 1 || r.After.IDs()[0] != c.ch.Touches()[0] {
					t.Errorf("audit record %d (%s) holds after it %v", r.Revision, c.name, r.After)
				}
			}
			ds := rawDataset(t, s)
			ids := ds.IDs()
			for _, id := range []history.ID{"person/uncited", "person/gave-up"} {
				if slices.Contains(ids, id) {
					t.Errorf("%s was applied", id)
				}
			}
			for _, c := range byRevision {
				if id := c.ch.Touches()[0]; !slices.Contains(ids, id) {
					t.Errorf("%s, acknowledged, is not stored", id)
				}
			}
			checkWholeStore(t, s)
		})
	}
}

// TestGroupPutsOffWhatDependsOnIt queues a change and one that refers to
// the record it creates: the second is prepared only once the first is
// in the store, and goes in.
func TestGroupPutsOffWhatDependsOnIt(t *testing.T) {
	for _, backend := range backendNames() {
		t.Run(backend, func(t *testing.T) {
			held, release := make(chan struct{}), make(chan struct{})
			var once sync.Once
			var armed atomic.Bool
			s := changeStore(t, backend, Options{beforeApply: func(d []graph.Delta) []graph.Delta {
				if armed.Load() {
					once.Do(func() { close(held); <-release })
				}
				return d
			}})
			armed.Store(true)
			ctx := context.Background()
			var wg sync.WaitGroup
			wg.Go(func() {
				if _, err := s.Apply(ctx, history.Change{Put: history.Dataset{Entities: []history.Entity{newPerson("person/first", "First")}}}, ChangeMeta{}); err != nil {
					t.Errorf("first: %v", err)
				}
			})
			<-held
			var errA, errB error
			wg.Go(func() {
				_, errA = s.Apply(ctx, history.Change{Put: history.Dataset{Entities: []history.Entity{newPerson("person/a", "A")}}}, ChangeMeta{})
			})
			waitFor(t, "a to queue", func() bool { return queueLen(s) == 1 })
			rel := history.Relation{ID: "relation/a-member-nkvd", Subject: "person/a", Type: history.RelMemberOf, Object: "group/nkvd", Citations: []history.Citation{essayCite}}
			wg.Go(func() {
				_, errB = s.Apply(ctx, history.Change{Put: history.Dataset{Relations: []history.Relation{rel}}}, ChangeMeta{})
			})
			waitFor(t, "b to queue", func() bool { return queueLen(s) == 2 })
			close(release)
			wg.Wait()
			if errA != nil || errB != nil {
				t.Fatalf("a: %v; b, which refers to a: %v", errA, errB)
			}
			if s.Revision() != 4 {
				t.Errorf("store at revision %d, want 4", s.Revision())
			}
			checkWholeStore(t, s)
		})
	}
}

// TestGroupIsBounded queues a change larger than a group may grow to and
// small ones behind it: the large one is committed alone, and the small
// ones together after it.
func TestGroupIsBounded(t *testing.T) {
	var (
		mu     sync.Mutex
		events []int // the number of quads each write added, -1 for a commit
	)
	s, held, release, arm := heldStore(t, func(d []graph.Delta) {
		mu.Lock()
		events = append(events, len(d))
		mu.Unlock()
	})
	s.OnCommit(func(Commit) {
		mu.Lock()
		events = append(events, -1)
		mu.Unlock()
	})
	arm()
	ctx := context.Background()
	var wg sync.WaitGroup
	apply := func(ch history.Change) {
		wg.Go(func() {
			if _, err := s.Apply(ctx, ch, ChangeMeta{LastWriteWins: true}); err != nil {
				t.Error(err)
			}
		})
	}
	apply(history.Change{Put: history.Dataset{Entities: []history.Entity{newPerson("person/first", "First")}}})
	<-held
	var large history.Dataset
	for i := range maxGroupQuads / 4 {
		large.Entities = append(large.Entities, newPerson(history.ID(fmt.Sprintf("person/l%d", i)), fmt.Sprintf("L %d", i)))
	}
	apply(history.Change{Put: large})
	waitFor(t, "the large change to queue", func() bool { return queueLen(s) == 1 })
	for i := range 3 {
		apply(history.Change{Put: history.Dataset{Entities: []history.Entity{newPerson(history.ID(fmt.Sprintf("person/s%d", i)), "S")}}})
		waitFor(t, "a small change to queue", func() bool { return queueLen(s) == i+2 })
	}
	close(release)
	wg.Wait()
	mu.Lock()
	defer mu.Unlock()
	// first, then the large one alone, then the three small ones together.
	if len(events) != 10 || events[2] <= maxGroupQuads || events[3] != -1 || events[4] < 0 || events[5] < 0 || events[6] < 0 {
		t.Errorf("writes (quads added) and commits (-1): %v; want the large change committed alone, the small ones together", events)
	}
	if s.Revision() != 6 {
		t.Errorf("store at revision %d, want 6", s.Revision())
	}
}

// TestOnCommitsTellsAGroupAtOnce holds the first change's write until
// three more wait, and checks that OnCommits is told of the first alone
// and of the three together, in revision order, before their Apply calls
// return.
func TestOnCommitsTellsAGroupAtOnce(t *testing.T) {
	var (
		mu   sync.Mutex
		told [][]uint64 // the revisions of each call
	)
	s, held, release, arm := heldStore(t, func([]graph.Delta) {})
	s.OnCommits(func(cs []Commit) {
		var revs []uint64
		for _, c := range cs {
			revs = append(revs, c.Revision)
		}
		mu.Lock()
		told = append(told, revs)
		mu.Unlock()
	})
	arm()
	start := s.Revision()
	ctx := context.Background()
	var wg sync.WaitGroup
	apply := func(id history.ID) {
		wg.Go(func() {
			c, err := s.Apply(ctx, history.Change{Put: history.Dataset{Entities: []history.Entity{newPerson(id, "P")}}}, ChangeMeta{})
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			defer mu.Unlock()
			if last := told[len(told)-1]; last[len(last)-1] < c.Revision {
				t.Errorf("Apply returned revision %d before OnCommits was told of it", c.Revision)
			}
		})
	}
	apply("person/g0")
	<-held
	for i := range 3 {
		apply(history.ID(fmt.Sprintf("person/g%d", i+1)))
		waitFor(t, "a change to queue", func() bool { return queueLen(s) == i+1 })
	}
	close(release)
	wg.Wait()
	mu.Lock()
	defer mu.Unlock()
	want := fmt.Sprint([][]uint64{{start + 1}, {start + 2, start + 3, start + 4}})
	if got := fmt.Sprint(told); got != want {
		t.Errorf("OnCommits told %s, want %s", got, want)
	}
}

// heldStore is a memory store whose first write once armed closes held
// and waits for release, so that the changes that come meanwhile queue;
// wrote sees each write once armed.
func heldStore(t *testing.T, wrote func([]graph.Delta)) (s *Store, held, release chan struct{}, arm func()) {
	held, release = make(chan struct{}), make(chan struct{})
	var (
		once  sync.Once
		armed atomic.Bool
	)
	s = changeStore(t, "memory", Options{beforeApply: func(d []graph.Delta) []graph.Delta {
		if armed.Load() {
			once.Do(func() { close(held); <-release })
			wrote(d)
		}
		return d
	}})
	return s, held, release, func() { armed.Store(true) }
}
