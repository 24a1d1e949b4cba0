package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/graphql-go/graphql/gqlerrors"
	"github.com/rs/cors"

	"github.com/memoria-history/memoria/internal/history"
)

// Options configures a Server. Zero fields take the documented defaults.
type Options struct {
	// AllowedOrigins are the browser origins that may read answers. The
	// default, ["*"], lets any page read without credentials. Patterns with
	// one "*" such as "https://*.example.org" are allowed.
	AllowedOrigins []string
	// AllowCredentials lets the listed origins send cookies and
	// credentials. It is refused with a wildcard origin.
	AllowCredentials bool
	QueryLimits      QueryLimits
	MaxBodyBytes     int64         // default 1 MiB
	Timeout          time.Duration // per request; default 10 s
	MaxConcurrent    int           // executions at once; default 4 per CPU
	CacheSize        int           // prepared documents kept; default 1000
	Logger           *slog.Logger  // default: discard
	Exports          ExportOptions // /export/{format}
	// Pages are the browser pages and their assets (webui.Files): NAME.html
	// is served at /NAME, index.html (the console) at /, and assets/ with
	// long cache lifetimes. Without them / says the console is missing.
	Pages   fs.FS
	Budget  Budget      // what one execution may cost while it runs
	Figures Figures     // what /metrics reports of the data served
	Access  Access      // who may read and write
	Load    LoadOptions // POST /admin/load

	Ingest IngestOptions // POST /ingest
	// Store, when set, is pinged by /readyz (at most once a second),
	// which answers 503 while it does not answer.
	Store Pinger
}

// Server is Memoria's HTTP handler: GraphQL at /graphql, the console at /,
// exports at /export/{format}, and health checks.
type Server struct {
	opts     Options
	exec     Executor
	docs     *documentCache
	slots    chan struct{} // executions running
	writes   chan struct{} // mutations running (see slots.go)
	heavy    chan struct{} // executions estimated heavy running
	memory   *memoryWatch
	metrics  *metrics
	ready    atomic.Bool
	draining atomic.Bool
	handler  http.Handler
	buffers  bufferPool // response bodies being encoded
	accepts  acceptCache
	pictures *pictures
	assets   *assets
	gate     *gate
	probe    *probe
}

// New returns a server over exec. It answers /readyz with 503 until
// SetReady(true).
func New(exec Executor, opts Options) (*Server, error) {
	if err := opts.fill(); err != nil {
		return nil, err
	}
	files, err := readAssets(opts.Pages)
	if err != nil {
		return nil, err
	}
	s := &Server{
		opts:     opts,
		exec:     exec,
		docs:     newDocumentCache(opts.CacheSize),
		slots:    make(chan struct{}, opts.MaxConcurrent),
		writes:   make(chan struct{}, opts.MaxConcurrent),
		heavy:    make(chan struct{}, opts.Budget.MaxHeavy),
		memory:   &memoryWatch{limit: float64(opts.Budget.MemoryLimit)},
		accepts:  newAcceptCache(),
		pictures: newPictures(opts.Exports),
		assets:   files,
		gate:     newGate(opts.Access),
		probe:    &probe{pinger: opts.Store},
	}
	s.metrics = newMetrics(s)
	mux := http.NewServeMux()
	mux.HandleFunc("/graphql", s.serveGraphQL)
	mux.HandleFunc("GET /healthz", serveHealth)
	mux.HandleFunc("GET /readyz", s.serveReady)
	mux.Handle("GET /metrics", s.metrics.handler())
	mux.HandleFunc("GET /{$}", s.servePage("index"))
	for _, name := range files.pages() {
		mux.HandleFunc("GET /"+name, s.servePage(name))
	}
	mux.HandleFunc("GET /assets/{file}", s.serveAsset)
	mux.HandleFunc("GET /export/{format}", s.serveExport)
	mux.HandleFunc("/export/{format}", s.refuseExportMethod)
	mux.HandleFunc("/admin/load", s.serveLoad)
	mux.HandleFunc("/admin/dump", s.serveDump)
	mux.HandleFunc("/ingest", s.serveIngest)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeText(w, http.StatusNotFound, "not found: "+r.URL.Path+"\nMemoria serves GraphQL at /graphql, exports at /export/{format} and a console at /\n")
	})
	s.handler = s.around(mux)
	return s, nil
}

// around puts what every request passes through around the routes,
// outermost first: the request id and log line, the recovery from
// panics, CORS.
func (s *Server) around(routes http.Handler) http.Handler {
	c := cors.New(cors.Options{
		AllowedOrigins:   s.opts.AllowedOrigins,
		AllowCredentials: s.opts.AllowCredentials,
		AllowedMethods:   []string{http.MethodGet, http.MethodPost},
		AllowedHeaders:   []string{"Content-Type", "Accept", "Authorization", "X-Request-ID", "GraphQL-Require-Preflight", "X-Dataset-Name"},
		ExposedHeaders:   []string{"X-Request-ID", "Content-Disposition", "X-Memoria-Revision"},
		MaxAge:           600,
	})
	return s.withRequestID(s.withRecovery(c.Handler(routes)))
}

