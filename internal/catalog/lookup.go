package catalog

import (
	"slices"

	"github.com/memoria-history/memoria/internal/cow"
	"github.com/memoria-history/memoria/internal/history"
)

// Entity returns the person, group, place or work with the given id.
func (c *Catalog) Entity(id history.ID) (*history.Entity, bool) {
	if c.d != nil {
		return find(c.d.entities, c.entities, id)
	}
	e, ok := c.entities[id]
	return e, ok
}

// Event returns the event with the given id.
func (c *Catalog) Event(id history.ID) (*history.Event, bool) {
	if c.d != nil {
		return find(c.d.events, c.events, id)
	}
	e, ok := c.events[id]
	return e, ok
}

// Source returns the source with the given id.
func (c *Catalog) Source(id history.ID) (*history.Source, bool) {
	if c.d != nil {
		return find(c.d.sources, c.sources, id)
	}
	s, ok := c.sources[id]
	return s, ok
}

// Claim returns the claim with the given id.
func (c *Catalog) Claim(id history.ID) (*history.Claim, bool) {
	if c.d != nil {
		return find(c.d.claims, c.claims, id)
	}
	cl, ok := c.claims[id]
	return cl, ok
}

// Relation returns the relation with the given id.
func (c *Catalog) Relation(id history.ID) (*history.Relation, bool) {
	if c.d != nil {
		return find(c.d.relations, c.relations, id)
	}
	r, ok := c.relations[id]
	return r, ok
}

// Name returns the canonical name of an entity or event, or the id itself
// when it names nothing.
func (c *Catalog) Name(id history.ID) string { return c.name(id) }

// IDs returns the ids of every entity of a kind (events included), in name
// order. The slice is shared: do not change it.
func (c *Catalog) IDs(kind history.Kind) []history.ID {
	if c.d != nil && c.d.byKind[kind] != nil {
		return c.mergedIDs(kind)
	}
	return c.byKind[kind]
}

// Sources returns every source, in id order.
func (c *Catalog) Sources() []*history.Source {
	if c.d != nil && c.d.sources.Len() > 0 {
		return c.mergedSources()
	}
	return c.sourceOrder
}

// Supports returns what a source supports.
func (c *Catalog) Supports(source history.ID) Support {
	if _, ok := c.Source(source); !ok {
		return Support{}
	}
	if c.d != nil {
		if sd, ok := c.d.support.Get(source); ok {
			return c.mergedSupport(source, sd)
		}
	}
	if s := c.support[source]; s != nil {
		return *s
	}
	return Support{}
}

// SubEvents returns the events whose parent is id, in time order.
func (c *Catalog) SubEvents(id history.ID) []history.ID {
	if c.d != nil {
		return findList(c.d.subEvents, c.subEvents, id)
	}
	return c.subEvents[id]
}

// Relations returns the relations with id at either end, by start date.
func (c *Catalog) Relations(id history.ID) []*history.Relation {
	if c.d != nil {
		return findList(c.d.relationsOf, c.relationsOf, id)
	}
	return c.relationsOf[id]
}

// RelationEnd returns when r stops holding: its own end, or for a lasting
// relation without one, the death or end of the party that ended first,
// marked as derived (see history.EndOf).
func (c *Catalog) RelationEnd(r *history.Relation) history.End {
	s, _ := c.Entity(r.Subject)
	o, _ := c.Entity(r.Object)
	return history.EndOf(r, s, o)
}

// RelationSpan returns the time r can hold: from its start to its end as
// RelationEnd gives it. A during filter keeps the relations whose span
// overlaps it.
func (c *Catalog) RelationSpan(r *history.Relation) history.Date {
	return c.RelationEnd(r).Span(r)
}

// Causes returns the events that led to event id, each once: those its
// record names as causes and those whose records name it as a
// consequence. A link stated on both events is one statement, with the
// citations of both.
func (c *Catalog) Causes(id history.ID) []history.Link {
	e, ok := c.Event(id)
	if !ok {
		return nil
	}
	return mergeLinks(id, e.Causes, c.linkers(c.causedBy, id, func(d *delta) cow.Map[history.ID, []*history.Event] { return d.causedBy }), func(o *history.Event) []history.Link { return o.Consequences })
}

// Consequences returns the events that followed from event id, each once,
// as Causes does.
func (c *Catalog) Consequences(id history.ID) []history.Link {
	e, ok := c.Event(id)
	if !ok {
		return nil
	}
	return mergeLinks(id, e.Consequences, c.linkers(c.consequenceOf, id, func(d *delta) cow.Map[history.ID, []*history.Event] { return d.consequenceOf }), func(o *history.Event) []history.Link { return o.Causes })
}

