package graph

import (
	"sync"

	"github.com/memoria-history/memoria/internal/history"
)

// Index is the adjacency index of one dataset. It is immutable once built
// and safe for concurrent use; it must not be copied.
type Index struct {
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

	bySource map[history.ID][]int32 // source -> the edges citing it, ascending

	pool sync.Pool // *scratch, sized for this index
}

// Len returns the number of nodes and edges.
func (ix *Index) Len() (nodes, edges int) { return len(ix.ids), len(ix.hot) }

// Has reports whether id is a node of the index.
func (ix *Index) Has(id history.ID) bool {
	_, ok := ix.num[id]
	return ok
}

// NodeNumber returns the number of node id, and whether id is a node.
// Nodes are numbered 0 to nodes-1 (see Len) in id order. With Neighbors it
// lets a traversal be written outside this package over the same
// adjacency: the bare BFS that memoria bench measures the queries against.
func (ix *Index) NodeNumber(id history.ID) (int32, bool) {
	v, ok := ix.num[id]
	return v, ok
}

// Neighbors returns the numbers of the nodes joined to node v by an edge,
// either way, in ascending order and once per edge: a node joined by two
// edges is there twice. The slice is the index's own, to read and not to
// change.
func (ix *Index) Neighbors(v int32) []int32 { return ix.nbr[ix.off[v]:ix.off[v+1]] }

// node returns the number of id, or a CodeNotFound error.
func (ix *Index) node(id history.ID) (int32, error) {
	n, ok := ix.num[id]
	if !ok {
		return 0, history.Errorf(history.CodeNotFound, "unknown id %q", id)
	}
	return n, nil
}

// degree returns the number of slots of node v.
func (ix *Index) degree(v int32) int32 { return ix.off[v+1] - ix.off[v] }

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
