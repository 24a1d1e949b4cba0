package server_test

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
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
// capacity plan needs (ns/op of a parallel benchmark is wall time divided
// by requests too, so the two agree), and the CPU time per request since
// cpu started, the number to compare changes by.
func reportThroughput(b *testing.B, cpu cpuClock) {
	if s := b.Elapsed().Seconds(); s > 0 {
		b.ReportMetric(float64(b.N)/s, "req/s")
	}
	cpu.report(b)
}

// benchmarkQuery measures one query through the real HTTP handler, one
// request at a time: JSON in, the document cache, execution and JSON out.
func benchmarkQuery(b *testing.B, query string) {
	h, body := benchHandler(b, query)
	b.ReportAllocs()
	b.ResetTimer()
	cpu := startCPUClock()
	for range b.N {
		if code := serveOne(h, body); code != http.StatusOK {
			b.Fatalf("status %d", code)
		}
	}
	b.StopTimer()
	reportThroughput(b, cpu)
}

// benchmarkQueryParallel is benchmarkQuery with one client per CPU
// (GOMAXPROCS goroutines) sending requests at once.
func benchmarkQueryParallel(b *testing.B, query string) {
	h, body := benchHandler(b, query)
	b.ReportAllocs()
	b.ResetTimer()
	cpu := startCPUClock()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if code := serveOne(h, body); code != http.StatusOK {
				b.Errorf("status %d", code)
				return
			}
		}
	})
	b.StopTimer()
	reportThroughput(b, cpu)
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

// benchEntityVars is the entity query memoria bench sends (cmd/memoria's
// gqlEntity): the id comes as a variable, a different one per request.
const benchEntityVars = `query($id: ID!) { node(id: $id) { id ... on Person { name description born { edtf } died { edtf } } } }`

// benchEntityIDs are the people benchmarkEntityVariables asks for in turn.
var benchEntityIDs = []string{
	"person/joseph-stalin", "person/vladimir-lenin", "person/leon-trotsky",
	"person/lev-kamenev", "person/grigory-zinoviev", "person/lavrentiy-beria",
}

// benchmarkEntityVariables measures the entity query as serve receives it
// from memoria bench: variables, a rotating id and, with logged, the info
// request log serve writes by default (as JSON, here to io.Discard, as
// memoria bench does). parallel runs one client per CPU.
func benchmarkEntityVariables(b *testing.B, logged, parallel bool) {
	opts := server.Options{}
	if logged {
		opts.Logger = slog.New(slog.NewJSONHandler(io.Discard, nil))
	}
	h := newHandler(b, opts)
	bodies := make([][]byte, len(benchEntityIDs))
	for i, id := range benchEntityIDs {
		vars := map[string]any{"id": id}
		if status, resp := post(b, h, benchEntityVars, vars); status != http.StatusOK || len(resp.Errors) > 0 {
			b.Fatalf("%s: status %d, errors %+v", id, status, resp.Errors)
		}
		body, err := json.Marshal(map[string]any{"query": benchEntityVars, "variables": vars})
		if err != nil {
			b.Fatal(err)
		}
		bodies[i] = body
	}
	b.ReportAllocs()
	b.ResetTimer()
	cpu := startCPUClock()
	if !parallel {
		for i := range b.N {
			if code := serveOne(h, bodies[i%len(bodies)]); code != http.StatusOK {
				b.Fatalf("status %d", code)
			}
		}
	} else {
		b.RunParallel(func(pb *testing.PB) {
			for i := 0; pb.Next(); i++ {
				if code := serveOne(h, bodies[i%len(bodies)]); code != http.StatusOK {
					b.Errorf("status %d", code)
					return
				}
			}
		})
	}
	b.StopTimer()
	reportThroughput(b, cpu)
}

func BenchmarkEntityByIDVariables(b *testing.B)         { benchmarkEntityVariables(b, false, false) }
func BenchmarkEntityByIDVariablesLogged(b *testing.B)   { benchmarkEntityVariables(b, true, false) }
func BenchmarkEntityByIDVariablesParallel(b *testing.B) { benchmarkEntityVariables(b, true, true) }
