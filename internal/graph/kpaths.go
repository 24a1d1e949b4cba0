package graph

import (
	"context"
	"slices"

	"github.com/memoria-history/memoria/internal/history"
)

// MaxPaths is the most paths KShortestPaths returns: each costs up to
// maxHops searches, and the number of loopless paths between two nodes
// grows exponentially with their length.
const MaxPaths = 1000

// KShortestPaths returns up to k loopless paths (no node twice) of at most
// maxHops steps from one node to another, shortest first, and paths of
// equal length in id order of their nodes. Paths differ in their nodes;
// between two nodes a path crosses the first edge that passes the filter,
// and Edges lists the others.
//
// It is Yen's algorithm: each next path branches off one already found at
// some node (the spur), keeps the found path up to there (the root) and
// continues by a shortest path that uses neither a root node nor a step
// that another found path with the same root takes from the spur.
func (ix *Index) KShortestPaths(ctx context.Context, from, to history.ID, maxHops, k int, f Filter) ([]Path, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	src, dst, err := ix.endpoints(from, to, maxHops)
	if err != nil {
		return nil, err
	}
	switch {
	case k < 1:
		return nil, history.Errorf(history.CodeInvalid, "k must be at least 1, got %d", k)
	case k > MaxPaths:
		return nil, history.Errorf(history.CodeLimit, "k must be at most %d, got %d", MaxPaths, k)
	}
	maxHops = min(maxHops, ix.numbers())
	sc := ix.getScratch()
	defer ix.putScratch(sc)
	q, err := ix.compile(f, sc)
	if err != nil {
		return nil, err
	}
	y := yen{ix: ix, q: &q, sc: sc, ctx: ctx, dst: dst, maxHops: maxHops}
	found, err := y.paths(src, k)
	if err != nil {
		return nil, err
	}
	out := make([]Path, len(found))
	for i, p := range found {
		out[i] = ix.makePath(p.nodes, p.slots)
	}
	return out, nil
}

// rawPath is a path as node numbers and the slots crossed between them.
type rawPath struct {
	nodes, slots []int32
}

// before orders paths by length and then by their nodes in id order.
func (ix *Index) before(p, o rawPath) bool {
	if len(p.nodes) != len(o.nodes) {
		return len(p.nodes) < len(o.nodes)
	}
	return slices.CompareFunc(p.nodes, o.nodes, ix.cmpNode) < 0
}

type yen struct {
	ix      *Index
	q       *query
	sc      *scratch
	ctx     context.Context
	dst     int32
	maxHops int
	next    []int32 // steps banned from the spur
}

// shortest runs one search and copies out the path it finds.
func (y *yen) shortest(s *search, maxHops int, prefix rawPath) (rawPath, bool, error) {
	found, err := s.run(maxHops)
	if err != nil || !found {
		return rawPath{}, false, err
	}
	if !s.extract() {
		return rawPath{}, false, history.Errorf(history.CodeInternal, "k shortest paths: path lost after the search")
	}
	p := rawPath{
		nodes: append(slices.Clip(prefix.nodes), y.sc.path...),
		slots: append(slices.Clip(prefix.slots), y.sc.slots...),
	}
	return p, true, nil
}

func (y *yen) paths(src int32, k int) ([]rawPath, error) {
	s := search{ix: y.ix, q: y.q, sc: y.sc, ctx: y.ctx, src: src, dst: y.dst, spur: -1}
	first, ok, err := y.shortest(&s, y.maxHops, rawPath{})
	if err != nil || !ok {
		return nil, err
	}
	found := []rawPath{first}
	var candidates []rawPath
	for len(found) < k {
		prev := found[len(found)-1]
		for i := 0; i < len(prev.nodes)-1; i++ {
			if err := y.ctx.Err(); err != nil {
				return nil, err
			}
			spur, root := prev.nodes[i], prev.nodes[:i+1]
			ban := y.sc.nextBan()
			for _, v := range prev.nodes[:i] {
				y.sc.banned[v] = ban
			}
			y.next = y.next[:0]
			for _, p := range found {
				if len(p.nodes) > i+1 && slices.Equal(p.nodes[:i+1], root) {
					y.next = append(y.next, p.nodes[i+1])
				}
			}
			s := search{ix: y.ix, q: y.q, sc: y.sc, ctx: y.ctx, src: spur, dst: y.dst, banGen: ban, spur: spur, spurNext: y.next}
			p, ok, err := y.shortest(&s, y.maxHops-i, rawPath{nodes: prev.nodes[:i], slots: prev.slots[:i]})
			if err != nil {
				return nil, err
			}
			if ok && !containsPath(found, p) && !containsPath(candidates, p) {
				candidates = append(candidates, p)
			}
		}
		if len(candidates) == 0 {
			break
		}
		best := 0
		for j := range candidates {
			if y.ix.before(candidates[j], candidates[best]) {
				best = j
			}
		}
		found = append(found, candidates[best])
		candidates = slices.Delete(candidates, best, best+1)
	}
	return found, nil
}

func containsPath(ps []rawPath, p rawPath) bool {
	for _, o := range ps {
		if slices.Equal(o.nodes, p.nodes) {
			return true
		}
	}
	return false
}
