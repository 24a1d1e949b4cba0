package rdfmap

import (
	"strconv"
	"time"

	"github.com/cayleygraph/quad"

	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/schema"
)

// A store writes each record in the graph of a change: the record's
// rdf:type quad is labelled with a change that wrote it, and a
// retracted record gains a retraction node, linked in the graph of the
// change that withdrew it:
//
//	R rdf:type m:Person <change/7>
//	R m:retracted R#retraction <change/9>
//	R#retraction m:reason "..."; m:retractedAt "..."^^xsd:dateTime
//	R#retraction m:locator "p. 4" S          (its citations, if any)
//
// A Mapper not told of a change (exports) leaves rdf:type unlabelled.

// ChangeIRI is the IRI of the audit record of change n under base.
func ChangeIRI(base string, n uint64) quad.IRI {
	return quad.IRI(base + schema.ChangePath + strconv.FormatUint(n, 10))
}

// InChange makes the records mapped from now on those of change, a
// change's IRI (see ChangeIRI), made at: their rdf:type quads go in its
// graph, and so do retractions that carry no revision of their own.
func (m *Mapper) InChange(change quad.IRI, at time.Time) {
	m.change, m.at = change, at
}

// retraction writes the retraction of record id, if it has one. A
// retraction made by an earlier change keeps that change's graph and time.
func (m *Mapper) retraction(id history.ID, r *history.Retracted) {
	if r == nil {
		return
	}
	rec := m.iri(id)
	node := PartIRI(rec, "retraction", -1)
	label, at := m.change, m.at
	if r.Revision != 0 {
		label = ChangeIRI(m.base, r.Revision)
	}
	if !r.At.IsZero() {
		at = r.At
	}
	m.add(rec, term(schema.Retracted), node, label)
	m.add(node, term(schema.Reason), m.text(id, "retracted", r.Reason), nil)
	if !at.IsZero() {
		m.add(node, term(schema.RetractedAt), quad.Time(at.UTC()), nil)
	}
	m.cite(node, id, r.Citations)
}
