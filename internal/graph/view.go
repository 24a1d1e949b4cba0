package graph

import (
	"cmp"
	"slices"
	"sync"

	"github.com/memoria-history/memoria/internal/history"
)

// The index read through its delta: every traversal reads nodes, slots
// and edges through these, which read the base's arrays directly for all
// that the delta does not hold.

// numbers returns how many node numbers are in use, removed ones
// included: the size of a traversal's marks.
func (ix *Index) numbers() int {
	if ix.d == nil {
		return len(ix.ids)
	}
	return len(ix.ids) + ix.d.ids.Len()
}

// number returns the number of node id, and whether id is a node.
func (ix *Index) number(id history.ID) (int32, bool) {
	v, ok := ix.num[id]
	d := ix.d
	if d == nil {
		return v, ok
	}
	if !ok {
		if v, ok = d.num.Get(id); !ok {
			return 0, false
		}
	}
	return v, !d.gone.Has(v)
}

// adj returns the neighbours of node v and the edges to them. It is
// small enough to inline, so that a node the delta does not hold costs a
// bit test.
func (ix *Index) adj(v int32) (nbr, via []int32) {
	if ix.d != nil && ix.d.holds(v) {
		return ix.d.slots(v)
	}
	lo, hi := ix.off[v], ix.off[v+1]
	return ix.nbr[lo:hi], ix.via[lo:hi]
}

// degree returns the number of slots of node v.
func (ix *Index) degree(v int32) int32 {
	if ix.d != nil && ix.d.holds(v) {
		nbr, _ := ix.d.slots(v)
		return int32(len(nbr))
	}
	return ix.off[v+1] - ix.off[v]
}

// idOf returns the id of node v.
func (ix *Index) idOf(v int32) history.ID {
	if int(v) < len(ix.ids) {
		return ix.ids[v]
	}
	return ix.d.ids.At(int(v - ix.d.nb))
}

// hotOf and coldOf return the two halves of edge e.
func (ix *Index) hotOf(e int32) *edgeHot {
	if int(e) < len(ix.hot) {
		return &ix.hot[e]
	}
	return ix.d.hot.Ref(int(e - ix.d.eb))
}

func (ix *Index) coldOf(e int32) *edgeCold {
	if int(e) < len(ix.cold) {
		return &ix.cold[e]
	}
	return ix.d.cold.Ref(int(e - ix.d.eb))
}

// timeOf returns the edge time with index i.
func (ix *Index) timeOf(i int32) *edgeTime {
	if int(i) < len(ix.dates) {
		return &ix.dates[i]
	}
	return ix.d.dates.Ref(int(i - ix.d.tb))
}

// termOf returns the label or role with code c.
func (ix *Index) termOf(c uint32) string {
	if int(c) < len(ix.terms) {
		return ix.terms[c]
	}
	return ix.d.terms.At(int(int32(c) - ix.d.mb))
}

// termCodeOf returns the code of a label or role.
func (ix *Index) termCodeOf(s string) (uint32, bool) {
	if c, ok := ix.termCode[s]; ok || ix.d == nil {
		return c, ok
	}
	return ix.d.termCode.Get(s)
}

// termCount and edgeCount are the numbers of term codes and edge numbers
// in use: the sizes of a filter's tables.
func (ix *Index) termCount() int {
	if ix.d == nil {
		return len(ix.terms)
	}
	return len(ix.terms) + ix.d.terms.Len()
}

func (ix *Index) edgeCount() int {
	if ix.d == nil {
		return len(ix.hot)
	}
	return len(ix.hot) + ix.d.hot.Len()
}

// cmpNode orders nodes by id. Node numbers of the base follow ids; a node
// a change added sorts by the base position it comes before, and by id
// among the nodes added before one position.
func (ix *Index) cmpNode(u, v int32) int {
	d := ix.d
	if d == nil || u < d.nb && v < d.nb {
		return cmp.Compare(u, v)
	}
	if c := cmp.Compare(ix.orderKey(u), ix.orderKey(v)); c != 0 {
		return c
	}
	return cmp.Compare(ix.idOf(u), ix.idOf(v))
}

// orderKey places base node v at 2v+1 and an added node at twice the base
// position it comes before, so that the two interleave in id order.
func (ix *Index) orderKey(v int32) int64 {
	if v < ix.d.nb {
		return 2*int64(v) + 1
	}
	return 2 * int64(ix.d.at.At(int(v-ix.d.nb)))
}

// sortNodes puts node numbers in id order.
func (ix *Index) sortNodes(vs []int32) {
	if ix.d == nil || ix.d.ids.Len() == 0 {
		slices.Sort(vs)
		return
	}
	slices.SortFunc(vs, ix.cmpNode)
}

// inOrder calls fn with every live node in id order until fn returns
// false.
func (ix *Index) inOrder(fn func(v int32) bool) {
	d := ix.d
	if d == nil {
		for v := range int32(len(ix.ids)) {
			if !fn(v) {
				return
			}
		}
		return
	}
	added := make([]int32, 0, d.ids.Len())
	for i := range d.ids.Len() {
		if v := d.nb + int32(i); !d.gone.Has(v) {
			added = append(added, v)
		}
	}
	slices.SortFunc(added, ix.cmpNode)
	j := 0
	for v := range d.nb {
		for ; j < len(added) && d.at.At(int(added[j]-d.nb)) <= v; j++ {
			if !fn(added[j]) {
				return
			}
		}
		if !d.gone.Has(v) && !fn(v) {
			return
		}
	}
	for ; j < len(added); j++ {
		if !fn(added[j]) {
			return
		}
	}
}

// scratchPool is the pool of the base this index is a version of.
func (ix *Index) scratchPool() *sync.Pool {
	if ix.root != nil {
		return &ix.root.pool
	}
	return &ix.pool
}
