package store

import (
	"context"
	"strings"
	"testing"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/rdfmap"
	"github.com/memoria-history/memoria/schema"
)

func TestVocabulary(t *testing.T) {
	seen := map[schema.Term]bool{}
	for _, term := range schema.Terms() {
		if seen[term] {
			t.Errorf("term %q is listed twice", term)
		}
		seen[term] = true
		if got, ok := schema.TermOf(term.IRI()); !ok || got != term {
			t.Errorf("TermOf(%q) = %q, %v, want %q, true", term.IRI(), got, ok, term)
		}
		for _, m := range term.Mappings() {
			if !strings.HasPrefix(m.IRI, "http") {
				t.Errorf("term %q maps to %q, which is not an IRI", term, m.IRI)
			}
		}
	}
	for _, rt := range history.RelationTypes() {
		term := schema.RelationTerm(rt)
		if got, ok := schema.RelationTypeOf(term); !ok || got != rt {
			t.Errorf("RelationTypeOf(RelationTerm(%q)) = %q, %v", rt, got, ok)
		}
	}
	if got := schema.RelationTerm(history.RelImprisonedIn); got != "imprisonedIn" {
		t.Errorf("RelationTerm(imprisoned-in) = %q, want imprisonedIn", got)
	}
	for _, k := range history.Kinds() {
		c, ok := schema.ClassOf(k)
		if back, ok2 := schema.KindOf(c); !ok || !ok2 || back != k {
			t.Errorf("KindOf(ClassOf(%q)) = %q", k, back)
		}
	}
	if _, ok := schema.TermOf(schema.Namespace + "nonsense"); ok {
		t.Errorf("TermOf accepts a term that is not in the vocabulary")
	}
}

