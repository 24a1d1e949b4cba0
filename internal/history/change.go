package history

import (
	"slices"
	"time"
)

// Change is what one mutation or one dataset load asks the store to do,
// applied all or nothing. Records are replaced whole: a mutation however
// fine (a citation added, a date corrected) reads the record, builds the
// new one and puts it; creating is putting a record under a new id, and
// retracting keeps the record and marks it withdrawn.
type Change struct {
	// Put holds records created or replaced whole, by id.
	Put Dataset
	// Retract lists records withdrawn: kept, with their provenance and
	// the reason, and hidden from default answers.
	Retract []Retraction
	// Expect holds the revision each record had when the writer read it;
	// 0 says the record must not exist. A record that changed since is a
	// conflict (CodeConflict), and nothing of the change is applied.
	Expect map[ID]uint64
}

// Retraction asks for a record to be withdrawn, saying why and, if a
// source says so, citing it.
type Retraction struct {
	ID        ID
	Reason    string
	Citations []Citation
}

// Retracted marks a withdrawn record. The record stays, with everything it
// said and cited, as Wikidata keeps a deprecated statement.
type Retracted struct {
	Reason    string
	Citations []Citation
	Revision  uint64    // the change that withdrew it, set by the store
	At        time.Time // when, set by the store
}

// Touches lists the ids the change writes, each once: those of Put, then
// those of Retract.
func (c *Change) Touches() []ID {
	ids := c.Put.IDs()
	for _, r := range c.Retract {
		if !slices.Contains(ids, r.ID) {
			ids = append(ids, r.ID)
		}
	}
	return ids
}

// IsEmpty reports whether the change asks for nothing to be written.
func (c *Change) IsEmpty() bool { return c.Put.Len() == 0 && len(c.Retract) == 0 }

// Len is the number of records in the dataset.
func (ds *Dataset) Len() int {
	return len(ds.Sources) + len(ds.Entities) + len(ds.Events) + len(ds.Relations) + len(ds.Claims)
}

// IDs lists the ids of the dataset's records, each once, in the order of
// the record lists: sources, entities, events, relations, claims.
func (ds *Dataset) IDs() []ID {
	ids := make([]ID, 0, ds.Len())
	seen := make(map[ID]bool, ds.Len())
	add := func(id ID) {
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	for _, r := range ds.Sources {
		add(r.ID)
	}
	for _, r := range ds.Entities {
		add(r.ID)
	}
	for _, r := range ds.Events {
		add(r.ID)
	}
	for _, r := range ds.Relations {
		add(r.ID)
	}
	for _, r := range ds.Claims {
		add(r.ID)
	}
	return ids
}

// Standing returns the dataset without its retracted records: what
// default answers show. It returns ds itself when nothing is retracted.
// A standing record never refers to a retracted one (validation refuses
// it), so the result is whole.
func (ds *Dataset) Standing() *Dataset {
	out := ds.Select(func(_ ID, r *Retracted) bool { return r == nil })
	if out.Len() == ds.Len() {
		return ds
	}
	return out
}

// Select returns a dataset of the records of ds that keep chooses, by
// their ids and retractions, in their order. The lists are new; the
// records are copies that share their lists with ds's.
func (ds *Dataset) Select(keep func(id ID, r *Retracted) bool) *Dataset {
	return &Dataset{
		Sources:   selected(ds.Sources, func(r *Source) bool { return keep(r.ID, r.Retracted) }),
		Entities:  selected(ds.Entities, func(r *Entity) bool { return keep(r.ID, r.Retracted) }),
		Events:    selected(ds.Events, func(r *Event) bool { return keep(r.ID, r.Retracted) }),
		Relations: selected(ds.Relations, func(r *Relation) bool { return keep(r.ID, r.Retracted) }),
		Claims:    selected(ds.Claims, func(r *Claim) bool { return keep(r.ID, r.Retracted) }),
	}
}

func selected[T any](records []T, keep func(*T) bool) []T {
	var out []T
	for i := range records {
		if keep(&records[i]) {
			out = append(out, records[i])
		}
	}
	return out
}

// EachRecord calls fn with the id, revision and retraction of each record
// of ds, to read or set them whatever the record's type.
func (ds *Dataset) EachRecord(fn func(id ID, rev *uint64, ret **Retracted)) {
	for i := range ds.Sources {
		r := &ds.Sources[i]
		fn(r.ID, &r.Revision, &r.Retracted)
	}
	for i := range ds.Entities {
		r := &ds.Entities[i]
		fn(r.ID, &r.Revision, &r.Retracted)
	}
	for i := range ds.Events {
		r := &ds.Events[i]
		fn(r.ID, &r.Revision, &r.Retracted)
	}
	for i := range ds.Relations {
		r := &ds.Relations[i]
		fn(r.ID, &r.Revision, &r.Retracted)
	}
	for i := range ds.Claims {
		r := &ds.Claims[i]
		fn(r.ID, &r.Revision, &r.Retracted)
	}
}
