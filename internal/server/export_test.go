package server_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/memoria-history/memoria/internal/api"
	"github.com/memoria-history/memoria/internal/catalog"
	"github.com/memoria-history/memoria/internal/dataset"
	"github.com/memoria-history/memoria/internal/export"
	"github.com/memoria-history/memoria/internal/export/exporttest"
	"github.com/memoria-history/memoria/internal/graph"
	"github.com/memoria-history/memoria/internal/render"
	"github.com/memoria-history/memoria/internal/selection"
	"github.com/memoria-history/memoria/internal/server"
	"github.com/memoria-history/memoria/seed"
)

// beriaQuery is the selection the issue names: Beria's 2-hop
// neighbourhood between 1934 and 1941.
const beriaQuery = "id=person/lavrentiy-beria&hops=2&during=1934/1941"

// newExportHandler returns Memoria's real handler over the seed, with
// exports over a resolver of its own.
func newExportHandler(tb testing.TB, exports server.ExportOptions) (*server.Server, *selection.Resolver) {
	tb.Helper()
	return newExportServer(tb, server.Options{Exports: exports})
}

// newExportServer is newExportHandler with the rest of the options.
func newExportServer(tb testing.TB, opts server.Options) (*server.Server, *selection.Resolver) {
	tb.Helper()
	exports := opts.Exports
	ds, err := dataset.ReadFS(context.Background(), seed.FS(), ".", "seed")
	if err != nil {
		tb.Fatal(err)
	}
	rs := selection.NewResolver(graph.Build(ds), catalog.New(ds))
	exports.Exporter = rs
	if exports.Renderer == nil {
		exports.Renderer = render.New()
	}
	a, err := api.New(seedAPIData(tb), api.Options{OnResolve: server.CountResolve})
	if err != nil {
		tb.Fatal(err)
	}
	opts.Exports = exports
	s, err := server.New(a, opts)
	if err != nil {
		tb.Fatal(err)
	}
	s.SetReady(true)
	return s, rs
}

