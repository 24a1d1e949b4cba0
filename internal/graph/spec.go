package graph

import (
	"slices"

	"github.com/memoria-history/memoria/internal/history"
)

// spec is an edge as a statement makes it, before it is numbered: what
// Build lays out and what Apply adds and takes away. relationEdge and
// eventEdges are the one description of the edges a record makes.
type spec struct {
	from, to history.ID
	label    string
	role     history.Role
	origin   origin
	time     edgeTime
	stmt     history.ID // the relation's id; empty for an event's statements
	cites    []history.Citation
}

// records finds the records an edge's statement depends on beyond its
// own: the parties a relation ends with, and the events at the other end
// of a causal link. A nil records gives a record's edges as it states
// them alone, which is enough to find them again (see sameStatement).
type records interface {
	// ending returns the entity id if it has ended, else nil.
	ending(id history.ID) *history.Entity
	event(id history.ID) *history.Event
}

// relationEdge is the edge a relation makes, holding from its start to its
// end, or to the death or end of the party that ended first.
func relationEdge(r *history.Relation, look records) spec {
	var subject, object *history.Entity
	if look != nil {
		subject, object = look.ending(r.Subject), look.ending(r.Object)
	}
	end := history.EndOf(r, subject, object)
	var startCites, endCites []history.Citation
	if r.Start != nil {
		startCites = r.Start.Citations
	}
	if end.Fact != nil {
		endCites = end.Fact.Citations
	}
	t := edgeTime{date: end.Span(r), cites: joinCitations(startCites, endCites), derivedFrom: end.DerivedFrom}
	return spec{from: r.Subject, to: r.Object, label: string(r.Type), origin: fromRelation,
		time: t, stmt: r.ID, cites: clip(r.Citations)}
}

// eventEdges calls fn with the edges an event makes: its participants,
// place, parent, causes and consequences, all at the event's date. A cause
// is one statement whichever event states it: a consequence that the event
// it names also states as a cause is drawn once, as that cause, with the
// citations of both.
func eventEdges(e *history.Event, look records, fn func(spec)) {
	t := eventTime(e)
	other := func(id history.ID) *history.Event {
		if look == nil {
			return nil
		}
		return look.event(id)
	}
	for _, p := range e.Participants {
		fn(spec{from: p.Entity, to: e.ID, label: LabelParticipant, role: p.Role, origin: fromParticipation, time: t, cites: clip(p.Citations)})
	}
	if l := e.Place; l != nil {
		fn(spec{from: e.ID, to: l.Target, label: LabelPlace, origin: fromPlace, time: t, cites: clip(l.Citations)})
	}
	if l := e.Parent; l != nil {
		fn(spec{from: e.ID, to: l.Target, label: LabelPartOf, origin: fromParent, time: t, cites: clip(l.Citations)})
	}
	for _, l := range e.Causes {
		cites := clip(l.Citations)
		if c := other(l.Target); c != nil {
			if i := linkTo(c.Consequences, e.ID); i >= 0 {
				cites = joinCitations(cites, c.Consequences[i].Citations)
			}
		}
		fn(spec{from: l.Target, to: e.ID, label: LabelCaused, origin: fromCause, time: t, cites: cites})
	}
	for _, l := range e.Consequences {
		if c := other(l.Target); c != nil && linkTo(c.Causes, e.ID) >= 0 {
			continue // drawn as the cause the other event states
		}
		fn(spec{from: e.ID, to: l.Target, label: LabelCaused, origin: fromConsequence, time: t, cites: clip(l.Citations)})
	}
}

// eventTime is when every edge of an event holds: at its date.
func eventTime(e *history.Event) edgeTime {
	if e.Date == nil {
		return edgeTime{}
	}
	return edgeTime{date: e.Date.Date, cites: slices.Clip(e.Date.Citations)}
}

// linkTo returns the index of the link to id among ls, or -1.
func linkTo(ls []history.Link, id history.ID) int {
	return slices.IndexFunc(ls, func(l history.Link) bool { return l.Target == id })
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

// clip caps a slice of citations at its length: the full slice expression
// makes an append by a reader of Edge copy instead of writing into the
// dataset's array.
func clip(cs []history.Citation) []history.Citation { return cs[:len(cs):len(cs)] }

// owner is the record that makes an edge: the relation, or the event whose
// statement it is.
func owner(o origin, stmt, from, to history.ID) history.ID {
	switch o {
	case fromRelation:
		return stmt
	case fromParticipation, fromCause:
		return to
	}
	return from
}
