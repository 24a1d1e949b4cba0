package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/memoria-history/memoria/internal/api"
	"github.com/memoria-history/memoria/internal/auth"
	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/readmodel"
	"github.com/memoria-history/memoria/internal/render"
	"github.com/memoria-history/memoria/internal/selection"
	"github.com/memoria-history/memoria/internal/server"
	"github.com/memoria-history/memoria/internal/store"
	"github.com/memoria-history/memoria/internal/webui"
)

// runServe is memoria serve: its flags are read into a serveConfig first,
// and only then does anything run.
func runServe(ctx context.Context, e env, g globals, args []string) error {
	cfg, err := parseServeFlags(e, g, args)
	if err != nil {
		return err
	}
	return serve(ctx, e, cfg)
}

// serveConfig is all that serve runs with, read from its flags and the
// environment.
type serveConfig struct {
	db      string // the store's DSN
	writeDB string // the primary that takes the writes, if db is its standby
	addr    string // where to listen
	opts    serveOptions
}

// parseServeFlags reads serve's flags, and the environment variables
// that stand in for some of them, into a serveConfig. It opens nothing.
func parseServeFlags(e env, g globals, args []string) (serveConfig, error) {
	fs := newFlagSet(e, &g, "serve", "", "Serves the graph over GraphQL at /graphql, with a console at /, exports at /export/{format}, /healthz and /readyz.\nA new, empty store starts with the embedded dataset.")
	addr := fs.String("addr", envOr(e, "MEMORIA_ADDR", ":8080"), "address to listen on (env MEMORIA_ADDR)")
	o := defaultServeOptions()
	origins := fs.String("cors-origins", envOr(e, "MEMORIA_CORS_ORIGINS", strings.Join(o.origins, ",")), "comma-separated browser origins allowed to read answers; * for any, without credentials (env MEMORIA_CORS_ORIGINS)")
	fs.BoolVar(&o.credentials, "cors-credentials", o.credentials, "let the listed origins send credentials (never with *)")
	fs.DurationVar(&o.timeout, "timeout", o.timeout, "time allowed for one request")
	fs.IntVar(&o.limits.MaxPageSize, "max-page", o.limits.MaxPageSize, "largest page size (first) a query may ask for")
	fs.IntVar(&o.limits.MaxHops, "max-hops", o.limits.MaxHops, "largest maxHops or hops a query may ask for")
	fs.IntVar(&o.limits.MaxNeighborhood, "max-neighborhood", o.limits.MaxNeighborhood, "most nodes a neighborhood may return")
	fs.IntVar(&o.maxExport, "max-export", o.maxExport, "most nodes an export at /export/{format} may hold")
	fs.IntVar(&o.maxDrawn, "max-drawn", o.maxDrawn, "most nodes a picture (/export/svg, /export/png) may hold")
	fs.IntVar(&o.queryLimits.MaxDepth, "max-depth", o.queryLimits.MaxDepth, "deepest selection nesting, counted through fragments")
	fs.IntVar(&o.queryLimits.MaxFields, "max-fields", o.queryLimits.MaxFields, "most field selections per query, with fragments expanded")
	fs.IntVar(&o.queryLimits.MaxBytes, "max-query-bytes", o.queryLimits.MaxBytes, "longest query text")
	fs.IntVar(&o.budget.MaxResolvedFields, "max-resolved-fields", o.budget.MaxResolvedFields, "most fields one query may resolve; a query that goes past it is stopped")
	memLimit := fs.String("memory-limit", "", "memory the process keeps under, refusing work before it is reached: a size (4GiB), a share of the machine's memory (70%) or off (default: GOMEMLIMIT if set, else 70% of the machine's memory)")
	fs.DurationVar(&o.drain, "drain", o.drain, "after SIGINT or SIGTERM, how long to keep answering, /readyz with 503, before the listener closes")
	fs.BoolVar(&o.access.ReadTokenRequired, "read-token-required", o.access.ReadTokenRequired, "answer queries and exports only with a token (any role); writing always needs one")
	fs.Float64Var(&o.access.WritesPerSecond, "write-rate", o.access.WritesPerSecond, "writes a second each token may make, on average (negative: no limit)")
	fs.IntVar(&o.access.WriteBurst, "write-burst", o.access.WriteBurst, "writes each token may make at once, above its rate")
	logJSON := fs.Bool("log-json", true, "write logs as JSON lines (false: text)")
	logLevel := fs.String("log-level", envOr(e, "MEMORIA_LOG_LEVEL", "info"), "least level logged: debug, info (a line per request), warn or error (env MEMORIA_LOG_LEVEL)")
	if err := parseFlags(e, fs, args); err != nil {
		return serveConfig{}, err
	}
	if fs.NArg() > 0 {
		return serveConfig{}, fmt.Errorf("%w: serve takes no arguments, got %q", errUsage, fs.Args())
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		return serveConfig{}, fmt.Errorf("%w: --log-level is debug, info, warn or error, not %q", errUsage, *logLevel)
	}
	limit, setLimit, err := memoryLimit(*memLimit, e.getenv)
	if err != nil {
		return serveConfig{}, err
	}
	o.budget.MemoryLimit, o.setMemoryLimit = limit, setLimit
	o.origins, o.logger = splitList(*origins), newLogger(e, *logJSON, level)
	return serveConfig{db: g.db, writeDB: g.writeDB, addr: *addr, opts: o}, nil
}

