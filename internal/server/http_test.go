package server_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/memoria-history/memoria/internal/server"
)

// TestGraphQLOverHTTP checks the status codes and media types of the
// GraphQL-over-HTTP specification, for both response media types.
func TestGraphQLOverHTTP(t *testing.T) {
	h := newHandler(t, server.Options{MaxBodyBytes: 4096})
	const ok = `{"query":"{ sources { id } }"}`
	tests := []struct {
		name        string
		method      string
		target      string
		contentType string
		accept      string
		body        string
		wantStatus  int
		wantType    string // response media type
		wantCode    string // extensions.code of the first error
		wantData    bool
	}{
		{name: "POST query", method: "POST", body: ok, wantStatus: 200, wantType: "application/graphql-response+json", wantData: true},
		{name: "POST with charset", method: "POST", contentType: "application/json; charset=utf-8", body: ok, wantStatus: 200, wantType: "application/graphql-response+json", wantData: true},
		{name: "Accept application/json", method: "POST", accept: "application/json", body: ok, wantStatus: 200, wantType: "application/json", wantData: true},
		{name: "Accept prefers json by q", method: "POST", accept: "application/graphql-response+json;q=0.5, application/json", body: ok, wantStatus: 200, wantType: "application/json", wantData: true},
		{name: "Accept any", method: "POST", accept: "*/*", body: ok, wantStatus: 200, wantType: "application/graphql-response+json", wantData: true},
		{name: "GET query", method: "GET", target: getURL("/graphql", map[string]string{"query": "{ sources { id } }"}), wantStatus: 200, wantType: "application/graphql-response+json", wantData: true},
		{name: "GET with variables", method: "GET", target: getURL("/graphql", map[string]string{"query": "query($id: ID!) { node(id: $id) { id } }", "variables": `{"id":"group/nkvd"}`}), wantStatus: 200, wantData: true, wantType: "application/graphql-response+json"},
		{name: "GET mutation", method: "GET", target: getURL("/graphql", map[string]string{"query": "mutation { x }"}), wantStatus: 405, wantCode: "METHOD_NOT_ALLOWED", wantType: "application/graphql-response+json"},
		{name: "PUT", method: "PUT", body: ok, wantStatus: 405, wantCode: "METHOD_NOT_ALLOWED", wantType: "application/graphql-response+json"},
		{name: "unacceptable Accept", method: "POST", accept: "text/html", body: ok, wantStatus: 406, wantCode: "NOT_ACCEPTABLE", wantType: "application/json"},
		{name: "text/plain body", method: "POST", contentType: "text/plain", body: ok, wantStatus: 415, wantCode: "UNSUPPORTED_MEDIA_TYPE", wantType: "application/graphql-response+json"},
		{name: "not JSON", method: "POST", body: "NONSENSE", wantStatus: 400, wantCode: "BAD_REQUEST", wantType: "application/graphql-response+json"},
		{name: "not JSON, json media", method: "POST", accept: "application/json", body: "NONSENSE", wantStatus: 400, wantCode: "BAD_REQUEST", wantType: "application/json"},
		{name: "two JSON values", method: "POST", body: ok + ok, wantStatus: 400, wantCode: "BAD_REQUEST", wantType: "application/graphql-response+json"},
		{name: "no query", method: "POST", body: `{"variables":{}}`, wantStatus: 400, wantCode: "BAD_REQUEST", wantType: "application/graphql-response+json"},
		{name: "body too large", method: "POST", body: `{"query":"` + strings.Repeat(" ", 5000) + `{ sources { id } }"}`, wantStatus: 413, wantCode: "REQUEST_TOO_LARGE", wantType: "application/graphql-response+json"},
		{name: "parse error", method: "POST", body: `{"query":"{ sources { id "}`, wantStatus: 400, wantCode: "GRAPHQL_PARSE_FAILED", wantType: "application/graphql-response+json"},
		{name: "parse error, json media", method: "POST", accept: "application/json", body: `{"query":"{ sources { id "}`, wantStatus: 200, wantCode: "GRAPHQL_PARSE_FAILED", wantType: "application/json"},
		// graphql-go's parser leaves these types nil and its validation
		// panics on them (found by FuzzGraphQLBody).
		{name: "variable without a type", method: "POST", body: `{"query":"query($a: ) { sources { id } }"}`, wantStatus: 400, wantCode: "GRAPHQL_PARSE_FAILED", wantType: "application/graphql-response+json"},
		{name: "variable typed by a bracket", method: "POST", body: `{"query":"query($a: Int, $b: ]) { sources { id } }"}`, wantStatus: 400, wantCode: "GRAPHQL_PARSE_FAILED", wantType: "application/graphql-response+json"},
		{name: "variable typed by a bang in a list", method: "POST", body: `{"query":"query($a: [!]) { sources { id } }"}`, wantStatus: 400, wantCode: "GRAPHQL_PARSE_FAILED", wantType: "application/graphql-response+json"},
		{name: "type definition", method: "POST", body: `{"query":"type T { f: Int } { sources { id } }"}`, wantStatus: 400, wantCode: "GRAPHQL_VALIDATION_FAILED", wantType: "application/graphql-response+json"},
		{name: "validation error", method: "POST", body: `{"query":"{ sources { nope } }"}`, wantStatus: 400, wantCode: "GRAPHQL_VALIDATION_FAILED", wantType: "application/graphql-response+json"},
		{name: "validation error, json media", method: "POST", accept: "application/json", body: `{"query":"{ sources { nope } }"}`, wantStatus: 200, wantCode: "GRAPHQL_VALIDATION_FAILED", wantType: "application/json"},
		{name: "bad variable", method: "POST", body: `{"query":"query($n: Int) { people(first: $n) { totalCount } }","variables":{"n":"ten"}}`, wantStatus: 400, wantCode: "BAD_USER_INPUT", wantType: "application/graphql-response+json"},
		{name: "unknown operation name", method: "POST", body: `{"query":"query A { sources { id } }","operationName":"B"}`, wantStatus: 400, wantCode: "GRAPHQL_VALIDATION_FAILED", wantType: "application/graphql-response+json"},
		{name: "mutation over POST", method: "POST", body: `{"query":"mutation { x }"}`, wantStatus: 400, wantCode: "GRAPHQL_VALIDATION_FAILED", wantType: "application/graphql-response+json"},
		{name: "resolver error keeps data", method: "POST", body: `{"query":"{ path(from: \"person/nobody\", to: \"person/joseph-stalin\") { length } sources { id } }"}`, wantStatus: 200, wantCode: "NOT_FOUND", wantType: "application/graphql-response+json", wantData: true},
		// A date is read before the query runs, so that a bad one fails
		// the request rather than its field and the field's parents.
		{name: "bad EDTF argument", method: "POST", body: `{"query":"{ timeline(from: \"soon\") { id } }"}`, wantStatus: 400, wantCode: "BAD_USER_INPUT", wantType: "application/graphql-response+json"},
		{name: "page size over the cap", method: "POST", body: `{"query":"{ people(first: 100000) { totalCount } }"}`, wantStatus: 200, wantCode: "LIMIT_EXCEEDED", wantType: "application/graphql-response+json", wantData: true},
		{name: "hops over the cap", method: "POST", body: `{"query":"{ neighborhood(id: \"group/nkvd\", hops: 50) { truncated } }"}`, wantStatus: 200, wantCode: "LIMIT_EXCEEDED", wantType: "application/graphql-response+json", wantData: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			target := tt.target
			if target == "" {
				target = "/graphql"
			}
			req := httptest.NewRequest(tt.method, target, bytes.NewReader([]byte(tt.body)))
			if tt.method == "POST" || tt.method == "PUT" {
				ct := tt.contentType
				if ct == "" {
					ct = "application/json"
				}
				req.Header.Set("Content-Type", ct)
			}
			if tt.accept != "" {
				req.Header.Set("Accept", tt.accept)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != tt.wantStatus {
				t.Errorf("status = %d, want %d; body %s", rec.Code, tt.wantStatus, rec.Body)
			}
			if got := rec.Header().Get("Content-Type"); !strings.HasPrefix(got, tt.wantType) {
				t.Errorf("Content-Type = %q, want %s", got, tt.wantType)
			}
			if rec.Header().Get("X-Request-ID") == "" {
				t.Error("no X-Request-ID header")
			}
			_, resp := do(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				_, _ = w.Write(rec.Body.Bytes())
			}), httptest.NewRequest("GET", "/", nil))
			if got := resp.code(); got != tt.wantCode {
				t.Errorf("extensions.code = %q, want %q; body %s", got, tt.wantCode, rec.Body)
			}
			var keys map[string]any
			_ = json.Unmarshal(rec.Body.Bytes(), &keys)
			_, hasData := keys["data"]
			if hasData != tt.wantData {
				t.Errorf("data present = %v, want %v; body %s", hasData, tt.wantData, rec.Body)
			}
			if resp.Extensions["requestId"] == nil {
				t.Errorf("response has no extensions.requestId: %s", rec.Body)
			}
		})
	}
}

