package graph

import (
	"context"
	"slices"
	"testing"

	"github.com/memoria-history/memoria/internal/history"
)

// twoSources is the fixture with a second source, cited by the deputy-of
// relation and by the place of Yezhov's appointment alone.
func twoSources(tb testing.TB) *history.Dataset {
	tb.Helper()
	ds := fixture(tb)
	other := []history.Citation{{Source: "source/other", Locator: "p. 3"}}
	ds.Sources = append(ds.Sources, history.Source{ID: "source/other", Title: "Another book", Kind: history.SourceMonograph})
	for i := range ds.Relations {
		if ds.Relations[i].ID == "relation/beria-deputy-of-yezhov" {
			ds.Relations[i].Citations = other
		}
	}
	for i := range ds.Events {
		if ds.Events[i].ID == yezhovAppt {
			ds.Events[i].Place = &history.Link{Target: moscow, Citations: other}
		}
	}
	if ps := history.Validate(ds); len(ps) > 0 {
		tb.Fatalf("dataset is invalid:\n%v", ps)
	}
	return ds
}

func TestSelect(t *testing.T) {
	ix := Build(twoSources(t))
	other := Filter{Source: "source/other"}
	tests := []struct {
		name          string
		s             Selection
		wantNodes     []history.ID
		wantEdges     []history.ID // statement ids, in order
		wantTruncated bool
	}{
		{
			name:      "whole graph",
			s:         Selection{},
			wantNodes: ids(beriaAppt, greatTerror, yezhovAppt, nkvd, party, yagoda, stalin, beria, yezhov, moscow),
			wantEdges: ids(
				beriaAppt+"#place/"+moscow,
				beriaAppt+"#cause/"+greatTerror, // from the Great Terror to Beria's appointment
				yezhovAppt+"#place/"+moscow,
				greatTerror+"#participant/"+nkvd+"/carried-out",
				"relation/yagoda-led-nkvd",
				beriaAppt+"#participant/"+stalin+"/ordered",
				greatTerror+"#participant/"+stalin+"/ordered",
				yezhovAppt+"#participant/"+stalin+"/ordered",
				"relation/stalin-member-of-vkpb",
				beriaAppt+"#participant/"+beria+"/appointee",
				"relation/beria-led-nkvd",
				"relation/beria-member-of-vkpb",
				"relation/beria-deputy-of-yezhov",
				greatTerror+"#participant/"+yezhov+"/carried-out",
				yezhovAppt+"#participant/"+yezhov+"/appointee",
				"relation/yezhov-led-nkvd",
				"relation/yezhov-member-of-vkpb",
			),
		},
		{
			name:      "whole graph, people only",
			s:         Selection{Filter: Filter{Kinds: []history.Kind{history.KindPerson}}},
			wantNodes: ids(yagoda, stalin, beria, yezhov),
			wantEdges: ids("relation/beria-deputy-of-yezhov"),
		},
		{
			name:      "whole graph during 1935: only the nodes of statements that can hold then",
			s:         Selection{Filter: Filter{During: history.MustParseDate("1935")}},
			wantNodes: ids(nkvd, party, yagoda, stalin, beria, yezhov),
			wantEdges: ids("relation/yagoda-led-nkvd", "relation/stalin-member-of-vkpb", "relation/beria-member-of-vkpb", "relation/yezhov-member-of-vkpb"),
		},
		{
			name:      "whole graph, what one source supports",
			s:         Selection{Filter: other},
			wantNodes: ids(yezhovAppt, beria, yezhov, moscow),
			wantEdges: ids(yezhovAppt+"#place/"+moscow, "relation/beria-deputy-of-yezhov"),
		},
		{
			name:          "whole graph cut by the limit in id order",
			s:             Selection{Limit: 3},
			wantNodes:     ids(beriaAppt, greatTerror, yezhovAppt),
			wantEdges:     ids(beriaAppt + "#cause/" + greatTerror),
			wantTruncated: true,
		},
		{
			name:      "around two nodes",
			s:         Selection{Around: ids(beria, yagoda, beria), Hops: 1},
			wantNodes: ids(beriaAppt, nkvd, party, yagoda, beria, yezhov),
			wantEdges: ids(
				"relation/yagoda-led-nkvd",
				beriaAppt+"#participant/"+beria+"/appointee",
				"relation/beria-led-nkvd",
				"relation/beria-member-of-vkpb",
				"relation/beria-deputy-of-yezhov",
				"relation/yezhov-led-nkvd",
				"relation/yezhov-member-of-vkpb",
			),
		},
		{
			name:      "zero hops: the nodes asked for and the edges among them",
			s:         Selection{Around: ids(yezhov, beria)},
			wantNodes: ids(beria, yezhov),
			wantEdges: ids("relation/beria-deputy-of-yezhov"),
		},
		{
			name:      "around, following only what one source supports",
			s:         Selection{Around: ids(beria), Hops: 2, Filter: other},
			wantNodes: ids(beria, yezhov),
			wantEdges: ids("relation/beria-deputy-of-yezhov"),
		},
		{
			name:          "around, cut by the limit",
			s:             Selection{Around: ids(beria), Hops: 1, Limit: 2},
			wantNodes:     ids(beriaAppt, beria),
			wantEdges:     ids(beriaAppt + "#participant/" + beria + "/appointee"),
			wantTruncated: true,
		},
		{
			name:      "shortest path, with every edge between its steps",
			s:         Selection{From: yagoda, To: beria, MaxHops: 4},
			wantNodes: ids(nkvd, yagoda, beria),
			wantEdges: ids("relation/yagoda-led-nkvd", "relation/beria-led-nkvd"),
		},
		{
			name:      "two shortest paths",
			s:         Selection{From: yagoda, To: beria, MaxHops: 4, Paths: 2},
			wantNodes: ids(nkvd, yagoda, beria, yezhov),
			wantEdges: ids("relation/yagoda-led-nkvd", "relation/beria-led-nkvd", "relation/beria-deputy-of-yezhov", "relation/yezhov-led-nkvd"),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := ix.Select(context.Background(), tt.s)
			if err != nil {
				t.Fatal(err)
			}
			gotNodes := slices.Collect(p.Nodes())
			if !slices.Equal(gotNodes, tt.wantNodes) {
				t.Errorf("nodes\ngot  %v\nwant %v", gotNodes, tt.wantNodes)
			}
			var gotEdges []history.ID
			for e := range p.Edges() {
				gotEdges = append(gotEdges, e.Statement)
				if !slices.Contains(gotNodes, e.From) || !slices.Contains(gotNodes, e.To) {
					t.Errorf("edge %s has an end outside the part", e.Statement)
				}
			}
			if !slices.Equal(gotEdges, tt.wantEdges) {
				t.Errorf("edges\ngot  %v\nwant %v", gotEdges, tt.wantEdges)
			}
			if n, e := p.Len(); n != len(gotNodes) || e != len(gotEdges) {
				t.Errorf("Len() = %d, %d; iterated %d, %d", n, e, len(gotNodes), len(gotEdges))
			}
			if p.Truncated != tt.wantTruncated {
				t.Errorf("truncated = %v, want %v", p.Truncated, tt.wantTruncated)
			}
		})
	}
}

