package graph

import (
	"cmp"
	"context"
	"iter"
	"slices"

	"github.com/memoria-history/memoria/internal/history"
)

// Selection names a part of the graph, as exports and pictures ask for it.
// Around and From/To are exclusive; with neither, it is the whole graph.
type Selection struct {
	// Around are the nodes to start from: the part holds the nodes within
	// Hops steps of any of them, and the edges among those.
	Around []history.ID
	Hops   int
	// From and To ask for the Paths (at least one) shortest loopless paths
	// of at most MaxHops steps between two nodes: the part holds their nodes
	// and every edge that links two consecutive nodes of a path.
	From, To history.ID
	MaxHops  int
	Paths    int
	// Filter narrows the part. Kinds and Direction decide which nodes a
	// walk reaches (the nodes asked for are always kept); During, Labels and
	// Source decide which edges are kept. Over the whole graph, an edge
	// filter keeps only the nodes at an end of a kept edge.
	Filter Filter
	// Limit caps the number of nodes; 0 does not. The nodes past it are
	// cut in id order (for Around, from the farthest level) and the part
	// says it was Truncated.
	Limit int
}

// Part is the part of the graph a Selection names: nodes in id order, and
// the edges among them in a canonical order (by From, To, label, role and
// statement id), so that the same graph always gives the same part. Edges
// are read from the index as they are iterated, so a part of a large graph
// costs a few bytes per node and edge until it is written out.
type Part struct {
	ix    *Index
	nodes []int32
	edges []int32
	// Truncated is set when the Limit left out nodes.
	Truncated bool
}

// Len returns the number of nodes and edges.
func (p Part) Len() (nodes, edges int) { return len(p.nodes), len(p.edges) }

// Nodes yields the ids of the nodes, in id order.
func (p Part) Nodes() iter.Seq[history.ID] {
	return func(yield func(history.ID) bool) {
		for _, v := range p.nodes {
			if !yield(p.ix.idOf(v)) {
				return
			}
		}
	}
}

// Edges yields the edges, in canonical order.
func (p Part) Edges() iter.Seq[Edge] {
	return func(yield func(Edge) bool) {
		for _, e := range p.edges {
			if !yield(p.ix.edge(e)) {
				return
			}
		}
	}
}

// Select returns the part of the graph that s names. Every edge's ends are
// among the part's nodes.
func (ix *Index) Select(ctx context.Context, s Selection) (Part, error) {
	if err := ctx.Err(); err != nil {
		return Part{}, err
	}
	if err := s.check(); err != nil {
		return Part{}, err
	}
	sc := ix.getScratch()
	defer ix.putScratch(sc)
	q, err := ix.compile(s.Filter, sc)
	if err != nil {
		return Part{}, err
	}
	limit := s.Limit
	if limit == 0 {
		limit = ix.numbers()
	}
	p := Part{ix: ix}
	switch {
	case len(s.Around) > 0:
		err = ix.selectAround(ctx, sc, &q, s, limit, &p)
	case s.From != "":
		err = ix.selectPaths(ctx, sc, &q, s, limit, &p)
	default:
		err = ix.selectAll(ctx, sc, &q, limit, &p)
	}
	if err != nil {
		return Part{}, err
	}
	ix.sortEdges(p.edges)
	return p, nil
}

func (s Selection) check() error {
	switch {
	case s.Hops < 0:
		return history.Errorf(history.CodeInvalid, "hops must not be negative, got %d", s.Hops)
	case s.Limit < 0:
		return history.Errorf(history.CodeInvalid, "limit must not be negative, got %d", s.Limit)
	case (s.From == "") != (s.To == ""):
		return history.Errorf(history.CodeInvalid, "a path needs both ends, from and to")
	case s.From != "" && len(s.Around) > 0:
		return history.Errorf(history.CodeInvalid, "choose nodes to start from or a path, not both")
	}
	return nil
}

// selectAll takes every node of a kind the filter keeps, or with an edge
// filter every such node at an end of a kept edge.
func (ix *Index) selectAll(ctx context.Context, sc *scratch, q *query, limit int, p *Part) error {
	g := sc.next()
	edgeFiltered := q.timed || q.labels != nil || q.cites != nil
	var err error
	ix.inOrder(func(v int32) bool {
		if !q.kindOK(v) {
			return true
		}
		if !edgeFiltered {
			sc.mark[v] = g
			return true
		}
		nbr, via := ix.adj(v)
		for c, w := range nbr {
			e := via[c]
			if e < 0 {
				e = ^e
			}
			if q.kindOK(w) && q.edgeOK(e) {
				sc.mark[v] = g
				break
			}
		}
		err = sc.visit(ctx)
		return err == nil
	})
	if err != nil {
		return err
	}
	ix.inOrder(func(v int32) bool {
		if sc.mark[v] != g {
			return true
		}
		if len(p.nodes) == limit {
			p.Truncated = true
			sc.mark[v] = 0
			return true
		}
		p.nodes = append(p.nodes, v)
		return true
	})
	return ix.edgesAmong(ctx, sc, q, g, p)
}

