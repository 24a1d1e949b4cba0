package catalog

import (
	"cmp"
	"slices"
	"strings"

	"github.com/memoria-history/memoria/internal/history"
)

// Catalog is an immutable, indexed view of a dataset.
type Catalog struct {
	entities  map[history.ID]*history.Entity
	events    map[history.ID]*history.Event
	sources   map[history.ID]*history.Source
	claims    map[history.ID]*history.Claim
	relations map[history.ID]*history.Relation

	byKind         map[history.Kind][]history.ID
	dated          timelineIndex // the dated events in time order, for Timeline
	subEvents      map[history.ID][]history.ID
	participations map[history.ID][]Participation
	// The events that state a causal link to another event on their own
	// record: by the event named as their consequence, and by the event
	// named as their cause (see Causes).
	causedBy      map[history.ID][]*history.Event
	consequenceOf map[history.ID][]*history.Event
	relationsOf   map[history.ID][]*history.Relation
	claimsOf      map[history.ID][]*history.Claim
	disputes      map[history.ID][]history.ID
	support       map[history.ID]*Support // by every id cited, source or not
	sourceOrder   []*history.Source

	// d holds the records changed since the maps above were built (see
	// Apply); nil when there are none.
	d *delta
}

// Participation is an entity's part in an event, seen from the entity: the
// event, and which of its participants the entity is. It points into the
// event rather than copying the participant: a registry of a million people
// has millions of participations, and copies of their ids, roles and
// citations would be as many more pointers for the collector to follow.
//
// A place takes part in the events that happened there: an event's place
// that is not also among its participants as its location is a
// participation with Index AtPlace, in the role location, cited as the
// event's place is.
type Participation struct {
	Event *history.Event
	Index int // in Event.Participants, or AtPlace
}

// AtPlace is the Index of the participation of an event's place.
const AtPlace = -1

// Part is the participant of the event that the participation is.
func (p Participation) Part() *history.Participation {
	if p.Index == AtPlace {
		return &history.Participation{Entity: p.Event.Place.Target, Role: history.RoleLocation, Citations: p.Event.Place.Citations, At: p.Event.Place.At}
	}
	return &p.Event.Participants[p.Index]
}

// Role is the part played.
func (p Participation) Role() history.Role {
	if p.Index == AtPlace {
		return history.RoleLocation
	}
	return p.Event.Participants[p.Index].Role
}

// Support is what one source supports: how many statements cite it, and
// which claims.
type Support struct {
	Statements int
	Claims     []history.ID
}

// New indexes ds. The catalog keeps pointers into ds, which must not change
// afterwards.
func New(ds *history.Dataset) *Catalog { return NewInOrder(ds, nil) }

// NewInOrder is New given the name order of ds (NameOrder's), kept from
// an earlier build, so as not to sort the names again: at a million people
// that sort is seconds of a start. An order that does not fit ds (of
// another length, or not a permutation) is ignored and the names sorted.
func NewInOrder(ds *history.Dataset, order []uint32) *Catalog {
	c := &Catalog{
		entities:       make(map[history.ID]*history.Entity, len(ds.Entities)),
		events:         make(map[history.ID]*history.Event, len(ds.Events)),
		sources:        make(map[history.ID]*history.Source, len(ds.Sources)),
		claims:         make(map[history.ID]*history.Claim, len(ds.Claims)),
		relations:      make(map[history.ID]*history.Relation, len(ds.Relations)),
		byKind:         map[history.Kind][]history.ID{},
		subEvents:      map[history.ID][]history.ID{},
		participations: map[history.ID][]Participation{},
		causedBy:       map[history.ID][]*history.Event{},
		consequenceOf:  map[history.ID][]*history.Event{},
		relationsOf:    map[history.ID][]*history.Relation{},
		claimsOf:       map[history.ID][]*history.Claim{},
		support:        map[history.ID]*Support{},
	}
	for i := range ds.Sources {
		s := &ds.Sources[i]
		c.sources[s.ID] = s
		c.sourceOrder = append(c.sourceOrder, s)
	}
	slices.SortFunc(c.sourceOrder, func(a, b *history.Source) int { return cmp.Compare(a.ID, b.ID) })
	for i := range ds.Entities {
		e := &ds.Entities[i]
		c.entities[e.ID] = e
		entityStatements(e, c.cite)
	}
	for i := range ds.Events {
		c.addEvent(&ds.Events[i])
	}
	// The lists kept in time order are filled in time order, so that
	// only the timeline is sorted: sorting each entity's participations
	// and each event's sub-events after compared the same events again,
	// a fifth of the start from a snapshot.
	timeline := c.timeline(ds.Events)
	c.dated = newTimelineIndex(timeline)
	c.fileParticipations(timeline)
	for _, e := range timeline {
		if e.Parent != nil {
			c.subEvents[e.Parent.Target] = append(c.subEvents[e.Parent.Target], e.ID)
		}
	}
	for i := range ds.Relations {
		r := &ds.Relations[i]
		c.relations[r.ID] = r
		c.relationsOf[r.Subject] = append(c.relationsOf[r.Subject], r)
		c.relationsOf[r.Object] = append(c.relationsOf[r.Object], r)
		relationStatements(r, c.cite)
	}
	for i := range ds.Claims {
		cl := &ds.Claims[i]
		c.claims[cl.ID] = cl
		c.claimsOf[cl.Subject] = append(c.claimsOf[cl.Subject], cl)
		for _, ct := range cl.Citations {
			// A claim citing one source at two places is listed once. It
			// can only be the last one listed: the claims are added one by
			// one. Searching the whole list made this quadratic in a
			// source's claims (12 s at a million people, one source).
			if s := c.supportOf(ct.Source); len(s.Claims) == 0 || s.Claims[len(s.Claims)-1] != cl.ID {
				s.Claims = append(s.Claims, cl.ID)
			}
		}
		claimStatements(cl, c.cite)
	}
	c.disputes = history.Disputes(ds.Claims)
	if !fits(ds, order) {
		order = NameOrder(ds)
	}
	c.fileByKind(ds, order)
	c.sortAll()
	return c
}

