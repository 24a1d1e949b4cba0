package rdfmap

import (
	"slices"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/cayleygraph/quad"

	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/schema"
)

// Mapper turns history records into quads, following the mapping described
// in doc.go, a record at a time. It drops a record's duplicate quads and
// records problems (text that is not UTF-8, kinds it cannot map) that
// validation does not catch. A Mapper is not safe for concurrent use.
type Mapper struct {
	base     string
	out      []Quad // the quads of the record being mapped
	seen     map[quad.Quad]struct{}
	sharing  bool         // the quads being added may come from other records too
	labels   []quad.Value // scratch: the sources of the statement being mapped
	problems history.Problems

	// The citations and sources of the record being mapped.
	recCites  []history.Citation
	recLabels []quad.Value

	// change is the IRI of the change that writes the records, the label
	// of their rdf:type quads, and at its time (see InChange).
	change quad.Value
	at     time.Time
}

// Quad is a quad of a record. Most quads name a node of their record (its
// IRI or a statement node inside it) and no other record writes them; a
// Shared quad may be written by several records: the direct triple of a
// relation, which two relations between the same parties both state.
type Quad struct {
	quad.Quad
	Shared bool
}

// New returns a Mapper that writes IRIs under base.
func New(base string) *Mapper {
	return &Mapper{base: base, seen: map[quad.Quad]struct{}{}}
}

// one maps a record with mapRecord and returns its quads, which are valid
// until the next call.
func (m *Mapper) one(mapRecord func()) []Quad {
	m.out = m.out[:0]
	clear(m.seen)
	mapRecord()
	return m.out
}

// Source returns the quads of a source; the slice is reused by the next
// call of any of the Mapper's methods.
func (m *Mapper) Source(s *history.Source) []Quad {
	return m.one(func() { m.source(s); m.retraction(s.ID, s.Retracted) })
}

// Entity returns the quads of a person, group, place or work.
func (m *Mapper) Entity(e *history.Entity) []Quad {
	return m.one(func() { m.entity(e); m.retraction(e.ID, e.Retracted) })
}

// Event returns the quads of an event, with every statement it makes.
func (m *Mapper) Event(e *history.Event) []Quad {
	return m.one(func() { m.event(e); m.retraction(e.ID, e.Retracted) })
}

// Relation returns the quads of a relation.
func (m *Mapper) Relation(r *history.Relation) []Quad {
	return m.one(func() { m.relation(r); m.retraction(r.ID, r.Retracted) })
}

// Claim returns the quads of a claim.
func (m *Mapper) Claim(c *history.Claim) []Quad {
	return m.one(func() { m.claim(c); m.retraction(c.ID, c.Retracted) })
}

// Records maps the records of ds one at a time, calling fn with each
// record's quads; fn must not keep the slice.
func (m *Mapper) Records(ds *history.Dataset, fn func([]Quad) error) error {
	emit := func(qs []Quad) error {
		if len(qs) == 0 {
			return nil
		}
		return fn(qs)
	}
	if err := each(ds.Sources, m.Source, emit); err != nil {
		return err
	}
	if err := each(ds.Entities, m.Entity, emit); err != nil {
		return err
	}
	if err := each(ds.Events, m.Event, emit); err != nil {
		return err
	}
	if err := each(ds.Relations, m.Relation, emit); err != nil {
		return err
	}
	return each(ds.Claims, m.Claim, emit)
}

// each maps every record of a list and emits its quads, until emit fails.
func each[T any](records []T, mapRecord func(*T) []Quad, emit func([]Quad) error) error {
	for i := range records {
		if err := emit(mapRecord(&records[i])); err != nil {
			return err
		}
	}
	return nil
}

// Dataset maps the whole of ds and returns its quads without duplicates,
// in the order they were first mapped.
func (m *Mapper) Dataset(ds *history.Dataset) []quad.Quad {
	var quads []quad.Quad
	seen := map[quad.Quad]struct{}{}
	_ = m.Records(ds, func(qs []Quad) error {
		for _, q := range qs {
			if _, dup := seen[q.Quad]; !dup {
				seen[q.Quad] = struct{}{}
				quads = append(quads, q.Quad)
			}
		}
		return nil
	})
	return quads
}

// Problems returns what the mapping found wrong so far that validation
// does not catch: text that is not UTF-8, kinds it cannot map.
func (m *Mapper) Problems() history.Problems { return m.problems }

// Err returns the problems as the error of op, or nil when there are none.
func (m *Mapper) Err(op string) error {
	if len(m.problems) == 0 {
		return nil
	}
	m.problems.Sort()
	return m.problems.Err(op)
}

// IRI returns the IRI of a record: the base followed by its id. A
// statement node inside a record is record+"#"+part.
func (m *Mapper) IRI(id history.ID) quad.IRI { return m.iri(id) }

