package render

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"os"
	"testing"

	"github.com/memoria-history/memoria/internal/export"
	"github.com/memoria-history/memoria/internal/history"
)

// BenchmarkRender300 lays out and draws graphs of 300 nodes as a server
// does, with the default layout, as SVG and as PNG, and reports the CPU
// time each took beside its wall time: dot300, and a
// neighbourhood of 300 nodes and 615 edges in a synthetic network,
// written by
//
//	memoria gen --people 2000 --shape network -o net
//	memoria --db bbolt:net.db load net
//	memoria --db bbolt:net.db export --id person/p0000001 --hops 2 --limit 300 --format dot
func BenchmarkRender300(b *testing.B) {
	graphs := []struct {
		name string
		dot  func(testing.TB) []byte
	}{
		{"synthetic", dot300},
		{"neighbourhood", readGzip("testdata/neighbourhood-300.dot.gz")},
	}
	r := New()
	for _, g := range graphs {
		doc := g.dot(b)
		for _, format := range []string{"svg", "png"} {
			b.Run(g.name+"/"+format, func(b *testing.B) {
				b.ReportAllocs()
				start := processCPU()
				for b.Loop() {
					if err := r.Render(context.Background(), doc, format, export.DefaultLayout, io.Discard); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(processCPU()-start)/float64(b.N), "cpu-ns/op")
			})
		}
	}
}

func readGzip(name string) func(testing.TB) []byte {
	return func(tb testing.TB) []byte {
		f, err := os.Open(name)
		if err != nil {
			tb.Fatal(err)
		}
		defer f.Close()
		z, err := gzip.NewReader(f)
		if err != nil {
			tb.Fatal(err)
		}
		b, err := io.ReadAll(z)
		if err != nil {
			tb.Fatal(err)
		}
		return b
	}
}

// dot300 is a graph of 300 nodes of every kind with names in Latin and
// Cyrillic, and 600 edges, some uncertain (dashed), as export writes it:
// the most a server draws by default.
func dot300(tb testing.TB) []byte {
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
	var dot bytes.Buffer
	if err := export.Write(context.Background(), &dot, export.DOT, export.Of("300 nodes", nodes, edges), export.Options{}); err != nil {
		tb.Fatal(err)
	}
	return dot.Bytes()
}
