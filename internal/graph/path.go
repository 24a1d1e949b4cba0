package graph

import (
	"context"
	"slices"

	"github.com/memoria-history/memoria/internal/history"
)

// Step is one edge of a path, crossed from From to To.
type Step struct {
	From, To history.ID
	Edge     Edge
	// Forward is true when the step crosses the edge in its own direction
	// (From is Edge.From).
	Forward bool
}

// Path is a walk through the graph: Nodes in order, and the Steps between
// them, so len(Steps) == len(Nodes)-1.
type Path struct {
	Nodes []history.ID
	Steps []Step
}

// Len returns the number of steps.
func (p Path) Len() int { return len(p.Steps) }

// ShortestPath returns a shortest path from one node to another of at most
// maxHops steps, and false if there is none. Of several equally short paths
// it returns the one whose nodes, read from the start, come first in id
// order, and between two nodes it crosses the first edge that passes the
// filter; so the answer does not depend on how the search ran.
//
// It searches from both ends at once, a level at a time, always from the
// side whose next level is cheaper, which visits far fewer nodes than a
// search from one end in a graph where a few nodes have most of the edges.
func (ix *Index) ShortestPath(ctx context.Context, from, to history.ID, maxHops int, f Filter) (Path, bool, error) {
	if err := ctx.Err(); err != nil {
		return Path{}, false, err
	}
	src, dst, err := ix.endpoints(from, to, maxHops)
	if err != nil {
		return Path{}, false, err
	}
	sc := ix.getScratch()
	defer ix.putScratch(sc)
	q, err := ix.compile(f, sc)
	if err != nil {
		return Path{}, false, err
	}
	s := search{ix: ix, q: &q, sc: sc, ctx: ctx, src: src, dst: dst, spur: -1}
	found, err := s.run(min(maxHops, ix.numbers()))
	if err != nil || !found {
		return Path{}, false, err
	}
	if !s.extract() {
		return Path{}, false, history.Errorf(history.CodeInternal, "shortest path from %q to %q: path lost after the search", from, to)
	}
	return ix.makePath(sc.path, sc.slots), true, nil
}

// endpoints checks the arguments common to the path queries.
func (ix *Index) endpoints(from, to history.ID, maxHops int) (src, dst int32, err error) {
	if maxHops < 0 {
		return 0, 0, history.Errorf(history.CodeInvalid, "maxHops must not be negative, got %d", maxHops)
	}
	if src, err = ix.node(from); err != nil {
		return 0, 0, err
	}
	if dst, err = ix.node(to); err != nil {
		return 0, 0, err
	}
	return src, dst, nil
}

// makePath materialises a path given as node numbers and the slots
// crossed (their via values).
func (ix *Index) makePath(nodes, slots []int32) Path {
	p := Path{Nodes: make([]history.ID, len(nodes)), Steps: make([]Step, len(slots))}
	for i, v := range nodes {
		p.Nodes[i] = ix.idOf(v)
	}
	for i, c := range slots {
		e, fwd := c, true
		if e < 0 {
			e, fwd = ^e, false
		}
		p.Steps[i] = Step{From: p.Nodes[i], To: p.Nodes[i+1], Edge: ix.edge(e), Forward: fwd}
	}
	return p
}

// search is one shortest-path search between two nodes: a bidirectional
// breadth-first search (run) followed by the extraction of the first
// shortest path in id order (extract). For the spur searches of
// KShortestPaths it can also avoid banned nodes and steps.
type search struct {
	ix       *Index
	q        *query
	sc       *scratch
	ctx      context.Context
	src, dst int32
	gen      uint32
	df, db   int32 // levels reached from the start and from the goal

	banGen   uint32  // nodes with this stamp in sc.banned may not be used; 0: none
	spur     int32   // the node whose steps to spurNext are banned; -1: none
	spurNext []int32 // neighbours of spur the search may not step to
}

// allowed reports whether the search may reach v.
func (s *search) allowed(v int32) bool {
	if v == s.src || v == s.dst {
		return true
	}
	if s.banGen != 0 && s.sc.banned[v] == s.banGen {
		return false
	}
	return s.q.kindOK(v)
}

// stepOK reports whether a path may step from a to b.
func (s *search) stepOK(a, b int32) bool {
	return a != s.spur || !slices.Contains(s.spurNext, b)
}

// run searches level by level from both ends until the two searches meet
// or maxHops levels have been searched between them.
//
// Before a level is added the two balls searched so far are disjoint, so
// the distance is more than df+db. When a new level touches the other
// ball, the distance is df+db (counting the new level) and the nodes where
// they touch, the meeting nodes, lie on the other ball's outer level: every
// shortest path passes through exactly one of them.
func (s *search) run(maxHops int) (bool, error) {
	sc, ix := s.sc, s.ix
	s.gen = sc.next()
	g := s.gen
	sc.seenF[s.src], sc.distF[s.src] = g, 0
	sc.seenB[s.dst], sc.distB[s.dst] = g, 0
	sc.queueF = append(sc.queueF[:0], s.src)
	sc.queueB = append(sc.queueB[:0], s.dst)
	s.df, s.db = 0, 0
	if s.src == s.dst {
		return true, nil
	}
	loF, loB := 0, 0
	workF, workB := ix.degree(s.src), ix.degree(s.dst)
	for int(s.df+s.db) < maxHops {
		if loF == len(sc.queueF) || loB == len(sc.queueB) {
			return false, nil // one side has nowhere left to go
		}
		var met bool
		var err error
		if workF <= workB {
			hi := len(sc.queueF)
			s.df++
			sc.queueF, workF, met, err = s.expand(sc.queueF, loF, s.q.dir, sc.seenF, sc.distF, sc.seenB, s.df, true)
			loF = hi
		} else {
			hi := len(sc.queueB)
			s.db++
			sc.queueB, workB, met, err = s.expand(sc.queueB, loB, s.q.dir.reverse(), sc.seenB, sc.distB, sc.seenF, s.db, false)
			loB = hi
		}
		if err != nil || met {
			return met, err
		}
	}
	return false, nil
}

