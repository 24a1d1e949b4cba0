package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/graphql-go/graphql"
	"github.com/graphql-go/graphql/language/ast"

	"github.com/memoria-history/memoria/internal/auth"
	"github.com/memoria-history/memoria/internal/server"
)

// writingExecutor is a schema with one mutation that answers with the
// name of the token it was sent with: enough to see who the server lets
// write, apart from what Memoria's own mutations do. With release set, a
// mutation says it started and then waits until release is closed, as a
// mutation waits for the store's writer and its sync.
type writingExecutor struct {
	schema  graphql.Schema
	writes  atomic.Int64
	started chan struct{}
	release chan struct{}
}

func newWritingExecutor(tb testing.TB) *writingExecutor {
	tb.Helper()
	e := &writingExecutor{}
	s, err := graphql.NewSchema(graphql.SchemaConfig{
		Query: graphql.NewObject(graphql.ObjectConfig{Name: "Query", Fields: graphql.Fields{
			"ping": {Type: graphql.String, Resolve: func(graphql.ResolveParams) (any, error) { return "pong", nil }},
		}}),
		Mutation: graphql.NewObject(graphql.ObjectConfig{Name: "Mutation", Fields: graphql.Fields{
			"touch": {Type: graphql.String, Resolve: func(p graphql.ResolveParams) (any, error) {
				e.writes.Add(1)
				if e.release != nil {
					e.started <- struct{}{}
					select {
					case <-e.release:
					case <-p.Context.Done():
					}
				}
				t, _ := auth.FromContext(p.Context)
				return t.Name, nil
			}},
		}}),
	})
	if err != nil {
		tb.Fatal(err)
	}
	e.schema = s
	return e
}

func (e *writingExecutor) Schema() *graphql.Schema { return &e.schema }

func (e *writingExecutor) Execute(ctx context.Context, doc *ast.Document, op string, vars map[string]any) *graphql.Result {
	return graphql.Execute(graphql.ExecuteParams{Schema: e.schema, AST: doc, OperationName: op, Args: vars, Context: ctx})
}

type tokens struct {
	reader, editor, admin, revoked, stranger string
	keyring                                  *auth.Keyring
}

func newTokens(tb testing.TB) tokens {
	tb.Helper()
	var ts tokens
	var kept []auth.Token
	now := time.Now()
	for _, x := range []struct {
		secret *string
		name   string
		role   auth.Role
		keep   bool
	}{
		{&ts.reader, "rita", auth.RoleReader, true},
		{&ts.editor, "anna", auth.RoleEditor, true},
		{&ts.admin, "olga", auth.RoleAdmin, true},
		{&ts.revoked, "boris", auth.RoleEditor, true},
		{&ts.stranger, "carl", auth.RoleAdmin, false},
	} {
		secret, t, err := auth.New(x.name, x.role, now)
		if err != nil {
			tb.Fatal(err)
		}
		if x.name == "boris" {
			t.Revoked = now
		}
		if x.keep {
			kept = append(kept, t)
		}
		*x.secret = secret
	}
	ts.keyring = auth.NewKeyring(kept)
	return ts
}

