package bench

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestGraphQLChecksAnswers(t *testing.T) {
	tests := []struct {
		name              string
		status            int
		body              string
		wantPost, wantQry bool // whether Post and Query succeed
	}{
		{"data", 200, `{"data":{"node":{"id":"a"}},"extensions":{"requestId":"x"}}`, true, true},
		{"an errors member", 200, `{"data":{"node":null},"errors":[{"message":"no"}]}`, false, false},
		{"the word errors inside a string", 200, `{"data":{"node":{"name":"\"errors\": none"}}}`, true, true},
		{"a status other than 200", 500, `{"data":{"node":{"id":"a"}}}`, false, false},
		{"a null field passes Post, not Query", 200, `{"data":{"path":null}}`, true, false},
		{"not JSON passes Post, not Query", 200, `<html>`, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				_, _ = io.Copy(io.Discard, r.Body)
				if r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/json" {
					w.WriteHeader(http.StatusBadRequest)
					return
				}
				w.WriteHeader(tt.status)
				_, _ = io.WriteString(w, tt.body)
			}))
			defer srv.Close()
			g := NewGraphQL(srv.URL, NewHTTPClient(1))
			body, err := Body("query($id: ID!) { node(id: $id) { id } }", map[string]any{"id": "a"})
			if err != nil {
				t.Fatal(err)
			}
			if err := g.Post(context.Background(), body); (err == nil) != tt.wantPost {
				t.Errorf("Post error %v, want success %v", err, tt.wantPost)
			}
			if _, err := g.Query(context.Background(), body); (err == nil) != tt.wantQry {
				t.Errorf("Query error %v, want success %v", err, tt.wantQry)
			}
		})
	}
}
