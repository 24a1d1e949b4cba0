package server_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/memoria-history/memoria/internal/server"
)

// keyPaths lists the keys of a JSON value in the order they are written,
// each as its path from the top ("node.name"; a list's items add "[]").
func keyPaths(tb testing.TB, raw []byte) []string {
	tb.Helper()
	dec := json.NewDecoder(bytes.NewReader(raw))
	var paths []string
	var walk func(prefix string)
	walk = func(prefix string) {
		tok, err := dec.Token()
		if err != nil {
			tb.Fatalf("read %s: %v", raw, err)
		}
		switch tok {
		case json.Delim('{'):
			for dec.More() {
				key, err := dec.Token()
				if err != nil {
					tb.Fatal(err)
				}
				path := prefix + key.(string)
				paths = append(paths, path)
				walk(path + ".")
			}
			_, _ = dec.Token()
		case json.Delim('['):
			for dec.More() {
				walk(strings.TrimSuffix(prefix, ".") + "[].")
			}
			_, _ = dec.Token()
		}
	}
	walk("")
	return paths
}

// TestAnswersKeepTheQuerysOrder checks that an answer's keys come in the
// order the query asks for them, through aliases, fragments, inline
// fragments, lists and the choice of an operation.
func TestAnswersKeepTheQuerysOrder(t *testing.T) {
	h := newHandler(t, server.Options{})
	tests := []struct {
		name      string
		query     string
		operation string
		want      []string
	}{
		{name: "fields out of byte order", query: `{ node(id: "person/nikolai-yezhov") { ... on Person { name } id __typename } }`,
			want: []string{"node", "node.name", "node.id", "node.__typename"}},
		{name: "aliases", query: `{ zed: node(id: "person/nikolai-yezhov") { id } abe: node(id: "person/joseph-stalin") { ... on Person { name } } }`,
			want: []string{"zed", "zed.id", "abe", "abe.name"}},
		{name: "a fragment spread before a field", query: `query { node(id: "person/nikolai-yezhov") { ...N id } } fragment N on Person { name }`,
			want: []string{"node", "node.name", "node.id"}},
		{name: "the same key twice, merged", query: `{ node(id: "person/nikolai-yezhov") { ... on Person { name } id ... on Person { name born { edtf } } } }`,
			want: []string{"node", "node.name", "node.id", "node.born", "node.born.edtf"}},
		{name: "a list", query: `{ search(text: "Ezhov", first: 2) { score node { name id } matched } }`,
			want: []string{"search", "search[].score", "search[].node", "search[].node.name", "search[].node.id", "search[].matched",
				"search[].score", "search[].node", "search[].node.name", "search[].node.id", "search[].matched"}},
		{name: "the named operation asked for", operation: "Second",
			query: `query First { node(id: "person/nikolai-yezhov") { id ... on Person { name } } } query Second { node(id: "person/nikolai-yezhov") { ... on Person { name } id } }`,
			want:  []string{"node", "node.name", "node.id"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body, _ := json.Marshal(map[string]any{"query": tt.query, "operationName": tt.operation})
			req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			status, resp := do(t, h, req)
			if status != http.StatusOK || len(resp.Errors) > 0 {
				t.Fatalf("status %d, errors %+v", status, resp.Errors)
			}
			if got := keyPaths(t, resp.Data); !slices.Equal(got, tt.want) {
				t.Errorf("keys %v\nwant %v", got, tt.want)
			}
		})
	}
}