func get(h http.Handler, target string, header ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodGet, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// TestExportEveryFormat fetches every format over HTTP, for the whole seed
// and for Beria's neighbourhood in 1934–1941, and has each format's
// independent readers check the answer against the selection.
func TestExportEveryFormat(t *testing.T) {
	h, rs := newExportHandler(t, server.ExportOptions{})
	for _, query := range []string{"", beriaQuery} {
		q, _ := url.ParseQuery(query)
		for _, f := range export.Formats() {
			t.Run(string(f)+"?"+query, func(t *testing.T) {
				rec := get(h, "/export/"+string(f)+"?"+query)
				if rec.Code != http.StatusOK {
					t.Fatalf("status %d: %s", rec.Code, rec.Body)
				}
				want, name, err := rs.Select(context.Background(), q, selection.Limits{})
				if err != nil {
					t.Fatal(err)
				}
				if got, want := rec.Header().Get("Content-Type"), export.MediaType(f, export.Options{}); got != want {
					t.Errorf("Content-Type %q, want %q", got, want)
				}
				if got := rec.Header().Get("Content-Disposition"); !strings.Contains(got, `filename="`+export.FileName(name, f, export.Options{})+`"`) {
					t.Errorf("Content-Disposition %q does not name %s", got, export.FileName(name, f, export.Options{}))
				}
				exporttest.Check(t, f, rec.Body.Bytes(), want)
			})
		}
	}
}

func TestExportAnswers(t *testing.T) {
	h, _ := newExportHandler(t, server.ExportOptions{Limits: selection.Limits{MaxNodes: 100, MaxHops: 3}, MaxDrawnNodes: 20})
	tests := []struct {
		name, target string
		status       int
		contentType  string
		disposition  string
		code         string
	}{
		{"a format by its name", "/export/graphml?" + beriaQuery, 200, "application/graphml+xml", `attachment; filename="memoria-lavrentiy-beria-2-hops-1934-1941.graphml"`, ""},
		{"a format by a file name", "/export/beria.cyjs?" + beriaQuery, 200, "application/json", `attachment; filename="memoria-lavrentiy-beria-2-hops-1934-1941.cyjs"`, ""},
		{"one part of the CSV", "/export/csv?part=nodes&" + beriaQuery, 200, "text/csv; charset=utf-8", `attachment; filename="memoria-lavrentiy-beria-2-hops-1934-1941-nodes.csv"`, ""},
		{"a picture is inline", "/export/svg?id=person/lavrentiy-beria&kinds=person", 200, "image/svg+xml", `inline; filename="memoria-lavrentiy-beria-1-hops-person.svg"`, ""},
		{"a picture in another layout", "/export/svg?layout=dot&id=person/lavrentiy-beria&kinds=person", 200, "image/svg+xml", `inline; filename="memoria-lavrentiy-beria-1-hops-person.svg"`, ""},
		{"an unknown layout", "/export/svg?layout=spring&id=person/lavrentiy-beria", 400, "application/json; charset=utf-8", "", "BAD_USER_INPUT"},
		{"layout is for pictures only", "/export/dot?layout=dot", 400, "application/json; charset=utf-8", "", "BAD_USER_INPUT"},
		{"an unknown format", "/export/xlsx", 404, "application/json; charset=utf-8", "", "NOT_FOUND"},
		{"an unknown parameter", "/export/gexf?hop=2", 400, "application/json; charset=utf-8", "", "BAD_USER_INPUT"},
		{"an unknown CSV part", "/export/csv?part=edges", 400, "application/json; charset=utf-8", "", "BAD_USER_INPUT"},
		{"part is for CSV only", "/export/gexf?part=nodes", 400, "application/json; charset=utf-8", "", "BAD_USER_INPUT"},
		{"an unknown id", "/export/gexf?id=person/nobody", 404, "application/json; charset=utf-8", "", "NOT_FOUND"},
		{"no path", "/export/gexf?from=person/leon-trotsky&to=person/lavrentiy-beria&maxHops=1", 404, "application/json; charset=utf-8", "", "NOT_FOUND"},
		{"more nodes than allowed", "/export/gexf", 422, "application/json; charset=utf-8", "", "LIMIT_EXCEEDED"},
		{"more hops than allowed", "/export/gexf?id=person/lavrentiy-beria&hops=4", 422, "application/json; charset=utf-8", "", "LIMIT_EXCEEDED"},
		{"a picture larger than pictures may be", "/export/png?" + beriaQuery, 422, "application/json; charset=utf-8", "", "LIMIT_EXCEEDED"},
		{"a limit of its own cuts the whole graph", "/export/dot?limit=10", 200, "text/vnd.graphviz; charset=utf-8", `attachment; filename="memoria.dot"`, ""},
		{"a limit of 0 is refused, not ignored", "/export/dot?limit=0", 400, "application/json; charset=utf-8", "", "BAD_USER_INPUT"},
		{"a CSV file named .csv is one CSV", "/export/beria.csv?" + beriaQuery, 200, "text/csv; charset=utf-8", `attachment; filename="memoria-lavrentiy-beria-2-hops-1934-1941-nodes.csv"`, ""},
		{"a part of a zip is refused", "/export/beria.zip?part=nodes&" + beriaQuery, 400, "application/json; charset=utf-8", "", "BAD_USER_INPUT"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := get(h, tt.target)
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, tt.status, rec.Body)
			}
			if got := rec.Header().Get("Content-Type"); got != tt.contentType {
				t.Errorf("Content-Type %q, want %q", got, tt.contentType)
			}
			if got := rec.Header().Get("Content-Disposition"); got != tt.disposition {
				t.Errorf("Content-Disposition %q, want %q", got, tt.disposition)
			}
			if rec.Header().Get("X-Content-Type-Options") != "nosniff" {
				t.Error("no X-Content-Type-Options: nosniff")
			}
			if tt.code == "" {
				return
			}
			var resp gqlResponse
			if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil {
				t.Fatalf("error answer is not JSON: %v\n%s", err, rec.Body)
			}
			if resp.code() != tt.code || resp.Extensions["requestId"] == nil {
				t.Errorf("code %q (want %q), request id %v: %s", resp.code(), tt.code, resp.Extensions["requestId"], rec.Body)
			}
		})
	}
}

