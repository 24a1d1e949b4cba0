package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/memoria-history/memoria/internal/auth"
	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/server"
)

// recordingLoader remembers what it was asked to load and answers with
// err, or a report of one person.
type recordingLoader struct {
	got    []server.Upload
	author string
	err    error
}

func (l *recordingLoader) LoadUpload(ctx context.Context, u server.Upload) (server.LoadReport, error) {
	l.got = append(l.got, u)
	t, _ := auth.FromContext(ctx)
	l.author = t.Name
	if l.err != nil {
		return server.LoadReport{}, l.err
	}
	return server.LoadReport{Revision: 7, Records: map[string]int{"person": 1}, Summary: "1 person"}, nil
}

func TestAdminLoad(t *testing.T) {
	ts := newTokens(t)
	tests := []struct {
		name, method, token, media string
		body                       string
		loadErr                    error
		wantStatus                 int
		wantCode                   string
		wantMessage                string
		wantLoads                  int
	}{
		{name: "admin, zip", method: "POST", token: ts.admin, media: "application/zip", body: "PK...", wantStatus: 200, wantLoads: 1},
		{name: "admin, yaml", method: "POST", token: ts.admin, media: "text/yaml; charset=utf-8", body: "people: []", wantStatus: 200, wantLoads: 1},
		{name: "GET", method: "GET", token: ts.admin, wantStatus: 405, wantCode: "METHOD_NOT_ALLOWED"},
		{name: "anonymous", method: "POST", media: "application/zip", body: "x", wantStatus: 401, wantCode: "UNAUTHENTICATED"},
		{name: "editor", method: "POST", token: ts.editor, media: "application/zip", body: "x", wantStatus: 403, wantCode: "FORBIDDEN", wantMessage: "needs admin"},
		{name: "json body", method: "POST", token: ts.admin, media: "application/json", body: "{}", wantStatus: 415, wantCode: "UNSUPPORTED_MEDIA_TYPE"},
		{name: "too large", method: "POST", token: ts.admin, media: "application/zip", body: strings.Repeat("x", 2000), wantStatus: 413, wantCode: "REQUEST_TOO_LARGE"},
		{name: "invalid dataset", method: "POST", token: ts.admin, media: "application/yaml", body: "people: [", loadErr: history.Errorf(history.CodeInvalid, "upload/people.yaml:1: bad"), wantStatus: 400, wantCode: "BAD_USER_INPUT", wantMessage: "people.yaml:1", wantLoads: 1},
		{name: "conflict", method: "POST", token: ts.admin, media: "application/yaml", body: "x", loadErr: history.Errorf(history.CodeConflict, "person/x changed"), wantStatus: 409, wantCode: "CONFLICT", wantLoads: 1},
		{name: "fault", method: "POST", token: ts.admin, media: "application/yaml", body: "x", loadErr: errors.New("disk on fire at /var/secret"), wantStatus: 500, wantCode: "INTERNAL_SERVER_ERROR", wantMessage: "was not applied", wantLoads: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			loader := &recordingLoader{err: tt.loadErr}
			s, err := server.New(newWritingExecutor(t), server.Options{
				Access: server.Access{Keyring: ts.keyring},
				Load:   server.LoadOptions{Loader: loader, MaxBytes: 1000},
			})
			if err != nil {
				t.Fatal(err)
			}
			s.SetReady(true)
			req := httptest.NewRequest(tt.method, "/admin/load", bytes.NewReader([]byte(tt.body)))
			if tt.media != "" {
				req.Header.Set("Content-Type", tt.media)
			}
			if tt.token != "" {
				req.Header.Set("Authorization", "Bearer "+tt.token)
			}
			req.Header.Set("X-Dataset-Name", "people")
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, req)
			var resp gqlResponse
			_ = json.Unmarshal(rec.Body.Bytes(), &resp)
			if rec.Code != tt.wantStatus || resp.code() != tt.wantCode {
				t.Fatalf("status %d, code %q; want %d, %q\n%s", rec.Code, resp.code(), tt.wantStatus, tt.wantCode, rec.Body)
			}
			if tt.wantMessage != "" && (len(resp.Errors) == 0 || !strings.Contains(resp.Errors[0].Message, tt.wantMessage)) {
				t.Errorf("message %+v, want it to say %q", resp.Errors, tt.wantMessage)
			}
			if strings.Contains(rec.Body.String(), "/var/secret") {
				t.Errorf("a fault's details reached the client")
			}
			if len(loader.got) != tt.wantLoads {
				t.Fatalf("%d loads, want %d", len(loader.got), tt.wantLoads)
			}
			if tt.method == "GET" && rec.Header().Get("Allow") != "POST" {
				t.Errorf("Allow = %q, want POST", rec.Header().Get("Allow"))
			}
			if tt.wantStatus != 200 || tt.wantLoads == 0 {
				return
			}
			u := loader.got[0]
			if string(u.Body) != tt.body || u.Name != "people" || loader.author != "olga" || !strings.HasPrefix(tt.media, "text/yaml") && u.Media != tt.media {
				t.Errorf("upload %q as %s named %q by %q; want the body, named people, by olga", u.Body, u.Media, u.Name, loader.author)
			}
			var report struct {
				Revision  uint64         `json:"revision"`
				Records   map[string]int `json:"records"`
				RequestID string         `json:"requestId"`
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &report); err != nil || report.Revision != 7 || report.Records["person"] != 1 || report.RequestID == "" {
				t.Errorf("report %s (%v)", rec.Body, err)
			}
		})
	}
}

