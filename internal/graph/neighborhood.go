package graph

import (
	"context"

	"github.com/memoria-history/memoria/internal/history"
)

// Subgraph is a set of nodes and every edge between them.
type Subgraph struct {
	Nodes []history.ID
	Edges []Edge
	// Truncated is set when a limit left out nodes that the query would
	// otherwise have included.
	Truncated bool
}

// Neighborhood returns the nodes within hops steps of id and every edge
// between them that passes the filter's During and Labels: a closed
// subgraph, each edge's ends among its nodes. Nodes come in breadth-first
// order (id first), each level in id order. At most limit nodes are
// included: the last level is cut in id order, and Truncated set.
//
// The filter's Kinds and Direction decide which nodes are reached; once
// reached, all edges between them are shown whichever way they point.
func (ix *Index) Neighborhood(ctx context.Context, id history.ID, hops, limit int, f Filter) (Subgraph, error) {
	if err := ctx.Err(); err != nil {
		return Subgraph{}, err
	}
	switch {
	case hops < 0:
		return Subgraph{}, history.Errorf(history.CodeInvalid, "hops must not be negative, got %d", hops)
	case limit < 1:
		return Subgraph{}, history.Errorf(history.CodeInvalid, "limit must be at least 1, got %d", limit)
	}
	start, err := ix.node(id)
	if err != nil {
		return Subgraph{}, err
	}
	hops, limit = min(hops, ix.numbers()), min(limit, ix.numbers())
	sc := ix.getScratch()
	defer ix.putScratch(sc)
	q, err := ix.compile(f, sc)
	if err != nil {
		return Subgraph{}, err
	}
	g := sc.next()
	queue, truncated, err := ix.levels(ctx, sc, &q, g, []int32{start}, hops, limit)
	sc.queueF = queue
	if err != nil {
		return Subgraph{}, err
	}
	for _, v := range queue {
		sc.mark[v] = g
	}
	sub := Subgraph{Nodes: make([]history.ID, len(queue)), Truncated: truncated}
	for i, v := range queue {
		sub.Nodes[i] = ix.idOf(v)
	}
	// Each edge once, from the slot at its From end; numbers first, so
	// that the result is allocated once at its final size.
	found := sc.edges[:0]
	for _, u := range queue {
		nbr, via := ix.adj(u)
		for c, w := range nbr {
			if e := via[c]; e >= 0 && sc.mark[w] == g && q.edgeOK(e) {
				found = append(found, e)
			}
		}
		if err := sc.visit(ctx); err != nil {
			return Subgraph{}, err
		}
	}
	sc.edges = found
	sub.Edges = make([]Edge, len(found))
	for i, e := range found {
		sub.Edges[i] = ix.edge(e)
	}
	return sub, nil
}

// levels runs a breadth-first search from the starts (distinct, in id
// order), at most hops levels deep and limit nodes large, and returns the
// nodes included, level by level, each level in id order.
func (ix *Index) levels(ctx context.Context, sc *scratch, q *query, g uint32, starts []int32, hops, limit int) ([]int32, bool, error) {
	queue := append(sc.queueF[:0], starts...)
	for _, v := range starts {
		sc.seenF[v] = g
	}
	if len(queue) > limit {
		return queue[:limit], true, nil
	}
	lo := 0
	for range hops {
		hi := len(queue)
		if lo == hi {
			break
		}
		for _, u := range queue[lo:hi] {
			nbr, via := ix.adj(u)
			for c, v := range nbr {
				if sc.seenF[v] == g {
					continue
				}
				if _, ok := q.slot(via[c], q.dir); !ok || !q.kindOK(v) {
					continue
				}
				sc.seenF[v] = g
				queue = append(queue, v)
				if err := sc.visit(ctx); err != nil {
					return queue, false, err
				}
			}
		}
		ix.sortNodes(queue[hi:])
		if len(queue) > limit {
			return queue[:limit], true, nil
		}
		lo = hi
	}
	return queue, false, nil
}
