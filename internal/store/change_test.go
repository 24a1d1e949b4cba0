package store

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cayleygraph/cayley/graph"

	"github.com/memoria-history/memoria/internal/history"
)

// changeStore opens a store of backend holding fullDataset, loaded as
// change 1.
func changeStore(t *testing.T, backend string, opts Options) *Store {
	t.Helper()
	s := openTest(t, dsnFor(t, backend), opts)
	mustLoad(t, s, fullDataset())
	return s
}

// findEntity returns the entity id of ds; a test that asks for one that
// is not there is wrong, and panics.
func findEntity(ds *history.Dataset, id history.ID) history.Entity {
	for _, e := range ds.Entities {
		if e.ID == id {
			return e
		}
	}
	panic("no entity " + id)
}

func findRelation(ds *history.Dataset, id history.ID) history.Relation {
	for _, r := range ds.Relations {
		if r.ID == id {
			return r
		}
	}
	panic("no relation " + id)
}

var (
	essayCite = cite("source/essay", "¶3")
	monoCite  = cite("source/monograph", "p. 112")
)

// newPerson is a valid person record that the stored records do not hold.
func newPerson(id history.ID, name string) history.Entity {
	return history.Entity{ID: id, Kind: history.KindPerson, Name: name, Citations: []history.Citation{essayCite}}
}

// changeCase is one change applied to a store holding fullDataset (at
// revision 1), and what it must do.
type changeCase struct {
	name string
	// change builds the change from the stored records.
	change func(stored *history.Dataset) history.Change
	meta   ChangeMeta
	// code is the error's code, "" for success; words are in the error.
	code  history.Code
	words []string
	// check looks at the store after a successful change.
	check func(t *testing.T, s *Store, c Commit)
}

