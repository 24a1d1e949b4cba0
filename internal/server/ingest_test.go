package server_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/server"
)

// echoIngester answers what it was sent, so that a test sees what the
// handler passed on.
type echoIngester struct{}

func (echoIngester) Ingest(_ context.Context, r server.IngestRequest) (any, error) {
	if r.SourceID == "" {
		return nil, history.Errorf(history.CodeInvalid, "no source-id")
	}
	return map[string]string{"format": r.Format, "source": r.SourceID, "title": r.Title, "body": string(r.Body)}, nil
}

func TestIngest(t *testing.T) {
	tests := []struct {
		name, method, path, media, body string
		status                          int
		want                            string // in the answer
	}{
		{"text", "POST", "/ingest?source-id=source/x&title=T", "text/plain; charset=utf-8", "Doc\n\nText", 200, `"format":"text"`},
		{"markdown", "POST", "/ingest?source-id=source/x", "text/markdown", "# Doc", 200, `"format":"markdown"`},
		{"html with the source", "POST", "/ingest?source-id=source/x&title=T", "text/html", "<p>x</p>", 200, `"title":"T"`},
		{"no source", "POST", "/ingest", "text/plain", "Doc", 400, "no source-id"},
		{"GET", "GET", "/ingest?source-id=source/x", "", "", 405, "POST"},
		{"JSON", "POST", "/ingest?source-id=source/x", "application/json", "{}", 415, "text/plain"},
		{"latin-1", "POST", "/ingest?source-id=source/x", "text/plain; charset=iso-8859-1", "x", 415, "UTF-8"},
		{"too large", "POST", "/ingest?source-id=source/x", "text/plain", strings.Repeat("x", 100), 413, "bytes"},
		{"read token required", "POST", "/ingest?source-id=source/x", "text/plain", "x", 401, "token"},
		{"no ingester", "POST", "/ingest?source-id=source/x", "text/plain", "x", 404, "reads no documents"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := server.Options{Ingest: server.IngestOptions{Ingester: echoIngester{}, MaxBytes: 64}}
			switch tt.name {
			case "read token required":
				opts.Access.ReadTokenRequired = true
			case "no ingester":
				opts.Ingest.Ingester = nil
			}
			h := newHandler(t, opts)
			req := httptest.NewRequest(tt.method, tt.path, strings.NewReader(tt.body))
			if tt.media != "" {
				req.Header.Set("Content-Type", tt.media)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			body, _ := io.ReadAll(rec.Body)
			if rec.Code != tt.status || !strings.Contains(string(body), tt.want) {
				t.Errorf("got %d %s, want %d with %q", rec.Code, body, tt.status, tt.want)
			}
			if rec.Code == 200 && !json.Valid(body) {
				t.Errorf("the answer is not JSON: %s", body)
			}
			if rec.Code == http.StatusMethodNotAllowed && rec.Header().Get("Allow") != "POST" {
				t.Errorf("Allow: %q", rec.Header().Get("Allow"))
			}
		})
	}
}
