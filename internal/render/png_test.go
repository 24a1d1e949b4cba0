package render

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"testing"

	"github.com/memoria-history/memoria/internal/export"
	"github.com/memoria-history/memoria/internal/history"
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
				if err := rasterize(svg, io.Discard); err != nil {
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

// svg300 lays out, with the default layout, a graph of 300 nodes of every
// kind with names in Latin and Cyrillic, and 600 edges, some uncertain
// (dashed).
func svg300(tb testing.TB) []byte {
	kinds := []history.Kind{history.KindPerson, history.KindPerson, history.KindGroup, history.KindPlace, history.KindEvent, history.KindWork}
	var nodes []export.Node
	var edges []export.Edge
	for i := range 300 {
		label := fmt.Sprintf("Person %d", i)
		if i%3 == 0 {
			label = fmt.Sprintf("Лицо номер %d", i)
		}
		nodes = append(nodes, export.Node{ID: history.ID(fmt.Sprintf("n/%d", i)), Kind: kinds[i%len(kinds)], Label: label})
	}
	for i := range 600 {
		from, to := i%300, (i*7+1)%300
		if from == to {
			to = (to + 1) % 300
		}
		e := export.Edge{ID: history.ID(fmt.Sprintf("e/%d", i)), From: nodes[from].ID, To: nodes[to].ID, Relation: "knew"}
		if i%5 == 0 {
			e.Time = history.MustParseDate("1937?")
		}
		edges = append(edges, e)
	}
	var dot, svg bytes.Buffer
	ctx := context.Background()
	if err := export.Write(ctx, &dot, export.DOT, export.Of("300 nodes", nodes, edges), export.Options{}); err != nil {
		tb.Fatal(err)
	}
	if err := New().Render(ctx, dot.Bytes(), "svg", export.DefaultLayout, &svg); err != nil {
		tb.Fatal(err)
	}
	return svg.Bytes()
}
