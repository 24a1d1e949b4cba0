package graph

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/memoria-history/memoria/internal/history"
)

// randomDataset returns a small random graph of people, groups, places and
// events, with parallel edges, self-loops, dated and undated statements:
// the awkward cases a curated dataset rarely has.
func randomDataset(tb testing.TB, r *rand.Rand, nodes, relations int) *history.Dataset {
	tb.Helper()
	kinds := []history.Kind{history.KindPerson, history.KindPerson, history.KindGroup, history.KindPlace, history.KindEvent}
	var all []history.ID
	ds := &history.Dataset{}
	for i := range nodes {
		k := kinds[r.IntN(len(kinds))]
		id := history.ID(fmt.Sprintf("%s/n%02d", k, i))
		all = append(all, id)
		if k == history.KindEvent {
			ds.Events = append(ds.Events, history.Event{ID: id})
		} else {
			ds.Entities = append(ds.Entities, history.Entity{ID: id, Kind: k})
		}
	}
	year := func() history.Date {
		if r.IntN(3) == 0 {
			return history.Date{}
		}
		return history.MustParseDate(fmt.Sprint(1900 + r.IntN(10)))
	}
	types := []history.RelationType{history.RelLed, history.RelMemberOf, history.RelOpposed}
	for i := range relations {
		ds.Relations = append(ds.Relations, history.Relation{
			ID:      history.ID(fmt.Sprintf("relation/r%d", i)),
			Subject: all[r.IntN(len(all))], Object: all[r.IntN(len(all))],
			Type: types[r.IntN(len(types))], Start: &history.DatedFact{Date: year()}, End: &history.DatedFact{Date: year()},
		})
	}
	for i := range ds.Events {
		e := &ds.Events[i]
		if d := year(); !d.IsZero() {
			e.Date = &history.DatedFact{Date: d}
		}
		for range r.IntN(3) {
			roles := []history.Role{history.RoleOrdered, history.RoleVictim}
			e.Participants = append(e.Participants, history.Participation{Entity: all[r.IntN(len(all))], Role: roles[r.IntN(2)]})
		}
		if r.IntN(3) == 0 {
			e.Consequences = append(e.Consequences, history.Link{Target: all[r.IntN(len(all))]})
		}
		if r.IntN(4) == 0 {
			e.Place = &history.Link{Target: all[r.IntN(len(all))]}
		}
	}
	return ds
}

func randomFilter(r *rand.Rand) Filter {
	var f Filter
	if r.IntN(3) == 0 {
		f.During = history.MustParseDate(fmt.Sprint(1900 + r.IntN(10)))
	}
	for _, l := range []string{"led", "member-of", "opposed", LabelParticipant, LabelCaused, LabelPlace, "victim"} {
		if r.IntN(6) == 0 {
			f.Labels = append(f.Labels, l)
		}
	}
	for _, k := range []history.Kind{history.KindPerson, history.KindGroup, history.KindPlace, history.KindEvent} {
		if r.IntN(5) == 0 {
			f.Kinds = append(f.Kinds, k)
		}
	}
	f.Direction = Direction(r.IntN(3))
	return f
}

// TestShortestPathMatchesReference compares the bidirectional search with a
// plain breadth-first search on random graphs and filters: same path, node
// for node, because both must return the first shortest path in id order.
func TestShortestPathMatchesReference(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	ctx := context.Background()
	for round := range 300 {
		ds := randomDataset(t, r, 5+r.IntN(40), r.IntN(120))
		ix, ref := Build(ds), newReference(ds)
		nodes := slices.Collect(func(yield func(history.ID) bool) {
			for _, e := range ds.Entities {
				yield(e.ID)
			}
			for _, e := range ds.Events {
				yield(e.ID)
			}
		})
		for range 20 {
			from, to := nodes[r.IntN(len(nodes))], nodes[r.IntN(len(nodes))]
			f, maxHops := randomFilter(r), r.IntN(8)
			p, ok, err := ix.ShortestPath(ctx, from, to, maxHops, f)
			if err != nil {
				t.Fatal(err)
			}
			want := ref.shortestPath(from, to, maxHops, f)
			if ok != (want != nil) || !slices.Equal(p.Nodes, want) {
				t.Fatalf("round %d, %s to %s, maxHops %d, filter %+v\ngot  %v (found %v)\nwant %v", round, from, to, maxHops, f, p.Nodes, ok, want)
			}
			checkPath(t, p, from, to, f)
		}
	}
}

