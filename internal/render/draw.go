package render

import (
	"image"
	imgcolor "image/color"
	"io"
	"math"

	ftraster "github.com/golang/freetype/raster"
	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"
)

// drawPNG draws a framed scene as a PNG at pngScale pixels a point, or
// fewer to fit a budget of pixels, but not so few that the smallest text
// is less than legiblePixels high, unless that needs more than maxPixels
// in all. It draws what writeSVG
// writes, in the same order, with the font the labels were measured in.
// It paints with freetype's rasterizer and a painter of its own, which
// fills what a shape covers whole with a copy of its colour: the nodes of
// a picture of 300 nodes cover a third of it, which freetype's painter
// blended pixel by pixel, as long as the rest of the drawing took. Lines
// end square and join bevelled, as in SVG (whose joins are mitred, which
// at these widths looks the same): round ends and joins cost the stroker
// an arc at every one.
func drawPNG(w io.Writer, sc *scene, m *metrics, budget int) error {
	scale := pngScale
	if px := sc.width * sc.height * scale * scale; px > float64(budget) {
		scale = math.Sqrt(float64(budget) / (sc.width * sc.height))
		legible := min(legiblePixels/sc.smallestFont(), math.Sqrt(maxPixels/(sc.width*sc.height)))
		scale = max(scale, legible)
	}
	w0, h0 := max(1, int(math.Ceil(sc.width*scale))), max(1, int(math.Ceil(sc.height*scale)))
	img := image.NewRGBA(image.Rect(0, 0, w0, h0))
	fillBytes(img.Pix, 0xff)
	d := &drawer{img: img, scale: scale, m: m, r: ftraster.NewRasterizer(w0, h0)}
	if sc.title != nil {
		d.text(sc.title)
	}
	for i := range sc.edges {
		e := &sc.edges[i]
		d.stroke(d.curve(e.curve), e.color, e.penwidth, e.dash)
		for _, a := range e.arrows {
			d.fill(d.polygon(a), e.color)
			d.stroke(d.polyline(a, true), e.color, e.penwidth, "")
		}
		if e.label != nil {
			d.text(e.label)
		}
	}
	for i := range sc.nodes {
		n := &sc.nodes[i]
		outline, lines := d.shape(n)
		d.fill(outline, n.fill)
		d.stroke(lines, n.stroke, n.penwidth, "")
		d.text(&n.label)
	}
	return encodePNG(w, d.img)
}

// legiblePixels is the size of the smallest text a PNG draws, in pixels,
// when maxPixels allow.
const legiblePixels = 12.0

// smallestFont is the size of the smallest text a scene draws, in points.
func (sc *scene) smallestFont() float64 {
	smallest := math.Inf(1)
	if sc.title != nil {
		smallest = sc.title.size
	}
	for i := range sc.nodes {
		smallest = min(smallest, sc.nodes[i].label.size)
	}
	for i := range sc.edges {
		if l := sc.edges[i].label; l != nil {
			smallest = min(smallest, l.size)
		}
	}
	if math.IsInf(smallest, 1) || smallest <= 0 {
		return 14
	}
	return smallest
}

// drawer paints a scene onto a canvas, points scaled to pixels.
type drawer struct {
	img   *image.RGBA
	scale float64
	m     *metrics
	r     *ftraster.Rasterizer
	path  ftraster.Path // reused
}

// fixedPoint is a point of the scene in the rasterizer's pixels.
func (d *drawer) fixedPoint(p point) fixed.Point26_6 {
	return fixed.Point26_6{X: fixed.Int26_6(math.Round(p.x * d.scale * 64)), Y: fixed.Int26_6(math.Round(p.y * d.scale * 64))}
}

// polyline returns points as one path of lines, closed back to the
// first point if closed, in pixels: what a stroke is drawn along.
func (d *drawer) polyline(pts []point, closed bool) [][]point {
	if closed && len(pts) > 2 {
		pts = append(pts[:len(pts):len(pts)], pts[0])
	}
	return [][]point{pts}
}