// expand adds the next level to one side's queue: the unseen, allowed
// neighbours of the nodes in queue[lo:]. It returns the queue, the number
// of slots of the new level (the cost of expanding it in turn) and whether
// the new level touches the other side.
//
// This loop is where a search spends its time, so the common case, no
// filter and no bans, reads nothing but the adjacency and the marks, and a
// node that no change touched costs one bit test more than in a base.
func (s *search) expand(queue []int32, lo int, dir Direction, seen []uint32, dist []int32, other []uint32, level int32, forward bool) ([]int32, int32, bool, error) {
	// adj and degree, by hand: they are too large to be inlined.
	off, nbrs, vias, d, g := s.ix.off, s.ix.nbr, s.ix.via, s.ix.d, s.gen
	hi := len(queue)
	var work int32
	met := false
	plain := s.q.plain() && s.banGen == 0 && s.spur < 0
	visits := s.sc.visits
	for _, u := range queue[lo:hi] {
		var nbr, via []int32
		if d != nil && d.holds(u) {
			nbr, via = d.slots(u)
		} else {
			nbr, via = nbrs[off[u]:off[u+1]], vias[off[u]:off[u+1]]
		}
		for c, v := range nbr {
			if seen[v] == g {
				continue
			}
			if !plain {
				if _, ok := s.q.slot(via[c], dir); !ok || !s.allowed(v) {
					continue
				}
				if forward && !s.stepOK(u, v) || !forward && !s.stepOK(v, u) {
					continue
				}
			}
			seen[v], dist[v] = g, level
			queue = append(queue, v)
			// work only chooses the side to expand next: a base node a
			// change touched counts its degree in the base, which spares
			// a lookup in the delta for each node reached, most of a
			// search's time once the delta holds a few thousand records.
			if d != nil && v >= d.nb {
				n, _ := d.slots(v)
				work += int32(len(n))
			} else {
				work += off[v+1] - off[v]
			}
			if other[v] == g {
				met = true
			}
			if visits++; visits >= checkEvery {
				visits = 0
				if err := s.ctx.Err(); err != nil {
					return queue, work, false, err
				}
			}
		}
	}
	s.sc.visits = visits
	return queue, work, met, nil
}

// extract puts the first shortest path in id order into sc.path and
// sc.slots, after run has found that one exists.
//
// From the start it goes depth-first through the forward ball, trying
// neighbours in id order, to the first meeting node it can reach in df
// steps, marking the nodes that lead to none as dead so that none is tried
// twice. From there every neighbour one level nearer the goal in the
// backward ball leads to the goal, so it takes the first at each step.
// Choosing the smallest feasible node at every position gives the
// lexicographically first shortest path, the same one a plain
// breadth-first search from the start with sorted neighbours finds.
func (s *search) extract() bool {
	ix, q, sc, g := s.ix, s.q, s.sc, s.gen
	path := append(sc.path[:0], s.src)
	slots := sc.slots[:0]
	cursor := append(sc.cursor[:0], 0) // the next of path[i]'s slots to try
	defer func() { sc.path, sc.slots, sc.cursor = path, slots, cursor }()
	for int32(len(path)-1) < s.df {
		i := len(path) - 1
		u, want := path[i], int32(i+1)
		nbr, via := ix.adj(u)
		next := int32(-1)
		for c := cursor[i]; c < int32(len(nbr)); c++ {
			v := nbr[c]
			if sc.seenF[v] != g || sc.distF[v] != want || sc.mark[v] == g {
				continue
			}
			if want == s.df && (sc.seenB[v] != g || sc.distB[v] != s.db) {
				continue
			}
			if _, ok := q.slot(via[c], q.dir); !ok || !s.stepOK(u, v) {
				continue
			}
			next, cursor[i] = c, c+1
			break
		}
		if next < 0 {
			sc.mark[u] = g
			if i == 0 {
				return false
			}
			path, slots, cursor = path[:i], slots[:i-1], cursor[:i]
			continue
		}
		path, slots, cursor = append(path, nbr[next]), append(slots, via[next]), append(cursor, 0)
	}
	for j := s.db; j > 0; j-- {
		u := path[len(path)-1]
		nbr, via := ix.adj(u)
		next := -1
		for c, v := range nbr {
			if sc.seenB[v] != g || sc.distB[v] != j-1 {
				continue
			}
			if _, ok := q.slot(via[c], q.dir); !ok || !s.stepOK(u, v) {
				continue
			}
			next = c
			break
		}
		if next < 0 {
			return false
		}
		path, slots = append(path, nbr[next]), append(slots, via[next])
	}
	return true
}
