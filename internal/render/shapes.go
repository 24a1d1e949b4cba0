package render

import "math"

// The shapes of nodes a scene draws itself, as Graphviz draws them: the
// outline of each around its centre, within its width and height (a tab's
// tab rises a little above). A document with another shape is drawn by
// Graphviz alone.

// outline is how a node is drawn: a filled polygon or ellipse, and lines
// drawn over it (a note's folded corner, a tab's edge).
type outline struct {
	ellipse bool    // an ellipse filling the box; else polygon
	polygon []point // relative to the centre
	lines   [][]point
}

// tabSize and foldSize are Graphviz's: a tab 12 points wide and 4 high,
// a note's corner folded 6 points down.
const (
	tabWidth  = 12.0
	tabHeight = 4.0
	foldSize  = 6.0
)

// shapeOf returns the outline of a shape of width w and height h, and
// whether the shape is one a scene draws.
func shapeOf(shape string, w, h float64) (outline, bool) {
	x, y := w/2, h/2
	switch shape {
	case "", "ellipse", "oval", "circle":
		return outline{ellipse: true}, true
	case "box", "rect", "rectangle", "square":
		return outline{polygon: []point{{x, -y}, {-x, -y}, {-x, y}, {x, y}}}, true
	case "plaintext", "plain", "none":
		return outline{}, true
	case "house":
		return outline{polygon: []point{{0, -y}, {-x, -y / 3}, {-x, y}, {x, y}, {x, -y / 3}}}, true
	case "diamond":
		return outline{polygon: []point{{0, -y}, {-x, 0}, {0, y}, {x, 0}}}, true
	case "note":
		f := min(foldSize, w/2, h/2)
		return outline{
			polygon: []point{{x - f, -y}, {-x, -y}, {-x, y}, {x, y}, {x, -y + f}},
			lines:   [][]point{{{x - f, -y}, {x - f, -y + f}, {x, -y + f}}},
		}, true
	case "tab":
		tw := min(tabWidth, w/2)
		return outline{
			polygon: []point{{x, -y}, {-x + tw, -y}, {-x + tw, -y - tabHeight}, {-x, -y - tabHeight}, {-x, y}, {x, y}},
			lines:   [][]point{{{-x, -y}, {-x + tw, -y}}},
		}, true
	}
	return outline{}, false
}

// hull returns the points of a node's outline in the scene, a polygon
// around everything it paints (an ellipse as a polygon of 32 sides just
// outside it), for finding what it overlaps.
func (n *sceneNode) hull() []point {
	o, _ := shapeOf(n.shape, n.w, n.h)
	if o.ellipse {
		const sides = 32
		// Each side of the polygon lies outside the ellipse.
		grow := 1 / math.Cos(math.Pi/sides)
		pts := make([]point, sides)
		for i := range pts {
			a := 2 * math.Pi * float64(i) / sides
			pts[i] = point{n.x + grow*n.w/2*math.Cos(a), n.y + grow*n.h/2*math.Sin(a)}
		}
		return pts
	}
	poly := o.polygon
	if poly == nil { // plaintext: the label's box
		poly = []point{{n.w / 2, -n.h / 2}, {-n.w / 2, -n.h / 2}, {-n.w / 2, n.h / 2}, {n.w / 2, n.h / 2}}
	}
	return n.at(poly)
}

// boundary returns where a line from a node's centre in direction (dx,
// dy) leaves its outline.
func (n *sceneNode) boundary(dx, dy float64) point {
	l := math.Hypot(dx, dy)
	if l == 0 {
		return point{n.x, n.y}
	}
	dx, dy = dx/l, dy/l
	o, _ := shapeOf(n.shape, n.w, n.h)
	if o.ellipse || o.polygon == nil {
		rx, ry := n.w/2, n.h/2
		if !o.ellipse { // a plain label: its box
			t := min(rx/math.Max(math.Abs(dx), 1e-9), ry/math.Max(math.Abs(dy), 1e-9))
			return point{n.x + t*dx, n.y + t*dy}
		}
		t := 1 / math.Sqrt(dx*dx/(rx*rx)+dy*dy/(ry*ry))
		return point{n.x + t*dx, n.y + t*dy}
	}
	// The nearest crossing of the ray with a side of the polygon.
	best := math.Inf(1)
	for i := range o.polygon {
		a, b := o.polygon[i], o.polygon[(i+1)%len(o.polygon)]
		ex, ey := b.x-a.x, b.y-a.y
		den := dx*ey - dy*ex
		if math.Abs(den) < 1e-12 {
			continue
		}
		t := (a.x*ey - a.y*ex) / den // along the ray
		u := (a.x*dy - a.y*dx) / den // along the side
		if t > 0 && u >= -1e-9 && u <= 1+1e-9 && t < best {
			best = t
		}
	}
	if math.IsInf(best, 1) {
		best = 0
	}
	return point{n.x + best*dx, n.y + best*dy}
}
