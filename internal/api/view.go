package api

import (
	"context"
	"sync/atomic"
)

// view is the data at one revision of the graph.
type view struct {
	data     *Data
	revision uint64
}

// pinned is a request's view, and how many writes the request made.
type pinned struct {
	view   atomic.Pointer[view]
	writes atomic.Int32
	direct directLists // the lists completed directly (direct.go)
}

type pinKey struct{}

// pin gives a request the view served when it starts, in a holder that a
// mutation of the request moves on to the data its write produced: the
// fields after a write, the payload's among them, see what it wrote, and
// a query never sees half of a change.
func (a *API) pin(ctx context.Context) (context.Context, *pinned) {
	p := new(pinned)
	p.view.Store(a.view.Load())
	return context.WithValue(ctx, pinKey{}, p), p
}

// viewFor is the request's view, or the one served for a context that
// Execute did not pin.
func (a *API) viewFor(ctx context.Context) *view {
	if p, ok := ctx.Value(pinKey{}).(*pinned); ok {
		return p.view.Load()
	}
	return a.view.Load()
}

// wrote moves the request's view, and the one served, on to the data a
// write produced.
func (a *API) wrote(ctx context.Context, v *view) {
	if p, ok := ctx.Value(pinKey{}).(*pinned); ok {
		p.view.Store(v)
	}
	a.advance(v)
}

// mayWrite counts a write of the request, refusing those past MaxWrites:
// the server's rate limit counts requests, and a document may hold many
// mutations.
func (a *API) mayWrite(ctx context.Context) error {
	p, ok := ctx.Value(pinKey{}).(*pinned)
	if !ok {
		return nil
	}
	if n := int(p.writes.Add(1)); n > a.opts.Limits.MaxWrites {
		return overLimit("mutations in one request", a.opts.Limits.MaxWrites, n)
	}
	return nil
}

// advance serves v unless the view served is at a later revision.
func (a *API) advance(v *view) {
	for {
		old := a.view.Load()
		if old.revision > v.revision || a.view.CompareAndSwap(old, v) {
			return
		}
	}
}

// living reports whether the schema is that of a graph that changes: it
// has a revision to report.
func (a *API) living() bool { return a.opts.Writer != nil || a.opts.Log != nil }
