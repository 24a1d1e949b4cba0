package server

import (
	"context"
	"net/http"

	"github.com/memoria-history/memoria/internal/history"
)

// start gives a request the server's timeout and one of the slots that
// bound the work running at once. If no slot frees before the timeout, it
// answers SERVER_BUSY and returns a nil context; otherwise the caller
// calls finish with cancel when the work is done.
func (s *Server) start(w http.ResponseWriter, r *http.Request, media string) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithTimeout(r.Context(), s.opts.Timeout)
	if !s.acquire(ctx) {
		cancel()
		s.writeBusy(w, r, media)
		return nil, nil
	}
	return ctx, cancel
}

// writeBusy answers that no execution slot freed in time.
func (s *Server) writeBusy(w http.ResponseWriter, r *http.Request, media string) {
	s.writeCoded(w, r, media, history.CodeBusy.Meaning().HTTPStatus, history.CodeBusy, "the server is busy; try again shortly")
}

// finish gives back the slot start took, and ends the request's context.
func (s *Server) finish(cancel context.CancelFunc) {
	s.release()
	cancel()
}

// acquire takes one of the slots that bound the executions and exports
// running at once; it reports false when ctx ends first. A caller that got
// a slot gives it back with release. graphql-go keeps executing in the
// background after a deadline, and a layout cannot be interrupted, so
// unbounded concurrency could pile up work no client waits for.
func (s *Server) acquire(ctx context.Context) bool {
	// A free slot is taken even if ctx has just ended, so that a request
	// that ran out of time is reported as such, not as a busy server.
	select {
	case s.slots <- struct{}{}:
		return true
	default:
	}
	select {
	case s.slots <- struct{}{}:
		return true
	case <-ctx.Done():
		return false
	}
}

// release gives back a slot taken by acquire. It is a method, not a
// closure returned by acquire, so that taking a slot does not allocate.
func (s *Server) release() { <-s.slots }
