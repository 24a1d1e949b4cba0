package server_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/memoria-history/memoria/internal/server"
)

// benchmarkQuery measures one query through the real HTTP handler: JSON in,
// the document cache, execution and JSON out (no network).
func benchmarkQuery(b *testing.B, query string) {
	h := newHandler(b, server.Options{})
	body, _ := json.Marshal(map[string]string{"query": query})
	// Fail fast on a query that does not work.
	if status, resp := post(b, h, query, nil); status != http.StatusOK || len(resp.Errors) > 0 {
		b.Fatalf("status %d, errors %+v", status, resp.Errors)
	}
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK {
				b.Fatalf("status %d", rec.Code)
			}
		}
	})
}

func BenchmarkEntityByID(b *testing.B) {
	benchmarkQuery(b, `{ node(id: "person/lavrentiy-beria") { id ... on Person { name born { edtf } } } }`)
}

func BenchmarkPath(b *testing.B) {
	benchmarkQuery(b, `{ path(from: "person/leon-trotsky", to: "person/lavrentiy-beria") { length steps { label statement citations { locator } } } }`)
}

func BenchmarkNeighborhood2Hops(b *testing.B) {
	benchmarkQuery(b, `{ neighborhood(id: "person/lavrentiy-beria", hops: 2) { truncated nodes { id name } edges { source target label } } }`)
}

func BenchmarkSearch(b *testing.B) {
	benchmarkQuery(b, `{ search(text: "Zinoview") { score node { id } } }`)
}
