package server

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"
)

// pageCSP is the Content-Security-Policy of every page: everything from
// this server, nothing inline, nothing from another host. Fonts and
// images may also be data: URLs, which is how GraphiQL's stylesheet
// carries its fonts and icons.
const pageCSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// assetCache is how long a browser may keep a file under assets/: a year,
// without asking again, because its name changes with its content.
const assetCache = "public, max-age=31536000, immutable"

// assets are the files of the browser pages (Options.Pages), read once.
// NAME.html is the page at /NAME (index.html at /); the files under
// assets/ are what the pages load.
type assets struct {
	files map[string]*asset // by path in the file system
}

// asset is one file, with its ETag and gzipped form made the first time
// it is asked for: most servers in tests never serve a page.
type asset struct {
	body  []byte
	ctype string
	once  sync.Once
	etag  string
	gz    []byte // nil when gzip does not make it smaller
}

// readAssets reads every file of fsys. A nil fsys gives no pages.
func readAssets(fsys fs.FS) (*assets, error) {
	a := &assets{files: map[string]*asset{}}
	if fsys == nil {
		return a, nil
	}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		a.files[p] = &asset{body: body, ctype: contentTypeOf(p)}
		return nil
	})
	if err != nil {
		return nil, &configError{"read the pages: " + err.Error()}
	}
	return a, nil
}

// contentTypeOf is the Content-Type of a file by its extension: the
// system's table (/etc/mime.types) may name JavaScript otherwise, so the
// types of the files pages are made of are fixed here.
func contentTypeOf(name string) string {
	switch ext := path.Ext(name); ext {
	case ".html":
		return "text/html; charset=utf-8"
	case ".js", ".mjs":
		return "text/javascript; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".json", ".map":
		return "application/json"
	case ".svg":
		return "image/svg+xml"
	case ".txt":
		return "text/plain; charset=utf-8"
	default:
		if t := mime.TypeByExtension(ext); t != "" {
			return t
		}
		return "application/octet-stream"
	}
}

// pages lists the names of the pages other than index: NAME for each
// NAME.html at the top.
func (a *assets) pages() []string {
	var out []string
	for p := range a.files {
		if name, ok := strings.CutSuffix(p, ".html"); ok && !strings.Contains(name, "/") && name != "index" {
			out = append(out, name)
		}
	}
	return out
}

func (f *asset) prepare() {
	sum := sha256.Sum256(f.body)
	f.etag = `"` + base64.RawURLEncoding.EncodeToString(sum[:12]) + `"`
	if len(f.body) < 1024 {
		return
	}
	var b bytes.Buffer
	w, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	_, _ = w.Write(f.body)
	_ = w.Close()
	if b.Len() < len(f.body) {
		f.gz = b.Bytes()
	}
}

// serve writes the file: gzipped when the client takes gzip, with its
// ETag, answering a matching If-None-Match with 304 (http.ServeContent).
func (f *asset) serve(w http.ResponseWriter, r *http.Request, cache string) {
	f.once.Do(f.prepare)
	h := w.Header()
	h.Set("Content-Type", f.ctype)
	h.Set("Cache-Control", cache)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Add("Vary", "Accept-Encoding")
	body, etag := f.body, f.etag
	if f.gz != nil && acceptsGzip(r.Header.Get("Accept-Encoding")) {
		body, etag = f.gz, strings.TrimSuffix(f.etag, `"`)+`-gz"`
		h.Set("Content-Encoding", "gzip")
	}
	h.Set("ETag", etag)
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(body))
}

// acceptsGzip reports whether an Accept-Encoding header takes gzip. Every
// browser sends it; q=0 refuses it.
func acceptsGzip(header string) bool {
	for _, part := range strings.Split(header, ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(coding), "gzip") {
			q := strings.ReplaceAll(params, " ", "")
			return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
		}
	}
	return false
}

// servePage answers with the page NAME.html, revalidated on every visit
// (its assets' names change with each build), under pageCSP.
func (s *Server) servePage(name string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		f, ok := s.assets.files[name+".html"]
		if !ok {
			s.serveNoConsole(w, r)
			return
		}
		w.Header().Set("Content-Security-Policy", pageCSP)
		w.Header().Set("Referrer-Policy", "no-referrer")
		f.serve(w, r, "no-cache")
	}
}

// serveAsset answers with a file under assets/.
func (s *Server) serveAsset(w http.ResponseWriter, r *http.Request) {
	f, ok := s.assets.files["assets/"+r.PathValue("file")]
	if !ok {
		writeText(w, http.StatusNotFound, "not found: "+r.URL.Path+"\n")
		return
	}
	f.serve(w, r, assetCache)
}

// serveNoConsole answers / when the server was built without pages.
func (s *Server) serveNoConsole(w http.ResponseWriter, _ *http.Request) {
	writeText(w, http.StatusOK, "Memoria serves GraphQL at /graphql and exports at /export/{format}.\nThis server was built without its console.\n")
}
