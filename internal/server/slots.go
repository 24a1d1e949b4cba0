package server

import "context"

// acquire takes one of the slots that bound the executions and exports
// running at once, and returns the function that gives it back; it
// reports false when ctx ends first. graphql-go keeps executing in the
// background after a deadline, and a layout cannot be interrupted, so
// unbounded concurrency could pile up work no client waits for.
func (s *Server) acquire(ctx context.Context) (release func(), ok bool) {
	release = func() { <-s.slots }
	// A free slot is taken even if ctx has just ended, so that a request
	// that ran out of time is reported as such, not as a busy server.
	select {
	case s.slots <- struct{}{}:
		return release, true
	default:
	}
	select {
	case s.slots <- struct{}{}:
		return release, true
	case <-ctx.Done():
		return nil, false
	}
}
