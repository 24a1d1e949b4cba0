package server_test

import (
	"slices"
	"testing"

	"github.com/memoria-history/memoria/internal/server"
)

// TestDatesAnswerWithTheirCitations asks the questions of issue 16: where
// a date comes from, when a relation ends, and what a place's events are.
func TestDatesAnswerWithTheirCitations(t *testing.T) {
	h := newHandler(t, server.Options{})
	type citation struct {
		Source  struct{ ID string }
		Locator string
	}
	type date struct {
		Edtf        string
		Derived     bool
		DerivedFrom *struct{ ID string }
		Citations   []citation
	}
	var arrest struct {
		Node struct {
			Date      date
			Citations []citation
		}
	}
	query(t, h, `{ node(id: "event/yagoda-arrest") { ... on Event { date { edtf derived derivedFrom { id } citations { source { id } locator } } citations { source { id } locator } } } }`, &arrest)
	if d := arrest.Node.Date; d.Edtf != "1937" || len(d.Citations) == 0 || d.Citations[0].Source.ID != "source/jansen-petrov-2002" || d.Derived {
		t.Errorf("Yagoda's arrest is dated %+v, want 1937 cited to Jansen and Petrov", d)
	}

	var nkvd struct {
		Node struct {
			In1950, In1940 []struct {
				Other struct{ ID string }
				End   *date
			}
		}
	}
	query(t, h, `{ node(id: "group/nkvd") { ... on Group {
		In1950: relations(type: ["led"], during: "1950") { other { id } end { edtf derived } }
		In1940: relations(type: ["led"], during: "1940") { other { id } end { edtf derived citations { source { id } } } } } } }`, &nkvd)
	if len(nkvd.Node.In1950) != 0 {
		t.Errorf("the NKVD is led in 1950 by %+v, want nobody: it became the MVD in 1946", nkvd.Node.In1950)
	}
	if len(nkvd.Node.In1940) != 1 || nkvd.Node.In1940[0].Other.ID != "person/lavrentiy-beria" || nkvd.Node.In1940[0].End == nil ||
		nkvd.Node.In1940[0].End.Edtf != "1945-12-29" || nkvd.Node.In1940[0].End.Derived || len(nkvd.Node.In1940[0].End.Citations) == 0 {
		t.Errorf("the NKVD's leader in 1940 = %+v, want Beria until December 1945, cited", nkvd.Node.In1940)
	}

	var party struct {
		Node struct {
			Relations []struct {
				Other struct{ ID string }
				End   date
			}
		}
	}
	query(t, h, `{ node(id: "group/all-union-communist-party-bolsheviks") { ... on Group { relations(type: ["led"]) { other { id } end { edtf derived derivedFrom { id } citations { source { id } } } } } } }`, &party)
	var stalin bool
	for _, r := range party.Node.Relations {
		if r.Other.ID == "person/joseph-stalin" {
			stalin = true
			if r.End.Edtf != "1953-03-05" || !r.End.Derived || r.End.DerivedFrom == nil || r.End.DerivedFrom.ID != "person/joseph-stalin" || len(r.End.Citations) == 0 {
				t.Errorf("Stalin's leadership of the party ends %+v, want at his death, derived and cited as his death is", r.End)
			}
		}
	}
	if !stalin {
		t.Errorf("no relation led between Stalin and the party: %+v", party.Node.Relations)
	}

	var ukraine struct {
		Events struct {
			Edges []struct{ Node struct{ ID string } }
		}
		Node struct {
			Events []struct{ Event struct{ ID string } }
		}
	}
	query(t, h, `{ events(place: "place/ukraine", first: 100) { edges { node { id } } }
		node(id: "place/ukraine") { ... on Place { events { event { id } } } } }`, &ukraine)
	var byArg, own []string
	for _, e := range ukraine.Events.Edges {
		byArg = append(byArg, e.Node.ID)
	}
	for _, p := range ukraine.Node.Events {
		if !slices.Contains(own, p.Event.ID) {
			own = append(own, p.Event.ID)
		}
	}
	slices.Sort(byArg)
	slices.Sort(own)
	if len(own) == 0 || !slices.Equal(byArg, own) {
		t.Errorf("events(place: ukraine) = %v, Ukraine's own events = %v, want the same", byArg, own)
	}

	var camps struct {
		Search []struct {
			MatchKind string
			Node      struct{ ID string }
		}
	}
	query(t, h, `{ search(text: "camp", kinds: [PLACE]) { matchKind node { id } } }`, &camps)
	if !slices.ContainsFunc(camps.Search, func(h struct {
		MatchKind string
		Node      struct{ ID string }
	}) bool {
		return h.Node.ID == "place/perm-36" && h.MatchKind == "type"
	}) {
		t.Errorf("search(camp, PLACE) = %+v, want Perm-36 by its type", camps.Search)
	}

	var famine struct {
		Node struct {
			Place          struct{ ID string }
			PlaceCitations []citation
			Causes         []struct{ ID string }
		}
	}
	query(t, h, `{ node(id: "event/famine-1932-1933") { ... on Event { place { id } placeCitations { source { id } locator } causes { id } } } }`, &famine)
	if famine.Node.Place.ID != "place/ussr" || len(famine.Node.PlaceCitations) == 0 || famine.Node.PlaceCitations[0].Source.ID != "source/davies-wheatcroft-2004" {
		t.Errorf("the famine is placed %+v cited %+v, want the USSR on Davies and Wheatcroft's word", famine.Node.Place, famine.Node.PlaceCitations)
	}
	if len(famine.Node.Causes) != 1 || famine.Node.Causes[0].ID != "event/forced-collectivisation" {
		t.Errorf("the famine's causes = %+v, want collectivisation once", famine.Node.Causes)
	}
}
