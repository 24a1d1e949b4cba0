package graph

import (
	"slices"

	"github.com/memoria-history/memoria/internal/history"
)

// lookup reads the records a change left for relationEdge and eventEdges.
type lookup struct{ now Records }

func (l lookup) ending(id history.ID) *history.Entity {
	if e, ok := l.now.Entity(id); ok && e.Ending() != nil {
		return e
	}
	return nil
}

func (l lookup) event(id history.ID) *history.Event {
	e, _ := l.now.Event(id)
	return e
}

// restated returns the relations and events whose edges the change
// replaces: those it edits, and those whose edges depend on a record it
// edits. A relation without an end of its own ends with its parties, so
// an entity whose death or end changed restates its relations; an event
// that links to another is drawn with what the other states of the link,
// so an event changed restates the events it linked to and links to. A
// record restated but not edited is its own old and new version.
func restated(relations []history.Edit[history.Relation], events []history.Edit[history.Event], entities []history.Edit[history.Entity], now Records) ([]history.Edit[history.Relation], []history.Edit[history.Event]) {
	seenR := map[history.ID]bool{}
	for _, e := range relations {
		seenR[e.ID] = true
	}
	for _, e := range entities {
		if sameEnding(e.Old, e.New) {
			continue
		}
		for _, r := range now.Relations(e.ID) {
			if !seenR[r.ID] && r.End == nil && r.Type.Lasting() {
				seenR[r.ID] = true
				relations = append(slices.Clip(relations), history.Edit[history.Relation]{ID: r.ID, Old: r, New: r})
			}
		}
	}
	seenE := map[history.ID]bool{}
	for _, e := range events {
		seenE[e.ID] = true
	}
	var linked []history.ID
	for _, e := range events {
		for _, v := range []*history.Event{e.Old, e.New} {
			if v == nil {
				continue
			}
			for _, l := range append(slices.Clip(v.Causes), v.Consequences...) {
				linked = append(linked, l.Target)
			}
		}
	}
	for _, id := range linked {
		if seenE[id] {
			continue
		}
		seenE[id] = true
		if o, ok := now.Event(id); ok {
			events = append(slices.Clip(events), history.Edit[history.Event]{ID: id, Old: o, New: o})
		}
	}
	return relations, events
}

// sameEnding reports whether two versions of an entity end alike.
func sameEnding(a, b *history.Entity) bool {
	var fa, fb *history.DatedFact
	if a != nil {
		fa = a.Ending()
	}
	if b != nil {
		fb = b.Ending()
	}
	switch {
	case fa == nil || fb == nil:
		return fa == fb
	}
	return fa.Date == fb.Date && slices.Equal(fa.Citations, fb.Citations)
}