// NameOrder returns the entities and events of ds in the order IDs lists
// them: by name, case folded, then id. An entity is given as its place in
// ds.Entities, an event as len(ds.Entities) plus its place in ds.Events.
// A change to this order must come with a new snapshot format version:
// snapshots keep it.
func NameOrder(ds *history.Dataset) []uint32 {
	type keyed struct {
		key, id string
		at      uint32
	}
	// Each name folded once, not once per comparison.
	keys := make([]keyed, 0, len(ds.Entities)+len(ds.Events))
	for i := range ds.Entities {
		e := &ds.Entities[i]
		keys = append(keys, keyed{strings.ToLower(e.Name), string(e.ID), uint32(len(keys))})
	}
	for i := range ds.Events {
		e := &ds.Events[i]
		keys = append(keys, keyed{strings.ToLower(e.Name), string(e.ID), uint32(len(keys))})
	}
	slices.SortFunc(keys, func(a, b keyed) int {
		return cmp.Or(strings.Compare(a.key, b.key), strings.Compare(a.id, b.id), cmp.Compare(a.at, b.at))
	})
	out := make([]uint32, len(keys))
	for i := range keys {
		out[i] = keys[i].at
	}
	return out
}

// fits reports whether order is a name order of ds's records: each of
// them once.
func fits(ds *history.Dataset, order []uint32) bool {
	n := len(ds.Entities) + len(ds.Events)
	if len(order) != n {
		return false
	}
	seen := make([]bool, n)
	for _, at := range order {
		if int(at) >= n || seen[at] {
			return false
		}
		seen[at] = true
	}
	return true
}

// fileByKind lists the ids of each kind in name order.
func (c *Catalog) fileByKind(ds *history.Dataset, order []uint32) {
	for _, at := range order {
		if int(at) < len(ds.Entities) {
			e := &ds.Entities[at]
			c.byKind[e.Kind] = append(c.byKind[e.Kind], e.ID)
		} else {
			c.byKind[history.KindEvent] = append(c.byKind[history.KindEvent], ds.Events[int(at)-len(ds.Entities)].ID)
		}
	}
}

// fileParticipations files the participations in events, which come in
// time order, under their entities: in that order too, but for an entity
// taking part in one event twice, ordered by role. Each entity's slice is
// cut from one array with exactly the room its participations need: a
// million small slices grown by appending would be a million allocations,
// each with room to spare. Each participation's entity is looked up once,
// and its place in the array kept for the second pass.
func (c *Catalog) fileParticipations(timeline []*history.Event) {
	slots := make(map[history.ID]int32, len(c.entities))
	var (
		ids    []history.ID // the entity of each slot
		counts []int32      // the participations of each slot
		slotOf []int32      // the slot of each participation, in time order
	)
	take := func(x history.ID) {
		s, ok := slots[x]
		if !ok {
			s = int32(len(ids))
			slots[x] = s
			ids = append(ids, x)
			counts = append(counts, 0)
		}
		counts[s]++
		slotOf = append(slotOf, s)
	}
	for _, e := range timeline {
		for _, p := range e.Participants {
			take(p.Entity)
		}
		if placeTakesPart(e) {
			take(e.Place.Target)
		}
	}
	all := make([]Participation, len(slotOf))
	begin, next := make([]int32, len(ids)), make([]int32, len(ids))
	at := int32(0)
	for s, n := range counts {
		begin[s], next[s] = at, at
		at += n
	}
	k := 0
	put := func(p Participation) {
		s := slotOf[k]
		k++
		i := next[s]
		next[s]++
		all[i] = p
		for ; i > begin[s] && all[i-1].Event == p.Event && all[i-1].Role() > p.Role(); i-- {
			all[i-1], all[i] = all[i], all[i-1]
		}
	}
	for _, e := range timeline {
		for i := range e.Participants {
			put(Participation{Event: e, Index: i})
		}
		if placeTakesPart(e) {
			put(Participation{Event: e, Index: AtPlace})
		}
	}
	c.participations = make(map[history.ID][]Participation, len(ids))
	for s, id := range ids {
		lo, hi := begin[s], begin[s]+counts[s]
		c.participations[id] = all[lo:hi:hi]
	}
}

