package api

import (
	"context"

	"github.com/memoria-history/memoria/internal/catalog"
	"github.com/memoria-history/memoria/internal/graph"
	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/search"
)

// Records looks up records and the statements around them.
type Records interface {
	Entity(id history.ID) (*history.Entity, bool)
	Event(id history.ID) (*history.Event, bool)
	Source(id history.ID) (*history.Source, bool)
	Claim(id history.ID) (*history.Claim, bool)
	Relation(id history.ID) (*history.Relation, bool)
	IDs(kind history.Kind) []history.ID
	Sources() []*history.Source
	Supports(source history.ID) catalog.Support
	SubEvents(id history.ID) []history.ID
	Relations(id history.ID) []*history.Relation
	Participations(id history.ID) []catalog.Participation
	Claims(subject history.ID, property string) []*history.Claim
	Disputes(claim history.ID) []history.ID
	Timeline(window history.Date, involving []history.ID, first int) []*history.Event
}

// Graph answers path and neighbourhood questions.
type Graph interface {
	ShortestPath(ctx context.Context, from, to history.ID, maxHops int, f graph.Filter) (graph.Path, bool, error)
	KShortestPaths(ctx context.Context, from, to history.ID, maxHops, k int, f graph.Filter) ([]graph.Path, error)
	Neighborhood(ctx context.Context, id history.ID, hops, limit int, f graph.Filter) (graph.Subgraph, error)
	Common(ctx context.Context, a, b history.ID, f graph.Filter) ([]graph.Connection, error)
}

// Search finds entities by any of their names.
type Search interface {
	Search(ctx context.Context, text string, kinds []history.Kind, first int) []search.Hit
}

// Data is one consistent view of the graph. The server swaps it whole when
// the store changes; a request keeps the view it started with.
type Data struct {
	Records Records
	Graph   Graph
	Search  Search
}
