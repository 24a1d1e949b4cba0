package server_test

import (
	"strings"
	"testing"

	"github.com/memoria-history/memoria/internal/server"
)

func TestSearchFindsSpellingsAndScripts(t *testing.T) {
	h := newHandler(t, server.Options{})
	tests := []struct {
		text string
		want string
	}{
		{"Zinoview", "person/grigory-zinoviev"}, // the essay's misspelling
		{"Zinovyev", "person/grigory-zinoviev"}, // a transliteration
		{"Ezhov", "person/nikolai-yezhov"},
		{"Jeschow", "person/nikolai-yezhov"},
		{"trotsky", "person/leon-trotsky"},
		{"Beriya", "person/lavrentiy-beria"},
		{"Ежов", "person/nikolai-yezhov"},
		{"Hilter", "person/adolf-hitler"},
		{"Nicolai Bukharin", "person/nikolai-bukharin"},
		{"Stallin", "person/joseph-stalin"}, // a typo nobody wrote down
		{"bérïa", "person/lavrentiy-beria"}, // accents ignored
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			var got struct {
				Search []struct {
					Score   float64
					Matched string
					Node    struct{ ID string }
				}
			}
			status, resp := post(t, h, `query($t: String!) { search(text: $t, kinds: [PERSON], first: 3) { score matched node { id } } }`, map[string]any{"t": tt.text})
			if status != 200 || len(resp.Errors) > 0 {
				t.Fatalf("status %d, errors %+v", status, resp.Errors)
			}
			decode(t, resp.Data, &got)
			if len(got.Search) == 0 {
				t.Fatalf("search(%q) found nothing, want %s first", tt.text, tt.want)
			}
			if first := got.Search[0]; first.Node.ID != tt.want || first.Score <= 0 || first.Matched == "" {
				t.Errorf("search(%q) first hit = %+v, want %s with a score and the matched name", tt.text, first, tt.want)
			}
		})
	}
}

func TestPathStepsAreCited(t *testing.T) {
	h := newHandler(t, server.Options{})
	var got struct {
		Path *struct {
			Length int
			Nodes  []struct{ ID string }
			Steps  []struct {
				From, To  struct{ ID string }
				Label     string
				Statement string
				Citations []struct {
					Locator string
					Source  struct{ ID, Title string }
				}
			}
		}
	}
	query(t, h, `{ path(from: "person/leon-trotsky", to: "person/lavrentiy-beria") {
		length nodes { id } steps { from { id } to { id } label statement citations { locator source { id title } } } } }`, &got)
	p := got.Path
	if p == nil {
		t.Fatal("no path between Trotsky and Beria")
	}
	if p.Length != len(p.Steps) || len(p.Nodes) != len(p.Steps)+1 {
		t.Fatalf("length %d, %d nodes, %d steps: want nodes = steps + 1 = length + 1", p.Length, len(p.Nodes), len(p.Steps))
	}
	if p.Nodes[0].ID != "person/leon-trotsky" || p.Nodes[len(p.Nodes)-1].ID != "person/lavrentiy-beria" {
		t.Errorf("path runs %s → %s, want Trotsky → Beria", p.Nodes[0].ID, p.Nodes[len(p.Nodes)-1].ID)
	}
	for i, s := range p.Steps {
		if s.From.ID != p.Nodes[i].ID || s.To.ID != p.Nodes[i+1].ID {
			t.Errorf("step %d links %s → %s, want nodes %d and %d (%s → %s)", i, s.From.ID, s.To.ID, i, i+1, p.Nodes[i].ID, p.Nodes[i+1].ID)
		}
		if s.Label == "" || s.Statement == "" {
			t.Errorf("step %d has no label or statement: %+v", i, s)
		}
		if len(s.Citations) == 0 || s.Citations[0].Locator == "" || s.Citations[0].Source.Title == "" {
			t.Errorf("step %d is not cited: %+v", i, s)
		}
	}
}

type pathStep struct {
	Statement string
	Time      *struct{ Edtf, Earliest, Latest *string }
}

