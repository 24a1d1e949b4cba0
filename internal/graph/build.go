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
		b.addEvent(&ds.Events[i])
	}
	b.ends, b.events = nil, nil
	ix.adjacency()
	ix.sources()
	nodes, terms, edges := len(ix.ids), len(ix.terms), len(ix.hot)
	ix.pool.New = func() any { return newScratch(nodes, terms, edges) }
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
	entities := len(all)
	for _, e := range ds.Events {
		all = append(all, node{e.ID, history.KindEvent})
	}
	byID := func(a, b node) int {
		switch {
		case a.id < b.id:
			return -1
		case a.id > b.id:
			return 1
		}
		return 0
	}
	// A dataset from the store or a snapshot holds each kind in id order:
	// the entities and the events are merged, not sorted again.
	if slices.IsSortedFunc(all[:entities], byID) && slices.IsSortedFunc(all[entities:], byID) {
		all = mergeSorted(all[:entities], all[entities:], byID)
	} else {
		slices.SortStableFunc(all, byID)
	}
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

// mergeSorted merges a and b, each sorted by cmp, into one sorted slice,
// taking a's first of equal elements, as a stable sort of a and then b
// would.
func mergeSorted[T any](a, b []T, cmp func(x, y T) int) []T {
	out := make([]T, 0, len(a)+len(b))
	for len(a) > 0 && len(b) > 0 {
		if cmp(b[0], a[0]) < 0 {
			out, b = append(out, b[0]), b[1:]
		} else {
			out, a = append(out, a[0]), a[1:]
		}
	}
	return append(append(out, a...), b...)
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
	ix.modelTerms = len(ix.terms)
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

func (b *builder) ending(id history.ID) *history.Entity {
	if n, ok := b.ix.num[id]; ok {
		return b.ends[n]
	}
	return nil
}

func (b *builder) event(id history.ID) *history.Event {
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

// add appends the edge s at the time with index date, or files it under
// the end that is not a node.
func (b *builder) add(s spec, date int32) {
	ix := b.ix
	f, ok1 := ix.num[s.from]
	t, ok2 := ix.num[s.to]
	if !ok1 || !ok2 {
		missing := s.to
		if !ok1 {
			missing = s.from
		}
		if ix.dangling == nil {
			ix.dangling = map[history.ID][]spec{}
		}
		ix.dangling[missing] = append(ix.dangling[missing], s)
		return
	}
	lo, hi := ix.dates[date].date.Bounds()
	var rc uint32
	if s.role != "" {
		rc = ix.term(string(s.role))
	}
	ix.hot = append(ix.hot, edgeHot{lo: lo, hi: hi, label: ix.term(s.label), role: rc})
	ix.cold = append(ix.cold, edgeCold{from: f, to: t, origin: s.origin, date: date, stmt: s.stmt, cites: s.cites})
}

// relations adds an edge per relation, holding from its start to its end,
// or to the death or end of the party that ended first.
func (b *builder) relations(rs []history.Relation) {
	for i := range rs {
		s := relationEdge(&rs[i], b)
		b.add(s, b.time(s.time))
	}
}

// addEvent adds the edges an event makes, all at the event's date.
func (b *builder) addEvent(e *history.Event) {
	d := b.time(eventTime(e))
	eventEdges(e, b, func(s spec) { b.add(s, d) })
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
		eachSource(c.cites, func(s history.ID) { ix.bySource[s] = append(ix.bySource[s], int32(e)) })
	}
}
