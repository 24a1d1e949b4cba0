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

// countingServer answers GraphQL requests with good data, except every
// failEvery-th one (0: none), and counts requests and connections.
type countingServer struct {
	*httptest.Server
	requests, conns atomic.Int64
}

func newCountingServer(t *testing.T, failEvery int64) *countingServer {
	t.Helper()
	s := &countingServer{}
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		n := s.requests.Add(1)
		w.Header().Set("Content-Type", "application/json")
		if failEvery > 0 && n%failEvery == 0 {
			_, _ = io.WriteString(w, `{"data":null,"errors":[{"message":"no"}]}`)
			return
		}
		_, _ = io.WriteString(w, `{"data":{"node":{"id":"person/x"}}}`)
	}))
	s.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		if st == http.StateNew {
			s.conns.Add(1)
		}
	}
	s.Start()
	t.Cleanup(s.Close)
	return s
}

func TestRunLoadAgainstAServer(t *testing.T) {
	tests := []struct {
		name       string
		clients    int
		failEvery  int64
		wantErrors bool
	}{
		{"one client", 1, 0, false},
		{"four clients", 4, 0, false},
		{"failures are counted, not fatal", 3, 3, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newCountingServer(t, tt.failEvery)
			// A client of its own per goroutine: with one shared pool, Go's
			// transport may dial a spare connection when two requests race.
			gs := make([]*GraphQL, tt.clients)
			for i := range gs {
				gs[i] = NewGraphQL(srv.URL, NewHTTPClient(1))
			}
			body, err := Body(`{ node(id: "person/x") { id } }`, nil)
			if err != nil {
				t.Fatal(err)
			}
			res, err := RunLoad(context.Background(), LoadOptions{Clients: tt.clients, Duration: 150 * time.Millisecond, Warmup: 30 * time.Millisecond},
				func(ctx context.Context, client, seq int) error { return gs[client].Post(ctx, body) })
			if err != nil {
				t.Fatalf("RunLoad: %v", err)
			}
			if res.Requests == 0 || res.Throughput <= 0 || res.Latency.Count != res.Requests || res.Clients != tt.clients {
				t.Errorf("result %+v: want successful requests, a throughput and one latency per request", res)
			}
			if res.Latency.P50 > res.Latency.P99 || res.Latency.P99 > res.Latency.Max {
				t.Errorf("latency %+v: want p50 <= p99 <= max", res.Latency)
			}
			if served := srv.requests.Load(); int64(res.Requests+res.Errors) > served {
				t.Errorf("counted %d requests and %d errors, the server saw only %d", res.Requests, res.Errors, served)
			}
			if (res.Errors > 0) != tt.wantErrors || tt.wantErrors && !strings.Contains(res.FirstError, "no") {
				t.Errorf("errors %d (first %q), want errors: %v", res.Errors, res.FirstError, tt.wantErrors)
			}
			// Keep-alive: each client holds one connection for the whole run.
			if conns := srv.conns.Load(); conns > int64(tt.clients) {
				t.Errorf("%d connections for %d clients: connections are not kept alive", conns, tt.clients)
			}
		})
	}
}

func TestRunLoadRefusesBadOptions(t *testing.T) {
	do := func(context.Context, int, int) error { return nil }
	tests := []struct {
		name string
		o    LoadOptions
	}{
		{"no clients", LoadOptions{Clients: 0, Duration: time.Millisecond}},
		{"no duration", LoadOptions{Clients: 1}},
		{"negative warm-up", LoadOptions{Clients: 1, Duration: time.Millisecond, Warmup: -time.Millisecond}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := RunLoad(context.Background(), tt.o, do); err == nil {
				t.Errorf("RunLoad(%+v) succeeded, want an error", tt.o)
			}
		})
	}
}

func TestRunLoadStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var calls atomic.Int64
	start := time.Now()
	_, err := RunLoad(ctx, LoadOptions{Clients: 2, Duration: time.Minute}, func(ctx context.Context, client, seq int) error {
		if calls.Add(1) == 10 {
			cancel()
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error %v, want context.Canceled", err)
	}
	if time.Since(start) > 30*time.Second {
		t.Errorf("RunLoad ran on for %v after its context ended", time.Since(start))
	}
}