// serve runs the server until ctx ends: it listens, answering that it is
// starting while it reads the store and builds the indexes, then serves
// them, and at the end shuts down gracefully.
func serve(ctx context.Context, e env, cfg serveConfig) error {
	logger := cfg.opts.logger
	if cfg.opts.setMemoryLimit && cfg.opts.budget.MemoryLimit > 0 {
		debug.SetMemoryLimit(cfg.opts.budget.MemoryLimit)
	}
	l, err := listen(cfg)
	if err != nil {
		return err
	}
	defer l.close()
	logger.Info("starting", "url", "http://"+l.addr()+"/", "db", store.Redact(cfg.db), "memory_limit_mb", cfg.opts.budget.MemoryLimit>>20)

	if cfg.writeDB != "" {
		logger.Info("reading a standby, writing its primary", "db", store.Redact(cfg.db), "write_db", store.Redact(cfg.writeDB))
	}
	st, data, fresh, err := readStore(ctx, e, globals{db: cfg.db, writeDB: cfg.writeDB}, logger)
	if err != nil {
		if ctx.Err() != nil {
			return stoppedStarting(ctx, logger)
		}
		return err
	}
	defer st.Close()
	opts := cfg.opts
	// A server on a store it cannot write (a standby without --write-db,
	// a file it may not write) serves it as a writing server does, from a
	// read model that follows the store's changes, so that it answers
	// what the writers commit, under their revisions. Its writes reach
	// the store, which refuses them with CodeConflict, saying why.
	g, access, tokens, err := writable(ctx, st, opts.access)
	if err != nil {
		return err
	}
	opts.access = access
	if st.ReadOnly() {
		logger.Warn("serving read-only: the store cannot be written by this process, and writes are refused; answers follow the store's changes", "db", store.Redact(cfg.db))
	} else if active := activeTokens(tokens); active == 0 {
		logger.Info("no token may write yet: memoria token create --name NAME makes one (with the server stopped), or an admin's createToken mutation", "db", store.Redact(cfg.db))
	}
	srv, err := newServer(data, opts, g)
	if err != nil {
		return err
	}
	snap := startSnapshots(st, cfg.db, data, fresh, g, logger)
	l.handler.Set(srv)
	followCtx, unfollow := context.WithCancel(ctx)
	defer unfollow()
	go boundMemory(e, cfg.opts.budget.MemoryLimit, logger).follow(followCtx)
	if err := g.followOthers(followCtx, logger); err != nil {
		return err
	}
	srv.SetReady(true)
	logger.Info("serving", "url", "http://"+l.addr()+"/", "graphql", "http://"+l.addr()+"/graphql", "db", store.Redact(cfg.db))
	select {
	case err := <-l.served:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	if err := l.drain(srv, cfg.opts, logger); err != nil {
		return err
	}
	snap.final(g)
	return st.Close()
}

// drain shuts the server down as a load balancer expects: for opts.drain
// it keeps answering, /readyz with 503 and every answer with Connection:
// close, so that the balancer stops sending requests and clients
// reconnect elsewhere; then it stops listening and waits for the requests
// under way, as long as the longest may take (the request timeout and the
// time to write). A request still running then is cut off, and said so
// in the log: stopping was asked for, so that is no failure.
func (l *listener) drain(srv *server.Server, opts serveOptions, logger *slog.Logger) error {
	logger.Info("shutting down", "drain", opts.drain)
	srv.Drain()
	l.http.SetKeepAlivesEnabled(false)
	select {
	case <-time.After(opts.drain):
	case err := <-l.served:
		return fmt.Errorf("serve: %w", err)
	}
	grace := writeTimeout(opts) + time.Second
	ctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	err := l.http.Shutdown(ctx)
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		logger.Warn("shut down: requests still running were cut off", "after", grace)
		_ = l.http.Close()
	case err != nil && !errors.Is(err, http.ErrServerClosed):
		return fmt.Errorf("shut down: %w", err)
	}
	logger.Info("shut down")
	return nil
}

