package store

import (
	"slices"

	"github.com/cayleygraph/quad"

	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/schema"
)

// Once every quad is filed under its subject (build.go), dataset turns the
// nodes into records: each record's own quads, its statement nodes in
// their stored order, and the statements its direct triples make.

// parts collects the statement nodes inside one record.
type parts struct {
	names        []indexedName
	participants []indexedParticipation
	causes       []indexedLink
	consequences []indexedLink
}

type indexedName struct {
	i int
	n history.Name
}

type indexedParticipation struct {
	i int
	p history.Participation
}

type indexedLink struct {
	i int
	l history.Link
}

// assembly is a dataset being assembled: its records, where each entity
// and event is among them by IRI, and the statement nodes inside each.
type assembly struct {
	ds        *history.Dataset
	entities  map[string]int // record IRI -> index in ds.Entities
	events    map[string]int // record IRI -> index in ds.Events
	relations map[string]int // record IRI -> index in ds.Relations
	claims    map[string]int // record IRI -> index in ds.Claims
	parts     map[string]*parts
}

// dataset assembles the records from the gathered nodes: first the records
// themselves, then the statements inside them, from statement nodes and
// from direct triples.
func (b *builder) dataset() (*history.Dataset, error) {
	a := b.records()
	// Each statement node leaves b.nodes once it is read, and each record
	// once its direct triples are: the nodes hold every quad read, and the
	// collector can take them while the records are still being built (at
	// a million people the start-up's peak fell by about 300 MB).
	for iri, n := range b.nodes {
		if n.class == "" && n.get(schema.Subject) != nil {
			b.statementNode(a, iri, n)
			delete(b.nodes, iri)
		}
	}
	b.orderParts(a)
	for iri, i := range a.entities {
		b.directEntity(iri, &a.ds.Entities[i])
		delete(b.nodes, iri)
	}
	for iri, i := range a.events {
		b.directEvent(iri, &a.ds.Events[i])
		delete(b.nodes, iri)
	}
	if b.err != nil {
		return nil, b.err
	}
	sortDataset(a.ds)
	return a.ds, nil
}

// records makes a record of each node that has a class.
func (b *builder) records() *assembly {
	a := &assembly{ds: &history.Dataset{}, entities: map[string]int{}, events: map[string]int{},
		relations: map[string]int{}, claims: map[string]int{}, parts: map[string]*parts{}}
	ds := a.ds
	for iri, n := range b.nodes {
		if n.class == "" {
			continue
		}
		n.revision = max(n.revision, b.revisions[iri])
		id := b.id(iri, quad.IRI(iri))
		switch n.class {
		case schema.Source:
			ds.Sources = append(ds.Sources, b.source(iri, id, n))
		case schema.Event:
			a.events[iri] = len(ds.Events)
			ds.Events = append(ds.Events, b.event(iri, id, n))
		case schema.Relation:
			a.relations[iri] = len(ds.Relations)
			ds.Relations = append(ds.Relations, b.relation(iri, id, n))
		case schema.Claim:
			a.claims[iri] = len(ds.Claims)
			ds.Claims = append(ds.Claims, b.claim(iri, id, n))
		default:
			kind, ok := schema.KindOf(n.class)
			if !ok {
				b.fail(iri, "%s is not a class of record", n.class)
				continue
			}
			a.entities[iri] = len(ds.Entities)
			ds.Entities = append(ds.Entities, b.entity(iri, id, kind, n))
		}
	}
	return a
}

