package render

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"image"
	imgcolor "image/color"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/fogleman/gg"
	"github.com/golang/freetype/truetype"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/math/fixed"
)

// PNG drawing of what Graphviz draws alone (a document a scene does not
// read). go-graphviz's own PNG renderer fills edges as if they were
// closed shapes (v0.2.10), so such pictures are drawn here from the SVG
// that Graphviz writes, which uses a small part of SVG: polygons,
// polylines, ellipses, paths of M, C and L commands, and text, inside one
// group translated onto the page.

// The scale of a PNG: pixels per SVG point, so that small labels stay
// legible; bigger pictures are scaled down to fit a budget of pixels,
// which grows with the number of nodes, from minPixels to maxPixels. The
// time to draw and encode grows with the pixels: at 24 megapixels, a
// picture of 300 nodes took 2 s, two thirds of them encoding.
const (
	pngScale      = 2.0
	minPixels     = 4 << 20
	pixelsPerNode = 12 << 10
	maxPixels     = 24 << 20
)

// pixelBudget is the most pixels a picture of nodes nodes is drawn with;
// for a graph of unknown size (0), maxPixels.
func pixelBudget(nodes int) int {
	if nodes <= 0 {
		return maxPixels
	}
	return min(max(nodes*pixelsPerNode, minPixels), maxPixels)
}

// rasterize draws the SVG that Graphviz wrote as a PNG of at most
// maxPixels pixels.
func rasterize(svg []byte, w io.Writer, maxPixels int) error {
	ft, err := truetype.Parse(goregular.TTF)
	if err != nil {
		return fmt.Errorf("render: read the Go font: %w", err)
	}
	r := &raster{font: ft, faces: map[float64]font.Face{}, maxPixels: float64(maxPixels)}
	dec := xml.NewDecoder(bytes.NewReader(svg))
	var text *xml.StartElement
	var content strings.Builder
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("render: read the SVG: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local == "text" {
				el := t.Copy()
				text = &el
				content.Reset()
				continue
			}
			if err := r.start(t); err != nil {
				return err
			}
		case xml.CharData:
			if text != nil {
				content.Write(t)
			}
		case xml.EndElement:
			if t.Name.Local == "text" && text != nil {
				r.text(*text, content.String())
				text = nil
			}
		}
	}
	if r.dc == nil {
		return fmt.Errorf("render: the SVG has no svg element")
	}
	return encodePNG(w, r.dc.Image().(*image.RGBA))
}

// raster draws SVG elements onto a canvas, mapping SVG points to pixels.
type raster struct {
	dc     *gg.Context
	scale  float64
	tx, ty float64 // the translation of Graphviz's graph group
	font   *truetype.Font
	faces  map[float64]font.Face
	// maxPixels bounds the canvas.
	maxPixels  float64
	background bool // whether the page's polygon has been seen
}