func (o *Options) fill() error {
	if len(o.AllowedOrigins) == 0 {
		o.AllowedOrigins = []string{"*"}
	}
	for _, origin := range o.AllowedOrigins {
		if o.AllowCredentials && strings.Contains(origin, "*") {
			return &configError{"credentials cannot be allowed for a wildcard origin (" + origin + "): list the origins exactly"}
		}
		if strings.Count(origin, "*") > 1 {
			return &configError{"origin pattern " + origin + " has more than one *"}
		}
		if origin != "*" && strings.Contains(origin, "*") && !strings.Contains(origin, "*.") {
			// rs/cors matches wildcards by plain prefix and suffix:
			// "https://*example.org" would admit evilexample.org.
			return &configError{"origin pattern " + origin + ": put the * before a dot, as in https://*.example.org"}
		}
	}
	def := DefaultQueryLimits()
	l := &o.QueryLimits
	for _, f := range []struct {
		v *int
		d int
	}{{&l.MaxBytes, def.MaxBytes}, {&l.MaxTokens, def.MaxTokens}, {&l.MaxNesting, def.MaxNesting}, {&l.MaxDepth, def.MaxDepth}, {&l.MaxFields, def.MaxFields}, {&l.MaxErrors, def.MaxErrors}, {&l.MaxIntrospectionLists, def.MaxIntrospectionLists}} {
		if *f.v <= 0 {
			*f.v = f.d
		}
	}
	if o.MaxBodyBytes <= 0 {
		o.MaxBodyBytes = 1 << 20
	}
	if o.Timeout <= 0 {
		o.Timeout = 10 * time.Second
	}
	if o.MaxConcurrent <= 0 {
		o.MaxConcurrent = 4 * runtime.GOMAXPROCS(0)
	}
	if o.CacheSize <= 0 {
		o.CacheSize = 1000
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	o.Exports.fill()
	o.Budget.fill(o.MaxConcurrent)
	o.Access.fill()
	o.Load.fill()
	return nil
}

type configError struct{ msg string }

func (e *configError) Error() string { return "server options: " + e.msg }

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// SetReady says whether the store is open and the indexes are built.
func (s *Server) SetReady(ready bool) { s.ready.Store(ready) }

// Drain says that the process is shutting down: /readyz answers 503 from
// now on, while every other route goes on answering.
func (s *Server) Drain() {
	s.draining.Store(true)
	s.ready.Store(false)
}

// serveHealth says the process is alive, from its first moment.
func serveHealth(w http.ResponseWriter, _ *http.Request) { writeText(w, http.StatusOK, "ok\n") }

func (s *Server) serveReady(w http.ResponseWriter, r *http.Request) {
	if s.draining.Load() {
		writeText(w, http.StatusServiceUnavailable, "not ready: shutting down, finishing the requests under way\n")
		return
	}
	if !s.ready.Load() {
		writeText(w, http.StatusServiceUnavailable, "not ready: the store is opening or the index is being built\n")
		return
	}
	changed, err := s.probe.check(r.Context())
	switch {
	case err != nil && changed:
		s.log(r).WarnContext(r.Context(), "not ready: the store does not answer", "error", err)
	case changed:
		s.log(r).InfoContext(r.Context(), "ready: the store answers again")
	}
	if err != nil {
		writeText(w, http.StatusServiceUnavailable, "not ready: the store's database does not answer\n")
		return
	}
	writeText(w, http.StatusOK, "ready\n")
}

func writeText(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body))
}

type requestIDKey struct{}

// headerRequestID is X-Request-ID as net/http stores it. Header.Get and Set
// canonicalize their key, which allocates unless it is canonical already.
const headerRequestID = "X-Request-Id"

// withRequestID gives every request an id (the client's X-Request-ID when
// it is short and plain, or a new one), echoed in the response and in logs.
func (s *Server) withRequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get(headerRequestID)
		if !plainID(id) {
			var b [8]byte
			_, _ = rand.Read(b[:])
			id = hex.EncodeToString(b[:])
		}
		w.Header().Set(headerRequestID, id)
		ctx := r.Context()
		r = r.WithContext(contextWithRequestID(ctx, id))
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		d := time.Since(start)
		if s.metrics != nil {
			s.metrics.observe(route(r.URL.Path), rec.operation, rec.status, d)
		}
		if s.logs(r.Context(), slog.LevelInfo) {
			s.logRequest(r.Context(), id, r, rec.status, d)
		}
	})
}

// logRequest writes the line logged for every request: the same record
// s.log(r).InfoContext would write (request_id first, then the request's
// attributes), handed to the handler directly. Deriving a logger with With
// copies the handler and formats the id for one line, and Logger's own
// methods unwind the stack for the record's source; together they were
// about 3% of a small request's CPU. The source would only ever name this
// function, so the record has none.
func (s *Server) logRequest(ctx context.Context, id string, r *http.Request, status int, d time.Duration) {
	rec := slog.NewRecord(time.Now(), slog.LevelInfo, "request", 0)
	rec.AddAttrs(
		slog.String("request_id", id),
		slog.String("method", r.Method),
		slog.String("path", r.URL.Path),
		slog.Int("status", status),
		slog.Duration("duration", d),
	)
	_ = s.opts.Logger.Handler().Handle(ctx, rec)
}