// polygon returns a closed outline to fill.
func (d *drawer) polygon(pts []point) ftraster.Path {
	d.path.Clear()
	for i, p := range pts {
		if i == 0 {
			d.path.Start(d.fixedPoint(p))
		} else {
			d.path.Add1(d.fixedPoint(p))
		}
	}
	if len(pts) > 0 {
		d.path.Add1(d.fixedPoint(pts[0])) // the rasterizer closes nothing
	}
	return d.path
}

// curve returns a curve of cubic Bézier segments as lines: freetype
// strokes lines only. A straight segment is one line; a bent one, as
// many as it takes to look smooth.
func (d *drawer) curve(c []point) [][]point {
	if len(c) == 0 {
		return nil
	}
	line := []point{c[0]}
	for k := 1; k+2 < len(c); k += 3 {
		p0, p1, p2, p3 := c[k-1], c[k], c[k+1], c[k+2]
		if straight(p0.x, p0.y, p1.x, p1.y, p2.x, p2.y, p3.x, p3.y) {
			line = append(line, p3)
			continue
		}
		steps := int(min(32, max(4, (math.Hypot(p1.x-p0.x, p1.y-p0.y)+math.Hypot(p2.x-p1.x, p2.y-p1.y)+math.Hypot(p3.x-p2.x, p3.y-p2.y))*d.scale/8)))
		for i := 1; i <= steps; i++ {
			t := float64(i) / float64(steps)
			u := 1 - t
			line = append(line, point{
				u*u*u*p0.x + 3*u*u*t*p1.x + 3*u*t*t*p2.x + t*t*t*p3.x,
				u*u*u*p0.y + 3*u*u*t*p1.y + 3*u*t*t*p2.y + t*t*t*p3.y,
			})
		}
	}
	return [][]point{line}
}

// shape returns a node's outline to fill, and the lines to stroke: its
// outline, and the lines drawn over it (a note's fold, a tab's edge).
func (d *drawer) shape(n *sceneNode) (ftraster.Path, [][]point) {
	o, _ := shapeOf(n.shape, n.w, n.h)
	switch {
	case o.ellipse:
		// Four cubic arcs, as close to an ellipse as a pixel can tell.
		const k = 0.5522847498
		rx, ry := n.w/2, n.h/2
		c := []point{
			{n.x + rx, n.y},
			{n.x + rx, n.y + k*ry}, {n.x + k*rx, n.y + ry}, {n.x, n.y + ry},
			{n.x - k*rx, n.y + ry}, {n.x - rx, n.y + k*ry}, {n.x - rx, n.y},
			{n.x - rx, n.y - k*ry}, {n.x - k*rx, n.y - ry}, {n.x, n.y - ry},
			{n.x + k*rx, n.y - ry}, {n.x + rx, n.y - k*ry}, {n.x + rx, n.y},
		}
		d.path.Clear()
		d.path.Start(d.fixedPoint(c[0]))
		for i := 1; i+2 < len(c); i += 3 {
			d.path.Add3(d.fixedPoint(c[i]), d.fixedPoint(c[i+1]), d.fixedPoint(c[i+2]))
		}
		return d.path, d.curve(c)
	case o.polygon != nil:
		pts := n.at(o.polygon)
		lines := d.polyline(pts, true)
		for _, l := range o.lines {
			lines = append(lines, n.at(l))
		}
		return d.polygon(pts), lines
	}
	return nil, nil
}

// fill paints a path's inside with a colour, unless it is none.
func (d *drawer) fill(p ftraster.Path, fill string) {
	c, ok := color(fill, "none")
	if !ok || len(p) == 0 {
		return
	}
	d.r.Clear()
	d.r.UseNonZeroWinding = true
	d.r.AddPath(p)
	d.r.Rasterize(&solidPainter{img: d.img, c: hexColor(c)})
}

// stroke paints lines of a width in points with a colour, unless it is
// none, dashed as SVG's stroke-dasharray says.
func (d *drawer) stroke(lines [][]point, stroke string, width float64, dash string) {
	c, ok := color(stroke, "none")
	if !ok || width <= 0 || len(lines) == 0 {
		return
	}
	if pattern := numbers(dash); len(pattern) > 0 {
		lines = dashes(lines, pattern)
	}
	d.path.Clear()
	for _, l := range lines {
		for i, p := range l {
			if i == 0 {
				d.path.Start(d.fixedPoint(p))
			} else {
				d.path.Add1(d.fixedPoint(p))
			}
		}
	}
	d.r.Clear()
	d.r.UseNonZeroWinding = true
	d.r.AddStroke(d.path, fixed.Int26_6(math.Round(width*d.scale*64)), ftraster.ButtCapper, ftraster.BevelJoiner)
	d.r.Rasterize(&solidPainter{img: d.img, c: hexColor(c)})
}

