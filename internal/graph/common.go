package graph

import (
	"context"

	"github.com/memoria-history/memoria/internal/history"
)

// Connection is a node adjacent to two others, with the edges that link it
// to each.
type Connection struct {
	Node history.ID
	// FromA and FromB are the edges between Node and a, and between Node
	// and b, that pass the filter.
	FromA, FromB []Edge
}

// Common returns the nodes adjacent to both a and b (other than a and b),
// in id order: the events both took part in, the groups both belonged to,
// the people both dealt with. The filter's Direction is read from a and b:
// Outgoing finds nodes both point to.
func (ix *Index) Common(ctx context.Context, a, b history.ID, f Filter) ([]Connection, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	na, err := ix.node(a)
	if err != nil {
		return nil, err
	}
	nb, sc, q, err := ix.at(b, f)
	if err != nil {
		return nil, err
	}
	defer ix.putScratch(sc)
	g := sc.next()
	keep := func(v, via int32) bool {
		if v == na || v == nb || !q.kindOK(v) {
			return false
		}
		_, ok := q.slot(via, q.dir)
		return ok
	}
	nbrA, viaA := ix.adj(na)
	for c, v := range nbrA {
		if keep(v, viaA[c]) {
			sc.seenF[v] = g
		}
		if err := sc.visit(ctx); err != nil {
			return nil, err
		}
	}
	var out []Connection
	// b's slots are sorted by neighbour, so common nodes come in id order.
	nbrB, viaB := ix.adj(nb)
	for c, v := range nbrB {
		if err := sc.visit(ctx); err != nil {
			return nil, err
		}
		if sc.seenF[v] != g || sc.seenB[v] == g || !keep(v, viaB[c]) {
			continue
		}
		sc.seenB[v] = g
		out = append(out, Connection{Node: ix.idOf(v), FromA: ix.between(&q, na, v), FromB: ix.between(&q, nb, v)})
	}
	return out, nil
}

// between returns the edges between u and v that the query lets u cross.
func (ix *Index) between(q *query, u, v int32) []Edge {
	var out []Edge
	for _, e := range ix.slotsBetween(q, u, v) {
		out = append(out, ix.edge(e))
	}
	return out
}

// Edges returns the edges of id that pass the filter, in the id order of
// the node at their other end: what a resolver lists as an entity's
// relations. The filter's Kinds applies to the other end, its Direction to
// id: Outgoing lists the edges whose From is id.
func (ix *Index) Edges(id history.ID, f Filter) ([]Edge, error) {
	u, sc, q, err := ix.at(id, f)
	if err != nil {
		return nil, err
	}
	defer ix.putScratch(sc)
	var out []Edge
	nbr, via := ix.adj(u)
	for c, v := range nbr {
		if v != u && !q.kindOK(v) {
			continue
		}
		if e, ok := q.slot(via[c], q.dir); ok {
			out = append(out, ix.edge(e))
		}
	}
	return out, nil
}

// at finds the node of id and compiles f in a scratch from the pool: the
// start of a question about the edges at one node. When err is nil, the
// caller gives sc back with putScratch.
func (ix *Index) at(id history.ID, f Filter) (u int32, sc *scratch, q query, err error) {
	if u, err = ix.node(id); err != nil {
		return 0, nil, q, err
	}
	sc = ix.getScratch()
	if q, err = ix.compile(f, sc); err != nil {
		ix.putScratch(sc)
		return 0, nil, q, err
	}
	return u, sc, q, nil
}
