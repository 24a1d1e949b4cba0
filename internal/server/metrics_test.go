package server_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/memoria-history/memoria/internal/server"
)

// TestMetrics scrapes /metrics after some requests: requests by route,
// operation and status, their latency, the refusals by limit, the slots,
// the figures of the data, Go's runtime, in Prometheus's text format.
func TestMetrics(t *testing.T) {
	h := newHandler(t, server.Options{MaxConcurrent: 3, Figures: server.Figures{
		IndexSizes:    func() map[string]int { return map[string]int{"graph_nodes": 42} },
		StoreRevision: func() int64 { return 7 },
	}})
	for range 2 {
		query(t, h, `query Sources { sources { id } }`, &struct{}{})
	}
	query(t, h, `{ sources { id } }`, &struct{}{})
	if status, _ := post(t, h, "{ "+strings.Repeat("a { ", 30)+"b"+strings.Repeat(" }", 30)+" }", nil); status != http.StatusBadRequest {
		t.Fatalf("a deep query: status %d", status)
	}
	get(h, "/readyz")
	get(h, "/no/such/page")

	rec := get(h, "/metrics")
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
		t.Errorf("Content-Type %q, want Prometheus's text format", ct)
	}
	for series, want := range map[string]float64{
		`memoria_http_requests_total{operation="Sources",route="graphql",status="200"}`:   2,
		`memoria_http_requests_total{operation="anonymous",route="graphql",status="200"}`: 1,
		`memoria_http_requests_total{operation="",route="graphql",status="400"}`:          1,
		`memoria_http_requests_total{operation="",route="readyz",status="200"}`:           1,
		`memoria_http_requests_total{operation="",route="other",status="404"}`:            1,
		`memoria_http_request_duration_seconds_count{route="graphql"}`:                    4,
		`memoria_requests_refused_total{code="QUERY_TOO_DEEP",limit="query"}`:             1,
		`memoria_graphql_resolved_fields_count`:                                           3,
		`memoria_execution_slots`:                                                         3,
		`memoria_execution_slots_in_use`:                                                  0,
		`memoria_render_queue_length`:                                                     0,
		`memoria_ready`:                                                                   1,
		`memoria_index_entries{index="graph_nodes"}`:                                      42,
		`memoria_store_revision`:                                                          7,
	} {
		if got := scrape(t, h, series); got != want {
			t.Errorf("%s = %v, want %v", series, got, want)
		}
	}
	for _, name := range []string{"go_goroutines", "go_memstats_heap_alloc_bytes", "process_cpu_seconds_total"} {
		if !strings.Contains(rec.Body.String(), "\n"+name+" ") {
			t.Errorf("no %s", name)
		}
	}
}

// TestMetricsAreTheServers: two servers in one process count apart.
func TestMetricsAreTheServers(t *testing.T) {
	a, b := newHandler(t, server.Options{}), newHandler(t, server.Options{})
	query(t, a, `{ sources { id } }`, &struct{}{})
	if n := scrape(t, b, `memoria_http_requests_total{operation="anonymous",route="graphql",status="200"}`); n != 0 {
		t.Errorf("the other server counted %v requests", n)
	}
}