// dashes cuts lines into the dashes of a pattern of lengths in points:
// on, off, on, off... The pattern starts again on each line.
func dashes(lines [][]point, pattern []float64) [][]point {
	total := 0.0
	for _, v := range pattern {
		total += max(v, 0)
	}
	if total <= 0 {
		return lines
	}
	var out [][]point
	for _, l := range lines {
		k, left, on := 0, pattern[0], true
		var cur []point
		if on {
			cur = []point{l[0]}
		}
		for i := 1; i < len(l); i++ {
			a, b := l[i-1], l[i]
			seg := math.Hypot(b.x-a.x, b.y-a.y)
			at := 0.0
			for seg-at > left {
				at += left
				p := point{a.x + (b.x-a.x)*at/seg, a.y + (b.y-a.y)*at/seg}
				if on {
					out = append(out, append(cur, p))
					cur = nil
				} else {
					cur = []point{p}
				}
				on = !on
				k = (k + 1) % len(pattern)
				left = max(pattern[k], 0)
				if total <= 0 {
					break
				}
			}
			left -= seg - at
			if on {
				cur = append(cur, b)
			}
		}
		if on && len(cur) > 1 {
			out = append(out, cur)
		}
	}
	return out
}

// solidPainter paints spans of the rasterizer in one colour over an RGBA
// canvas. A span a shape covers whole, in an opaque colour, is a copy.
type solidPainter struct {
	img *image.RGBA
	c   imgcolor.NRGBA
}

func (p *solidPainter) Paint(spans []ftraster.Span, done bool) {
	b := p.img.Bounds()
	ca := uint32(p.c.A) * 0x101
	for _, s := range spans {
		if s.Y < b.Min.Y || s.Y >= b.Max.Y {
			continue
		}
		x0, x1 := max(s.X0, b.Min.X), min(s.X1, b.Max.X)
		if x0 >= x1 {
			continue
		}
		row := p.img.Pix[(s.Y-b.Min.Y)*p.img.Stride:]
		px := row[(x0-b.Min.X)*4 : (x1-b.Min.X)*4]
		a := s.Alpha * ca / 0xffff // 16 bits of coverage
		if a == 0xffff {
			px[0], px[1], px[2], px[3] = p.c.R, p.c.G, p.c.B, 0xff
			for done := 4; done < len(px); done *= 2 {
				copy(px[done:], px[:done])
			}
			continue
		}
		keep := 0xffff - a
		for i := 0; i < len(px); i += 4 {
			px[i] = uint8((uint32(px[i])*keep + uint32(p.c.R)*a) / 0xffff)
			px[i+1] = uint8((uint32(px[i+1])*keep + uint32(p.c.G)*a) / 0xffff)
			px[i+2] = uint8((uint32(px[i+2])*keep + uint32(p.c.B)*a) / 0xffff)
		}
	}
}

// text draws a text box's lines, each centred on its x, straight onto
// the canvas.
func (d *drawer) text(t *textBox) {
	c, ok := color(t.color, "black")
	if !ok {
		return
	}
	face := d.m.face(t.size * d.scale)
	fd := font.Drawer{Dst: d.img, Src: image.NewUniform(hexColor(c)), Face: face}
	for i, line := range t.lines {
		if line == "" {
			continue
		}
		x := t.x*d.scale - float64(font.MeasureString(face, line))/128
		fd.Dot = fixed.Point26_6{X: fixed.Int26_6(x * 64), Y: fixed.Int26_6(t.baseline(i) * d.scale * 64)}
		fd.DrawString(line)
	}
}

// fillBytes sets every byte of b to v, by doubling copies.
func fillBytes(b []byte, v byte) {
	if len(b) == 0 {
		return
	}
	b[0] = v
	for done := 1; done < len(b); done *= 2 {
		copy(b[done:], b[:done])
	}
}
