package render

import (
	"bytes"
	"context"
	"io"
	"os"
	"testing"

	"github.com/memoria-history/memoria/internal/export"
)

// BenchmarkRasterize draws as PNG the SVG that Graphviz wrote of the
// export fixture, of the README's picture (Beria's neighbourhood in
// 1934-1941) and of a graph of 300 nodes, the most a server draws by
// default (laid out once, which takes seconds).
func BenchmarkRasterize(b *testing.B) {
	pictures := []struct {
		name string
		svg  func(testing.TB) []byte
	}{
		{"fixture", readFile("../export/testdata/golden/fixture.svg")},
		{"beria-1934-1941", readFile("../export/testdata/beria-1934-1941.svg")},
		{"300-nodes", svg300},
	}
	for _, p := range pictures {
		b.Run(p.name, func(b *testing.B) {
			svg := p.svg(b)
			b.ReportAllocs()
			for b.Loop() {
				if err := rasterize(svg, io.Discard, maxPixels); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func readFile(name string) func(testing.TB) []byte {
	return func(tb testing.TB) []byte {
		b, err := os.ReadFile(name)
		if err != nil {
			tb.Fatal(err)
		}
		return b
	}
}

// svg300 lays out dot300 with the default layout.
func svg300(tb testing.TB) []byte {
	var svg bytes.Buffer
	if err := New().Render(context.Background(), dot300(tb), "svg", export.DefaultLayout, &svg); err != nil {
		tb.Fatal(err)
	}
	return svg.Bytes()
}
