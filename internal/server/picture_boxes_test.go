package server_test

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/golang/freetype/truetype"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/goregular"

	"github.com/memoria-history/memoria/internal/server"
)

// box is a rectangle in the SVG's points, y downwards.
type box struct{ x0, y0, x1, y1 float64 }

func (b box) overlaps(o box) bool {
	return b.x0 < o.x1 && o.x0 < b.x1 && b.y0 < o.y1 && o.y0 < b.y1
}

func (b box) inside(o box) bool {
	return b.x0 >= o.x0 && b.y0 >= o.y0 && b.x1 <= o.x1 && b.y1 <= o.y1
}

func (b box) String() string {
	return fmt.Sprintf("(%.1f,%.1f)-(%.1f,%.1f)", b.x0, b.y0, b.x1, b.y1)
}

// svgText is a line of text in an SVG picture and the box it covers.
type svgText struct {
	text string
	box  box
	node int // the node it is the label of, or -1
}

// svgNode is a node of an SVG picture: its name (its title) and the box
// around its shape, and whether the shape is an ellipse.
type svgNode struct {
	name    string
	box     box
	ellipse bool
}

// svgPicture is what a picture shows, measured.
type svgPicture struct {
	width, height float64
	nodes         []svgNode
	texts         []svgText
}

// textMeter measures text as a browser draws the SVG's Helvetica: in a
// font of its widths (Go Regular, within a percent of Helvetica and
// Arial), from the baseline up by its ascent and down by its descent.
type textMeter struct {
	font  *truetype.Font
	faces map[float64]font.Face
}

func newTextMeter(tb testing.TB) *textMeter {
	tb.Helper()
	f, err := truetype.Parse(goregular.TTF)
	if err != nil {
		tb.Fatal(err)
	}
	return &textMeter{font: f, faces: map[float64]font.Face{}}
}

// box returns the box of text drawn at (x, y) with an anchor.
func (m *textMeter) box(s string, x, y, size float64, anchor string) box {
	face, ok := m.faces[size]
	if !ok {
		face = truetype.NewFace(m.font, &truetype.Options{Size: size, Hinting: font.HintingNone})
		m.faces[size] = face
	}
	w := float64(font.MeasureString(face, s)) / 64
	switch anchor {
	case "middle":
		x -= w / 2
	case "end":
		x -= w
	}
	met := face.Metrics()
	return box{x, y - float64(met.Ascent)/64, x + w, y + float64(met.Descent)/64}
}

// readSVGPicture parses an SVG that Memoria drew (Graphviz's structure:
// a group for each node and edge, an optional link group inside) and
// measures every node's shape and every text.
func readSVGPicture(tb testing.TB, svg []byte, m *textMeter) svgPicture {
	tb.Helper()
	var pic svgPicture
	dec := xml.NewDecoder(bytes.NewReader(svg))
	var classes []string // of the open groups
	node := -1           // the node whose group is open
	var title, text *strings.Builder
	var textEl xml.StartElement
	num := func(el xml.StartElement, name string) float64 {
		for _, a := range el.Attr {
			if a.Name.Local == name {
				v, err := strconv.ParseFloat(strings.TrimSuffix(a.Value, "pt"), 64)
				if err != nil {
					tb.Fatalf("%s=%q: %v", name, a.Value, err)
				}
				return v
			}
		}
		return math.NaN()
	}
	attr := func(el xml.StartElement, name string) string {
		for _, a := range el.Attr {
			if a.Name.Local == name {
				return a.Value
			}
		}
		return ""
	}
	shape := func(b box, ellipse bool) {
		if node < 0 {
			return
		}
		n := &pic.nodes[node]
		if math.IsInf(n.box.x0, 1) {
			n.box, n.ellipse = b, ellipse
		}
	}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			tb.Fatalf("the SVG does not parse: %v", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "svg":
				pic.width, pic.height = num(t, "width"), num(t, "height")
			case "g":
				classes = append(classes, attr(t, "class"))
				if attr(t, "class") == "node" {
					pic.nodes = append(pic.nodes, svgNode{box: box{math.Inf(1), 0, 0, 0}})
					node = len(pic.nodes) - 1
				}
			case "title":
				title = &strings.Builder{}
			case "ellipse":
				cx, cy, rx, ry := num(t, "cx"), num(t, "cy"), num(t, "rx"), num(t, "ry")
				shape(box{cx - rx, cy - ry, cx + rx, cy + ry}, true)
			case "polygon":
				if node < 0 {
					continue
				}
				b := box{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
				f := strings.FieldsFunc(attr(t, "points"), func(r rune) bool { return r == ' ' || r == ',' })
				for i := 0; i+1 < len(f); i += 2 {
					x, _ := strconv.ParseFloat(f[i], 64)
					y, _ := strconv.ParseFloat(f[i+1], 64)
					b = box{min(b.x0, x), min(b.y0, y), max(b.x1, x), max(b.y1, y)}
				}
				shape(b, false)
			case "text":
				text, textEl = &strings.Builder{}, t
			}
		case xml.CharData:
			if text != nil {
				text.Write(t)
			} else if title != nil {
				title.Write(t)
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "g":
				if classes[len(classes)-1] == "node" {
					node = -1
				}
				classes = classes[:len(classes)-1]
			case "title":
				if node >= 0 && pic.nodes[node].name == "" {
					pic.nodes[node].name = title.String()
				}
				title = nil
			case "text":
				s := text.String()
				b := m.box(s, num(textEl, "x"), num(textEl, "y"), num(textEl, "font-size"), attr(textEl, "text-anchor"))
				pic.texts = append(pic.texts, svgText{text: s, box: b, node: node})
				text = nil
			}
		}
	}
	return pic
}

