package server

import (
	"math"
	"testing"

	"github.com/graphql-go/graphql/language/parser"

	"github.com/memoria-history/memoria/internal/api"
)

// TestEstimateCost: the estimate multiplies by the sizes of lists, given
// by first and limit where the document says them, by their defaults,
// or guessed; fragments count where they are spread.
func TestEstimateCost(t *testing.T) {
	a, err := api.New(api.Data{}, api.Options{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		query    string
		min, max int
	}{
		{"one node", `{ node(id: "x") { id ... on Person { name } } }`, 3, 3},
		{"a page of ten", `{ search(text: "a", first: 10) { edges { node { id } } } }`, 10, 1000},
		{"a neighbourhood's default limit", `{ neighborhood(id: "x") { nodes { id } } }`, 200, 1000},
		{"nested lists", `{ neighborhood(id: "x", limit: 2000) { nodes { relations { other { relations { other { relations { id } } } } } } } }`, 1_000_000, math.MaxInt32},
		{"through a fragment", `{ neighborhood(id: "x", limit: 2000) { nodes { ...R } } } fragment R on Entity { relations { other { relations { id } } } }`, 100_000, math.MaxInt32},
		{"a size from a variable", `query($n: Int) { neighborhood(id: "x", limit: $n) { nodes { id } } }`, 100, 1000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := parser.Parse(parser.ParseParams{Source: tt.query})
			if err != nil {
				t.Fatal(err)
			}
			ops := plans(doc, a.Schema())
			if len(ops) != 1 {
				t.Fatalf("%d operations", len(ops))
			}
			if c := ops[0].cost; c < tt.min || c > tt.max {
				t.Errorf("estimated %d fields, want %d to %d", c, tt.min, tt.max)
			}
		})
	}
}
