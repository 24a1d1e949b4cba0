package benchrun

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/memoria-history/memoria/internal/dataset"
	"github.com/memoria-history/memoria/internal/graph"
	"github.com/memoria-history/memoria/internal/history"
)

// floorOf returns the bare traversals over ix.
func floorOf(ix *graph.Index) (func(context.Context, history.ID, history.ID, int) (int, bool, error), func(context.Context, history.ID, int, int) (int, error)) {
	f := newFloor(ix)
	return f.distance, f.reach
}

// floorGraph builds the index of a generated dataset of the shape and size
// given, and draws pairs of people at random (with a fixed seed) to query.
func floorGraph(b *testing.B, shape dataset.Shape, people int) (*graph.Index, [][2]history.ID) {
	b.Helper()
	ds := generated(b, shape, people)
	var persons []history.ID
	for _, e := range ds.Entities {
		if e.Kind == history.KindPerson {
			persons = append(persons, e.ID)
		}
	}
	r := rand.New(rand.NewPCG(7, 11))
	pairs := make([][2]history.ID, 1000)
	for i := range pairs {
		pairs[i] = [2]history.ID{persons[r.IntN(len(persons))], persons[r.IntN(len(persons))]}
	}
	return graph.Build(ds), pairs
}
func BenchmarkFloorDistance(b *testing.B) {
	for _, shape := range dataset.Shapes() {
		b.Run(string(shape), func(b *testing.B) {
			ix, pairs := floorGraph(b, shape, 20000)
			distance, _ := floorOf(ix)
			ctx := context.Background()
			i, found := 0, 0
			for b.Loop() {
				p := pairs[i%len(pairs)]
				i++
				_, ok, err := distance(ctx, p[0], p[1], 6)
				if err != nil {
					b.Fatal(err)
				}
				if ok {
					found++
				}
			}
			b.ReportMetric(float64(found)/float64(i), "found/op")
		})
	}
}

func BenchmarkFloorReach(b *testing.B) {
	for _, shape := range dataset.Shapes() {
		b.Run(string(shape), func(b *testing.B) {
			ix, pairs := floorGraph(b, shape, 20000)
			_, reach := floorOf(ix)
			ctx := context.Background()
			i, nodes := 0, 0
			for b.Loop() {
				n, err := reach(ctx, pairs[i%len(pairs)][0], 2, 2000)
				i++
				if err != nil {
					b.Fatal(err)
				}
				nodes += n
			}
			b.ReportMetric(float64(nodes)/float64(i), "nodes/op")
		})
	}
}
