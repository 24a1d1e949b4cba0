package server

import (
	"context"
	"net/http"

	"github.com/memoria-history/memoria/internal/history"
)

// start gives a request the server's timeout and one of the slots that
// bound the work running at once: an execution slot, or a write slot for
// a mutation; a heavy one takes one of the heavy slots first, waiting at
// most Budget.HeavyWait, so that heavy ones never hold every slot. If no
// slot frees in time, or the memory in use no longer admits the request
// once it has its slots, it answers SERVER_BUSY and returns a nil context;
// otherwise the caller calls finish with cancel, heavy and write when the
// work is done.
//
// Mutations have slots of their own because one spends most of its time
// waiting for the store's one writer and its sync: in execution slots,
// 200 mutations a second kept queries waiting for a slot while the
// processors had time for them.
func (s *Server) start(w http.ResponseWriter, r *http.Request, media string, heavy, write bool) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithTimeout(r.Context(), s.opts.Timeout)
	if heavy && !s.takeHeavy(ctx) {
		cancel()
		s.writeBusy(w, r, media, "heavy_slots")
		return nil, nil
	}
	slots, limit := s.slots, "execution_slots"
	if write {
		slots, limit = s.writes, "write_slots"
	}
	if !take(ctx, slots) {
		if heavy {
			<-s.heavy
		}
		cancel()
		s.writeBusy(w, r, media, limit)
		return nil, nil
	}
	// The caller admitted the request before it waited for its slots,
	// and a heavy one may have waited seconds while those it waited for
	// filled the memory: admitted then, it could start past the share
	// where it would now be refused.
	if limit := s.admit(heavy); limit != "" {
		s.finish(cancel, heavy, write)
		s.writeBusy(w, r, media, limit)
		return nil, nil
	}
	return ctx, cancel
}

// finish gives back the slots start took, and ends the request's context.
func (s *Server) finish(cancel context.CancelFunc, heavy, write bool) {
	if write {
		<-s.writes
	} else {
		s.release()
	}
	if heavy {
		<-s.heavy
	}
	cancel()
}

// writeBusy answers that the server is too busy for the request, because
// of limit (execution_slots, heavy_slots, memory).
func (s *Server) writeBusy(w http.ResponseWriter, r *http.Request, media, limit string) {
	s.metrics.refuse(history.CodeBusy, limit)
	s.writeCoded(w, r, media, history.CodeBusy.Meaning().HTTPStatus, history.CodeBusy, "the server is busy; try again shortly")
}

// acquire takes one of the slots that bound the executions and exports
// running at once; it reports false when ctx ends first. A caller that got
// a slot gives it back with release. graphql-go keeps executing in the
// background after a deadline, and a layout cannot be interrupted, so
// unbounded concurrency could pile up work no client waits for.
func (s *Server) acquire(ctx context.Context) bool { return take(ctx, s.slots) }

// take takes a slot of slots, or reports false when ctx ends first. A
// free slot is taken even if ctx has just ended, so that a request that
// ran out of time is reported as such, not as a busy server.
func take(ctx context.Context, slots chan struct{}) bool {
	select {
	case slots <- struct{}{}:
		return true
	default:
	}
	select {
	case slots <- struct{}{}:
		return true
	case <-ctx.Done():
		return false
	}
}

// takeHeavy takes one of the heavy slots within Budget.HeavyWait.
func (s *Server) takeHeavy(ctx context.Context) bool {
	ctx, cancel := context.WithTimeout(ctx, s.opts.Budget.HeavyWait)
	defer cancel()
	return take(ctx, s.heavy)
}

// release gives back a slot taken by acquire. It is a method, not a
// closure returned by acquire, so that taking a slot does not allocate.
func (s *Server) release() { <-s.slots }