// statementNode files a statement node under the entity or event it is
// about: a name, a date, an event's place or parent, a participant, a
// cause or a consequence. Lists are gathered with each node's position and
// ordered by orderParts.
func (b *builder) statementNode(a *assembly, iri string, n *node) {
	subj, _ := n.get(schema.Subject).(quad.IRI)
	ei, isEntity := a.entities[string(subj)]
	vi, isEvent := a.events[string(subj)]
	if f := a.ownFact(string(subj), n); f != nil {
		// The statement node of a relation's start or end, or a claim's
		// time, gives the value's own citations; the value is the
		// record's.
		if *f == nil {
			b.fail(iri, "a statement about %s, which holds no such value", subj)
			return
		}
		fact := **f
		fact.Citations = b.citations(iri, n)
		*f = b.facts.one(fact)
		return
	}
	if !isEntity && !isEvent {
		b.fail(iri, "its subject %v is not a stored entity or event", n.get(schema.Subject))
		return
	}
	pred, _ := n.get(schema.Predicate).(quad.IRI)
	info, obj, cites := b.terms[pred], n.get(schema.Object), b.citations(iri, n)
	pt := a.parts[string(subj)]
	if pt == nil {
		pt = &parts{}
		a.parts[string(subj)] = pt
	}
	link := func() history.Link { return history.Link{Target: b.id(iri, obj), Citations: cites} }
	var fact **history.DatedFact
	switch {
	case info.nameKind != "":
		pt.names = append(pt.names, indexedName{b.index(iri), b.name(iri, info.nameKind, obj, cites)})
		return
	case isEntity:
		fact = entityFact(&a.ds.Entities[ei], info.t)
	case info.t == schema.Date:
		fact = &a.ds.Events[vi].Date
	case info.partRole != "":
		part := history.Participation{Entity: b.id(iri, obj), Role: info.partRole, Citations: cites}
		pt.participants = append(pt.participants, indexedParticipation{b.index(iri), part})
		return
	case info.t == schema.Cause:
		pt.causes = append(pt.causes, indexedLink{b.index(iri), link()})
		return
	case info.t == schema.Consequence:
		pt.consequences = append(pt.consequences, indexedLink{b.index(iri), link()})
		return
	default:
		if l := eventLink(&a.ds.Events[vi], info.t); l != nil {
			*l = b.links.one(link())
			return
		}
	}
	if fact == nil {
		b.fail(iri, "a statement with predicate %v does not belong in %s", n.get(schema.Predicate), subj)
		return
	}
	*fact = b.facts.one(history.DatedFact{Date: b.date(iri, obj), Citations: cites})
}

// ownFact is where the relation or claim record with IRI subj keeps the
// dated value a statement node n is about, or nil if subj is neither.
func (a *assembly) ownFact(subj string, n *node) **history.DatedFact {
	pred, _ := n.get(schema.Predicate).(quad.IRI)
	t, _ := schema.TermOf(string(pred))
	i, isRelation := a.relations[subj]
	j, isClaim := a.claims[subj]
	switch {
	case isRelation && t == schema.Start:
		return &a.ds.Relations[i].Start
	case isRelation && t == schema.End:
		return &a.ds.Relations[i].End
	case isClaim && t == schema.Time:
		return &a.ds.Claims[j].Time
	case isRelation || isClaim:
		return new(*history.DatedFact) // no such value: the caller fails
	}
	return nil
}

// entityFact is where an entity keeps the dated statement of term t, or
// nil if it has none.
func entityFact(e *history.Entity, t schema.Term) **history.DatedFact {
	switch t {
	case schema.BirthDate:
		return &e.Born
	case schema.DeathDate:
		return &e.Died
	case schema.Ended:
		return &e.Ended
	case schema.Date:
		return &e.Date
	}
	return nil
}

// eventLink is where an event keeps the single link of term t, or nil if
// it has none.
func eventLink(e *history.Event, t schema.Term) **history.Link {
	if t == schema.Location {
		return &e.Place
	} else if t == schema.SuperEvent {
		return &e.Parent
	}
	return nil
}

// orderParts puts the statement nodes of each record in their lists, in
// the order of their positions.
func (b *builder) orderParts(a *assembly) {
	for iri, pt := range a.parts {
		if i, ok := a.entities[iri]; ok {
			a.ds.Entities[i].Names = b.sortedNames(pt.names)
			continue
		}
		e := &a.ds.Events[a.events[iri]]
		e.Names = b.sortedNames(pt.names)
		e.Participants = sorted(pt.participants, &b.parts, func(x indexedParticipation) (int, history.Participation) { return x.i, x.p })
		e.Causes = sorted(pt.causes, &b.links, func(x indexedLink) (int, history.Link) { return x.i, x.l })
		e.Consequences = sorted(pt.consequences, &b.links, func(x indexedLink) (int, history.Link) { return x.i, x.l })
	}
}

// name reads an alternate name from its literal: "Ежов"@ru.
func (b *builder) name(iri string, kind history.NameKind, v quad.Value, cites []history.Citation) history.Name {
	name := history.Name{Kind: kind, Citations: cites}
	if ls, ok := v.(quad.LangString); ok {
		name.Text, name.Lang = b.strs.Intern(string(ls.Value)), b.strs.Intern(ls.Lang)
	} else {
		name.Text = b.str(iri, v)
	}
	return name
}