func changeCases() []changeCase {
	return []changeCase{
		{
			name: "create a person",
			change: func(*history.Dataset) history.Change {
				return history.Change{Put: history.Dataset{Entities: []history.Entity{newPerson("person/nikolai-bukharin", "Nikolai Bukharin")}},
					Expect: map[history.ID]uint64{"person/nikolai-bukharin": 0}}
			},
			check: func(t *testing.T, s *Store, c Commit) {
				if c.Revision != 2 || s.Revision() != 2 {
					t.Errorf("revision %d, store at %d; want 2", c.Revision, s.Revision())
				}
				if got := findEntity(rawDataset(t, s), "person/nikolai-bukharin"); got.Revision != 2 || got.Name != "Nikolai Bukharin" {
					t.Errorf("stored %+v, want revision 2", got)
				}
				if c.Before.Len() != 0 || c.After.Len() != 1 || c.After.Entities[0].Revision != 2 {
					t.Errorf("commit before %d records, after %+v; want none and the new person at revision 2", c.Before.Len(), c.After)
				}
			},
		},
		{
			name: "update a person read at its revision",
			change: func(ds *history.Dataset) history.Change {
				e := findEntity(ds, "person/nikolai-yezhov")
				e.Description = "People's Commissar for Internal Affairs."
				e.Names = append([]history.Name{{Text: "Jeschow", Kind: history.NameTransliteration, Lang: "de", Citations: []history.Citation{monoCite}}}, e.Names...)
				e.Citations = append([]history.Citation{cite("source/essay", "¶1")}, e.Citations...)
				return history.Change{Put: history.Dataset{Entities: []history.Entity{e}}, Expect: map[history.ID]uint64{e.ID: e.Revision}}
			},
			check: func(t *testing.T, s *Store, c Commit) {
				got := findEntity(rawDataset(t, s), "person/nikolai-yezhov")
				if got.Revision != 2 || got.Description != "People's Commissar for Internal Affairs." || got.Names[0].Text != "Jeschow" || got.Citations[0].Locator != "¶1" {
					t.Errorf("stored %+v", got)
				}
				if !equalContent(findEntity(c.After, got.ID), got) {
					t.Errorf("commit after %+v, stored %+v", c.After.Entities[0], got)
				}
				if c.Before.Entities[0].Revision != 1 || c.Before.Entities[0].Description != "Head of the NKVD, 1936–1938." {
					t.Errorf("commit before %+v", c.Before.Entities[0])
				}
			},
		},
		{
			name: "update without the revision read",
			change: func(ds *history.Dataset) history.Change {
				e := findEntity(ds, "group/nkvd")
				e.Name = "People's Commissariat"
				return history.Change{Put: history.Dataset{Entities: []history.Entity{e}}}
			},
			code: history.CodeConflict, words: []string{"group/nkvd exists, at revision 1"},
		},
		{
			name: "last write wins",
			change: func(ds *history.Dataset) history.Change {
				e := findEntity(ds, "group/nkvd")
				e.Name = "People's Commissariat"
				return history.Change{Put: history.Dataset{Entities: []history.Entity{e}}}
			},
			meta: ChangeMeta{LastWriteWins: true},
			check: func(t *testing.T, s *Store, c Commit) {
				if got := findEntity(rawDataset(t, s), "group/nkvd"); got.Name != "People's Commissariat" {
					t.Errorf("stored %+v", got)
				}
			},
		},
		{
			name: "stale revision",
			change: func(ds *history.Dataset) history.Change {
				e := findEntity(ds, "group/nkvd")
				e.Name = "NKVD of the USSR"
				return history.Change{Put: history.Dataset{Entities: []history.Entity{e}}, Expect: map[history.ID]uint64{e.ID: 7}}
			},
			code: history.CodeConflict, words: []string{"group/nkvd is at revision 1, expected 7"},
		},
		{
			name: "create what exists",
			change: func(*history.Dataset) history.Change {
				p := newPerson("person/genrikh-yagoda", "Yagoda")
				return history.Change{Put: history.Dataset{Entities: []history.Entity{p}}, Expect: map[history.ID]uint64{p.ID: 0}}
			},
			code: history.CodeConflict, words: []string{"person/genrikh-yagoda exists, at revision 1, expected not to"},
		},
		{
			name: "retract a relation",
			change: func(*history.Dataset) history.Change {
				return history.Change{Retract: []history.Retraction{{ID: "relation/yezhov-led-nkvd-again", Reason: "the essay gives no date", Citations: []history.Citation{monoCite}}}}
			},
			meta: ChangeMeta{At: time.Date(2025, 3, 4, 5, 6, 7, 0, time.UTC)},
			check: func(t *testing.T, s *Store, c Commit) {
				got := findRelation(rawDataset(t, s), "relation/yezhov-led-nkvd-again")
				want := &history.Retracted{Reason: "the essay gives no date", Citations: []history.Citation{monoCite}, Revision: 2, At: time.Date(2025, 3, 4, 5, 6, 7, 0, time.UTC)}
				if got.Retracted == nil || got.Retracted.Reason != want.Reason || !slices.Equal(got.Retracted.Citations, want.Citations) || got.Retracted.Revision != 2 || !got.Retracted.At.Equal(want.At) || got.Revision != 2 {
					t.Errorf("stored %+v, retraction %+v; want %+v", got, got.Retracted, want)
				}
				// The record is kept whole.
				if got.Note != "" || got.Start.When().EDTF != "1937" || len(got.Citations) != 1 {
					t.Errorf("the retracted relation lost content: %+v", got)
				}
			},
		},
		{
			name: "retract twice",
			change: func(*history.Dataset) history.Change {
				return history.Change{Retract: []history.Retraction{{ID: "relation/yezhov-led-nkvd", Reason: "a"}, {ID: "relation/yezhov-led-nkvd", Reason: "b"}}}
			},
			code: history.CodeInvalid, words: []string{"retracts the record twice"},
		},
		{
			name: "retract what does not exist",
			change: func(*history.Dataset) history.Change {
				return history.Change{Retract: []history.Retraction{{ID: "relation/nothing", Reason: "a"}}}
			},
			code: history.CodeNotFound, words: []string{"relation/nothing"},
		},
		{
			name: "retract without a reason",
			change: func(*history.Dataset) history.Change {
				return history.Change{Retract: []history.Retraction{{ID: "relation/yezhov-led-nkvd"}}}
			},
			code: history.CodeInvalid, words: []string{"a retraction needs a reason"},
		},
		{
			name: "retract what standing records refer to",
			change: func(*history.Dataset) history.Change {
				return history.Change{Retract: []history.Retraction{{ID: "person/genrikh-yagoda", Reason: "duplicate"}}}
			},
			code: history.CodeConflict, words: []string{"person/genrikh-yagoda:", "event/yagoda-arrest", "relation/yagoda-member-nkvd", "relation/yezhov-succeeded-yagoda"},
		},
		{
			name: "retract a source still cited",
			change: func(*history.Dataset) history.Change {
				return history.Change{Retract: []history.Retraction{{ID: "source/essay", Reason: "forged"}}}
			},
			code: history.CodeConflict, words: []string{"source/essay:", "person/nikolai-yezhov"},
		},
		{
			name: "retract a claim with the claims that contradict it",
			change: func(*history.Dataset) history.Change {
				return history.Change{Retract: []history.Retraction{
					{ID: "claim/yezhov-arrest-other", Reason: "misread"},
					{ID: "claim/yezhov-arrest-date", Reason: "misread"},
				}}
			},
			check: func(t *testing.T, s *Store, c Commit) {
				if c.After.Len() != 2 || c.After.Claims[0].Retracted == nil || c.After.Claims[1].Retracted == nil {
					t.Errorf("commit after %+v", c.After)
				}
			},
		},
		{
			name: "refer to a retracted record",
			change: func(ds *history.Dataset) history.Change {
				r := findRelation(ds, "relation/yezhov-led-nkvd")
				return history.Change{
					Put:     history.Dataset{Relations: []history.Relation{{ID: "relation/new", Subject: "person/genrikh-yagoda", Type: history.RelRivalOf, Object: "person/nikolai-yezhov", Citations: []history.Citation{essayCite}}}},
					Retract: []history.Retraction{{ID: r.ID, Reason: "x"}},
					Expect:  map[history.ID]uint64{"relation/new": 0},
				}
			},
			check: func(t *testing.T, s *Store, c Commit) {},
		},
		{
			name: "uncited, dangling and duplicate records refused as validate refuses them",
			change: func(*history.Dataset) history.Change {
				p := newPerson("person/lev-kamenev", "Lev Kamenev")
				p.Citations = nil
				return history.Change{Put: history.Dataset{
					Entities:  []history.Entity{p, newPerson("person/x", "X"), newPerson("person/x", "X again")},
					Relations: []history.Relation{{ID: "relation/r", Subject: "person/genrikh-yagod", Type: history.RelRivalOf, Object: "person/x", Citations: []history.Citation{essayCite}}},
				}, Expect: map[history.ID]uint64{"person/lev-kamenev": 0, "person/x": 0, "relation/r": 0}}
			},
			code: history.CodeInvalid, words: []string{"uncited statement", `"person/genrikh-yagod" does not exist`, "duplicate id: two records have it"},
		},
		{
			name: "a put of what is stored changes nothing",
			change: func(ds *history.Dataset) history.Change {
				e := findEntity(ds, "place/moscow")
				return history.Change{Put: history.Dataset{Entities: []history.Entity{e}}, Expect: map[history.ID]uint64{e.ID: e.Revision}}
			},
			check: func(t *testing.T, s *Store, c Commit) {
				if c.Revision != 1 || s.Revision() != 1 || c.After.Len() != 0 {
					t.Errorf("commit %+v, store at %d; want revision 1 and nothing written", c, s.Revision())
				}
			},
		},
	}
}