func TestCORS(t *testing.T) {
	tests := []struct {
		name       string
		opts       server.Options
		origin     string
		wantOrigin string // Access-Control-Allow-Origin
		wantCreds  bool
	}{
		{name: "default any origin", origin: "https://teacher.example", wantOrigin: "*"},
		{name: "listed origin", opts: server.Options{AllowedOrigins: []string{"https://memorial.example"}}, origin: "https://memorial.example", wantOrigin: "https://memorial.example"},
		{name: "refused origin", opts: server.Options{AllowedOrigins: []string{"https://memorial.example"}}, origin: "https://evil.example", wantOrigin: ""},
		{name: "subdomain pattern", opts: server.Options{AllowedOrigins: []string{"https://*.memorial.example"}}, origin: "https://maps.memorial.example", wantOrigin: "https://maps.memorial.example"},
		{name: "pattern refuses lookalike", opts: server.Options{AllowedOrigins: []string{"https://*.memorial.example"}}, origin: "https://evilmemorial.example", wantOrigin: ""},
		{name: "credentials for a listed origin", opts: server.Options{AllowedOrigins: []string{"https://memorial.example"}, AllowCredentials: true}, origin: "https://memorial.example", wantOrigin: "https://memorial.example", wantCreds: true},
		{name: "null origin with credentials", opts: server.Options{AllowedOrigins: []string{"https://memorial.example"}, AllowCredentials: true}, origin: "null", wantOrigin: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHandler(t, tt.opts)
			req := httptest.NewRequest(http.MethodOptions, "/graphql", nil)
			req.Header.Set("Origin", tt.origin)
			req.Header.Set("Access-Control-Request-Method", "POST")
			// A curator's page writes: it sends a token. Browsers list the
			// headers lower-case and sorted (the Fetch standard), as rs/cors
			// expects them.
			req.Header.Set("Access-Control-Request-Headers", "authorization,content-type")
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if got := rec.Header().Get("Access-Control-Allow-Origin"); got != tt.wantOrigin {
				t.Errorf("preflight Allow-Origin = %q, want %q", got, tt.wantOrigin)
			}
			if got := rec.Header().Get("Access-Control-Allow-Credentials") == "true"; got != tt.wantCreds {
				t.Errorf("preflight Allow-Credentials = %v, want %v", got, tt.wantCreds)
			}
			if allowed := strings.ToLower(rec.Header().Get("Access-Control-Allow-Headers")); tt.wantOrigin != "" && (!strings.Contains(allowed, "content-type") || !strings.Contains(allowed, "authorization")) {
				t.Errorf("preflight Allow-Headers = %q, want content-type and authorization", allowed)
			}
		})
	}
}

