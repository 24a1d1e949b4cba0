package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/memoria-history/memoria/internal/api"
	"github.com/memoria-history/memoria/internal/catalog"
	"github.com/memoria-history/memoria/internal/dataset"
	"github.com/memoria-history/memoria/internal/graph"
	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/search"
	"github.com/memoria-history/memoria/internal/server"
	"github.com/memoria-history/memoria/seed"
)

// indexed is a dataset indexed once per test binary, for the tests that
// share it; it is read-only, so they may.
type indexed struct {
	once sync.Once
	data api.Data
	err  error
}

// get reads the dataset with read and indexes it, the first time.
func (x *indexed) get(tb testing.TB, read func(context.Context) (*history.Dataset, error)) api.Data {
	tb.Helper()
	x.once.Do(func() {
		ds, err := read(context.Background())
		if x.err = err; err != nil {
			return
		}
		x.data = api.Data{Records: catalog.New(ds), Graph: graph.Build(ds), Search: search.NewIndex(search.Entries(ds))}
	})
	if x.err != nil {
		tb.Fatalf("index a dataset: %v", x.err)
	}
	return x.data
}

var seedIndexed indexed

// seedAPIData indexes the embedded dataset.
func seedAPIData(tb testing.TB) api.Data {
	tb.Helper()
	return seedIndexed.get(tb, func(ctx context.Context) (*history.Dataset, error) {
		return dataset.ReadFS(ctx, seed.FS(), ".", "seed")
	})
}

// newHandler returns Memoria's real HTTP handler over the seed dataset.
func newHandler(tb testing.TB, opts server.Options) *server.Server {
	tb.Helper()
	a, err := api.New(seedAPIData(tb), api.Options{OnResolve: server.CountResolve})
	if err != nil {
		tb.Fatalf("api.New: %v", err)
	}
	s, err := server.New(a, opts)
	if err != nil {
		tb.Fatalf("server.New: %v", err)
	}
	s.SetReady(true)
	return s
}

// gqlResponse is a decoded GraphQL answer.
type gqlResponse struct {
	Data   json.RawMessage `json:"data"`
	Errors []struct {
		Message    string         `json:"message"`
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
	Extensions map[string]any `json:"extensions"`
}

func (r gqlResponse) code() string {
	if len(r.Errors) == 0 {
		return ""
	}
	c, _ := r.Errors[0].Extensions["code"].(string)
	return c
}

// post sends a query as JSON and returns the status and the decoded body.
func post(tb testing.TB, h http.Handler, query string, vars map[string]any) (int, gqlResponse) {
	tb.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	return do(tb, h, req)
}

func do(tb testing.TB, h http.Handler, req *http.Request) (int, gqlResponse) {
	tb.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var out gqlResponse
	raw, _ := io.ReadAll(rec.Body)
	if len(raw) > 0 && strings.Contains(rec.Header().Get("Content-Type"), "json") {
		if err := json.Unmarshal(raw, &out); err != nil {
			tb.Fatalf("response is not JSON: %v\n%s", err, raw)
		}
	}
	return rec.Code, out
}

// query posts a query that must succeed and decodes its data into v.
func query(tb testing.TB, h http.Handler, q string, v any) {
	tb.Helper()
	status, resp := post(tb, h, q, nil)
	if status != http.StatusOK || len(resp.Errors) > 0 {
		tb.Fatalf("query failed: status %d, errors %+v\n%s", status, resp.Errors, q)
	}
	if err := json.Unmarshal(resp.Data, v); err != nil {
		tb.Fatalf("decode data: %v\n%s", err, resp.Data)
	}
}

func getURL(path string, params map[string]string) string {
	v := url.Values{}
	for k, val := range params {
		v.Set(k, val)
	}
	return path + "?" + v.Encode()
}

func decode(tb testing.TB, raw json.RawMessage, v any) {
	tb.Helper()
	if err := json.Unmarshal(raw, v); err != nil {
		tb.Fatalf("decode data: %v\n%s", err, raw)
	}
}
