package graph

import (
	"context"
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/memoria-history/memoria/internal/history"
)

// TestBareDistanceMatchesShortestPath checks the bare search against
// ShortestPath on a heavy-tailed graph: same existence, same length, for
// pairs drawn at random and for a node and itself.
func TestBareDistanceMatchesShortestPath(t *testing.T) {
	ds := synthetic(t, 2000)
	ix := Build(ds)
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
		t.Run(tt.name, func(t *testing.T) {
			found := 0
			for range 300 {
				a, b := ds.Entities[r.IntN(len(ds.Entities))].ID, ds.Entities[r.IntN(len(ds.Entities))].ID
				p, ok, err := ix.ShortestPath(ctx, a, b, tt.maxHops, Filter{})
				if err != nil {
					t.Fatalf("ShortestPath(%s, %s): %v", a, b, err)
				}
				d, bareOK, err := ix.BareDistance(ctx, a, b, tt.maxHops)
				if err != nil {
					t.Fatalf("BareDistance(%s, %s): %v", a, b, err)
				}
				if bareOK != ok || ok && d != p.Len() {
					t.Fatalf("BareDistance(%s, %s, %d) = %d, %v; ShortestPath has length %d, %v", a, b, tt.maxHops, d, bareOK, p.Len(), ok)
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

func TestBareDistanceEdgeCases(t *testing.T) {
	ix := Build(fixture(t))
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
			got, ok, err := ix.BareDistance(tt.ctx, tt.from, tt.to, tt.maxHops)
			checkBareErr(t, err, tt.wantCode, tt.wantErr)
			if err == nil && (got != tt.want || ok != tt.wantOK) {
				t.Errorf("BareDistance = %d, %v; want %d, %v", got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

// TestBareReachMatchesNeighborhood checks that the bare count is the size
// of Neighborhood's node set, cut by limit the same way.
func TestBareReachMatchesNeighborhood(t *testing.T) {
	ds := synthetic(t, 2000)
	ix := Build(ds)
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
		t.Run(tt.name, func(t *testing.T) {
			for i := 0; i < len(ds.Entities); i += 97 {
				id := ds.Entities[i].ID
				sub, err := ix.Neighborhood(ctx, id, tt.hops, tt.limit, Filter{})
				if err != nil {
					t.Fatalf("Neighborhood(%s): %v", id, err)
				}
				got, err := ix.BareReach(ctx, id, tt.hops, tt.limit)
				if err != nil {
					t.Fatalf("BareReach(%s): %v", id, err)
				}
				if got != len(sub.Nodes) {
					t.Fatalf("BareReach(%s, %d, %d) = %d, Neighborhood has %d nodes", id, tt.hops, tt.limit, got, len(sub.Nodes))
				}
			}
		})
	}
}

func TestBareReachErrors(t *testing.T) {
	ix := Build(fixture(t))
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
			_, err := ix.BareReach(context.Background(), tt.id, tt.hops, tt.limit)
			checkBareErr(t, err, tt.wantCode, nil)
		})
	}
}

// checkBareErr fails unless err has the wanted code, or is the wanted error,
// or is nil when neither is given.
func checkBareErr(t *testing.T, err error, code history.Code, want error) {
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
