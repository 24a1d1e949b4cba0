package history

import (
	"slices"
	"strings"
)

// Edit is what a committed change did to one record, as the read model
// applies it: Old is the record before the change (nil when the change
// created it) and New the record after (nil when the change removed it or
// retracted it, which hides it from the read model).
type Edit[T any] struct {
	ID       ID
	Old, New *T
}

// Edits is a committed change, record by record, each list in id order.
type Edits struct {
	Sources   []Edit[Source]
	Entities  []Edit[Entity]
	Events    []Edit[Event]
	Relations []Edit[Relation]
	Claims    []Edit[Claim]
}

// Len returns the number of records the change touched.
func (e *Edits) Len() int {
	return len(e.Sources) + len(e.Entities) + len(e.Events) + len(e.Relations) + len(e.Claims)
}

// Holder gives the records an index holds, by id: what the edits of a
// change take as their Old.
type Holder interface {
	Source(ID) (*Source, bool)
	Entity(ID) (*Entity, bool)
	Event(ID) (*Event, bool)
	Relation(ID) (*Relation, bool)
	Claim(ID) (*Claim, bool)
}

// Diff pairs the records of a committed change by id: each record of
// after (New) with the record held under its id (Old), and each record of
// before that after lacks, removed. A record of after that is retracted
// is removed too: the read model hides it, as it leaves it out of a
// dataset read at start-up (see Dataset.Standing). The held
// records come from held, or from before when held is nil.
func Diff(before, after *Dataset, held Holder) *Edits {
	if before == nil {
		before = &Dataset{}
	}
	if after == nil {
		after = &Dataset{}
	}
	var h Holder = beforeHolder{before}
	if held != nil {
		h = held
	}
	return &Edits{
		Sources:   pair(before.Sources, after.Sources, func(r *Source) ID { return r.ID }, h.Source, func(r *Source) bool { return r.Retracted != nil }),
		Entities:  pair(before.Entities, after.Entities, func(r *Entity) ID { return r.ID }, h.Entity, func(r *Entity) bool { return r.Retracted != nil }),
		Events:    pair(before.Events, after.Events, func(r *Event) ID { return r.ID }, h.Event, func(r *Event) bool { return r.Retracted != nil }),
		Relations: pair(before.Relations, after.Relations, func(r *Relation) ID { return r.ID }, h.Relation, func(r *Relation) bool { return r.Retracted != nil }),
		Claims:    pair(before.Claims, after.Claims, func(r *Claim) ID { return r.ID }, h.Claim, func(r *Claim) bool { return r.Retracted != nil }),
	}
}

// pair makes the edits of one kind of record, in id order. A record of
// after that hidden reports is an edit without New.
func pair[T any](before, after []T, id func(*T) ID, held func(ID) (*T, bool), hidden func(*T) bool) []Edit[T] {
	var out []Edit[T]
	in := make(map[ID]bool, len(after))
	for i := range after {
		k := id(&after[i])
		in[k] = true
		old, ok := held(k)
		switch {
		case !hidden(&after[i]):
			out = append(out, Edit[T]{ID: k, Old: old, New: &after[i]})
		case ok:
			out = append(out, Edit[T]{ID: k, Old: old})
		}
	}
	for i := range before {
		if k := id(&before[i]); !in[k] {
			if old, ok := held(k); ok {
				out = append(out, Edit[T]{ID: k, Old: old})
			}
		}
	}
	slices.SortFunc(out, func(a, b Edit[T]) int { return strings.Compare(string(a.ID), string(b.ID)) })
	return out
}

// beforeHolder holds the records of a change's before.
type beforeHolder struct{ ds *Dataset }

func (b beforeHolder) Source(id ID) (*Source, bool) {
	return find(b.ds.Sources, id, func(r *Source) ID { return r.ID })
}
func (b beforeHolder) Entity(id ID) (*Entity, bool) {
	return find(b.ds.Entities, id, func(r *Entity) ID { return r.ID })
}
func (b beforeHolder) Event(id ID) (*Event, bool) {
	return find(b.ds.Events, id, func(r *Event) ID { return r.ID })
}
func (b beforeHolder) Relation(id ID) (*Relation, bool) {
	return find(b.ds.Relations, id, func(r *Relation) ID { return r.ID })
}
func (b beforeHolder) Claim(id ID) (*Claim, bool) {
	return find(b.ds.Claims, id, func(r *Claim) ID { return r.ID })
}

// find looks a record up in a change's short list.
func find[T any](rs []T, id ID, of func(*T) ID) (*T, bool) {
	for i := range rs {
		if of(&rs[i]) == id {
			return &rs[i], true
		}
	}
	return nil, false
}
