package selection

import (
	"context"
	"iter"
	"net/url"
	"slices"

	"github.com/memoria-history/memoria/internal/export"
	"github.com/memoria-history/memoria/internal/graph"
	"github.com/memoria-history/memoria/internal/history"
)

// Graph picks parts of the graph; *graph.Index is one.
type Graph interface {
	Select(ctx context.Context, s graph.Selection) (graph.Part, error)
}

// Records gives nodes their attributes, and the RDF formats the records
// behind nodes and edges; *catalog.Catalog is one.
type Records interface {
	export.Records
	Sources() []*history.Source
}

// Limits caps what a selection may ask for. A zero field does not cap.
type Limits struct {
	// MaxNodes is the most nodes a selection may hold. One that would hold
	// more is refused, unless it sets its own lower limit, which cuts it.
	MaxNodes int
	// MaxHops caps hops and maxHops.
	MaxHops int
}

// Resolver resolves selections over one consistent view of the data.
type Resolver struct {
	graph   Graph
	records Records
}

// NewResolver returns a resolver over an index and the records it was
// built from.
func NewResolver(g Graph, r Records) *Resolver { return &Resolver{graph: g, records: r} }

// Select parses the selection in query and resolves it: what the HTTP
// exports ask for. It returns the graph and a file name stem.
func (rs *Resolver) Select(ctx context.Context, query url.Values, lim Limits) (export.Graph, string, error) {
	s, err := Parse(query)
	if err != nil {
		return export.Graph{}, "", err
	}
	g, err := rs.Resolve(ctx, s, lim)
	if err != nil {
		return export.Graph{}, "", err
	}
	return g, s.Name(), nil
}

// Resolve checks s against the data and lim, and returns the part of the
// graph it names, with its nodes' attributes, for the export writers.
func (rs *Resolver) Resolve(ctx context.Context, s Selection, lim Limits) (export.Graph, error) {
	if s.MaxHops == 0 {
		s.MaxHops = DefaultMaxHops
		if lim.MaxHops > 0 {
			s.MaxHops = min(s.MaxHops, lim.MaxHops)
		}
	}
	if err := rs.check(s, lim); err != nil {
		return export.Graph{}, err
	}
	gs := graph.Selection{
		Around: s.IDs, Hops: s.Hops, From: s.From, To: s.To, MaxHops: s.MaxHops, Paths: s.Paths,
		Filter: graph.Filter{During: s.During, Labels: s.Via, Kinds: s.Kinds, Source: s.Source},
		Limit:  s.Limit,
	}
	if s.Limit == 0 {
		gs.Limit = lim.MaxNodes
	}
	part, err := rs.graph.Select(ctx, gs)
	if err != nil {
		return export.Graph{}, err
	}
	if part.Truncated && s.Limit == 0 {
		return export.Graph{}, history.Errorf(history.CodeLimit,
			"the selection holds more than %d nodes, the most allowed here: narrow it (id and hops, kinds, via, during, source) or set limit to cut it", lim.MaxNodes)
	}
	title := s.Title(rs.name)
	g := export.Graph{Title: title, Nodes: rs.nodes(part), Edges: edges(part), Records: rs.records}
	if s.whole() {
		// The whole graph describes every source, cited or not, so that
		// its RDF holds all that the store holds.
		g.Sources = slices.Values(rs.records.Sources())
	}
	return g, nil
}

// check refuses what goes past the limits and ids that name nothing.
func (rs *Resolver) check(s Selection, lim Limits) error {
	switch {
	case lim.MaxHops > 0 && len(s.IDs) > 0 && s.Hops > lim.MaxHops:
		return history.Errorf(history.CodeLimit, "parameter hops: at most %d allowed, got %d", lim.MaxHops, s.Hops)
	case lim.MaxHops > 0 && s.From != "" && s.MaxHops > lim.MaxHops:
		return history.Errorf(history.CodeLimit, "parameter maxHops: at most %d allowed, got %d", lim.MaxHops, s.MaxHops)
	case lim.MaxNodes > 0 && s.Limit > lim.MaxNodes:
		return history.Errorf(history.CodeLimit, "parameter limit: at most %d allowed, got %d", lim.MaxNodes, s.Limit)
	}
	ids := append([]history.ID{}, s.IDs...)
	if s.From != "" {
		ids = append(ids, s.From, s.To)
	}
	for _, id := range ids {
		if _, ok := rs.records.Entity(id); ok {
			continue
		}
		if _, ok := rs.records.Event(id); !ok {
			return history.Errorf(history.CodeNotFound, "unknown id %q", id)
		}
	}
	if s.Source != "" {
		if _, ok := rs.records.Source(s.Source); !ok {
			return history.Errorf(history.CodeNotFound, "unknown source %q", s.Source)
		}
	}
	return nil
}

// nodes gives each node of part its attributes as it is read.
func (rs *Resolver) nodes(part graph.Part) iter.Seq[export.Node] {
	return func(yield func(export.Node) bool) {
		for id := range part.Nodes() {
			if !yield(rs.node(id)) {
				return
			}
		}
	}
}

func (rs *Resolver) node(id history.ID) export.Node {
	if e, ok := rs.records.Entity(id); ok {
		n := export.Node{ID: id, Kind: e.Kind, Label: e.Name, Category: e.Type, Description: e.Description, Wikidata: e.Wikidata,
			Born: e.Born.When(), Died: e.Died.When(), Ended: e.Ended.When()}
		switch {
		case e.Kind == history.KindPerson:
			n.Time = history.Span(n.Born, n.Died)
		case e.Date != nil:
			n.Time = e.Date.Date
		}
		n.TimeCitations = citationsOf(e.Born, e.Died, e.Date, e.Ended)
		return n
	}
	if ev, ok := rs.records.Event(id); ok {
		return export.Node{ID: id, Kind: history.KindEvent, Label: ev.Name, Category: ev.Type, Description: ev.Description,
			Time: ev.Date.When(), TimeCitations: citationsOf(ev.Date)}
	}
	return export.Node{ID: id, Kind: id.Kind()}
}

// citationsOf returns the citations of the dated facts given, each once,
// in order.
func citationsOf(facts ...*history.DatedFact) []history.Citation {
	var out []history.Citation
	for _, f := range facts {
		if f == nil {
			continue
		}
		for _, c := range f.Citations {
			if !slices.Contains(out, c) {
				out = append(out, c)
			}
		}
	}
	return out
}

// edges turns the part's edges into the writers' edges as they are read.
func edges(part graph.Part) iter.Seq[export.Edge] {
	return func(yield func(export.Edge) bool) {
		for e := range part.Edges() {
			if !yield(export.Edge{ID: e.Statement, From: e.From, To: e.To, Relation: e.Label, Role: e.Role, Time: e.Time, Citations: e.Citations,
				TimeCitations: e.TimeCitations, EndDerivedFrom: e.EndDerivedFrom}) {
				return
			}
		}
	}
}

// name is what a title calls an entity or a source.
func (rs *Resolver) name(id history.ID) string {
	if src, ok := rs.records.Source(id); ok && src.Title != "" {
		return src.Title
	}
	if n := rs.node(id); n.Label != "" {
		return n.Label
	}
	return string(id)
}
