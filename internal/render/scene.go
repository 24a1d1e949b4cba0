package render

import (
	"math"
	"strconv"
	"strings"
)

// A scene is a picture laid out and ready to draw: every node, edge and
// label where it goes, in points with y downwards from the top left
// corner. It is made from Graphviz's layout (the document Graphviz
// writes with every position, -Tdot) or from a placement done in Go, its
// edges' labels are put where they hide nothing (labels.go), and it is
// drawn as SVG (svg.go) and as PNG (draw.go) alike, so both show the same
// picture.
type scene struct {
	name          string // the graph's, for the SVG's title
	width, height float64
	title         *textBox // the graph's label, above the drawing
	nodes         []sceneNode
	edges         []sceneEdge
}

// textBox is text drawn centred on a point: one line or several.
type textBox struct {
	lines []string
	x, y  float64 // the centre
	w, h  float64 // the box it is given, wider than its text
	size  float64 // font size in points
	color string
}

// sceneNode is a node: its shape drawn around its centre.
type sceneNode struct {
	name         string
	shape        string
	x, y, w, h   float64
	fill, stroke string // "" for none
	penwidth     float64
	label        textBox
	url, tooltip string
}

// sceneEdge is an edge: a curve from its tail to its head, Graphviz's
// cubic Bézier segments (a start, then three points for each segment),
// an arrowhead, and a label if it has one that could be placed.
type sceneEdge struct {
	from, to int
	curve    []point
	arrows   [][]point // triangles
	color    string
	penwidth float64
	dash     string // SVG's stroke-dasharray; "" for a solid line
	// text is the edge's label; label is where it is drawn, nil if it is
	// not drawn (the picture is too large, or no place hides nothing),
	// and then it is the edge's tooltip.
	text     string
	label    *textBox
	fontsize float64
	tooltip  string
	url      string
}

// The look of text and lines, as Graphviz draws them.
const (
	lineHeight   = 1.2  // of a line of text, in font sizes
	baselineDrop = 0.3  // from a line's middle to its baseline, in font sizes
	nodeMarginX  = 16.0 // around a node's label, in all
	nodeMarginY  = 8.0
	labelPad     = 1.5 // around an edge's label, on each side
	pagePad      = 8.0 // around the drawing
	titleGap     = 8.0 // between the title and the drawing
	arrowLength  = 10.0
	arrowWidth   = 0.35 // half the arrowhead's base, in lengths
	dashed       = "5,2"
	dotted       = "1,5"
)

// newTextBox sizes text in the font the pictures measure with, plus pad
// on each side.
func newTextBox(m *metrics, lines []string, size float64, color string, pad float64) textBox {
	wide := 0.0
	for _, l := range lines {
		wide = max(wide, m.width(l, size))
	}
	return textBox{lines: lines, size: size, color: color, w: wide + 2*pad, h: float64(len(lines))*size*lineHeight + 2*pad}
}

// baseline returns the baseline of line i of a text box.
func (t *textBox) baseline(i int) float64 {
	l := t.size * lineHeight
	return t.y - float64(len(t.lines))*l/2 + (float64(i)+0.5)*l + baselineDrop*t.size
}

// rect is an axis-aligned box.
type rect struct{ x0, y0, x1, y1 float64 }

func (t *textBox) rect() rect {
	return rect{t.x - t.w/2, t.y - t.h/2, t.x + t.w/2, t.y + t.h/2}
}

func (r rect) overlaps(o rect) bool {
	return r.x0 < o.x1 && o.x0 < r.x1 && r.y0 < o.y1 && o.y0 < r.y1
}

func (r rect) union(o rect) rect {
	return rect{min(r.x0, o.x0), min(r.y0, o.y0), max(r.x1, o.x1), max(r.y1, o.y1)}
}