func plainID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for _, c := range id {
		if !(c == '-' || c == '_' || c == '.' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}

// withRecovery answers a handler panic with a generic 500 and logs it; the
// client never sees panic text.
func (s *Server) withRecovery(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				// The stack goes to the operator's log, never to the client.
				s.log(r).ErrorContext(r.Context(), "handler panic", "panic", v, "stack", string(debug.Stack()))
				s.writeError(w, r, history.CodeInternal, "internal error")
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// statusRecorder keeps what the request line and the metrics say of an
// answer: its status, and the operation a route names.
type statusRecorder struct {
	http.ResponseWriter
	status    int
	operation string
}

// setOperation names what a request asked for, in the metrics: the
// operation of a GraphQL request, the format of an export.
func setOperation(w http.ResponseWriter, name string) {
	if rec, ok := w.(*statusRecorder); ok {
		rec.operation = name
	}
}

func (r *statusRecorder) WriteHeader(status int) {
	r.status = status
	r.ResponseWriter.WriteHeader(status)
}

func (s *Server) log(r *http.Request) *slog.Logger {
	return s.opts.Logger.With("request_id", requestID(r.Context()))
}

// logs reports whether the logger keeps records of level. The records
// written for every request are built only then: deriving the request's
// logger and boxing the attributes cost allocations even when the handler
// drops the record, as the default one does.
func (s *Server) logs(ctx context.Context, level slog.Level) bool {
	return s.opts.Logger.Enabled(ctx, level)
}

func (s *Server) writeJSON(w http.ResponseWriter, r *http.Request, media string, status int, resp response) {
	resp.requestID = requestID(r.Context())
	buf := s.buffers.get()
	defer s.buffers.put(buf)
	body, err := resp.appendJSON(buf.b[:0])
	buf.b = body // keep a grown buffer for the next response
	if most := s.opts.Budget.MaxAnswerBytes; err == nil && resp.hasData && len(body) > most {
		// The estimate made while it executed fell short: the measure.
		s.metrics.refuse(history.CodeLimit, "answer_bytes")
		s.writeGraphQLError(w, r, media, history.CodeLimit, fmt.Sprintf("the answer is %d bytes, more than the %d one answer may: ask for less (smaller first or limit, fewer nested lists)", len(body), most))
		return
	}
	if err != nil {
		s.log(r).ErrorContext(r.Context(), "encode response", "error", err)
		internal := history.CodeInternal.Meaning()
		status = internal.HTTPStatus
		body = []byte(`{"errors":[{"message":"internal error","extensions":{"code":"` + internal.GraphQL + `"}}]}`)
	}
	w.Header().Set("Content-Type", contentType(media))
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "no-store")
	// The answer is whole before it is sent: saying how long it is spares
	// net/http chunking answers over 2 KB, and lets a client show progress
	// or size its buffer.
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// contentType is the Content-Type of a response of media: constant
// strings, so that no request pays for a concatenation.
func contentType(media string) string {
	switch media {
	case mediaGraphQLResponse:
		return mediaGraphQLResponse + "; charset=utf-8"
	case mediaJSON:
		return mediaJSON + "; charset=utf-8"
	}
	return media + "; charset=utf-8"
}

// writeFailure answers a failed operation with its error's code. A message
// whose code is not public (it may name a host, a file or a query) goes to
// the log under the request's id, and the client reads hidden instead.
func (s *Server) writeFailure(w http.ResponseWriter, r *http.Request, op string, err error, hidden string) {
	code := history.ErrorCode(err)
	msg := err.Error()
	if !code.Meaning().Public {
		s.log(r).ErrorContext(r.Context(), op+" failed", "error", err)
		msg = hidden
	}
	s.writeError(w, r, code, msg)
}

// writeError answers a request to any route but /graphql with one error,
// as JSON, with the status history's table gives its code.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, code history.Code, msg string) {
	s.writeCoded(w, r, mediaJSON, code.Meaning().HTTPStatus, code, msg)
}

// writeCoded answers with one error and its code's extensions.code, and
// its Retry-After if the table gives one.
func (s *Server) writeCoded(w http.ResponseWriter, r *http.Request, media string, status int, code history.Code, msg string) {
	if after := code.Meaning().RetryAfter; after > 0 && w.Header().Get("Retry-After") == "" {
		w.Header().Set("Retry-After", strconv.Itoa(after))
	}
	s.writeErrors(w, r, media, status, []gqlerrors.FormattedError{{Message: msg, Extensions: extensions(code)}})
}

// extensions is the extensions member of an error with code.
func extensions(code history.Code) map[string]any {
	return map[string]any{"code": code.Meaning().GraphQL}
}

func (s *Server) writeErrors(w http.ResponseWriter, r *http.Request, media string, status int, errs []gqlerrors.FormattedError) {
	s.writeJSON(w, r, media, status, response{Errors: errs})
}
