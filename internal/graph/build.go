package graph

import (
	"slices"

	"github.com/memoria-history/memoria/internal/history"
)

// Build indexes ds. Statements whose ends are not entities or events of ds
// (which a validated dataset does not have) are left out. The index shares
// citation slices with ds, so ds must not be modified afterwards.
func Build(ds *history.Dataset) *Index {
	ix := &Index{}
	ix.nodes(ds)
	ix.initTerms()
	ix.reserve(ds)
	b := builder{ix: ix}
	b.ended(ds)
	b.relations(ds.Relations)
	for i := range ds.Events {
		b.event(&ds.Events[i])
	}
	b.ends, b.events = nil, nil
	ix.adjacency()
	ix.sources()
	nodes, terms := len(ix.ids), len(ix.terms)
	ix.pool.New = func() any { return newScratch(nodes, terms) }
	return ix
}

// nodes numbers the entities and events in id order, so that sorting by
// number sorts by id. Sources are not nodes. The first of two records with
// one id wins.
func (ix *Index) nodes(ds *history.Dataset) {
	type node struct {
		id   history.ID
		kind history.Kind
	}
	all := make([]node, 0, len(ds.Entities)+len(ds.Events))
	for _, e := range ds.Entities {
		if e.Kind != history.KindSource {
			all = append(all, node{e.ID, e.Kind})
		}
	}
	for _, e := range ds.Events {
		all = append(all, node{e.ID, history.KindEvent})
	}
	slices.SortStableFunc(all, func(a, b node) int {
		switch {
		case a.id < b.id:
			return -1
		case a.id > b.id:
			return 1
		}
		return 0
	})
	all = slices.CompactFunc(all, func(a, b node) bool { return a.id == b.id })
	ix.ids = make([]history.ID, len(all))
	ix.kinds = make([]uint8, len(all))
	ix.num = make(map[history.ID]int32, len(all))
	for i, n := range all {
		ix.ids[i] = n.id
		ix.kinds[i] = kindCode(n.kind)
		ix.num[n.id] = int32(i)
	}
}

// initTerms gives every label and role of the model a code up front, so
// that a filter naming one the dataset happens not to use is still valid.
func (ix *Index) initTerms() {
	ix.terms = []string{""}
	ix.termCode = map[string]uint32{"": 0}
	for _, l := range []string{LabelParticipant, LabelPlace, LabelPartOf, LabelCaused} {
		ix.term(l)
	}
	for _, t := range history.RelationTypes() {
		ix.term(string(t))
	}
	for _, r := range history.Roles() {
		ix.term(string(r))
	}
}

// reserve sizes the edge table for ds, so that building it does not copy
// it over and over as it grows.
func (ix *Index) reserve(ds *history.Dataset) {
	edges, dates := len(ds.Relations), 1+len(ds.Relations)
	for _, e := range ds.Events {
		edges += len(e.Participants) + len(e.Causes) + len(e.Consequences)
		if e.Place != nil {
			edges++
		}
		if e.Parent != nil {
			edges++
		}
		if e.Date != nil {
			dates++
		}
	}
	ix.hot = make([]edgeHot, 0, edges)
	ix.cold = make([]edgeCold, 0, edges)
	ix.dates = make([]edgeTime, 1, dates)
}

// term returns the code of s, giving it one if it has none.
func (ix *Index) term(s string) uint32 {
	if c, ok := ix.termCode[s]; ok {
		return c
	}
	c := uint32(len(ix.terms))
	ix.terms = append(ix.terms, s)
	ix.termCode[s] = c
	return c
}

// builder appends edges to the edge table.
type builder struct {
	ix *Index
	// While building: the entities that ended (a person's death, a
	// group's end), and every event, by node number; nil for the others.
	ends   []*history.Entity
	events []*history.Event
}

// ended files the entities that ended and the events by node number, so
// that relations can end with their parties and a cause stated on both
// of its events can be drawn once.
func (b *builder) ended(ds *history.Dataset) {
	b.ends = make([]*history.Entity, len(b.ix.ids))
	b.events = make([]*history.Event, len(b.ix.ids))
	for i := range ds.Entities {
		if e := &ds.Entities[i]; e.Ending() != nil {
			if n, ok := b.ix.num[e.ID]; ok && b.ends[n] == nil {
				b.ends[n] = e
			}
		}
	}
	for i := range ds.Events {
		if n, ok := b.ix.num[ds.Events[i].ID]; ok && b.events[n] == nil {
			b.events[n] = &ds.Events[i]
		}
	}
}

func (b *builder) entity(id history.ID) *history.Entity {
	if n, ok := b.ix.num[id]; ok {
		return b.ends[n]
	}
	return nil
}

func (b *builder) eventOf(id history.ID) *history.Event {
	if n, ok := b.ix.num[id]; ok {
		return b.events[n]
	}
	return nil
}

// time records when an edge holds in the table of edge times and returns
// its index; the unknown time is always index 0.
func (b *builder) time(t edgeTime) int32 {
	if t.date.IsZero() {
		return 0
	}
	b.ix.dates = append(b.ix.dates, t)
	return int32(len(b.ix.dates) - 1)
}

