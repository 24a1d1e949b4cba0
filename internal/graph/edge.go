package graph

import "github.com/memoria-history/memoria/internal/history"

// The labels of the edges that events contribute. Relation edges are
// labelled with their history.RelationType.
const (
	// LabelParticipant labels an edge from an entity to an event it took
	// part in; the edge's Role says in what part.
	LabelParticipant = "participant"
	// LabelPlace labels an edge from an event to the place it happened.
	LabelPlace = "place"
	// LabelPartOf labels an edge from an event to its parent event. It is
	// spelled like the relation type part-of, and a Labels filter naming it
	// selects both.
	LabelPartOf = "part-of"
	// LabelCaused labels an edge from a cause to the event it caused.
	LabelCaused = "caused"
)

// Edge is one statement of the dataset seen as a directed edge.
type Edge struct {
	From, To history.ID
	// Label is the relation type, or one of the Label constants.
	Label string
	// Role is the part the entity played, for participations only.
	Role history.Role
	// Statement identifies the statement: the relation's id, or for
	// statements that have none of their own an id derived from the event
	// that makes them ("event/x#participant/person/y/ordered").
	Statement history.ID
	// Time is when the statement holds: the relation's span, or the
	// event's date. The zero Date means unknown and overlaps any time. A
	// lasting relation without an end of its own ends with the first of
	// its parties to die or end (see history.EndOf).
	Time history.Date
	// TimeCitations are the sources that date the statement: the event
	// date's, or the relation's start's and end's (for a derived end,
	// those of the death or end it is derived from). The slice may be
	// shared with the index: do not modify its elements.
	TimeCitations []history.Citation
	// EndDerivedFrom is the party whose death or end Memoria took as the
	// end of Time, the relation giving none; empty otherwise.
	EndDerivedFrom history.ID
	// Citations are the sources that make the statement. The slice is
	// shared with the index: do not modify its elements.
	Citations []history.Citation
}

// origin says which kind of statement an edge comes from, so that the
// statement id of an edge without one of its own can be derived when the
// edge is read instead of being stored for every edge.
type origin uint8

const (
	fromRelation origin = iota
	fromParticipation
	fromPlace
	fromParent
	fromCause
	fromConsequence
)

// edgeHot is what a traversal reads for every edge it considers; it is kept
// apart from the rest so that filtering touches one small record.
type edgeHot struct {
	lo, hi int64  // time bounds, open ends as MinInt64 and MaxInt64
	label  uint32 // term code
	role   uint32 // term code; 0 when the edge has no role
}

// edgeTime is when an edge holds and who says so.
type edgeTime struct {
	date        history.Date
	cites       []history.Citation
	derivedFrom history.ID
}

// edgeCold is what is needed only to report an edge.
type edgeCold struct {
	from, to int32
	origin   origin
	date     int32      // index into Index.dates
	stmt     history.ID // the relation id; empty for derived statements
	cites    []history.Citation
}

// edge materialises edge e.
func (ix *Index) edge(e int32) Edge {
	h, c := ix.hotOf(e), ix.coldOf(e)
	out := Edge{
		From:      ix.idOf(c.from),
		To:        ix.idOf(c.to),
		Label:     ix.termOf(h.label),
		Statement: c.stmt,
		Citations: c.cites,
	}
	t := ix.timeOf(c.date)
	out.Time, out.TimeCitations, out.EndDerivedFrom = t.date, t.cites, t.derivedFrom
	if h.role != 0 {
		out.Role = history.Role(ix.termOf(h.role))
	}
	if out.Statement == "" {
		out.Statement = derivedStatement(c.origin, out)
	}
	return out
}

// derivedStatement names a statement that an event makes about itself,
// after the event and what it links to, so that the name is stable across
// loads.
func derivedStatement(o origin, e Edge) history.ID {
	switch o {
	case fromParticipation:
		return e.To + "#participant/" + e.From + "/" + history.ID(e.Role)
	case fromPlace:
		return e.From + "#place/" + e.To
	case fromParent:
		return e.From + "#part-of/" + e.To
	case fromCause:
		return e.To + "#cause/" + e.From
	case fromConsequence:
		return e.From + "#consequence/" + e.To
	}
	return ""
}
