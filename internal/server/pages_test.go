package server_test

import (
	"compress/gzip"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/memoria-history/memoria/internal/server"
	"github.com/memoria-history/memoria/internal/webui"
)

// TestConsoleIsServedOffline checks that the console page and everything
// it names come from the server itself, with their types, their cache
// lifetimes and a policy that forbids any other host.
func TestConsoleIsServedOffline(t *testing.T) {
	h := newHandler(t, server.Options{Pages: webui.Files()})
	page := get(h, "/")
	if page.Code != 200 || page.Header().Get("Content-Type") != "text/html; charset=utf-8" {
		t.Fatalf("GET / = %d, %q", page.Code, page.Header().Get("Content-Type"))
	}
	csp := page.Header().Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'none'", "script-src 'self'", "connect-src 'self'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "http") || strings.Contains(csp, "unsafe-eval") {
		t.Errorf("CSP %q allows another host or eval", csp)
	}
	if got := page.Header().Get("Cache-Control"); got != "no-cache" {
		t.Errorf("page Cache-Control = %q, want no-cache", got)
	}
	body := page.Body.String()
	if strings.Contains(body, "//") || strings.Contains(body, "<script>") || strings.Contains(body, "style=") {
		t.Errorf("the page names another host or has inline code:\n%s", body)
	}
	refs := regexp.MustCompile(`(?:src|href)="([^"]+)"`).FindAllStringSubmatch(body, -1)
	types := map[string]string{".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}
	seen := map[string]bool{}
	for _, ref := range refs {
		url := "/" + ref[1]
		ext := url[strings.LastIndex(url, "."):]
		seen[ext] = true
		rec := get(h, url)
		if rec.Code != 200 || rec.Header().Get("Content-Type") != types[ext] {
			t.Errorf("GET %s = %d, %q, want 200, %q", url, rec.Code, rec.Header().Get("Content-Type"), types[ext])
		}
		if got := rec.Header().Get("Cache-Control"); got != "public, max-age=31536000, immutable" {
			t.Errorf("GET %s: Cache-Control %q, want a year, immutable", url, got)
		}
		if ext == ".js" {
			for _, ex := range webui.Examples() {
				name := operationName(ex.Query)
				if !strings.Contains(rec.Body.String(), name) {
					t.Errorf("the console's script lacks the example %s", name)
				}
			}
		}
	}
	if !seen[".js"] || !seen[".css"] {
		t.Errorf("the page loads %v, want a script and a stylesheet", refs)
	}
}

var operationNameRE = regexp.MustCompile(`(?m)^query (\w+)`)

func operationName(q string) string {
	if m := operationNameRE.FindStringSubmatch(q); m != nil {
		return m[1]
	}
	return ""
}

// TestConsoleExamplesAnswer runs every query the console opens with: each
// names its operation (the tab's title) and answers with data and no
// error.
func TestConsoleExamplesAnswer(t *testing.T) {
	h := newHandler(t, server.Options{})
	examples := webui.Examples()
	if len(examples) < 4 {
		t.Fatalf("%d examples, want at least 4", len(examples))
	}
	for _, ex := range examples {
		t.Run(ex.Name, func(t *testing.T) {
			if operationName(ex.Query) == "" {
				t.Errorf("the example does not name its operation, so its tab would be untitled:\n%s", ex.Query)
			}
			status, resp := post(t, h, ex.Query, nil)
			if status != 200 || len(resp.Errors) > 0 || len(resp.Data) < 20 {
				t.Errorf("status %d, errors %+v, data %s", status, resp.Errors, resp.Data)
			}
		})
	}
}

// TestAssetsAreCachedAndCompressed checks revalidation with ETags and
// gzip for clients that take it, on a page of its own.
func TestAssetsAreCachedAndCompressed(t *testing.T) {
	big := strings.Repeat("console.log('memoria');\n", 200)
	pages := fstest.MapFS{
		"index.html":         {Data: []byte(`<!DOCTYPE html><script src="assets/app-AB12.js"></script>`)},
		"explore.html":       {Data: []byte(`<!DOCTYPE html><title>explore</title>`)},
		"assets/app-AB12.js": {Data: []byte(big)},
	}
	h := newHandler(t, server.Options{Pages: pages})
	if rec := get(h, "/explore"); rec.Code != 200 || !strings.Contains(rec.Body.String(), "explore") {
		t.Errorf("GET /explore = %d %q, want the page explore.html", rec.Code, rec.Body.String())
	}
	first := get(h, "/assets/app-AB12.js")
	etag := first.Header().Get("ETag")
	if first.Code != 200 || etag == "" || first.Body.String() != big || first.Header().Get("Content-Encoding") != "" {
		t.Fatalf("GET asset = %d, ETag %q, encoding %q", first.Code, etag, first.Header().Get("Content-Encoding"))
	}
	if again := get(h, "/assets/app-AB12.js", "If-None-Match", etag); again.Code != http.StatusNotModified {
		t.Errorf("GET with If-None-Match = %d, want 304", again.Code)
	}
	zipped := get(h, "/assets/app-AB12.js", "Accept-Encoding", "gzip, deflate, br")
	if zipped.Header().Get("Content-Encoding") != "gzip" || zipped.Header().Get("ETag") == etag || !slices.Contains(zipped.Header().Values("Vary"), "Accept-Encoding") {
		t.Fatalf("gzip answer: encoding %q, ETag %q, Vary %q", zipped.Header().Get("Content-Encoding"), zipped.Header().Get("ETag"), zipped.Header().Values("Vary"))
	}
	zr, err := gzip.NewReader(zipped.Body)
	if err != nil {
		t.Fatal(err)
	}
	if plain, _ := io.ReadAll(zr); string(plain) != big || zipped.Body.Len() >= len(big) {
		t.Errorf("gzip body of %d bytes unzips to %d bytes, want %d", zipped.Body.Len(), len(plain), len(big))
	}
	if rec := get(h, "/assets/missing.js"); rec.Code != 404 {
		t.Errorf("GET a missing asset = %d, want 404", rec.Code)
	}
}

// TestBrowserOnTheEndpointGetsTheConsole: opening /graphql in a browser
// leads to the console; a client without a query still gets its 400.
func TestBrowserOnTheEndpointGetsTheConsole(t *testing.T) {
	h := newHandler(t, server.Options{Pages: webui.Files()})
	browser := "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
	rec := get(h, "/graphql", "Accept", browser)
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/" {
		t.Errorf("browser GET /graphql = %d to %q, want 303 to /", rec.Code, rec.Header().Get("Location"))
	}
	if rec := get(h, "/graphql", "Accept", "application/json"); rec.Code != 400 {
		t.Errorf("client GET /graphql without a query = %d, want 400", rec.Code)
	}
	if rec := get(h, "/graphql?query=%7B__typename%7D", "Accept", browser); rec.Code != 200 {
		t.Errorf("browser GET /graphql with a query = %d, want 200", rec.Code)
	}
}

// TestWithoutPagesTheRootSaysSo: a server built without pages answers /
// with where the API is.
func TestWithoutPagesTheRootSaysSo(t *testing.T) {
	rec := get(newHandler(t, server.Options{}), "/")
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), "/graphql") {
		t.Errorf("GET / = %d %q", rec.Code, rec.Body.String())
	}
}
