package export

import (
	"strconv"
	"time"

	"github.com/memoria-history/memoria/internal/history"
)

// GEXF 1.3 namespaces.
const (
	nsGEXF    = "http://gexf.net/1.3"
	nsGEXFViz = "http://gexf.net/1.3/viz"
)

// An attribute declared in a GEXF or GraphML header.
type attrDecl struct{ id, typ string }

// The attributes of nodes and edges, in the order they are declared and
// written. The same names are used in every format.
func gexfNodeAttrs() []attrDecl {
	return []attrDecl{{"kind", "string"}, {"category", "string"}, {"wikidata", "string"}, {"time", "string"}, {"uncertain", "boolean"}, {"ended", "string"}, {"timeCitations", "string"}, {"description", "string"}}
}

func gexfEdgeAttrs() []attrDecl {
	return []attrDecl{{"relation", "string"}, {"role", "string"}, {"time", "string"}, {"uncertain", "boolean"}, {"timeCitations", "string"}, {"endDerivedFrom", "string"}, {"citations", "string"}, {"sources", "string"}, {"citationCount", "integer"}}
}

// writeGEXF writes a dynamic, directed GEXF 1.3 graph for Gephi: typed
// attributes, colours, sizes and shapes by kind, and time intervals
// (timeformat date) from the statements' dates, so that Gephi's timeline
// plays the graph through the years.
//
// Edges carry their statement's interval; an open end is left out, an
// unknown time leaves the edge always present. Events are present over
// their date and works from theirs; people, groups and places are always
// present, because history goes on speaking of people after their death
// (their lives are in the time attribute). Days outside the years 1 to
// 9999, which XML Schema 1.0 dates cannot all express, are left out as
// open ends.
//
// A cause-and-consequence edge spans both its events, from the first
// one's start to the last one's end, so that Gephi, which shows an edge
// when its interval and both its ends' meet the timeline's window, shows
// it whenever both events are shown, whichever of them states it.
func writeGEXF(o *out, g Graph) error {
	x := newXMLW(o)
	x.open("gexf", "xmlns", nsGEXF, "xmlns:viz", nsGEXFViz, "version", "1.3")
	x.open("meta")
	x.text("creator", "Memoria")
	x.text("description", g.Title)
	x.close("meta")
	x.open("graph", "defaultedgetype", "directed", "mode", "dynamic", "timeformat", "date", "timerepresentation", "interval")
	for _, class := range []struct {
		name  string
		attrs []attrDecl
	}{{"node", gexfNodeAttrs()}, {"edge", gexfEdgeAttrs()}} {
		x.open("attributes", "class", class.name)
		for _, a := range class.attrs {
			x.empty("attribute", "id", a.id, "title", a.id, "type", a.typ)
		}
		x.close("attributes")
	}
	x.open("nodes")
	events := map[history.ID]spell{} // the events' spells, for the edges between them
	for n := range g.Nodes {
		sp := gexfNode(x, n)
		if n.Kind == history.KindEvent {
			events[n.ID] = sp
		}
		if err := o.tick(); err != nil {
			return err
		}
	}
	x.close("nodes")
	x.open("edges")
	for e := range g.Edges {
		sp := spell{gexfDay(e.Time.Earliest), gexfDay(e.Time.Latest)}
		if e.Relation == relCaused {
			cause, ok1 := events[e.From]
			effect, ok2 := events[e.To]
			if ok1 && ok2 {
				sp = cause.hull(effect)
			}
		}
		gexfEdge(x, e, sp)
		if err := o.tick(); err != nil {
			return err
		}
	}
	x.close("edges")
	x.close("graph")
	x.close("gexf")
	return x.end()
}

// spell is when a node or an edge is present in Gephi: its start and end
// days, "" for an open end.
type spell struct{ start, end string }

// hull returns the spell from the earlier start to the later end; an
// open end on either side leaves it open. Days between the years 1 and
// 9999 compare as text.
func (a spell) hull(b spell) spell {
	h := spell{min(a.start, b.start), max(a.end, b.end)}
	if a.end == "" || b.end == "" {
		h.end = ""
	}
	return h
}

// gexfNode writes a node and returns its spell.
func gexfNode(x *xmlw, n Node) spell {
	var sp spell
	switch n.Kind {
	case history.KindEvent:
		sp = spell{gexfDay(n.Time.Earliest), gexfDay(n.Time.Latest)}
	case history.KindWork:
		sp.start = gexfDay(n.Time.Earliest)
	}
	x.open("node", "id", string(n.ID), "label", label(n), "start", sp.start, "end", sp.end)
	attvalues(x, "kind", string(n.Kind), "category", n.Category, "wikidata", n.Wikidata, "time", n.Time.EDTF,
		"uncertain", strconv.FormatBool(uncertain(n.Time)), "ended", n.Ended.EDTF, "timeCitations", citeText(n.TimeCitations), "description", n.Description)
	s := styleOf(n.Kind)
	r, gr, b := s.rgb()
	x.empty("viz:color", "r", strconv.Itoa(r), "g", strconv.Itoa(gr), "b", strconv.Itoa(b), "a", "1.0")
	x.empty("viz:size", "value", strconv.FormatFloat(s.size, 'f', -1, 64))
	x.empty("viz:shape", "value", s.gexf)
	x.close("node")
	return sp
}

func gexfEdge(x *xmlw, e Edge, sp spell) {
	x.open("edge", "id", string(e.ID), "source", string(e.From), "target", string(e.To), "label", caption(e), "kind", e.Relation,
		"start", sp.start, "end", sp.end)
	attvalues(x, "relation", e.Relation, "role", string(e.Role), "time", e.Time.EDTF, "uncertain", strconv.FormatBool(uncertain(e.Time)),
		"timeCitations", citeText(e.TimeCitations), "endDerivedFrom", string(e.EndDerivedFrom), "citations", citeText(e.Citations), "sources", sourceText(e.Citations), "citationCount", strconv.Itoa(len(e.Citations)))
	x.close("edge")
}

// attvalues writes the non-empty attribute values given as pairs.
func attvalues(x *xmlw, kv ...string) {
	x.open("attvalues")
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			x.empty("attvalue", "for", kv[i], "value", kv[i+1])
		}
	}
	x.close("attvalues")
}

// gexfDay formats a bound as an xsd:date, or "" when it is open or
// outside the years XML Schema 1.0 dates can all express.
func gexfDay(t time.Time) string {
	if y := t.Year(); t.IsZero() || y < 1 || y > 9999 {
		return ""
	}
	return day(t)
}
