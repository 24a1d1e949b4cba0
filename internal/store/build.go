package store

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/cayleygraph/quad"

	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/strpool"
	"github.com/memoria-history/memoria/schema"
)

// attr is one stored value of a node, with the quad's label where it
// matters (a citation's source).
type attr struct {
	t schema.Term
	v quad.Value
	l quad.Value
}

// node gathers the quads whose subject is one IRI.
type node struct {
	class schema.Term
	attrs []attr // single-valued
	multi []attr // locator (citations), contradicts, qualifier; in stored order
	parts []attr // direct triples of statements inside a record, in stored order
}

func (n *node) get(t schema.Term) quad.Value {
	for _, a := range n.attrs {
		if a.t == t {
			return a.v
		}
	}
	return nil
}

// termRole says how the builder treats quads with a predicate.
type termRole uint8

const (
	roleSingle termRole = iota // one value per node
	roleMulti                  // a set of values
	roleDirect                 // a direct triple that a statement node says all of
	rolePart                   // a direct triple of a statement inside a record
	roleClass                  // rdf:type
)

type termInfo struct {
	t    schema.Term
	role termRole
	// What the predicate says, for sub-properties: a name's kind, a
	// participant's role, a relation's type.
	nameKind history.NameKind
	partRole history.Role
	relType  history.RelationType
}

// builder rebuilds a dataset from quads in any order.
type builder struct {
	base  string
	terms map[quad.Value]termInfo
	nodes map[string]*node
	dates map[string]history.Date
	strs  *strpool.Pool // packs the dataset's strings, sharing recurring ones
	// The dataset's small parts, cut from shared arrays (see slab).
	facts slab[history.DatedFact]
	links slab[history.Link]
	cites slab[history.Citation]
	names slab[history.Name]
	parts slab[history.Participation]
	// citeScratch is where citations gathers a list before it is cut.
	citeScratch []history.Citation
	err         error
}

func newBuilder(base string) *builder {
	b := &builder{
		base:  base,
		terms: map[quad.Value]termInfo{quad.IRI(schema.RDFType): {role: roleClass}},
		nodes: map[string]*node{},
		dates: map[string]history.Date{},
		strs:  &strpool.Pool{},
	}
	for _, t := range schema.Terms() {
		info := termInfo{t: t, role: roleSingle}
		switch t {
		case schema.Locator, schema.Contradicts, schema.Qualifier:
			info.role = roleMulti
		case schema.AlternateName, schema.Participant, schema.HasClaim:
			info.role = roleDirect
		case schema.BirthDate, schema.DeathDate, schema.Date, schema.Location, schema.SuperEvent, schema.Cause, schema.Consequence:
			info.role = rolePart
		}
		if rt, ok := schema.RelationTypeOf(t); ok {
			info.role, info.relType = roleDirect, rt
		}
		if k, ok := schema.NameKindOf(t); ok {
			info.role, info.nameKind = rolePart, k
		}
		if r, ok := schema.RoleOf(t); ok {
			info.role, info.partRole = rolePart, r
		}
		b.terms[quad.IRI(t.IRI())] = info
	}
	return b
}

// isEarlierMapping reports predicates that only the first version of the
// mapping wrote: this one says the same with fewer quads.
func isEarlierMapping(t schema.Term) bool {
	switch t {
	case schema.Citation, schema.CitedSource, schema.NameKind, schema.Role:
		return true
	}
	return false
}

// term returns what the builder knows of a term of the vocabulary.
func (b *builder) term(t schema.Term) termInfo { return b.terms[quad.IRI(t.IRI())] }

func corruptf(format string, args ...any) error {
	return history.Errorf(history.CodeCorrupt, format, args...)
}

func (b *builder) node(iri string) *node {
	n := b.nodes[iri]
	if n == nil {
		n = &node{}
		b.nodes[iri] = n
	}
	return n
}

