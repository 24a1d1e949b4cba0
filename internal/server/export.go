package server

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"path"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/memoria-history/memoria/internal/export"
	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/selection"
)

// Exporter resolves the selection that a request's query parameters
// describe (see internal/selection) into a graph to export, with a file
// name stem; *selection.Resolver is one.
type Exporter interface {
	Select(ctx context.Context, query url.Values, lim selection.Limits) (export.Graph, string, error)
}

// ExportOptions configures /export/{format}. Zero limits take the
// documented defaults.
type ExportOptions struct {
	// Exporter resolves selections; without one, /export answers 404.
	Exporter Exporter
	// Renderer draws the svg and png formats.
	Renderer export.Renderer
	// Limits caps every export: MaxNodes (default 20,000) and MaxHops
	// (default 8, as for GraphQL).
	Limits selection.Limits
	// MaxDrawnNodes caps the pictures (default 300 nodes): a layout grows
	// faster than the graph and cannot be interrupted.
	MaxDrawnNodes int
	// MaxRenders is the most pictures drawn at once (default: one per
	// CPU); RenderQueue the most requests that wait for one of them
	// (default 8), each at most RenderWait (default 5 s). Beyond either,
	// a picture is answered SERVER_BUSY.
	MaxRenders  int
	RenderQueue int
	RenderWait  time.Duration
	// PictureCacheMB bounds the pictures kept, by what they are drawn
	// from (default 64 MiB).
	PictureCacheMB int
}

// fill sets the defaults of the picture options.
func (o *ExportOptions) fill() {
	if o.MaxRenders <= 0 {
		o.MaxRenders = runtime.GOMAXPROCS(0)
	}
	if o.RenderQueue <= 0 {
		o.RenderQueue = DefaultRenderQueue
	}
	if o.RenderWait <= 0 {
		o.RenderWait = DefaultRenderWait
	}
	if o.PictureCacheMB <= 0 {
		o.PictureCacheMB = DefaultPictureCacheMB
	}
}

// The defaults of ExportOptions.
const (
	DefaultMaxExportNodes = 20000
	DefaultMaxExportHops  = 8
	DefaultMaxDrawnNodes  = 300
)

// limits returns the limits for one format.
func (o ExportOptions) limits(f export.Format) selection.Limits {
	lim := o.Limits
	if lim.MaxNodes <= 0 {
		lim.MaxNodes = DefaultMaxExportNodes
	}
	if lim.MaxHops <= 0 {
		lim.MaxHops = DefaultMaxExportHops
	}
	if f.Drawn() {
		drawn := o.MaxDrawnNodes
		if drawn <= 0 {
			drawn = DefaultMaxDrawnNodes
		}
		lim.MaxNodes = min(lim.MaxNodes, drawn)
	}
	return lim
}

