package store

import (
	"slices"
	"strings"

	"github.com/cayleygraph/quad"

	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/schema"
)

// The records themselves, each from the single values of its node; the
// statements inside them come from assemble.go.

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
		Revision:    n.revision,
		Retracted:   b.retraction(iri, n),
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
		Revision:    n.revision,
		Retracted:   b.retraction(iri, n),
	}
}

func (b *builder) event(iri string, id history.ID, n *node) history.Event {
	return history.Event{
		ID:          id,
		Name:        b.str(iri, n.get(schema.Name)),
		Type:        b.str(iri, n.get(schema.Category)),
		Description: b.str(iri, n.get(schema.Description)),
		Citations:   b.citations(iri, n),
		Revision:    n.revision,
		Retracted:   b.retraction(iri, n),
	}
}

func (b *builder) relation(iri string, id history.ID, n *node) history.Relation {
	pred, _ := n.get(schema.Predicate).(quad.IRI)
	rt := b.terms[pred].relType
	ok := rt != ""
	if !ok {
		b.fail(iri, "predicate %v is not a relation type", n.get(schema.Predicate))
	}
	r := history.Relation{
		ID:        id,
		Subject:   b.id(iri, n.get(schema.Subject)),
		Type:      rt,
		Object:    b.id(iri, n.get(schema.Object)),
		Note:      b.str(iri, n.get(schema.Note)),
		Citations: b.citations(iri, n),
		Revision:  n.revision,
		Retracted: b.retraction(iri, n),
	}
	r.Start = b.ownFact(iri, n, schema.Start, r.Citations)
	r.End = b.ownFact(iri, n, schema.End, r.Citations)
	return r
}

// ownFact reads a dated value that a statement record holds as one of its
// own values (a relation's start or end, a claim's time), cited like the
// record until a statement node of its own says otherwise (see
// statementNode); nil when the record has none.
func (b *builder) ownFact(iri string, n *node, t schema.Term, cites []history.Citation) *history.DatedFact {
	v := n.get(t)
	if v == nil {
		return nil
	}
	return b.facts.one(history.DatedFact{Date: b.date(iri, v), Citations: shared(cites)})
}

func (b *builder) claim(iri string, id history.ID, n *node) history.Claim {
	c := history.Claim{
		ID:        id,
		Subject:   b.id(iri, n.get(schema.Subject)),
		Property:  b.str(iri, n.get(schema.Property)),
		DateValue: b.date(iri, n.get(schema.DateValue)),
		Unit:      b.str(iri, n.get(schema.Unit)),
		Note:      b.str(iri, n.get(schema.Note)),
		Citations: b.citations(iri, n),
		Revision:  n.revision,
		Retracted: b.retraction(iri, n),
	}
	c.Time = b.ownFact(iri, n, schema.Time, c.Citations)
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
		case schema.ValueEntity:
			c.Entities = append(c.Entities, b.id(iri, a.v))
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
