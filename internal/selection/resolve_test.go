package selection_test

import (
	"context"
	"net/url"
	"slices"
	"testing"

	"github.com/memoria-history/memoria/internal/catalog"
	"github.com/memoria-history/memoria/internal/dataset"
	"github.com/memoria-history/memoria/internal/export"
	"github.com/memoria-history/memoria/internal/graph"
	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/selection"
	"github.com/memoria-history/memoria/seed"
)

// seedResolver resolves selections over the embedded dataset.
func seedResolver(tb testing.TB) *selection.Resolver {
	tb.Helper()
	ds, err := dataset.ReadFS(context.Background(), seed.FS(), ".", "seed")
	if err != nil {
		tb.Fatal(err)
	}
	return selection.NewResolver(graph.Build(ds), catalog.New(ds))
}

func selectQuery(tb testing.TB, rs *selection.Resolver, query string, lim selection.Limits) (nodes []export.Node, edges []export.Edge, name string, err error) {
	tb.Helper()
	q, err := url.ParseQuery(query)
	if err != nil {
		tb.Fatal(err)
	}
	g, name, err := rs.Select(context.Background(), q, lim)
	if err != nil {
		return nil, nil, "", err
	}
	return slices.Collect(g.Nodes), slices.Collect(g.Edges), name, nil
}

func TestResolveOnTheSeed(t *testing.T) {
	rs := seedResolver(t)
	tests := []struct {
		name, query            string
		wantNodes, wantEdges   int
		wantName               string
		mustHave               []history.ID
		everyEdgeCites         history.ID
		everyEdgeCanHoldDuring string
	}{
		{"the whole graph", "", 126, 293, "memoria", nil, "", ""},
		{"Beria's neighbourhood from 1934 to 1941", "id=person/lavrentiy-beria&hops=2&during=1934/1941", 30, 75,
			"memoria-lavrentiy-beria-2-hops-1934-1941", []history.ID{"person/lavrentiy-beria", "person/nikolai-yezhov", "group/nkvd"}, "", "1934/1941"},
		{"what the Jansen and Petrov biography supports", "source=source/jansen-petrov-2002", 0, 0,
			"memoria-jansen-petrov-2002", []history.ID{"person/nikolai-yezhov"}, "source/jansen-petrov-2002", ""},
		{"the path from Trotsky to Beria", "from=person/leon-trotsky&to=person/lavrentiy-beria", 4, 0,
			"memoria-leon-trotsky-to-lavrentiy-beria", []history.ID{"person/leon-trotsky", "person/joseph-stalin", "person/lavrentiy-beria"}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			nodes, edges, name, err := selectQuery(t, rs, tt.query, selection.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if tt.wantNodes > 0 && (len(nodes) != tt.wantNodes || tt.wantEdges > 0 && len(edges) != tt.wantEdges) {
				t.Errorf("got %d nodes and %d edges, want %d and %d", len(nodes), len(edges), tt.wantNodes, tt.wantEdges)
			}
			if name != tt.wantName {
				t.Errorf("name = %q, want %q", name, tt.wantName)
			}
			ids := map[history.ID]export.Node{}
			for _, n := range nodes {
				ids[n.ID] = n
				if n.Label == "" || n.Kind == "" {
					t.Errorf("node %s has no label or kind: %+v", n.ID, n)
				}
			}
			for _, id := range tt.mustHave {
				if _, ok := ids[id]; !ok {
					t.Errorf("%s is missing", id)
				}
			}
			if len(edges) == 0 {
				t.Fatal("no edges")
			}
			for _, e := range edges {
				if _, ok := ids[e.From]; !ok {
					t.Errorf("edge %s: its source %s is not among the nodes", e.ID, e.From)
				}
				if _, ok := ids[e.To]; !ok {
					t.Errorf("edge %s: its target %s is not among the nodes", e.ID, e.To)
				}
				if len(e.Citations) == 0 {
					t.Errorf("edge %s has no citation", e.ID)
				}
				if tt.everyEdgeCites != "" && !slices.ContainsFunc(e.Citations, func(c history.Citation) bool { return c.Source == tt.everyEdgeCites }) {
					t.Errorf("edge %s does not cite %s: %v", e.ID, tt.everyEdgeCites, e.Citations)
				}
				if tt.everyEdgeCanHoldDuring != "" && !e.Time.Overlaps(history.MustParseDate(tt.everyEdgeCanHoldDuring)) {
					t.Errorf("edge %s (%s) cannot hold during %s", e.ID, e.Time.EDTF, tt.everyEdgeCanHoldDuring)
				}
			}
		})
	}
}

func TestResolveGivesNodesTheirAttributes(t *testing.T) {
	nodes, _, _, err := selectQuery(t, seedResolver(t), "id=person/joseph-stalin,event/great-terror&hops=0", selection.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	byID := map[history.ID]export.Node{}
	for _, n := range nodes {
		byID[n.ID] = n
	}
	stalin := byID["person/joseph-stalin"]
	if stalin.Kind != history.KindPerson || stalin.Label != "Joseph Stalin" || stalin.Wikidata != "Q855" ||
		stalin.Born.EDTF != "1878-12-18" || stalin.Died.EDTF != "1953-03-05" || stalin.Time.EDTF != "1878-12-18/1953-03-05" {
		t.Errorf("Stalin: %+v", stalin)
	}
	terror := byID["event/great-terror"]
	if terror.Kind != history.KindEvent || terror.Label != "Great Terror" || terror.Time.IsZero() || terror.Category == "" {
		t.Errorf("Great Terror: %+v", terror)
	}
}

func TestResolveErrors(t *testing.T) {
	rs := seedResolver(t)
	lim := selection.Limits{MaxNodes: 50, MaxHops: 4}
	tests := []struct {
		name, query string
		want        history.Code
	}{
		{"the whole graph is larger than the cap", "", history.CodeLimit},
		{"a limit above the cap", "limit=51", history.CodeLimit},
		{"hops above the cap", "id=person/lavrentiy-beria&hops=5", history.CodeLimit},
		{"maxHops above the cap", "from=person/leon-trotsky&to=person/lavrentiy-beria&maxHops=5", history.CodeLimit},
		{"an unknown id", "id=person/nobody", history.CodeNotFound},
		{"an unknown end of a path", "from=person/leon-trotsky&to=person/nobody", history.CodeNotFound},
		{"an unknown source", "source=source/nobody", history.CodeNotFound},
		{"an unknown label", "via=befriended", history.CodeInvalid},
		{"a bad parameter", "hop=2", history.CodeInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, _, err := selectQuery(t, rs, tt.query, lim)
			if got := history.ErrorCode(err); got != tt.want {
				t.Errorf("error %v: code %q, want %q", err, got, tt.want)
			}
		})
	}
	t.Run("a limit of its own cuts instead", func(t *testing.T) {
		nodes, _, _, err := selectQuery(t, rs, "limit=20", lim)
		if err != nil || len(nodes) != 20 {
			t.Errorf("got %d nodes, error %v; want 20 nodes", len(nodes), err)
		}
	})
}