// listener is serve's socket and what answers on it: the Starting handler
// until the server is built, then the server.
type listener struct {
	ln      net.Listener
	handler *server.Switch
	http    *http.Server
	served  chan error // what http.Serve returned
}

// listen listens before the store is read: a port in use fails at once,
// not after a minute of reading, and while the store is read and the
// indexes built, /healthz answers and every other route says 503 with
// Retry-After instead of leaving connections unaccepted.
func listen(cfg serveConfig) (*listener, error) {
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return nil, fmt.Errorf("serve: %w", err)
	}
	starting, err := server.Starting(server.Options{AllowedOrigins: cfg.opts.origins, AllowCredentials: cfg.opts.credentials, Logger: cfg.opts.logger})
	if err != nil {
		_ = ln.Close()
		return nil, fmt.Errorf("%w: %v", errUsage, err)
	}
	l := &listener{ln: ln, handler: server.NewSwitch(starting), served: make(chan error, 1)}
	l.http = httpServerFor(l.handler, cfg.opts)
	go func() { l.served <- l.http.Serve(ln) }()
	return l, nil
}

func (l *listener) addr() string { return l.ln.Addr().String() }

// close stops listening at once: Serve closes the listener too, but only
// once its goroutine runs, and nothing may listen once serve has returned.
func (l *listener) close() {
	_ = l.ln.Close()
	_ = l.http.Close()
}

// readStore opens the store, reads its records (from the snapshot beside
// it when that is current, else the store whole: a minute's work at a
// million people) and builds the indexes. fresh says that the records
// were read from the store, for a new snapshot. The store stays open for writing,
// and locked, until the caller closes it. If ctx ends first, readStore returns an
// error at once, with the store closed.
func readStore(ctx context.Context, e env, g globals, logger *slog.Logger) (*store.Store, api.Data, bool, error) {
	db := g.db
	st, err := openStore(ctx, e, g)
	if err != nil {
		return nil, api.Data{}, false, err
	}
	startupGC(e, readGCPercent)
	gc := pauseGC(e, snapshotSize(db))
	stop := func(err error) (*store.Store, api.Data, bool, error) {
		gc.resume()
		st.Close()
		return nil, api.Data{}, false, err
	}
	if err := ctx.Err(); err != nil {
		return stop(err)
	}
	c, revision, fresh, err := readRecords(ctx, st, db, logger, gc.resume)
	if ctx.Err() != nil {
		return stop(ctx.Err())
	}
	if err != nil {
		return stop(err)
	}
	// The store stays open: serve is its one writer, and every write
	// (st.Apply: checked, committed and synced, then returned as a
	// store.Commit for the indexes to follow) goes through it. A store
	// opened read-only refuses writes with CodeConflict.
	started := time.Now()
	if fresh {
		startupGC(e, indexGCPercent)
	}
	// Building the indexes does not look at ctx (half a minute at a
	// million people): a signal meanwhile stops serve at once, leaving
	// the build to end with the process.
	built := make(chan api.Data, 1)
	go func() {
		built <- readmodel.BuildWith(c.Records, revision, readmodel.Kept{Names: c.Names, NameOrder: c.NameOrder})
	}()
	var data api.Data
	select {
	case data = <-built:
	case <-ctx.Done():
		return stop(ctx.Err())
	}
	logger.Info("index built", "duration", time.Since(started), "entities", len(c.Records.Entities), "events", len(c.Records.Events), "relations", len(c.Records.Relations), "claims", len(c.Records.Claims))
	gc.resume()
	tuneGC(e, logger)
	return st, data, fresh, nil
}