func (b *builder) add(from, to history.ID, label string, role history.Role, o origin, date int32, stmt history.ID, cites []history.Citation) {
	ix := b.ix
	f, ok1 := ix.num[from]
	t, ok2 := ix.num[to]
	if !ok1 || !ok2 {
		return
	}
	lo, hi := ix.dates[date].date.Bounds()
	var rc uint32
	if role != "" {
		rc = ix.term(string(role))
	}
	ix.hot = append(ix.hot, edgeHot{lo: lo, hi: hi, label: ix.term(label), role: rc})
	// The full slice expression makes an append by a reader of Edge copy
	// instead of writing into the dataset's array.
	ix.cold = append(ix.cold, edgeCold{from: f, to: t, origin: o, date: date, stmt: stmt, cites: cites[:len(cites):len(cites)]})
}

// relations adds an edge per relation, holding from its start to its end,
// or to the death or end of the party that ended first.
func (b *builder) relations(rs []history.Relation) {
	for i := range rs {
		r := &rs[i]
		end := history.EndOf(r, b.entity(r.Subject), b.entity(r.Object))
		var startCites, endCites []history.Citation
		if r.Start != nil {
			startCites = r.Start.Citations
		}
		if end.Fact != nil {
			endCites = end.Fact.Citations
		}
		d := b.time(edgeTime{date: end.Span(r), cites: joinCitations(startCites, endCites), derivedFrom: end.DerivedFrom})
		b.add(r.Subject, r.Object, string(r.Type), "", fromRelation, d, r.ID, r.Citations)
	}
}

// joinCitations returns the citations of a and then those of b not in a,
// sharing a or b when the other adds nothing.
func joinCitations(a, b []history.Citation) []history.Citation {
	var extra []history.Citation
	for _, c := range b {
		if !slices.Contains(a, c) {
			extra = append(extra, c)
		}
	}
	switch {
	case len(extra) == 0:
		return slices.Clip(a)
	case len(a) == 0:
		return slices.Clip(b)
	}
	return append(slices.Clone(a), extra...)
}

// event adds the edges an event makes: its participants, place, parent,
// causes and consequences, all at the event's date. A cause is one
// statement whichever event states it: a consequence that the event it
// names also states as a cause is drawn once, as that cause, with the
// citations of both.
func (b *builder) event(e *history.Event) {
	var d int32
	if e.Date != nil {
		d = b.time(edgeTime{date: e.Date.Date, cites: slices.Clip(e.Date.Citations)})
	}
	for _, p := range e.Participants {
		b.add(p.Entity, e.ID, LabelParticipant, p.Role, fromParticipation, d, "", p.Citations)
	}
	if l := e.Place; l != nil {
		b.add(e.ID, l.Target, LabelPlace, "", fromPlace, d, "", l.Citations)
	}
	if l := e.Parent; l != nil {
		b.add(e.ID, l.Target, LabelPartOf, "", fromParent, d, "", l.Citations)
	}
	for _, l := range e.Causes {
		cites := l.Citations
		if c := b.eventOf(l.Target); c != nil {
			if i := linkTo(c.Consequences, e.ID); i >= 0 {
				cites = joinCitations(cites, c.Consequences[i].Citations)
			}
		}
		b.add(l.Target, e.ID, LabelCaused, "", fromCause, d, "", cites)
	}
	for _, l := range e.Consequences {
		if c := b.eventOf(l.Target); c != nil && linkTo(c.Causes, e.ID) >= 0 {
			continue // drawn as the cause the other event states
		}
		b.add(e.ID, l.Target, LabelCaused, "", fromConsequence, d, "", l.Citations)
	}
}

// linkTo returns the index of the link to id among ls, or -1.
func linkTo(ls []history.Link, id history.ID) int {
	return slices.IndexFunc(ls, func(l history.Link) bool { return l.Target == id })
}

// adjacency lays the edges out in CSR form. Each edge takes a slot at both
// ends (a self-loop only one); each node's slots are sorted by neighbour and
// then edge number, packed into one uint64 per slot so that the sort is a
// plain integer sort.
func (ix *Index) adjacency() {
	n := len(ix.ids)
	ix.off = make([]int32, n+1)
	for _, c := range ix.cold {
		ix.off[c.from+1]++
		if c.to != c.from {
			ix.off[c.to+1]++
		}
	}
	for v := range n {
		ix.off[v+1] += ix.off[v]
	}
	keys := make([]uint64, ix.off[n])
	next := slices.Clone(ix.off[:n])
	for e, c := range ix.cold {
		keys[next[c.from]] = uint64(c.to)<<32 | uint64(e)<<1
		next[c.from]++
		if c.to != c.from {
			keys[next[c.to]] = uint64(c.from)<<32 | uint64(e)<<1 | 1
			next[c.to]++
		}
	}
	ix.nbr = make([]int32, len(keys))
	ix.via = make([]int32, len(keys))
	for v := range n {
		seg := keys[ix.off[v]:ix.off[v+1]]
		slices.Sort(seg)
		for i, k := range seg {
			s := int(ix.off[v]) + i
			ix.nbr[s] = int32(k >> 32)
			e := int32(uint32(k) >> 1)
			if k&1 == 1 {
				e = ^e
			}
			ix.via[s] = e
		}
	}
}

// sources lists, for each source, the edges that cite it, so that a Source
// filter is compiled without reading every edge's citations.
func (ix *Index) sources() {
	ix.bySource = map[history.ID][]int32{}
	for e, c := range ix.cold {
		for i, ct := range c.cites {
			if !slices.ContainsFunc(c.cites[:i], func(o history.Citation) bool { return o.Source == ct.Source }) {
				ix.bySource[ct.Source] = append(ix.bySource[ct.Source], int32(e))
			}
		}
	}
}
