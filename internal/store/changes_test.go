package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/rdfmap"
)

func TestRevisionSurvivesReopening(t *testing.T) {
	for _, backend := range []string{"bbolt", "bolt"} {
		t.Run(backend, func(t *testing.T) {
			dsn := dsnFor(t, backend)
			s := openTest(t, dsn, Options{})
			if s.Revision() != 0 {
				t.Errorf("a new store is at revision %d, want 0", s.Revision())
			}
			mustLoad(t, s, fullDataset())
			ctx := context.Background()
			for i := range 5 {
				p := newPerson(history.ID(fmt.Sprintf("person/p%d", i)), "P")
				if _, err := s.Apply(ctx, history.Change{Put: history.Dataset{Entities: []history.Entity{p}}}, ChangeMeta{}); err != nil {
					t.Fatal(err)
				}
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			s = openTest(t, dsn, Options{})
			if s.Revision() != 6 {
				t.Errorf("reopened at revision %d, want 6", s.Revision())
			}
			c, err := s.Apply(ctx, history.Change{Put: history.Dataset{Entities: []history.Entity{newPerson("person/last", "L")}}}, ChangeMeta{})
			if err != nil || c.Revision != 7 {
				t.Errorf("the next change: %+v, %v; want revision 7", c, err)
			}
		})
	}
}

func TestStoreWithoutRevisions(t *testing.T) {
	// Records written as a store did before it kept revisions: no change
	// labels, no audit record.
	s := openTest(t, dsnFor(t, "bbolt"), Options{})
	m := rdfmap.New(s.base)
	s.mu.Lock()
	err := s.apply(context.Background(), addDeltas(m.Dataset(fullDataset())))
	s.mu.Unlock()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.readRevision(context.Background()); err != nil || s.Revision() != 1 {
		t.Fatalf("revision %d, %v; want 1", s.Revision(), err)
	}
	e := findEntity(rawDataset(t, s), "group/nkvd")
	if e.Revision != 1 {
		t.Errorf("a record without a change reads at revision %d, want 1", e.Revision)
	}
	e.Name = "NKVD of the USSR"
	c, err := s.Apply(context.Background(), history.Change{Put: history.Dataset{Entities: []history.Entity{e}}, Expect: map[history.ID]uint64{e.ID: 1}}, ChangeMeta{})
	if err != nil || c.Revision != 2 {
		t.Errorf("a change: %+v, %v; want revision 2", c, err)
	}
}

func TestLoadIsAChange(t *testing.T) {
	for _, backend := range backendNames() {
		t.Run(backend, func(t *testing.T) {
			s := openTest(t, dsnFor(t, backend), Options{})
			ctx := context.Background()
			at := time.Date(2025, 6, 7, 8, 9, 10, 0, time.UTC)
			res, err := s.LoadWith(ctx, fullDataset(), LoadOptions{Change: ChangeMeta{Author: "ann", Note: "seed/", At: at}})
			if err != nil || res.Revision != 1 {
				t.Fatalf("load: %+v, %v; want revision 1", res, err)
			}
			// Loading again changes nothing, and records no change.
			if res := mustLoad(t, s, fullDataset()); res.Revision != 1 || s.Revision() != 1 {
				t.Errorf("a load of nothing new: %+v, store at %d; want revision 1", res, s.Revision())
			}
			part := syntheticDataset(20)
			if res := mustLoad(t, s, part); res.Revision != 2 {
				t.Errorf("a second load: %+v, want revision 2", res)
			}
			changes, err := s.Changes(ctx, ChangeFilter{})
			if err != nil {
				t.Fatal(err)
			}
			want := []ChangeRecord{
				{Revision: 1, Author: "ann", Operation: "load", Note: "seed/", At: at, Records: fullDataset().Len()},
				{Revision: 2, Operation: "load", Records: part.Len()},
			}
			if len(changes) != 2 {
				t.Fatalf("changes %+v, want %+v", changes, want)
			}
			changes[1].At = time.Time{}
			for i := range want {
				if fmt.Sprint(changes[i]) != fmt.Sprint(want[i]) {
					t.Errorf("change %d = %+v, want %+v", i, changes[i], want[i])
				}
			}
			inPart := map[history.ID]bool{}
			for _, id := range part.IDs() {
				inPart[id] = true
			}
			rawDataset(t, s).EachRecord(func(id history.ID, rev *uint64, _ **history.Retracted) {
				want := uint64(1)
				if inPart[id] {
					want = 2
				}
				if *rev != want {
					t.Errorf("%s at revision %d, want %d", id, *rev, want)
				}
			})
		})
	}
}

func TestChangesFilter(t *testing.T) {
	s := changeStore(t, "bbolt", Options{})
	ctx := context.Background()
	apply := func(ch history.Change, meta ChangeMeta) {
		t.Helper()
		if _, err := s.Apply(ctx, ch, meta); err != nil {
			t.Fatal(err)
		}
	}
	apply(history.Change{Put: history.Dataset{Entities: []history.Entity{newPerson("person/a", "A")}}}, ChangeMeta{Author: "ann", Operation: "createPerson", RequestID: "req-1"})
	apply(history.Change{Put: history.Dataset{Entities: []history.Entity{newPerson("person/b", "B")}}}, ChangeMeta{Author: "bob", Operation: "createPerson", ClientID: "c-1"})
	a := findEntity(rawDataset(t, s), "person/a")
	a.Name = "Anna"
	apply(history.Change{Put: history.Dataset{Entities: []history.Entity{a}}, Expect: map[history.ID]uint64{a.ID: 2}}, ChangeMeta{Author: "bob", Operation: "updatePerson"})
	apply(history.Change{Retract: []history.Retraction{{ID: "person/b", Reason: "invented"}}}, ChangeMeta{Author: "ann", Operation: "retract"})

	revisions := func(f ChangeFilter) []uint64 {
		cs, err := s.Changes(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		var out []uint64
		for _, c := range cs {
			out = append(out, c.Revision)
		}
		return out
	}
	for _, tc := range []struct {
		name string
		f    ChangeFilter
		want []uint64
	}{
		{"all", ChangeFilter{}, []uint64{1, 2, 3, 4, 5}},
		{"since", ChangeFilter{Since: 3}, []uint64{4, 5}},
		{"by", ChangeFilter{By: "bob"}, []uint64{3, 4}},
		{"by and since", ChangeFilter{By: "ann", Since: 2}, []uint64{5}},
		{"id", ChangeFilter{ID: "person/a"}, []uint64{2, 4}},
		{"id and by", ChangeFilter{ID: "person/b", By: "ann"}, []uint64{5}},
		{"limit", ChangeFilter{Limit: 2, Since: 1}, []uint64{2, 3}},
		{"nobody", ChangeFilter{By: "carol"}, nil},
	} {
		if got := revisions(tc.f); !slices.Equal(got, tc.want) {
			t.Errorf("%s: revisions %v, want %v", tc.name, got, tc.want)
		}
	}
	cs, err := s.Changes(ctx, ChangeFilter{Since: 3, Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	c := cs[0]
	if c.Author != "bob" || c.Operation != "updatePerson" || !slices.Equal(c.Touches, []history.ID{"person/a"}) || c.Records != 1 ||
		c.Before.Entities[0].Name != "A" || c.After.Entities[0].Name != "Anna" || c.After.Entities[0].Revision != 4 {
		t.Errorf("change 4 = %+v", c)
	}
}

// seedEnv names the seed TestRandomChanges draws its changes from, to
// replay a failure; by default the seed is the time.
const seedEnv = "MEMORIA_TEST_SEED"

// testSeed returns the seed of a random test: seedEnv's, or the time's.
// It logs the seed so that a failure can be replayed.
func testSeed(t *testing.T) int64 {
	t.Helper()
	seed := time.Now().UnixNano()
	if v := os.Getenv(seedEnv); v != "" {
		var err error
		if seed, err = strconv.ParseInt(v, 10, 64); err != nil {
			t.Fatalf("%s=%q is not a seed: %v", seedEnv, v, err)
		}
	}
	t.Logf("seed %d (replay with %s=%d)", seed, seedEnv, seed)
	return seed
}

// TestRandomChanges applies random changes one by one, keeping beside
// the store what each should leave, and expects the store to hold that,
// and to hold what a new store loaded with its records holds.
// MEMORIA_TEST_SEED=n replays the changes drawn from seed n.
func TestRandomChanges(t *testing.T) {
	seed := testSeed(t)
	for _, backend := range backendNames() {
		t.Run(backend, func(t *testing.T) {
			r := rand.New(rand.NewPCG(uint64(seed), 18))
			s := openTest(t, dsnFor(t, backend), Options{})
			start := fullDataset()
			appendDataset(start, syntheticDataset(40))
			mustLoad(t, s, start)
			ctx := context.Background()
			rounds := 60
			if testing.Short() {
				rounds = 15
			}
			var applied, refused int
			for round := range rounds {
				stored := rawDataset(t, s)
				ch := randomChange(r, stored, round)
				_, err := s.Apply(ctx, ch, ChangeMeta{Author: "random"})
				switch history.ErrorCode(err) {
				case "":
					applied++
				case history.CodeConflict, history.CodeInvalid:
					refused++ // a retraction of what stands records refer to, say
					if got := rawDataset(t, s); diffDatasets(got, stored) != "" {
						t.Fatalf("round %d: a refused change (%v) changed the store", round, err)
					}
				default:
					t.Fatalf("round %d: %v", round, err)
				}
			}
			t.Logf("%d changes applied, %d refused", applied, refused)
			checkWholeStore(t, s)
			checkFile(t, s)
		})
	}
}

// randomChange draws a change to the records of ds: an edit of a record
// or two, a new person and a relation to it, or a retraction.
func randomChange(r *rand.Rand, ds *history.Dataset, round int) history.Change {
	ch := history.Change{Expect: map[history.ID]uint64{}}
	expect := func(id history.ID, rev uint64) { ch.Expect[id] = rev }
	sources := []history.ID{"source/essay", "source/monograph", "source/a", "source/b"}
	cite := func() history.Citation {
		return history.Citation{Source: sources[r.IntN(len(sources))], Locator: fmt.Sprintf("¶%d", 1+r.IntN(9))}
	}
	standing := func(ret *history.Retracted) bool { return ret == nil }
	switch r.IntN(5) {
	case 0: // edit an entity: description, names, citations
		e := ds.Entities[r.IntN(len(ds.Entities))]
		if !standing(e.Retracted) {
			break
		}
		e.Description = fmt.Sprintf("Edited in round %d.", round)
		e.Names = append(slices.Clone(e.Names), history.Name{Text: fmt.Sprintf("Name %d", round), Kind: history.NameVariant, Citations: []history.Citation{cite()}})
		if r.IntN(2) == 0 && len(e.Names) > 1 {
			e.Names = e.Names[1:]
		}
		e.Citations = append([]history.Citation{cite()}, e.Citations...)
		e.Citations = slices.CompactFunc(e.Citations, func(a, b history.Citation) bool { return a == b })
		if slices.Index(e.Citations[1:], e.Citations[0]) >= 0 {
			e.Citations = e.Citations[1:]
		}
		if e.Kind == history.KindGroup || e.Kind == history.KindPlace {
			// An end with a citation of its own, or the record's.
			e.Ended = &history.DatedFact{Date: history.MustParseDate(fmt.Sprintf("19%02d", 50+r.IntN(40))), Citations: []history.Citation{cite()}}
			if r.IntN(2) == 0 {
				e.Ended.Citations = slices.Clone(e.Citations)
			}
		}
		expect(e.ID, e.Revision)
		ch.Put.Entities = append(ch.Put.Entities, e)
	case 1: // edit an event: participants and date
		e := ds.Events[r.IntN(len(ds.Events))]
		if !standing(e.Retracted) {
			break
		}
		if len(e.Participants) > 1 {
			e.Participants = append(slices.Clone(e.Participants[1:]), e.Participants[0])
		}
		e.Date = &history.DatedFact{Date: history.MustParseDate(fmt.Sprintf("19%02d", 10+r.IntN(40))), Citations: []history.Citation{cite()}}
		expect(e.ID, e.Revision)
		ch.Put.Events = append(ch.Put.Events, e)
	case 2: // a new person, and a relation to a standing one
		p := newPerson(history.ID(fmt.Sprintf("person/new-%d", round)), fmt.Sprintf("New %d", round))
		ch.Put.Entities = append(ch.Put.Entities, p)
		expect(p.ID, 0)
		for _, e := range ds.Entities {
			if e.Kind == history.KindPerson && standing(e.Retracted) {
				rel := history.Relation{ID: history.ID(fmt.Sprintf("relation/new-%d", round)), Subject: p.ID, Type: history.RelLed, Object: e.ID, Citations: []history.Citation{cite()}}
				ch.Put.Relations = append(ch.Put.Relations, rel)
				expect(rel.ID, 0)
				// A claim whose value is entities.
				c := history.Claim{ID: history.ID(fmt.Sprintf("claim/new-%d", round)), Subject: p.ID, Property: "met",
					Entities: []history.ID{e.ID, p.ID}, Citations: []history.Citation{cite()}}
				ch.Put.Claims = append(ch.Put.Claims, c)
				expect(c.ID, 0)
				break
			}
		}
	case 3: // edit, retract or state again a relation
		rel := ds.Relations[r.IntN(len(ds.Relations))]
		if !standing(rel.Retracted) {
			break
		}
		switch r.IntN(4) {
		case 0:
			ch.Retract = append(ch.Retract, history.Retraction{ID: rel.ID, Reason: fmt.Sprintf("round %d", round), Citations: []history.Citation{cite()}})
			return ch
		case 1: // its direct triple, from one of its sources or another
			twin := history.Relation{ID: history.ID(fmt.Sprintf("relation/twin-%d", round)), Subject: rel.Subject, Type: rel.Type, Object: rel.Object,
				Citations: []history.Citation{cite()}}
			if r.IntN(2) == 0 && len(rel.Citations) > 0 {
				twin.Citations[0] = rel.Citations[0]
			}
			expect(twin.ID, 0)
			ch.Put.Relations = append(ch.Put.Relations, twin)
			return ch
		case 2: // onto the direct triple of another
			if o := ds.Relations[r.IntN(len(ds.Relations))]; standing(o.Retracted) {
				rel.Subject, rel.Type, rel.Object = o.Subject, o.Type, o.Object
			}
		}
		rel.Citations = []history.Citation{cite()}
		rel.Note = fmt.Sprintf("Note %d", round)
		// A start that cites the relation's source, an end that cites
		// another.
		rel.Start = &history.DatedFact{Date: history.MustParseDate(fmt.Sprintf("19%02d", 20+r.IntN(10))), Citations: slices.Clone(rel.Citations)}
		rel.End = &history.DatedFact{Date: history.MustParseDate(fmt.Sprintf("19%02d", 30+r.IntN(10))), Citations: []history.Citation{cite()}}
		expect(rel.ID, rel.Revision)
		ch.Put.Relations = append(ch.Put.Relations, rel)
	case 4: // edit or retract a claim, or retract an entity and the relations about it
		if k := r.IntN(3); k < 2 {
			c := ds.Claims[r.IntN(len(ds.Claims))]
			switch {
			case !standing(c.Retracted):
			case k == 0:
				ch.Retract = append(ch.Retract, history.Retraction{ID: c.ID, Reason: "round"})
			default: // the time it refers to, cited on its own
				c.Time = &history.DatedFact{Date: history.MustParseDate(fmt.Sprintf("19%02d", 30+r.IntN(20))), Citations: []history.Citation{cite()}}
				expect(c.ID, c.Revision)
				ch.Put.Claims = append(ch.Put.Claims, c)
			}
			break
		}
		e := ds.Entities[r.IntN(len(ds.Entities))]
		if !standing(e.Retracted) {
			break
		}
		ch.Retract = append(ch.Retract, history.Retraction{ID: e.ID, Reason: "round"})
		for _, rel := range ds.Relations {
			if (rel.Subject == e.ID || rel.Object == e.ID) && standing(rel.Retracted) {
				ch.Retract = append(ch.Retract, history.Retraction{ID: rel.ID, Reason: "round"})
			}
		}
	}
	return ch
}