func (m *Mapper) iri(id history.ID) quad.IRI { return quad.IRI(m.base + string(id)) }

// PartIRI returns the IRI of a statement node inside a record: part, or
// part-i for the i-th of a list (i >= 0).
func PartIRI(record quad.IRI, part string, i int) quad.IRI {
	if i < 0 {
		return record + "#" + quad.IRI(part)
	}
	return record + "#" + quad.IRI(part) + "-" + quad.IRI(strconv.Itoa(i))
}

func term(t schema.Term) quad.IRI { return quad.IRI(t.IRI()) }

const rdfType = quad.IRI(schema.RDFType)

func edtf(d history.Date) quad.Value {
	if d.IsZero() {
		return nil
	}
	return quad.TypedString{Value: quad.String(d.EDTF), Type: schema.EDTFDatatype}
}

func (m *Mapper) add(s, p, o, label quad.Value) {
	if o == nil {
		return
	}
	q := quad.Quad{Subject: s, Predicate: p, Object: o, Label: label}
	if _, dup := m.seen[q]; dup {
		return
	}
	m.seen[q] = struct{}{}
	m.out = append(m.out, Quad{Quad: q, Shared: m.sharing})
}

// text returns a string literal, or nil for the empty string.
func (m *Mapper) text(rec history.ID, field, s string) quad.Value {
	if s == "" {
		return nil
	}
	if !utf8.ValidString(s) {
		m.problems = append(m.problems, history.Problem{Record: rec, Field: field, Message: "text is not valid UTF-8"})
		return nil
	}
	return quad.String(s)
}

// cite writes a statement's citations, one quad each: the statement's
// m:locator, labelled with the cited source. It sets m.labels to the
// distinct sources, in order of first citation. Citations keep their order
// because quads are stored, and read back, in the order they are written.
func (m *Mapper) cite(stmt quad.IRI, rec history.ID, cs []history.Citation) {
	m.labels = m.labels[:0]
	for _, c := range cs {
		src := m.iri(c.Source)
		if !slices.Contains(m.labels, quad.Value(src)) {
			m.labels = append(m.labels, src)
		}
		m.add(stmt, term(schema.Locator), m.text(rec, "cite", c.Locator), src)
	}
}

// assert writes a direct triple once per source in m.labels, or once
// without a label when there is none.
func (m *Mapper) assert(s, p, o quad.Value) {
	if len(m.labels) == 0 {
		m.add(s, p, o, nil)
		return
	}
	for _, l := range m.labels {
		m.add(s, p, o, l)
	}
}

// statement writes a statement node inside a record: its subject,
// predicate and object, its citations, and the direct triple.
func (m *Mapper) statement(node quad.IRI, rec history.ID, s quad.IRI, p schema.Term, o quad.Value, cs []history.Citation) {
	m.add(node, term(schema.Subject), s, nil)
	m.add(node, term(schema.Predicate), term(p), nil)
	m.add(node, term(schema.Object), o, nil)
	m.cite(node, rec, cs)
	m.assert(s, term(p), o)
}

// source writes a source's description, in the default graph: a source is
// where citations end and cites nothing itself.
func (m *Mapper) source(s *history.Source) {
	r := m.iri(s.ID)
	m.add(r, rdfType, term(schema.Source), m.change)
	m.add(r, term(schema.Title), m.text(s.ID, "title", s.Title), nil)
	m.add(r, term(schema.Author), m.text(s.ID, "author", s.Author), nil)
	m.add(r, term(schema.Published), edtf(s.Published), nil)
	m.add(r, term(schema.SourceKind), m.text(s.ID, "kind", string(s.Kind)), nil)
	m.add(r, term(schema.Publisher), m.text(s.ID, "publisher", s.Publisher), nil)
	if m.text(s.ID, "url", s.URL) != nil {
		m.add(r, term(schema.URL), quad.TypedString{Value: quad.String(s.URL), Type: schema.XSDAnyURI}, nil)
	}
	m.add(r, term(schema.Description), m.text(s.ID, "description", s.Description), nil)
}

func (m *Mapper) entity(e *history.Entity) {
	class, ok := schema.ClassOf(e.Kind)
	if !ok || class == schema.Source || class == schema.Event {
		m.problems = append(m.problems, history.Problem{Record: e.ID, Field: "kind", Message: "an entity is a person, group, place or work, not " + strconv.Quote(string(e.Kind))})
		return
	}
	r := m.iri(e.ID)
	m.add(r, rdfType, term(class), m.change)
	m.record(r, e.ID, e.Citations)
	m.assert(r, term(schema.Name), m.text(e.ID, "name", e.Name))
	m.assert(r, term(schema.Category), m.text(e.ID, "type", e.Type))
	m.assert(r, term(schema.Description), m.text(e.ID, "description", e.Description))
	if e.Wikidata != "" {
		m.assert(r, term(schema.Wikidata), quad.IRI(schema.WikidataEntityIRI(e.Wikidata)))
	}
	m.names(r, e.ID, e.Names)
	m.dated(r, e.ID, "born", schema.BirthDate, e.Born)
	m.dated(r, e.ID, "died", schema.DeathDate, e.Died)
	m.dated(r, e.ID, "date", schema.Date, e.Date)
	m.dated(r, e.ID, "ended", schema.Ended, e.Ended)
}

