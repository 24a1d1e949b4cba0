package graph

import (
	"github.com/memoria-history/memoria/internal/cow"
	"github.com/memoria-history/memoria/internal/history"
)

// delta is what the changes applied to an index since its base was built
// left different. Nodes and edges keep their numbers: new nodes are
// numbered after the base's, new edges after the base's edges, and the
// numbers of those removed stay unused. For each node whose edges changed
// it holds the node's whole new adjacency, and a bit set over the base's
// nodes says which those are, so that a traversal reaching a node the
// changes did not touch pays one bit test for it. Like the base, a delta
// is immutable: Apply makes a new one sharing all but what its change
// touched (see package cow), and never copies the base.
type delta struct {
	nb, eb, tb, mb int32 // the base's nodes, edges, edge times and terms

	nodes, edges int // live, as Len reports them

	// The nodes added, by number minus nb: id, kind, and the base position
	// each comes before in id order.
	ids   cow.Vec[history.ID]
	kinds cow.Vec[uint8]
	at    cow.Vec[int32]
	num   cow.Map[history.ID, int32] // the nodes added, by id
	gone  cow.Bits                   // nodes removed, base or added

	touched cow.Bits // base nodes whose adjacency is in adj
	adj     cow.Map[int32, *adjacency]

	// The edges added, by number minus eb, and their times, by index
	// minus tb; the terms the base did not know, by code minus mb.
	hot      cow.Vec[edgeHot]
	cold     cow.Vec[edgeCold]
	dates    cow.Vec[edgeTime]
	terms    cow.Vec[string]
	termCode cow.Map[string, uint32]
	// termEdges counts the live edges of each term the model does not
	// know, which is unknown to a filter once none uses it, as in a build.
	termEdges cow.Map[uint32, int]
	bySource  cow.Map[history.ID, cow.Vec[int32]] // the edges added that cite each source

	// dangling replaces the base's list of edges left out for want of a
	// node, for each id whose list changed.
	dangling cow.Map[history.ID, []spec]
}

// adjacency is a node's slots, as the base lays them out: neighbours in id
// order, then edges in the order a fresh build would give them.
type adjacency struct {
	nbr, via []int32
}

func newDelta(ix *Index) *delta {
	d := &delta{
		nb: int32(len(ix.ids)), eb: int32(len(ix.hot)), tb: int32(len(ix.dates)), mb: int32(len(ix.terms)),
		nodes: len(ix.ids), edges: len(ix.hot),
		num:      cow.NewMap[history.ID, int32](cow.HashString),
		adj:      cow.NewMap[int32, *adjacency](cow.HashInt32),
		termCode: cow.NewMap[string, uint32](cow.HashString),
		bySource: cow.NewMap[history.ID, cow.Vec[int32]](cow.HashString),
		dangling: cow.NewMap[history.ID, []spec](cow.HashString),
	}
	d.termEdges = cow.NewMap[uint32, int](cow.HashInt32u)
	if len(ix.terms) > ix.modelTerms {
		counts := d.termEdges.Edit()
		for _, h := range ix.hot {
			for _, c := range []uint32{h.label, h.role} {
				if int(c) >= ix.modelTerms {
					n, _ := counts.Get(c)
					counts.Set(c, n+1)
				}
			}
		}
		d.termEdges = counts.Done()
	}
	return d
}

// termUsed reports whether a term code the model does not know is used
// by a live edge.
func (d *delta) termUsed(c uint32) bool {
	n, _ := d.termEdges.Get(c)
	return n > 0
}

// holds reports whether the delta holds node v's adjacency.
func (d *delta) holds(v int32) bool { return v >= d.nb || d.touched.Has(v) }

// slots returns the adjacency the delta holds for node v.
func (d *delta) slots(v int32) (nbr, via []int32) {
	if a, _ := d.adj.Get(v); a != nil {
		return a.nbr, a.via
	}
	return nil, nil
}

// hotRef and kind read an edge and a node the delta added.
func (d *delta) hotRef(e int32) *edgeHot { return d.hot.Ref(int(e - d.eb)) }

func (d *delta) kind(v int32) uint8 { return d.kinds.At(int(v - d.nb)) }