// equalContent reports whether two records say the same, revisions aside.
func equalContent(a, b history.Entity) bool {
	c := canon{}
	x, y := c.entity(a), c.entity(b)
	return strings.TrimSpace(x.Description) == strings.TrimSpace(y.Description) && x.Name == y.Name && slices.EqualFunc(x.Names, y.Names, func(p, q history.Name) bool {
		return p.Text == q.Text && p.Kind == q.Kind && p.Lang == q.Lang && slices.Equal(p.Citations, q.Citations)
	}) && slices.Equal(x.Citations, y.Citations)
}

func TestApply(t *testing.T) {
	for _, backend := range backendNames() {
		for _, tc := range changeCases() {
			t.Run(backend+"/"+tc.name, func(t *testing.T) {
				s := changeStore(t, backend, Options{})
				before := storedQuads(t, s)
				c, err := s.Apply(context.Background(), tc.change(rawDataset(t, s)), tc.meta)
				if tc.code != "" {
					wantCode(t, err, tc.code, tc.words...)
					if got := storedQuads(t, s); !slices.Equal(got, before) {
						t.Errorf("a refused change changed the store: %s", firstDiff(got, before))
					}
					if s.Revision() != 1 {
						t.Errorf("a refused change moved the revision to %d", s.Revision())
					}
					return
				}
				if err != nil {
					t.Fatalf("Apply: %v", err)
				}
				tc.check(t, s, c)
				checkWholeStore(t, s)
			})
		}
	}
}

// checkWholeStore expects the records of s to be what a fresh store
// loaded with them holds: the same records, and the same quads but for
// the audit records and the changes that wrote each record.
func checkWholeStore(t *testing.T, s *Store) {
	t.Helper()
	got := rawDataset(t, s)
	fresh := openTest(t, "memory:", Options{})
	mustLoad(t, fresh, got)
	if d := diffDatasets(mustDataset(t, fresh), canon{}.dataset(got)); d != "" {
		t.Errorf("the records loaded into a new store read otherwise:\n%s", d)
	}
	if a, b := recordQuads(t, s), recordQuads(t, fresh); !slices.Equal(a, b) {
		t.Errorf("the store holds %d quads of records, a new store loaded with them %d: %s", len(a), len(b), firstDiff(a, b))
	}
}