// record writes a record's citations and remembers them: the statements
// inside the record that cite the same are written as direct triples only.
func (m *Mapper) record(r quad.IRI, rec history.ID, cs []history.Citation) {
	m.cite(r, rec, cs)
	m.recCites = cs
	m.recLabels = append(m.recLabels[:0], m.labels...)
}

// inherits reports whether a statement cites exactly what its record does.
func (m *Mapper) inherits(cs []history.Citation) bool { return slices.Equal(cs, m.recCites) }

// part writes one statement inside record r: with asNode, as a statement
// node with its own citations beside the direct triple; otherwise as the
// direct triple alone, in the graphs of the record's sources, since its
// citations are the record's.
func (m *Mapper) part(asNode bool, node quad.IRI, rec history.ID, r quad.IRI, p schema.Term, o quad.Value, cs []history.Citation) {
	if asNode {
		m.statement(node, rec, r, p, o, cs)
		return
	}
	m.labels = append(m.labels[:0], m.recLabels...)
	m.assert(r, term(p), o)
}

// ownCitations reports whether any of n statements cites other than its
// record. A list is written all as statement nodes or all as direct
// triples: the nodes' IRIs hold the positions, the triples their order.
func (m *Mapper) ownCitations(n int, cites func(i int) []history.Citation) bool {
	for i := range n {
		if !m.inherits(cites(i)) {
			return true
		}
	}
	return false
}

func (m *Mapper) names(r quad.IRI, rec history.ID, names []history.Name) {
	asNodes := m.ownCitations(len(names), func(i int) []history.Citation { return names[i].Citations })
	for i, n := range names {
		// The language rides on the literal: "Ежов"@ru; the kind on the
		// predicate: m:nativeName.
		text := m.text(rec, "names", n.Text)
		if text != nil && m.text(rec, "names", n.Lang) != nil {
			text = quad.LangString{Value: quad.String(n.Text), Lang: n.Lang}
		}
		m.part(asNodes, PartIRI(r, "name", i), rec, r, schema.NameTerm(n.Kind), text, n.Citations)
	}
}

func (m *Mapper) dated(r quad.IRI, rec history.ID, part string, p schema.Term, f *history.DatedFact) {
	if f == nil {
		return
	}
	m.part(!m.inherits(f.Citations), PartIRI(r, part, -1), rec, r, p, edtf(f.Date), f.Citations)
}

func (m *Mapper) links(r quad.IRI, rec history.ID, part string, p schema.Term, ls []history.Link) {
	asNodes := m.ownCitations(len(ls), func(i int) []history.Citation { return ls[i].Citations })
	for i := range ls {
		m.part(asNodes, PartIRI(r, part, i), rec, r, p, m.target(ls[i].Target), ls[i].Citations)
	}
}

func (m *Mapper) link(r quad.IRI, rec history.ID, part string, p schema.Term, l *history.Link) {
	if l == nil {
		return
	}
	m.part(!m.inherits(l.Citations), PartIRI(r, part, -1), rec, r, p, m.target(l.Target), l.Citations)
}

// target is the IRI of a record a statement points at, or nil for none.
func (m *Mapper) target(id history.ID) quad.Value {
	if id == "" {
		return nil
	}
	return m.iri(id)
}

func (m *Mapper) event(e *history.Event) {
	r := m.iri(e.ID)
	m.add(r, rdfType, term(schema.Event), m.change)
	m.record(r, e.ID, e.Citations)
	m.assert(r, term(schema.Name), m.text(e.ID, "name", e.Name))
	m.assert(r, term(schema.Category), m.text(e.ID, "type", e.Type))
	m.assert(r, term(schema.Description), m.text(e.ID, "description", e.Description))
	m.dated(r, e.ID, "date", schema.Date, e.Date)
	m.link(r, e.ID, "place", schema.Location, e.Place)
	m.link(r, e.ID, "parent", schema.SuperEvent, e.Parent)
	ps := e.Participants
	asNodes := m.ownCitations(len(ps), func(i int) []history.Citation { return ps[i].Citations })
	for i, p := range ps {
		// The role rides on the predicate: m:participantAsVictim.
		m.part(asNodes, PartIRI(r, "participant", i), e.ID, r, schema.RoleTerm(p.Role), m.target(p.Entity), p.Citations)
	}
	m.links(r, e.ID, "cause", schema.Cause, e.Causes)
	m.links(r, e.ID, "consequence", schema.Consequence, e.Consequences)
	m.names(r, e.ID, e.Names)
}