// TestExportMethods: an export is read; any other method is refused
// with 405 and the methods that are allowed.
func TestExportMethods(t *testing.T) {
	h, _ := newExportHandler(t, server.ExportOptions{})
	for _, method := range []string{http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodPatch} {
		req := httptest.NewRequest(method, "/export/gexf?id=group/nkvd", strings.NewReader("{}"))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		var resp gqlResponse
		_ = json.Unmarshal(rec.Body.Bytes(), &resp)
		if rec.Code != http.StatusMethodNotAllowed || rec.Header().Get("Allow") != "GET, HEAD" || resp.code() != "METHOD_NOT_ALLOWED" {
			t.Errorf("%s: status %d, Allow %q, code %q; want 405, GET, HEAD and METHOD_NOT_ALLOWED", method, rec.Code, rec.Header().Get("Allow"), resp.code())
		}
	}
	req := httptest.NewRequest(http.MethodHead, "/export/gexf?id=group/nkvd", nil)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "application/gexf+xml" {
		t.Errorf("HEAD: status %d, Content-Type %q", rec.Code, rec.Header().Get("Content-Type"))
	}
}

// TestExportFileNames: /export/NAME gives what NAME promises, for every
// file name the README and the explorer use (exporttest.FileNames), and
// the file name it is saved under promises the same.
func TestExportFileNames(t *testing.T) {
	h, _ := newExportHandler(t, server.ExportOptions{})
	for _, n := range exporttest.FileNames(t) {
		t.Run(n.Name, func(t *testing.T) {
			rec := get(h, "/export/"+n.Name+"?id=group/nkvd&hops=0")
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d: %s", rec.Code, rec.Body)
			}
			if got := exporttest.Sniff(rec.Body.Bytes()); got != n.Want {
				t.Errorf("/export/%s (from %s) gives %s, want %s", n.Name, n.Where, got, n.Want)
			}
			_, saved, _ := strings.Cut(rec.Header().Get("Content-Disposition"), `filename="`)
			saved = strings.TrimSuffix(saved, `"`)
			if got := exporttest.WantOf(saved); got != n.Want {
				t.Errorf("/export/%s is saved as %s, which promises %s, not %s", n.Name, saved, got, n.Want)
			}
		})
	}
}

func TestExportForOtherSites(t *testing.T) {
	h, _ := newExportHandler(t, server.ExportOptions{})
	rec := get(h, "/export/cyjs?"+beriaQuery, "Origin", "https://example.org")
	if rec.Code != http.StatusOK || rec.Header().Get("Access-Control-Allow-Origin") != "*" {
		t.Errorf("status %d, Access-Control-Allow-Origin %q: a page elsewhere (Cytoscape.js, sigma.js) cannot read the export",
			rec.Code, rec.Header().Get("Access-Control-Allow-Origin"))
	}
	rec = get(h, "/export/svg?id=person/lavrentiy-beria&hops=0")
	if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("an SVG opened on its own may run scripts: Content-Security-Policy %q", csp)
	}
}

