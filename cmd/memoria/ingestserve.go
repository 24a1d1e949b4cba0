package main

import (
	"context"
	"sync"

	"github.com/memoria-history/memoria/internal/api"
	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/ingest"
	"github.com/memoria-history/memoria/internal/search"
	"github.com/memoria-history/memoria/internal/server"
)

// liveIngester answers POST /ingest against the graph being served: the
// read model's name index, and a dictionary of the phrase names of its
// groups, places, works and events, made again when the graph changes.
type liveIngester struct {
	current func() api.Data
	mu      sync.Mutex
	rev     uint64
	in      *ingest.Ingester
}

func newLiveIngester(current func() api.Data) *liveIngester {
	return &liveIngester{current: current}
}

// ingester returns the Ingester of the graph as it is now.
func (l *liveIngester) ingester() *ingest.Ingester {
	d := l.current()
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.in == nil || l.rev != d.Revision {
		var entries []search.Entry
		for _, k := range []history.Kind{history.KindGroup, history.KindPlace, history.KindWork} {
			for _, id := range d.Records.IDs(k) {
				if e, ok := d.Records.Entity(id); ok {
					entries = append(entries, search.Entry{ID: e.ID, Kind: e.Kind, Name: e.Name, Names: e.Names})
				}
			}
		}
		for _, id := range d.Records.IDs(history.KindEvent) {
			if e, ok := d.Records.Event(id); ok {
				entries = append(entries, search.Entry{ID: e.ID, Kind: history.KindEvent, Name: e.Name, Names: e.Names})
			}
		}
		l.in, l.rev = ingest.New(d.Search, entries), d.Revision
	}
	return l.in
}

// Ingest reads a document and answers its draft.
func (l *liveIngester) Ingest(ctx context.Context, req server.IngestRequest) (any, error) {
	doc, err := ingest.Read(req.Body, ingest.Format(req.Format))
	if err != nil {
		return nil, err
	}
	if req.SourceID == "" {
		return nil, history.Errorf(history.CodeInvalid, "ingest: say which source the document is: ?source-id=source/a-name")
	}
	return l.ingester().Draft(ctx, doc, ingest.SourceInfo{ID: history.ID(req.SourceID), Title: req.Title, Author: req.Author,
		Kind: history.SourceKind(req.Kind), Published: req.Published, URL: req.URL})
}
