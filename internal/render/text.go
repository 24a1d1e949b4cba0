package render

import (
	"github.com/golang/freetype/truetype"
	"golang.org/x/image/font"
)

// metrics measures text in the Go Regular font, which the PNG draws
// with, which covers Latin, Greek and Cyrillic, and whose widths are
// within a percent of the Helvetica that Graphviz sizes nodes for and
// browsers draw SVG with (Arial, Liberation Sans). A metrics is used by
// one drawing at a time: its faces keep caches.
type metrics struct {
	font  *truetype.Font
	faces map[float64]font.Face
}

func newMetrics(f *truetype.Font) *metrics {
	return &metrics{font: f, faces: map[float64]font.Face{}}
}

// face returns the font at a size in pixels (or points, to measure).
func (m *metrics) face(size float64) font.Face {
	if f, ok := m.faces[size]; ok {
		return f
	}
	f := truetype.NewFace(m.font, &truetype.Options{Size: size, Hinting: font.HintingNone})
	m.faces[size] = f
	return f
}

// width is the advance of s at a size in points.
func (m *metrics) width(s string, size float64) float64 {
	return float64(font.MeasureString(m.face(size), s)) / 64
}
