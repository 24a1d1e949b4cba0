package server

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestLogRequestWritesWhatLoggerWrites checks that the request line,
// handed to the handler directly, reads as the one a logger derived with
// With writes: same attributes, same order, in JSON and in text.
func TestLogRequestWritesWhatLoggerWrites(t *testing.T) {
	tests := []struct {
		name   string
		method string
		target string
		id     string
		status int
	}{
		{"graphql", "POST", "/graphql", "0123456789abcdef", 200},
		{"client's id", "GET", "/graphql?query=%7Ba%7D", "trace-7.b_X", 400},
		{"not found", "GET", "/nowhere", "fedcba9876543210", 404},
	}
	timeField := regexp.MustCompile(`time=\S+|"time":"[^"]*"`)
	for _, tt := range tests {
		for _, format := range []string{"json", "text"} {
			t.Run(tt.name+"/"+format, func(t *testing.T) {
				var got, want bytes.Buffer
				handler := func(w *bytes.Buffer) slog.Handler {
					if format == "json" {
						return slog.NewJSONHandler(w, nil)
					}
					return slog.NewTextHandler(w, nil)
				}
				r := httptest.NewRequest(tt.method, tt.target, nil)
				d := 1234 * time.Microsecond
				s := &Server{opts: Options{Logger: slog.New(handler(&got))}}
				s.logRequest(context.Background(), tt.id, r, tt.status, d)
				slog.New(handler(&want)).With("request_id", tt.id).InfoContext(context.Background(), "request",
					"method", r.Method, "path", r.URL.Path, "status", tt.status, "duration", d)
				g, w := timeField.ReplaceAllString(got.String(), "TIME"), timeField.ReplaceAllString(want.String(), "TIME")
				if g != w {
					t.Errorf("got  %s\nwant %s", g, w)
				}
			})
		}
	}
}

// TestRecoveryLogsTheStack checks that a handler's panic reaches the
// operator's log with where it happened, and the client only as an
// internal error.
func TestRecoveryLogsTheStack(t *testing.T) {
	var logged bytes.Buffer
	s := &Server{opts: Options{Logger: slog.New(slog.NewJSONHandler(&logged, nil))}}
	h := s.withRecovery(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") }))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("POST", "/graphql", nil))
	if rec.Code != http.StatusInternalServerError {
		t.Errorf("status %d, want 500", rec.Code)
	}
	if body := rec.Body.String(); strings.Contains(body, "boom") || strings.Contains(body, "goroutine") {
		t.Errorf("the answer tells the client about the panic: %s", body)
	}
	for _, want := range []string{`"panic":"boom"`, `"stack":"goroutine `, "TestRecoveryLogsTheStack"} {
		if !strings.Contains(logged.String(), want) {
			t.Errorf("log lacks %s:\n%s", want, logged.String())
		}
	}
}
