package catalog

import (
	"cmp"
	"slices"
	"sort"
	"strings"

	"github.com/memoria-history/memoria/internal/cow"
	"github.com/memoria-history/memoria/internal/history"
)

// Apply returns a catalog with the edits applied: each record named
// replaced, added or removed, and every list it is in (its kind's, the
// timeline, the participations, relations and claims of the entities it
// names, the disputes of the claims it touches, what its sources support)
// changed to match, as if the catalog had been built from the dataset the
// change left. c is unchanged and may still be read.
//
// An edit's Old must be the record c holds under its id (nil if none):
// what c listed it under is found from it. The work grows with the size of
// the change and of the lists it touches, not with the catalog.
func (c *Catalog) Apply(ed *history.Edits) *Catalog {
	old := c.d
	if old == nil {
		old = newDelta()
	}
	a := newApplier(c, old)
	for _, e := range ed.Sources {
		a.source(e)
	}
	for _, e := range ed.Entities {
		a.entity(e)
	}
	for _, e := range ed.Events {
		a.event(e)
	}
	for _, e := range ed.Relations {
		a.relation(e)
	}
	for _, e := range ed.Claims {
		a.claim(e)
	}
	a.relinkDisputes()
	out := *c
	out.d = a.done()
	return &out
}

// BaseLen returns how many records the base holds.
func (c *Catalog) BaseLen() int {
	return len(c.entities) + len(c.events) + len(c.sources) + len(c.claims) + len(c.relations)
}

// Changed returns how many records differ from the base: the size of the
// delta, which says when the base is worth rebuilding.
func (c *Catalog) Changed() int {
	if c.d == nil {
		return 0
	}
	return c.d.records()
}

// applier builds a new delta from an old one: each container is edited
// on copies of the parts it touches.
type applier struct {
	c   *Catalog
	old *delta

	entities  *cow.MapEdit[history.ID, *history.Entity]
	events    *cow.MapEdit[history.ID, *history.Event]
	sources   *cow.MapEdit[history.ID, *history.Source]
	claims    *cow.MapEdit[history.ID, *history.Claim]
	relations *cow.MapEdit[history.ID, *history.Relation]

	kinds map[history.Kind]*kindEdit
	dated *timelineEdit

	subEvents      *cow.MapEdit[history.ID, []history.ID]
	participations *cow.MapEdit[history.ID, []Participation]
	relationsOf    *cow.MapEdit[history.ID, []*history.Relation]
	claimsOf       *cow.MapEdit[history.ID, []*history.Claim]
	disputes       *cow.MapEdit[history.ID, []history.ID]
	contradictedBy *cow.MapEdit[history.ID, []history.ID]
	causedBy       *cow.MapEdit[history.ID, []*history.Event]
	consequenceOf  *cow.MapEdit[history.ID, []*history.Event]
	support        map[history.ID]*supportEdit

	// The claims the change replaced, whose disputes are worked out
	// afresh, and for other claims the replaced ones they may have gained
	// or lost a dispute with.
	changedClaims map[history.ID]bool
	related       map[history.ID][]history.ID
	questions     map[*history.Claim]string
}

type kindEdit struct {
	gone  *cow.BitsEdit
	added []keyedID
}

type timelineEdit struct {
	gone  *cow.BitsEdit
	added []datedEvent
}

type supportEdit struct {
	statements int
	claims     *cow.MapEdit[history.ID, bool]
}

func newApplier(c *Catalog, d *delta) *applier {
	return &applier{
		c: c, old: d,
		entities: d.entities.Edit(), events: d.events.Edit(), sources: d.sources.Edit(),
		claims: d.claims.Edit(), relations: d.relations.Edit(),
		kinds:          map[history.Kind]*kindEdit{},
		subEvents:      d.subEvents.Edit(),
		participations: d.participations.Edit(),
		relationsOf:    d.relationsOf.Edit(),
		claimsOf:       d.claimsOf.Edit(),
		disputes:       d.disputes.Edit(),
		contradictedBy: d.contradictedBy.Edit(),
		causedBy:       d.causedBy.Edit(),
		consequenceOf:  d.consequenceOf.Edit(),
		support:        map[history.ID]*supportEdit{},
		changedClaims:  map[history.ID]bool{},
		related:        map[history.ID][]history.ID{},
		questions:      map[*history.Claim]string{},
	}
}