func attr(el xml.StartElement, name string) string {
	for _, a := range el.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func (r *raster) start(el xml.StartElement) error {
	switch el.Name.Local {
	case "svg":
		return r.canvas(el)
	case "g":
		// Graphviz writes "scale(1 1) rotate(0) translate(4 1300.7)".
		if t := attr(el, "transform"); t != "" {
			if _, rest, ok := strings.Cut(t, "translate("); ok {
				args, _, _ := strings.Cut(rest, ")")
				if f := numbers(args); len(f) == 2 {
					r.tx, r.ty = f[0], f[1]
				}
			}
		}
	case "polygon":
		if !r.background && attr(el, "fill") == "white" && attr(el, "stroke") == "none" {
			// Graphviz's first polygon paints the page, which the canvas
			// is already: filling it cost as much as a hundred nodes.
			r.background = true
			return nil
		}
		r.points(el, true)
	case "polyline":
		r.points(el, false)
	case "ellipse":
		if r.dc == nil {
			return nil
		}
		f := numbers(attr(el, "cx") + " " + attr(el, "cy") + " " + attr(el, "rx") + " " + attr(el, "ry"))
		if len(f) == 4 {
			x, y := r.at(f[0], f[1])
			r.dc.DrawEllipse(x, y, f[2]*r.scale, f[3]*r.scale)
			r.paint(el, true)
		}
	case "path":
		r.path(el)
	}
	return nil
}

// canvas makes the canvas the size of the SVG's view box.
func (r *raster) canvas(el xml.StartElement) error {
	vb := numbers(attr(el, "viewBox"))
	if len(vb) != 4 || vb[2] <= 0 || vb[3] <= 0 || vb[2] > 1e6 || vb[3] > 1e6 {
		return fmt.Errorf("render: the SVG has no usable viewBox %q", attr(el, "viewBox"))
	}
	r.scale = pngScale
	if px := vb[2] * vb[3] * pngScale * pngScale; px > r.maxPixels {
		r.scale = math.Sqrt(r.maxPixels / (vb[2] * vb[3]))
	}
	r.dc = gg.NewContext(int(math.Ceil(vb[2]*r.scale)), int(math.Ceil(vb[3]*r.scale)))
	r.dc.SetRGB(1, 1, 1)
	r.dc.Clear()
	return nil
}

// at maps an SVG point of the graph group to a pixel.
func (r *raster) at(x, y float64) (float64, float64) {
	return (x + r.tx) * r.scale, (y + r.ty) * r.scale
}

func (r *raster) points(el xml.StartElement, closed bool) {
	if r.dc == nil {
		return
	}
	f := numbers(attr(el, "points"))
	if len(f) < 4 {
		return
	}
	r.dc.NewSubPath()
	for i := 0; i+1 < len(f); i += 2 {
		r.dc.LineTo(r.at(f[i], f[i+1]))
	}
	if closed {
		r.dc.ClosePath()
	}
	r.paint(el, closed)
}

// path draws a path of M (move), L (line), C (cubic curve) and Z (close)
// commands, the ones Graphviz writes.
func (r *raster) path(el xml.StartElement) {
	if r.dc == nil {
		return
	}
	d := attr(el, "d")
	var cmd byte
	var args []float64
	flush := func() {
		switch cmd {
		case 'M':
			for i := 0; i+1 < len(args); i += 2 {
				if i == 0 {
					r.dc.MoveTo(r.at(args[i], args[i+1]))
				} else {
					r.dc.LineTo(r.at(args[i], args[i+1]))
				}
			}
		case 'L':
			for i := 0; i+1 < len(args); i += 2 {
				r.dc.LineTo(r.at(args[i], args[i+1]))
			}
		case 'C':
			for i := 0; i+5 < len(args); i += 6 {
				x1, y1 := r.at(args[i], args[i+1])
				x2, y2 := r.at(args[i+2], args[i+3])
				x3, y3 := r.at(args[i+4], args[i+5])
				// Graphviz writes straight edges as curves too; drawn as
				// lines they cost the stroker a segment, not dozens.
				if p, ok := r.dc.GetCurrentPoint(); ok && straight(p.X, p.Y, x1, y1, x2, y2, x3, y3) {
					r.dc.LineTo(x3, y3)
				} else {
					r.dc.CubicTo(x1, y1, x2, y2, x3, y3)
				}
			}
		case 'Z':
			r.dc.ClosePath()
		}
		args = args[:0]
	}
	for _, field := range strings.FieldsFunc(d, func(c rune) bool { return c == ' ' || c == ',' }) {
		for field != "" {
			if c := field[0]; c == 'M' || c == 'L' || c == 'C' || c == 'Z' {
				flush()
				cmd, field = c, field[1:]
				continue
			}
			end := strings.IndexAny(field, "MLCZ")
			if end < 0 {
				end = len(field)
			}
			if v, err := strconv.ParseFloat(field[:end], 64); err == nil {
				args = append(args, v)
			}
			field = field[end:]
		}
	}
	flush()
	r.paint(el, attr(el, "fill") != "" && attr(el, "fill") != "none")
}

// straight reports whether the cubic curve from (x0, y0) to (x3, y3) with
// control points (x1, y1) and (x2, y2) is a line to within a tenth of a
// pixel: whether both control points lie that near the chord, between
// its ends.
func straight(x0, y0, x1, y1, x2, y2, x3, y3 float64) bool {
	dx, dy := x3-x0, y3-y0
	l2 := dx*dx + dy*dy
	if l2 < 1e-9 {
		return false
	}
	for _, c := range [2][2]float64{{x1, y1}, {x2, y2}} {
		cx, cy := c[0]-x0, c[1]-y0
		t := (cx*dx + cy*dy) / l2
		cross := cx*dy - cy*dx
		if t < 0 || t > 1 || cross*cross > 0.01*l2 {
			return false
		}
	}
	return true
}

// paint fills the current path with the element's fill, when fill is
// wanted and given, strokes it with its stroke, and clears it.
func (r *raster) paint(el xml.StartElement, fill bool) {
	if fc, ok := color(attr(el, "fill"), "black"); fill && ok {
		r.dc.SetHexColor(fc)
		r.dc.FillPreserve()
	}
	if sc, ok := color(attr(el, "stroke"), "none"); ok {
		width := 1.0
		if f := numbers(attr(el, "stroke-width")); len(f) == 1 {
			width = f[0]
		}
		r.dc.SetHexColor(sc)
		r.dc.SetLineWidth(width * r.scale)
		if dash := numbers(attr(el, "stroke-dasharray")); len(dash) > 0 {
			for i := range dash {
				dash[i] *= r.scale
			}
			r.dc.SetDash(dash...)
		} else {
			r.dc.SetDash()
		}
		r.dc.StrokePreserve()
	}
	r.dc.ClearPath()
}

// text draws a text element: its baseline at y, anchored at its start,
// middle or end.
func (r *raster) text(el xml.StartElement, s string) {
	if r.dc == nil || strings.TrimSpace(s) == "" {
		return
	}
	f := numbers(attr(el, "x") + " " + attr(el, "y"))
	if len(f) != 2 {
		return
	}
	size := 14.0
	if fs := numbers(attr(el, "font-size")); len(fs) == 1 && fs[0] > 0 && fs[0] < 1000 {
		size = fs[0]
	}
	fc, ok := color(attr(el, "fill"), "black")
	if !ok {
		return
	}
	face := r.face(size * r.scale)
	x, y := r.at(f[0], f[1])
	switch attr(el, "text-anchor") {
	case "middle":
		x -= float64(font.MeasureString(face, s)) / 128
	case "end":
		x -= float64(font.MeasureString(face, s)) / 64
	}
	// Drawn straight onto the canvas: gg would resample every glyph
	// through a bilinear transform, though its matrix is the identity,
	// which was a tenth of the time of a large picture.
	d := font.Drawer{
		Dst:  r.dc.Image().(*image.RGBA),
		Src:  image.NewUniform(hexColor(fc)),
		Face: face,
		Dot:  fixed.Point26_6{X: fixed.Int26_6(x * 64), Y: fixed.Int26_6(y * 64)},
	}
	d.DrawString(s)
}

// hexColor reads "#rgb", "#rrggbb" or "#rrggbbaa", as color returns them.
func hexColor(s string) imgcolor.NRGBA {
	s = strings.TrimPrefix(s, "#")
	if len(s) == 3 {
		s = string([]byte{s[0], s[0], s[1], s[1], s[2], s[2]})
	}
	c := imgcolor.NRGBA{A: 255}
	for i, p := range []*uint8{&c.R, &c.G, &c.B, &c.A} {
		if 2*i+2 > len(s) {
			break
		}
		if v, err := strconv.ParseUint(s[2*i:2*i+2], 16, 8); err == nil {
			*p = uint8(v)
		}
	}
	return c
}

// face returns the Go Regular font at a size in pixels. Graphviz sized
// the labels for Helvetica, which is a little narrower.
func (r *raster) face(px float64) font.Face {
	if f, ok := r.faces[px]; ok {
		return f
	}
	f := truetype.NewFace(r.font, &truetype.Options{Size: px * 0.92, Hinting: font.HintingNone})
	r.faces[px] = f
	return f
}

// color reads an SVG paint: "#rrggbb", or the few names Graphviz writes.
// It reports false for none and transparent.
func color(s, def string) (string, bool) {
	if s == "" {
		s = def
	}
	switch s {
	case "none", "transparent":
		return "", false
	case "black":
		return "#000000", true
	case "white":
		return "#ffffff", true
	case "lightgrey", "lightgray":
		return "#d3d3d3", true
	case "grey", "gray":
		return "#c0c0c0", true
	case "red":
		return "#ff0000", true
	case "blue":
		return "#0000ff", true
	}
	if strings.HasPrefix(s, "#") && (len(s) == 7 || len(s) == 9 || len(s) == 4) {
		return s, true
	}
	return "#000000", true
}

// numbers reads the numbers in a list separated by spaces and commas.
func numbers(s string) []float64 {
	var out []float64
	for _, f := range strings.FieldsFunc(s, func(c rune) bool { return c == ' ' || c == ',' }) {
		v, err := strconv.ParseFloat(f, 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			continue
		}
		out = append(out, v)
	}
	return out
}