// TestPathDuringFilter checks that statements which cannot hold in the
// interval are not followed. Beria was Yezhov's deputy from August to
// November 1938: that is the shortest link between them, but not in 1939,
// when only their rivalry still holds; and nothing links them before 1936.
func TestPathDuringFilter(t *testing.T) {
	h := newHandler(t, server.Options{})
	q := `query($during: String) { path(from: "person/lavrentiy-beria", to: "person/nikolai-yezhov", maxHops: 6, during: $during) {
		length steps { statement time { edtf earliest latest } } } }`
	tests := []struct {
		during     string
		from, to   string // the interval's bounds, RFC 3339
		wantLength int    // 0: no path
		forbidden  string // a statement that cannot hold then
	}{
		{during: "", wantLength: 1},
		{during: "1938-09", from: "1938-09-01T00:00:00Z", to: "1938-09-30T23:59:59Z", wantLength: 1, forbidden: "relation/beria-succeeded-yezhov"},
		{during: "1939/1953", from: "1939-01-01T00:00:00Z", to: "1953-12-31T23:59:59Z", wantLength: 1, forbidden: "relation/beria-deputy-of-yezhov"},
		{during: "1930/1935", wantLength: 0},
	}
	for _, tt := range tests {
		t.Run("during "+tt.during, func(t *testing.T) {
			var vars map[string]any
			if tt.during != "" {
				vars = map[string]any{"during": tt.during}
			}
			status, resp := post(t, h, q, vars)
			if status != 200 || len(resp.Errors) > 0 {
				t.Fatalf("status %d, errors %+v", status, resp.Errors)
			}
			var got struct {
				Path *struct {
					Length int
					Steps  []pathStep
				}
			}
			decode(t, resp.Data, &got)
			if got.Path == nil {
				if tt.wantLength != 0 {
					t.Fatalf("no path, want one of length %d", tt.wantLength)
				}
				return
			}
			if got.Path.Length != tt.wantLength {
				t.Fatalf("path of length %d, want %d: %+v", got.Path.Length, tt.wantLength, got.Path.Steps)
			}
			for _, s := range got.Path.Steps {
				if s.Statement == tt.forbidden {
					t.Errorf("during %s the path follows %s, which cannot hold then", tt.during, s.Statement)
				}
				if tt.from == "" || s.Time == nil {
					continue
				}
				if s.Time.Latest != nil && *s.Time.Latest < tt.from || s.Time.Earliest != nil && *s.Time.Earliest > tt.to {
					t.Errorf("step %s (%s) cannot hold during %s", s.Statement, *s.Time.Edtf, tt.during)
				}
			}
		})
	}
}

func TestPathsAreDistinctAndLoopless(t *testing.T) {
	h := newHandler(t, server.Options{})
	var got struct {
		Paths []struct {
			Length int
			Nodes  []struct{ ID string }
		}
	}
	query(t, h, `{ paths(from: "person/joseph-stalin", to: "person/nikolai-yezhov", limit: 4) { length nodes { id } } }`, &got)
	if len(got.Paths) < 2 {
		t.Fatalf("paths found %d paths, want several", len(got.Paths))
	}
	seen := map[string]bool{}
	for i, p := range got.Paths {
		if i > 0 && p.Length < got.Paths[i-1].Length {
			t.Errorf("path %d is shorter than path %d", i, i-1)
		}
		ids := make([]string, len(p.Nodes))
		nodes := map[string]bool{}
		for j, n := range p.Nodes {
			ids[j] = n.ID
			if nodes[n.ID] {
				t.Errorf("path %d repeats %s", i, n.ID)
			}
			nodes[n.ID] = true
		}
		key := strings.Join(ids, ">")
		if seen[key] {
			t.Errorf("path %d repeats an earlier path: %s", i, key)
		}
		seen[key] = true
	}
}

