package main

import (
	"context"
	"fmt"
	"net/url"
	"sync/atomic"
	"time"

	"github.com/memoria-history/memoria/internal/api"
	"github.com/memoria-history/memoria/internal/auth"
	"github.com/memoria-history/memoria/internal/export"
	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/readmodel"
	"github.com/memoria-history/memoria/internal/selection"
	"github.com/memoria-history/memoria/internal/server"
	"github.com/memoria-history/memoria/internal/store"
)

// liveGraph is a served store and the read model that follows it: the
// API's Writer and Log, the server's Loader and Exporter. serve is the
// store's one writer, and every write goes through here.
type liveGraph struct {
	store *store.Store
	// live follows the store's commits, which the store hands it in
	// its order (see follow) before the Apply that made each returns.
	live *readmodel.Live
	// sync orders the commits the read model takes: this server's and,
	// on a store other processes write too, theirs.
	sync *follower
	// setKeyring gives the server the tokens after one is created or
	// revoked.
	setKeyring func(*auth.Keyring)
	// snapshots writes the snapshot of each rebuilt base (see
	// published); changed is the delta of the last view published.
	snapshots atomic.Pointer[snapshotWriter]
	changed   int
}

// Write applies a mutation's change, recorded under the token that sent
// it.
func (g *liveGraph) Write(ctx context.Context, ch history.Change, op api.Operation) (api.Written, error) {
	return g.apply(ctx, ch, store.ChangeMeta{Author: author(ctx), RequestID: server.RequestID(ctx), Operation: op.Name, ClientID: op.ClientID})
}

// follow starts the read model from data and has it take every commit
// of the store. Concurrent writes are committed in groups, and return in
// any order: the store, not the callers, keeps the read model in step,
// a group's commits as one change.
func (g *liveGraph) follow(data readmodel.Data, o readmodel.LiveOptions) {
	g.live = readmodel.NewLive(data, o)
	g.sync = newFollower(g.store, g.live)
	g.store.OnCommits(func(cs []store.Commit) {
		rc := make([]readmodel.Commit, len(cs))
		for i, c := range cs {
			rc[i] = readmodel.Commit{Revision: c.Revision, Before: c.Before, After: c.After}
		}
		g.sync.committed(rc...)
	})
}

func (g *liveGraph) apply(ctx context.Context, ch history.Change, meta store.ChangeMeta) (api.Written, error) {
	c, err := g.store.Apply(ctx, ch, meta)
	if err != nil {
		return api.Written{}, err
	}
	// The read model holds the commit already (OnCommit), and perhaps later
	// ones, unless it lacks changes before it: another process's, just
	// committed, or a replayed change of this one's whose answer was lost
	// (the database went away during the commit), the retry being the
	// first the server hears of it. Those are read from the change log.
	if c.Revision > g.live.Current().Revision {
		if err := g.sync.catchUp(ctx, c.Revision); err != nil {
			return api.Written{}, history.Wrap(history.CodeStoreUnavailable, fmt.Sprintf("change %d is committed, but reading the changes before it failed: ask again for the answer", c.Revision), err)
		}
	}
	d := g.live.Current()
	return api.Written{Revision: c.Revision, Data: d, DataRevision: d.Revision, Replayed: c.Replayed}, nil
}

// LoadUpload applies a dataset sent to /admin/load as one change: its
// records replace those of the same ids, whatever their revisions, as a
// local load's do.
func (g *liveGraph) LoadUpload(ctx context.Context, u server.Upload) (server.LoadReport, error) {
	ds, err := readUpload(ctx, u)
	if err != nil {
		return server.LoadReport{}, err
	}
	w, err := g.apply(ctx, history.Change{Put: *ds}, store.ChangeMeta{
		Author: author(ctx), RequestID: server.RequestID(ctx), Operation: "load", Note: u.Name, LastWriteWins: true,
	})
	if err != nil {
		return server.LoadReport{}, err
	}
	counts := map[string]int{"source": len(ds.Sources), "event": len(ds.Events), "relation": len(ds.Relations), "claim": len(ds.Claims)}
	for _, e := range ds.Entities {
		counts[string(e.Kind)]++
	}
	return server.LoadReport{Revision: w.Revision, Records: counts, Summary: fmt.Sprintf("%s applied as one change", describe(ds))}, nil
}

// Changes answers changes(...) and history(id) from the store's audit
// records.
func (g *liveGraph) Changes(ctx context.Context, f api.ChangeFilter) ([]api.ChangeRecord, error) {
	recs, err := g.store.Changes(ctx, store.ChangeFilter{Since: f.Since, By: f.By, ID: f.ID, Limit: f.Limit})
	if err != nil {
		return nil, err
	}
	out := make([]api.ChangeRecord, len(recs))
	for i, r := range recs {
		out[i] = api.ChangeRecord{
			Revision: r.Revision, Author: r.Author, RequestID: r.RequestID, Operation: r.Operation, ClientID: r.ClientID,
			Note: r.Note, At: r.At, Records: r.Records, Touches: r.Touches, Before: r.Before, After: r.After,
		}
	}
	return out, nil
}

// Select resolves an export's selection on the graph as it is now.
func (g *liveGraph) Select(ctx context.Context, query url.Values, lim selection.Limits) (export.Graph, string, error) {
	d := g.live.Current()
	return selection.NewResolver(d.Graph, d.Records).Select(ctx, query, lim)
}

// author is the name a change is recorded under: the token's. The server
// lets no write through without one; "" would be recorded as anonymous.
func author(ctx context.Context) string {
	t, _ := auth.FromContext(ctx)
	return t.Name
}

// activeTokens counts the tokens that may still be used.
func activeTokens(ts []auth.Token) int {
	n := 0
	for _, t := range ts {
		if t.Active() {
			n++
		}
	}
	return n
}

// CreateToken makes a token while the server runs, and lets it in at once.
func (g *liveGraph) CreateToken(ctx context.Context, name string, role auth.Role) (string, auth.Token, error) {
	secret, t, err := auth.New(name, role, time.Now())
	if err != nil {
		return "", auth.Token{}, err
	}
	if err := g.store.PutToken(ctx, t); err != nil {
		return "", auth.Token{}, err
	}
	return secret, t, g.refreshKeyring(ctx)
}

// RevokeToken revokes a token while the server runs: its next request is
// refused.
func (g *liveGraph) RevokeToken(ctx context.Context, name string) (auth.Token, error) {
	t, err := g.store.RevokeToken(ctx, name, time.Now())
	if err != nil {
		return auth.Token{}, err
	}
	return t, g.refreshKeyring(ctx)
}

// Tokens lists the store's tokens.
func (g *liveGraph) Tokens(ctx context.Context) ([]auth.Token, error) { return g.store.Tokens(ctx) }

// refreshKeyring hands the server the store's tokens as they now are.
func (g *liveGraph) refreshKeyring(ctx context.Context) error {
	tokens, err := g.store.Tokens(ctx)
	if err != nil {
		return err
	}
	if g.setKeyring != nil {
		g.setKeyring(auth.NewKeyring(tokens))
	}
	return nil
}
