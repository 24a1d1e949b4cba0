package render

import (
	"bufio"
	"cmp"
	"io"
	"strconv"
	"strings"
)

// SVG of a scene, written as Graphviz writes it: a group per edge and
// per node, with its title, its link and tooltip, and its text, so that
// what reads Graphviz's SVG reads this too. The edges come first and the
// nodes over them; no label lies under a node (labels.go).

// fontFamily is what the SVG asks browsers to draw text with: Helvetica
// or the like, whose widths the labels were measured for.
const fontFamily = "Helvetica,sans-Serif"

// writeSVG writes a framed scene as SVG.
func writeSVG(w io.Writer, sc *scene) error {
	b := &svgWriter{w: bufio.NewWriter(w)}
	b.s(`<?xml version="1.0" encoding="UTF-8" standalone="no"?>` + "\n")
	b.s(`<svg width="`).n(sc.width).s(`pt" height="`).n(sc.height).s(`pt"` + "\n")
	b.s(` viewBox="0.00 0.00 `).n(sc.width).s(" ").n(sc.height).s(`" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">` + "\n")
	b.s(`<g id="graph0" class="graph">` + "\n")
	b.s("<title>").text(sc.name).s("</title>\n")
	b.s(`<polygon fill="white" stroke="none" points="0,0 `).n(sc.width).s(",0 ").n(sc.width).s(",").n(sc.height).s(" 0,").n(sc.height).s(`"/>` + "\n")
	if sc.title != nil {
		b.label(sc.title)
	}
	for i := range sc.edges {
		b.edge(sc, i)
	}
	for i := range sc.nodes {
		b.node(i, &sc.nodes[i])
	}
	b.s("</g>\n</svg>\n")
	return b.w.Flush()
}

// svgWriter writes SVG; a write error is kept by the bufio.Writer and
// returned by its Flush.
type svgWriter struct {
	w   *bufio.Writer
	buf []byte
}

func (b *svgWriter) s(s string) *svgWriter {
	b.w.WriteString(s)
	return b
}

// n writes a number with two decimals, as Graphviz does.
func (b *svgWriter) n(v float64) *svgWriter {
	b.buf = strconv.AppendFloat(b.buf[:0], v, 'f', 2, 64)
	b.w.Write(b.buf)
	return b
}

// text writes text escaped for XML; a hyphen is written &#45;, as
// Graphviz does, so that no comment it is in ends early.
func (b *svgWriter) text(s string) *svgWriter {
	for _, r := range s {
		switch r {
		case '&':
			b.s("&amp;")
		case '<':
			b.s("&lt;")
		case '>':
			b.s("&gt;")
		case '"':
			b.s("&quot;")
		case '\'':
			b.s("&#39;")
		case '-':
			b.s("&#45;")
		case '\n':
			b.s("&#10;")
		default:
			if r < 0x20 && r != '\t' {
				continue // not allowed in XML
			}
			b.w.WriteRune(r)
		}
	}
	return b
}

// points writes the points attribute of a polygon (closed) or polyline.
func (b *svgWriter) points(pts []point, closed bool) *svgWriter {
	b.s(` points="`)
	for i, p := range pts {
		if i > 0 {
			b.s(" ")
		}
		b.n(p.x).s(",").n(p.y)
	}
	if closed && len(pts) > 2 && pts[0] != pts[len(pts)-1] {
		// Graphviz closes its polygons by repeating the first point.
		b.s(" ").n(pts[0].x).s(",").n(pts[0].y)
	}
	return b.s(`"`)
}

// paint writes the fill and stroke of a shape.
func (b *svgWriter) paint(fill, stroke string, width float64) *svgWriter {
	b.s(` fill="`).text(cmp.Or(fill, "none")).s(`" stroke="`).text(cmp.Or(stroke, "none")).s(`"`)
	if width != 1 && stroke != "" {
		b.s(` stroke-width="`).n(width).s(`"`)
	}
	return b
}

// link opens an element's link and tooltip, if it has either, and
// returns what closes it.
func (b *svgWriter) link(id, url, tooltip string) string {
	if url == "" && tooltip == "" {
		return ""
	}
	b.s(`<g id="a_`).s(id).s(`"><a`)
	if url != "" {
		b.s(` xlink:href="`).text(url).s(`"`)
	}
	if tooltip != "" {
		b.s(` xlink:title="`).text(tooltip).s(`"`)
	}
	b.s(">\n")
	return "</a>\n</g>\n"
}

// label writes a text box, a text element a line.
func (b *svgWriter) label(t *textBox) {
	for i, line := range t.lines {
		if strings.TrimSpace(line) == "" {
			continue
		}
		b.s(`<text text-anchor="middle" x="`).n(t.x).s(`" y="`).n(t.baseline(i)).s(`" font-family="` + fontFamily + `" font-size="`).n(t.size).s(`"`)
		if t.color != "" && t.color != "black" {
			b.s(` fill="`).text(t.color).s(`"`)
		}
		b.s(">").text(line).s("</text>\n")
	}
}

func (b *svgWriter) edge(sc *scene, i int) {
	e := &sc.edges[i]
	id := "edge" + strconv.Itoa(i+1)
	b.s(`<g id="`).s(id).s(`" class="edge">` + "\n")
	b.s("<title>").text(sc.nodes[e.from].name).s("&#45;&gt;").text(sc.nodes[e.to].name).s("</title>\n")
	end := b.link(id, e.url, e.tooltip)
	if len(e.curve) > 0 {
		b.s(`<path`).paint("", e.color, e.penwidth)
		if e.dash != "" {
			b.s(` stroke-dasharray="`).s(e.dash).s(`"`)
		}
		b.s(` d="M`).n(e.curve[0].x).s(",").n(e.curve[0].y).s("C")
		for k, p := range e.curve[1:] {
			if k > 0 {
				b.s(" ")
			}
			b.n(p.x).s(",").n(p.y)
		}
		b.s(`"/>` + "\n")
	}
	for _, a := range e.arrows {
		b.s("<polygon").paint(e.color, e.color, e.penwidth).points(a, true).s("/>\n")
	}
	if e.label != nil {
		b.label(e.label)
	}
	b.s(end)
	b.s("</g>\n")
}

func (b *svgWriter) node(i int, n *sceneNode) {
	id := "node" + strconv.Itoa(i+1)
	b.s(`<g id="`).s(id).s(`" class="node">` + "\n")
	b.s("<title>").text(n.name).s("</title>\n")
	end := b.link(id, n.url, n.tooltip)
	o, _ := shapeOf(n.shape, n.w, n.h)
	switch {
	case o.ellipse:
		b.s("<ellipse").paint(n.fill, n.stroke, n.penwidth).s(` cx="`).n(n.x).s(`" cy="`).n(n.y).s(`" rx="`).n(n.w / 2).s(`" ry="`).n(n.h / 2).s(`"/>` + "\n")
	case o.polygon != nil:
		b.s("<polygon").paint(n.fill, n.stroke, n.penwidth).points(n.at(o.polygon), true).s("/>\n")
	}
	for _, l := range o.lines {
		b.s("<polyline").paint("", n.stroke, n.penwidth).points(n.at(l), false).s("/>\n")
	}
	b.label(&n.label)
	b.s(end)
	b.s("</g>\n")
}

// at moves points relative to a node's centre into the scene.
func (n *sceneNode) at(rel []point) []point {
	pts := make([]point, len(rel))
	for i, p := range rel {
		pts[i] = point{n.x + p.x, n.y + p.y}
	}
	return pts
}
