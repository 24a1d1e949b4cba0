package benchrun

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/memoria-history/memoria/internal/graph"
	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/synth"
)

func BenchmarkFloorDistance(b *testing.B) {
	benchFloor(b, "found/op", func(ctx context.Context, f *floor, p [2]history.ID) (int, error) {
		_, ok, err := f.distance(ctx, p[0], p[1], pathMaxHops)
		if ok {
			return 1, err
		}
		return 0, err
	})
}

func BenchmarkFloorReach(b *testing.B) {
	benchFloor(b, "nodes/op", func(ctx context.Context, f *floor, p [2]history.ID) (int, error) {
		return f.reach(ctx, p[0], nearHops, nearLimit)
	})
}

// benchFloor times query on a generated graph of 20,000 people of each
// shape, over pairs of people drawn at random (with a fixed seed), and
// reports the mean of what query counts, in unit.
func benchFloor(b *testing.B, unit string, query func(ctx context.Context, f *floor, p [2]history.ID) (int, error)) {
	for _, shape := range synth.Shapes() {
		b.Run(string(shape), func(b *testing.B) {
			ds := generated(b, shape, 20000)
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
			f := newFloor(graph.Build(ds))
			ctx := context.Background()
			i, sum := 0, 0
			for b.Loop() {
				n, err := query(ctx, f, pairs[i%len(pairs)])
				i++
				if err != nil {
					b.Fatal(err)
				}
				sum += n
			}
			b.ReportMetric(float64(sum)/float64(i), unit)
		})
	}
}