// timeline returns the events of the catalog in the order compareEvents
// gives, each once.
func (c *Catalog) timeline(events []history.Event) []*history.Event {
	// Each event's bounds are worked out once, not at every comparison.
	type keyed struct {
		undated bool
		lo, hi  int64
		e       *history.Event
	}
	keys := make([]keyed, 0, len(c.events))
	for i := range events {
		e := &events[i]
		if c.events[e.ID] != e {
			continue // an id given twice: the catalog holds the last
		}
		d := eventDate(e)
		k := keyed{undated: d.IsZero(), e: e}
		k.lo, k.hi = d.Bounds()
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b keyed) int {
		if a.undated != b.undated {
			if a.undated {
				return 1
			}
			return -1
		}
		return cmp.Or(cmp.Compare(a.lo, b.lo), cmp.Compare(a.hi, b.hi), cmp.Compare(a.e.ID, b.e.ID))
	})
	out := make([]*history.Event, len(keys))
	for i := range keys {
		out[i] = keys[i].e
	}
	return out
}

func (c *Catalog) addEvent(e *history.Event) {
	c.events[e.ID] = e
	for _, l := range e.Consequences {
		c.causedBy[l.Target] = append(c.causedBy[l.Target], e)
	}
	for _, l := range e.Causes {
		c.consequenceOf[l.Target] = append(c.consequenceOf[l.Target], e)
	}
	eventStatements(e, c.cite)
}

// placeTakesPart reports whether an event's place is not already among its
// participants as its location, and so takes part through the place
// statement (see Participation).
func placeTakesPart(e *history.Event) bool {
	if e.Place == nil {
		return false
	}
	return !slices.ContainsFunc(e.Participants, func(p history.Participation) bool {
		return p.Entity == e.Place.Target && p.Role == history.RoleLocation
	})
}

// cite counts one statement for each distinct source it cites.
func (c *Catalog) cite(cs []history.Citation) {
	eachSource(cs, func(s history.ID) { c.supportOf(s).Statements++ })
}

// supportOf returns what the base counts for a cited id, making the count
// when it has none. Ids that are not sources are counted too, so that a
// source added later finds the statements that already cite it.
func (c *Catalog) supportOf(id history.ID) *Support {
	s := c.support[id]
	if s == nil {
		s = &Support{}
		c.support[id] = s
	}
	return s
}

func (c *Catalog) sortAll() {
	for _, rs := range c.relationsOf {
		slices.SortFunc(rs, compareRelations)
	}
	for _, cs := range c.claimsOf {
		slices.SortFunc(cs, compareClaims)
	}
	for _, s := range c.support {
		slices.Sort(s.Claims)
	}
}

// compareParticipations orders an entity's participations: by event in
// time, then by role.
func compareParticipations(a, b Participation) int {
	return cmp.Or(compareEvents(a.Event, b.Event), cmp.Compare(a.Role(), b.Role()))
}

// compareRelations orders the relations of an entity by start, then id.
func compareRelations(a, b *history.Relation) int {
	ae, _ := a.Start.When().Bounds()
	be, _ := b.Start.When().Bounds()
	return cmp.Or(cmp.Compare(ae, be), cmp.Compare(a.ID, b.ID))
}

// compareClaims orders the claims about a subject by property, then id.
func compareClaims(a, b *history.Claim) int {
	return cmp.Or(cmp.Compare(a.Property, b.Property), cmp.Compare(a.ID, b.ID))
}

// compareEvents orders events in time: by earliest bound (an uncertain date
// sorts by its earliest bound), then by latest, then by id; undated events
// come last.
func compareEvents(a, b *history.Event) int {
	ad, bd := eventDate(a), eventDate(b)
	if ad.IsZero() != bd.IsZero() {
		if ad.IsZero() {
			return 1
		}
		return -1
	}
	alo, ahi := ad.Bounds()
	blo, bhi := bd.Bounds()
	return cmp.Or(cmp.Compare(alo, blo), cmp.Compare(ahi, bhi), cmp.Compare(a.ID, b.ID))
}

func eventDate(e *history.Event) history.Date {
	if e == nil || e.Date == nil {
		return history.Date{}
	}
	return e.Date.Date
}

func (c *Catalog) name(id history.ID) string {
	if e, ok := c.Entity(id); ok {
		return e.Name
	}
	if e, ok := c.Event(id); ok {
		return e.Name
	}
	return string(id)
}
