package graph

import (
	"context"

	"github.com/memoria-history/memoria/internal/history"
)

// The bare traversals below are the floor that `memoria bench` measures
// Memoria's own queries against: the same question asked of the same CSR
// arrays with nothing else done. No filter is compiled or checked, no path
// is extracted in id order, no edge is materialised and nothing is
// allocated. They are not used to serve: the gap between them and
// ShortestPath or Neighborhood is the price of the answers' content
// (citations, tie-breaking, edges), and the gap between them and a
// request over HTTP is the price of GraphQL and the network.

// BareDistance returns the length of a shortest path from one node to
// another of at most maxHops steps, and false if there is none. It runs
// the search ShortestPath runs (breadth first from both ends, a level at a
// time, always from the side whose next level is cheaper), so that a
// benchmark compares the work around the search, not two algorithms, and
// stops at the first meeting: the length is all it reports.
func (ix *Index) BareDistance(ctx context.Context, from, to history.ID, maxHops int) (int, bool, error) {
	if err := ctx.Err(); err != nil {
		return 0, false, err
	}
	src, dst, err := ix.endpoints(from, to, maxHops)
	if err != nil {
		return 0, false, err
	}
	if src == dst {
		return 0, true, nil
	}
	sc := ix.getScratch()
	defer ix.putScratch(sc)
	g := sc.next()
	sc.seenF[src], sc.seenB[dst] = g, g
	fwd := bareSide{queue: append(sc.queueF[:0], src), seen: sc.seenF, work: ix.degree(src)}
	bwd := bareSide{queue: append(sc.queueB[:0], dst), seen: sc.seenB, work: ix.degree(dst)}
	defer func() { sc.queueF, sc.queueB = fwd.queue, bwd.queue }()
	for hops := 1; hops <= maxHops; hops++ {
		if fwd.done() || bwd.done() {
			return 0, false, nil // one side has nowhere left to go
		}
		var met bool
		if fwd.work <= bwd.work {
			met = ix.bareLevel(&fwd, bwd.seen, g)
		} else {
			met = ix.bareLevel(&bwd, fwd.seen, g)
		}
		if met {
			return hops, true, nil
		}
		if err := ctx.Err(); err != nil {
			return 0, false, err
		}
	}
	return 0, false, nil
}

// bareSide is one end of a BareDistance search: its queue, the start of
// its outer level in the queue, its marks, and the number of slots its
// outer level has (the cost of expanding it).
type bareSide struct {
	queue []int32
	lo    int
	seen  []uint32
	work  int32
}

// done reports whether the side's outer level is empty.
func (s *bareSide) done() bool { return s.lo == len(s.queue) }

// bareLevel adds the next level to one side and reports whether it touches
// the other side's marks. It returns at the first touch, leaving the level
// half built, since the search ends there.
func (ix *Index) bareLevel(s *bareSide, other []uint32, g uint32) bool {
	off, nbr, seen := ix.off, ix.nbr, s.seen
	hi := len(s.queue)
	s.work = 0
	for _, u := range s.queue[s.lo:hi] {
		for c, end := off[u], off[u+1]; c < end; c++ {
			v := nbr[c]
			if seen[v] == g {
				continue
			}
			if other[v] == g {
				return true
			}
			seen[v] = g
			s.queue = append(s.queue, v)
			s.work += off[v+1] - off[v]
		}
	}
	s.lo = hi
	return false
}

// BareReach returns how many nodes lie within hops steps of id, id
// included, but at most limit: the size of the node set Neighborhood
// returns with the zero Filter. Like Neighborhood it reads each level
// whole before it cuts at limit, so that both do the same traversal; it
// neither sorts the levels nor gathers the edges among the nodes.
func (ix *Index) BareReach(ctx context.Context, id history.ID, hops, limit int) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	switch {
	case hops < 0:
		return 0, history.Errorf(history.CodeInvalid, "hops must not be negative, got %d", hops)
	case limit < 1:
		return 0, history.Errorf(history.CodeInvalid, "limit must be at least 1, got %d", limit)
	}
	start, err := ix.node(id)
	if err != nil {
		return 0, err
	}
	sc := ix.getScratch()
	defer ix.putScratch(sc)
	g := sc.next()
	off, nbr, seen := ix.off, ix.nbr, sc.seenF
	seen[start] = g
	queue := append(sc.queueF[:0], start)
	defer func() { sc.queueF = queue }()
	lo := 0
	for range min(hops, len(ix.ids)) {
		hi := len(queue)
		if lo == hi || hi >= limit {
			break
		}
		for _, u := range queue[lo:hi] {
			for c, end := off[u], off[u+1]; c < end; c++ {
				if v := nbr[c]; seen[v] != g {
					seen[v] = g
					queue = append(queue, v)
				}
			}
		}
		lo = hi
		if err := ctx.Err(); err != nil {
			return 0, err
		}
	}
	return min(len(queue), limit), nil
}
