package server_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/memoria-history/memoria/internal/server"
)

// The hot queries, as clients send them. Each is measured twice: one
// request at a time (latency) and with b.RunParallel (throughput on every
// CPU).
const (
	benchEntityByID   = `{ node(id: "person/lavrentiy-beria") { id ... on Person { name born { edtf } } } }`
	benchPath         = `{ path(from: "person/leon-trotsky", to: "person/lavrentiy-beria") { length steps { label statement citations { locator } } } }`
	benchNeighborhood = `{ neighborhood(id: "person/lavrentiy-beria", hops: 2) { truncated nodes { id name } edges { source target label } } }`
	benchSearch       = `{ search(text: "Zinoview") { score node { id } } }`
	benchKPaths       = `{ paths(from: "person/joseph-stalin", to: "person/nikolai-yezhov", limit: 4) { length nodes { id } steps { label statement } } }`
	benchTimeline     = `{ timeline(from: "1936", to: "1938") { id name type date { edtf earliest latest uncertain } participants { role entity { name } } } }`
)

// benchHandler returns the real handler over the seed and the JSON body of
// query, after checking once that the query answers without errors.
func benchHandler(b *testing.B, query string) (http.Handler, []byte) {
	b.Helper()
	h := newHandler(b, server.Options{})
	if status, resp := post(b, h, query, nil); status != http.StatusOK || len(resp.Errors) > 0 {
		b.Fatalf("status %d, errors %+v", status, resp.Errors)
	}
	body, err := json.Marshal(map[string]string{"query": query})
	if err != nil {
		b.Fatal(err)
	}
	return h, body
}

// serveOne sends one POST through h as a client would (JSON in, JSON out,
// no network) and reports whether it got 200.
func serveOne(h http.Handler, body []byte) int {
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Code
}

// reportThroughput adds requests per second of wall time, the number a
// capacity plan needs; ns/op of a parallel benchmark is wall time divided
// by requests too, so the two agree.
func reportThroughput(b *testing.B) {
	if s := b.Elapsed().Seconds(); s > 0 {
		b.ReportMetric(float64(b.N)/s, "req/s")
	}
}

// benchmarkQuery measures one query through the real HTTP handler, one
// request at a time: JSON in, the document cache, execution and JSON out.
func benchmarkQuery(b *testing.B, query string) {
	h, body := benchHandler(b, query)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if code := serveOne(h, body); code != http.StatusOK {
			b.Fatalf("status %d", code)
		}
	}
	b.StopTimer()
	reportThroughput(b)
}

// benchmarkQueryParallel is benchmarkQuery with one client per CPU
// (GOMAXPROCS goroutines) sending requests at once.
func benchmarkQueryParallel(b *testing.B, query string) {
	h, body := benchHandler(b, query)
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if code := serveOne(h, body); code != http.StatusOK {
				b.Errorf("status %d", code)
				return
			}
		}
	})
	b.StopTimer()
	reportThroughput(b)
}

func BenchmarkEntityByID(b *testing.B)        { benchmarkQuery(b, benchEntityByID) }
func BenchmarkPath(b *testing.B)              { benchmarkQuery(b, benchPath) }
func BenchmarkNeighborhood2Hops(b *testing.B) { benchmarkQuery(b, benchNeighborhood) }
func BenchmarkSearch(b *testing.B)            { benchmarkQuery(b, benchSearch) }
func BenchmarkKShortestPaths(b *testing.B)    { benchmarkQuery(b, benchKPaths) }
func BenchmarkTimeline(b *testing.B)          { benchmarkQuery(b, benchTimeline) }

func BenchmarkEntityByIDParallel(b *testing.B)        { benchmarkQueryParallel(b, benchEntityByID) }
func BenchmarkPathParallel(b *testing.B)              { benchmarkQueryParallel(b, benchPath) }
func BenchmarkNeighborhood2HopsParallel(b *testing.B) { benchmarkQueryParallel(b, benchNeighborhood) }
func BenchmarkSearchParallel(b *testing.B)            { benchmarkQueryParallel(b, benchSearch) }
func BenchmarkKShortestPathsParallel(b *testing.B)    { benchmarkQueryParallel(b, benchKPaths) }
func BenchmarkTimelineParallel(b *testing.B)          { benchmarkQueryParallel(b, benchTimeline) }