func TestTimelineOrder(t *testing.T) {
	h := newHandler(t, server.Options{})
	var got struct {
		Timeline []struct {
			ID   string
			Date struct {
				Edtf      string
				Earliest  string
				Uncertain bool
			}
		}
	}
	query(t, h, `{ timeline(from: "1920", to: "1960") { id date { edtf earliest uncertain } } }`, &got)
	if len(got.Timeline) < 20 {
		t.Fatalf("timeline 1920–1960 has %d events, want the seed's many", len(got.Timeline))
	}
	for i := 1; i < len(got.Timeline); i++ {
		if got.Timeline[i].Date.Earliest < got.Timeline[i-1].Date.Earliest {
			t.Errorf("event %s (%s) comes after %s (%s)", got.Timeline[i].ID, got.Timeline[i].Date.Edtf, got.Timeline[i-1].ID, got.Timeline[i-1].Date.Edtf)
		}
	}
	var involving struct {
		Timeline []struct{ ID string }
	}
	query(t, h, `{ timeline(involving: ["person/nikolai-yezhov"]) { id } }`, &involving)
	if len(involving.Timeline) == 0 || len(involving.Timeline) >= len(got.Timeline) {
		t.Errorf("timeline involving Yezhov has %d events, want some but fewer than all (%d)", len(involving.Timeline), len(got.Timeline))
	}
}

func TestDisputedClaimsShowBothSides(t *testing.T) {
	h := newHandler(t, server.Options{})
	var got struct {
		Claims []struct {
			ID            string
			Disputed      bool
			Value, Low    *float64
			High          *float64
			Date          *struct{ Edtf string }
			Entities      []struct{ ID string }
			Sources       []struct{ ID, Kind string }
			DisagreesWith []struct {
				ID         string
				Value, Low *float64
				High       *float64
				Date       *struct{ Edtf string }
				Sources    []struct{ ID, Kind string }
			}
		}
	}
	query(t, h, `{ claims(disputed: true) { id disputed value low high date { edtf } entities { id } sources { id kind }
		disagreesWith { id value low high date { edtf } sources { id kind } } } }`, &got)
	if len(got.Claims) < 8 {
		t.Fatalf("disputed claims = %d, want at least 4 disputes (8 claims)", len(got.Claims))
	}
	var thirdStroke bool
	for _, c := range got.Claims {
		if !c.Disputed || len(c.DisagreesWith) == 0 {
			t.Errorf("claim %s is listed as disputed but disputed=%v with %d opponents", c.ID, c.Disputed, len(c.DisagreesWith))
		}
		if len(c.Sources) == 0 {
			t.Errorf("claim %s has no source", c.ID)
		}
		if c.Value == nil && c.Low == nil && c.High == nil && c.Date == nil && len(c.Entities) == 0 {
			t.Errorf("claim %s shows no value", c.ID)
		}
		if c.ID == "claim/lenin-third-stroke-date-essay" {
			thirdStroke = true
			other := c.DisagreesWith[0]
			if c.Date == nil || other.Date == nil || c.Date.Edtf == other.Date.Edtf || c.Sources[0].ID == other.Sources[0].ID {
				t.Errorf("third stroke: %+v against %+v, want two dates from two sources", c, other)
			}
		}
	}
	if !thirdStroke {
		t.Error("the essay's date of Lenin's third stroke is not among the disputed claims")
	}
}

func TestNeighborhoodIsClosed(t *testing.T) {
	h := newHandler(t, server.Options{})
	for _, tt := range []struct {
		name, args string
	}{
		{"one hop", `id: "person/lavrentiy-beria"`},
		{"two hops during", `id: "person/lavrentiy-beria", hops: 2, during: "1934/1941"`},
		{"two hops people only", `id: "group/nkvd", hops: 2, kinds: [PERSON]`},
		{"limited", `id: "person/joseph-stalin", hops: 2, limit: 10`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var got struct {
				Neighborhood struct {
					Truncated bool
					Nodes     []struct{ ID string }
					Edges     []struct{ ID, Source, Target, Label string }
				}
			}
			query(t, h, `{ neighborhood(`+tt.args+`) { truncated nodes { id } edges { id source target label } } }`, &got)
			n := got.Neighborhood
			if len(n.Nodes) < 2 || len(n.Edges) == 0 {
				t.Fatalf("neighborhood has %d nodes and %d edges, want some", len(n.Nodes), len(n.Edges))
			}
			in := map[string]bool{}
			for _, node := range n.Nodes {
				in[node.ID] = true
			}
			for _, e := range n.Edges {
				if !in[e.Source] || !in[e.Target] {
					t.Errorf("edge %s (%s → %s) dangles outside the nodes", e.ID, e.Source, e.Target)
				}
			}
			if strings.Contains(tt.args, "limit: 10") && (len(n.Nodes) > 10 || !n.Truncated) {
				t.Errorf("limit 10: %d nodes, truncated=%v; want at most 10 and truncated", len(n.Nodes), n.Truncated)
			}
		})
	}
}