// problems lists what hides or clips a label: a label outside the
// canvas, or overlapping a node that is not its own or another label; a
// node's label outside its shape; two nodes overlapping.
func (pic svgPicture) problems() []string {
	var out []string
	canvas := box{0, 0, pic.width, pic.height}
	for i, t := range pic.texts {
		if !t.box.inside(canvas) {
			out = append(out, fmt.Sprintf("label %q at %v is outside the canvas %v", t.text, t.box, canvas))
		}
		for j, n := range pic.nodes {
			switch {
			case j == t.node:
				if !labelInside(t.box, n) {
					out = append(out, fmt.Sprintf("label %q at %v is not inside its node %v", t.text, t.box, n.box))
				}
			case t.box.overlaps(n.box):
				out = append(out, fmt.Sprintf("label %q at %v is under node %s at %v", t.text, t.box, n.name, n.box))
			}
		}
		for _, o := range pic.texts[i+1:] {
			if t.box.overlaps(o.box) {
				out = append(out, fmt.Sprintf("labels %q at %v and %q at %v overlap", t.text, t.box, o.text, o.box))
			}
		}
	}
	for i, n := range pic.nodes {
		if math.IsInf(n.box.x0, 1) {
			continue // drawn without a shape
		}
		for _, o := range pic.nodes[i+1:] {
			if n.box.overlaps(o.box) {
				out = append(out, fmt.Sprintf("nodes %s at %v and %s at %v overlap", n.name, n.box, o.name, o.box))
			}
		}
	}
	return out
}

// labelInside reports whether a label's box is within its node's shape:
// its box, or for an ellipse, the ellipse.
func labelInside(b box, n svgNode) bool {
	if !n.ellipse {
		return b.inside(n.box)
	}
	cx, cy := (n.box.x0+n.box.x1)/2, (n.box.y0+n.box.y1)/2
	rx, ry := (n.box.x1-n.box.x0)/2, (n.box.y1-n.box.y0)/2
	for _, p := range [][2]float64{{b.x0, b.y0}, {b.x1, b.y0}, {b.x0, b.y1}, {b.x1, b.y1}} {
		dx, dy := (p[0]-cx)/rx, (p[1]-cy)/ry
		if dx*dx+dy*dy > 1 {
			return false
		}
	}
	return true
}

// TestPictureHidesNoLabel asks the server for pictures of the seed and
// measures what they show: no label under a node or another label, none
// clipped by the canvas or spilling out of its node, no two nodes on top
// of each other. The first is the README's picture, where a node hid
// most of "carried-out".
func TestPictureHidesNoLabel(t *testing.T) {
	h, _ := newExportHandler(t, server.ExportOptions{})
	m := newTextMeter(t)
	for _, query := range []string{
		"id=person/lavrentiy-beria&during=1934/1941",
		beriaQuery,
		"id=person/nikolai-yezhov",
		"id=person/joseph-stalin&kinds=person,group",
		"id=group/nkvd&layout=dot",
		"id=event/great-terror&layout=circo",
		"from=person/leon-trotsky&to=person/lavrentiy-beria",
	} {
		t.Run(query, func(t *testing.T) {
			rec := get(h, "/export/svg?"+query)
			if rec.Code != 200 {
				t.Fatalf("status %d: %s", rec.Code, rec.Body)
			}
			pic := readSVGPicture(t, rec.Body.Bytes(), m)
			if len(pic.nodes) < 2 || len(pic.texts) < len(pic.nodes) {
				t.Fatalf("%d nodes and %d texts: the picture was not read", len(pic.nodes), len(pic.texts))
			}
			for _, p := range pic.problems() {
				t.Error(p)
			}
		})
	}
}

// TestPictureOfTheWholeSeed draws every node of the seed, as SVG and as
// PNG, and wants it readable on a screen: every node there, nothing
// hidden, and the smallest label at least 12 pixels high in the PNG and
// at 100% in a browser (a point is 4/3 of a CSS pixel). The pictures
// are saved to $MEMORIA_ARTIFACTS when it is set, to be looked at.
func TestPictureOfTheWholeSeed(t *testing.T) {
	h, _ := newExportHandler(t, server.ExportOptions{})
	m := newTextMeter(t)
	svg := get(h, "/export/svg")
	pic := get(h, "/export/png")
	dot := get(h, "/export/dot")
	if svg.Code != 200 || pic.Code != 200 || dot.Code != 200 {
		t.Fatalf("status %d, %d, %d: %s%s", svg.Code, pic.Code, dot.Code, svg.Body, pic.Body)
	}
	if dir := os.Getenv("MEMORIA_ARTIFACTS"); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for name, body := range map[string][]byte{"seed.svg": svg.Body.Bytes(), "seed.png": pic.Body.Bytes()} {
			if err := os.WriteFile(filepath.Join(dir, name), body, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	p := readSVGPicture(t, svg.Body.Bytes(), m)
	if want := strings.Count(dot.Body.String(), "shape=\""); len(p.nodes) != want {
		t.Errorf("the picture has %d nodes, the seed %d", len(p.nodes), want)
	}
	for _, problem := range p.problems() {
		t.Error(problem)
	}
	smallest := math.Inf(1)
	for _, tx := range p.texts {
		smallest = min(smallest, tx.box.y1-tx.box.y0)
	}
	img, err := png.Decode(pic.Body)
	if err != nil {
		t.Fatal(err)
	}
	scale := float64(img.Bounds().Dx()) / p.width
	if px := smallest * scale; px < 12 {
		t.Errorf("the smallest label is %.1f pixels high in the PNG (%d pixels wide for %.0f points)", px, img.Bounds().Dx(), p.width)
	}
	if px := smallest * 4 / 3; px < 12 {
		t.Errorf("the smallest label is %.1f CSS pixels high in the SVG", px)
	}
}