// done seals the new delta.
func (a *applier) done() *delta {
	d := &delta{
		entities: a.entities.Done(), events: a.events.Done(), sources: a.sources.Done(),
		claims: a.claims.Done(), relations: a.relations.Done(),
		byKind:         make(map[history.Kind]*kindDelta, len(a.old.byKind)+len(a.kinds)),
		dated:          a.old.dated,
		subEvents:      a.subEvents.Done(),
		participations: a.participations.Done(),
		relationsOf:    a.relationsOf.Done(),
		claimsOf:       a.claimsOf.Done(),
		disputes:       a.disputes.Done(),
		contradictedBy: a.contradictedBy.Done(),
		causedBy:       a.causedBy.Done(),
		consequenceOf:  a.consequenceOf.Done(),
		idsOnce:        map[history.Kind]*onceIDs{},
	}
	for k, kd := range a.old.byKind {
		d.byKind[k] = kd
	}
	for k, ke := range a.kinds {
		d.byKind[k] = &kindDelta{gone: ke.gone.Done(), added: ke.added}
	}
	for k := range d.byKind {
		d.idsOnce[k] = &onceIDs{}
	}
	if a.dated != nil {
		d.dated = &timelineDelta{gone: a.dated.gone.Done(), added: a.dated.added}
	}
	support := a.old.support.Edit()
	for id, se := range a.support {
		support.Set(id, &supportDelta{statements: se.statements, claims: se.claims.Done()})
	}
	d.support = support.Done()
	return d
}

// record files a record's new version (nil: gone) in the delta. A record
// the base does not hold that is gone is simply dropped.
func record[T any](m *cow.MapEdit[history.ID, *T], base map[history.ID]*T, e history.Edit[T]) {
	if _, inBase := base[e.ID]; e.New == nil && !inBase {
		m.Delete(e.ID)
		return
	}
	m.Set(e.ID, e.New)
}

// isBase reports whether the record c holds under id is the base's own:
// the old delta has not replaced it.
func isBase[T any](d cow.Map[history.ID, *T], id history.ID) bool {
	_, changed := d.Get(id)
	return !changed
}

func (a *applier) source(e history.Edit[history.Source]) {
	record(a.sources, a.c.sources, e)
}

func (a *applier) entity(e history.Edit[history.Entity]) {
	record(a.entities, a.c.entities, e)
	if e.Old != nil {
		a.unlist(e.Old.Kind, e.ID, e.Old.Name, isBase(a.old.entities, e.ID))
		entityStatements(e.Old, a.uncite)
	}
	if e.New != nil {
		a.list(e.New.Kind, e.ID, e.New.Name)
		entityStatements(e.New, a.cite)
	}
}

func (a *applier) event(e history.Edit[history.Event]) {
	record(a.events, a.c.events, e)
	inBase := isBase(a.old.events, e.ID)
	var parents, who []history.ID
	if o := e.Old; o != nil {
		a.unlist(history.KindEvent, e.ID, o.Name, inBase)
		a.untime(o, inBase)
		eventStatements(o, a.uncite)
		if o.Parent != nil {
			parents = append(parents, o.Parent.Target)
		}
		who = append(who, parties(o)...)
	}
	if n := e.New; n != nil {
		a.list(history.KindEvent, e.ID, n.Name)
		a.time(n)
		eventStatements(n, a.cite)
		if n.Parent != nil {
			parents = append(parents, n.Parent.Target)
		}
		who = append(who, parties(n)...)
	}
	a.relink(e)
	for _, p := range distinct(parents) {
		a.resortSubEvents(p, e)
	}
	for _, x := range distinct(who) {
		a.replaceParticipations(x, e)
	}
}

func (a *applier) relation(e history.Edit[history.Relation]) {
	record(a.relations, a.c.relations, e)
	var ends []history.ID
	if o := e.Old; o != nil {
		relationStatements(o, a.uncite)
		ends = append(ends, o.Subject, o.Object)
	}
	if n := e.New; n != nil {
		relationStatements(n, a.cite)
		ends = append(ends, n.Subject, n.Object)
	}
	// A relation of an entity with itself is listed twice, as the base
	// lists it: once for each end.
	ends2 := func(r *history.Relation, x history.ID) []*history.Relation {
		var out []*history.Relation
		if r != nil && r.Subject == x {
			out = append(out, r)
		}
		if r != nil && r.Object == x {
			out = append(out, r)
		}
		return out
	}
	for _, x := range distinct(ends) {
		l := resorted(a.relationsOf1(x), compareRelations, ends2(e.Old, x), ends2(e.New, x))
		a.relationsOf.Set(x, l)
	}
}