func TestExportsDisabled(t *testing.T) {
	a, err := api.New(seedAPIData(t), api.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s, err := server.New(a, server.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if rec := get(s, "/export/gexf"); rec.Code != http.StatusNotFound {
		t.Errorf("status %d, want 404 without an exporter", rec.Code)
	}
}

// TestNeighborhoodIsTheSameSelection checks that GraphQL's neighborhood
// and /export, given the same arguments, select the same nodes and the
// same statements, the source argument included.
func TestNeighborhoodIsTheSameSelection(t *testing.T) {
	h, _ := newExportHandler(t, server.ExportOptions{})
	tests := []struct{ args, query string }{
		{`id: "person/lavrentiy-beria", hops: 2, during: "1934/1941"`, beriaQuery},
		{`id: "person/nikolai-yezhov", hops: 2, source: "source/jansen-petrov-2002"`, "id=person/nikolai-yezhov&hops=2&source=source/jansen-petrov-2002"},
		{`id: "group/nkvd", hops: 1, kinds: [PERSON], via: ["led"]`, "id=group/nkvd&hops=1&kinds=person&via=led"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			var data struct {
				Neighborhood struct {
					Nodes []struct{ ID string }
					Edges []struct {
						ID        string
						Citations []struct{ Source struct{ ID string } }
					}
				}
			}
			query(t, h, `{ neighborhood(`+tt.args+`, limit: 2000) { nodes { id } edges { id citations { source { id } } } } }`, &data)
			var gqlNodes, gqlEdges []string
			for _, n := range data.Neighborhood.Nodes {
				gqlNodes = append(gqlNodes, n.ID)
			}
			for _, e := range data.Neighborhood.Edges {
				gqlEdges = append(gqlEdges, e.ID)
			}
			rec := get(h, "/export/cyjs?"+tt.query)
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d: %s", rec.Code, rec.Body)
			}
			var doc struct {
				Elements struct {
					Nodes, Edges []struct{ Data struct{ ID string } }
				}
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
				t.Fatal(err)
			}
			var expNodes, expEdges []string
			for _, n := range doc.Elements.Nodes {
				expNodes = append(expNodes, n.Data.ID)
			}
			for _, e := range doc.Elements.Edges {
				expEdges = append(expEdges, e.Data.ID)
			}
			slices.Sort(gqlNodes)
			slices.Sort(gqlEdges)
			slices.Sort(expEdges)
			if len(gqlEdges) == 0 {
				t.Fatal("the neighbourhood has no edges")
			}
			if !slices.Equal(gqlNodes, expNodes) {
				t.Errorf("nodes differ\nGraphQL %v\nexport  %v", gqlNodes, expNodes)
			}
			if !slices.Equal(gqlEdges, expEdges) {
				t.Errorf("edges differ\nGraphQL %v\nexport  %v", gqlEdges, expEdges)
			}
		})
	}
}

func TestNeighborhoodSourceArgument(t *testing.T) {
	h := newHandler(t, server.Options{})
	var data struct {
		Neighborhood struct {
			Edges []struct {
				ID        string
				Citations []struct{ Source struct{ ID string } }
			}
		}
	}
	query(t, h, `{ neighborhood(id: "person/nikolai-yezhov", hops: 2, source: "source/jansen-petrov-2002") { edges { id citations { source { id } } } } }`, &data)
	if len(data.Neighborhood.Edges) == 0 {
		t.Fatal("no edge cites the source")
	}
	for _, e := range data.Neighborhood.Edges {
		if !slices.ContainsFunc(e.Citations, func(c struct{ Source struct{ ID string } }) bool { return c.Source.ID == "source/jansen-petrov-2002" }) {
			t.Errorf("edge %s does not cite the source", e.ID)
		}
	}
	_, resp := post(t, h, `{ neighborhood(id: "person/nikolai-yezhov", source: "source/nobody") { truncated } }`, nil)
	if resp.code() != "NOT_FOUND" {
		t.Errorf("an unknown source: code %q, want NOT_FOUND", resp.code())
	}
}

// TestExportStreamsAndAbortsOnFailure checks that a failure in the
// middle of a streamed export aborts the connection rather than ending a
// truncated file as if it were whole.
func TestExportStreamsAndAbortsOnFailure(t *testing.T) {
	h, _ := newExportHandler(t, server.ExportOptions{})
	srv := httptest.NewServer(h)
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/export/nquads", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.ContentLength != -1 {
		t.Errorf("status %d, length %d: want a streamed (chunked) answer", resp.StatusCode, resp.ContentLength)
	}
	buf := make([]byte, 1024)
	if _, err := io.ReadFull(resp.Body, buf); err != nil {
		t.Fatal(err)
	}
	cancel()
	if _, err := io.Copy(io.Discard, resp.Body); err == nil {
		t.Error("reading on after the client gave up succeeded")
	}
}
