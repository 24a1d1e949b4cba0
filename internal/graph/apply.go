package graph

import (
	"cmp"
	"reflect"
	"slices"
	"sort"

	"github.com/memoria-history/memoria/internal/cow"
	"github.com/memoria-history/memoria/internal/history"
)

// Records is what Apply reads of the records a change left, beyond the
// change itself: the catalog after it, in a server.
type Records interface {
	Entity(id history.ID) (*history.Entity, bool)
	Event(id history.ID) (*history.Event, bool)
	Relations(id history.ID) []*history.Relation
}

// Apply returns an index with the edits applied: the edges of the
// statements they replace taken away, their nodes removed or added, and
// the edges of the new statements added, as if the index had been built
// from the dataset the change left. now holds the records after the change:
// a relation ends with its parties, and a causal link stated by both its
// events is drawn once, so a change to one record can change the edges of
// another (see restated). ix is unchanged and may still be read.
//
// An edit's Old must be the record the index was built or last changed
// with (nil if none): its edges are found from it. The work grows with the
// size of the change and with the degree of the nodes it touches, not with
// the graph. The index answers exactly as one built afresh when its base
// was built from records in id order, as the store gives them: that order
// numbers the edges between two nodes.
func (ix *Index) Apply(ed *history.Edits, now Records) *Index {
	d := ix.d
	if d == nil {
		d = newDelta(ix)
	}
	a := newApplier(ix, d)
	// A statement whose edges the change leaves as they were (a note or a
	// description corrected) is left alone.
	relations := slices.DeleteFunc(slices.Clone(ed.Relations), func(e history.Edit[history.Relation]) bool {
		return e.Old != nil && e.New != nil && reflect.DeepEqual(relationEdge(e.Old, nil), relationEdge(e.New, nil))
	})
	events := slices.DeleteFunc(slices.Clone(ed.Events), func(e history.Edit[history.Event]) bool {
		return e.Old != nil && e.New != nil && reflect.DeepEqual(specs(e.Old), specs(e.New))
	})
	relations, events = restated(relations, events, ed.Entities, now)
	look := lookup{now}
	for _, e := range relations {
		if e.Old != nil {
			a.unstate(relationEdge(e.Old, nil))
		}
	}
	for _, e := range events {
		if e.Old != nil {
			eventEdges(e.Old, nil, a.unstate)
		}
	}
	for _, e := range ed.Entities {
		if isNode(e.Old) && !isNode(e.New) {
			a.removeNode(e.ID)
		}
	}
	for _, e := range events {
		if e.Old != nil && e.New == nil {
			a.removeNode(e.ID)
		}
	}
	for _, e := range ed.Entities {
		if !isNode(e.Old) && isNode(e.New) {
			a.addNode(e.ID, e.New.Kind)
		}
	}
	for _, e := range events {
		if e.Old == nil && e.New != nil {
			a.addNode(e.ID, history.KindEvent)
		}
	}
	for _, e := range relations {
		if e.New != nil {
			a.state(relationEdge(e.New, look))
		}
	}
	for _, e := range events {
		if e.New != nil {
			eventEdges(e.New, look, a.state)
		}
	}
	a.layout()
	root := ix.root
	if root == nil {
		root = ix
	}
	return &Index{core: ix.core, d: a.done(), root: root}
}

// specs lists the edges an event makes.
func specs(e *history.Event) []spec {
	var out []spec
	eventEdges(e, nil, func(s spec) { out = append(out, s) })
	return out
}

// isNode reports whether an entity is a node: sources are not.
func isNode(e *history.Entity) bool { return e != nil && e.Kind != history.KindSource }

// applier builds a new delta from an old one.
type applier struct {
	ix *Index
	d  *delta // the old delta

	nodes, edges int
	ids          *cow.VecEdit[history.ID]
	kinds        *cow.VecEdit[uint8]
	at           *cow.VecEdit[int32]
	num          *cow.MapEdit[history.ID, int32]
	gone         *cow.BitsEdit
	touched      *cow.BitsEdit
	adj          *cow.MapEdit[int32, *adjacency]
	hot          *cow.VecEdit[edgeHot]
	cold         *cow.VecEdit[edgeCold]
	dates        *cow.VecEdit[edgeTime]
	terms        *cow.VecEdit[string]
	termCode     *cow.MapEdit[string, uint32]
	termEdges    *cow.MapEdit[uint32, int]
	bySource     map[history.ID]*cow.VecEdit[int32]
	dangling     map[history.ID][]spec

	pend map[int32]*pending // the nodes whose slots change
}

// pending is how a node's slots change: the edges taken away, and the
// slots added.
type pending struct {
	drop map[int32]bool
	add  []slot
}

type slot struct{ nbr, via int32 }

