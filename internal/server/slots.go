package server

import "context"

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