// recordQuads are the stored quads of records, without the audit records
// and the labels that name changes.
func recordQuads(t *testing.T, s *Store) []string {
	var out []string
	for _, q := range storedQuads(t, s) {
		if strings.HasPrefix(q, "<https://w3id.org/memoria/change/") {
			continue
		}
		if i := strings.Index(q, " <https://w3id.org/memoria/change/"); i >= 0 {
			q = q[:i] + " ."
		}
		out = append(out, q)
	}
	slices.Sort(out)
	return out
}

func TestApplyReplaysAClientMutation(t *testing.T) {
	for _, backend := range backendNames() {
		t.Run(backend, func(t *testing.T) {
			s := changeStore(t, backend, Options{})
			ctx := context.Background()
			ch := history.Change{Put: history.Dataset{Entities: []history.Entity{newPerson("person/lev-kamenev", "Lev Kamenev")}}, Expect: map[history.ID]uint64{"person/lev-kamenev": 0}}
			meta := ChangeMeta{Author: "curator", ClientID: "8d3c", Operation: "createPerson"}
			first, err := s.Apply(ctx, ch, meta)
			if err != nil {
				t.Fatal(err)
			}
			again, err := s.Apply(ctx, ch, meta)
			if err != nil {
				t.Fatalf("the retry: %v", err)
			}
			if !again.Replayed || again.Revision != first.Revision || !equalContent(again.After.Entities[0], first.After.Entities[0]) || s.Revision() != 2 {
				t.Errorf("retry = %+v, first = %+v, store at %d; want the first result, replayed, and one change", again, first, s.Revision())
			}
			// Another author's id is another mutation: this one conflicts.
			_, err = s.Apply(ctx, ch, ChangeMeta{Author: "other", ClientID: "8d3c"})
			wantCode(t, err, history.CodeConflict, "exists")
		})
	}
}

func TestFailedChangeLeavesTheStore(t *testing.T) {
	for _, backend := range backendNames() {
		t.Run(backend, func(t *testing.T) {
			var fail atomic.Bool
			s := changeStore(t, backend, Options{beforeApply: func(d []graph.Delta) []graph.Delta {
				if fail.Load() {
					return failHalfWay(d)
				}
				return d
			}})
			ctx := context.Background()
			before, beforeDS := storedQuads(t, s), rawDataset(t, s)
			e := findEntity(beforeDS, "person/nikolai-yezhov")
			e.Names = e.Names[1:]
			e.Description = "changed"
			ch := history.Change{Put: history.Dataset{Entities: []history.Entity{e, newPerson("person/new", "New")}}, Expect: map[history.ID]uint64{e.ID: 1, "person/new": 0}}
			fail.Store(true)
			_, err := s.Apply(ctx, ch, ChangeMeta{})
			wantCode(t, err, history.CodeInternal, "write")
			if got := storedQuads(t, s); !slices.Equal(got, before) {
				t.Errorf("a failed change changed the store: %s", firstDiff(got, before))
			}
			if d := diffDatasets(rawDataset(t, s), beforeDS); d != "" || s.Revision() != 1 {
				t.Errorf("a failed change changed the records (revision %d):\n%s", s.Revision(), d)
			}
			fail.Store(false)
			if _, err := s.Apply(ctx, ch, ChangeMeta{}); err != nil {
				t.Fatalf("the change once the failure is gone: %v", err)
			}
			checkWholeStore(t, s)
		})
	}
}

func TestApplyReadOnly(t *testing.T) {
	dsn := dsnFor(t, "bbolt")
	s := openTest(t, dsn, Options{})
	mustLoad(t, s, fullDataset())
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	ro := openTest(t, dsn, Options{ReadOnly: true})
	_, err := ro.Apply(context.Background(), history.Change{Put: history.Dataset{Entities: []history.Entity{newPerson("person/a", "A")}}}, ChangeMeta{})
	wantCode(t, err, history.CodeConflict, "read-only")
	if !errors.Is(err, ErrReadOnly) {
		t.Errorf("error %v is not ErrReadOnly", err)
	}
	if ro.Revision() != 1 {
		t.Errorf("a read-only store reads revision %d, want 1", ro.Revision())
	}
}

// TestWritesAreSynced checks that nothing turns off bolt's sync at commit,
// on which Apply's promise rests: a change is on disk once it returns.
func TestWritesAreSynced(t *testing.T) {
	s := openTest(t, dsnFor(t, "bbolt"), Options{})
	db := s.bboltDB()
	if db == nil || db.NoSync || db.NoGrowSync {
		t.Fatalf("bbolt opened with NoSync %v, NoGrowSync %v; want both off", db != nil && db.NoSync, db != nil && db.NoGrowSync)
	}
}
