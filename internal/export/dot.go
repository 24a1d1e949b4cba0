package export

import (
	"strconv"
	"strings"
)

// writeDOT writes a Graphviz digraph: each node filled with its kind's
// colour and linked to its Wikidata item, each edge labelled with its role
// or relation (dashed when its date is uncertain), and every attribute of
// the other formats kept as an attribute Graphviz ignores and other DOT
// readers can use. The graph attributes suit every layout: rankdir for
// dot; overlap, splines and esep for neato; and start=random1, a random
// start from the seed 1, which makes neato's and sfdp's layouts the same
// on every run (an unseeded one depends on what the process laid out
// before, in go-graphviz's long-lived Graphviz) and which sfdp, unlike
// start=regular, takes without a warning.
func writeDOT(o *out, g Graph) error {
	o.str("digraph memoria {\n")
	o.str("  graph [", dotAttrs("label", g.Title, "labelloc", "t", "fontname", "Helvetica", "fontsize", "14", "rankdir", "LR", "overlap", "false", "splines", "true", "esep", "+6", "start", "random1", "outputorder", "edgesfirst"), "];\n")
	o.str("  node [", dotAttrs("fontname", "Helvetica", "fontsize", "10", "style", "filled", "color", "#333333", "penwidth", "0.5"), "];\n")
	o.str("  edge [", dotAttrs("fontname", "Helvetica", "fontsize", "8", "color", edgeColor, "fontcolor", "#4a4e69", "arrowsize", "0.6"), "];\n")
	for n := range g.Nodes {
		s := styleOf(n.Kind)
		earliest, latest := bounds(n.Time)
		var url string
		if n.Wikidata != "" {
			url = "https://www.wikidata.org/wiki/" + n.Wikidata
		}
		tooltip := n.Description
		if tooltip == "" {
			tooltip = label(n)
		}
		o.str("  ", dotID(string(n.ID)), " [", dotAttrs(
			"label", label(n), "shape", s.dot, "fillcolor", s.color, "tooltip", tooltip, "URL", url,
			"kind", string(n.Kind), "category", n.Category, "wikidata", n.Wikidata, "time", n.Time.EDTF,
			"earliest", earliest, "latest", latest, "uncertain", strconv.FormatBool(uncertain(n.Time)), "ended", n.Ended.EDTF,
			"timeCitations", citeText(n.TimeCitations), "description", n.Description,
		), "];\n")
		if err := o.tick(); err != nil {
			return err
		}
	}
	for e := range g.Edges {
		earliest, latest := bounds(e.Time)
		var style string
		if uncertain(e.Time) {
			style = "dashed"
		}
		o.str("  ", dotID(string(e.From)), " -> ", dotID(string(e.To)), " [", dotAttrs(
			"label", caption(e), "style", style, "statement", string(e.ID), "relation", e.Relation, "role", string(e.Role),
			"time", e.Time.EDTF, "earliest", earliest, "latest", latest, "uncertain", strconv.FormatBool(uncertain(e.Time)),
			"timeCitations", citeText(e.TimeCitations), "endDerivedFrom", string(e.EndDerivedFrom), "citations", citeText(e.Citations), "sources", sourceText(e.Citations), "citationCount", strconv.Itoa(len(e.Citations)),
		), "];\n")
		if err := o.tick(); err != nil {
			return err
		}
	}
	o.str("}\n")
	return o.err
}

// dotAttrs formats name, value pairs as a DOT attribute list, leaving out
// empty values.
func dotAttrs(kv ...string) string {
	var b strings.Builder
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteString(", ")
		}
		b.WriteString(kv[i])
		b.WriteString("=")
		b.WriteString(dotID(kv[i+1]))
	}
	return b.String()
}

// dotID quotes s as a DOT string. Backslashes are doubled, so Graphviz
// does not read escapes such as \N in labels; line breaks become \n.
func dotID(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
