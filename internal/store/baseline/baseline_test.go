package baseline

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/memoria-history/memoria/internal/dataset"
	"github.com/memoria-history/memoria/internal/graph"
	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/store"
	"github.com/memoria-history/memoria/internal/synth"
	"github.com/memoria-history/memoria/schema"
	"github.com/memoria-history/memoria/seed"
)

// baselineCase is a store loaded with a dataset, and the index built from
// the same dataset, whose answers the baselines must match.
type baselineCase struct {
	name string
	s    *store.Store
	ds   *history.Dataset
	ix   *graph.Index
}

// baselineCases loads the seed into every backend, and a generated
// dataset with heavy-tailed degrees into the memory store.
func baselineCases(t *testing.T) []baselineCase {
	t.Helper()
	ctx := context.Background()
	seedDS, err := dataset.ReadFS(ctx, seed.FS(), ".", "seed")
	if err != nil {
		t.Fatalf("read the seed: %v", err)
	}
	var out []baselineCase
	for _, b := range backends() {
		out = append(out, baselineCase{name: "seed on " + b, s: loaded(t, b, seedDS), ds: seedDS, ix: graph.Build(seedDS)})
	}
	dir := filepath.Join(t.TempDir(), "gen")
	if _, err := synth.Generate(ctx, dir, synth.Options{People: 200, Seed: 9}); err != nil {
		t.Fatalf("generate a dataset: %v", err)
	}
	genDS, err := dataset.ReadFS(ctx, os.DirFS(dir), ".", dir)
	if err != nil {
		t.Fatalf("read the generated dataset: %v", err)
	}
	return append(out, baselineCase{name: "generated on memory", s: loaded(t, "memory", genDS), ds: genDS, ix: graph.Build(genDS)})
}

// nodeIDs returns the ids of the entities and events of ds, the nodes of
// its graph.
func nodeIDs(ds *history.Dataset) []history.ID {
	var ids []history.ID
	for _, e := range ds.Entities {
		ids = append(ids, e.ID)
	}
	for _, e := range ds.Events {
		ids = append(ids, e.ID)
	}
	return ids
}

// pairs returns up to n pairs of nodes: all of them for a small graph,
// a fixed random choice for a larger one.
func pairs(ids []history.ID, n int) [][2]history.ID {
	var out [][2]history.ID
	if len(ids)*len(ids) <= n {
		for _, a := range ids {
			for _, b := range ids {
				out = append(out, [2]history.ID{a, b})
			}
		}
		return out
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range n {
		out = append(out, [2]history.ID{ids[r.IntN(len(ids))], ids[r.IntN(len(ids))]})
	}
	return out
}

func TestShortestPathMatchesIndex(t *testing.T) {
	ctx := context.Background()
	for _, c := range baselineCases(t) {
		t.Run(c.name, func(t *testing.T) {
			found := 0
			for _, p := range pairs(nodeIDs(c.ds), 2000) {
				want, ok, err := c.ix.ShortestPath(ctx, p[0], p[1], 6, graph.Filter{})
				if err != nil {
					t.Fatalf("ShortestPath(%s, %s): %v", p[0], p[1], err)
				}
				got, err := ShortestPath(ctx, c.s, p[0], p[1], 6)
				if err != nil {
					t.Fatalf("ShortestPath(%s, %s): %v", p[0], p[1], err)
				}
				if !ok {
					if got != nil {
						t.Fatalf("ShortestPath(%s, %s) = %v; the index finds no path within 6 hops", p[0], p[1], got)
					}
					continue
				}
				found++
				if len(got) != len(want.Nodes) {
					t.Fatalf("ShortestPath(%s, %s) = %v (%d steps); the index's is %v (%d steps)", p[0], p[1], got, len(got)-1, want.Nodes, want.Len())
				}
				checkWalk(t, c.ix, got, p[0], p[1])
			}
			if found == 0 {
				t.Fatal("no pair is connected: the test checks nothing")
			}
		})
	}
}

// checkWalk fails unless path runs from one end to the other along edges
// of the index.
func checkWalk(t *testing.T, ix *graph.Index, path []history.ID, from, to history.ID) {
	t.Helper()
	if path[0] != from || path[len(path)-1] != to {
		t.Fatalf("path %v runs %s → %s, want %s → %s", path, path[0], path[len(path)-1], from, to)
	}
	for i := 1; i < len(path); i++ {
		if p, ok, err := ix.ShortestPath(context.Background(), path[i-1], path[i], 1, graph.Filter{}); err != nil || !ok || p.Len() != 1 {
			t.Fatalf("path %v: step %s → %s is not an edge of the index (%d, %v, %v)", path, path[i-1], path[i], p.Len(), ok, err)
		}
	}
}

func TestNeighborhoodMatchesIndex(t *testing.T) {
	ctx := context.Background()
	for _, c := range baselineCases(t) {
		ids := nodeIDs(c.ds)
		for _, hops := range []int{0, 1, 2} {
			t.Run(fmt.Sprintf("%s/hops %d", c.name, hops), func(t *testing.T) {
				for i := 0; i < len(ids); i += 1 + len(ids)/200 {
					sub, err := c.ix.Neighborhood(ctx, ids[i], hops, 1<<30, graph.Filter{})
					if err != nil {
						t.Fatalf("Neighborhood(%s): %v", ids[i], err)
					}
					got, err := Neighborhood(ctx, c.s, ids[i], hops, 1<<30)
					if err != nil {
						t.Fatalf("Neighborhood(%s): %v", ids[i], err)
					}
					want := slices.Clone(sub.Nodes)
					slices.Sort(want)
					slices.Sort(got)
					if !slices.Equal(got, want) {
						t.Fatalf("Neighborhood(%s, %d) has %d nodes %v;\nthe index has %d: %v", ids[i], hops, len(got), got, len(want), want)
					}
				}
			})
		}
	}
}

// TestNeighborhoodLimit checks that a cut neighbourhood keeps the
// start and has exactly limit nodes.
func TestNeighborhoodLimit(t *testing.T) {
	ctx := context.Background()
	c := baselineCases(t)[0]
	const id = "person/joseph-stalin"
	all, err := Neighborhood(ctx, c.s, id, 2, 1<<30)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		limit int
		want  int
	}{
		{"one", 1, 1},
		{"five", 5, 5},
		{"all", len(all), len(all)},
		{"more than all", len(all) + 10, len(all)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Neighborhood(ctx, c.s, id, 2, tt.limit)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != tt.want || got[0] != id {
				t.Errorf("Neighborhood(limit %d) = %d nodes starting %v, want %d starting %s", tt.limit, len(got), got[:min(len(got), 1)], tt.want, id)
			}
		})
	}
}

