package history

import "strings"

// StoredRecord is what a Validator needs to know of a stored record that
// no part defines: its kind ("relation" and "claim" for statements),
// whether it is withdrawn, and for an event its parent.
type StoredRecord struct {
	Kind      Kind
	Retracted bool
	Parent    ID
}

// Lookup has the Validator ask fn about every id that the parts refer to
// and do not define, once each, instead of taking the whole store with
// Known: a change to a large store checks its records against the few
// stored ones they name. fn reports false for an id that names nothing.
// Call it before Add.
func (x *Validator) Lookup(fn func(ID) (StoredRecord, bool)) {
	x.v.lookup = fn
	x.v.looked = map[ID]bool{}
}

// lookUp learns what the store holds under id, if the parts do not
// define it and a lookup is set.
func (v *validator) lookUp(id ID) {
	if v.lookup == nil || id == "" || v.looked[id] {
		return
	}
	v.looked[id] = true
	if _, ok := v.defined[id]; ok {
		return
	}
	rec, ok := v.lookup(id)
	if !ok {
		return
	}
	switch rec.Kind {
	case "claim":
		v.claims[id] = true
	case "relation":
	default:
		v.kinds[id] = rec.Kind
	}
	if rec.Retracted {
		v.retracted[id] = true
	}
	if rec.Parent != "" {
		if v.storedParents == nil {
			v.storedParents = map[ID]ID{}
		}
		v.storedParents[id] = rec.Parent
	}
}

// parentOf is the parent of event id, from the parts or else the store.
func (v *validator) parentOf(id ID) ID {
	if l, ok := v.parents[id]; ok {
		return l.Target
	}
	v.lookUp(id)
	return v.storedParents[id]
}

// withdrawn notes whether the record about to be checked is retracted,
// and checks its retraction: a reason, and citations of sources with
// locators if it has any.
func (v *validator) withdrawn(id ID, at Position, r *Retracted) {
	v.inRetracted = r != nil
	if r == nil {
		return
	}
	if strings.TrimSpace(r.Reason) == "" {
		v.add(at, id, "retracted", "a retraction needs a reason")
	}
	if len(r.Citations) > 0 {
		v.cited(at, id, "retracted", r.Citations)
	}
}

// markRetracted notes the withdrawn records of the part being added,
// before any reference to them is checked.
func (v *validator) markRetracted() {
	ds := v.ds
	for _, r := range ds.Sources {
		v.markIf(r.ID, r.Retracted)
	}
	for _, r := range ds.Entities {
		v.markIf(r.ID, r.Retracted)
	}
	for _, r := range ds.Events {
		v.markIf(r.ID, r.Retracted)
	}
	for _, r := range ds.Relations {
		v.markIf(r.ID, r.Retracted)
	}
	for _, r := range ds.Claims {
		v.markIf(r.ID, r.Retracted)
	}
}

func (v *validator) markIf(id ID, r *Retracted) {
	if r != nil {
		v.retracted[id] = true
	}
}
