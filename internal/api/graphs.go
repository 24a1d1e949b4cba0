package api

import (
	"github.com/graphql-go/graphql"

	"github.com/memoria-history/memoria/internal/graph"
	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/search"
)

// The fields of the answers about the graph's shape: SearchHit, GraphEdge,
// PathStep, Path, Subgraph and Connection (made in objectTypes).

func (b *builder) searchHitFields() graphql.Fields {
	hit := func(s any) *search.Hit { return s.(*search.Hit) }
	return graphql.Fields{
		"node":      b.entityField("The entity found.", func(s any) history.ID { return hit(s).ID }),
		"score":     b.plain(nonNull(graphql.Float), "How well it matched, from 0 to 1 (1: the exact name).", func(s any) any { return hit(s).Score }),
		"matched":   b.stringField(nonNull(graphql.String), "The name that matched.", func(s any) *string { return &hit(s).Matched }),
		"matchKind": b.stringField(nonNull(graphql.String), "Which kind of name matched: name, full, native, transliteration, variant, misspelling, derived-transliteration (a romanisation Memoria made from a Cyrillic name: Jeschow from Ежов), or type (the words of what sort of thing it is, camp or execution, ranked below every name).", func(s any) *string { return &hit(s).MatchKind }),
	}
}

func (b *builder) edgeFields() graphql.Fields {
	e := func(s any) *graph.Edge { return s.(*graph.Edge) }
	return graphql.Fields{
		"id":        b.stringField(nonNull(graphql.ID), "The statement's id.", func(s any) *string { return idRef(&e(s).Statement) }),
		"source":    b.stringField(nonNull(graphql.ID), "The id of the node the statement is made of.", func(s any) *string { return idRef(&e(s).From) }),
		"target":    b.stringField(nonNull(graphql.ID), "The id of the node it points at.", func(s any) *string { return idRef(&e(s).To) }),
		"label":     b.stringField(nonNull(graphql.String), "What links them: a relation type, participant, place, part-of or caused.", func(s any) *string { return &e(s).Label }),
		"role":      b.optionalString("For a participation, the role played.", func(s any) *string { return (*string)(&e(s).Role) }),
		"time":      b.plain(b.date, "When the statement holds, with the sources that date it.", func(s any) any { return edgeTime(e(s)) }),
		"citations": b.plain(listOf(b.citation), "The sources that make the statement.", func(s any) any { return refs(e(s).Citations) }),
	}
}

func (b *builder) stepFields() graphql.Fields {
	st := func(s any) *graph.Step { return s.(*graph.Step) }
	return graphql.Fields{
		"from":      b.entityField("The node the step leaves.", func(s any) history.ID { return st(s).From }),
		"to":        b.entityField("The node the step reaches.", func(s any) history.ID { return st(s).To }),
		"label":     b.stringField(nonNull(graphql.String), "What links them: a relation type, participant, place, part-of or caused.", func(s any) *string { return &st(s).Edge.Label }),
		"role":      b.optionalString("For a participation, the role played.", func(s any) *string { return (*string)(&st(s).Edge.Role) }),
		"statement": b.stringField(nonNull(graphql.ID), "The id of the statement followed.", func(s any) *string { return idRef(&st(s).Edge.Statement) }),
		"direction": b.plain(nonNull(b.direction), "OUTGOING when the statement reads from → to, INCOMING when it was followed backwards.", stepDirection),
		"time":      b.plain(b.date, "When the statement holds, with the sources that date it.", func(s any) any { return edgeTime(&st(s).Edge) }),
		"citations": b.plain(listOf(b.citation), "The sources that make the statement.", func(s any) any { return refs(st(s).Edge.Citations) }),
	}
}

// edgeTime is an edge's time with the sources that date it, and whether
// its end is derived.
func edgeTime(e *graph.Edge) any {
	if e.Time.IsZero() {
		return nil
	}
	return &dated{date: &e.Time, cites: e.TimeCitations, derivedFrom: e.EndDerivedFrom}
}

func stepDirection(s any) any {
	if s.(*graph.Step).Forward {
		return "OUTGOING"
	}
	return "INCOMING"
}

func (b *builder) pathFields() graphql.Fields {
	return graphql.Fields{
		"length": b.plain(nonNull(graphql.Int), "The number of steps.", func(s any) any { return len(s.(*graph.Path).Steps) }),
		"nodes":  b.field(listOf(b.entity), "The nodes in order, from the start to the end.", resolvePathNodes),
		"steps":  b.plain(listOf(b.step), "The steps in order; step i links nodes i and i+1.", func(s any) any { return refs(s.(*graph.Path).Steps) }),
	}
}

func (b *builder) subgraphFields() graphql.Fields {
	return graphql.Fields{
		"nodes":     b.field(listOf(b.entity), "The nodes, nearest first.", resolveSubgraphNodes),
		"edges":     b.plain(listOf(b.edge), "The edges among the nodes.", func(s any) any { return refs(s.(graph.Subgraph).Edges) }),
		"truncated": b.plain(nonNull(graphql.Boolean), "Whether the limit cut the neighbourhood short.", func(s any) any { return s.(graph.Subgraph).Truncated }),
	}
}

func (b *builder) connectionFields() graphql.Fields {
	c := func(s any) *graph.Connection { return s.(*graph.Connection) }
	return graphql.Fields{
		"node": b.entityField("The entity or event linked to both.", func(s any) history.ID { return c(s).Node }),
		"viaA": b.plain(listOf(b.edge), "The statements linking it to a.", func(s any) any { return refs(c(s).FromA) }),
		"viaB": b.plain(listOf(b.edge), "The statements linking it to b.", func(s any) any { return refs(c(s).FromB) }),
	}
}

func resolvePathNodes(p graphql.ResolveParams, d *Data) (any, error) {
	return entities(d, p.Source.(*graph.Path).Nodes)
}

func resolveSubgraphNodes(p graphql.ResolveParams, d *Data) (any, error) {
	return entities(d, p.Source.(graph.Subgraph).Nodes)
}

// entities looks up the entities and events of a path or a subgraph; each
// must exist.
func entities(d *Data, ids []history.ID) ([]any, error) {
	out := make([]any, 0, len(ids))
	for _, id := range ids {
		e, err := mustEntity(d, id)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}
