package graph

import (
	"context"
	"slices"
	"testing"

	"github.com/memoria-history/memoria/internal/history"
)

func TestNeighborhood(t *testing.T) {
	ix := Build(fixture(t))
	tests := []struct {
		name          string
		id            history.ID
		hops, limit   int
		f             Filter
		wantNodes     []history.ID
		wantEdges     int
		wantTruncated bool
	}{
		{"one hop, levels in id order", yezhov, 1, 100, Filter{}, ids(yezhov, greatTerror, yezhovAppt, nkvd, party, beria), 8, false},
		{"limit cuts the last level in id order", yezhov, 1, 3, Filter{}, ids(yezhov, greatTerror, yezhovAppt), 2, true},
		{"limit equal to the size is not a cut", yezhov, 1, 6, Filter{}, ids(yezhov, greatTerror, yezhovAppt, nkvd, party, beria), 8, false},
		{"limit reached before a further level", beria, 2, 5, Filter{}, ids(beria, beriaAppt, nkvd, party, yezhov), 6, true},
		{"zero hops", yezhov, 0, 10, Filter{}, ids(yezhov), 0, false},
		{"kinds: people only, through people only", yezhov, 2, 100, Filter{Kinds: []history.Kind{history.KindPerson}}, ids(yezhov, beria), 1, false},
		{"kinds: the start is always kept", nkvd, 1, 100, Filter{Kinds: []history.Kind{history.KindPerson}}, ids(nkvd, yagoda, beria, yezhov), 4, false},
		{"labels", yezhov, 2, 100, Filter{Labels: []string{"led"}}, ids(yezhov, nkvd, yagoda, beria), 3, false},
		{"during", yezhov, 2, 100, Filter{During: history.MustParseDate("1935")}, ids(yezhov, party, stalin, beria), 3, false},
		{"outgoing", yezhov, 1, 100, Filter{Direction: Outgoing}, ids(yezhov, greatTerror, yezhovAppt, nkvd, party), 5, false},
		{"incoming", yezhov, 1, 100, Filter{Direction: Incoming}, ids(yezhov, beria), 1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sub, err := ix.Neighborhood(context.Background(), tt.id, tt.hops, tt.limit, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(sub.Nodes, tt.wantNodes) {
				t.Errorf("nodes\ngot  %v\nwant %v", sub.Nodes, tt.wantNodes)
			}
			if len(sub.Edges) != tt.wantEdges {
				t.Errorf("got %d edges, want %d: %+v", len(sub.Edges), tt.wantEdges, sub.Edges)
			}
			if sub.Truncated != tt.wantTruncated {
				t.Errorf("truncated = %v, want %v", sub.Truncated, tt.wantTruncated)
			}
			checkClosed(t, sub, tt.f)
		})
	}
}

// checkClosed checks that every edge of a subgraph has both ends among its
// nodes, appears once, and passes the filter's During and Labels.
func checkClosed(tb testing.TB, sub Subgraph, f Filter) {
	tb.Helper()
	in := map[history.ID]bool{}
	for _, n := range sub.Nodes {
		if in[n] {
			tb.Errorf("node %s listed twice", n)
		}
		in[n] = true
	}
	seen := map[history.ID]bool{}
	for _, e := range sub.Edges {
		if !in[e.From] || !in[e.To] {
			tb.Errorf("edge %s (%s->%s) leaves the subgraph", e.Statement, e.From, e.To)
		}
		if seen[e.Statement] {
			tb.Errorf("edge %s listed twice", e.Statement)
		}
		seen[e.Statement] = true
		if !edgePasses(e, true, Filter{During: f.During, Labels: f.Labels}) {
			tb.Errorf("edge %s does not pass the filter", e.Statement)
		}
	}
}

