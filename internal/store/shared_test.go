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
