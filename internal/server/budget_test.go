package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/memoria-history/memoria/internal/api"
	"github.com/memoria-history/memoria/internal/dataset"
	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/server"
	"github.com/memoria-history/memoria/internal/synth"
)

var networkIndexed indexed

// network indexes a synthetic network of 2,000 people (some 10
// statements each): large enough for the queries a budget must stop.
func network(tb testing.TB) api.Data {
	tb.Helper()
	return networkIndexed.get(tb, func(ctx context.Context) (*history.Dataset, error) {
		dir, err := os.MkdirTemp("", "memoria-server-test-")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(dir)
		if _, err := synth.Generate(ctx, dir, synth.Options{People: 2000, Seed: 1, Shape: synth.ShapeNetwork}); err != nil {
			return nil, err
		}
		return dataset.ReadFS(ctx, os.DirFS(dir), ".", dir)
	})
}

// attack is the query issue 22 found: within every static limit, a
// neighbourhood of 2,000 nodes with three levels of relations under it,
// which ran for the whole timeout, added 0.8 GB, and, eight at once, kept
// a cheap query waiting 9.8 s.
const attack = `{ neighborhood(id: "person/p0000001", hops: 3, limit: 2000) { nodes { id name
	relations { type other { id name relations { type other { id name relations { type other { id name } } } } } } } } }`

// cheap is what a client asks meanwhile.
const cheap = `{ node(id: "person/p0000002") { id ... on Person { name } } }`

func newNetworkHandler(tb testing.TB, opts server.Options) *server.Server {
	tb.Helper()
	return serverOver(tb, network(tb), api.Options{OnResolve: server.CountResolve}, opts)
}

// scrape reads the value of one series from /metrics; 0 if it is not
// there.
func scrape(tb testing.TB, h http.Handler, series string) float64 {
	tb.Helper()
	rec := get(h, "/metrics")
	if rec.Code != http.StatusOK {
		tb.Fatalf("GET /metrics: %d", rec.Code)
	}
	m := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(series) + ` (\S+)$`).FindStringSubmatch(rec.Body.String())
	if m == nil {
		return 0
	}
	v, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		tb.Fatal(err)
	}
	return v
}

// TestCostlyQueriesAreStoppedAndCheapOnesAnswered drives the real
// handler with eight of the attack at once: each is stopped when it goes
// past the fields a query may resolve and answered LIMIT_EXCEEDED, or,
// waiting for one of the slots kept for heavy queries, told the server
// is busy; meanwhile a cheap query is answered.
func TestCostlyQueriesAreStoppedAndCheapOnesAnswered(t *testing.T) {
	h := newNetworkHandler(t, server.Options{MaxConcurrent: 8, Budget: server.Budget{MaxHeavy: 2}})
	codes := make(chan string, 8)
	for range 8 {
		go func() {
			status, resp := post(t, h, attack, nil)
			codes <- fmt.Sprintf("%d %s", status, resp.code())
		}()
	}
	// The cheap query is sent while heavy ones hold every slot kept for
	// them, and others wait for one.
	waitUntil(t, "the heavy slots to fill", func() bool {
		return scrape(t, h, "memoria_heavy_slots_in_use") == 2
	})
	var data struct{ Node struct{ ID, Name string } }
	query(t, h, cheap, &data)
	if data.Node.ID != "person/p0000002" || data.Node.Name == "" {
		t.Errorf("the cheap query answered %+v", data.Node)
	}
	stopped := 0
	for range 8 {
		switch c := <-codes; c {
		case "422 LIMIT_EXCEEDED":
			stopped++
		case "503 SERVER_BUSY":
		default:
			t.Errorf("the attack was answered %s, want 422 LIMIT_EXCEEDED or 503 SERVER_BUSY", c)
		}
	}
	if stopped == 0 {
		t.Error("no attack was stopped by the budget")
	}
	if n := scrape(t, h, `memoria_requests_refused_total{code="LIMIT_EXCEEDED",limit="resolved_fields"}`); n != float64(stopped) {
		t.Errorf("%v refusals for resolved fields counted, want %d", n, stopped)
	}
	if n := scrape(t, h, `memoria_graphql_resolved_fields_count`); n < float64(stopped+1) {
		t.Errorf("%v executions measured, want at least %d", n, stopped+1)
	}
}

// TestTheAnswerIsBounded: an answer bigger than MaxAnswerBytes is
// refused, whether the estimate made while it executes finds it or the
// measure of the encoded answer does.
func TestTheAnswerIsBounded(t *testing.T) {
	h := newNetworkHandler(t, server.Options{Budget: server.Budget{MaxAnswerBytes: 20 << 10}})
	status, resp := post(t, h, `{ neighborhood(id: "person/p0000001", hops: 2, limit: 2000) { nodes { id name description } } }`, nil)
	if status != http.StatusUnprocessableEntity || resp.code() != "LIMIT_EXCEEDED" {
		t.Errorf("status %d, code %q; want 422 LIMIT_EXCEEDED", status, resp.code())
	}
	var data struct{ Node struct{ ID string } }
	query(t, h, cheap, &data)
	if n := scrape(t, h, `memoria_requests_refused_total{code="LIMIT_EXCEEDED",limit="answer_bytes"}`); n != 1 {
		t.Errorf("%v refusals for the answer's size, want 1", n)
	}
}

// TestShortOfMemoryRefuses: past its share of the memory limit, the
// server refuses executions with SERVER_BUSY and Retry-After, and still
// says it is alive.
func TestShortOfMemoryRefuses(t *testing.T) {
	h := newNetworkHandler(t, server.Options{Budget: server.Budget{MemoryLimit: 1}})
	for _, q := range []string{attack, cheap} {
		rec := postRecorder(h, q)
		if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") == "" {
			t.Errorf("status %d, Retry-After %q; want 503 with Retry-After", rec.Code, rec.Header().Get("Retry-After"))
		}
	}
	if rec := get(h, "/healthz"); rec.Code != http.StatusOK {
		t.Errorf("/healthz: %d", rec.Code)
	}
	if n := scrape(t, h, `memoria_requests_refused_total{code="SERVER_BUSY",limit="memory"}`); n < 2 {
		t.Errorf("%v refusals for memory, want at least 2", n)
	}
}

func postRecorder(h http.Handler, query string) *httptest.ResponseRecorder {
	body, _ := json.Marshal(map[string]any{"query": query})
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// waitUntil polls cond until it holds: the test waits for goroutines of
// the handler it cannot see into. It fails after a long while.
func waitUntil(tb testing.TB, what string, cond func() bool) {
	tb.Helper()
	for deadline := time.Now().Add(time.Minute); !cond(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			tb.Fatalf("still waiting for %s", what)
		}
	}
}
