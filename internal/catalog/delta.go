package catalog

import (
	"sync"

	"github.com/memoria-history/memoria/internal/cow"
	"github.com/memoria-history/memoria/internal/history"
)

// delta is what the changes applied to a catalog since its base was built
// left different: the records changed, by id (nil for a record removed or
// retracted), and the derived lists those records changed, each whole.
// Look-ups read the delta first and the base after. A delta is immutable:
// Apply makes a new one that shares all but what its change touched (see
// package cow), so applying a change costs in proportion to the change
// and never copies the base.
type delta struct {
	entities  cow.Map[history.ID, *history.Entity]
	events    cow.Map[history.ID, *history.Event]
	sources   cow.Map[history.ID, *history.Source]
	claims    cow.Map[history.ID, *history.Claim]
	relations cow.Map[history.ID, *history.Relation]

	byKind map[history.Kind]*kindDelta
	dated  *timelineDelta

	subEvents      cow.Map[history.ID, []history.ID]
	participations cow.Map[history.ID, []Participation]
	relationsOf    cow.Map[history.ID, []*history.Relation]
	claimsOf       cow.Map[history.ID, []*history.Claim]
	disputes       cow.Map[history.ID, []history.ID]
	// contradictedBy lists, by claim id, the changed claims that name it
	// among their Contradicts; the base's disputes know the others.
	contradictedBy cow.Map[history.ID, []history.ID]
	// The events that state a causal link, by the event they name, as the
	// base's causedBy and consequenceOf, in id order.
	causedBy      cow.Map[history.ID, []*history.Event]
	consequenceOf cow.Map[history.ID, []*history.Event]
	support       cow.Map[history.ID, *supportDelta]

	// Lists merged from the base and the delta when first asked for.
	idsOnce     map[history.Kind]*onceIDs
	sourcesOnce sync.Once
	sourceList  []*history.Source
}

func newDelta() *delta {
	return &delta{
		entities:       cow.NewMap[history.ID, *history.Entity](cow.HashString),
		events:         cow.NewMap[history.ID, *history.Event](cow.HashString),
		sources:        cow.NewMap[history.ID, *history.Source](cow.HashString),
		claims:         cow.NewMap[history.ID, *history.Claim](cow.HashString),
		relations:      cow.NewMap[history.ID, *history.Relation](cow.HashString),
		byKind:         map[history.Kind]*kindDelta{},
		dated:          &timelineDelta{},
		subEvents:      cow.NewMap[history.ID, []history.ID](cow.HashString),
		participations: cow.NewMap[history.ID, []Participation](cow.HashString),
		relationsOf:    cow.NewMap[history.ID, []*history.Relation](cow.HashString),
		claimsOf:       cow.NewMap[history.ID, []*history.Claim](cow.HashString),
		disputes:       cow.NewMap[history.ID, []history.ID](cow.HashString),
		contradictedBy: cow.NewMap[history.ID, []history.ID](cow.HashString),
		causedBy:       cow.NewMap[history.ID, []*history.Event](cow.HashString),
		consequenceOf:  cow.NewMap[history.ID, []*history.Event](cow.HashString),
		support:        cow.NewMap[history.ID, *supportDelta](cow.HashString),
	}
}

// records returns how many records the delta holds.
func (d *delta) records() int {
	return d.entities.Len() + d.events.Len() + d.sources.Len() + d.claims.Len() + d.relations.Len()
}

// kindDelta is how the delta changes the base's list of one kind, in name
// order: the base positions of records changed or removed, and the
// current versions of the changed records that are live, in list order,
// each with the base position it comes before.
type kindDelta struct {
	gone  cow.Bits
	added []keyedID
}

type keyedID struct {
	key string // the folded name, as the base sorts by
	id  history.ID
	at  int32
}

// timelineDelta is how the delta changes the base's timeline: the base
// positions of events changed or removed, and the current versions of the
// changed events that are dated, in time order, each with the base
// position it comes before.
type timelineDelta struct {
	gone  cow.Bits
	added []datedEvent
}

type datedEvent struct {
	e      *history.Event
	lo, hi int64
	at     int32
}

// supportDelta is how the delta changes what one id (a source, or an id
// that is not one yet) is cited by: the statements added to or taken from
// the base's count, and whether each changed claim cites it now.
type supportDelta struct {
	statements int
	claims     cow.Map[history.ID, bool]
}

// onceIDs is a kind's list merged from the base and the delta, made once.
type onceIDs struct {
	once sync.Once
	ids  []history.ID
}
