package benchrun

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"
)

// The server bench measures is the one serve runs, built by the command's
// Wiring.Server with serve's default settings, so that a change to serve's
// handler, limits or timeouts is measured too and the two cannot drift
// apart. Only where it listens and what becomes of its logs differ.

// startServer serves the indexes on a free loopback port, and returns the
// GraphQL URL and how to stop. Request logs are written as serve writes
// them, as JSON, but to io.Discard: their cost is counted, their lines
// would drown the report.
func (r *runner) startServer(ctx context.Context) (string, func() error, error) {
	hs, err := r.w.Server(ctx, r.data, r.st, slog.New(slog.NewJSONHandler(io.Discard, nil)))
	if err != nil {
		return "", nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, fmt.Errorf("bench: listen on loopback: %w", err)
	}
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
