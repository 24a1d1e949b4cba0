package export

import (
	"strconv"
	"strings"

	"github.com/cayleygraph/quad"

	"github.com/memoria-history/memoria/internal/history"
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
type rdfw struct {
	base  string
	quads []quad.Quad // the quads of the node or edge being written
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

// add records a quad; a nil object adds nothing.
func (r *rdfw) add(s quad.IRI, p quad.IRI, o quad.Value, g quad.Value) {
	if o == nil {
		return
	}
	r.quads = append(r.quads, quad.Quad{Subject: s, Predicate: p, Object: o, Label: g})
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

// node returns the quads that describe n.
func (r *rdfw) node(n Node) []quad.Quad {
	r.quads = r.quads[:0]
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
	return r.quads
}

// edge returns the quads of e's statement.
func (r *rdfw) edge(e Edge) []quad.Quad {
	r.quads = r.quads[:0]
	subj, pred, obj, relation := r.triple(e)
	for _, src := range sources(e.Citations) {
		r.term(subj, pred, obj, r.iri(history.ID(src)))
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
	return r.quads
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
// cause, an event's parent as superEvent; a relation reads as its type
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
		return to, schema.Cause, from, false
	case relPartOf:
		if e.From.Kind() == history.KindEvent && e.To.Kind() == history.KindEvent {
			return from, schema.SuperEvent, to, false
		}
	}
	return from, schema.RelationTerm(history.RelationType(e.Relation)), to, true
}