func newApplier(ix *Index, d *delta) *applier {
	return &applier{
		ix: ix, d: d, nodes: d.nodes, edges: d.edges,
		ids: d.ids.Edit(), kinds: d.kinds.Edit(), at: d.at.Edit(), num: d.num.Edit(),
		gone: d.gone.Edit(), touched: d.touched.Edit(), adj: d.adj.Edit(),
		hot: d.hot.Edit(), cold: d.cold.Edit(), dates: d.dates.Edit(),
		terms: d.terms.Edit(), termCode: d.termCode.Edit(), termEdges: d.termEdges.Edit(),
		bySource: map[history.ID]*cow.VecEdit[int32]{},
		dangling: map[history.ID][]spec{},
		pend:     map[int32]*pending{},
	}
}

func (a *applier) done() *delta {
	d := *a.d
	d.nodes, d.edges = a.nodes, a.edges
	d.ids, d.kinds, d.at, d.num, d.gone = a.ids.Done(), a.kinds.Done(), a.at.Done(), a.num.Done(), a.gone.Done()
	d.touched, d.adj = a.touched.Done(), a.adj.Done()
	d.hot, d.cold, d.dates = a.hot.Done(), a.cold.Done(), a.dates.Done()
	d.terms, d.termCode, d.termEdges = a.terms.Done(), a.termCode.Done(), a.termEdges.Done()
	bySource := d.bySource.Edit()
	for s, v := range a.bySource {
		bySource.Set(s, v.Done())
	}
	d.bySource = bySource.Done()
	dangling := d.dangling.Edit()
	for id, l := range a.dangling {
		dangling.Set(id, l)
	}
	d.dangling = dangling.Done()
	return &d
}

// unstate takes away the edge s: from its ends' slots, or from the edges
// waiting for a missing end.
func (a *applier) unstate(s spec) {
	f, okf := a.number(s.from)
	t, okt := a.number(s.to)
	if !okf || !okt {
		for _, id := range []history.ID{s.from, s.to} {
			l := a.danglingOf(id)
			if i := slices.IndexFunc(l, func(x spec) bool { return sameStatement(x, s) }); i >= 0 {
				a.dangling[id] = slices.Delete(slices.Clone(l), i, i+1)
				return
			}
		}
		return
	}
	label, _ := a.termCodeOf(s.label)
	role, _ := a.termCodeOf(string(s.role))
	found := int32(-1)
	a.slots(f, func(w, e int32, from bool) {
		if found >= 0 || w != t || !from {
			return
		}
		c, h := a.coldOf(e), a.hotOf(e)
		if c.origin == s.origin && c.stmt == s.stmt && h.label == label && h.role == role {
			found = e
		}
	})
	if found >= 0 {
		a.drop(found, f, t)
	}
}

// sameStatement reports whether two edges are one statement's.
func sameStatement(x, y spec) bool {
	return x.from == y.from && x.to == y.to && x.origin == y.origin && x.stmt == y.stmt && x.label == y.label && x.role == y.role
}

// drop takes edge e, between nodes f and t, away.
func (a *applier) drop(e, f, t int32) {
	a.pending(f).drop[e] = true
	a.pending(t).drop[e] = true
	a.edges--
	h := a.hotOf(e)
	a.countTerms(h, -1)
}

// countTerms counts an edge's terms that the model does not know.
func (a *applier) countTerms(h edgeHot, by int) {
	for _, c := range []uint32{h.label, h.role} {
		if int(c) >= a.ix.modelTerms {
			n, _ := a.termEdges.Get(c)
			a.termEdges.Set(c, n+by)
		}
	}
}

// removeNode removes the node of id. The edges at it that other records
// make wait, filed under id, for a node of that id to come back.
func (a *applier) removeNode(id history.ID) {
	v, ok := a.number(id)
	if !ok {
		return
	}
	type at struct{ e, f, t int32 }
	var edges []at
	a.slots(v, func(w, e int32, from bool) {
		if from {
			edges = append(edges, at{e, v, w})
		} else {
			edges = append(edges, at{e, w, v})
		}
	})
	waiting := slices.Clone(a.danglingOf(id))
	for _, x := range edges {
		waiting = append(waiting, a.spec(x.e))
		a.drop(x.e, x.f, x.t)
	}
	a.dangling[id] = waiting
	a.pending(v)
	a.gone.Set(v)
	a.nodes--
}

// spec describes edge e as the statement that made it.
func (a *applier) spec(e int32) spec {
	c, h := a.coldOf(e), a.hotOf(e)
	s := spec{from: a.idOf(c.from), to: a.idOf(c.to), label: a.termOf(h.label), origin: c.origin,
		time: *a.timeOf(c.date), stmt: c.stmt, cites: c.cites}
	if h.role != 0 {
		s.role = history.Role(a.termOf(h.role))
	}
	return s
}

// addNode adds a node for id, or brings back the one a change removed,
// with the edges that waited for it.
func (a *applier) addNode(id history.ID, kind history.Kind) {
	if _, ok := a.number(id); ok {
		return
	}
	v, ok := a.ix.num[id]
	if !ok {
		v, ok = a.num.Get(id)
	}
	if ok {
		a.gone.Clear(v)
	} else {
		v = a.d.nb + int32(a.ids.Len())
		a.ids.Append(id)
		a.kinds.Append(kindCode(kind))
		a.at.Append(int32(sort.Search(len(a.ix.ids), func(i int) bool { return a.ix.ids[i] > id })))
		a.num.Set(id, v)
	}
	a.nodes++
	waiting := a.danglingOf(id)
	if len(waiting) > 0 {
		a.dangling[id] = nil
	}
	for _, s := range waiting {
		a.state(s)
	}
}