func TestCORSRefusesUnsafeConfigurations(t *testing.T) {
	for _, opts := range []server.Options{
		{AllowedOrigins: []string{"*"}, AllowCredentials: true},
		{AllowedOrigins: []string{"https://*.example.org"}, AllowCredentials: true},
		{AllowedOrigins: []string{"https://*example.org"}},
	} {
		if _, err := server.New(nil, opts); err == nil {
			t.Errorf("server.New(%+v) accepted an unsafe CORS configuration", opts)
		}
	}
}

func TestHealthAndReadiness(t *testing.T) {
	h := newHandler(t, server.Options{})
	for _, tt := range []struct {
		path   string
		ready  bool
		status int
	}{
		{"/healthz", false, 200},
		{"/readyz", false, 503},
		{"/readyz", true, 200},
		{"/", true, 200},
		{"/nowhere", true, 404},
	} {
		h.SetReady(tt.ready)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", tt.path, nil))
		if rec.Code != tt.status {
			t.Errorf("GET %s (ready %v) = %d, want %d", tt.path, tt.ready, rec.Code, tt.status)
		}
	}
}

// TestAnswersSayTheirLength checks that a JSON answer, large or small,
// success or error, comes with its length rather than in chunks.
func TestAnswersSayTheirLength(t *testing.T) {
	srv := httptest.NewServer(newHandler(t, server.Options{}))
	defer srv.Close()
	tests := []struct {
		name, body string
	}{
		{"a large answer", `{"query":"{ __schema { types { name description } } }"}`},
		{"a small answer", `{"query":"{ __typename }"}`},
		{"an error", `{"query":"{ nosuchfield }"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := http.Post(srv.URL+"/graphql", "application/json", strings.NewReader(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, err := io.ReadAll(resp.Body)
			if err != nil {
				t.Fatal(err)
			}
			if len(resp.TransferEncoding) > 0 || resp.ContentLength != int64(len(body)) {
				t.Errorf("Content-Length %d, Transfer-Encoding %v, body of %d bytes", resp.ContentLength, resp.TransferEncoding, len(body))
			}
		})
	}
}