func TestAdminLoadWithoutLoader(t *testing.T) {
	ts := newTokens(t)
	s, err := server.New(newWritingExecutor(t), server.Options{Access: server.Access{Keyring: ts.keyring}})
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest("POST", "/admin/load", strings.NewReader("x"))
	req.Header.Set("Authorization", "Bearer "+ts.admin)
	req.Header.Set("Content-Type", "application/zip")
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	if rec.Code != http.StatusNotFound {
		t.Errorf("status %d, want 404\n%s", rec.Code, rec.Body)
	}
}

// zipDumper answers every dump with the same bytes at revision 9.
type zipDumper struct{}

func (zipDumper) Dump(context.Context) ([]byte, uint64, error) { return []byte("PK-dump"), 9, nil }

func TestAdminDump(t *testing.T) {
	ts := newTokens(t)
	tests := []struct {
		name, method, token string
		dumper              server.Dumper
		wantStatus          int
	}{
		{"admin", "GET", ts.admin, zipDumper{}, 200},
		{"POST", "POST", ts.admin, zipDumper{}, 405},
		{"anonymous", "GET", "", zipDumper{}, 401},
		{"editor", "GET", ts.editor, zipDumper{}, 403},
		{"revoked", "GET", ts.revoked, zipDumper{}, 401},
		{"no store to dump", "GET", ts.admin, nil, 404},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := server.New(newWritingExecutor(t), server.Options{Access: server.Access{Keyring: ts.keyring}, Load: server.LoadOptions{Dumper: tt.dumper}})
			if err != nil {
				t.Fatal(err)
			}
			req := httptest.NewRequest(tt.method, "/admin/dump", nil)
			if tt.token != "" {
				req.Header.Set("Authorization", "Bearer "+tt.token)
			}
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, req)
			if rec.Code != tt.wantStatus {
				t.Fatalf("status %d, want %d\n%s", rec.Code, tt.wantStatus, rec.Body)
			}
			if tt.wantStatus == 200 && (rec.Body.String() != "PK-dump" || rec.Header().Get("Content-Type") != server.MediaZip || rec.Header().Get("X-Memoria-Revision") != "9" || !strings.Contains(rec.Header().Get("Content-Disposition"), "memoria-dump-r9.zip")) {
				t.Errorf("answer %q, headers %v", rec.Body, rec.Header())
			}
		})
	}
}
