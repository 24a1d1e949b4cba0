package store

// A relation's direct triple (A m:led B, in the graph of each source the
// relation cites) is shared: two relations between the same parties
// citing the same source both state it, and it is stored once. A change
// removes such a quad only when no record left standing or written by
// the change still states it.

import (
	"context"
	"slices"
	"testing"

	"github.com/memoria-history/memoria/internal/history"
)

// TestSharedQuadsStay changes one of two relations that state the same
// direct triple from the same source: the triple stays while the other
// states it, and goes with the last.
func TestSharedQuadsStay(t *testing.T) {
	for _, backend := range backendNames() {
		t.Run(backend, func(t *testing.T) {
			s := changeStore(t, backend, Options{})
			ctx := context.Background()
			const shared = "<https://w3id.org/memoria/person/nikolai-yezhov> <https://w3id.org/memoria/vocab#led> <https://w3id.org/memoria/group/nkvd> <https://w3id.org/memoria/source/essay> ."
			holds := func() bool { return slices.Contains(storedQuads(t, s), shared) }
			if !holds() {
				t.Fatal("the shared quad is not stored")
			}
			r := findRelation(rawDataset(t, s), "relation/yezhov-led-nkvd-again")
			r.Citations = []history.Citation{monoCite}
			if _, err := s.Apply(ctx, history.Change{Put: history.Dataset{Relations: []history.Relation{r}}, Expect: map[history.ID]uint64{r.ID: 1}}, ChangeMeta{}); err != nil {
				t.Fatal(err)
			}
			if !holds() {
				t.Error("the quad went, though relation/yezhov-led-nkvd still states it")
			}
			r = findRelation(rawDataset(t, s), "relation/yezhov-led-nkvd")
			r.Citations = []history.Citation{monoCite}
			if _, err := s.Apply(ctx, history.Change{Put: history.Dataset{Relations: []history.Relation{r}}, Expect: map[history.ID]uint64{r.ID: 1}}, ChangeMeta{}); err != nil {
				t.Fatal(err)
			}
			if holds() {
				t.Error("the quad stayed, though no relation states it")
			}
			checkWholeStore(t, s)
		})
	}
}

// directTriple is the N-Quad of a relation's direct triple: subject,
// predicate (a term of the vocabulary) and object are ids, in the graph of
// source.
func directTriple(subject, predicate, object, source string) string {
	const base = "https://w3id.org/memoria/"
	return "<" + base + subject + "> <" + base + "vocab#" + predicate + "> <" + base + object + "> <" + base + source + "> ."
}

