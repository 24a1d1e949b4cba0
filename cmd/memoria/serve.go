package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/memoria-history/memoria/internal/api"
	"github.com/memoria-history/memoria/internal/catalog"
	"github.com/memoria-history/memoria/internal/graph"
	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/render"
	"github.com/memoria-history/memoria/internal/search"
	"github.com/memoria-history/memoria/internal/selection"
	"github.com/memoria-history/memoria/internal/server"
)

func runServe(ctx context.Context, e env, g globals, args []string) error {
	fs := newFlagSet(e, &g, "serve", "", "Serves the graph over GraphQL at /graphql, with a console at /, exports at /export/{format}, /healthz and /readyz.\nA new, empty store starts with the embedded dataset.")
	addr := fs.String("addr", envOr(e, "MEMORIA_ADDR", ":8080"), "address to listen on (env MEMORIA_ADDR)")
	origins := fs.String("cors-origins", envOr(e, "MEMORIA_CORS_ORIGINS", "*"), "comma-separated browser origins allowed to read answers; * for any, without credentials (env MEMORIA_CORS_ORIGINS)")
	credentials := fs.Bool("cors-credentials", false, "let the listed origins send credentials (never with *)")
	timeout := fs.Duration("timeout", 10*time.Second, "time allowed for one request")
	limits := api.DefaultLimits()
	qlimits := server.DefaultQueryLimits()
	fs.IntVar(&limits.MaxPageSize, "max-page", limits.MaxPageSize, "largest page size (first) a query may ask for")
	fs.IntVar(&limits.MaxHops, "max-hops", limits.MaxHops, "largest maxHops or hops a query may ask for")
	fs.IntVar(&limits.MaxNeighborhood, "max-neighborhood", limits.MaxNeighborhood, "most nodes a neighborhood may return")
	maxExport := fs.Int("max-export", server.DefaultMaxExportNodes, "most nodes an export at /export/{format} may hold")
	maxDrawn := fs.Int("max-drawn", server.DefaultMaxDrawnNodes, "most nodes a picture (/export/svg, /export/png) may hold")
	fs.IntVar(&qlimits.MaxDepth, "max-depth", qlimits.MaxDepth, "deepest selection nesting, counted through fragments")
	fs.IntVar(&qlimits.MaxFields, "max-fields", qlimits.MaxFields, "most field selections per query, with fragments expanded")
	fs.IntVar(&qlimits.MaxBytes, "max-query-bytes", qlimits.MaxBytes, "longest query text")
	logJSON := fs.Bool("log-json", true, "write logs as JSON lines (false: text)")
	if err := parseFlags(e, fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: serve takes no arguments, got %q", errUsage, fs.Args())
	}
	logger := newLogger(e, *logJSON)

	st, err := openStore(ctx, e, g)
	if err != nil {
		return err
	}
	defer st.Close()
	ds, err := st.Dataset(ctx)
	if err != nil {
		return err
	}
	started := time.Now()
	data := buildData(ds)
	logger.Info("index built", "duration", time.Since(started), "entities", len(ds.Entities), "events", len(ds.Events), "relations", len(ds.Relations), "claims", len(ds.Claims))

	a, err := api.New(data, api.Options{Limits: limits, Logger: logger})
	if err != nil {
		return history.Wrap(history.CodeInternal, "build the GraphQL schema", err)
	}
	exporter, err := newExporter(data)
	if err != nil {
		return err
	}
	srv, err := server.New(a, server.Options{
		AllowedOrigins:   splitList(*origins),
		AllowCredentials: *credentials,
		QueryLimits:      qlimits,
		Timeout:          *timeout,
		Logger:           logger,
		Exports: server.ExportOptions{
			Exporter:      exporter,
			Renderer:      render.Renderer{},
			Limits:        selection.Limits{MaxNodes: *maxExport, MaxHops: limits.MaxHops},
			MaxDrawnNodes: *maxDrawn,
		},
	})
	if err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	httpServer := &http.Server{
		Handler:           srv,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      *timeout + 10*time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	srv.SetReady(true)
	logger.Info("serving", "url", "http://"+ln.Addr().String()+"/", "graphql", "http://"+ln.Addr().String()+"/graphql", "db", g.db)
	errc := make(chan error, 1)
	go func() { errc <- httpServer.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	srv.SetReady(false)
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := httpServer.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shut down: %w", err)
	}
	return st.Close()
}

// buildData indexes a dataset for the API: records, graph and names.
func buildData(ds *history.Dataset) api.Data {
	return api.Data{Records: catalog.New(ds), Graph: graph.Build(ds), Search: search.NewIndex(search.Entries(ds))}
}

func newLogger(e env, asJSON bool) *slog.Logger {
	if asJSON {
		return slog.New(slog.NewJSONHandler(e.stderr, nil))
	}
	return slog.New(slog.NewTextHandler(e.stderr, nil))
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