func boundsOf(pts []point) rect {
	r := rect{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
	for _, p := range pts {
		r = r.union(rect{p.x, p.y, p.x, p.y})
	}
	return r
}

// frame puts the title above the drawing and moves everything so that
// the picture begins pagePad from its top left corner, and sizes it to
// hold all it draws.
func (sc *scene) frame() {
	b := rect{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
	for i := range sc.nodes {
		n := &sc.nodes[i]
		b = b.union(boundsOf(n.hull())).union(n.label.rect())
	}
	for _, e := range sc.edges {
		b = b.union(boundsOf(e.curve))
		for _, a := range e.arrows {
			b = b.union(boundsOf(a))
		}
		if e.label != nil {
			b = b.union(e.label.rect())
		}
	}
	if math.IsInf(b.x0, 1) {
		b = rect{0, 0, 0, 0}
	}
	if t := sc.title; t != nil {
		t.x, t.y = (b.x0+b.x1)/2, b.y0-titleGap-t.h/2
		b = b.union(t.rect())
	}
	dx, dy := pagePad-b.x0, pagePad-b.y0
	sc.width, sc.height = b.x1-b.x0+2*pagePad, b.y1-b.y0+2*pagePad
	sc.move(dx, dy)
}

// move moves everything by (dx, dy).
func (sc *scene) move(dx, dy float64) {
	shift := func(pts []point) {
		for i := range pts {
			pts[i].x += dx
			pts[i].y += dy
		}
	}
	for i := range sc.nodes {
		n := &sc.nodes[i]
		n.x, n.y = n.x+dx, n.y+dy
		n.label.x, n.label.y = n.label.x+dx, n.label.y+dy
	}
	for i := range sc.edges {
		e := &sc.edges[i]
		shift(e.curve)
		for _, a := range e.arrows {
			shift(a)
		}
		if e.label != nil {
			e.label.x, e.label.y = e.label.x+dx, e.label.y+dy
		}
	}
	if sc.title != nil {
		sc.title.x, sc.title.y = sc.title.x+dx, sc.title.y+dy
	}
}

// The attributes a scene takes from a DOT document, with Graphviz's
// defaults.

func attrOr(attrs map[string]string, k, def string) string {
	if v, ok := attrs[k]; ok && v != "" {
		return v
	}
	return def
}

func number(attrs map[string]string, k string, def float64) float64 {
	if f, err := strconv.ParseFloat(attrs[k], 64); err == nil && !math.IsNaN(f) && !math.IsInf(f, 0) {
		return f
	}
	return def
}

// styled reports whether a style attribute lists s.
func styled(attrs map[string]string, s string) bool {
	for _, part := range strings.Split(attrs["style"], ",") {
		if strings.TrimSpace(part) == s {
			return true
		}
	}
	return false
}

// newNode makes the scene's node for a DOT node with its size, at (x, y).
func newNode(m *metrics, n *dotNode, x, y, w, h float64) sceneNode {
	a := n.attrs
	stroke := attrOr(a, "color", "black")
	fill := ""
	if styled(a, "filled") {
		fill = attrOr(a, "fillcolor", attrOr(a, "color", "lightgrey"))
	}
	sn := sceneNode{
		name: n.name, shape: a["shape"], x: x, y: y, w: w, h: h, fill: fill, stroke: stroke,
		penwidth: number(a, "penwidth", 1), url: a["URL"], tooltip: a["tooltip"],
		label: newTextBox(m, n.lines(), fontsize(a), attrOr(a, "fontcolor", "black"), 0),
	}
	if sn.shape == "plaintext" || sn.shape == "plain" || sn.shape == "none" {
		sn.stroke, sn.fill = "", ""
	}
	sn.label.x, sn.label.y = x, y
	return sn
}

// newEdge makes the scene's edge for a DOT edge, without its curve.
func newEdge(m *metrics, e *dotEdge) sceneEdge {
	a := e.attrs
	se := sceneEdge{
		from: e.from, to: e.to, color: attrOr(a, "color", "black"), penwidth: number(a, "penwidth", 1),
		text: a["label"], fontsize: fontsize(a), tooltip: a["tooltip"], url: a["URL"],
	}
	switch {
	case styled(a, "dashed"):
		se.dash = dashed
	case styled(a, "dotted"):
		se.dash = dotted
	}
	return se
}

// titleOf returns the graph's label, drawn above it, or nil.
func titleOf(g *dotGraph, m *metrics) *textBox {
	label := g.attrs["label"]
	if label == "" {
		return nil
	}
	t := newTextBox(m, labelLines(label, g.name), fontsize(g.attrs), attrOr(g.attrs, "fontcolor", "black"), 0)
	return &t
}

// arrowhead returns Graphviz's normal arrowhead from the end of a line
// at base to its tip.
func arrowhead(base, tip point) []point {
	ux, uy := tip.x-base.x, tip.y-base.y
	return []point{tip, {base.x - uy*arrowWidth, base.y + ux*arrowWidth}, {base.x + uy*arrowWidth, base.y - ux*arrowWidth}}
}

// arrowSize is an edge's arrowsize attribute, 0 when it draws no
// arrowhead at its head.
func arrowSize(attrs map[string]string) float64 {
	if attrs["arrowhead"] == "none" || attrs["dir"] == "none" || attrs["dir"] == "back" {
		return 0
	}
	return number(attrs, "arrowsize", 1)
}
