package synth

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/memoria-history/memoria/internal/history"
)

// Changer makes random changes to a dataset, as a team of curators
// would: records of every kind created, corrected and retracted, a commit
// at a time, with names drawn from the dataset's own words so that new
// names collide with old ones in a search. It keeps the records as the
// changes leave them, so that a test can compare an index that followed
// the changes with one built afresh from the result. Retracted records
// stay referenced where they were (a relation to a retracted person
// stays), and a retracted id is now and then created again, so that the
// indexes meet both.
type Changer struct {
	r     *rand.Rand
	recs  map[history.ID]any // the current version of each record, by id
	ids   map[history.Kind][]history.ID
	pos   map[history.ID]int // place in ids[kind]
	gone  []history.ID       // retracted ids, which may come back
	words []string
	next  int
	// mirror holds, by event, an event that states it as a consequence:
	// the next link drawn for the first states the link back, as a cause.
	mirror      map[history.ID]history.ID
	mirrorOrder []history.ID // the keys of mirror, oldest first
}

// Statement kinds the Changer files under ids of their own kinds.
const (
	kindRelation history.Kind = "relation"
	kindClaim    history.Kind = "claim"
)

// NewChanger starts changing a copy of ds; seed chooses the changes.
func NewChanger(ds *history.Dataset, seed uint64) *Changer {
	c := &Changer{r: rand.New(rand.NewPCG(seed, seed^0x5eed)), recs: map[history.ID]any{}, ids: map[history.Kind][]history.ID{}, pos: map[history.ID]int{}, mirror: map[history.ID]history.ID{}}
	for _, s := range ds.Sources {
		c.put(s.ID, s)
	}
	for _, e := range ds.Entities {
		c.put(e.ID, e)
		c.words = append(c.words, strings.Fields(e.Name)...)
	}
	for _, e := range ds.Events {
		c.put(e.ID, e)
	}
	for _, r := range ds.Relations {
		c.put(r.ID, r)
	}
	for _, cl := range ds.Claims {
		c.put(cl.ID, cl)
	}
	if len(c.words) == 0 {
		c.words = []string{"Ivan", "Petrov", "Anna", "Smirnova"}
	}
	if len(c.ids[history.KindSource]) == 0 {
		c.put("source/changer", history.Source{ID: "source/changer", Title: "Changes", Kind: history.SourceDatabase})
	}
	return c
}

// kindOf files a record: entities by their kind, statements by theirs.
func kindOf(rec any) history.Kind {
	switch r := rec.(type) {
	case history.Entity:
		return r.Kind
	case history.Event:
		return history.KindEvent
	case history.Source:
		return history.KindSource
	case history.Relation:
		return kindRelation
	}
	return kindClaim
}

func (c *Changer) put(id history.ID, rec any) {
	if _, ok := c.recs[id]; !ok {
		k := kindOf(rec)
		c.pos[id] = len(c.ids[k])
		c.ids[k] = append(c.ids[k], id)
	}
	c.recs[id] = rec
}

func (c *Changer) remove(id history.ID) {
	rec, ok := c.recs[id]
	if !ok {
		return
	}
	k := kindOf(rec)
	ids, i := c.ids[k], c.pos[id]
	last := ids[len(ids)-1]
	ids[i], c.pos[last] = last, i
	c.ids[k] = ids[:len(ids)-1]
	delete(c.pos, id)
	delete(c.recs, id)
	c.gone = append(c.gone, id)
}

// pick returns a random current id of one of the kinds, or "" if there is
// none.
func (c *Changer) pick(kinds ...history.Kind) history.ID {
	n := 0
	for _, k := range kinds {
		n += len(c.ids[k])
	}
	if n == 0 {
		return ""
	}
	i := c.r.IntN(n)
	for _, k := range kinds {
		if i < len(c.ids[k]) {
			return c.ids[k][i]
		}
		i -= len(c.ids[k])
	}
	return ""
}