func postAs(tb testing.TB, h http.Handler, method, token, query string) (*httptest.ResponseRecorder, gqlResponse) {
	tb.Helper()
	body, _ := json.Marshal(map[string]any{"query": query})
	target := "/graphql"
	var req *http.Request
	if method == http.MethodGet {
		req = httptest.NewRequest(method, getURL(target, map[string]string{"query": query}), nil)
	} else {
		req = httptest.NewRequest(method, target, bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept", "application/graphql-response+json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var out gqlResponse
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
		tb.Fatalf("answer is not JSON: %v\n%s", err, rec.Body)
	}
	return rec, out
}

func TestWritesNeedAToken(t *testing.T) {
	ts := newTokens(t)
	tests := []struct {
		name, method, token, query string
		readRequired               bool
		wantStatus                 int
		wantCode                   string
		wantData                   string
	}{
		{name: "anonymous read", method: "POST", query: "{ ping }", wantStatus: 200, wantData: `{"ping":"pong"}`},
		{name: "anonymous write", method: "POST", query: "mutation { touch }", wantStatus: 401, wantCode: "UNAUTHENTICATED"},
		{name: "reader writes", method: "POST", token: ts.reader, query: "mutation { touch }", wantStatus: 403, wantCode: "FORBIDDEN"},
		{name: "editor writes", method: "POST", token: ts.editor, query: "mutation { touch }", wantStatus: 200, wantData: `{"touch":"anna"}`},
		{name: "admin writes", method: "POST", token: ts.admin, query: "mutation { touch }", wantStatus: 200, wantData: `{"touch":"olga"}`},
		{name: "editor writes over GET", method: "GET", token: ts.editor, query: "mutation { touch }", wantStatus: 405, wantCode: "METHOD_NOT_ALLOWED"},
		{name: "revoked token reads", method: "POST", token: ts.revoked, query: "{ ping }", wantStatus: 401, wantCode: "UNAUTHENTICATED"},
		{name: "unknown token writes", method: "POST", token: ts.stranger, query: "mutation { touch }", wantStatus: 401, wantCode: "UNAUTHENTICATED"},
		{name: "mistyped token", method: "POST", token: ts.editor[:20], query: "{ ping }", wantStatus: 401, wantCode: "UNAUTHENTICATED"},
		{name: "closed: anonymous read", method: "POST", query: "{ ping }", readRequired: true, wantStatus: 401, wantCode: "UNAUTHENTICATED"},
		{name: "closed: reader reads", method: "POST", token: ts.reader, query: "{ ping }", readRequired: true, wantStatus: 200, wantData: `{"ping":"pong"}`},
		{name: "closed: reader reads over GET", method: "GET", token: ts.reader, query: "{ ping }", readRequired: true, wantStatus: 200, wantData: `{"ping":"pong"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			exec := newWritingExecutor(t)
			s, err := server.New(exec, server.Options{Access: server.Access{Keyring: ts.keyring, ReadTokenRequired: tt.readRequired}})
			if err != nil {
				t.Fatal(err)
			}
			s.SetReady(true)
			rec, resp := postAs(t, s, tt.method, tt.token, tt.query)
			if rec.Code != tt.wantStatus || resp.code() != tt.wantCode {
				t.Fatalf("status %d, code %q; want %d, %q\n%s", rec.Code, resp.code(), tt.wantStatus, tt.wantCode, rec.Body)
			}
			if tt.wantData != "" && string(resp.Data) != tt.wantData {
				t.Errorf("data = %s, want %s", resp.Data, tt.wantData)
			}
			if rec.Code == 401 && rec.Header().Get("WWW-Authenticate") == "" {
				t.Errorf("401 without WWW-Authenticate")
			}
			if n := exec.writes.Load(); tt.wantStatus != 200 && n != 0 {
				t.Errorf("a refused request wrote %d times", n)
			}
			if tt.token != "" && bytes.Contains(rec.Body.Bytes(), []byte(tt.token)) {
				t.Errorf("the answer repeats the token")
			}
		})
	}
}

func TestWritesAreRateLimitedPerToken(t *testing.T) {
	ts := newTokens(t)
	exec := newWritingExecutor(t)
	s, err := server.New(exec, server.Options{Access: server.Access{Keyring: ts.keyring, WritesPerSecond: 0.001, WriteBurst: 3}})
	if err != nil {
		t.Fatal(err)
	}
	s.SetReady(true)
	for i := range 3 {
		if rec, _ := postAs(t, s, "POST", ts.editor, "mutation { touch }"); rec.Code != 200 {
			t.Fatalf("write %d of the burst: status %d\n%s", i+1, rec.Code, rec.Body)
		}
	}
	rec, resp := postAs(t, s, "POST", ts.editor, "mutation { touch }")
	if rec.Code != 429 || resp.code() != "RATE_LIMITED" || rec.Header().Get("Retry-After") == "" {
		t.Fatalf("fourth write: status %d, code %q, Retry-After %q; want 429, RATE_LIMITED and a wait", rec.Code, resp.code(), rec.Header().Get("Retry-After"))
	}
	if n := exec.writes.Load(); n != 3 {
		t.Errorf("%d writes reached the schema, want 3", n)
	}
	if rec, _ := postAs(t, s, "POST", ts.admin, "mutation { touch }"); rec.Code != 200 {
		t.Errorf("another token is held back: status %d", rec.Code)
	}
	if rec, _ := postAs(t, s, "GET", ts.editor, "{ ping }"); rec.Code != 200 {
		t.Errorf("a spent token's read over GET: status %d, want 200", rec.Code)
	}
}

func TestSetKeyringTakesEffect(t *testing.T) {
	ts := newTokens(t)
	s, err := server.New(newWritingExecutor(t), server.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.SetReady(true)
	if rec, _ := postAs(t, s, "POST", ts.editor, "mutation { touch }"); rec.Code != 401 {
		t.Fatalf("without a keyring: status %d, want 401", rec.Code)
	}
	s.SetKeyring(ts.keyring)
	if rec, _ := postAs(t, s, "POST", ts.editor, "mutation { touch }"); rec.Code != 200 {
		t.Fatalf("after SetKeyring: status %d, want 200", rec.Code)
	}
}

func TestExportsFollowReadAccess(t *testing.T) {
	ts := newTokens(t)
	s, _ := newExportServer(t, server.Options{Access: server.Access{Keyring: ts.keyring, ReadTokenRequired: true}})
	for _, tt := range []struct {
		name, token string
		want        int
	}{
		{"anonymous", "", 401},
		{"reader", ts.reader, 200},
		{"revoked", ts.revoked, 401},
	} {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest("GET", "/export/graphml?id=person/lavrentiy-beria", nil)
			if tt.token != "" {
				req.Header.Set("Authorization", "Bearer "+tt.token)
			}
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, req)
			if rec.Code != tt.want {
				t.Errorf("status %d, want %d\n%.300s", rec.Code, tt.want, rec.Body)
			}
		})
	}
}
