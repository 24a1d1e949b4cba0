package server_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/memoria-history/memoria/internal/server"
)

// fuzzQueries seed the fuzzers with documents that reach every stage of a
// request: the guards, graphql-go's parser and validation, and execution
// with arguments and variables of each kind the schema takes.
var fuzzQueries = []string{
	benchEntityByID, benchPath, benchNeighborhood, benchSearch, benchKPaths, benchTimeline,
	benchEntityVars,
	`{ sources { id title } }`,
	`query Q($t: String!) { search(text: $t, first: 3) { score node { id } } }`,
	`{ nodes(ids: ["person/joseph-stalin", "x"]) { id } }`,
	`fragment F on Person { name } { node(id: "person/leon-trotsky") { ...F } }`,
	`{ a: node(id: "\u0416") { id } b: node(id: """block""") { id } }`,
	`# a comment {[(
	{ __schema { types { name } } }`,
	`{ sources { ...A } } fragment A on Source { id ...B } fragment B on Source { title ...A }`,
	`{ node(id: 1) { id } }`,
	`mutation { x }`,
	`{`,
	`"unterminated`,
	``,
}

// wantWellFormedAnswer fails unless an answer is one a client can use:
// never a server error (a panic turned into 500 by the recovery
// middleware counts as one), always JSON, and errors with a message
// whenever the status is not 200.
func wantWellFormedAnswer(t *testing.T, rec *httptest.ResponseRecorder, input string) {
	t.Helper()
	if rec.Code >= 500 {
		t.Fatalf("status %d for %q:\n%s", rec.Code, input, rec.Body.Bytes())
	}
	if !strings.Contains(rec.Header().Get("Content-Type"), "json") {
		t.Fatalf("status %d, Content-Type %q for %q", rec.Code, rec.Header().Get("Content-Type"), input)
	}
	var resp gqlResponse
	if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil {
		t.Fatalf("answer to %q is not JSON: %v\n%s", input, err, rec.Body.Bytes())
	}
	if rec.Code != http.StatusOK && (len(resp.Errors) == 0 || resp.Errors[0].Message == "") {
		t.Fatalf("status %d without an error message for %q:\n%s", rec.Code, input, rec.Body.Bytes())
	}
}

// fuzzHandler is the real handler with a deadline short enough that an
// input which makes execution slow shows as TIMEOUT rather than stalling
// the fuzzer.
func fuzzHandler(tb testing.TB) *server.Server {
	return newHandler(tb, server.Options{Timeout: 2 * time.Second})
}

// FuzzGraphQLBody posts arbitrary bytes as a JSON request body: the
// server's reading of the body, the guards, graphql-go's parser and
// validation and execution all see outside input here.
func FuzzGraphQLBody(f *testing.F) {
	for _, q := range fuzzQueries {
		body, _ := json.Marshal(map[string]any{"query": q})
		f.Add(body)
	}
	for _, s := range []string{
		`{"query":"query($id: ID!) { node(id: $id) { id } }","variables":{"id":"person/lev-kamenev"}}`,
		`{"query":"query($id: ID!) { node(id: $id) { id } }","variables":{"id":7}}`,
		`{"query":"{ sources { id } }","operationName":"nope"}`,
		`{"query":"{ sources { id } }","extensions":{"persistedQuery":{"version":1}}}`,
		`{"query":"{ sources { id } }"} {"query":"{ sources { id } }"}`,
		`[{"query":"{ sources { id } }"}]`,
		`{"query":null}`, `{"variables":"x"}`, `null`, `{`, ``,
	} {
		f.Add([]byte(s))
	}
	h := fuzzHandler(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		wantWellFormedAnswer(t, rec, string(body))
	})
}

// FuzzGraphQLGet sends a query and its variables as GET parameters, the
// other way a request comes in.
func FuzzGraphQLGet(f *testing.F) {
	for _, q := range fuzzQueries {
		f.Add(q, "")
	}
	f.Add(benchEntityVars, `{"id":"person/vladimir-lenin"}`)
	f.Add(benchEntityVars, `{"id":`)
	f.Add(benchEntityVars, `[1,2]`)
	h := fuzzHandler(f)
	f.Fuzz(func(t *testing.T, query, variables string) {
		params := url.Values{"query": {query}}
		if variables != "" {
			params.Set("variables", variables)
		}
		req := httptest.NewRequest(http.MethodGet, "/graphql?"+params.Encode(), nil)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		wantWellFormedAnswer(t, rec, query+" "+variables)
	})
}

// TestFuzzSeedsAnswer checks that the seeds reach where they are meant to:
// if every seed were refused before execution, the fuzzers would explore
// only the refusals.
func TestFuzzSeedsAnswer(t *testing.T) {
	h := fuzzHandler(t)
	executed := 0
	for _, q := range fuzzQueries {
		status, resp := post(t, h, q, nil)
		if status == http.StatusOK && len(resp.Data) > 0 && string(resp.Data) != "null" {
			executed++
		}
	}
	if executed < len(fuzzQueries)/2 {
		t.Errorf("%d of %d seed queries executed; want at least half", executed, len(fuzzQueries))
	}
}
