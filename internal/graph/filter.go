package graph

import (
	"math"

	"github.com/memoria-history/memoria/internal/history"
)

// Direction restricts the way a traversal may cross edges.
type Direction uint8

const (
	// Both crosses edges either way: the default, because a statement
	// connects its two ends whichever way it reads.
	Both Direction = iota
	// Outgoing crosses edges only from their From end to their To end.
	Outgoing
	// Incoming crosses edges only from their To end to their From end.
	Incoming
)

// reverse is the direction in which a search that starts at the far end
// of a path must cross edges.
func (d Direction) reverse() Direction {
	switch d {
	case Outgoing:
		return Incoming
	case Incoming:
		return Outgoing
	}
	return Both
}

// Filter narrows a traversal. The zero Filter lets everything through.
type Filter struct {
	// During keeps the edges whose time overlaps it; an edge of unknown
	// time overlaps everything. The zero Date does not filter.
	During history.Date
	// Labels keeps the edges whose label (a relation type, or
	// LabelParticipant, LabelPlace, LabelPartOf, LabelCaused) or role is
	// one of these. Empty keeps all.
	Labels []string
	// Kinds keeps the nodes of these kinds: a traversal neither reaches
	// nor passes through others. The nodes a query names are always kept.
	// Empty keeps all.
	Kinds []history.Kind
	// Direction restricts which way edges are crossed when walking from
	// the node a query starts at; Edges and Common read it from the node
	// asked about.
	Direction Direction
	// Source keeps the edges that cite this source: the statements it
	// supports. A source no edge cites keeps none. Empty keeps all.
	Source history.ID
}

// query is a Filter compiled against one index: bounds as integers, labels
// as a table indexed by term code, kinds as a bit mask.
type query struct {
	hot    []edgeHot
	kinds  []uint8
	d      *delta // the edges and nodes past hot and kinds
	lo, hi int64
	timed  bool
	labels []bool   // nil keeps every label
	cites  []uint64 // bit e set for each edge the Source filter keeps; nil keeps all
	mask   uint8    // bit kindCode(k) set for each kind kept
	dir    Direction
}

// compile checks f and turns it into a query. The label table and the
// source's edge set are built in sc's buffers, so that compiling does not
// allocate.
func (ix *Index) compile(f Filter, sc *scratch) (query, error) {
	q := query{hot: ix.hot, kinds: ix.kinds, d: ix.d, lo: math.MinInt64, hi: math.MaxInt64, mask: math.MaxUint8, dir: f.Direction}
	if f.Direction > Incoming {
		return q, history.Errorf(history.CodeInvalid, "unknown direction %d", f.Direction)
	}
	if !f.During.IsZero() {
		q.lo, q.hi = f.During.Bounds()
		q.timed = true
	}
	if len(f.Labels) > 0 {
		q.labels = sc.labels[:ix.termCount()]
		clear(q.labels)
		for _, l := range f.Labels {
			c, ok := ix.termCodeOf(l)
			if ix.d != nil && ok && int(c) >= ix.modelTerms {
				ok = ix.d.termUsed(c)
			}
			if !ok || c == 0 {
				return q, history.Errorf(history.CodeInvalid, "unknown label %q", l)
			}
			q.labels[c] = true
		}
	}
	if f.Source != "" {
		q.cites = sc.citesFor(ix.edgeCount())
		for _, e := range ix.bySource[f.Source] {
			q.cites[e>>6] |= 1 << (e & 63)
		}
		if ix.d != nil {
			// The edges a change took away may keep their bits: no slot
			// leads to them.
			added, _ := ix.d.bySource.Get(f.Source)
			for i := range added.Len() {
				e := added.At(i)
				q.cites[e>>6] |= 1 << (e & 63)
			}
		}
	}
	if len(f.Kinds) > 0 {
		q.mask = 0
		for _, k := range f.Kinds {
			c := kindCode(k)
			if int(c) == len(history.Kinds()) {
				return q, history.Errorf(history.CodeInvalid, "unknown kind %q", k)
			}
			q.mask |= 1 << c
		}
	}
	return q, nil
}

// plain reports whether the query lets every edge and node through, so
// that a traversal may skip checking them.
func (q *query) plain() bool {
	return !q.timed && q.labels == nil && q.cites == nil && q.mask == math.MaxUint8 && q.dir == Both
}

// edgeOK reports whether edge e passes the time, source and label filters.
func (q *query) edgeOK(e int32) bool {
	h := q.hotEdge(e)
	if h.lo > q.hi || h.hi < q.lo { // without During, lo and hi are the open ends
		return false
	}
	if q.cites != nil && q.cites[e>>6]&(1<<(e&63)) == 0 {
		return false
	}
	// Term code 0 (no role) is never set in labels.
	return q.labels == nil || q.labels[h.label] || q.labels[h.role]
}

// hotEdge returns what a traversal reads of edge e.
func (q *query) hotEdge(e int32) *edgeHot {
	if uint(e) < uint(len(q.hot)) {
		return &q.hot[e]
	}
	return q.d.hotRef(e)
}

// slot decodes a via value crossed in direction d: the edge, and whether
// the crossing is allowed by the direction and the edge filters.
func (q *query) slot(via int32, d Direction) (int32, bool) {
	if via < 0 {
		if d == Outgoing {
			return ^via, false
		}
		return ^via, q.edgeOK(^via)
	}
	if d == Incoming {
		return via, false
	}
	return via, q.edgeOK(via)
}

// kindOK reports whether node v is of a kind the filter keeps.
func (q *query) kindOK(v int32) bool {
	if int(v) < len(q.kinds) {
		return q.mask&(1<<q.kinds[v]) != 0
	}
	return q.mask&(1<<q.d.kind(v)) != 0
}
