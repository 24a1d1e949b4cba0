package store

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/memoria-history/memoria/internal/history"
)

// A load compares its records with the stored ones: a record stored with
// the same content is skipped, one stored with other content is a
// conflict.

// diff splits the records of ds into those new to the store, those stored
// already with the same content (counted in res.Unchanged), and the ids of
// those stored with different content. A record repeated in ds stays in
// fresh so that validation reports the duplicate.
func diff(stored, ds *history.Dataset) (fresh *history.Dataset, res LoadResult, conflicts []string) {
	return newDiffer(stored).part(ds)
}

// differ compares records with the stored ones, part by part.
type differ struct {
	cmp  canon
	have map[history.ID]any // the canonical form of each stored record
	seen map[history.ID]bool
	res  LoadResult // of the part being compared
	// conflicts are the ids of the part's records stored with other content.
	conflicts []string
}

func newDiffer(stored *history.Dataset) *differ {
	d := &differ{cmp: canon{edtfOnly: true}, have: map[history.ID]any{}, seen: map[history.ID]bool{}}
	haveAll(d, stored.Sources, sourceID, d.cmp.source)
	haveAll(d, stored.Entities, entityID, d.cmp.entity)
	haveAll(d, stored.Events, eventID, d.cmp.event)
	haveAll(d, stored.Relations, relationID, d.cmp.relation)
	haveAll(d, stored.Claims, claimID, d.cmp.claim)
	return d
}

// part splits the records of one part, as diff does.
func (d *differ) part(ds *history.Dataset) (fresh *history.Dataset, res LoadResult, conflicts []string) {
	d.res, d.conflicts = LoadResult{}, nil
	fresh = &history.Dataset{
		Sources:   newOnly(d, ds.Sources, sourceID, d.cmp.source),
		Entities:  newOnly(d, ds.Entities, entityID, d.cmp.entity),
		Events:    newOnly(d, ds.Events, eventID, d.cmp.event),
		Relations: newOnly(d, ds.Relations, relationID, d.cmp.relation),
		Claims:    newOnly(d, ds.Claims, claimID, d.cmp.claim),
	}
	d.res.Records = len(fresh.Sources) + len(fresh.Entities) + len(fresh.Events) + len(fresh.Relations) + len(fresh.Claims)
	return fresh, d.res, d.conflicts
}

// isNew reports whether the record id is new to the store, counting it in
// d.res.Unchanged or d.conflicts if not; form gives its canonical form,
// needed only if the id is stored. A record whose id comes again is new,
// so that validation reports the duplicate.
func (d *differ) isNew(id history.ID, form func() any) bool {
	old, ok := d.have[id]
	if !ok || d.seen[id] {
		return true
	}
	d.seen[id] = true
	if reflect.DeepEqual(old, form()) {
		d.res.Unchanged++
	} else {
		d.conflicts = append(d.conflicts, string(id))
	}
	return false
}

// haveAll remembers the canonical form of each stored record of a kind.
func haveAll[R any](d *differ, rs []R, id func(*R) history.ID, form func(R) R) {
	for i := range rs {
		d.have[id(&rs[i])] = form(rs[i])
	}
}

// newOnly returns the records of a kind that are new to the store.
func newOnly[R any](d *differ, rs []R, id func(*R) history.ID, form func(R) R) []R {
	var out []R
	for i := range rs {
		r := &rs[i]
		if d.isNew(id(r), func() any { return form(*r) }) {
			out = append(out, *r)
		}
	}
	return out
}

func sourceID(r *history.Source) history.ID     { return r.ID }
func entityID(r *history.Entity) history.ID     { return r.ID }
func eventID(r *history.Event) history.ID       { return r.ID }
func relationID(r *history.Relation) history.ID { return r.ID }
func claimID(r *history.Claim) history.ID       { return r.ID }

// union returns the records of a and b together.
func union(a, b *history.Dataset) *history.Dataset {
	return &history.Dataset{
		Sources:   append(append([]history.Source(nil), a.Sources...), b.Sources...),
		Entities:  append(append([]history.Entity(nil), a.Entities...), b.Entities...),
		Events:    append(append([]history.Event(nil), a.Events...), b.Events...),
		Relations: append(append([]history.Relation(nil), a.Relations...), b.Relations...),
		Claims:    append(append([]history.Claim(nil), a.Claims...), b.Claims...),
	}
}

// conflictError is the error of a load whose records, by these ids, are
// stored with other content.
func conflictError(op string, ids []string) error {
	return &history.Error{
		Code:    history.CodeConflict,
		Op:      op,
		Message: fmt.Sprintf("%d record(s) already stored with different content: %s", len(ids), strings.Join(ids, ", ")),
	}
}