// TestKShortestPathsMatchesReference compares Yen's algorithm with an
// enumeration of every simple path on small random graphs.
func TestKShortestPathsMatchesReference(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	ctx := context.Background()
	for round := range 100 {
		ds := randomDataset(t, r, 4+r.IntN(10), r.IntN(25))
		ix, ref := Build(ds), newReference(ds)
		var nodes []history.ID
		for _, e := range ds.Entities {
			nodes = append(nodes, e.ID)
		}
		for _, e := range ds.Events {
			nodes = append(nodes, e.ID)
		}
		for range 10 {
			from, to := nodes[r.IntN(len(nodes))], nodes[r.IntN(len(nodes))]
			f, maxHops, k := randomFilter(r), r.IntN(6), 1+r.IntN(12)
			if r.IntN(2) == 0 {
				f = Filter{}
			}
			ps, err := ix.KShortestPaths(ctx, from, to, maxHops, k, f)
			if err != nil {
				t.Fatal(err)
			}
			want := ref.simplePaths(from, to, maxHops, f)
			want = want[:min(k, len(want))]
			var got [][]history.ID
			for _, p := range ps {
				got = append(got, p.Nodes)
				checkPath(t, p, from, to, f)
			}
			if !slices.EqualFunc(got, want, slices.Equal) {
				t.Fatalf("round %d, %s to %s, maxHops %d, k %d, filter %+v\ngot  %v\nwant %v", round, from, to, maxHops, k, f, got, want)
			}
		}
	}
}

// TestNeighborhoodMatchesReference checks neighbourhoods on random graphs:
// the nodes are those within hops by the reference's distances, level by
// level in id order, and the subgraph is closed.
func TestNeighborhoodMatchesReference(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	ctx := context.Background()
	for round := range 200 {
		ds := randomDataset(t, r, 5+r.IntN(30), r.IntN(80))
		ix, ref := Build(ds), newReference(ds)
		start := ds.Entities
		if len(start) == 0 {
			continue
		}
		id := start[r.IntN(len(start))].ID
		f, hops, limit := randomFilter(r), r.IntN(4), 1+r.IntN(30)
		sub, err := ix.Neighborhood(ctx, id, hops, limit, f)
		if err != nil {
			t.Fatal(err)
		}
		// Level by level from the reference.
		want := []history.ID{id}
		seen := map[history.ID]bool{id: true}
		level := []history.ID{id}
		truncated := false
		for range hops {
			var next []history.ID
			for _, u := range level {
				for _, v := range ref.neighbours(u, id, id, f) {
					if !seen[v] {
						seen[v] = true
						next = append(next, v)
					}
				}
			}
			slices.Sort(next)
			if len(want)+len(next) > limit {
				want, truncated = append(want, next[:limit-len(want)]...), true
				break
			}
			want, level = append(want, next...), next
		}
		if !slices.Equal(sub.Nodes, want) || sub.Truncated != truncated {
			t.Fatalf("round %d, %s, hops %d, limit %d, filter %+v\ngot  %v (truncated %v)\nwant %v (truncated %v)", round, id, hops, limit, f, sub.Nodes, sub.Truncated, want, truncated)
		}
		checkClosed(t, sub, f)
		in := map[history.ID]bool{}
		for _, n := range sub.Nodes {
			in[n] = true
		}
		induced := 0
		for _, e := range ref.edges {
			if in[e.From] && in[e.To] && edgePasses(e, true, Filter{During: f.During, Labels: f.Labels}) {
				induced++
			}
		}
		if len(sub.Edges) != induced {
			t.Fatalf("round %d: got %d edges, want all %d between the nodes", round, len(sub.Edges), induced)
		}
	}
}
