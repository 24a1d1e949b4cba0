package benchrun

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/memoria-history/memoria/internal/graph"
	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/synth"
)

// The ids of the seed the edge cases use.
const (
	beria  history.ID = "person/lavrentiy-beria"
	nkvd   history.ID = "group/nkvd"
	moscow history.ID = "place/moscow"
)

// floorCase is a generated graph, its index, and a floor over the index.
type floorCase struct {
	shape synth.Shape
	ds    *history.Dataset
	ix    *graph.Index
	f     *floor
}

// floorCases generates a graph of 2,000 people of each shape: the degrees
// of both are heavy-tailed.
func floorCases(t *testing.T) []floorCase {
	t.Helper()
	var cs []floorCase
	for _, shape := range synth.Shapes() {
		ds := generated(t, shape, 2000)
		ix := graph.Build(ds)
		cs = append(cs, floorCase{shape: shape, ds: ds, ix: ix, f: newFloor(ix)})
	}
	return cs
}

// TestFloorDistanceMatchesShortestPath checks the bare search against
// ShortestPath on generated graphs: same existence, same length, for pairs
// drawn at random and for a node and itself.
func TestFloorDistanceMatchesShortestPath(t *testing.T) {
	for _, c := range floorCases(t) {
		ds, ix, f := c.ds, c.ix, c.f
		ctx := context.Background()
		r := rand.New(rand.NewPCG(3, 5))
		tests := []struct {
			name    string
			maxHops int
		}{
			{"one hop", 1},
			{"two hops", 2},
			{"three hops", 3},
			{"six hops", 6},
		}
		for _, tt := range tests {
			t.Run(string(c.shape)+"/"+tt.name, func(t *testing.T) {
				found := 0
				for range 300 {
					a, b := ds.Entities[r.IntN(len(ds.Entities))].ID, ds.Entities[r.IntN(len(ds.Entities))].ID
					p, ok, err := ix.ShortestPath(ctx, a, b, tt.maxHops, graph.Filter{})
					if err != nil {
						t.Fatalf("ShortestPath(%s, %s): %v", a, b, err)
					}
					d, bareOK, err := f.distance(ctx, a, b, tt.maxHops)
					if err != nil {
						t.Fatalf("distance(%s, %s): %v", a, b, err)
					}
					if bareOK != ok || ok && d != p.Len() {
						t.Fatalf("distance(%s, %s, %d) = %d, %v; ShortestPath has length %d, %v", a, b, tt.maxHops, d, bareOK, p.Len(), ok)
					}
					if ok {
						found++
					}
				}
				if tt.maxHops >= 3 && found == 0 {
					t.Errorf("no pair connected within %d hops: the test checks nothing", tt.maxHops)
				}
			})
		}
	}
}

func TestFloorDistanceEdgeCases(t *testing.T) {
	f := newFloor(graph.Build(seedDataset(t)))
	ctx := context.Background()
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	tests := []struct {
		name     string
		ctx      context.Context
		from, to history.ID
		maxHops  int
		want     int
		wantOK   bool
		wantCode history.Code
		wantErr  error
	}{
		{name: "itself", ctx: ctx, from: beria, to: beria, maxHops: 0, want: 0, wantOK: true},
		{name: "neighbours", ctx: ctx, from: beria, to: nkvd, maxHops: 3, want: 1, wantOK: true},
		{name: "too far", ctx: ctx, from: beria, to: moscow, maxHops: 0},
		{name: "unknown", ctx: ctx, from: "person/nobody", to: beria, maxHops: 3, wantCode: history.CodeNotFound},
		{name: "negative hops", ctx: ctx, from: beria, to: nkvd, maxHops: -1, wantCode: history.CodeInvalid},
		{name: "cancelled", ctx: cancelled, from: beria, to: nkvd, maxHops: 3, wantErr: context.Canceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok, err := f.distance(tt.ctx, tt.from, tt.to, tt.maxHops)
			checkFloorErr(t, err, tt.wantCode, tt.wantErr)
			if err == nil && (got != tt.want || ok != tt.wantOK) {
				t.Errorf("distance = %d, %v; want %d, %v", got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

// TestFloorReachMatchesNeighborhood checks that the bare count is the size
// of Neighborhood's node set, cut by limit the same way.
func TestFloorReachMatchesNeighborhood(t *testing.T) {
	for _, c := range floorCases(t) {
		ds, ix, f := c.ds, c.ix, c.f
		ctx := context.Background()
		tests := []struct {
			name        string
			hops, limit int
		}{
			{"itself", 0, 10},
			{"one hop", 1, 100000},
			{"two hops", 2, 100000},
			{"two hops cut", 2, 50},
			{"three hops cut", 3, 500},
			{"limit one", 2, 1},
		}
		for _, tt := range tests {
			t.Run(string(c.shape)+"/"+tt.name, func(t *testing.T) {
				for i := 0; i < len(ds.Entities); i += 97 {
					id := ds.Entities[i].ID
					sub, err := ix.Neighborhood(ctx, id, tt.hops, tt.limit, graph.Filter{})
					if err != nil {
						t.Fatalf("Neighborhood(%s): %v", id, err)
					}
					got, err := f.reach(ctx, id, tt.hops, tt.limit)
					if err != nil {
						t.Fatalf("reach(%s): %v", id, err)
					}
					if got != len(sub.Nodes) {
						t.Fatalf("reach(%s, %d, %d) = %d, Neighborhood has %d nodes", id, tt.hops, tt.limit, got, len(sub.Nodes))
					}
				}
			})
		}
	}
}

func TestFloorReachErrors(t *testing.T) {
	f := newFloor(graph.Build(seedDataset(t)))
	tests := []struct {
		name        string
		id          history.ID
		hops, limit int
		wantCode    history.Code
	}{
		{"unknown", "person/nobody", 1, 10, history.CodeNotFound},
		{"negative hops", beria, -1, 10, history.CodeInvalid},
		{"zero limit", beria, 1, 0, history.CodeInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := f.reach(context.Background(), tt.id, tt.hops, tt.limit)
			checkFloorErr(t, err, tt.wantCode, nil)
		})
	}
}

// TestFloorStampsWrap checks that a floor whose stamps run out clears its
// marks, so that the stamps it starts again from do not meet the marks of
// earlier searches.
func TestFloorStampsWrap(t *testing.T) {
	f := newFloor(graph.Build(seedDataset(t)))
	ctx := context.Background()
	want, err := f.reach(ctx, beria, 2, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	f.stamp = math.MaxUint32 - 1
	if got, err := f.reach(ctx, beria, 2, 1<<20); err != nil || got != want {
		t.Fatalf("reach after the last stamp = %d, %v; want %d", got, err, want)
	}
	f.stamp = math.MaxUint32 - 1
	if d, ok, err := f.distance(ctx, beria, nkvd, 3); err != nil || !ok || d != 1 {
		t.Fatalf("distance after the last stamp = %d, %v, %v; want 1", d, ok, err)
	}
}

// checkFloorErr fails unless err has the wanted code, or is the wanted
// error, or is nil when neither is given.
func checkFloorErr(t *testing.T, err error, code history.Code, want error) {
	t.Helper()
	switch {
	case want != nil:
		if !errors.Is(err, want) {
			t.Errorf("error %v, want %v", err, want)
		}
	case code != "":
		if history.ErrorCode(err) != code {
			t.Errorf("error %v (code %q), want code %q", err, history.ErrorCode(err), code)
		}
	case err != nil:
		t.Errorf("unexpected error %v", err)
	}
}