// writable is what a server writes st with: the liveGraph over it, and
// access with st's tokens, which it returns too. serve and bench both
// serve writes through it.
func writable(ctx context.Context, st *store.Store, access server.Access) (*liveGraph, server.Access, []auth.Token, error) {
	tokens, err := st.Tokens(ctx)
	if err != nil {
		return nil, access, nil, err
	}
	access.Keyring = auth.NewKeyring(tokens)
	return &liveGraph{store: st}, access, tokens, nil
}

// stoppedStarting is serve's end when a signal comes before it is ready:
// a stop that was asked for, so not an error.
func stoppedStarting(ctx context.Context, logger *slog.Logger) error {
	logger.Info("shutting down", "while", "starting", "cause", context.Cause(ctx).Error())
	return nil
}

// serveOptions are what the HTTP server of serve is built from: serve sets
// them from its flags, bench takes the defaults. Both build the server with
// newServer and the http.Server with httpServerFor (bench through
// newHTTPServer), so that bench measures the server serve runs.
type serveOptions struct {
	origins     []string // CORS: the browser origins that may read answers
	credentials bool     // CORS: let those origins send credentials
	timeout     time.Duration
	limits      api.Limits
	queryLimits server.QueryLimits
	budget      server.Budget // what one execution may cost, and the memory limit
	// setMemoryLimit says that serve gives the runtime budget.MemoryLimit
	// as its soft limit (GOMEMLIMIT, when set, has done it already).
	setMemoryLimit bool
	drain          time.Duration // how long a shutdown keeps answering before it closes the listener
	maxExport      int           // nodes in an export
	maxDrawn       int           // nodes in a picture
	logger         *slog.Logger  // required: request logs and the http.Server's errors
	access         server.Access // who may read and write; serve adds the store's tokens
}

// defaultServeOptions are serve's settings when no flag or variable is
// given, apart from the logger, which the caller chooses.
func defaultServeOptions() serveOptions {
	return serveOptions{
		origins:     []string{"*"},
		timeout:     10 * time.Second,
		limits:      api.DefaultLimits(),
		queryLimits: server.DefaultQueryLimits(),
		budget:      server.DefaultBudget(),
		drain:       5 * time.Second,
		maxExport:   server.DefaultMaxExportNodes,
		maxDrawn:    server.DefaultMaxDrawnNodes,
		access:      server.Access{WritesPerSecond: 5, WriteBurst: 20},
	}
}

// newHTTPServer builds the server over data with newServer, and the
// http.Server around it, not yet listening and not yet ready: the caller
// listens, serves, and calls SetReady.
func newHTTPServer(data api.Data, o serveOptions, g *liveGraph) (*server.Server, *http.Server, error) {
	srv, err := newServer(data, o, g)
	if err != nil {
		return nil, nil, err
	}
	return srv, httpServerFor(srv, o), nil
}