// resorted returns a copy of l, a list in cmp's order, without the
// elements del and with the elements add, each put in its place: a list
// of thousands (the events of a busy official) costs a copy, not a sort.
func resorted[T any](l []T, cmp func(a, b T) int, del, add []T) []T {
	out := make([]T, len(l), len(l)+len(add))
	copy(out, l)
	for _, x := range del {
		if i, ok := slices.BinarySearchFunc(out, x, cmp); ok {
			out = slices.Delete(out, i, i+1)
		}
	}
	for _, x := range add {
		i, _ := slices.BinarySearchFunc(out, x, cmp)
		out = slices.Insert(out, i, x)
	}
	return nilIfEmpty(out)
}

// isBaseNow reports whether this change left the record under id alone.
func isBaseNow[T any](m *cow.MapEdit[history.ID, *T], id history.ID) bool {
	_, changed := m.Get(id)
	return !changed
}

// The current state, as the change has left it so far.

func (a *applier) currentClaim(id history.ID) (*history.Claim, bool) {
	if c, ok := a.claims.Get(id); ok {
		return c, c != nil
	}
	c, ok := a.c.claims[id]
	return c, ok
}

func (a *applier) currentEvent(id history.ID) *history.Event {
	if e, ok := a.events.Get(id); ok {
		return e
	}
	return a.c.events[id]
}

func (a *applier) relationsOf1(id history.ID) []*history.Relation {
	return current(a.relationsOf, a.c.relationsOf, id)
}

func (a *applier) claimsAbout(id history.ID) []*history.Claim {
	return current(a.claimsOf, a.c.claimsOf, id)
}

func (a *applier) contradictors(id history.ID) []history.ID {
	l, _ := a.contradictedBy.Get(id)
	return l
}

func current[T any](m *cow.MapEdit[history.ID, []T], base map[history.ID][]T, id history.ID) []T {
	if l, ok := m.Get(id); ok {
		return l
	}
	return base[id]
}

// resortSubEvents takes event e out of parent p's list, puts its new
// version back if p is still its parent, and sorts the list in time.
func (a *applier) resortSubEvents(p history.ID, e history.Edit[history.Event]) {
	// The list is in the order of the records it was made with: e's old
	// one, the current one of the others.
	l := slices.Clone(current(a.subEvents, a.c.subEvents, p))
	if o := e.Old; o != nil && o.Parent != nil && o.Parent.Target == p {
		i, ok := slices.BinarySearchFunc(l, o, func(x history.ID, o *history.Event) int {
			if x == e.ID {
				return 0
			}
			return compareEvents(a.currentEvent(x), o)
		})
		if ok {
			l = slices.Delete(l, i, i+1)
		}
	}
	if n := e.New; n != nil && n.Parent != nil && n.Parent.Target == p {
		i, _ := slices.BinarySearchFunc(l, n, func(x history.ID, n *history.Event) int { return compareEvents(a.currentEvent(x), n) })
		l = slices.Insert(l, i, e.ID)
	}
	a.subEvents.Set(p, nilIfEmpty(l))
}

// replaceParticipations takes event e out of entity x's participations and
// puts back those of its new version.
func (a *applier) replaceParticipations(x history.ID, e history.Edit[history.Event]) {
	of := func(ev *history.Event) []Participation {
		var out []Participation
		if ev != nil {
			for i, p := range ev.Participants {
				if p.Entity == x {
					out = append(out, Participation{Event: ev, Index: i})
				}
			}
			if placeTakesPart(ev) && ev.Place.Target == x {
				out = append(out, Participation{Event: ev, Index: AtPlace})
			}
		}
		return out
	}
	a.participations.Set(x, resorted(current(a.participations, a.c.participations, x), compareParticipations, of(e.Old), of(e.New)))
}

// cite and uncite count the statements of a record's new and old
// versions: one for each distinct source a statement cites.
func (a *applier) cite(cs []history.Citation) {
	eachSource(cs, func(s history.ID) { a.supportEdit(s).statements++ })
}

func (a *applier) uncite(cs []history.Citation) {
	eachSource(cs, func(s history.ID) { a.supportEdit(s).statements-- })
}

func (a *applier) supportEdit(s history.ID) *supportEdit {
	se := a.support[s]
	if se == nil {
		se = &supportEdit{claims: cow.NewMap[history.ID, bool](cow.HashString).Edit()}
		if old, ok := a.old.support.Get(s); ok {
			se.statements, se.claims = old.statements, old.claims.Edit()
		}
		a.support[s] = se
	}
	return se
}