func TestEntityReadsTheRecord(t *testing.T) {
	ctx := context.Background()
	for _, c := range baselineCases(t) {
		t.Run(c.name, func(t *testing.T) {
			for i := 0; i < len(c.ds.Entities); i += 1 + len(c.ds.Entities)/200 {
				e := c.ds.Entities[i]
				got, err := Entity(ctx, c.s, e.ID)
				if err != nil {
					t.Fatalf("Entity(%s): %v", e.ID, err)
				}
				if got.ID != e.ID || !slices.Equal(got.Fields["name"], []string{e.Name}) {
					t.Errorf("Entity(%s) = %s named %q, want %q", e.ID, got.ID, got.Fields["name"], e.Name)
				}
				if e.Born != nil && !slices.Contains(got.Fields["birthDate"], e.Born.Date.EDTF) {
					t.Errorf("Entity(%s) born %q, want %q", e.ID, got.Fields["birthDate"], e.Born.Date.EDTF)
				}
				for _, n := range e.Names {
					field := string(schema.NameTerm(n.Kind)) // the kind rides on the predicate
					if !slices.Contains(got.Fields[field], n.Text) {
						t.Errorf("Entity(%s) %s %q, missing %q", e.ID, field, got.Fields[field], n.Text)
					}
				}
			}
		})
	}
}

func TestErrors(t *testing.T) {
	ctx := context.Background()
	s := baselineCases(t)[0].s
	const stalin, nobody = history.ID("person/joseph-stalin"), history.ID("person/nobody")
	tests := []struct {
		name string
		call func() error
		want history.Code
	}{
		{"entity: unknown", func() error { _, err := Entity(ctx, s, nobody); return err }, history.CodeNotFound},
		{"neighborhood: unknown", func() error { _, err := Neighborhood(ctx, s, nobody, 1, 10); return err }, history.CodeNotFound},
		{"neighborhood: negative hops", func() error { _, err := Neighborhood(ctx, s, stalin, -1, 10); return err }, history.CodeInvalid},
		{"neighborhood: zero limit", func() error { _, err := Neighborhood(ctx, s, stalin, 1, 0); return err }, history.CodeInvalid},
		{"path: unknown from", func() error { _, err := ShortestPath(ctx, s, nobody, stalin, 3); return err }, history.CodeNotFound},
		{"path: unknown to", func() error { _, err := ShortestPath(ctx, s, stalin, nobody, 3); return err }, history.CodeNotFound},
		{"path: negative hops", func() error { _, err := ShortestPath(ctx, s, stalin, stalin, -1); return err }, history.CodeInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := history.ErrorCode(tt.call()); got != tt.want {
				t.Errorf("error code %q, want %q", got, tt.want)
			}
		})
	}
}
