package render

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"strconv"

	"github.com/golang/freetype/truetype"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/goregular"
)

// place lays a graph out in Go (stressLayout) and returns the document
// with every node's position, for Graphviz's nop layout to draw as it
// is, with straight edges: routing splines around 300 nodes took
// Graphviz minutes. The edges' labels become their tooltips in SVG, and
// are left out of PNG: placing 600 of them took Graphviz longer than
// drawing the rest, and at this size they cover the picture more than
// they tell.
func place(ctx context.Context, g *dotGraph, doc []byte, format string) ([]byte, error) {
	boxes, err := measure(g)
	if err != nil {
		return nil, err
	}
	pos, err := stressLayout(ctx, boxes, g.edges)
	if err != nil {
		return nil, err
	}
	end := bytes.LastIndexByte(doc, '}')
	if end < 0 {
		return nil, errUnread
	}
	out := make([]byte, 0, len(doc)+len(g.nodes)*48+len(g.edgeLabels)*2)
	from := 0
	for _, l := range g.edgeLabels {
		out = append(out, doc[from:l.key]...)
		from = l.end
		if format == "svg" {
			from = l.key + len("label")
			out = append(out, "tooltip"...)
		}
	}
	out = append(out, doc[from:end]...)
	// Later attributes win: the same document, drawn where placed.
	out = append(out, "  graph [overlap=\"true\", splines=\"false\"];\n"...)
	for i, n := range g.nodes {
		out = append(out, "  "...)
		out = append(out, n.token...)
		out = append(out, ` [pos="`...)
		out = strconv.AppendFloat(out, pos[i].x, 'f', 1, 64)
		out = append(out, ',')
		out = strconv.AppendFloat(out, pos[i].y, 'f', 1, 64)
		out = append(out, "!\"];\n"...)
	}
	return append(out, doc[end:]...), nil
}

// measure estimates the size of each node in points as Graphviz will
// draw it: the label in the font the PNG is drawn with, which is a
// little wider than the Helvetica that Graphviz measures, plus Graphviz's
// margins, at least its smallest node; an ellipse holds its label's box.
func measure(g *dotGraph) ([]box, error) {
	ft, err := truetype.Parse(goregular.TTF)
	if err != nil {
		return nil, fmt.Errorf("render: read the Go font: %w", err)
	}
	faces := map[float64]font.Face{}
	boxes := make([]box, len(g.nodes))
	for i, n := range g.nodes {
		face, ok := faces[n.fontsize]
		if !ok {
			face = truetype.NewFace(ft, &truetype.Options{Size: n.fontsize, Hinting: font.HintingNone})
			faces[n.fontsize] = face
		}
		lines := n.lines()
		wide := 0.0
		for _, l := range lines {
			wide = max(wide, float64(font.MeasureString(face, l))/64)
		}
		w, h := wide+16, float64(len(lines))*n.fontsize*1.2+8
		if n.shape == "" || n.shape == "ellipse" || n.shape == "oval" || n.shape == "circle" {
			w, h = w*math.Sqrt2, h*math.Sqrt2
		}
		boxes[i] = box{max(w, 54), max(h, 36)}
	}
	return boxes, nil
}
