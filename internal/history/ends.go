package history

// Lasting reports whether a relation of type t is a state that holds only
// while both its parties exist: membership, leadership, office, alliance,
// rivalry, exile, administration, being part of or located in something.
// The others record an act done once (succeeded, merged-into, author-of,
// created, compared-to), which stays true after its parties are gone.
func (t RelationType) Lasting() bool {
	switch t {
	case RelSucceeded, RelMergedInto, RelAuthorOf, RelCreated, RelComparedTo:
		return false
	}
	return true
}

// Ending is when an entity ceased to be: a person's death, or when a group,
// place or work ended. It is nil when no source says.
func (e *Entity) Ending() *DatedFact {
	if e.Kind == KindPerson {
		return e.Died
	}
	return e.Ended
}

// End is when a relation stops holding, and on what authority.
type End struct {
	// Fact is the end's date with its citations: the relation's own end,
	// or the death or end of the party it is derived from, cited as that
	// is. Nil when the relation has no end that is known.
	Fact *DatedFact
	// DerivedFrom is the party whose death or end closes a lasting
	// relation that has no end of its own: the end is Memoria's inference,
	// not a statement of the sources. Empty when the end is the
	// relation's own.
	DerivedFrom ID
}

// Derived reports whether the end is inferred rather than stated.
func (x End) Derived() bool { return x.DerivedFrom != "" }

// EndOf returns when r stops holding. A relation's own end is its end. A
// lasting relation without one cannot hold after either party ceased to be,
// so it ends with whichever of them ended first; subject and object are the
// parties' records, nil when not known.
func EndOf(r *Relation, subject, object *Entity) End {
	if r.End != nil {
		return End{Fact: r.End}
	}
	if !r.Type.Lasting() {
		return End{}
	}
	var out End
	for _, party := range []*Entity{subject, object} {
		if party == nil {
			continue
		}
		f := party.Ending()
		if f == nil || f.Date.IsZero() {
			continue
		}
		if out.Fact == nil || endsEarlier(f.Date, out.Fact.Date) {
			out = End{Fact: f, DerivedFrom: party.ID}
		}
	}
	return out
}

// endsEarlier reports whether a ends before b: by latest bound, an open
// end last.
func endsEarlier(a, b Date) bool {
	_, ah := a.Bounds()
	_, bh := b.Bounds()
	return ah < bh
}

// Span returns the time r holds: from its start to its end as EndOf gives
// it, open where unknown.
func (x End) Span(r *Relation) Date { return Span(r.Start.When(), x.Fact.When()) }
