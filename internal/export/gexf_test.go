package export_test

import (
	"encoding/xml"
	"testing"

	"github.com/memoria-history/memoria/internal/export"
	"github.com/memoria-history/memoria/internal/history"
)

// TestGEXFCausesShowWithTheirEvents: Gephi shows an element whose spell
// meets the timeline's window, and an edge only when both its ends are
// shown; a cause-and-consequence edge must then be shown whenever both
// its events are, for every window: its spell must hold the events'
// common days, or meet the gap between them when they have none. It
// spans both events, so that it holds whichever of them states the link
// (the edge's own time is the stating event's date). The events overlap,
// follow each other, and are dated and undated.
func TestGEXFCausesShowWithTheirEvents(t *testing.T) {
	date := history.MustParseDate
	nodes := []export.Node{
		{ID: "event/a", Kind: history.KindEvent, Time: date("1923-05?")},
		{ID: "event/b", Kind: history.KindEvent, Time: date("1936/1938")},
		{ID: "event/c", Kind: history.KindEvent, Time: date("1937-07-30")},
		{ID: "event/d", Kind: history.KindEvent},
		{ID: "event/e", Kind: history.KindEvent, Time: date("1938-01/1941")},
	}
	caused := func(from, to history.ID, stated string) export.Edge {
		e := export.Edge{ID: from + "#consequence/" + to, From: from, To: to, Relation: "caused"}
		if stated != "" {
			e.Time = date(stated)
		}
		return e
	}
	edges := []export.Edge{
		caused("event/a", "event/b", "1923-05?"),   // stated by the cause, years before
		caused("event/a", "event/b", "1936/1938"),  // stated by the consequence
		caused("event/b", "event/c", "1937-07-30"), // overlapping, stated by the later
		caused("event/c", "event/e", "1937-07-30"),
		caused("event/d", "event/c", ""), // an undated cause
		caused("event/c", "event/d", "1937-07-30"),
		caused("event/b", "event/e", "1936/1938"), // overlapping ends
	}
	doc := write(t, export.GEXF, export.Of("causes", nodes, edges), export.Options{})
	var g struct {
		Nodes []gexfElement `xml:"graph>nodes>node"`
		Edges []gexfElement `xml:"graph>edges>edge"`
	}
	if err := xml.Unmarshal(doc, &g); err != nil {
		t.Fatal(err)
	}
	spells := map[string]gexfElement{}
	for _, n := range g.Nodes {
		spells[n.ID] = n
	}
	if len(g.Edges) != len(edges) {
		t.Fatalf("%d edges, want %d", len(g.Edges), len(edges))
	}
	for _, e := range g.Edges {
		a, b := spells[e.Source].interval(), spells[e.Target].interval()
		sp := e.interval()
		if sp[0] > min(a[0], b[0]) || sp[1] < max(a[1], b[1]) {
			t.Errorf("%s: spell %v does not span its events %v and %v", e.ID, sp, a, b)
		}
		lo, hi := max(a[0], b[0]), min(a[1], b[1])
		if lo > hi { // no common day: a window meeting both holds the gap
			lo, hi = min(a[1], b[1]), max(a[0], b[0])
			if sp[0] > hi || sp[1] < lo {
				t.Errorf("%s: spell %v misses the gap %s–%s between its events, so a window showing both hides it", e.ID, sp, lo, hi)
			}
			continue
		}
		if sp[0] > lo || sp[1] < hi {
			t.Errorf("%s: spell %v does not hold the events' common days %s–%s", e.ID, sp, lo, hi)
		}
	}
}

type gexfElement struct {
	ID     string `xml:"id,attr"`
	Source string `xml:"source,attr"`
	Target string `xml:"target,attr"`
	Start  string `xml:"start,attr"`
	End    string `xml:"end,attr"`
}

// interval is the element's spell, open ends as the earliest and latest
// days there are.
func (e gexfElement) interval() [2]string {
	iv := [2]string{e.Start, e.End}
	if iv[0] == "" {
		iv[0] = "0000"
	}
	if iv[1] == "" {
		iv[1] = "99999"
	}
	return iv
}