// mergeLinks joins the links event id states with those that others
// state of it (each other event's links, named by theirs): one link per
// event, its citations those of every statement of it, in order of first
// mention.
func mergeLinks(id history.ID, own []history.Link, others []*history.Event, theirs func(*history.Event) []history.Link) []history.Link {
	if len(others) == 0 {
		return own
	}
	out := slices.Clone(own)
	for _, o := range others {
		for _, l := range theirs(o) {
			if l.Target != id {
				continue
			}
			i := slices.IndexFunc(out, func(x history.Link) bool { return x.Target == o.ID })
			if i < 0 {
				out = append(out, history.Link{Target: o.ID, Citations: l.Citations, At: l.At})
				continue
			}
			cites := slices.Clone(out[i].Citations)
			for _, ct := range l.Citations {
				if !slices.Contains(cites, ct) {
					cites = append(cites, ct)
				}
			}
			out[i].Citations = cites
		}
	}
	return out
}

// Participations returns the events an entity took part in, in time order:
// for a place, also the events that happened there (see Participation).
func (c *Catalog) Participations(id history.ID) []Participation {
	if c.d != nil {
		return findList(c.d.participations, c.participations, id)
	}
	return c.participations[id]
}

// Claims returns the claims about subject (or about anything, when subject
// is empty) with the given property (any, when empty), in subject, property
// and id order.
func (c *Catalog) Claims(subject history.ID, property string) []*history.Claim {
	var out []*history.Claim
	add := func(cs []*history.Claim) {
		for _, cl := range cs {
			if property == "" || cl.Property == property {
				out = append(out, cl)
			}
		}
	}
	if subject != "" {
		add(c.claimsAbout(subject))
		return out
	}
	subjects := make([]history.ID, 0, len(c.claimsOf))
	for s := range c.claimsOf {
		subjects = append(subjects, s)
	}
	if c.d != nil {
		c.d.claimsOf.All(func(s history.ID, _ []*history.Claim) bool {
			if _, ok := c.claimsOf[s]; !ok {
				subjects = append(subjects, s)
			}
			return true
		})
	}
	slices.Sort(subjects)
	for _, s := range subjects {
		add(c.claimsAbout(s))
	}
	return out
}

// claimsAbout returns the claims about subject, in property and id order.
func (c *Catalog) claimsAbout(subject history.ID) []*history.Claim {
	if c.d != nil {
		return findList(c.d.claimsOf, c.claimsOf, subject)
	}
	return c.claimsOf[subject]
}

// Disputes returns the claims that disagree with the given one.
func (c *Catalog) Disputes(claim history.ID) []history.ID {
	if c.d != nil {
		return findList(c.d.disputes, c.disputes, claim)
	}
	return c.disputes[claim]
}

// Timeline returns the dated events that can fall within window (the zero
// date for all time), involving at least one of the given entities when any
// are given, in time order. Undated events are left out: they cannot be
// placed. first caps the result (0 means no cap).
func (c *Catalog) Timeline(window history.Date, involving []history.ID, first int) []*history.Event {
	if len(involving) == 0 {
		if c.d != nil {
			return c.within(window, first)
		}
		return c.dated.within(window, first)
	}
	var out []*history.Event
	for _, e := range c.eventsInvolving(involving) {
		d := eventDate(e)
		if d.IsZero() || (!window.IsZero() && !d.Overlaps(window)) {
			continue
		}
		out = append(out, e)
		if first > 0 && len(out) == first {
			break
		}
	}
	return out
}

// eventsInvolving gathers the events of the given entities, in time order,
// each once.
func (c *Catalog) eventsInvolving(ids []history.ID) []*history.Event {
	seen := map[history.ID]bool{}
	var out []*history.Event
	for _, id := range ids {
		for _, p := range c.Participations(id) {
			if !seen[p.Event.ID] {
				seen[p.Event.ID] = true
				out = append(out, p.Event)
			}
		}
	}
	slices.SortFunc(out, compareEvents)
	return out
}

// find looks id up in the delta's records, then in the base's.
func find[T any](d cow.Map[history.ID, *T], base map[history.ID]*T, id history.ID) (*T, bool) {
	if r, ok := d.Get(id); ok {
		return r, r != nil
	}
	r, ok := base[id]
	return r, ok
}

// findList looks id up in a list the delta changed, then in the base's.
func findList[T any](d cow.Map[history.ID, []T], base map[history.ID][]T, id history.ID) []T {
	if l, ok := d.Get(id); ok {
		return l
	}
	return base[id]
}
