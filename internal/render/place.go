package render

import (
	"cmp"
	"context"
	"math"
)

// placedScene lays a graph out in Go (stressLayout) and makes its scene,
// with straight edges (parallel ones bowed apart): routing splines around
// 300 nodes took Graphviz minutes. The edges' labels are not drawn but
// kept as their tooltips: placing 600 of them took Graphviz longer than
// drawing the rest, and at this size they cover the picture more than
// they tell.
func placedScene(ctx context.Context, g *dotGraph, m *metrics) (*scene, error) {
	boxes := measure(g, m)
	ends := make([][2]int, len(g.edges))
	for i, e := range g.edges {
		ends[i] = [2]int{e.from, e.to}
	}
	pos, err := stressLayout(ctx, boxes, ends)
	if err != nil {
		return nil, err
	}
	sc := &scene{name: g.name, title: titleOf(g, m), nodes: make([]sceneNode, len(g.nodes))}
	for i := range g.nodes {
		n := &g.nodes[i]
		if _, ok := shapeOf(n.attrs["shape"], 1, 1); !ok {
			return nil, errUnread
		}
		sc.nodes[i] = newNode(m, n, pos[i].x, pos[i].y, boxes[i].w, boxes[i].h)
	}
	straightEdges(sc, g, m)
	return sc, nil
}

// measure sizes each node as Graphviz would: its label, plus Graphviz's
// margins, at least its smallest node; an ellipse holds its label's box.
func measure(g *dotGraph, m *metrics) []box {
	boxes := make([]box, len(g.nodes))
	for i := range g.nodes {
		n := &g.nodes[i]
		size := fontsize(n.attrs)
		lines := n.lines()
		wide := 0.0
		for _, l := range lines {
			wide = max(wide, m.width(l, size))
		}
		w, h := wide+nodeMarginX, float64(len(lines))*size*lineHeight+nodeMarginY
		switch n.attrs["shape"] {
		case "", "ellipse", "oval":
			w, h = w*math.Sqrt2, h*math.Sqrt2
		case "circle":
			w = max(w, h) * math.Sqrt2
			h = w
		}
		boxes[i] = box{max(w, 54), max(h, 36)}
	}
	return boxes
}

// bow is how far apart parallel edges between two nodes are drawn, at
// their middle, in points.
const bow = 12.0

// straightEdges draws each edge as a line between the outlines of its
// ends, the edges between the same two nodes bowed apart, and loops as
// small arcs; labels become tooltips.
func straightEdges(sc *scene, g *dotGraph, m *metrics) {
	// How many edges join each pair, and which of them each edge is.
	type pair struct{ a, b int }
	count := map[pair]int{}
	nth := make([]int, len(g.edges))
	for i, e := range g.edges {
		p := pair{min(e.from, e.to), max(e.from, e.to)}
		nth[i] = count[p]
		count[p]++
	}
	sc.edges = make([]sceneEdge, len(g.edges))
	for i := range g.edges {
		e := &g.edges[i]
		se := newEdge(m, e)
		se.tooltip = cmp.Or(se.tooltip, se.text)
		from, to := &sc.nodes[e.from], &sc.nodes[e.to]
		size := 0.0
		if g.directed {
			size = arrowSize(e.attrs) * arrowLength
		}
		if e.from == e.to {
			se.curve, se.arrows = loop(from, size)
		} else {
			k := count[pair{min(e.from, e.to), max(e.from, e.to)}]
			off := (float64(nth[i]) - float64(k-1)/2) * bow
			if e.from > e.to {
				off = -off // the same side whichever way the edge goes
			}
			se.curve, se.arrows = bowed(from, to, off, size)
		}
		sc.edges[i] = se
	}
}

// bowed returns a curve from one node's outline to another's, bowed off
// the straight line by off at its middle, and its arrowhead of the given
// length (none for 0).
func bowed(from, to *sceneNode, off, arrow float64) ([]point, [][]point) {
	dx, dy := to.x-from.x, to.y-from.y
	l := math.Hypot(dx, dy)
	if l == 0 {
		dx, l = 1, 1
	}
	nx, ny := -dy/l, dx/l
	// Control points a third and two thirds along, off the line by 4/3 of
	// off, put the curve's middle off by off.
	c1 := point{from.x + dx/3 + nx*off*4/3, from.y + dy/3 + ny*off*4/3}
	c2 := point{from.x + 2*dx/3 + nx*off*4/3, from.y + 2*dy/3 + ny*off*4/3}
	start := from.boundary(c1.x-from.x, c1.y-from.y)
	tip := to.boundary(c2.x-to.x, c2.y-to.y)
	end := tip
	var arrows [][]point
	if arrow > 0 {
		ux, uy := tip.x-c2.x, tip.y-c2.y
		if ul := math.Hypot(ux, uy); ul > 0 {
			end = point{tip.x - ux/ul*arrow, tip.y - uy/ul*arrow}
			arrows = [][]point{arrowhead(end, tip)}
		}
	}
	if off == 0 {
		// A straight line, as a curve with its control points on it.
		c1 = point{start.x + (end.x-start.x)/3, start.y + (end.y-start.y)/3}
		c2 = point{start.x + 2*(end.x-start.x)/3, start.y + 2*(end.y-start.y)/3}
	}
	return []point{start, c1, c2, end}, arrows
}

// loop returns an edge from a node to itself: an arc on its right side.
func loop(n *sceneNode, arrow float64) ([]point, [][]point) {
	start := n.boundary(1, -0.5)
	tip := n.boundary(1, 0.5)
	out := n.w/2 + 24
	c1 := point{n.x + out, start.y - 12}
	c2 := point{n.x + out, tip.y + 12}
	end := tip
	var arrows [][]point
	if arrow > 0 {
		ux, uy := tip.x-c2.x, tip.y-c2.y
		ul := math.Hypot(ux, uy)
		end = point{tip.x - ux/ul*arrow, tip.y - uy/ul*arrow}
		arrows = [][]point{arrowhead(end, tip)}
	}
	return []point{start, c1, c2, end}, arrows
}
