package graph

import "github.com/memoria-history/memoria/internal/history"

// What an applier reads of the index as its change leaves it so far: the
// base, the old delta, and what the change has added.

// number returns the number of a live node, as the change leaves it so far.
func (a *applier) number(id history.ID) (int32, bool) {
	v, ok := a.ix.num[id]
	if !ok {
		if v, ok = a.num.Get(id); !ok {
			return 0, false
		}
	}
	return v, !a.gone.Has(v)
}

func (a *applier) idOf(v int32) history.ID {
	if v < a.d.nb {
		return a.ix.ids[v]
	}
	return a.ids.At(int(v - a.d.nb))
}

func (a *applier) coldOf(e int32) *edgeCold {
	if e < a.d.eb {
		return &a.ix.cold[e]
	}
	c := a.cold.At(int(e - a.d.eb))
	return &c
}

func (a *applier) hotOf(e int32) edgeHot {
	if e < a.d.eb {
		return a.ix.hot[e]
	}
	return a.hot.At(int(e - a.d.eb))
}

func (a *applier) pending(v int32) *pending {
	p := a.pend[v]
	if p == nil {
		p = &pending{drop: map[int32]bool{}}
		a.pend[v] = p
	}
	return p
}

// adjBefore returns node v's slots before the change.
func (a *applier) adjBefore(v int32) (nbr, via []int32) {
	if a.d.holds(v) {
		if x, _ := a.d.adj.Get(v); x != nil {
			return x.nbr, x.via
		}
		return nil, nil
	}
	lo, hi := a.ix.off[v], a.ix.off[v+1]
	return a.ix.nbr[lo:hi], a.ix.via[lo:hi]
}

// slots calls fn with node v's slots before the change, less the edges
// the change has taken away so far.
func (a *applier) slots(v int32, fn func(nbr, e int32, from bool)) {
	nbr, via := a.adjBefore(v)
	drop := a.pend[v]
	for i, w := range nbr {
		e, from := via[i], true
		if e < 0 {
			e, from = ^e, false
		}
		if drop == nil || !drop.drop[e] {
			fn(w, e, from)
		}
	}
}

func (a *applier) danglingOf(id history.ID) []spec {
	if l, ok := a.dangling[id]; ok {
		return l
	}
	if l, ok := a.d.dangling.Get(id); ok {
		return l
	}
	return a.ix.dangling[id]
}

func (a *applier) termOf(c uint32) string {
	if int32(c) < a.d.mb {
		return a.ix.terms[c]
	}
	return a.terms.At(int(int32(c) - a.d.mb))
}

func (a *applier) termCodeOf(s string) (uint32, bool) {
	if c, ok := a.ix.termCode[s]; ok {
		return c, ok
	}
	return a.termCode.Get(s)
}

// term returns the code of a label or role, giving it one if it has none.
func (a *applier) term(s string) uint32 {
	if c, ok := a.termCodeOf(s); ok {
		return c
	}
	c := uint32(a.d.mb) + uint32(a.terms.Len())
	a.terms.Append(s)
	a.termCode.Set(s, c)
	return c
}

func (a *applier) timeOf(i int32) *edgeTime {
	if i < a.d.tb {
		return &a.ix.dates[i]
	}
	t := a.dates.At(int(i - a.d.tb))
	return &t
}
