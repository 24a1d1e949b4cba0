package graph

import (
	"context"

	"github.com/memoria-history/memoria/internal/stamp"
)

// scratch is the working memory of one traversal, borrowed from the index's
// pool so that a query allocates nothing per node it visits. Marks are
// generation stamps: a node is marked when its stamp equals the current
// generation, so starting a traversal is one increment instead of clearing
// arrays as long as the graph.
type scratch struct {
	gen          uint32
	seenF, seenB []uint32 // visited from the start / from the goal
	mark         []uint32 // dead ends of a path, members of a subgraph
	distF, distB []int32  // hops from the start / to the goal
	banGen       uint32
	banned       []uint32 // nodes a spur search of KShortestPaths may not use
	queueF       []int32
	queueB       []int32
	path         []int32  // nodes of the path being extracted
	slots        []int32  // the via of the slot crossed to reach path[i+1] from path[i]
	cursor       []int32  // the next of path[i]'s slots to try
	edges        []int32  // edges found for a subgraph
	labels       []bool   // the compiled Labels filter
	cites        []uint64 // the compiled Source filter: one bit per edge, made when first needed
	edges0       int      // the base's edges, which cites is first made for
	visits       int      // nodes visited since the last context check
}

func newScratch(nodes, terms, edges int) *scratch {
	return &scratch{
		seenF:  make([]uint32, nodes),
		seenB:  make([]uint32, nodes),
		mark:   make([]uint32, nodes),
		distF:  make([]int32, nodes),
		distB:  make([]int32, nodes),
		banned: make([]uint32, nodes),
		labels: make([]bool, terms),
		edges0: edges,
	}
}

// getScratch borrows a scratch from the base's pool, grown if the changes
// applied since have added nodes or terms.
func (ix *Index) getScratch() *scratch {
	sc := ix.scratchPool().Get().(*scratch)
	if ix.d != nil {
		sc.fit(ix.numbers(), ix.termCount())
	}
	return sc
}

func (ix *Index) putScratch(s *scratch) { ix.scratchPool().Put(s) }

// fit grows the marks to nodes and the label table to terms, with room
// for more, so that a scratch grows rarely as changes add nodes. New marks
// are zero, which no generation is.
func (s *scratch) fit(nodes, terms int) {
	if len(s.seenF) < nodes {
		n := nodes + nodes/16 + 64
		s.seenF, s.seenB, s.mark, s.banned = make([]uint32, n), make([]uint32, n), make([]uint32, n), make([]uint32, n)
		s.distF, s.distB = make([]int32, n), make([]int32, n)
	}
	if len(s.labels) < terms {
		s.labels = make([]bool, terms+8)
	}
}

// citesFor returns the Source filter's bit set, cleared, for edges edge
// numbers.
func (s *scratch) citesFor(edges int) []uint64 {
	words := (edges + 63) / 64
	if len(s.cites) < words {
		s.cites = make([]uint64, max(words, (s.edges0+63)/64)+words/16)
	}
	c := s.cites[:words]
	clear(c)
	return c
}

// next starts a traversal: it returns a generation no node is marked with.
func (s *scratch) next() uint32 { return stamp.Next(&s.gen, s.seenF, s.seenB, s.mark) }

// nextBan starts a new set of banned nodes.
func (s *scratch) nextBan() uint32 { return stamp.Next(&s.banGen, s.banned) }

// checkEvery is how many visited nodes pass between context checks: often
// enough to stop a big traversal within a fraction of a millisecond, rarely
// enough to cost nothing.
const checkEvery = 4096

// visit counts a visited node and checks ctx every checkEvery visits.
func (s *scratch) visit(ctx context.Context) error {
	s.visits++
	if s.visits < checkEvery {
		return nil
	}
	s.visits = 0
	return ctx.Err()
}