// add files one quad under its subject. Quads whose predicate is not in
// Memoria's vocabulary are left alone.
func (b *builder) add(q quad.Quad) error {
	info, ok := b.terms[q.Predicate]
	if ok && isEarlierMapping(info.t) {
		return corruptf("the store holds %s quads, which an earlier Memoria wrote (citation nodes, name kinds and roles as literals): load its datasets again into a new store", info.t)
	}
	if !ok || info.role == roleDirect {
		return nil
	}
	s, ok := q.Subject.(quad.IRI)
	if !ok {
		return corruptf("quad %v has a subject that is not an IRI", q)
	}
	n := b.node(string(s))
	switch info.role {
	case roleClass:
		o, _ := q.Object.(quad.IRI)
		c, ok := b.terms[o]
		if !ok || c.t == "" || c.t[0] < 'A' || c.t[0] > 'Z' {
			return corruptf("%s has type %v, which is not a class of Memoria's vocabulary", s, q.Object)
		}
		if n.class != "" && n.class != c.t {
			return corruptf("%s is both a %s and a %s", s, n.class, c.t)
		}
		n.class = c.t
	case roleMulti:
		n.multi = append(n.multi, attr{info.t, q.Object, q.Label})
	case rolePart:
		n.parts = append(n.parts, attr{t: info.t, v: q.Object})
	default:
		if old := n.get(info.t); old != nil {
			if old != q.Object {
				return corruptf("%s has two values for %s: %v and %v", s, info.t, old, q.Object)
			}
			return nil
		}
		n.attrs = append(n.attrs, attr{t: info.t, v: q.Object})
	}
	return nil
}

// fail records the first problem found while assembling.
func (b *builder) fail(iri string, format string, args ...any) {
	if b.err == nil {
		b.err = corruptf("%s: %s", iri, fmt.Sprintf(format, args...))
	}
}

func (b *builder) id(iri string, v quad.Value) history.ID {
	if v == nil {
		return ""
	}
	s, ok := v.(quad.IRI)
	if !ok {
		b.fail(iri, "%v is not an IRI", v)
		return ""
	}
	id, ok := strings.CutPrefix(string(s), b.base)
	if !ok {
		b.fail(iri, "%s is not under the base %s: was the store written with another base?", s, b.base)
	}
	return history.ID(b.strs.Intern(id))
}

func (b *builder) str(iri string, v quad.Value) string {
	switch v := v.(type) {
	case nil:
		return ""
	case quad.String:
		return b.strs.Intern(string(v))
	}
	b.fail(iri, "%v is not a string", v)
	return ""
}

func (b *builder) date(iri string, v quad.Value) history.Date {
	if v == nil {
		return history.Date{}
	}
	ts, ok := v.(quad.TypedString)
	if !ok || ts.Type != schema.EDTFDatatype {
		b.fail(iri, "%v is not an EDTF date", v)
		return history.Date{}
	}
	if d, ok := b.dates[string(ts.Value)]; ok {
		return d
	}
	d, err := history.ParseDate(string(ts.Value))
	if err != nil {
		b.fail(iri, "%v", err)
	}
	d.EDTF = b.strs.Intern(d.EDTF)
	b.dates[string(ts.Value)] = d
	return d
}

func (b *builder) float(iri string, v quad.Value) *float64 {
	switch v := v.(type) {
	case nil:
		return nil
	case quad.Float:
		f := float64(v)
		return &f
	}
	b.fail(iri, "%v is not a number", v)
	return nil
}

// index returns the position a statement or citation node's IRI ends in
// ("...#name-3" is 3).
func (b *builder) index(iri string) int {
	i := strings.LastIndexByte(iri, '-')
	n, err := strconv.Atoi(iri[i+1:])
	if i < 0 || err != nil || n < 0 {
		b.fail(iri, "the IRI does not end in a position")
	}
	return n
}

// citations returns a statement node's citations in their stored order:
// each is a locator labelled with its source.
func (b *builder) citations(iri string, n *node) []history.Citation {
	out := b.citeScratch[:0]
	for _, a := range n.multi {
		if a.t != schema.Locator {
			continue
		}
		if a.l == nil {
			b.fail(iri, "citation %v names no source", a.v)
			continue
		}
		out = append(out, history.Citation{Source: b.id(iri, a.l), Locator: b.str(iri, a.v)})
	}
	b.citeScratch = out
	return b.cites.copyOf(out)
}

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
	}
	for iri, i := range events {
		b.directEvent(iri, &ds.Events[i])
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