// Next draws a change of n records (fewer if the dataset is too small to
// give n) and applies it. It returns the records the change touched as
// they were and as they are, as the store's commit gives them: a record
// created is only in after, one retracted only in before.
func (c *Changer) Next(n int) (before, after *history.Dataset) {
	before, after = &history.Dataset{}, &history.Dataset{}
	touched := map[history.ID]bool{}
	for tries := 0; len(touched) < n && tries < 20*n; tries++ {
		id, rec := c.draw()
		if id == "" || touched[id] {
			continue
		}
		touched[id] = true
		if old, ok := c.recs[id]; ok {
			addRecord(before, old)
		}
		if rec == nil {
			c.remove(id)
			continue
		}
		if i := slices.Index(c.gone, id); i >= 0 {
			c.gone = slices.Delete(c.gone, i, i+1)
		}
		c.put(id, rec)
		addRecord(after, rec)
	}
	return before, after
}

// Dataset returns the records as the changes have left them, each list in
// id order, as the store would give them.
func (c *Changer) Dataset() *history.Dataset {
	ds := &history.Dataset{}
	for _, rec := range c.recs {
		addRecord(ds, rec)
	}
	slices.SortFunc(ds.Sources, func(a, b history.Source) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(ds.Entities, func(a, b history.Entity) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(ds.Events, func(a, b history.Event) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(ds.Relations, func(a, b history.Relation) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(ds.Claims, func(a, b history.Claim) int { return cmp.Compare(a.ID, b.ID) })
	return ds
}

// IDs returns every id the changer has seen, current or retracted, in id
// order: what a test looks up.
func (c *Changer) IDs() []history.ID {
	out := slices.Clone(c.gone)
	for id := range c.recs {
		out = append(out, id)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func addRecord(ds *history.Dataset, rec any) {
	switch r := rec.(type) {
	case history.Source:
		ds.Sources = append(ds.Sources, r)
	case history.Entity:
		ds.Entities = append(ds.Entities, r)
	case history.Event:
		ds.Events = append(ds.Events, r)
	case history.Relation:
		ds.Relations = append(ds.Relations, r)
	case history.Claim:
		ds.Claims = append(ds.Claims, r)
	}
}

// newID makes an id of kind k that no record has had.
func (c *Changer) newID(k history.Kind) history.ID {
	c.next++
	return history.ID(fmt.Sprintf("%s/changed-%06d", k, c.next))
}

// draw picks a change to one record: its id and its new version, nil to
// retract it.
func (c *Changer) draw() (history.ID, any) {
	kinds := []history.Kind{history.KindPerson, history.KindGroup, history.KindPlace, history.KindWork, history.KindEvent, kindRelation, kindClaim, history.KindSource}
	k := kinds[c.r.IntN(len(kinds))]
	switch x := c.r.IntN(20); {
	case x < 7: // create
		if len(c.gone) > 0 && c.r.IntN(4) == 0 {
			id := c.gone[c.r.IntN(len(c.gone))]
			return id, c.make(id.Kind(), id)
		}
		id := c.newID(k)
		return id, c.make(k, id)
	case x < 16: // correct
		id := c.pick(k)
		if k == history.KindEvent && c.r.IntN(3) == 0 {
			// An event another one names as a consequence, to state the
			// link back.
			for len(c.mirrorOrder) > 0 {
				t := c.mirrorOrder[0]
				c.mirrorOrder = c.mirrorOrder[1:]
				if e, ok := c.recs[t].(history.Event); ok && c.mirror[t] != "" {
					c.link(&e)
					return t, e
				}
			}
		}
		if id == "" {
			return "", nil
		}
		return id, c.correct(c.recs[id])
	default: // retract
		if k == history.KindSource && c.r.IntN(4) != 0 {
			return "", nil // sources are rarely withdrawn
		}
		return c.pick(k), nil
	}
}

// NextEdits is Next for an index that holds the records the changer
// holds: the change as edits, each record paired with its old version.
func (c *Changer) NextEdits(n int) *history.Edits {
	before, after := c.Next(n)
	return history.Diff(before, after, nil)
}