func TestCommon(t *testing.T) {
	ix := Build(fixture(t))
	tests := []struct {
		name string
		a, b history.ID
		f    Filter
		want []history.ID
		// wantFromA is the statements linking a to the first connection.
		wantFromA []history.ID
	}{
		{"events and groups in id order", stalin, yezhov, Filter{}, ids(greatTerror, yezhovAppt, party), ids("event/great-terror#participant/person/joseph-stalin/ordered")},
		{"kinds", stalin, yezhov, Filter{Kinds: []history.Kind{history.KindGroup}}, ids(party), ids("relation/stalin-member-of-vkpb")},
		{"during drops the appointment", stalin, yezhov, Filter{During: history.MustParseDate("1937")}, ids(greatTerror, party), ids("event/great-terror#participant/person/joseph-stalin/ordered")},
		{"outgoing: what both point to", beria, yezhov, Filter{Direction: Outgoing}, ids(nkvd, party), ids("relation/beria-led-nkvd")},
		{"the two themselves are not common", beria, yezhov, Filter{Labels: []string{"deputy-of"}}, nil, nil},
		{"nothing in common", yagoda, moscow, Filter{}, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cs, err := ix.Common(context.Background(), tt.a, tt.b, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			var got []history.ID
			for _, c := range cs {
				got = append(got, c.Node)
				if len(c.FromA) == 0 || len(c.FromB) == 0 {
					t.Errorf("%s: %d edges from a, %d from b; want some from each", c.Node, len(c.FromA), len(c.FromB))
				}
				for _, side := range []struct {
					end   history.ID
					edges []Edge
				}{{tt.a, c.FromA}, {tt.b, c.FromB}} {
					for _, e := range side.edges {
						if !(e.From == side.end && e.To == c.Node || e.To == side.end && e.From == c.Node) {
							t.Errorf("%s: edge %s does not link %s and %s", c.Node, e.Statement, side.end, c.Node)
						}
					}
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("common\ngot  %v\nwant %v", got, tt.want)
			}
			if len(cs) > 0 {
				var stmts []history.ID
				for _, e := range cs[0].FromA {
					stmts = append(stmts, e.Statement)
				}
				if !slices.Equal(stmts, tt.wantFromA) {
					t.Errorf("statements from a\ngot  %v\nwant %v", stmts, tt.wantFromA)
				}
			}
		})
	}
}

func TestEdges(t *testing.T) {
	ix := Build(fixture(t))
	tests := []struct {
		name string
		id   history.ID
		f    Filter
		want []history.ID // statements
	}{
		{"outgoing, by the other end's id", yezhov, Filter{Direction: Outgoing}, ids(
			"event/great-terror#participant/person/nikolai-yezhov/carried-out",
			"event/yezhov-appointment#participant/person/nikolai-yezhov/appointee",
			"relation/yezhov-led-nkvd",
			"relation/yezhov-member-of-vkpb",
		)},
		{"incoming", yezhov, Filter{Direction: Incoming}, ids("relation/beria-deputy-of-yezhov")},
		{"kinds apply to the other end", nkvd, Filter{Kinds: []history.Kind{history.KindEvent}}, ids("event/great-terror#participant/group/nkvd/carried-out")},
		{"during", nkvd, Filter{During: history.MustParseDate("1940")}, ids("relation/beria-led-nkvd")},
		{"role as label", stalin, Filter{Labels: []string{"ordered"}}, ids(
			"event/beria-appointment#participant/person/joseph-stalin/ordered",
			"event/great-terror#participant/person/joseph-stalin/ordered",
			"event/yezhov-appointment#participant/person/joseph-stalin/ordered",
		)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			es, err := ix.Edges(tt.id, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			var got []history.ID
			for _, e := range es {
				got = append(got, e.Statement)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("edges\ngot  %v\nwant %v", got, tt.want)
			}
		})
	}
}

func TestLenAndHas(t *testing.T) {
	ix := Build(fixture(t))
	nodes, edges := ix.Len()
	// 7 entities and 3 events; 7 relations, 7 participations, 2 places, 1 cause.
	if nodes != 10 || edges != 17 {
		t.Errorf("Len() = %d, %d; want 10, 17", nodes, edges)
	}
	for id, want := range map[history.ID]bool{stalin: true, greatTerror: true, "source/essay": false, "person/nobody": false} {
		if got := ix.Has(id); got != want {
			t.Errorf("Has(%q) = %v, want %v", id, got, want)
		}
	}
}

func TestBuildSkipsDanglingStatements(t *testing.T) {
	ds := fixture(t)
	ds.Relations = append(ds.Relations, history.Relation{ID: "relation/dangling", Subject: stalin, Type: history.RelOpposed, Object: "person/nobody"})
	ix := Build(ds)
	if _, edges := ix.Len(); edges != 17 {
		t.Errorf("got %d edges, want 17: the dangling relation left out", edges)
	}
	empty := Build(&history.Dataset{})
	if n, e := empty.Len(); n != 0 || e != 0 {
		t.Errorf("empty dataset: Len() = %d, %d; want 0, 0", n, e)
	}
}