// TestMappingUsesOnlyTheVocabulary checks every quad the mapper writes for
// the full dataset: predicates from the vocabulary (or rdf:type), subjects
// under the base, labels only sources, and the mapping the doc describes
// for a few statements.
func TestMappingUsesOnlyTheVocabulary(t *testing.T) {
	const base = schema.DefaultBase
	m := rdfmap.New(base)
	quads := m.Dataset(fullDataset())
	if ps := m.Problems(); len(ps) > 0 {
		t.Fatalf("mapping problems: %v", ps)
	}
	for _, q := range quads {
		p, _ := q.Predicate.(quad.IRI)
		if _, ok := schema.TermOf(string(p)); !ok && string(p) != schema.RDFType {
			t.Errorf("quad %v: predicate is not in the vocabulary", q)
		}
		if s, _ := q.Subject.(quad.IRI); !strings.HasPrefix(string(s), base) {
			t.Errorf("quad %v: subject is not under the base", q)
		}
		if q.Label != nil {
			if l, _ := q.Label.(quad.IRI); !strings.HasPrefix(string(l), base+"source/") {
				t.Errorf("quad %v: label is not a source", q)
			}
		}
	}
	iri := func(s string) quad.IRI { return quad.IRI(base + s) }
	essay, mono := iri("source/essay"), iri("source/monograph")
	yezhov := iri("person/nikolai-yezhov")
	edtf := func(s string) quad.Value { return quad.TypedString{Value: quad.String(s), Type: schema.EDTFDatatype} }
	want := []quad.Quad{
		// A relation: the record as a statement node, and the direct
		// triple once per source.
		quad.Make(iri("relation/yezhov-led-nkvd"), rdfType, term(schema.Relation), nil),
		quad.Make(iri("relation/yezhov-led-nkvd"), term(schema.Predicate), term("led"), nil),
		quad.Make(iri("relation/yezhov-led-nkvd"), term(schema.Start), edtf("1936-09-26"), nil),
		quad.Make(iri("relation/yezhov-led-nkvd"), term(schema.Locator), quad.String("p. 112"), mono),
		quad.Make(yezhov, term("led"), iri("group/nkvd"), essay),
		quad.Make(yezhov, term("led"), iri("group/nkvd"), mono),
		// A name with a language, its statement node and citation.
		quad.Make(iri("person/nikolai-yezhov#name-0"), term(schema.Object), quad.LangString{Value: "Ежов", Lang: "ru"}, nil),
		quad.Make(iri("person/nikolai-yezhov#name-0"), term(schema.Locator), quad.String("¶3"), essay),
		quad.Make(iri("person/nikolai-yezhov#name-0"), term(schema.Predicate), term("nativeName"), nil),
		quad.Make(yezhov, term("nativeName"), quad.LangString{Value: "Ежов", Lang: "ru"}, mono),
		// Names citing what their record cites: direct triples only.
		quad.Make(iri("place/moscow"), term("transliterationName"), quad.LangString{Value: "Moskau", Lang: "de"}, mono),
		// Record attributes, labelled per source; Wikidata as an IRI.
		quad.Make(yezhov, term(schema.Name), quad.String("Nikolai Yezhov"), essay),
		quad.Make(yezhov, term(schema.Wikidata), quad.IRI("http://www.wikidata.org/entity/Q192171"), mono),
		quad.Make(yezhov, term(schema.BirthDate), edtf("1895-05-01"), mono),
		// A claim: exact float, qualifier node, direct link from subject.
		quad.Make(iri("claim/terror-deaths-essay"), term(schema.Value), quad.Float(681692), nil),
		quad.Make(iri("claim/terror-deaths-essay"), term(schema.Approximate), quad.Bool(true), nil),
		quad.Make(iri("claim/terror-deaths-essay#qualifier-1"), term(schema.Key), quad.String("cause"), nil),
		quad.Make(iri("event/great-terror"), term(schema.HasClaim), iri("claim/terror-deaths-essay"), essay),
		// Event parts.
		quad.Make(iri("event/yagoda-arrest#participant-1"), term(schema.Predicate), term("participantAsOrdered"), nil),
		quad.Make(iri("event/yagoda-arrest"), term("participantAsOrdered"), yezhov, essay),
		quad.Make(iri("event/great-terror"), term("participantAsCarriedOut"), iri("group/nkvd"), essay),
		quad.Make(iri("event/yagoda-arrest"), term(schema.SuperEvent), iri("event/great-terror"), mono),
		// Sources in the default graph.
		quad.Make(mono, term(schema.URL), quad.TypedString{Value: `https://example.org/book?id=1&x="y"`, Type: schema.XSDAnyURI}, nil),
	}
	have := map[quad.Quad]bool{}
	for _, q := range quads {
		have[q] = true
	}
	for _, q := range want {
		if !have[q] {
			t.Errorf("missing quad %s", q.NQuad())
		}
	}
	// Statements citing what their record cites have no statement node.
	inherited := map[quad.Value]bool{
		iri("event/great-terror#participant-0"): true,
		iri("event/great-terror#place"):         true,
		iri("event/yagoda-arrest#parent"):       true,
		iri("place/moscow#name-0"):              true,
	}
	for _, q := range quads {
		if inherited[q.Subject] {
			t.Errorf("quad %s: a statement that cites what its record cites got a statement node", q.NQuad())
		}
	}
}

// TestEarlierMappingIsRefused reads a store holding a quad of the first
// mapping (a citation node) and expects a clear CodeCorrupt, not records
// silently missing their citations.
func TestEarlierMappingIsRefused(t *testing.T) {
	s := openTest(t, "memory:", Options{})
	mustLoad(t, s, fullDataset())
	base := schema.DefaultBase
	old := quad.Make(quad.IRI(base+"person/nikolai-yezhov"), term(schema.Citation), quad.IRI(base+"person/nikolai-yezhov#cite-0"), quad.IRI(base+"source/essay"))
	s.mu.Lock()
	err := s.apply(context.Background(), []graph.Delta{{Quad: old, Action: graph.Add}})
	s.mu.Unlock()
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.Dataset(context.Background())
	wantCode(t, err, history.CodeCorrupt, "earlier Memoria", "load its datasets again")
}
