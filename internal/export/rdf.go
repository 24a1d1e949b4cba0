package export

import (
	"iter"
	"strconv"
	"strings"

	"github.com/cayleygraph/quad"

	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/rdfmap"
	"github.com/memoria-history/memoria/schema"
)

// rdfw turns nodes and edges into quads, the same for N-Quads and
// JSON-LD. Every predicate is written as Memoria's term and as each term
// of schema.org, Wikidata and SEM it maps to (schema.Term.Mappings), so
// that the export reads in those vocabularies and merges with Wikidata
// through schema:sameAs.
//
// A node is described in the default graph: its classes, name, category,
// description, Wikidata item and dates. An edge is a statement: the
// direct triple (Beria memoria:deputyOf Yezhov) is written once in the
// graph of each source that cites it, and beside it a statement node (the
// edge's id) in the default graph reifies it with rdf:subject,
// rdf:predicate and rdf:object, its role and time, and one m:locator quad
// per citation in its source's graph, as internal/store maps statements. A
// participation's predicate says the role (m:participantAsVictim).
//
// With the graph's Records, each node and each relation is also written as
// the store holds it (package rdfmap: its citations, names, dated facts
// with their own citations, an event's statements, a relation's start,
// end and note), the claims about each node follow it, and the sources
// cited are described at the end, so that an export of the whole graph
// holds every quad the store holds. Those quads are in Memoria's
// vocabulary only, as in the store.
type rdfw struct {
	base    string
	records Records
	mapper  *rdfmap.Mapper
	quads   []quad.Quad // the quads of the node or edge being written
	seen    map[quad.Quad]bool
	cited   map[quad.Value]bool // the graphs of the sources cited so far
	order   []quad.Value        // those graphs in order of first citation
}

func newRDFW(base string, records Records) *rdfw {
	r := &rdfw{base: base, records: records, seen: map[quad.Quad]bool{}, cited: map[quad.Value]bool{}}
	if records != nil {
		r.mapper = rdfmap.New(base)
	}
	return r
}

// begin starts the quads of one node, edge or record.
func (r *rdfw) begin() {
	r.quads = r.quads[:0]
	clear(r.seen)
}

// record adds the quads the store holds of a record, leaving out those
// already added.
func (r *rdfw) record(qs []rdfmap.Quad) {
	for _, q := range qs {
		r.add(q.Subject, q.Predicate, xsdLiteral(q.Object), q.Label)
	}
}

// xsdLiteral writes the store's numbers and booleans as literals of XML
// Schema's datatypes by their full IRIs, in their canonical lexical form
// for booleans: quad's own types spell the datatype "xsd:double", which is
// not an IRI outside Cayley.
func xsdLiteral(v quad.Value) quad.Value {
	switch v := v.(type) {
	case quad.Float:
		return quad.TypedString{Value: quad.String(strconv.FormatFloat(float64(v), 'E', -1, 64)), Type: schema.NSXSD + "double"}
	case quad.Int:
		return quad.TypedString{Value: quad.String(strconv.FormatInt(int64(v), 10)), Type: schema.NSXSD + "integer"}
	case quad.Bool:
		return quad.TypedString{Value: quad.String(strconv.FormatBool(bool(v))), Type: schema.NSXSD + "boolean"}
	}
	return v
}

// done returns the quads gathered, noting the sources they cite.
func (r *rdfw) done() []quad.Quad {
	for _, q := range r.quads {
		if q.Label != nil && !r.cited[q.Label] {
			r.cited[q.Label] = true
			r.order = append(r.order, q.Label)
		}
	}
	return r.quads
}

const (
	rdfType      = quad.IRI(schema.RDFType)
	rdfStatement = quad.IRI(schema.NSRDF + "Statement")
)

// iri returns the IRI of a node, statement or source id. Characters that
// an IRI cannot hold (which validated ids do not have) are
// percent-encoded, so that the output stays well formed whatever it is
// given.
func (r *rdfw) iri(id history.ID) quad.IRI { return quad.IRI(r.base + escapeIRI(string(id))) }

