package main

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/readmodel"
	"github.com/memoria-history/memoria/internal/store"
)

// followPage is how many changes a follower reads from the store's log
// at a time, so that a burst of thousands is not read, and held, at once.
const followPage = 256

// follower keeps a server's read model in the store's order when other
// processes write the same store (servers on one PostgreSQL database):
// the server's own commits come from the store as they are made
// (OnCommit), the others' are read from the change log, and each is
// applied once, in revision order, with none left out. An own commit
// that comes while the view lacks changes before it (another server
// committed them just before) waits until they are read.
type follower struct {
	store *store.Store
	live  *readmodel.Live

	// mu guards pending and orders the applying. It is never held across
	// a call to the store: OnCommit runs while the store is being
	// written.
	mu      sync.Mutex
	pending map[uint64]readmodel.Commit // own commits waiting for earlier changes

	// reading lets one caller at a time read the change log.
	reading sync.Mutex
}

func newFollower(st *store.Store, live *readmodel.Live) *follower {
	return &follower{store: st, live: live, pending: map[uint64]readmodel.Commit{}}
}

// committed takes commits of the server's own, a group of them at once,
// in the store's order.
func (f *follower) committed(cs ...readmodel.Commit) {
	f.mu.Lock()
	defer f.mu.Unlock()
	cur := f.live.Current().Revision
	for _, c := range cs {
		if c.Revision > cur {
			f.pending[c.Revision] = c
		}
	}
	f.applyPending()
}

// take applies c, read from the change log, if it is the next change the
// view lacks; one the view holds already changes nothing.
func (f *follower) take(c readmodel.Commit) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if c.Revision == f.live.Current().Revision+1 {
		delete(f.pending, c.Revision)
		f.live.Apply(c)
	}
	f.applyPending()
}

// applyPending applies the waiting own commits that follow the view
// without a gap, as one change (a group commit's are applied together).
// f.mu is held.
func (f *follower) applyPending() {
	var run []readmodel.Commit
	for next := f.live.Current().Revision + 1; ; next++ {
		c, ok := f.pending[next]
		if !ok {
			break
		}
		delete(f.pending, next)
		run = append(run, c)
	}
	if len(run) > 0 {
		f.live.Apply(run...)
	}
}

// catchUp reads the changes past the view's revision from the store's
// log, a page at a time, and applies them, until the view is at the
// store's revision and at least at want.
func (f *follower) catchUp(ctx context.Context, want uint64) error {
	f.reading.Lock()
	defer f.reading.Unlock()
	refreshed := false
	for {
		cur := f.live.Current().Revision
		if cur >= max(want, f.store.Revision()) {
			return nil
		}
		recs, err := f.store.Changes(ctx, store.ChangeFilter{Since: cur, Limit: followPage})
		if err != nil {
			return err
		}
		if len(recs) == 0 {
			if cur >= want {
				return nil // a store written before it kept a change log
			}
			if refreshed {
				return history.Errorf(history.CodeInternal, "the store's change log ends at %d, before revision %d", cur, want)
			}
			// The store has not yet heard of want's change: ask it (a
			// standby, once it has replayed what its primary holds).
			if err := f.store.Sync(ctx); err != nil {
				return err
			}
			if _, err := f.store.Refresh(ctx); err != nil {
				return err
			}
			refreshed = true
			continue
		}
		if recs[0].Revision != cur+1 {
			return history.Errorf(history.CodeCorrupt, "the store's change log lacks change %d", cur+1)
		}
		for _, r := range recs {
			c, err := f.commitOf(ctx, r)
			if err != nil {
				return err
			}
			f.take(c)
		}
	}
}

// commitOf is a change of the log as the read model takes it. A load
// keeps counts only: its records are read from the store.
func (f *follower) commitOf(ctx context.Context, r store.ChangeRecord) (readmodel.Commit, error) {
	if r.After != nil {
		return readmodel.Commit{Revision: r.Revision, Before: r.Before, After: r.After}, nil
	}
	loaded, err := f.store.Loaded(ctx, r.Revision)
	if err != nil {
		return readmodel.Commit{}, err
	}
	return readmodel.Commit{Revision: r.Revision, Before: &history.Dataset{}, After: loaded}, nil
}

// Backoff between failed reads of the change log.
const (
	followRetryFirst = 100 * time.Millisecond
	followRetryMost  = 5 * time.Second
)

// run follows the store until ctx ends: it catches up at once, then each
// time the store says it has moved on, or that it cannot be read. A
// failed read (the database gone) is logged once, when it begins, and
// retried with backoff until it succeeds, which is logged too. Between
// times, every tokenLook, it calls tokens, if set.
func (f *follower) run(ctx context.Context, moved <-chan uint64, logger *slog.Logger, tokens func(context.Context)) {
	var look <-chan time.Time
	if tokens != nil {
		t := time.NewTicker(tokenLook)
		defer t.Stop()
		look = t.C
	}
	for {
		f.catchUpRetrying(ctx, logger)
		for waiting := true; waiting; {
			select {
			case <-ctx.Done():
				return
			case <-look:
				tokens(ctx)
			case _, ok := <-moved:
				if !ok {
					return
				}
				waiting = false
			}
		}
	}
}

func (f *follower) catchUpRetrying(ctx context.Context, logger *slog.Logger) {
	wait := followRetryFirst
	var failed time.Time
	for {
		_, err := f.store.Refresh(ctx)
		if err == nil {
			err = f.catchUp(ctx, 0)
		}
		if ctx.Err() != nil {
			return
		}
		if err == nil {
			if !failed.IsZero() {
				logger.Info("following the store's changes again", "revision", f.live.Current().Revision, "after", time.Since(failed).Round(time.Millisecond))
			}
			return
		}
		if failed.IsZero() {
			failed = time.Now()
			logger.Warn("cannot read the store's changes: retrying", "revision", f.live.Current().Revision, "error", err.Error(), "code", string(history.ErrorCode(err)))
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		wait = min(2*wait, followRetryMost)
	}
}

// followOthers has g's read model follow what other processes commit to
// its store, until ctx ends: all it follows when g's store is read-only
// (a standby, whose changes come from its primary). On a shared store,
// its keyring follows the store's tokens too.
func (g *liveGraph) followOthers(ctx context.Context, logger *slog.Logger) error {
	moved, err := g.store.Follow(ctx)
	if err != nil {
		return fmt.Errorf("follow the store: %w", err)
	}
	var tokens func(context.Context)
	if g.store.Shared() {
		// A failed read (the database gone) leaves the keyring as it
		// was: the follower says so in the log.
		tokens = func(ctx context.Context) { _ = g.refreshKeyring(ctx) }
	}
	go g.sync.run(ctx, moved, logger, tokens)
	return nil
}

// tokenLook is how often a server on a shared store reads the tokens
// again: a token made or revoked through another server works, or is
// refused, here within this time.
const tokenLook = 2 * time.Second
