package export

import (
	"strconv"
	"unicode/utf8"
)

// GraphML and yEd namespaces.
const (
	nsGraphML = "http://graphml.graphdrawing.org/xmlns"
	nsXSI     = "http://www.w3.org/2001/XMLSchema-instance"
	nsYEd     = "http://www.yworks.com/xml/graphml"
	// yEd's own schema, which extends GraphML's with its graphics.
	yedSchemaLocation = nsGraphML + " http://www.yworks.com/xml/schema/graphml/1.1/ygraphml.xsd"
)

// The data keys, with GraphML's types: boolean, int, long, float, double
// or string. Key ids are the attribute names with n_ or e_ before them.
func graphmlNodeKeys() []attrDecl {
	return []attrDecl{{"label", "string"}, {"kind", "string"}, {"category", "string"}, {"wikidata", "string"}, {"time", "string"}, {"earliest", "string"}, {"latest", "string"}, {"uncertain", "boolean"}, {"ended", "string"}, {"timeCitations", "string"}, {"description", "string"}}
}

func graphmlEdgeKeys() []attrDecl {
	return []attrDecl{{"label", "string"}, {"relation", "string"}, {"role", "string"}, {"time", "string"}, {"earliest", "string"}, {"latest", "string"}, {"uncertain", "boolean"}, {"timeCitations", "string"}, {"endDerivedFrom", "string"}, {"citations", "string"}, {"sources", "string"}, {"citationCount", "int"}}
}

// writeGraphML writes a directed GraphML graph with typed keys, and with
// yEd's graphics extension (a shape, fill colour and label per node, an
// arrow and label per edge, dashed when its date is uncertain) so that labels and colours show as soon as
// yEd opens it. Other readers (Gephi, Cytoscape, NetworkX) read the typed
// data and skip or tolerate the graphics. Nodes start at positions derived
// from their ids; run a layout in yEd (Layout › Organic) to arrange them.
func writeGraphML(o *out, g Graph) error {
	x := newXMLW(o)
	x.open("graphml", "xmlns", nsGraphML, "xmlns:xsi", nsXSI, "xmlns:y", nsYEd, "xsi:schemaLocation", yedSchemaLocation)
	for _, k := range graphmlNodeKeys() {
		x.empty("key", "id", "n_"+k.id, "for", "node", "attr.name", k.id, "attr.type", k.typ)
	}
	x.empty("key", "id", "n_graphics", "for", "node", "yfiles.type", "nodegraphics")
	for _, k := range graphmlEdgeKeys() {
		x.empty("key", "id", "e_"+k.id, "for", "edge", "attr.name", k.id, "attr.type", k.typ)
	}
	x.empty("key", "id", "e_graphics", "for", "edge", "yfiles.type", "edgegraphics")
	x.open("graph", "id", "memoria", "edgedefault", "directed")
	if g.Title != "" {
		x.text("desc", g.Title)
	}
	for n := range g.Nodes {
		graphmlNode(x, n)
		if err := o.tick(); err != nil {
			return err
		}
	}
	for e := range g.Edges {
		graphmlEdge(x, e)
		if err := o.tick(); err != nil {
			return err
		}
	}
	x.close("graph")
	x.close("graphml")
	return x.end()
}

func graphmlNode(x *xmlw, n Node) {
	x.open("node", "id", string(n.ID))
	earliest, latest := bounds(n.Time)
	data(x, "n_", "label", label(n), "kind", string(n.Kind), "category", n.Category, "wikidata", n.Wikidata, "time", n.Time.EDTF,
		"earliest", earliest, "latest", latest, "uncertain", strconv.FormatBool(uncertain(n.Time)), "ended", n.Ended.EDTF,
		"timeCitations", citeText(n.TimeCitations), "description", n.Description)
	s := styleOf(n.Kind)
	px, py := position(n.ID)
	width := max(40, 7*utf8.RuneCountInString(label(n))+20)
	x.open("data", "key", "n_graphics")
	x.open("y:ShapeNode")
	x.empty("y:Geometry", "x", ftoa(px*1000), "y", ftoa(py*1000), "width", strconv.Itoa(width), "height", "30")
	x.empty("y:Fill", "color", s.color, "transparent", "false")
	x.empty("y:BorderStyle", "color", "#333333", "type", "line", "width", "1.0")
	x.text("y:NodeLabel", label(n))
	x.empty("y:Shape", "type", s.yed)
	x.close("y:ShapeNode")
	x.close("data")
	x.close("node")
}

func graphmlEdge(x *xmlw, e Edge) {
	x.open("edge", "id", string(e.ID), "source", string(e.From), "target", string(e.To))
	earliest, latest := bounds(e.Time)
	data(x, "e_", "label", caption(e), "relation", e.Relation, "role", string(e.Role), "time", e.Time.EDTF,
		"earliest", earliest, "latest", latest, "uncertain", strconv.FormatBool(uncertain(e.Time)),
		"timeCitations", citeText(e.TimeCitations), "endDerivedFrom", string(e.EndDerivedFrom), "citations", citeText(e.Citations), "sources", sourceText(e.Citations), "citationCount", strconv.Itoa(len(e.Citations)))
	// Dashed when the date is uncertain, as in DOT and the pictures.
	line := "line"
	if uncertain(e.Time) {
		line = "dashed"
	}
	x.open("data", "key", "e_graphics")
	x.open("y:PolyLineEdge")
	x.empty("y:LineStyle", "color", edgeColor, "type", line, "width", "1.0")
	x.empty("y:Arrows", "source", "none", "target", "standard")
	x.text("y:EdgeLabel", caption(e))
	x.close("y:PolyLineEdge")
	x.close("data")
	x.close("edge")
}

// data writes a data element for each non-empty value given as pairs.
func data(x *xmlw, prefix string, kv ...string) {
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			x.text("data", kv[i+1], "key", prefix+kv[i])
		}
	}
}

func ftoa(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) }
