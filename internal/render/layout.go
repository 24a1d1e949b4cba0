package render

import (
	"bytes"
	"strconv"
	"strings"
)

// graphvizScene makes the scene of a document that Graphviz laid out:
// out is what Graphviz wrote of it (-Tdot), every node with its position
// (pos, in points) and size (width and height, in inches), every edge
// with its curve (pos: Bézier points, after "e," the tip of its
// arrowhead and after "s," of one at its tail) and its label's place
// (lp), and the graph with its bounding box (bb). Graphviz's y goes up;
// the scene's goes down.
func graphvizScene(out []byte, m *metrics) (*scene, error) {
	g, err := readDOT(out)
	if err != nil {
		return nil, err
	}
	bb := numbers(g.attrs["bb"])
	if len(bb) != 4 {
		return nil, errUnread
	}
	top := bb[3]
	at := func(x, y float64) point { return point{x, top - y} }
	sc := &scene{name: g.name, title: titleOf(g, m), nodes: make([]sceneNode, len(g.nodes)), edges: make([]sceneEdge, len(g.edges))}
	for i := range g.nodes {
		n := &g.nodes[i]
		p := numbers(strings.TrimSuffix(n.attrs["pos"], "!"))
		if len(p) != 2 {
			return nil, errUnread
		}
		w, h := number(n.attrs, "width", 0.75)*72, number(n.attrs, "height", 0.5)*72
		if _, ok := shapeOf(n.attrs["shape"], w, h); !ok {
			return nil, errUnread
		}
		c := at(p[0], p[1])
		sc.nodes[i] = newNode(m, n, c.x, c.y, w, h)
	}
	for i := range g.edges {
		e := &g.edges[i]
		se := newEdge(m, e)
		var tip, tail *point
		for _, part := range strings.Fields(e.attrs["pos"]) {
			kind, rest, ok := strings.Cut(part, ",")
			if kind == "e" || kind == "s" {
				xy := numbers(rest)
				if len(xy) != 2 {
					return nil, errUnread
				}
				p := at(xy[0], xy[1])
				if kind == "e" {
					tip = &p
				} else {
					tail = &p
				}
				continue
			}
			if !ok {
				return nil, errUnread
			}
			xy := numbers(part)
			if len(xy) != 2 {
				return nil, errUnread
			}
			se.curve = append(se.curve, at(xy[0], xy[1]))
		}
		if len(se.curve) < 4 || (len(se.curve)-1)%3 != 0 {
			// No curve to draw along: a straight line between the nodes.
			size := 0.0
			if g.directed {
				size = arrowSize(e.attrs) * arrowLength
			}
			se.curve, se.arrows = bowed(&sc.nodes[e.from], &sc.nodes[e.to], 0, size)
		} else {
			if tip != nil {
				se.arrows = append(se.arrows, arrowhead(se.curve[len(se.curve)-1], *tip))
			}
			if tail != nil {
				se.arrows = append(se.arrows, arrowhead(se.curve[0], *tail))
			}
		}
		if lp := numbers(e.attrs["lp"]); len(lp) == 2 && se.text != "" {
			// Where Graphviz put the label: the first place to try.
			b := newTextBox(m, labelLines(se.text, ""), se.fontsize, attrOr(e.attrs, "fontcolor", "black"), labelPad)
			b.x, b.y = at(lp[0], lp[1]).x, at(lp[0], lp[1]).y
			se.label = &b
		}
		sc.edges[i] = se
	}
	return sc, nil
}

// drawable reports whether a scene can draw every node of a graph: its
// shapes are the ones shapes.go knows.
func drawable(g *dotGraph) bool {
	for i := range g.nodes {
		if _, ok := shapeOf(g.nodes[i].attrs["shape"], 1, 1); !ok {
			return false
		}
	}
	return true
}

// sized returns the document with every node given at least the size
// that its label needs in the font the pictures measure with (Graphviz
// measures its own Helvetica, a little narrower), so that Graphviz lays
// the nodes out at the size they are drawn. Later attributes win.
func sized(doc []byte, g *dotGraph, m *metrics) []byte {
	end := bytes.LastIndexByte(doc, '}')
	if end < 0 {
		return doc
	}
	boxes := measure(g, m)
	out := make([]byte, 0, len(doc)+len(g.nodes)*48)
	out = append(out, doc[:end]...)
	for i, n := range g.nodes {
		out = append(out, "  "...)
		out = append(out, n.token...)
		out = append(out, ` [width="`...)
		out = strconv.AppendFloat(out, boxes[i].w/72, 'f', 3, 64)
		out = append(out, `", height="`...)
		out = strconv.AppendFloat(out, boxes[i].h/72, 'f', 3, 64)
		out = append(out, "\"];\n"...)
	}
	return append(out, doc[end:]...)
}
