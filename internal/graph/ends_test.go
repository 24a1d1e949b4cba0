package graph

import (
	"context"
	"reflect"
	"testing"

	"github.com/memoria-history/memoria/internal/history"
)

// endsDataset has a relation that ends with its subject's death, one that
// ends with its object's dissolution, one with an end of its own, and a
// cause stated by both of its events.
func endsDataset() *history.Dataset {
	d := history.MustParseDate
	cite := func(loc string) []history.Citation { return []history.Citation{{Source: "source/s", Locator: loc}} }
	fact := func(s, loc string) *history.DatedFact { return &history.DatedFact{Date: d(s), Citations: cite(loc)} }
	return &history.Dataset{
		Sources: []history.Source{{ID: "source/s", Title: "S", Kind: history.SourceMonograph}},
		Entities: []history.Entity{
			{ID: "person/stalin", Kind: history.KindPerson, Name: "Stalin", Died: fact("1953-03-05", "p. 1"), Citations: cite("p. 1")},
			{ID: "person/beria", Kind: history.KindPerson, Name: "Beria", Died: fact("1953-12-23", "p. 2"), Citations: cite("p. 2")},
			{ID: "group/party", Kind: history.KindGroup, Name: "Party", Type: "party", Citations: cite("p. 3")},
			{ID: "group/nkvd", Kind: history.KindGroup, Name: "NKVD", Type: "police", Ended: fact("1946-03-15", "p. 4"), Citations: cite("p. 4")},
		},
		Events: []history.Event{
			{ID: "event/a", Name: "A", Type: "policy", Date: fact("1929", "p. 5"), Citations: cite("p. 5"),
				Participants: []history.Participation{{Entity: "person/stalin", Role: history.RoleOrdered, Citations: cite("p. 5")}},
				Consequences: []history.Link{{Target: "event/b", Citations: cite("p. 6")}}},
			{ID: "event/b", Name: "B", Type: "famine", Date: fact("1932/1933", "p. 7"), Citations: cite("p. 7"),
				Participants: []history.Participation{{Entity: "group/party", Role: history.RoleSubject, Citations: cite("p. 7")}},
				Causes:       []history.Link{{Target: "event/a", Citations: cite("p. 8")}}},
		},
		Relations: []history.Relation{
			{ID: "relation/stalin-led-party", Subject: "person/stalin", Type: history.RelLed, Object: "group/party", Start: fact("1922-04", "p. 9"), Citations: cite("p. 9")},
			{ID: "relation/stalin-member-nkvd", Subject: "person/stalin", Type: history.RelMemberOf, Object: "group/nkvd", Citations: cite("p. 10")},
			{ID: "relation/beria-led-nkvd", Subject: "person/beria", Type: history.RelLed, Object: "group/nkvd", Start: fact("1938-11-25", "p. 11"), End: fact("1945-12", "p. 12"), Citations: cite("p. 11")},
		},
	}
}

func TestRelationsEndWithTheirParties(t *testing.T) {
	ix := Build(endsDataset())
	byID := func(id history.ID) Edge {
		t.Helper()
		es, err := ix.Edges("person/stalin", Filter{})
		if err != nil {
			t.Fatal(err)
		}
		more, _ := ix.Edges("person/beria", Filter{})
		for _, e := range append(es, more...) {
			if e.Statement == id {
				return e
			}
		}
		t.Fatalf("no edge %s", id)
		return Edge{}
	}
	tests := []struct {
		id          history.ID
		time        string
		derivedFrom history.ID
		cites       []history.Citation
	}{
		{"relation/stalin-led-party", "1922-04/1953-03-05", "person/stalin", []history.Citation{{Source: "source/s", Locator: "p. 9"}, {Source: "source/s", Locator: "p. 1"}}},
		{"relation/stalin-member-nkvd", "../1946-03-15", "group/nkvd", []history.Citation{{Source: "source/s", Locator: "p. 4"}}},
		{"relation/beria-led-nkvd", "1938-11-25/1945-12", "", []history.Citation{{Source: "source/s", Locator: "p. 11"}, {Source: "source/s", Locator: "p. 12"}}},
	}
	for _, tt := range tests {
		e := byID(tt.id)
		if e.Time.EDTF != tt.time || e.EndDerivedFrom != tt.derivedFrom || !reflect.DeepEqual(e.TimeCitations, tt.cites) {
			t.Errorf("%s: time %q derived from %q cited %v, want %q from %q cited %v", tt.id, e.Time, e.EndDerivedFrom, e.TimeCitations, tt.time, tt.derivedFrom, tt.cites)
		}
	}
	for _, during := range []string{"1950", "1980"} {
		es, err := ix.Edges("group/nkvd", Filter{During: history.MustParseDate(during), Labels: []string{"led"}})
		if err != nil {
			t.Fatal(err)
		}
		if len(es) != 0 {
			t.Errorf("the NKVD is led in %s by %v", during, es)
		}
	}
	if es, _ := ix.Edges("group/party", Filter{During: history.MustParseDate("1980"), Labels: []string{"led"}}); len(es) != 0 {
		t.Errorf("Stalin leads the party in 1980: %v", es)
	}
	if es, _ := ix.Edges("group/party", Filter{During: history.MustParseDate("1950"), Labels: []string{"led"}}); len(es) != 1 {
		t.Errorf("the party's leader in 1950 = %v, want Stalin", es)
	}
}

func TestCauseStatedByBothEventsIsOneEdge(t *testing.T) {
	ix := Build(endsDataset())
	es, err := ix.Edges("event/b", Filter{Labels: []string{LabelCaused}})
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != 1 {
		t.Fatalf("caused edges of B = %v, want one", es)
	}
	e := es[0]
	want := []history.Citation{{Source: "source/s", Locator: "p. 8"}, {Source: "source/s", Locator: "p. 6"}}
	if e.From != "event/a" || e.To != "event/b" || !reflect.DeepEqual(e.Citations, want) {
		t.Errorf("edge = %+v, want A caused B cited %v", e, want)
	}
	sub, err := ix.Neighborhood(context.Background(), "event/a", 1, 10, Filter{Labels: []string{LabelCaused}})
	if err != nil || len(sub.Edges) != 1 {
		t.Errorf("neighbourhood of A = %v, %v, want one caused edge", sub.Edges, err)
	}
}
