package store

import (
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
	class    schema.Term
	revision uint64 // of a record: the change its rdf:type quad is labelled with
	attrs    []attr // single-valued
	multi    []attr // locator (citations), contradicts, qualifier; in stored order
	parts    []attr // direct triples of statements inside a record, in stored order
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
	roleTouch                  // an audit record's m:touches: a later revision of its object
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
	// revisions holds, for each record a change wrote after its first,
	// the last such change (see touched).
	revisions map[string]uint64
	strs      *strpool.Pool // packs the dataset's strings, sharing recurring ones
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
	return &builder{
		base:  base,
		terms: vocabulary,
		nodes: map[string]*node{},
		dates: map[string]history.Date{},
		strs:  &strpool.Pool{},
	}
}

// vocabulary says what each predicate of Memoria's vocabulary is to the
// builder, and to a change that reads a record's quads. It is made once
// and only read: a change reads it for every quad it touches.
var vocabulary = termTable()

func termTable() map[quad.Value]termInfo {
	terms := map[quad.Value]termInfo{quad.IRI(schema.RDFType): {role: roleClass}}
	for _, t := range schema.Terms() {
		info := termInfo{t: t, role: roleSingle}
		switch t {
		case schema.Locator, schema.Contradicts, schema.Qualifier, schema.ValueEntity:
			info.role = roleMulti
		case schema.AlternateName, schema.Participant, schema.HasClaim:
			info.role = roleDirect
		case schema.BirthDate, schema.DeathDate, schema.Ended, schema.Date, schema.Location, schema.SuperEvent, schema.Cause, schema.Consequence:
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
		terms[quad.IRI(t.IRI())] = info
	}
	terms[quad.IRI(schema.Retracted.IRI())] = termInfo{t: schema.Retracted, role: roleMulti}
	terms[quad.IRI(schema.Reason.IRI())] = termInfo{t: schema.Reason, role: roleSingle}
	terms[quad.IRI(schema.RetractedAt.IRI())] = termInfo{t: schema.RetractedAt, role: roleSingle}
	terms[quad.IRI(schema.Touches.IRI())] = termInfo{t: schema.Touches, role: roleTouch}
	return terms
}

// touched notes that the change whose audit record q belongs to wrote
// the record q points at: a record's rdf:type quad is in the graph of the
// change that first wrote it, and the changes since point at it.
func (b *builder) touched(q quad.Quad) {
	iri, ok := q.Object.(quad.IRI)
	if !ok {
		return
	}
	if n := changeNumber(b.base, q.Subject); n > b.revisions[string(iri)] {
		if b.revisions == nil {
			b.revisions = map[string]uint64{}
		}
		b.revisions[string(iri)] = n
	}
}

// changeClass is the object of an audit record's rdf:type quad: the
// builder leaves audit records alone (their other predicates are not
// among its terms).
var changeClass quad.Value = quad.IRI(schema.Change.IRI())

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
	if !ok || info.role == roleDirect || info.role == roleClass && q.Object == changeClass {
		return nil
	}
	if info.role == roleTouch {
		b.touched(q)
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
		// A record written before stores kept revisions has no change
		// for a label; such a store is at revision 1 (see findRevision).
		n.revision = max(changeNumber(b.base, q.Label), 1)
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