func escapeIRI(s string) string {
	if !strings.ContainsFunc(s, badIRIRune) {
		return s
	}
	var b strings.Builder
	for _, c := range []byte(s) {
		if c < 0x80 && badIRIRune(rune(c)) {
			b.WriteString("%" + strings.ToUpper(strconv.FormatUint(uint64(c)|0x100, 16)[1:]))
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

func badIRIRune(c rune) bool {
	return c <= ' ' || strings.ContainsRune(`<>"{}|\^`+"`", c)
}

func edtfLiteral(d history.Date) quad.Value {
	if d.IsZero() {
		return nil
	}
	return quad.TypedString{Value: quad.String(d.EDTF), Type: schema.EDTFDatatype}
}

func text(s string) quad.Value {
	if s == "" {
		return nil
	}
	return quad.String(s)
}

// add records a quad once; a nil object adds nothing.
func (r *rdfw) add(s quad.Value, p quad.Value, o quad.Value, g quad.Value) {
	if o == nil {
		return
	}
	q := quad.Quad{Subject: s, Predicate: p, Object: o, Label: g}
	if r.seen[q] {
		return
	}
	r.seen[q] = true
	r.quads = append(r.quads, q)
}

// term records s t o in graph g, and the same fact in each vocabulary t
// maps to; an inverse mapping reads from o to s.
func (r *rdfw) term(s quad.IRI, t schema.Term, o quad.Value, g quad.Value) {
	if o == nil {
		return
	}
	r.add(s, quad.IRI(t.IRI()), o, g)
	for _, m := range t.Mappings() {
		if !m.Inverse {
			r.add(s, quad.IRI(m.IRI), o, g)
		} else if oi, ok := o.(quad.IRI); ok {
			r.add(oi, quad.IRI(m.IRI), s, g)
		}
	}
}

// class records that s is of class t and of each class t maps to.
func (r *rdfw) class(s quad.IRI, t schema.Term) {
	r.add(s, rdfType, quad.IRI(t.IRI()), nil)
	for _, m := range t.Mappings() {
		r.add(s, rdfType, quad.IRI(m.IRI), nil)
	}
}

// node returns the quads that describe n, and with records, n's record.
func (r *rdfw) node(n Node) []quad.Quad {
	r.begin()
	s := r.iri(n.ID)
	if c, ok := schema.ClassOf(n.Kind); ok {
		r.class(s, c)
	}
	r.term(s, schema.Name, text(label(n)), nil)
	r.term(s, schema.Category, text(n.Category), nil)
	r.term(s, schema.Description, text(n.Description), nil)
	if n.Wikidata != "" {
		r.term(s, schema.Wikidata, quad.IRI(schema.WikidataEntityIRI(n.Wikidata)), nil)
	}
	if n.Kind == history.KindPerson {
		r.term(s, schema.BirthDate, edtfLiteral(n.Born), nil)
		r.term(s, schema.DeathDate, edtfLiteral(n.Died), nil)
	} else {
		r.term(s, schema.Date, edtfLiteral(n.Time), nil)
	}
	if r.records != nil {
		if e, ok := r.records.Entity(n.ID); ok {
			r.record(r.mapper.Entity(e))
		} else if ev, ok := r.records.Event(n.ID); ok {
			r.record(r.mapper.Event(ev))
		}
	}
	return r.done()
}

// claims returns the quads of each claim about n, a record at a time.
func (r *rdfw) claims(n Node) iter.Seq[[]quad.Quad] {
	return func(yield func([]quad.Quad) bool) {
		if r.records == nil {
			return
		}
		for _, c := range r.records.Claims(n.ID, "") {
			r.begin()
			r.record(r.mapper.Claim(c))
			if !yield(r.done()) {
				return
			}
		}
	}
}

// sources returns the quads of each source cited by what was written, then
// of each of extra not cited, a source at a time.
func (r *rdfw) sources(extra iter.Seq[*history.Source]) iter.Seq[[]quad.Quad] {
	return func(yield func([]quad.Quad) bool) {
		if r.records == nil {
			return
		}
		written := map[history.ID]bool{}
		one := func(s *history.Source) bool {
			if written[s.ID] {
				return true
			}
			written[s.ID] = true
			r.begin()
			r.record(r.mapper.Source(s))
			return yield(r.done())
		}
		for _, g := range r.order {
			iri, _ := g.(quad.IRI)
			id, ok := strings.CutPrefix(string(iri), r.base)
			if !ok {
				continue
			}
			if s, ok := r.records.Source(history.ID(id)); ok && !one(s) {
				return
			}
		}
		if extra != nil {
			for s := range extra {
				if !one(s) {
					return
				}
			}
		}
	}
}

// edge returns the quads of e's statement, and with records, the
// relation's record. The direct triple of a statement an event makes is
// then its event's, written with the event.
func (r *rdfw) edge(e Edge) []quad.Quad {
	r.begin()
	subj, pred, obj, relation := r.triple(e)
	for _, src := range sources(e.Citations) {
		if relation || r.records == nil {
			r.term(subj, pred, obj, r.iri(history.ID(src)))
		}
	}
	st := r.iri(e.ID)
	if relation {
		r.class(st, schema.Relation) // memoria:Relation, rdf:Statement
	} else {
		r.add(st, rdfType, rdfStatement, nil)
	}
	r.term(st, schema.Subject, subj, nil)
	r.term(st, schema.Predicate, quad.IRI(pred.IRI()), nil)
	r.term(st, schema.Object, obj, nil)
	r.term(st, schema.Role, text(string(e.Role)), nil)
	r.term(st, schema.Time, edtfLiteral(e.Time), nil)
	// A citation is one quad, as in the store: the statement's locator in
	// the graph of the cited source.
	for _, c := range e.Citations {
		r.term(st, schema.Locator, text(c.Locator), r.iri(c.Source))
	}
	if r.records != nil && relation {
		if rel, ok := r.records.Relation(e.ID); ok {
			r.record(r.mapper.Relation(rel))
		}
	}
	return r.done()
}

// The relations of the statements an event makes, as internal/graph
// labels them.
const (
	relParticipant = "participant"
	relPlace       = "place"
	relPartOf      = "part-of"
	relCaused      = "caused"
)

// triple returns the direct statement an edge stands for, in the store's
// vocabulary, and whether it is a relation (a record of its own) rather
// than a statement an event makes. A participation reads from the event to
// the entity (event participant person), a cause from the event to its
// cause (or, stated by the cause, a consequence from it to the event), an
// event's parent as superEvent; a relation reads as its type
// from its subject to its object.
func (r *rdfw) triple(e Edge) (subj quad.IRI, pred schema.Term, obj quad.IRI, relation bool) {
	from, to := r.iri(e.From), r.iri(e.To)
	switch e.Relation {
	case relParticipant:
		// The role rides on the predicate, as in the store:
		// m:participantAsVictim, a sub-property of m:participant.
		if e.Role != "" {
			return to, schema.RoleTerm(history.Role(e.Role)), from, false
		}
		return to, schema.Participant, from, false
	case relPlace:
		return from, schema.Location, to, false
	case relCaused:
		// As the event that states it says it: a cause of the later
		// event, or a consequence of the earlier one.
		if strings.Contains(string(e.ID), "#consequence/") {
			return from, schema.Consequence, to, false
		}
		return to, schema.Cause, from, false
	case relPartOf:
		if e.From.Kind() == history.KindEvent && e.To.Kind() == history.KindEvent {
			return from, schema.SuperEvent, to, false
		}
	}
	return from, schema.RelationTerm(history.RelationType(e.Relation)), to, true
}
