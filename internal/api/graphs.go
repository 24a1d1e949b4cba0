package api

import (
	"github.com/graphql-go/graphql"

	"github.com/memoria-history/memoria/internal/graph"
	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/search"
)

func (b *builder) graphTypes() {
	b.searchHit = graphql.NewObject(graphql.ObjectConfig{
		Name: "SearchHit", Description: "An entity found by search, with how well and by which name it matched.",
		Fields: graphql.FieldsThunk(func() graphql.Fields {
			hit := func(s any) *search.Hit { return s.(*search.Hit) }
			return graphql.Fields{
				"node":      b.field(nonNull(b.entity), "The entity found.", func(p graphql.ResolveParams, d *Data) (any, error) { return mustEntity(d, hit(p.Source).ID) }),
				"score":     b.plain(nonNull(graphql.Float), "How well it matched, from 0 to 1 (1: the exact name).", func(s any) any { return hit(s).Score }),
				"matched":   b.stringField(nonNull(graphql.String), "The name that matched.", func(s any) *string { return &hit(s).Matched }),
				"matchKind": b.stringField(nonNull(graphql.String), "Which kind of name matched: name, full, native, transliteration, variant, misspelling, or derived-transliteration (a romanisation Memoria made from a Cyrillic name: Jeschow from Ежов).", func(s any) *string { return &hit(s).MatchKind }),
			}
		}),
	})
	b.edge = graphql.NewObject(graphql.ObjectConfig{
		Name: "GraphEdge", Description: "One cited statement as an edge between two nodes: a relation, a participation in an event, an event's place, parent or cause.",
		Fields: graphql.FieldsThunk(func() graphql.Fields {
			e := func(s any) *graph.Edge { return s.(*graph.Edge) }
			return graphql.Fields{
				"id":        b.stringField(nonNull(graphql.ID), "The statement's id.", func(s any) *string { return idRef(&e(s).Statement) }),
				"source":    b.stringField(nonNull(graphql.ID), "The id of the node the statement is made of.", func(s any) *string { return idRef(&e(s).From) }),
				"target":    b.stringField(nonNull(graphql.ID), "The id of the node it points at.", func(s any) *string { return idRef(&e(s).To) }),
				"label":     b.stringField(nonNull(graphql.String), "What links them: a relation type, participant, place, part-of or caused.", func(s any) *string { return &e(s).Label }),
				"role":      b.optionalString("For a participation, the role played.", func(s any) *string { return (*string)(&e(s).Role) }),
				"time":      b.plain(b.date, "When the statement holds.", func(s any) any { return dateOrNil(&e(s).Time) }),
				"citations": b.plain(listOf(b.citation), "The sources that make the statement.", func(s any) any { return refs(e(s).Citations) }),
			}
		}),
	})
	b.step = graphql.NewObject(graphql.ObjectConfig{
		Name: "PathStep", Description: "One step of a path: the statement that links two neighbouring nodes, which way it was followed, its time and citations.",
		Fields: graphql.FieldsThunk(func() graphql.Fields {
			st := func(s any) *graph.Step { return s.(*graph.Step) }
			return graphql.Fields{
				"from":      b.field(nonNull(b.entity), "The node the step leaves.", func(p graphql.ResolveParams, d *Data) (any, error) { return mustEntity(d, st(p.Source).From) }),
				"to":        b.field(nonNull(b.entity), "The node the step reaches.", func(p graphql.ResolveParams, d *Data) (any, error) { return mustEntity(d, st(p.Source).To) }),
				"label":     b.stringField(nonNull(graphql.String), "What links them: a relation type, participant, place, part-of or caused.", func(s any) *string { return &st(s).Edge.Label }),
				"role":      b.optionalString("For a participation, the role played.", func(s any) *string { return (*string)(&st(s).Edge.Role) }),
				"statement": b.stringField(nonNull(graphql.ID), "The id of the statement followed.", func(s any) *string { return idRef(&st(s).Edge.Statement) }),
				"direction": b.plain(nonNull(b.direction), "OUTGOING when the statement reads from → to, INCOMING when it was followed backwards.", func(s any) any {
					if st(s).Forward {
						return "OUTGOING"
					}
					return "INCOMING"
				}),
				"time":      b.plain(b.date, "When the statement holds.", func(s any) any { return dateOrNil(&st(s).Edge.Time) }),
				"citations": b.plain(listOf(b.citation), "The sources that make the statement.", func(s any) any { return refs(st(s).Edge.Citations) }),
			}
		}),
	})
	b.path = graphql.NewObject(graphql.ObjectConfig{
		Name: "Path", Description: "A chain of cited statements from one entity to another: nodes and the steps between them.",
		Fields: graphql.FieldsThunk(func() graphql.Fields {
			return graphql.Fields{
				"length": b.plain(nonNull(graphql.Int), "The number of steps.", func(s any) any { return len(s.(*graph.Path).Steps) }),
				"nodes": b.field(listOf(b.entity), "The nodes in order, from the start to the end.", func(p graphql.ResolveParams, d *Data) (any, error) {
					return entities(d, p.Source.(*graph.Path).Nodes)
				}),
				"steps": b.plain(listOf(b.step), "The steps in order; step i links nodes i and i+1.", func(s any) any { return refs(s.(*graph.Path).Steps) }),
			}
		}),
	})
	b.subgraph = graphql.NewObject(graphql.ObjectConfig{
		Name: "Subgraph", Description: "Part of the graph ready for a visualization client: both ends of every edge are among the nodes.",
		Fields: graphql.FieldsThunk(func() graphql.Fields {
			return graphql.Fields{
				"nodes": b.field(listOf(b.entity), "The nodes, nearest first.", func(p graphql.ResolveParams, d *Data) (any, error) {
					return entities(d, p.Source.(graph.Subgraph).Nodes)
				}),
				"edges":     b.plain(listOf(b.edge), "The edges among the nodes.", func(s any) any { return refs(s.(graph.Subgraph).Edges) }),
				"truncated": b.plain(nonNull(graphql.Boolean), "Whether the limit cut the neighbourhood short.", func(s any) any { return s.(graph.Subgraph).Truncated }),
			}
		}),
	})
	b.connect = graphql.NewObject(graphql.ObjectConfig{
		Name: "Connection", Description: "An entity or event linked to both of two entities, and how.",
		Fields: graphql.FieldsThunk(func() graphql.Fields {
			c := func(s any) *graph.Connection { return s.(*graph.Connection) }
			return graphql.Fields{
				"node": b.field(nonNull(b.entity), "The entity or event linked to both.", func(p graphql.ResolveParams, d *Data) (any, error) { return mustEntity(d, c(p.Source).Node) }),
				"viaA": b.plain(listOf(b.edge), "The statements linking it to a.", func(s any) any { return refs(c(s).FromA) }),
				"viaB": b.plain(listOf(b.edge), "The statements linking it to b.", func(s any) any { return refs(c(s).FromB) }),
			}
		}),
	})
}

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