func TestSelectErrors(t *testing.T) {
	ix := Build(fixture(t))
	tests := []struct {
		name string
		s    Selection
		want history.Code
	}{
		{"negative hops", Selection{Around: ids(beria), Hops: -1}, history.CodeInvalid},
		{"negative limit", Selection{Limit: -1}, history.CodeInvalid},
		{"a path without its end", Selection{From: beria}, history.CodeInvalid},
		{"a path and nodes to start from", Selection{Around: ids(beria), From: beria, To: yezhov, MaxHops: 2}, history.CodeInvalid},
		{"unknown node", Selection{Around: ids("person/nobody")}, history.CodeNotFound},
		{"unknown end of a path", Selection{From: beria, To: "person/nobody", MaxHops: 2}, history.CodeNotFound},
		{"no path within the hops", Selection{From: yagoda, To: beria, MaxHops: 1}, history.CodeNotFound},
		{"unknown label", Selection{Filter: Filter{Labels: []string{"befriended"}}}, history.CodeInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ix.Select(context.Background(), tt.s)
			if got := history.ErrorCode(err); got != tt.want {
				t.Errorf("error %v: code %q, want %q", err, got, tt.want)
			}
		})
	}
}

// TestSelectDoesNotDependOnDatasetOrder checks that a dataset listing its
// records in another order gives the same part, edge for edge: exports of
// the same graph must be the same bytes.
func TestSelectDoesNotDependOnDatasetOrder(t *testing.T) {
	ds := fixture(t)
	rev := fixture(t)
	slices.Reverse(rev.Entities)
	slices.Reverse(rev.Events)
	slices.Reverse(rev.Relations)
	for i := range rev.Events {
		slices.Reverse(rev.Events[i].Participants)
	}
	for _, s := range []Selection{{}, {Around: ids(yezhov), Hops: 2}, {From: yagoda, To: stalin, MaxHops: 6, Paths: 3}} {
		a, err := Build(ds).Select(context.Background(), s)
		if err != nil {
			t.Fatal(err)
		}
		b, err := Build(rev).Select(context.Background(), s)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := slices.Collect(b.Edges()), slices.Collect(a.Edges()); !slices.EqualFunc(got, want, sameEdge) {
			t.Errorf("selection %+v: edges differ with the records reversed\ngot  %v\nwant %v", s, got, want)
		}
	}
}

func sameEdge(a, b Edge) bool {
	return a.From == b.From && a.To == b.To && a.Label == b.Label && a.Role == b.Role && a.Statement == b.Statement && a.Time == b.Time
}

func TestSourceFilter(t *testing.T) {
	ix := Build(twoSources(t))
	ctx := context.Background()
	sub, err := ix.Neighborhood(ctx, beria, 3, 100, Filter{Source: "source/other"})
	if err != nil {
		t.Fatal(err)
	}
	if want := ids(beria, yezhov); !slices.Equal(sub.Nodes, want) {
		t.Errorf("neighbourhood nodes: got %v, want %v", sub.Nodes, want)
	}
	edges, err := ix.Edges(yezhov, Filter{Source: "source/essay"})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range edges {
		if e.Statement == "relation/beria-deputy-of-yezhov" {
			t.Errorf("Edges with the essay as source lists %s, which only the other source cites", e.Statement)
		}
	}
	if len(edges) != 4 {
		t.Errorf("Edges: got %d edges of Yezhov citing the essay, want 4: %v", len(edges), edges)
	}
	if _, ok, err := ix.ShortestPath(ctx, beria, yagoda, 6, Filter{Source: "source/unknown"}); ok || err != nil {
		t.Errorf("a source no edge cites: ShortestPath found %v, error %v; want no path", ok, err)
	}
}
