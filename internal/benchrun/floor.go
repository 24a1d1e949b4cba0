package benchrun

import (
	"context"
	"math"

	"github.com/memoria-history/memoria/internal/graph"
	"github.com/memoria-history/memoria/internal/history"
)

// floor holds the bare traversals that bench measures Memoria's own
// queries against: the same question asked of the same adjacency
// (graph.Index's NodeNumber and Neighbors) with nothing else done. No
// filter is compiled or checked, no path is extracted in id order, no edge
// is materialised and nothing is allocated once the queues have grown. The
// gap between them and ShortestPath or Neighborhood is the price of the
// answers' content (citations, tie-breaking, edges), and the gap between
// them and a request over HTTP is the price of GraphQL and the network.
//
// A floor is not safe for concurrent use: bench asks one question at a
// time.
type floor struct {
	ix *graph.Index
	// mark holds each node's stamp. A search takes stamps no node carries
	// yet, one per side, so that starting one is an increment rather than
	// a clearing of arrays as long as the graph; a node reached from one
	// side is never marked from the other, since the search ends there.
	mark           []uint32
	stamp          uint32 // the last stamp taken
	queueF, queueB []int32
}

func newFloor(ix *graph.Index) *floor {
	nodes, _ := ix.Len()
	return &floor{ix: ix, mark: make([]uint32, nodes)}
}

// stamps returns two stamps that no node carries.
func (f *floor) stamps() (uint32, uint32) {
	if f.stamp > math.MaxUint32-2 {
		clear(f.mark)
		f.stamp = 0
	}
	f.stamp += 2
	return f.stamp - 1, f.stamp
}

// node returns the number of id, or a CodeNotFound error.
func (f *floor) node(id history.ID) (int32, error) {
	v, ok := f.ix.NodeNumber(id)
	if !ok {
		return 0, history.Errorf(history.CodeNotFound, "unknown id %q", id)
	}
	return v, nil
}

// distance returns the length of a shortest path from one node to another
// of at most maxHops steps, and false if there is none. It runs the search
// ShortestPath runs (breadth first from both ends, a level at a time,
// always from the side whose next level is cheaper), so that bench
// compares the work around the search, not two algorithms, and stops at
// the first meeting: the length is all it reports.
func (f *floor) distance(ctx context.Context, from, to history.ID, maxHops int) (int, bool, error) {
	if err := ctx.Err(); err != nil {
		return 0, false, err
	}
	if maxHops < 0 {
		return 0, false, history.Errorf(history.CodeInvalid, "maxHops must not be negative, got %d", maxHops)
	}
	src, err := f.node(from)
	if err != nil {
		return 0, false, err
	}
	dst, err := f.node(to)
	if err != nil {
		return 0, false, err
	}
	if src == dst {
		return 0, true, nil
	}
	fs, bs := f.stamps()
	f.mark[src], f.mark[dst] = fs, bs
	fwd := floorSide{queue: append(f.queueF[:0], src), stamp: fs, work: len(f.ix.Neighbors(src))}
	bwd := floorSide{queue: append(f.queueB[:0], dst), stamp: bs, work: len(f.ix.Neighbors(dst))}
	defer func() { f.queueF, f.queueB = fwd.queue, bwd.queue }()
	for hops := 1; hops <= maxHops; hops++ {
		if fwd.done() || bwd.done() {
			return 0, false, nil // one side has nowhere left to go
		}
		var met bool
		if fwd.work <= bwd.work {
			met = f.level(&fwd, bs)
		} else {
			met = f.level(&bwd, fs)
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

// floorSide is one end of a distance search: its queue, the start of its
// outer level in the queue, its stamp, and the number of neighbours its
// outer level has (the cost of expanding it).
type floorSide struct {
	queue []int32
	lo    int
	stamp uint32
	work  int
}

// done reports whether the side's outer level is empty.
func (s *floorSide) done() bool { return s.lo == len(s.queue) }

// level adds the next level to one side and reports whether it reaches a
// node stamped other, the other side's. It returns at the first touch,
// leaving the level half built, since the search ends there.
func (f *floor) level(s *floorSide, other uint32) bool {
	mark, own := f.mark, s.stamp
	hi := len(s.queue)
	s.work = 0
	for _, u := range s.queue[s.lo:hi] {
		for _, v := range f.ix.Neighbors(u) {
			switch mark[v] {
			case own:
				continue
			case other:
				return true
			}
			mark[v] = own
			s.queue = append(s.queue, v)
			s.work += len(f.ix.Neighbors(v))
		}
	}
	s.lo = hi
	return false
}

// reach returns how many nodes lie within hops steps of id, id included,
// but at most limit: the size of the node set Neighborhood returns with
// the zero Filter. Like Neighborhood it reads each level whole before it
// cuts at limit, so that both do the same traversal; it neither sorts the
// levels nor gathers the edges among the nodes.
func (f *floor) reach(ctx context.Context, id history.ID, hops, limit int) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	switch {
	case hops < 0:
		return 0, history.Errorf(history.CodeInvalid, "hops must not be negative, got %d", hops)
	case limit < 1:
		return 0, history.Errorf(history.CodeInvalid, "limit must be at least 1, got %d", limit)
	}
	start, err := f.node(id)
	if err != nil {
		return 0, err
	}
	seen, _ := f.stamps()
	mark := f.mark
	mark[start] = seen
	queue := append(f.queueF[:0], start)
	defer func() { f.queueF = queue }()
	lo := 0
	for range min(hops, len(mark)) {
		hi := len(queue)
		if lo == hi || hi >= limit {
			break
		}
		for _, u := range queue[lo:hi] {
			for _, v := range f.ix.Neighbors(u) {
				if mark[v] != seen {
					mark[v] = seen
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
