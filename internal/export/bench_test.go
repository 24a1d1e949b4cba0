package export_test

import (
	"context"
	"fmt"
	"io"
	"testing"

	"github.com/memoria-history/memoria/internal/export"
	"github.com/memoria-history/memoria/internal/history"
)

// BenchmarkWrite writes a graph of 10,000 nodes and 30,000 cited edges,
// with text to escape, in the XML formats.
func BenchmarkWrite(b *testing.B) {
	g := large(10000, 3)
	for _, f := range []export.Format{export.GEXF, export.GraphML} {
		b.Run(string(f), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := export.Write(context.Background(), io.Discard, f, g, export.Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// large is a graph of n nodes of every kind, each the source of perNode
// edges with two citations.
func large(n, perNode int) export.Graph {
	kinds := []history.Kind{history.KindPerson, history.KindPerson, history.KindGroup, history.KindPlace, history.KindEvent, history.KindWork}
	date := history.MustParseDate("1937-08-05")
	nodes := make([]export.Node, n)
	for i := range nodes {
		nodes[i] = export.Node{ID: history.ID(fmt.Sprintf("person/p%07d", i)), Kind: kinds[i%len(kinds)], Label: fmt.Sprintf("Лицо «%d» & co", i),
			Category: "arrest", Description: "Arrested under Article 58 <1937>;\nshot the same year.", Time: date}
	}
	var edges []export.Edge
	cites := []history.Citation{{Source: "source/essay", Locator: "¶9"}, {Source: "source/book", Locator: "p. 81"}}
	for i := range n * perNode {
		from, to := i/perNode, (i*7+1)%n
		edges = append(edges, export.Edge{ID: history.ID(fmt.Sprintf("relation/r%07d", i)), From: nodes[from].ID, To: nodes[to].ID,
			Relation: "knew", Time: date, Citations: cites})
	}
	return export.Of("Memoria: a large graph", nodes, edges)
}