// serveExport answers GET /export/{format}?SELECTION: the selected part of
// the graph as a file, with its media type and a Content-Disposition file
// name, so that a download, Cytoscape's import from a URL or an <img src>
// can use the URL as it is. {format} is a format's name (gexf) or a file
// name ending in its extension (beria.graphml; see export.ParseFile: a
// name ending in .csv is one plain CSV file, .zip the pair). Besides the
// selection, the CSV format takes part=nodes or relationships, for one
// plain CSV file instead of the zip, and the pictures take layout=
// (export.Layouts).
//
// Errors before the first byte are JSON, as for GraphQL. A text format
// streams as it is written; if writing fails after that (the deadline
// passed, the client left), the connection is aborted so that the client
// does not take a truncated file for a whole one.
func (s *Server) serveExport(w http.ResponseWriter, r *http.Request) {
	who, err := s.gate.identify(r)
	if err == nil {
		err = s.gate.admitRead(who)
	}
	if err != nil {
		s.refuseAccess(w, r, mediaJSON, err, 0)
		return
	}
	eo := s.opts.Exports
	if eo.Exporter == nil {
		s.writeError(w, r, history.CodeNotFound, "exports are not enabled on this server")
		return
	}
	name := r.PathValue("format")
	f, part, err := export.ParseFile(name)
	if err != nil {
		s.writeError(w, r, history.CodeNotFound, err.Error())
		return
	}
	query := r.URL.Query()
	opts := export.Options{Renderer: eo.Renderer, Part: part}
	if f == export.CSV && query.Has("part") {
		opts.Part = export.CSVPart(query.Get("part"))
		query.Del("part")
		switch {
		case opts.Part != export.PartNodes && opts.Part != export.PartRelationships:
			s.writeError(w, r, history.CodeInvalid, fmt.Sprintf("parameter part: %q is neither nodes nor relationships", opts.Part))
			return
		case strings.EqualFold(path.Ext(name), ".zip"):
			s.writeError(w, r, history.CodeInvalid, "parameter part gives one plain CSV file, not a zip: ask for /export/csv or a name ending in .csv")
			return
		}
	}
	if f.Drawn() && query.Has("layout") {
		opts.Layout = query.Get("layout")
		query.Del("layout")
		if !slices.Contains(export.Layouts(), opts.Layout) {
			s.writeError(w, r, history.CodeInvalid, fmt.Sprintf("parameter layout: %q is not one of %s", opts.Layout, strings.Join(export.Layouts(), ", ")))
			return
		}
	}
	setOperation(w, string(f))
	if limit := s.admit(false); limit != "" {
		s.writeBusy(w, r, mediaJSON, limit)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), s.opts.Timeout)
	defer cancel()
	if !s.acquire(ctx) {
		s.writeBusy(w, r, mediaJSON, "execution_slots")
		return
	}
	held := true
	defer func() {
		if held {
			s.release()
		}
	}()
	g, name, err := eo.Exporter.Select(ctx, query, eo.limits(f))
	if err != nil {
		s.writeExportError(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", export.MediaType(f, opts))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	disposition := "attachment"
	if f.Drawn() {
		disposition = "inline"
		// A picture may be opened on its own; nothing in it needs to run.
		h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:")
	}
	h.Set("Content-Disposition", disposition+`; filename="`+export.FileName(name, f, opts)+`"`)
	if f.Drawn() {
		// The document is written within the execution slot; the picture
		// is drawn within the render queue's, so that pictures waiting
		// for the renderer hold no slot a query could use. A picture is
		// made whole before it is sent, so that a failure is still an
		// error answer.
		var dot bytes.Buffer
		err := export.Write(ctx, &dot, export.DOT, g, opts)
		s.release()
		held = false
		var pic []byte
		if err == nil {
			layout := opts.Layout
			if layout == "" {
				layout = export.DefaultLayout
			}
			pic, err = s.pictures.draw(ctx, dot.Bytes(), f, layout)
		}
		if err != nil {
			for _, k := range []string{"Content-Type", "Content-Disposition", "Content-Security-Policy"} {
				h.Del(k)
			}
			s.writeExportError(w, r, err)
			return
		}
		h.Set("Content-Length", strconv.Itoa(len(pic)))
		_, _ = w.Write(pic)
		return
	}
	if err := export.Write(ctx, w, f, g, opts); err != nil {
		s.log(r).WarnContext(r.Context(), "export aborted", "format", f, "error", err)
		panic(http.ErrAbortHandler)
	}
}

// refuseExportMethod answers a request to /export/{format} with another
// method than GET or HEAD: an export is only read.
func (s *Server) refuseExportMethod(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Allow", "GET, HEAD")
	s.writeError(w, r, history.CodeMethodNotAllowed, fmt.Sprintf("method %s is not allowed: an export is read with GET (or HEAD)", r.Method))
}

// writeExportError answers an error found before the export was sent,
// with its code. A fault is logged, and its message kept from the client.
func (s *Server) writeExportError(w http.ResponseWriter, r *http.Request, err error) {
	s.refused(err)
	code, msg := history.ErrorCode(err), err.Error()
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		s.metrics.refuse(history.CodeTimeout, "timeout")
		code, msg = history.CodeTimeout, fmt.Sprintf("the export did not finish within %s", s.opts.Timeout)
	case errors.Is(err, context.Canceled):
		code, msg = history.CodeCancelled, "the request was cancelled"
	}
	if !code.Meaning().Public {
		s.log(r).ErrorContext(r.Context(), "export failed", "error", err)
		msg = "internal error"
	}
	s.writeError(w, r, code, msg)
}