// TestSharedQuadsOfAChangedRelation changes relation/yezhov-led-nkvd,
// which states `yezhov led nkvd` from the essay and from the monograph,
// while relation/yezhov-led-nkvd-again states it from the essay only:
// whatever the change, the essay's quad stays and the monograph's goes
// with the last relation that states it. (TestRandomChanges found the
// monograph's quad kept when the relation's first quad, the essay's,
// was stated elsewhere.)
func TestSharedQuadsOfAChangedRelation(t *testing.T) {
	var (
		ledEssay = directTriple("person/nikolai-yezhov", "led", "group/nkvd", "source/essay")
		ledMono  = directTriple("person/nikolai-yezhov", "led", "group/nkvd", "source/monograph")
	)
	letter := history.Source{ID: "source/letter", Title: "A letter", Kind: history.SourceDatabase}
	// fromBoth is a direct triple from the essay and from the monograph.
	fromBoth := func(subject, predicate string) []string {
		return []string{directTriple(subject, predicate, "group/nkvd", "source/essay"), directTriple(subject, predicate, "group/nkvd", "source/monograph")}
	}
	// cites makes r and its dates cite c alone.
	cites := func(c history.Citation) func(r *history.Relation) {
		return func(r *history.Relation) {
			r.Citations = []history.Citation{c}
			for _, f := range []*history.DatedFact{r.Start, r.End} {
				if f != nil {
					f.Citations = []history.Citation{c}
				}
			}
		}
	}
	cases := []struct {
		name string
		// edit and editAgain change relation/yezhov-led-nkvd and
		// relation/yezhov-led-nkvd-again; nil leaves one out of the
		// change. The change puts sources too.
		edit, editAgain func(r *history.Relation)
		sources         []history.Source
		gone, kept      []string
	}{
		{
			name: "its type changes",
			edit: func(r *history.Relation) { r.Type = history.RelMemberOf },
			gone: []string{ledMono},
			kept: append(fromBoth("person/nikolai-yezhov", "memberOf"), ledEssay),
		},
		{
			name: "its subject changes",
			edit: func(r *history.Relation) { r.Subject = "person/genrikh-yagoda" },
			gone: []string{ledMono},
			kept: append(fromBoth("person/genrikh-yagoda", "led"), ledEssay),
		},
		{
			name:    "it cites a source put in the same change",
			edit:    cites(history.Citation{Source: letter.ID, Locator: "l. 2"}),
			sources: []history.Source{letter},
			gone:    []string{ledMono},
			kept:    []string{ledEssay, directTriple("person/nikolai-yezhov", "led", "group/nkvd", "source/letter")},
		},
		{
			// The monograph's quad is stored already: written again, it
			// would count references to its nodes that no quad holds.
			name:      "the other relation comes to state it too",
			editAgain: cites(monoCite),
			kept:      []string{ledEssay, ledMono},
		},
		{
			name:      "the other relation changes with it",
			edit:      func(r *history.Relation) { r.Type = history.RelMemberOf },
			editAgain: cites(monoCite),
			gone:      []string{ledEssay},
			kept:      []string{ledMono},
		},
	}
	for _, backend := range backendNames() {
		for _, c := range cases {
			t.Run(backend+"/"+c.name, func(t *testing.T) {
				s := changeStore(t, backend, Options{})
				stored := rawDataset(t, s)
				ch := history.Change{Put: history.Dataset{Sources: c.sources}, Expect: map[history.ID]uint64{}}
				for _, src := range c.sources {
					ch.Expect[src.ID] = 0
				}
				for i, edit := range []func(*history.Relation){c.edit, c.editAgain} {
					if edit != nil {
						r := findRelation(stored, []history.ID{"relation/yezhov-led-nkvd", "relation/yezhov-led-nkvd-again"}[i])
						edit(&r)
						ch.Put.Relations = append(ch.Put.Relations, r)
						ch.Expect[r.ID] = r.Revision
					}
				}
				if _, err := s.Apply(context.Background(), ch, ChangeMeta{}); err != nil {
					t.Fatal(err)
				}
				quads := storedQuads(t, s)
				for _, q := range c.gone {
					if slices.Contains(quads, q) {
						t.Errorf("%s stayed, though no relation states it", q)
					}
				}
				for _, q := range c.kept {
					if !slices.Contains(quads, q) {
						t.Errorf("%s went, though a relation states it", q)
					}
				}
				checkWholeStore(t, s)
				checkFile(t, s)
			})
		}
	}
}

// TestSharedQuadLoadedAgain loads a relation that states a direct triple
// that a stored relation states already, from the same source.
func TestSharedQuadLoadedAgain(t *testing.T) {
	for _, backend := range backendNames() {
		t.Run(backend, func(t *testing.T) {
			s := changeStore(t, backend, Options{})
			third := history.Relation{ID: "relation/yezhov-led-nkvd-third", Subject: "person/nikolai-yezhov", Type: history.RelLed,
				Object: "group/nkvd", Citations: []history.Citation{essayCite}}
			mustLoad(t, s, &history.Dataset{Relations: []history.Relation{third}})
			if q := directTriple("person/nikolai-yezhov", "led", "group/nkvd", "source/essay"); !slices.Contains(storedQuads(t, s), q) {
				t.Errorf("%s is not stored", q)
			}
			checkWholeStore(t, s)
			checkFile(t, s)
		})
	}
}

// checkFile closes a store kept in a file and expects Check to find the
// file whole; a store in memory is left alone.
func checkFile(t *testing.T, s *Store) {
	t.Helper()
	if s.file == "" {
		return
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	rep, err := Check(context.Background(), "bbolt:"+s.file)
	if err != nil || rep.Damaged() {
		t.Errorf("check the store's file: %v, %v", err, rep.Damage)
	}
}