// directParts returns the distinct statements a record states by direct
// triples, in stored order: a triple is written once per source.
func directParts(n *node) []attr {
	type stmt struct {
		t schema.Term
		v quad.Value
	}
	seen := make(map[stmt]bool, len(n.parts))
	out := make([]attr, 0, len(n.parts))
	for _, a := range n.parts {
		if k := (stmt{a.t, a.v}); !seen[k] {
			seen[k] = true
			out = append(out, a)
		}
	}
	return out
}

// shared returns the citations of a record for the statements that cite
// what the record cites. They share one array, which nothing writes once
// the dataset is read: at a million people, a copy for each statement was
// 160 MB of the server's heap. Its capacity is its length, so an append
// to one statement's citations copies them rather than writing into the
// record's.
func shared(cs []history.Citation) []history.Citation { return slices.Clip(cs) }

// directEntity fills in the statements of an entity that cite what the
// entity cites, and so have no statement node: their direct triples say
// them, and the record's citations are theirs.
func (b *builder) directEntity(iri string, e *history.Entity) {
	n := b.nodes[iri]
	if len(n.parts) == 0 {
		return
	}
	var names []history.Name
	cites := shared(e.Citations)
	for _, a := range directParts(n) {
		if f := entityFact(e, a.t); f != nil {
			if *f == nil {
				*f = b.facts.one(history.DatedFact{Date: b.date(iri, a.v), Citations: cites})
			}
			continue
		}
		if kind := b.term(a.t).nameKind; kind != "" {
			names = append(names, b.name(iri, kind, a.v, cites))
			continue
		}
		b.fail(iri, "%s does not belong in an entity", a.t)
	}
	if e.Names == nil {
		e.Names = b.names.copyOf(names)
	}
}

// directEvent is directEntity for events.
func (b *builder) directEvent(iri string, e *history.Event) {
	n := b.nodes[iri]
	if len(n.parts) == 0 {
		return
	}
	var (
		names        []history.Name
		participants []history.Participation
		causes       []history.Link
		consequences []history.Link
	)
	cites := shared(e.Citations)
	for _, a := range directParts(n) {
		link := func() history.Link { return history.Link{Target: b.id(iri, a.v), Citations: cites} }
		switch a.t {
		case schema.Date:
			if e.Date == nil {
				e.Date = b.facts.one(history.DatedFact{Date: b.date(iri, a.v), Citations: cites})
			}
		case schema.Location, schema.SuperEvent:
			if l := eventLink(e, a.t); *l == nil {
				*l = b.links.one(link())
			}
		case schema.Cause:
			causes = append(causes, link())
		case schema.Consequence:
			consequences = append(consequences, link())
		default:
			if kind := b.term(a.t).nameKind; kind != "" {
				names = append(names, b.name(iri, kind, a.v, cites))
				continue
			}
			if role := b.term(a.t).partRole; role != "" {
				participants = append(participants, history.Participation{Entity: link().Target, Role: role, Citations: cites})
				continue
			}
			b.fail(iri, "%s does not belong in an event", a.t)
		}
	}
	// A list is all statement nodes or all direct triples (see rdfmap.Mapper.part).
	if e.Names == nil {
		e.Names = b.names.copyOf(names)
	}
	if e.Participants == nil {
		e.Participants = b.parts.copyOf(participants)
	}
	if e.Causes == nil {
		e.Causes = b.links.copyOf(causes)
	}
	if e.Consequences == nil {
		e.Consequences = b.links.copyOf(consequences)
	}
}

func (b *builder) sortedNames(ns []indexedName) []history.Name {
	return sorted(ns, &b.names, func(x indexedName) (int, history.Name) { return x.i, x.n })
}

// sorted orders indexed items by their index and returns the items, cut
// from s, or nil for none.
func sorted[X, T any](xs []X, s *slab[T], get func(X) (int, T)) []T {
	if len(xs) == 0 {
		return nil
	}
	slices.SortFunc(xs, func(a, b X) int {
		i, _ := get(a)
		j, _ := get(b)
		return i - j
	})
	out := s.take(len(xs))
	for k, x := range xs {
		_, out[k] = get(x)
	}
	return out
}