// selectAround takes the nodes within s.Hops of the nodes asked for.
func (ix *Index) selectAround(ctx context.Context, sc *scratch, q *query, s Selection, limit int, p *Part) error {
	starts := make([]int32, 0, len(s.Around))
	for _, id := range s.Around {
		v, err := ix.node(id)
		if err != nil {
			return err
		}
		starts = append(starts, v)
	}
	ix.sortNodes(starts)
	starts = slices.Compact(starts)
	g := sc.next()
	queue, truncated, err := ix.levels(ctx, sc, q, g, starts, min(s.Hops, ix.numbers()), limit)
	sc.queueF = queue
	if err != nil {
		return err
	}
	p.nodes = slices.Clone(queue)
	ix.sortNodes(p.nodes)
	p.Truncated = truncated
	for _, v := range p.nodes {
		sc.mark[v] = g
	}
	return ix.edgesAmong(ctx, sc, q, g, p)
}

// edgesAmong collects the edges that pass the filter between nodes marked
// with g, each once, from the slot at its From end.
func (ix *Index) edgesAmong(ctx context.Context, sc *scratch, q *query, g uint32, p *Part) error {
	for _, u := range p.nodes {
		nbr, via := ix.adj(u)
		for c, w := range nbr {
			if e := via[c]; e >= 0 && sc.mark[w] == g && q.edgeOK(e) {
				p.edges = append(p.edges, e)
			}
		}
		if err := sc.visit(ctx); err != nil {
			return err
		}
	}
	return nil
}

// selectPaths takes the nodes of the shortest paths between s.From and
// s.To, and the edges between consecutive nodes of each.
func (ix *Index) selectPaths(ctx context.Context, sc *scratch, q *query, s Selection, limit int, p *Part) error {
	// The path searches borrow scratch of their own.
	paths, err := ix.KShortestPaths(ctx, s.From, s.To, s.MaxHops, max(s.Paths, 1), s.Filter)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		return history.Errorf(history.CodeNotFound, "no path from %q to %q within %d steps", s.From, s.To, s.MaxHops)
	}
	g := sc.next()
	for _, path := range paths {
		for i, id := range path.Nodes {
			v, _ := ix.number(id)
			if sc.mark[v] != g {
				sc.mark[v] = g
				p.nodes = append(p.nodes, v)
			}
			if i == 0 {
				continue
			}
			u, _ := ix.number(path.Nodes[i-1])
			for _, e := range ix.slotsBetween(q, u, v) {
				if !slices.Contains(p.edges, e) {
					p.edges = append(p.edges, e)
				}
			}
		}
	}
	ix.sortNodes(p.nodes)
	if len(p.nodes) > limit {
		p.nodes, p.Truncated = p.nodes[:limit], true
		g = sc.next()
		for _, v := range p.nodes {
			sc.mark[v] = g
		}
		p.edges = slices.DeleteFunc(p.edges, func(e int32) bool {
			c := ix.coldOf(e)
			return sc.mark[c.from] != g || sc.mark[c.to] != g
		})
	}
	return nil
}

// slotsBetween returns the edges between u and v that the query lets u
// cross to v, found by binary search in u's slots, which are in id order.
func (ix *Index) slotsBetween(q *query, u, v int32) []int32 {
	nbr, via := ix.adj(u)
	i, _ := slices.BinarySearchFunc(nbr, v, ix.cmpNode)
	var out []int32
	for ; i < len(nbr) && nbr[i] == v; i++ {
		if e, ok := q.slot(via[i], q.dir); ok {
			out = append(out, e)
		}
	}
	return out
}

// sortEdges puts edges in canonical order: by From and To (node numbers
// follow ids), then label, role and statement id, which does not depend on
// the order the dataset listed its statements in.
func (ix *Index) sortEdges(edges []int32) {
	slices.SortFunc(edges, func(a, b int32) int {
		ca, cb := ix.coldOf(a), ix.coldOf(b)
		ha, hb := ix.hotOf(a), ix.hotOf(b)
		if c := cmp.Or(
			ix.cmpNode(ca.from, cb.from),
			ix.cmpNode(ca.to, cb.to),
			cmp.Compare(ix.termOf(ha.label), ix.termOf(hb.label)),
			cmp.Compare(ix.termOf(ha.role), ix.termOf(hb.role)),
		); c != 0 {
			return c
		}
		return cmp.Compare(ix.edge(a).Statement, ix.edge(b).Statement)
	})
}
