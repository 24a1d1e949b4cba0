package render

import (
	"cmp"
	"math"
)

// Edges' labels. Graphviz puts an edge's label near the middle of its
// curve whatever is there, and draws the nodes over it: in Beria's
// neighbourhood in 1934-1941 a node hid most of "carried-out". Here each
// label is put at the first of a few places along its edge, on the curve
// or beside it, where it overlaps no node and no label placed before it;
// a label with no such place is not drawn but becomes its edge's tooltip.

// labelGap is kept between a label and what it must not overlap.
const labelGap = 1.0

// placeLabels puts the labels of the edges that have one where they hide
// nothing; Graphviz's place for a label (its box's centre as given) is
// tried first.
func (sc *scene) placeLabels() {
	taken := make([]rect, 0, len(sc.nodes)+len(sc.edges))
	for i := range sc.nodes {
		n := &sc.nodes[i]
		taken = append(taken, boundsOf(n.hull()).union(n.label.rect()))
	}
	free := func(r rect) bool {
		r = rect{r.x0 - labelGap, r.y0 - labelGap, r.x1 + labelGap, r.y1 + labelGap}
		for _, t := range taken {
			if r.overlaps(t) {
				return false
			}
		}
		return true
	}
	for i := range sc.edges {
		e := &sc.edges[i]
		if e.label == nil {
			continue
		}
		if !free(e.label.rect()) && !e.placeLabel(free) {
			e.label = nil
			e.tooltip = cmp.Or(e.tooltip, e.text)
			continue
		}
		taken = append(taken, e.label.rect())
	}
}

// placeLabel moves an edge's label to the first place along its curve
// where free says it may go, and reports whether there was one.
func (e *sceneEdge) placeLabel(free func(rect) bool) bool {
	// The places tried, as shares of the curve's segments, the middle
	// first; and how far off the curve, in widths of the label's box
	// across it: on it, then beside it on either side.
	along := [...]float64{0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8, 0.15, 0.85}
	beside := [...]float64{0, 0.5, -0.5, 1, -1}
	l := e.label
	for _, at := range along {
		p, tx, ty := curveAt(e.curve, at)
		// Across the curve, the label's box is this wide.
		across := math.Abs(ty)*l.w + math.Abs(tx)*l.h
		for _, off := range beside {
			x, y := p.x-ty*off*across, p.y+tx*off*across
			r := rect{x - l.w/2, y - l.h/2, x + l.w/2, y + l.h/2}
			if free(r) {
				l.x, l.y = x, y
				return true
			}
		}
	}
	return false
}

// curveAt returns the point of a curve of cubic Bézier segments (a
// start, then three points each) at a share of its segments, and the
// unit tangent there.
func curveAt(curve []point, share float64) (point, float64, float64) {
	segments := (len(curve) - 1) / 3
	if segments < 1 {
		if len(curve) == 0 {
			return point{}, 1, 0
		}
		return curve[0], 1, 0
	}
	u := share * float64(segments)
	k := min(int(u), segments-1)
	t := u - float64(k)
	p0, p1, p2, p3 := curve[3*k], curve[3*k+1], curve[3*k+2], curve[3*k+3]
	s := 1 - t
	p := point{
		s*s*s*p0.x + 3*s*s*t*p1.x + 3*s*t*t*p2.x + t*t*t*p3.x,
		s*s*s*p0.y + 3*s*s*t*p1.y + 3*s*t*t*p2.y + t*t*t*p3.y,
	}
	dx := 3*s*s*(p1.x-p0.x) + 6*s*t*(p2.x-p1.x) + 3*t*t*(p3.x-p2.x)
	dy := 3*s*s*(p1.y-p0.y) + 6*s*t*(p2.y-p1.y) + 3*t*t*(p3.y-p2.y)
	if l := math.Hypot(dx, dy); l > 1e-9 {
		return p, dx / l, dy / l
	}
	if l := math.Hypot(p3.x-p0.x, p3.y-p0.y); l > 1e-9 {
		return p, (p3.x - p0.x) / l, (p3.y - p0.y) / l
	}
	return p, 1, 0
}