// newServer builds the GraphQL API, the exporter and the HTTP handler over
// data.
//
// With g, the server writes: the API offers mutations and the change log,
// /admin/load takes datasets, and answers and exports follow the read
// model as each write moves it on. On a read-only store the same is
// offered, and the store refuses the writes.
func newServer(data api.Data, o serveOptions, g *liveGraph) (*server.Server, error) {
	opts := api.Options{Limits: o.limits, Logger: o.logger, OnResolve: server.CountResolve}
	var exporter server.Exporter = newExporter(data)
	var load server.LoadOptions
	current := func() api.Data { return data }
	var ping server.Pinger // a read-only server answers from memory alone
	if g != nil {
		opts.Writer, opts.Log, opts.Keeper = g, g, g
		exporter, load.Loader, load.Dumper = g, g, g
		ping = g.store
	}
	a, err := api.New(data, opts)
	if err != nil {
		return nil, history.Wrap(history.CodeInternal, "build the GraphQL schema", err)
	}
	a.ReplaceAt(data, data.Revision)
	if g != nil {
		g.follow(data, readmodel.LiveOptions{Publish: func(d readmodel.Data) { a.ReplaceAt(d, d.Revision); g.published(d) }})
		current = g.live.Current
	}
	srv, err := server.New(a, server.Options{
		AllowedOrigins:   o.origins,
		AllowCredentials: o.credentials,
		QueryLimits:      o.queryLimits,
		Budget:           o.budget,
		Timeout:          o.timeout,
		Logger:           o.logger,
		Access:           o.access,
		Pages:            webui.Files(),
		Figures:          server.Figures{IndexSizes: indexSizes(current), StoreRevision: func() int64 { return int64(current().Revision) }},
		Load:             load,
		Ingest:           server.IngestOptions{Ingester: newLiveIngester(current)},
		Store:            ping,
		Exports: server.ExportOptions{
			Exporter:      exporter,
			Renderer:      render.New(),
			Limits:        selection.Limits{MaxNodes: o.maxExport, MaxHops: o.limits.MaxHops},
			MaxDrawnNodes: o.maxDrawn,
		},
	})
	if err != nil {
		// Only the options can be wrong here, and serve takes them from
		// its flags: a usage error.
		return nil, fmt.Errorf("%w: %v", errUsage, err)
	}
	if g != nil {
		g.setKeyring = srv.SetKeyring
	}
	return srv, nil
}

// httpServerFor is the http.Server around h. Its own timeouts bound slow
// clients; its write timeout leaves a request its full o.timeout and some
// time to write the answer.
func httpServerFor(h http.Handler, o serveOptions) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      writeTimeout(o),
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(o.logger.Handler(), slog.LevelWarn),
	}
}

// indexSizes counts what the indexes of data hold, for /metrics.
func indexSizes(current func() api.Data) func() map[string]int {
	return func() map[string]int {
		data := current()
		sizes := map[string]int{"sources": len(data.Records.Sources())}
		for _, k := range []history.Kind{history.KindPerson, history.KindGroup, history.KindPlace, history.KindEvent, history.KindWork} {
			sizes["records_"+string(k)] = len(data.Records.IDs(k))
		}
		sizes["graph_nodes"], sizes["graph_edges"] = data.Graph.Len()
		return sizes
	}
}

// writeTimeout is the longest a request may take: its timeout, and time
// to write its answer.
func writeTimeout(o serveOptions) time.Duration { return o.timeout + 10*time.Second }

// buildData indexes a dataset for the API: records, graph and names.
func buildData(ds *history.Dataset) api.Data { return readmodel.Build(ds, 0) }

func newLogger(e env, asJSON bool, level slog.Level) *slog.Logger {
	opts := &slog.HandlerOptions{Level: level}
	if asJSON {
		return slog.New(slog.NewJSONHandler(e.stderr, opts))
	}
	return slog.New(slog.NewTextHandler(e.stderr, opts))
}

func envOr(e env, name, def string) string {
	if v := e.getenv(name); v != "" {
		return v
	}
	return def
}

func splitList(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}