// citedSources lists the distinct sources cs cites.
func citedSources(cs []history.Citation) []history.ID {
	var out []history.ID
	eachSource(cs, func(s history.ID) { out = append(out, s) })
	return out
}

// kind returns the edit of a kind's list, made on first use.
func (a *applier) kind(k history.Kind) *kindEdit {
	ke := a.kinds[k]
	if ke == nil {
		ke = &kindEdit{}
		if old := a.old.byKind[k]; old != nil {
			ke.gone, ke.added = old.gone.Edit(), slices.Clone(old.added)
		} else {
			ke.gone = cow.Bits{}.Edit()
		}
		a.kinds[k] = ke
	}
	return ke
}

// unlist takes the record under id, named name, out of its kind's list:
// from the base's (inBase), or from what the delta added.
func (a *applier) unlist(k history.Kind, id history.ID, name string, inBase bool) {
	ke := a.kind(k)
	key := strings.ToLower(name)
	if inBase {
		base := a.c.byKind[k]
		if i := a.basePosition(k, key, id); i < len(base) && base[i] == id {
			ke.gone.Set(int32(i))
		}
		return
	}
	if i, ok := slices.BinarySearchFunc(ke.added, keyedID{key: key, id: id}, compareKeyed); ok {
		ke.added = slices.Delete(ke.added, i, i+1)
	}
}

// list puts the record under id, named name, into its kind's list.
func (a *applier) list(k history.Kind, id history.ID, name string) {
	ke := a.kind(k)
	x := keyedID{key: strings.ToLower(name), id: id}
	x.at = int32(a.basePosition(k, x.key, id))
	i, _ := slices.BinarySearchFunc(ke.added, x, compareKeyed)
	ke.added = slices.Insert(ke.added, i, x)
}

// basePosition returns the first position in the base's list of kind k
// whose record sorts at or after (key, id).
func (a *applier) basePosition(k history.Kind, key string, id history.ID) int {
	base := a.c.byKind[k]
	return sort.Search(len(base), func(i int) bool {
		return compareKeyed(keyedID{key: strings.ToLower(a.c.baseName(base[i])), id: base[i]}, keyedID{key: key, id: id}) >= 0
	})
}

func compareKeyed(x, y keyedID) int {
	return cmp.Or(strings.Compare(x.key, y.key), cmp.Compare(x.id, y.id))
}

// baseName is the name under which the base lists id.
func (c *Catalog) baseName(id history.ID) string {
	if e, ok := c.entities[id]; ok {
		return e.Name
	}
	if e, ok := c.events[id]; ok {
		return e.Name
	}
	return string(id)
}

// timeline returns the edit of the timeline, made on first use.
func (a *applier) timeline() *timelineEdit {
	if a.dated == nil {
		a.dated = &timelineEdit{gone: a.old.dated.gone.Edit(), added: slices.Clone(a.old.dated.added)}
	}
	return a.dated
}

// untime takes an event's old version off the timeline.
func (a *applier) untime(e *history.Event, inBase bool) {
	if eventDate(e).IsZero() {
		return
	}
	t := a.timeline()
	if inBase {
		evs := a.c.dated.events
		if i := sort.Search(len(evs), func(i int) bool { return compareEvents(evs[i], e) >= 0 }); i < len(evs) && evs[i].ID == e.ID {
			t.gone.Set(int32(i))
		}
		return
	}
	if i, ok := slices.BinarySearchFunc(t.added, e, func(x datedEvent, e *history.Event) int { return compareEvents(x.e, e) }); ok {
		t.added = slices.Delete(t.added, i, i+1)
	}
}

// time puts an event's new version on the timeline, if it is dated.
func (a *applier) time(e *history.Event) {
	if eventDate(e).IsZero() {
		return
	}
	t := a.timeline()
	evs := a.c.dated.events
	x := datedEvent{e: e, at: int32(sort.Search(len(evs), func(i int) bool { return compareEvents(evs[i], e) > 0 }))}
	x.lo, x.hi = eventDate(e).Bounds()
	i, _ := slices.BinarySearchFunc(t.added, e, func(x datedEvent, e *history.Event) int { return compareEvents(x.e, e) })
	t.added = slices.Insert(t.added, i, x)
}

// distinct returns ids without repeats, in first-seen order.
func distinct(ids []history.ID) []history.ID {
	var out []history.ID
	for _, id := range ids {
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

func nilIfEmpty[T any](l []T) []T {
	if len(l) == 0 {
		return nil
	}
	return l
}
