package graph_test

import (
	"context"
	"fmt"

	"github.com/memoria-history/memoria/internal/graph"
	"github.com/memoria-history/memoria/internal/history"
)

func ExampleIndex_ShortestPath() {
	cite := []history.Citation{{Source: "source/essay", Locator: "¶9"}}
	ds := &history.Dataset{
		Entities: []history.Entity{
			{ID: "person/joseph-stalin", Kind: history.KindPerson, Name: "Joseph Stalin"},
			{ID: "person/nikolai-yezhov", Kind: history.KindPerson, Name: "Nikolai Yezhov"},
			{ID: "person/lavrentiy-beria", Kind: history.KindPerson, Name: "Lavrentiy Beria"},
		},
		Events: []history.Event{{
			ID: "event/yezhov-appointment", Name: "Yezhov appointed head of the NKVD",
			Date: &history.DatedFact{Date: history.MustParseDate("1936-09-26")},
			Participants: []history.Participation{
				{Entity: "person/joseph-stalin", Role: history.RoleOrdered, Citations: cite},
				{Entity: "person/nikolai-yezhov", Role: history.RoleAppointee, Citations: cite},
			},
		}},
		Relations: []history.Relation{{
			ID: "relation/beria-deputy-of-yezhov", Subject: "person/lavrentiy-beria", Type: history.RelDeputyOf, Object: "person/nikolai-yezhov",
			Start: &history.DatedFact{Date: history.MustParseDate("1938-08-22"), Citations: cite},
			End:   &history.DatedFact{Date: history.MustParseDate("1938-11-25"), Citations: cite}, Citations: cite,
		}},
	}
	ix := graph.Build(ds)
	p, found, err := ix.ShortestPath(context.Background(), "person/joseph-stalin", "person/lavrentiy-beria", 4, graph.Filter{})
	if err != nil || !found {
		fmt.Println(found, err)
		return
	}
	for _, s := range p.Steps {
		fmt.Printf("%s -> %s: %s %s (%s, %s)\n", s.From, s.To, s.Edge.Label, s.Edge.Role, s.Edge.Time, s.Edge.Citations[0])
	}
	// Output:
	// person/joseph-stalin -> event/yezhov-appointment: participant ordered (1936-09-26, source/essay ¶9)
	// event/yezhov-appointment -> person/nikolai-yezhov: participant appointee (1936-09-26, source/essay ¶9)
	// person/nikolai-yezhov -> person/lavrentiy-beria: deputy-of  (1938-08-22/1938-11-25, source/essay ¶9)
}
