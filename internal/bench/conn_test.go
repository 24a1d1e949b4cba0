package bench

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestConnChecksAnswers runs Conn against answers of every shape the
// server gives: small ones with a length, large ones in chunks, errors,
// statuses other than 200, and a server that closes the connection.
func TestConnChecksAnswers(t *testing.T) {
	large := `{"data":{"nodes":[` + strings.Repeat(`{"id":"person/p0000001","name":"Ivan"},`, 2000) + `{"id":"x"}]}}`
	tests := []struct {
		name    string
		status  int
		body    string
		close   bool // the server asks to close the connection after answering
		wantErr bool
	}{
		{name: "data", status: 200, body: `{"data":{"node":{"id":"a"}}}`},
		{name: "a large answer, chunked", status: 200, body: large},
		{name: "an errors member", status: 200, body: `{"data":{"node":null},"errors":[{"message":"no"}]}`, wantErr: true},
		{name: "the word errors inside a string", status: 200, body: `{"data":{"node":{"name":"\"errors\": none"}}}`},
		{name: "a status other than 200", status: 500, body: `{"data":{"node":{"id":"a"}}}`, wantErr: true},
		{name: "the server closes the connection", status: 200, body: `{"data":{"node":{"id":"a"}}}`, close: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var conns atomic.Int32
			srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				got, _ := io.ReadAll(r.Body)
				if r.Method != http.MethodPost || r.URL.Path != "/graphql" || r.Header.Get("Content-Type") != "application/json" || string(got) != `{"query":"{ a }"}` {
					w.WriteHeader(http.StatusBadRequest)
					return
				}
				if tt.close {
					w.Header().Set("Connection", "close")
				}
				w.WriteHeader(tt.status)
				_, _ = io.WriteString(w, tt.body)
			}))
			srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
				if s == http.StateNew {
					conns.Add(1)
				}
			}
			srv.Start()
			defer srv.Close()
			c, err := NewConn(srv.URL + "/graphql")
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			for i := range 3 {
				err := c.Post(context.Background(), []byte(`{"query":"{ a }"}`))
				if (err != nil) != tt.wantErr {
					t.Fatalf("request %d: error %v, want an error %v", i, err, tt.wantErr)
				}
			}
			want := int32(1)
			if tt.close {
				want = 3
			}
			if got := conns.Load(); got != want {
				t.Errorf("%d connections for 3 requests, want %d", got, want)
			}
		})
	}
}

func TestConnRedialsAfterAFailure(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, `{"data":{"a":1}}`)
	}))
	c, err := NewConn(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Post(context.Background(), []byte(`{}`)); err != nil {
		t.Fatalf("first request: %v", err)
	}
	srv.CloseClientConnections()
	_ = c.Post(context.Background(), []byte(`{}`)) // may fail: the connection was cut
	if err := c.Post(context.Background(), []byte(`{}`)); err != nil {
		t.Fatalf("a request after the connection was cut: %v", err)
	}
	srv.Close()
	if err := c.Post(context.Background(), []byte(`{}`)); err == nil {
		t.Fatal("a request to a closed server succeeded")
	}
}

func TestConnRefusesBadURLs(t *testing.T) {
	for _, u := range []string{"", "https://example.org/graphql", "localhost:8080", "http://"} {
		if _, err := NewConn(u); err == nil {
			t.Errorf("NewConn(%q) succeeded", u)
		}
	}
}

func TestConnStopsAtTheDeadline(t *testing.T) {
	block := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-block }))
	defer srv.Close()
	defer close(block)
	c, err := NewConn(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	err = c.Post(ctx, []byte(`{}`))
	var ne net.Error
	if !errors.As(err, &ne) || !ne.Timeout() {
		t.Fatalf("error %v, want a timeout", err)
	}
}
