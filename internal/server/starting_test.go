package server_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/memoria-history/memoria/internal/server"
)

func TestStarting(t *testing.T) {
	tests := []struct {
		method, path string
		status       int
		contains     string
	}{
		{"GET", "/healthz", 200, "ok"},
		{"GET", "/readyz", 503, "not ready"},
		{"POST", "/graphql", 503, `"code":"STARTING"`},
		{"GET", "/graphql?query=%7Bsources%7Bid%7D%7D", 503, `"code":"STARTING"`},
		{"GET", "/export/gexf", 503, "not ready"},
		{"GET", "/", 503, "not ready"},
	}
	h, err := server.Starting(server.Options{AllowedOrigins: []string{"https://timeline.example.org"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			rec := httptest.NewRecorder()
			req := httptest.NewRequest(tt.method, tt.path, strings.NewReader(`{"query":"{ sources { id } }"}`))
			req.Header.Set("Origin", "https://timeline.example.org")
			h.ServeHTTP(rec, req)
			if got := rec.Header().Get("Access-Control-Allow-Origin"); got != "https://timeline.example.org" {
				t.Errorf("Access-Control-Allow-Origin %q: a page could not read the answer", got)
			}
			if rec.Header().Get("X-Request-ID") == "" {
				t.Error("no X-Request-ID")
			}
			if rec.Code != tt.status || !strings.Contains(rec.Body.String(), tt.contains) {
				t.Errorf("status %d, body %q; want %d and %q", rec.Code, rec.Body, tt.status, tt.contains)
			}
			if tt.status == 503 && rec.Header().Get("Retry-After") == "" {
				t.Error("no Retry-After")
			}
			if strings.HasPrefix(tt.path, "/graphql") {
				var resp gqlResponse
				if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil || resp.code() != "STARTING" || resp.Data != nil || resp.Extensions["requestId"] == nil {
					t.Errorf("answer %s: want a GraphQL error with code STARTING, a request id and no data (%v)", rec.Body, err)
				}
			}
		})
	}
}

func TestSwitch(t *testing.T) {
	starting, err := server.Starting(server.Options{})
	if err != nil {
		t.Fatal(err)
	}
	sw := server.NewSwitch(starting)
	get := func() int {
		rec := httptest.NewRecorder()
		sw.ServeHTTP(rec, httptest.NewRequest("GET", "/readyz", nil))
		return rec.Code
	}
	if got := get(); got != http.StatusServiceUnavailable {
		t.Fatalf("before Set: /readyz %d, want 503", got)
	}
	sw.Set(newHandler(t, server.Options{}))
	if got := get(); got != http.StatusOK {
		t.Fatalf("after Set: /readyz %d, want 200", got)
	}
}

func TestStartingRefusesWhatNewRefuses(t *testing.T) {
	if _, err := server.Starting(server.Options{AllowedOrigins: []string{"*"}, AllowCredentials: true}); err == nil {
		t.Error("credentials with a wildcard origin accepted")
	}
}
