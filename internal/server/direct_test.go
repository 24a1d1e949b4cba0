package server_test

import (
	"bytes"
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/memoria-history/memoria/internal/api"
	"github.com/memoria-history/memoria/internal/server"
)

// Direct completion of lists (api's direct.go) must not change a byte of
// any answer: every query below, and every query the tests of api and
// server send, is answered by a server that leaves every list to
// graphql-go and by one that completes every list of objects it can
// itself, over the seed and over a synthetic network large enough for
// neighbourhoods of hundreds of nodes, and the answers are compared.

// directCase is a query and its variables, and for the corpus's own
// queries whether they answer without errors.
type directCase struct {
	query string
	vars  map[string]any
	clean bool
}

// directCorpus are large answers with aliases, fragments, directives,
// __typename, nested lists and fields that direct completion leaves to
// graphql-go (arguments inside a list), and failing fields.
func directCorpus(person, other string) []directCase {
	near := `query($id: ID!, $edges: Boolean!, $noNames: Boolean!) {
		n: neighborhood(id: $id, hops: 2, limit: 500) {
			cut: truncated
			people: nodes { __typename key: id ...Named ... on Person { born { edtf earliest latest uncertain approximate derived citations { locator source { id title kind } } } died { edtf } }
				... on Event { type date { edtf citations { locator } } place { id name } parent { id } placeCitations { locator } } kind }
			links: edges @include(if: $edges) { id from: source to: target label role time { edtf derived derivedFrom { id } } citations { locator source { id } } }
			edges @skip(if: $edges) { label __typename }
		}
		again: neighborhood(id: $id, hops: 1) { nodes { name @skip(if: $noNames) id ... on Entity @include(if: $noNames) { kind } } }
	}
	fragment Named on Entity { name description wikidata names { text kind lang citations { locator } } }`
	vars := func(edges, noNames bool) map[string]any {
		return map[string]any{"id": person, "edges": edges, "noNames": noNames}
	}
	return []directCase{
		{`query($id: ID!) { neighborhood(id: $id, hops: 2, limit: 2000) { truncated nodes { id name } edges { source target label } } }`, map[string]any{"id": person}, true},
		{near, vars(true, false), true},
		{near, vars(false, true), true},
		// The order of a key named first in a skipped fragment.
		{`query($id: ID!) { neighborhood(id: $id, hops: 2) { ... @skip(if: true) { nodes { name } } nodes { id name } edges { target } edges { source } } }`, map[string]any{"id": person}, true},
		// Fields with arguments inside the list: graphql-go completes it.
		{`query($id: ID!) { neighborhood(id: $id, hops: 2, limit: 50) { nodes { id relations(direction: OUTGOING) { type other { id } } } } }`, map[string]any{"id": person}, true},
		{`query($id: ID!) { neighborhood(id: $id, hops: 2, limit: 50) { nodes { id ... on Person { events { role event { id } } } } } }`, map[string]any{"id": person}, true},
		// A failing field: the whole answer is graphql-go's.
		{`{ neighborhood(id: "person/nobody-at-all", hops: 2) { nodes { id } } }`, nil, false},
		{`query($a: ID!, $b: ID!) { neighborhood(id: $a, hops: 1) { nodes { id } } missing: node(id: "person/nobody-at-all") { id } path(from: $a, to: $b) { length nodes { id name __typename } steps { from { id } to { id } label role statement direction time { edtf } citations { locator } } } }`, map[string]any{"a": person, "b": other}, false},
		{`query($a: ID!, $b: ID!) { paths(from: $a, to: $b, maxHops: 6, limit: 5) { length nodes { id ... on Person { born { edtf } } } steps { label direction } } commonConnections(a: $a, b: $b) { node { id } viaA { label } viaB { label source } } }`, map[string]any{"a": person, "b": other}, true},
		{`{ timeline(first: 100) { __typename id name type ...When place { id name type } parent { name } causes { id } consequences { id } subEvents { id } } } fragment When on Event { date { edtf earliest latest approximate uncertain citations { locator source { id } } } placeCitations { locator } parentCitations { locator } }`, nil, true},
		{`{ timeline(from: "1930", to: "1950", first: 100) { id name participants { role entity { id name } citations { locator } } } }`, nil, true},
		{`query($t: String!) { search(text: $t, first: 50) { score matched matchKind node { __typename id name kind } } }`, map[string]any{"t": "a"}, true},
		{`{ people(first: 100) { edges { cursor node { id name ... on Person { born { edtf } died { edtf } } citations { locator } } } pageInfo { hasNextPage endCursor } } }`, nil, true},
		{`{ events(first: 100) { edges { node { id name date { edtf } } } } sources { id title kind } claims { id } }`, nil, true},
	}
}