// state adds the edge s, or files it under an end that is not a node.
func (a *applier) state(s spec) {
	f, okf := a.number(s.from)
	t, okt := a.number(s.to)
	if !okf || !okt {
		missing := s.to
		if !okf {
			missing = s.from
		}
		a.dangling[missing] = append(slices.Clip(a.danglingOf(missing)), s)
		return
	}
	e := a.d.eb + int32(a.hot.Len())
	var date int32
	if !s.time.date.IsZero() {
		date = a.d.tb + int32(a.dates.Len())
		a.dates.Append(s.time)
	}
	lo, hi := s.time.date.Bounds()
	var role uint32
	if s.role != "" {
		role = a.term(string(s.role))
	}
	h := edgeHot{lo: lo, hi: hi, label: a.term(s.label), role: role}
	a.hot.Append(h)
	a.countTerms(h, 1)
	a.cold.Append(edgeCold{from: f, to: t, origin: s.origin, date: date, stmt: s.stmt, cites: s.cites})
	eachSource(s.cites, func(src history.ID) {
		v := a.bySource[src]
		if v == nil {
			old, _ := a.d.bySource.Get(src)
			v = old.Edit()
			a.bySource[src] = v
		}
		v.Append(e)
	})
	a.pending(f).add = append(a.pending(f).add, slot{t, e})
	if t != f {
		a.pending(t).add = append(a.pending(t).add, slot{f, ^e})
	}
	a.edges++
}

// layout gives every node whose slots changed its new slots: the old ones
// that stay, merged with those added, in the order a fresh build gives.
func (a *applier) layout() {
	for v, p := range a.pend {
		slices.SortFunc(p.add, a.cmpSlot)
		nbr, via := a.adjBefore(v)
		out := &adjacency{nbr: make([]int32, 0, len(nbr)-len(p.drop)+len(p.add)), via: make([]int32, 0, len(nbr)-len(p.drop)+len(p.add))}
		j := 0
		for i, w := range nbr {
			e := via[i]
			if e < 0 {
				e = ^e
			}
			if p.drop[e] {
				continue
			}
			for ; j < len(p.add) && a.cmpSlot(p.add[j], slot{w, via[i]}) < 0; j++ {
				out.nbr, out.via = append(out.nbr, p.add[j].nbr), append(out.via, p.add[j].via)
			}
			out.nbr, out.via = append(out.nbr, w), append(out.via, via[i])
		}
		for ; j < len(p.add); j++ {
			out.nbr, out.via = append(out.nbr, p.add[j].nbr), append(out.via, p.add[j].via)
		}
		if len(out.nbr) == 0 {
			out = nil
		}
		a.adj.Set(v, out)
		if v < a.d.nb {
			a.touched.Set(v)
		}
	}
}

// cmpSlot orders slots: by neighbour in id order, then by edge. Two edges
// of the base keep the base's order; otherwise relations come before the
// statements of events, and statements by the id of their record, as a
// build from records in id order numbers them.
func (a *applier) cmpSlot(x, y slot) int {
	if c := a.cmpNode(x.nbr, y.nbr); c != 0 {
		return c
	}
	ex, ey := x.via, y.via
	if ex < 0 {
		ex = ^ex
	}
	if ey < 0 {
		ey = ^ey
	}
	if ex < a.d.eb && ey < a.d.eb {
		return cmp.Compare(ex, ey)
	}
	cx, cy := a.coldOf(ex), a.coldOf(ey)
	return cmp.Or(
		cmp.Compare(min(cx.origin, 1), min(cy.origin, 1)),
		cmp.Compare(owner(cx.origin, cx.stmt, a.idOf(cx.from), a.idOf(cx.to)), owner(cy.origin, cy.stmt, a.idOf(cy.from), a.idOf(cy.to))),
		cmp.Compare(ex, ey),
	)
}

// cmpNode is Index.cmpNode over the nodes as the change leaves them.
func (a *applier) cmpNode(u, v int32) int {
	nb := a.d.nb
	if u < nb && v < nb {
		return cmp.Compare(u, v)
	}
	key := func(v int32) int64 {
		if v < nb {
			return 2*int64(v) + 1
		}
		return 2 * int64(a.at.At(int(v-nb)))
	}
	if c := cmp.Compare(key(u), key(v)); c != 0 {
		return c
	}
	return cmp.Compare(a.idOf(u), a.idOf(v))
}

// eachSource calls fn once for each distinct source that cs cites.
func eachSource(cs []history.Citation, fn func(history.ID)) {
	for i, ct := range cs {
		if !slices.ContainsFunc(cs[:i], func(o history.Citation) bool { return o.Source == ct.Source }) {
			fn(ct.Source)
		}
	}
}
