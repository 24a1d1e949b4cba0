package catalog

import (
	"reflect"
	"testing"

	"github.com/memoria-history/memoria/internal/history"
)

// fidelityCatalog holds relations that end by a death, a dissolution or an
// end of their own, events linked as cause and consequence from both sides,
// and an event whose place is not among its participants.
func fidelityCatalog() *Catalog {
	d := history.MustParseDate
	fact := func(s, src string) *history.DatedFact {
		return &history.DatedFact{Date: d(s), Citations: cite(src, "p. 1")}
	}
	a := cite("source/a", "¶1")
	famine := event("event/famine", "1932/1933", "place/ukraine")
	famine.Participants[0].Role = history.RoleLocation
	famine.Place = &history.Link{Target: "place/ussr", Citations: cite("source/b", "p. 4")}
	collectivisation := event("event/collectivisation", "1929/1933", "person/stalin")
	collectivisation.Consequences = []history.Link{{Target: "event/famine", Citations: cite("source/a", "¶5")}}
	famine.Causes = []history.Link{{Target: "event/collectivisation", Citations: cite("source/b", "p. 9")}}
	return New(&history.Dataset{
		Sources: []history.Source{{ID: "source/a", Title: "A"}, {ID: "source/b", Title: "B"}},
		Entities: []history.Entity{
			{ID: "person/stalin", Kind: history.KindPerson, Name: "Stalin", Died: fact("1953-03-05", "source/b"), Citations: a},
			{ID: "person/beria", Kind: history.KindPerson, Name: "Beria", Died: fact("1953-12-23", "source/b"), Citations: a},
			{ID: "group/nkvd", Kind: history.KindGroup, Name: "NKVD", Type: "police", Ended: fact("1946-03-15", "source/b"), Citations: a},
			{ID: "group/party", Kind: history.KindGroup, Name: "Party", Type: "party", Citations: a},
			{ID: "place/ussr", Kind: history.KindPlace, Name: "USSR", Type: "country", Citations: a},
			{ID: "place/ukraine", Kind: history.KindPlace, Name: "Ukraine", Type: "country", Citations: a},
			{ID: "work/testament", Kind: history.KindWork, Name: "Testament", Type: "letter", Citations: a},
		},
		Events: []history.Event{famine, collectivisation},
		Relations: []history.Relation{
			{ID: "relation/stalin-led-party", Subject: "person/stalin", Type: history.RelLed, Object: "group/party", Start: fact("1922-04", "source/a"), Citations: a},
			{ID: "relation/beria-led-nkvd", Subject: "person/beria", Type: history.RelLed, Object: "group/nkvd", Start: fact("1938-11-25", "source/a"), End: fact("1945-12", "source/b"), Citations: a},
			{ID: "relation/stalin-member-nkvd", Subject: "person/stalin", Type: history.RelMemberOf, Object: "group/nkvd", Citations: a},
			{ID: "relation/stalin-author", Subject: "person/stalin", Type: history.RelAuthorOf, Object: "work/testament", Citations: a},
		},
	})
}

func TestRelationEnd(t *testing.T) {
	c := fidelityCatalog()
	tests := []struct {
		relation    history.ID
		wantEnd     string
		wantDerived history.ID
	}{
		{"relation/stalin-led-party", "1953-03-05", "person/stalin"},
		{"relation/beria-led-nkvd", "1945-12", ""},
		{"relation/stalin-member-nkvd", "1946-03-15", "group/nkvd"},
		{"relation/stalin-author", "", ""},
	}
	for _, tt := range tests {
		t.Run(string(tt.relation), func(t *testing.T) {
			r, _ := c.Relation(tt.relation)
			end := c.RelationEnd(r)
			if got := end.Fact.When().EDTF; got != tt.wantEnd || end.DerivedFrom != tt.wantDerived {
				t.Errorf("RelationEnd = %q derived from %q, want %q derived from %q", got, end.DerivedFrom, tt.wantEnd, tt.wantDerived)
			}
			if !end.Derived() && end.Fact != nil && end.Fact != r.End {
				t.Errorf("an end of its own is not the relation's End")
			}
		})
	}
	r, _ := c.Relation("relation/stalin-led-party")
	if c.RelationSpan(r).Overlaps(history.MustParseDate("1980")) {
		t.Errorf("Stalin still leads the party in 1980: span %s", c.RelationSpan(r))
	}
}

func TestCausalLinksAreOneStatement(t *testing.T) {
	c := fidelityCatalog()
	want := []history.Link{{Target: "event/collectivisation", Citations: []history.Citation{{Source: "source/b", Locator: "p. 9"}, {Source: "source/a", Locator: "¶5"}}}}
	if got := c.Causes("event/famine"); !reflect.DeepEqual(stripAt(got), want) {
		t.Errorf("Causes(famine) = %+v, want %+v", got, want)
	}
	if got := c.Consequences("event/collectivisation"); len(got) != 1 || got[0].Target != "event/famine" || len(got[0].Citations) != 2 {
		t.Errorf("Consequences(collectivisation) = %+v, want the famine once, with both citations", got)
	}
}

func stripAt(ls []history.Link) []history.Link {
	out := make([]history.Link, len(ls))
	for i, l := range ls {
		out[i] = history.Link{Target: l.Target, Citations: l.Citations}
	}
	return out
}

func TestPlaceTakesPartInWhatHappenedThere(t *testing.T) {
	c := fidelityCatalog()
	for _, tt := range []struct {
		place history.ID
		want  int
	}{{"place/ussr", 1}, {"place/ukraine", 1}} {
		ps := c.Participations(tt.place)
		if len(ps) != tt.want || ps[0].Event.ID != "event/famine" || ps[0].Role() != history.RoleLocation || ps[0].Part().Entity != tt.place {
			t.Errorf("Participations(%s) = %+v, want the famine once, as its location", tt.place, ps)
		}
	}
	if p := c.Participations("place/ussr")[0].Part(); p.Citations[0].Source != "source/b" {
		t.Errorf("the place's part is cited %v, want as the event's place", p.Citations)
	}
}