// testQueries are the GraphQL documents written as string constants in the
// tests of api and server: every string that reads as a query.
func testQueries(tb testing.TB) []string {
	tb.Helper()
	var out []string
	seen := map[string]bool{}
	for _, pattern := range []string{"*_test.go", "../api/*_test.go"} {
		files, err := filepath.Glob(pattern)
		if err != nil {
			tb.Fatal(err)
		}
		for _, name := range files {
			f, err := parser.ParseFile(token.NewFileSet(), name, nil, 0)
			if err != nil {
				tb.Fatal(err)
			}
			ast.Inspect(f, func(n ast.Node) bool {
				lit, ok := n.(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					return true
				}
				s, err := strconv.Unquote(lit.Value)
				if err != nil {
					return true
				}
				t := strings.TrimSpace(s)
				if !strings.Contains(t, "{") || !(strings.HasPrefix(t, "{") || strings.HasPrefix(t, "query") || strings.HasPrefix(t, "fragment")) {
					return true
				}
				if !seen[t] {
					seen[t] = true
					out = append(out, t)
				}
				return true
			})
		}
	}
	return out
}

func directHandler(tb testing.TB, d api.Data, lists int) *server.Server {
	tb.Helper()
	return directHandlerWith(tb, d, lists, server.Options{})
}

func directHandlerWith(tb testing.TB, d api.Data, lists int, opts server.Options) *server.Server {
	tb.Helper()
	return serverOver(tb, d, api.Options{OnResolve: server.CountResolve, DirectLists: lists}, opts)
}

// serverOver is a ready server over d.
func serverOver(tb testing.TB, d api.Data, ao api.Options, so server.Options) *server.Server {
	tb.Helper()
	a, err := api.New(d, ao)
	if err != nil {
		tb.Fatal(err)
	}
	s, err := server.New(a, so)
	if err != nil {
		tb.Fatal(err)
	}
	s.SetReady(true)
	return s
}

