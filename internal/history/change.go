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
// default answers show. It shares ds's records and returns ds itself
// when nothing is retracted. A standing record never refers to a
// retracted one (validation refuses it), so the result is whole.
func (ds *Dataset) Standing() *Dataset {
	out := &Dataset{
		Sources:   standing(ds.Sources, func(r *Source) bool { return r.Retracted == nil }),
		Entities:  standing(ds.Entities, func(r *Entity) bool { return r.Retracted == nil }),
		Events:    standing(ds.Events, func(r *Event) bool { return r.Retracted == nil }),
		Relations: standing(ds.Relations, func(r *Relation) bool { return r.Retracted == nil }),
		Claims:    standing(ds.Claims, func(r *Claim) bool { return r.Retracted == nil }),
	}
	if out.Len() == ds.Len() {
		return ds
	}
	return out
}

// standing returns the records that stand, records itself if all do.
func standing[T any](records []T, stands func(*T) bool) []T {
	for i := range records {
		if stands(&records[i]) {
			continue
		}
		out := slices.Clone(records[:i])
		for j := i + 1; j < len(records); j++ {
			if stands(&records[j]) {
				out = append(out, records[j])
			}
		}
		return out
	}
	return records
}
