package catalog

import (
	"cmp"
	"slices"

	"github.com/memoria-history/memoria/internal/cow"
	"github.com/memoria-history/memoria/internal/history"
)

// parties lists the entities that take part in an event: its participants,
// and its place when that takes part through the place statement.
func parties(e *history.Event) []history.ID {
	out := make([]history.ID, 0, len(e.Participants)+1)
	for _, p := range e.Participants {
		out = append(out, p.Entity)
	}
	if placeTakesPart(e) {
		out = append(out, e.Place.Target)
	}
	return out
}

// linkers returns the events that state a causal link to id, from the
// base's list or the delta's, which the delta's field gives.
func (c *Catalog) linkers(base map[history.ID][]*history.Event, id history.ID, field func(*delta) cow.Map[history.ID, []*history.Event]) []*history.Event {
	if c.d != nil {
		return findList(field(c.d), base, id)
	}
	return base[id]
}

// relink files event e under the events its old and new versions name as
// consequences and causes, in place of its old version.
func (a *applier) relink(e history.Edit[history.Event]) {
	links := func(v *history.Event, consequences bool) []history.Link {
		switch {
		case v == nil:
			return nil
		case consequences:
			return v.Consequences
		}
		return v.Causes
	}
	for _, side := range []struct {
		m            *cow.MapEdit[history.ID, []*history.Event]
		base         map[history.ID][]*history.Event
		consequences bool
	}{{a.causedBy, a.c.causedBy, true}, {a.consequenceOf, a.c.consequenceOf, false}} {
		var targets []history.ID
		for _, v := range []*history.Event{e.Old, e.New} {
			for _, l := range links(v, side.consequences) {
				targets = append(targets, l.Target)
			}
		}
		for _, t := range distinct(targets) {
			l := slices.DeleteFunc(slices.Clone(current(side.m, side.base, t)), func(x *history.Event) bool { return x.ID == e.ID })
			// A link stated twice to one event lists the event twice, as
			// the base does.
			for _, x := range links(e.New, side.consequences) {
				if x.Target == t {
					i, _ := slices.BinarySearchFunc(l, e.ID, func(x *history.Event, id history.ID) int { return cmp.Compare(x.ID, id) })
					l = slices.Insert(l, i, e.New)
				}
			}
			side.m.Set(t, nilIfEmpty(l))
		}
	}
}