// relation writes a relation record, which is itself a statement node.
func (m *Mapper) relation(rel *history.Relation) {
	r := m.iri(rel.ID)
	m.add(r, rdfType, term(schema.Relation), m.change)
	m.add(r, term(schema.Subject), m.iri(rel.Subject), nil)
	m.add(r, term(schema.Predicate), term(schema.RelationTerm(rel.Type)), nil)
	m.add(r, term(schema.Object), m.iri(rel.Object), nil)
	m.add(r, term(schema.Start), edtf(rel.Start.When()), nil)
	m.add(r, term(schema.End), edtf(rel.End.When()), nil)
	m.add(r, term(schema.Note), m.text(rel.ID, "note", rel.Note), nil)
	m.record(r, rel.ID, rel.Citations)
	m.ownFact(r, rel.ID, "start", schema.Start, rel.Start)
	m.ownFact(r, rel.ID, "end", schema.End, rel.End)
	m.sharing = true
	m.labels = append(m.labels[:0], m.recLabels...)
	m.assert(m.iri(rel.Subject), term(schema.RelationTerm(rel.Type)), m.iri(rel.Object))
	m.sharing = false
}

// ownFact writes the statement node of a dated value that a statement
// record (a relation, a claim) holds as one of its own values, when the
// value cites other than its record: R#start m:subject R, m:predicate
// m:start, m:object the date, and its own citations.
func (m *Mapper) ownFact(r quad.IRI, rec history.ID, part string, p schema.Term, f *history.DatedFact) {
	if f == nil || m.inherits(f.Citations) {
		return
	}
	node := PartIRI(r, part, -1)
	m.add(node, term(schema.Subject), r, nil)
	m.add(node, term(schema.Predicate), term(p), nil)
	m.add(node, term(schema.Object), edtf(f.Date), nil)
	m.cite(node, rec, f.Citations)
}

// claim writes a claim record: a statement node with a subject and a
// property, a quantity or a date, and qualifier nodes.
func (m *Mapper) claim(c *history.Claim) {
	r := m.iri(c.ID)
	m.add(r, rdfType, term(schema.Claim), m.change)
	m.add(r, term(schema.Subject), m.iri(c.Subject), nil)
	m.add(r, term(schema.Property), m.text(c.ID, "property", c.Property), nil)
	if q := c.Quantity; q != nil {
		if q.Value != nil {
			m.add(r, term(schema.Value), quad.Float(*q.Value), nil)
		}
		if q.Low != nil {
			m.add(r, term(schema.Low), quad.Float(*q.Low), nil)
		}
		if q.High != nil {
			m.add(r, term(schema.High), quad.Float(*q.High), nil)
		}
		if q.Approximate {
			m.add(r, term(schema.Approximate), quad.Bool(true), nil)
		}
		if q.Value == nil && q.Low == nil && q.High == nil {
			m.problems = append(m.problems, history.Problem{Record: c.ID, Field: "value", Message: "a quantity needs value, low or high"})
		}
	}
	m.add(r, term(schema.DateValue), edtf(c.DateValue), nil)
	for _, e := range c.Entities {
		m.add(r, term(schema.ValueEntity), m.iri(e), nil)
	}
	m.add(r, term(schema.Unit), m.text(c.ID, "unit", c.Unit), nil)
	m.add(r, term(schema.Time), edtf(c.Time.When()), nil)
	keys := make([]string, 0, len(c.Qualifiers))
	for k := range c.Qualifiers {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for i, k := range keys {
		node := PartIRI(r, "qualifier", i)
		key, val := m.text(c.ID, "qualifiers", k), m.text(c.ID, "qualifiers", c.Qualifiers[k])
		if key == nil {
			key = quad.String("")
		}
		if val == nil {
			val = quad.String("")
		}
		m.add(r, term(schema.Qualifier), node, nil)
		m.add(node, term(schema.Key), key, nil)
		m.add(node, term(schema.Value), val, nil)
	}
	for _, other := range c.Contradicts {
		m.add(r, term(schema.Contradicts), m.iri(other), nil)
	}
	m.add(r, term(schema.Note), m.text(c.ID, "note", c.Note), nil)
	m.record(r, c.ID, c.Citations)
	m.ownFact(r, c.ID, "time", schema.Time, c.Time)
	m.labels = append(m.labels[:0], m.recLabels...)
	m.assert(m.iri(c.Subject), term(schema.HasClaim), r)
}
