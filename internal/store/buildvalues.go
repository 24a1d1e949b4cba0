package store

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/cayleygraph/quad"

	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/schema"
)

// The builder reads stored values back into the dataset's types here. A
// value of the wrong kind is a corrupt store: the first one is kept in
// b.err (through fail) and assembling goes on, so that one pass finds it.

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
