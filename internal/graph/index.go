package graph

import (
	"sync"

	"github.com/memoria-history/memoria/internal/history"
)

// Index is the adjacency index of one dataset. It is immutable once built
// and safe for concurrent use; it must not be copied.
//
// An Index is a base, the arrays Build lays out, and a delta of what the
// changes applied since (see Apply) left different; a base alone has none.
type Index struct {
	core
	pool sync.Pool // *scratch, sized for this index; versions use their root's
	d    *delta
	root *Index // the base whose pool this version shares; nil for a base
}

// core is what Build lays out: the base, which versions share.
type core struct {
	ids   []history.ID         // node number -> id, in id order
	kinds []uint8              // node number -> kind code (see kindCode)
	num   map[history.ID]int32 // id -> node number

	// The CSR adjacency, both directions in one list per node: the slots of
	// node v are off[v]:off[v+1], sorted by neighbour number and then by
	// edge, so that walking them visits neighbours in id order. via holds
	// the edge of each slot, complemented (^e) when v is the edge's To end,
	// which is how a traversal tells the two directions apart.
	off []int32
	nbr []int32
	via []int32

	hot   []edgeHot
	cold  []edgeCold
	dates []edgeTime // edge times; dates[0] is the unknown time

	terms    []string          // term code -> label or role; terms[0] is ""
	termCode map[string]uint32 // label or role -> term code
	// modelTerms is how many terms the model knows (see initTerms); the
	// others are known while an edge uses them.
	modelTerms int

	bySource map[history.ID][]int32 // source -> the edges citing it, ascending

	// dangling holds the edges Build left out because an end is not a
	// node, by that end, so that a node added later gets them.
	dangling map[history.ID][]spec
}

// Len returns the number of nodes and edges.
func (ix *Index) Len() (nodes, edges int) {
	if ix.d != nil {
		return ix.d.nodes, ix.d.edges
	}
	return len(ix.ids), len(ix.hot)
}

// Has reports whether id is a node of the index.
func (ix *Index) Has(id history.ID) bool {
	_, ok := ix.number(id)
	return ok
}

// NodeNumber returns the number of node id, and whether id is a node.
// The nodes of a base are numbered 0 to nodes-1 (see Len) in id order;
// nodes that changes added (see Apply) come after them, and the numbers of
// nodes they removed stay unused. With Neighbors it lets a traversal be
// written outside this package over the same adjacency: the bare BFS that
// memoria bench measures the queries against.
func (ix *Index) NodeNumber(id history.ID) (int32, bool) { return ix.number(id) }

// Neighbors returns the numbers of the nodes joined to node v by an edge,
// either way, in id order and once per edge: a node joined by two edges is
// there twice. The slice is the index's own, to read and not to change.
func (ix *Index) Neighbors(v int32) []int32 {
	nbr, _ := ix.adj(v)
	return nbr
}

// node returns the number of id, or a CodeNotFound error.
func (ix *Index) node(id history.ID) (int32, error) {
	n, ok := ix.number(id)
	if !ok {
		return 0, history.Errorf(history.CodeNotFound, "unknown id %q", id)
	}
	return n, nil
}

// kindCode numbers a kind by its place in history.Kinds(); kinds the model
// does not know share the last code.
func kindCode(k history.Kind) uint8 {
	for i, known := range history.Kinds() {
		if k == known {
			return uint8(i)
		}
	}
	return uint8(len(history.Kinds()))
}