func TestCommonConnections(t *testing.T) {
	h := newHandler(t, server.Options{})
	var got struct {
		CommonConnections []struct {
			Node struct{ ID string }
			ViaA []struct{ Label string }
			ViaB []struct{ Label string }
		}
	}
	query(t, h, `{ commonConnections(a: "person/lev-kamenev", b: "person/grigory-zinoviev") { node { id } viaA { label } viaB { label } } }`, &got)
	if len(got.CommonConnections) == 0 {
		t.Fatal("Kamenev and Zinoviev have nothing in common, want shared events")
	}
	for _, c := range got.CommonConnections {
		if len(c.ViaA) == 0 || len(c.ViaB) == 0 {
			t.Errorf("connection %s lacks a link to one side: %+v", c.Node.ID, c)
		}
	}
}

func TestConnectionsPaginate(t *testing.T) {
	h := newHandler(t, server.Options{})
	type page struct {
		People struct {
			TotalCount int
			Edges      []struct {
				Cursor string
				Node   struct{ ID string }
			}
			PageInfo struct {
				HasNextPage bool
				EndCursor   string
			}
		}
	}
	var first, second page
	query(t, h, `{ people(first: 5) { totalCount edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }`, &first)
	if len(first.People.Edges) != 5 || !first.People.PageInfo.HasNextPage || first.People.TotalCount < 10 {
		t.Fatalf("first page = %+v", first.People)
	}
	query(t, h, `{ people(first: 5, after: "`+first.People.PageInfo.EndCursor+`") { totalCount edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }`, &second)
	if len(second.People.Edges) == 0 || second.People.Edges[0].Node.ID == first.People.Edges[4].Node.ID {
		t.Errorf("second page = %+v, want the items after %s", second.People.Edges, first.People.Edges[4].Node.ID)
	}
	var events struct {
		Events struct {
			TotalCount int
			Nodes      []struct {
				ID           string
				Participants []struct{ Entity struct{ ID string } }
			}
		}
	}
	query(t, h, `{ events(first: 100, involving: ["person/lavrentiy-beria"], from: "1938", to: "1940") { totalCount nodes { id participants { entity { id } } } } }`, &events)
	if events.Events.TotalCount == 0 {
		t.Fatal("no events involving Beria in 1938–1940")
	}
	for _, e := range events.Events.Nodes {
		found := false
		for _, p := range e.Participants {
			found = found || p.Entity.ID == "person/lavrentiy-beria"
		}
		if !found {
			t.Errorf("event %s does not involve Beria", e.ID)
		}
	}
}

func TestNodeByIDForEveryKind(t *testing.T) {
	h := newHandler(t, server.Options{})
	for _, tt := range []struct{ id, typename string }{
		{"person/lavrentiy-beria", "Person"},
		{"group/nkvd", "Group"},
		{"place/perm-36", "Place"},
		{"event/great-terror", "Event"},
		{"source/essay-special-treatment", "Source"},
		{"claim/gulag-deaths-essay", "Claim"},
	} {
		var got struct {
			Node *struct {
				Typename string `json:"__typename"`
				ID       string
			}
		}
		query(t, h, `{ node(id: "`+tt.id+`") { __typename id } }`, &got)
		if got.Node == nil || got.Node.Typename != tt.typename || got.Node.ID != tt.id {
			t.Errorf("node(%s) = %+v, want a %s", tt.id, got.Node, tt.typename)
		}
	}
	var missing struct{ Node *struct{ ID string } }
	status, resp := post(t, h, `{ node(id: "person/nobody") { id } }`, nil)
	decode(t, resp.Data, &missing)
	if missing.Node != nil || status != 200 || resp.code() != "NOT_FOUND" {
		t.Errorf("node(person/nobody) = %+v, status %d, code %q; want null and NOT_FOUND", missing.Node, status, resp.code())
	}
}
