package store

import (
	"slices"
	"strings"

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

// dataset assembles the records from the gathered nodes.
func (b *builder) dataset() (*history.Dataset, error) {
	ds := &history.Dataset{}
	entities := map[string]int{} // record IRI -> index in ds.Entities
	events := map[string]int{}
	for iri, n := range b.nodes {
		if n.class == "" {
			continue
		}
		id := b.id(iri, quad.IRI(iri))
		switch n.class {
		case schema.Source:
			ds.Sources = append(ds.Sources, b.source(iri, id, n))
		case schema.Event:
			events[iri] = len(ds.Events)
			ds.Events = append(ds.Events, b.event(iri, id, n))
		case schema.Relation:
			ds.Relations = append(ds.Relations, b.relation(iri, id, n))
		case schema.Claim:
			ds.Claims = append(ds.Claims, b.claim(iri, id, n))
		default:
			kind, ok := schema.KindOf(n.class)
			if !ok {
				b.fail(iri, "%s is not a class of record", n.class)
				continue
			}
			entities[iri] = len(ds.Entities)
			ds.Entities = append(ds.Entities, b.entity(iri, id, kind, n))
		}
	}

	// Statement nodes inside records: names, dates, participants, links.
	// Each node leaves the map once it is read, and each record's after
	// its direct triples below: the nodes hold every quad read, and the
	// collector can take them while the records are still being built
	// (at a million people the start-up's peak fell by about 300 MB).
	recParts := map[string]*parts{}
	for iri, n := range b.nodes {
		if n.class != "" || n.get(schema.Subject) == nil {
			continue
		}
		subj, _ := n.get(schema.Subject).(quad.IRI)
		pred, _ := n.get(schema.Predicate).(quad.IRI)
		p := b.terms[pred].t
		ei, isEntity := entities[string(subj)]
		vi, isEvent := events[string(subj)]
		if !isEntity && !isEvent {
			b.fail(iri, "its subject %v is not a stored entity or event", n.get(schema.Subject))
			continue
		}
		pt := recParts[string(subj)]
		if pt == nil {
			pt = &parts{}
			recParts[string(subj)] = pt
		}
		obj := n.get(schema.Object)
		cites := b.citations(iri, n)
		fact := func() *history.DatedFact {
			return b.facts.one(history.DatedFact{Date: b.date(iri, obj), Citations: cites})
		}
		link := func() history.Link {
			return history.Link{Target: b.id(iri, obj), Citations: cites}
		}
		info := b.terms[pred]
		kind, isName := info.nameKind, info.nameKind != ""
		role, isRole := info.partRole, info.partRole != ""
		switch {
		case isName:
			pt.names = append(pt.names, indexedName{b.index(iri), b.name(iri, kind, obj, cites)})
		case p == schema.BirthDate && isEntity:
			ds.Entities[ei].Born = fact()
		case p == schema.DeathDate && isEntity:
			ds.Entities[ei].Died = fact()
		case p == schema.Date && isEntity:
			ds.Entities[ei].Date = fact()
		case p == schema.Date && isEvent:
			ds.Events[vi].Date = fact()
		case p == schema.Location && isEvent:
			ds.Events[vi].Place = b.links.one(link())
		case p == schema.SuperEvent && isEvent:
			ds.Events[vi].Parent = b.links.one(link())
		case isRole && isEvent:
			part := history.Participation{Entity: b.id(iri, obj), Role: role, Citations: cites}
			pt.participants = append(pt.participants, indexedParticipation{b.index(iri), part})
		case p == schema.Cause && isEvent:
			pt.causes = append(pt.causes, indexedLink{b.index(iri), link()})
		case p == schema.Consequence && isEvent:
			pt.consequences = append(pt.consequences, indexedLink{b.index(iri), link()})
		default:
			b.fail(iri, "a statement with predicate %v does not belong in %s", n.get(schema.Predicate), subj)
		}
		delete(b.nodes, iri)
	}
	for iri, pt := range recParts {
		if i, ok := entities[iri]; ok {
			ds.Entities[i].Names = b.sortedNames(pt.names)
			continue
		}
		e := &ds.Events[events[iri]]
		e.Names = b.sortedNames(pt.names)
		e.Participants = sorted(pt.participants, &b.parts, func(x indexedParticipation) (int, history.Participation) { return x.i, x.p })
		e.Causes = sorted(pt.causes, &b.links, func(x indexedLink) (int, history.Link) { return x.i, x.l })
		e.Consequences = sorted(pt.consequences, &b.links, func(x indexedLink) (int, history.Link) { return x.i, x.l })
	}
	for iri, i := range entities {
		b.directEntity(iri, &ds.Entities[i])
		delete(b.nodes, iri)
	}
	for iri, i := range events {
		b.directEvent(iri, &ds.Events[i])
		delete(b.nodes, iri)
	}
	if b.err != nil {
		return nil, b.err
	}
	sortDataset(ds)
	return ds, nil
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
		fact := func(f **history.DatedFact) {
			if *f == nil {
				*f = b.facts.one(history.DatedFact{Date: b.date(iri, a.v), Citations: cites})
			}
		}
		switch a.t {
		case schema.BirthDate:
			fact(&e.Born)
		case schema.DeathDate:
			fact(&e.Died)
		case schema.Date:
			fact(&e.Date)
		default:
			if kind := b.term(a.t).nameKind; kind != "" {
				names = append(names, b.name(iri, kind, a.v, cites))
				continue
			}
			b.fail(iri, "%s does not belong in an entity", a.t)
		}
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
		case schema.Location:
			if e.Place == nil {
				e.Place = b.links.one(link())
			}
		case schema.SuperEvent:
			if e.Parent == nil {
				e.Parent = b.links.one(link())
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
	// A list is all statement nodes or all direct triples (see mapper.part).
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

func (b *builder) source(iri string, id history.ID, n *node) history.Source {
	var url string
	if v := n.get(schema.URL); v != nil {
		ts, ok := v.(quad.TypedString)
		if !ok || ts.Type != schema.XSDAnyURI {
			b.fail(iri, "url %v is not an xsd:anyURI literal", v)
		}
		url = b.strs.Intern(string(ts.Value))
	}
	return history.Source{
		ID:          id,
		Title:       b.str(iri, n.get(schema.Title)),
		Author:      b.str(iri, n.get(schema.Author)),
		Published:   b.date(iri, n.get(schema.Published)),
		Kind:        history.SourceKind(b.str(iri, n.get(schema.SourceKind))),
		Publisher:   b.str(iri, n.get(schema.Publisher)),
		URL:         url,
		Description: b.str(iri, n.get(schema.Description)),
	}
}

func (b *builder) entity(iri string, id history.ID, kind history.Kind, n *node) history.Entity {
	var qid string
	if v := n.get(schema.Wikidata); v != nil {
		s, _ := v.(quad.IRI)
		q, ok := strings.CutPrefix(string(s), schema.NSWikidataEntity)
		if !ok {
			b.fail(iri, "wikidata %v is not a Wikidata entity IRI", v)
		}
		qid = b.strs.Intern(q)
	}
	return history.Entity{
		ID:          id,
		Kind:        kind,
		Name:        b.str(iri, n.get(schema.Name)),
		Type:        b.str(iri, n.get(schema.Category)),
		Description: b.str(iri, n.get(schema.Description)),
		Wikidata:    qid,
		Citations:   b.citations(iri, n),
	}
}

func (b *builder) event(iri string, id history.ID, n *node) history.Event {
	return history.Event{
		ID:          id,
		Name:        b.str(iri, n.get(schema.Name)),
		Type:        b.str(iri, n.get(schema.Category)),
		Description: b.str(iri, n.get(schema.Description)),
		Citations:   b.citations(iri, n),
	}
}

func (b *builder) relation(iri string, id history.ID, n *node) history.Relation {
	pred, _ := n.get(schema.Predicate).(quad.IRI)
	rt := b.terms[pred].relType
	ok := rt != ""
	if !ok {
		b.fail(iri, "predicate %v is not a relation type", n.get(schema.Predicate))
	}
	return history.Relation{
		ID:        id,
		Subject:   b.id(iri, n.get(schema.Subject)),
		Type:      rt,
		Object:    b.id(iri, n.get(schema.Object)),
		Start:     b.date(iri, n.get(schema.Start)),
		End:       b.date(iri, n.get(schema.End)),
		Note:      b.str(iri, n.get(schema.Note)),
		Citations: b.citations(iri, n),
	}
}

func (b *builder) claim(iri string, id history.ID, n *node) history.Claim {
	c := history.Claim{
		ID:        id,
		Subject:   b.id(iri, n.get(schema.Subject)),
		Property:  b.str(iri, n.get(schema.Property)),
		DateValue: b.date(iri, n.get(schema.DateValue)),
		Unit:      b.str(iri, n.get(schema.Unit)),
		Time:      b.date(iri, n.get(schema.Time)),
		Note:      b.str(iri, n.get(schema.Note)),
		Citations: b.citations(iri, n),
	}
	q := history.Quantity{
		Value: b.float(iri, n.get(schema.Value)),
		Low:   b.float(iri, n.get(schema.Low)),
		High:  b.float(iri, n.get(schema.High)),
	}
	if v := n.get(schema.Approximate); v != nil {
		bv, ok := v.(quad.Bool)
		if !ok {
			b.fail(iri, "approximate %v is not a boolean", v)
		}
		q.Approximate = bool(bv)
	}
	if q.Value != nil || q.Low != nil || q.High != nil || q.Approximate {
		c.Quantity = &q
	}
	for _, a := range n.multi {
		switch a.t {
		case schema.Contradicts:
			c.Contradicts = append(c.Contradicts, b.id(iri, a.v))
		case schema.Qualifier:
			qi, _ := a.v.(quad.IRI)
			qn := b.nodes[string(qi)]
			if qn == nil {
				b.fail(iri, "qualifier %v is not stored", a.v)
				continue
			}
			if c.Qualifiers == nil {
				c.Qualifiers = map[string]string{}
			}
			c.Qualifiers[b.str(string(qi), qn.get(schema.Key))] = b.str(string(qi), qn.get(schema.Value))
		}
	}
	slices.Sort(c.Contradicts)
	return c
}
