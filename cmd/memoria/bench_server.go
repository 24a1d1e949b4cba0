package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/memoria-history/memoria/internal/api"
)

// The server bench measures is the one serve runs, built by the same
// newHTTPServer with serve's default flags, so that a change to serve's
// handler, limits or timeouts is measured too and the two cannot drift
// apart. Only where it listens and what becomes of its logs differ.

// startBenchServer serves the data on a free loopback port with serve's
// default options, and returns the GraphQL URL and how to stop. Request
// logs are written as serve writes them, as JSON, but to io.Discard: their
// cost is counted, their lines would drown the report.
func startBenchServer(data api.Data) (string, func() error, error) {
	o := defaultServeOptions()
	o.logger = slog.New(slog.NewJSONHandler(io.Discard, nil))
	srv, hs, err := newHTTPServer(data, o)
	if err != nil {
		return "", nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, fmt.Errorf("bench: listen on loopback: %w", err)
	}
	srv.SetReady(true)
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	stop := func() error {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := hs.Shutdown(ctx); err != nil {
			return fmt.Errorf("bench: stop the server: %w", err)
		}
		if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
			return fmt.Errorf("bench: server: %w", err)
		}
		return nil
	}
	return "http://" + ln.Addr().String() + "/graphql", stop, nil
}
