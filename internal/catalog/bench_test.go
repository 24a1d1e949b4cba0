package catalog

import (
	"fmt"
	"testing"

	"github.com/memoria-history/memoria/internal/history"
)

// BenchmarkNew indexes a register's worth of records that all cite one
// source, as a dataset drawn from a single document does: n people, an
// event for every ten with ten participants, and a claim about every other
// person. A list kept per source once made this quadratic in the source's
// claims.
func BenchmarkNew(b *testing.B) {
	const n = 100_000
	src := history.ID("source/register")
	ds := &history.Dataset{Sources: []history.Source{{ID: src}}}
	for i := range n {
		ds.Entities = append(ds.Entities, history.Entity{ID: history.ID(fmt.Sprintf("person/p%07d", i)), Kind: history.KindPerson,
			Name: fmt.Sprintf("Person %d", i), Citations: cite(string(src), fmt.Sprintf("entry %d", i))})
	}
	for i := range n / 10 {
		e := event(fmt.Sprintf("event/e%06d", i), fmt.Sprintf("19%02d", 20+i%40))
		for j := range 10 {
			e.Participants = append(e.Participants, history.Participation{Entity: ds.Entities[i*10+j].ID, Role: "victim", Citations: cite(string(src), "")})
		}
		ds.Events = append(ds.Events, e)
	}
	for i := range n / 2 {
		ds.Claims = append(ds.Claims, history.Claim{ID: history.ID(fmt.Sprintf("claim/c%06d", i)), Subject: ds.Entities[i*2].ID, Property: "born",
			Citations: cite(string(src), fmt.Sprintf("entry %d", i*2))})
	}
	b.ResetTimer()
	for b.Loop() {
		New(ds)
	}
}