// sendRaw posts a query and returns the status, content type and body.
func sendRaw(tb testing.TB, h http.Handler, c directCase) (int, string, []byte) {
	tb.Helper()
	body, err := json.Marshal(map[string]any{"query": c.query, "variables": c.vars})
	if err != nil {
		tb.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Request-ID", "same-for-both")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Code, rec.Header().Get("Content-Type"), rec.Body.Bytes()
}

func TestDirectListsAnswerAsGraphQLGo(t *testing.T) {
	queries := testQueries(t)
	if len(queries) < 50 {
		t.Fatalf("found only %d queries in the tests", len(queries))
	}
	for _, ds := range []struct {
		name          string
		data          func(testing.TB) api.Data
		person, other string
	}{
		{"seed", seedAPIData, "person/lavrentiy-beria", "person/leon-trotsky"},
		{"network", network, "person/p0000001", "person/p0000777"},
	} {
		t.Run(ds.name, func(t *testing.T) {
			d := ds.data(t)
			graphqlGo, direct := directHandler(t, d, -1), directHandler(t, d, 1)
			cases := directCorpus(ds.person, ds.other)
			for _, q := range queries {
				cases = append(cases, directCase{query: q})
			}
			directLists := 0
			for _, c := range cases {
				if strings.Contains(c.query, "__type(") || strings.Contains(c.query, "__schema") {
					continue // graphql-go lists the arguments of fields in map order, and never calls the API's resolvers there
				}
				s1, t1, b1 := sendRaw(t, graphqlGo, c)
				s2, t2, b2 := sendRaw(t, direct, c)
				same := bytes.Equal(b1, b2)
				if !same && !bytes.Contains(b1, []byte(`"data":`)) {
					// Refused before execution, where lists are not
					// completed: the guard names one fragment of a
					// cycle, found in map order.
					same = s1 == http.StatusBadRequest
				}
				if !same && !steady(t, graphqlGo, c, b1) {
					// graphql-go runs the fields of the root, and validates
					// fragments, in map order: errors come in any order.
					same = canonical(t, b1) == canonical(t, b2)
				}
				if s1 != s2 || t1 != t2 || !same {
					t.Errorf("%s\nvariables %v\ngraphql-go: %d %s\n%s\ndirect: %d %s\n%s", c.query, c.vars, s1, t1, clip(b1), s2, t2, clip(b2))
				}
				if c.clean && (s1 != http.StatusOK || bytes.Contains(b1, []byte(`"errors"`))) {
					t.Errorf("%s\nvariables %v: %d\n%s", c.query, c.vars, s1, clip(b1))
				}
				if s1 == http.StatusOK && bytes.Contains(b1, []byte(`"data":{`)) {
					directLists++
				}
			}
			t.Logf("%d queries, %d answered with data", len(cases), directLists)
		})
	}
}

func clip(b []byte) string {
	if len(b) > 2000 {
		return string(b[:2000]) + "..."
	}
	return string(b)
}

// steady reports whether graphql-go answers c with want every time: 20
// times, so that two errors in map order are told apart but once in a
// million runs.
func steady(tb testing.TB, h http.Handler, c directCase, want []byte) bool {
	for range 20 {
		if _, _, got := sendRaw(tb, h, c); !bytes.Equal(got, want) {
			return false
		}
	}
	return true
}

// canonical is an answer with its errors sorted and its keys in byte
// order.
func canonical(tb testing.TB, b []byte) string {
	tb.Helper()
	var v map[string]any
	if err := json.Unmarshal(b, &v); err != nil {
		tb.Fatalf("not JSON: %v", err)
	}
	if errs, ok := v["errors"].([]any); ok {
		slices.SortFunc(errs, func(a, b any) int {
			x, _ := json.Marshal(a)
			y, _ := json.Marshal(b)
			return bytes.Compare(x, y)
		})
	}
	out, _ := json.Marshal(v)
	return string(out)
}

// TestDirectListsKeepTheBudget: a list completed directly counts its
// fields against the budget as graphql-go's completion did, and a query
// past it is refused the same way.
func TestDirectListsKeepTheBudget(t *testing.T) {
	d := network(t)
	near := directCase{query: `query($id: ID!) { neighborhood(id: $id, hops: 2, limit: 2000) { nodes { id name names { text citations { locator } } } edges { source target label citations { locator } } } }`,
		vars: map[string]any{"id": "person/p0000001"}}
	graphqlGo, direct := directHandler(t, d, -1), directHandler(t, d, 1)
	sendRaw(t, graphqlGo, near)
	sendRaw(t, direct, near)
	const series = "memoria_graphql_resolved_fields_sum"
	if n, m := scrape(t, graphqlGo, series), scrape(t, direct, series); n != m || n < 1000 {
		t.Errorf("resolved fields: graphql-go counted %v, direct completion %v", n, m)
	}
	for _, b := range []server.Budget{{MaxResolvedFields: 1000}, {MaxAnswerBytes: 20_000}} {
		graphqlGo := directHandlerWith(t, d, -1, server.Options{Budget: b})
		direct := directHandlerWith(t, d, 1, server.Options{Budget: b})
		s1, _, b1 := sendRaw(t, graphqlGo, near)
		s2, _, b2 := sendRaw(t, direct, near)
		if s1 != s2 || !bytes.Equal(b1, b2) || !bytes.Contains(b1, []byte("LIMIT_EXCEEDED")) {
			t.Errorf("budget %+v:\ngraphql-go: %d %s\ndirect: %d %s", b, s1, clip(b1), s2, clip(b2))
		}
	}
}
