package store

import (
	"strconv"
	"strings"
	"time"

	"github.com/cayleygraph/quad"

	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/rdfmap"
	"github.com/memoria-history/memoria/schema"
)

// A record's revision and its retraction, in quads (written by the
// mapper of rdfmap.Mapper.InChange). The rdf:type quad of a record is in
// the graph of the change that first wrote it, and the changes since
// point at it, so that the record's revision costs no quad of its own:
//
//	R rdf:type m:Person <change/7>
//	<change/9> m:touches R                   (revision 9)
//
// A withdrawn record keeps all its quads and gains a retraction node, the
// link to it in the graph of the change that withdrew it:
//
//	R m:retracted R#retraction <change/9>
//	R#retraction m:reason "..."; m:retractedAt "..."^^xsd:dateTime
//	R#retraction m:locator "p. 4" S          (its citations, if any)

// term and rdfType spell quads as the mapping writes them, for the quads
// the store reads and writes itself.
func term(t schema.Term) quad.IRI { return quad.IRI(t.IRI()) }

const rdfType = quad.IRI(schema.RDFType)

// changeIRI is the IRI of the audit record of change n.
func changeIRI(base string, n uint64) quad.IRI { return rdfmap.ChangeIRI(base, n) }

// changeNumber reads the number of the change a label names, 0 if it
// names none (a record written before stores kept revisions).
func changeNumber(base string, label quad.Value) uint64 {
	iri, ok := label.(quad.IRI)
	if !ok {
		return 0
	}
	rest, ok := strings.CutPrefix(string(iri), base+schema.ChangePath)
	if !ok {
		return 0
	}
	n, err := strconv.ParseUint(rest, 10, 64)
	if err != nil {
		return 0
	}
	return n
}

// retraction reads the retraction of the record whose node is n.
func (b *builder) retraction(iri string, n *node) *history.Retracted {
	var link *attr
	for i := range n.multi {
		if n.multi[i].t == schema.Retracted {
			link = &n.multi[i]
			break
		}
	}
	if link == nil {
		return nil
	}
	ni, _ := link.v.(quad.IRI)
	rn := b.nodes[string(ni)]
	if rn == nil {
		b.fail(iri, "its retraction %v is not stored", link.v)
		return nil
	}
	r := &history.Retracted{
		Reason:    b.str(string(ni), rn.get(schema.Reason)),
		Citations: b.citations(string(ni), rn),
		Revision:  changeNumber(b.base, link.l),
	}
	if v := rn.get(schema.RetractedAt); v != nil {
		t, ok := v.(quad.Time)
		if !ok {
			b.fail(string(ni), "retractedAt %v is not a time", v)
		}
		r.At = time.Time(t).UTC()
	}
	return r
}
