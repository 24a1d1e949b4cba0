package schema

import (
	"slices"
	"strings"

	"github.com/memoria-history/memoria/internal/history"
)

// Namespace is the namespace of Memoria's own vocabulary: a term's IRI is
// Namespace followed by its local name.
const Namespace = "https://w3id.org/memoria/vocab#"

// DefaultBase is the IRI base of entity, source and statement ids when none
// is configured: the IRI of "person/lavrentiy-beria" is DefaultBase +
// "person/lavrentiy-beria".
const DefaultBase = "https://w3id.org/memoria/"

// Namespaces of the vocabularies that Memoria's terms map to, and of the
// values some quads point at.
const (
	NSRDF            = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
	NSRDFS           = "http://www.w3.org/2000/01/rdf-schema#"
	NSXSD            = "http://www.w3.org/2001/XMLSchema#"
	NSSchemaOrg      = "http://schema.org/" // as Wikidata and cayleygraph/quad's voc spell it
	NSWikidataDirect = "http://www.wikidata.org/prop/direct/"
	NSWikidataEntity = "http://www.wikidata.org/entity/"
	NSSEM            = "http://semanticweb.cs.vu.nl/2009/11/sem/"
)

// Well-known IRIs used as they are, not through a Memoria term.
const (
	// RDFType is rdf:type: the predicate that gives a record its class.
	RDFType = NSRDF + "type"
	// EDTFDatatype is the Library of Congress datatype of EDTF literals;
	// every date is written as a literal of this type.
	EDTFDatatype = "http://id.loc.gov/datatypes/edtf/EDTF"
	// XSDAnyURI is the datatype of a source's URL.
	XSDAnyURI = NSXSD + "anyURI"
)

// Term is a term of Memoria's vocabulary, by its local name ("memberOf").
// Class terms start with an upper-case letter.
type Term string

// IRI returns the term's full IRI.
func (t Term) IRI() string { return Namespace + string(t) }

// The classes of records. Every record quad set has one rdf:type quad whose
// object is one of these.
const (
	Person   Term = "Person"
	Group    Term = "Group"
	Place    Term = "Place"
	Event    Term = "Event"
	Work     Term = "Work"
	Source   Term = "Source"
	Relation Term = "Relation"
	Claim    Term = "Claim"
)

// Attributes of entities, events and sources.
const (
	Name        Term = "name"
	Category    Term = "category" // the sort of group, place, work or event: "party", "execution"
	Description Term = "description"
	Wikidata    Term = "wikidata" // object: the Wikidata entity IRI
	Title       Term = "title"
	Author      Term = "author"
	Published   Term = "published"
	SourceKind  Term = "sourceKind"
	Publisher   Term = "publisher"
	URL         Term = "url"
)

// The parts of a statement node: a reified statement with its subject,
// predicate and object, its own fields and its citations.
const (
	Subject     Term = "subject"
	Predicate   Term = "predicate"
	Object      Term = "object"
	Citation    Term = "citation" // statement -> citation node
	CitedSource Term = "source"   // citation node -> source
	Locator     Term = "locator"  // citation node -> "¶9"
	Role        Term = "role"
	NameKind    Term = "nameKind"
	Start       Term = "start"
	End         Term = "end"
	Note        Term = "note"
	Property    Term = "property"
	Value       Term = "value"
	Low         Term = "low"
	High        Term = "high"
	Approximate Term = "approximate"
	DateValue   Term = "dateValue"
	ValueEntity Term = "valueEntity" // a claim's value when it names entities: where, who
	Unit        Term = "unit"
	Time        Term = "time"
	Contradicts Term = "contradicts"
	Qualifier   Term = "qualifier" // claim -> qualifier node
	Key         Term = "key"       // qualifier node -> its name; its value is Value
)

// The predicates of direct statements: the plain triples written beside
// each statement node so that graph queries and RDF tools see the fact.
// Relations use RelationTerm.
const (
	AlternateName Term = "alternateName"
	BirthDate     Term = "birthDate"
	DeathDate     Term = "deathDate"
	Ended         Term = "ended" // when a group, place or work ceased to be
	Date          Term = "date"
	Participant   Term = "participant"
	Location      Term = "location"
	SuperEvent    Term = "superEvent"
	Cause         Term = "cause"
	Consequence   Term = "consequence"
	HasClaim      Term = "claim"
)

// Terms lists every term of the vocabulary, classes first, in a fixed order.
func Terms() []Term {
	ts := []Term{
		Person, Group, Place, Event, Work, Source, Relation, Claim,
		Name, Category, Description, Wikidata, Title, Author, Published, SourceKind, Publisher, URL,
		Subject, Predicate, Object, Citation, CitedSource, Locator, Role, NameKind, Start, End, Note,
		Property, Value, Low, High, Approximate, DateValue, ValueEntity, Unit, Time, Contradicts, Qualifier, Key,
		AlternateName, BirthDate, DeathDate, Ended, Date, Participant, Location, SuperEvent, Cause, Consequence, HasClaim,
	}
	for _, rt := range history.RelationTypes() {
		ts = append(ts, RelationTerm(rt))
	}
	for _, k := range history.NameKinds() {
		ts = append(ts, NameTerm(k))
	}
	for _, r := range history.Roles() {
		ts = append(ts, RoleTerm(r))
	}
	return ts
}

// TermOf returns the term whose IRI is iri, and whether there is one.
func TermOf(iri string) (Term, bool) {
	local, ok := strings.CutPrefix(iri, Namespace)
	if !ok || local == "" {
		return "", false
	}
	for _, t := range Terms() {
		if string(t) == local {
			return t, true
		}
	}
	return "", false
}

// ClassOf returns the class of records of kind k.
func ClassOf(k history.Kind) (Term, bool) {
	switch k {
	case history.KindPerson:
		return Person, true
	case history.KindGroup:
		return Group, true
	case history.KindPlace:
		return Place, true
	case history.KindEvent:
		return Event, true
	case history.KindWork:
		return Work, true
	case history.KindSource:
		return Source, true
	}
	return "", false
}

// KindOf returns the kind of entity whose class is t. Relation and Claim
// are classes of statements, not kinds of entity.
func KindOf(t Term) (history.Kind, bool) {
	for _, k := range history.Kinds() {
		if c, _ := ClassOf(k); c == t {
			return k, true
		}
	}
	return "", false
}

// RelationTerm returns the predicate of relations of type rt: the type in
// lower camel case ("member-of" is memberOf).
func RelationTerm(rt history.RelationType) Term { return Term(lowerCamel(string(rt))) }

// lowerCamel turns a hyphenated word into lower camel case.
func lowerCamel(hyphenated string) string {
	var b strings.Builder
	upper := false
	for _, r := range hyphenated {
		switch {
		case r == '-':
			upper = true
		case upper:
			b.WriteString(strings.ToUpper(string(r)))
			upper = false
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// NameTerm returns the predicate of alternate names of kind k, a
// sub-property of AlternateName that says the kind: "native" is nativeName.
func NameTerm(k history.NameKind) Term { return Term(lowerCamel(string(k)) + "Name") }

// NameKindOf returns the name kind whose predicate is t.
func NameKindOf(t Term) (history.NameKind, bool) {
	for _, k := range history.NameKinds() {
		if NameTerm(k) == t {
			return k, true
		}
	}
	return "", false
}

// RoleTerm returns the predicate from an event to a participant in role r,
// a sub-property of Participant that says the role: "carried-out" is
// participantAsCarriedOut.
func RoleTerm(r history.Role) Term {
	camel := lowerCamel(string(r))
	if camel == "" {
		return Participant
	}
	return Term("participantAs" + strings.ToUpper(camel[:1]) + camel[1:])
}

// RoleOf returns the role whose predicate is t.
func RoleOf(t Term) (history.Role, bool) {
	for _, r := range history.Roles() {
		if RoleTerm(r) == t {
			return r, true
		}
	}
	return "", false
}

// RelationTypeOf returns the relation type whose predicate is t.
func RelationTypeOf(t Term) (history.RelationType, bool) {
	for _, rt := range history.RelationTypes() {
		if RelationTerm(rt) == t {
			return rt, true
		}
	}
	return "", false
}

// WikidataEntityIRI returns the IRI of a Wikidata item ("Q855").
func WikidataEntityIRI(qid string) string { return NSWikidataEntity + qid }

// Mapping is a term of another vocabulary that a Memoria term corresponds
// to. An Inverse mapping reads the other way: memoria:authorOf from a person
// to a work is schema:author from the work to the person.
type Mapping struct {
	IRI     string
	Inverse bool
}

// Mappings returns the terms of schema.org, Wikidata (direct properties,
// only where the match is sure), SEM and RDF that t corresponds to, best
// first; nil when none fits. A name kind's or a role's sub-property maps as
// its parent, AlternateName or Participant, does.
func (t Term) Mappings() []Mapping {
	if _, ok := NameKindOf(t); ok {
		t = AlternateName
	}
	if _, ok := RoleOf(t); ok {
		t = Participant
	}
	return slices.Clone(mappings[t])
}

// Shorthands for the mapping table.
func sdo(local string) Mapping { return Mapping{IRI: NSSchemaOrg + local} }
func wdt(p string) Mapping     { return Mapping{IRI: NSWikidataDirect + p} }
func sem(local string) Mapping { return Mapping{IRI: NSSEM + local} }
func rdf(local string) Mapping { return Mapping{IRI: NSRDF + local} }

// mappings is the table behind Mappings. It is read, never written: Mappings
// hands out copies.
var mappings = map[Term][]Mapping{
	Person:   {sdo("Person")},
	Group:    {sdo("Organization")},
	Place:    {sdo("Place"), sem("Place")},
	Event:    {sdo("Event"), sem("Event")},
	Work:     {sdo("CreativeWork")},
	Source:   {sdo("CreativeWork")},
	Relation: {rdf("Statement")},
	Claim:    {sdo("Claim"), rdf("Statement")},

	Name:          {sdo("name")},
	Title:         {sdo("name")},
	AlternateName: {sdo("alternateName")},
	Category:      {sdo("additionalType")},
	Description:   {sdo("description")},
	Wikidata:      {sdo("sameAs")},
	Author:        {sdo("author")},
	Published:     {sdo("datePublished")},
	Publisher:     {sdo("publisher")},
	URL:           {sdo("url")},

	Subject:     {rdf("subject")},
	Predicate:   {rdf("predicate")},
	Object:      {rdf("object")},
	Citation:    {sdo("citation")},
	CitedSource: {sdo("isPartOf")},
	Role:        {sem("roleType")},
	Start:       {sdo("startDate"), sem("hasBeginTimeStamp")},
	End:         {sdo("endDate"), sem("hasEndTimeStamp")},
	Note:        {{IRI: NSRDFS + "comment"}},
	Value:       {sdo("value")},
	Low:         {sdo("minValue")},
	High:        {sdo("maxValue")},
	Unit:        {sdo("unitText")},
	Time:        {sdo("temporalCoverage")},
	Qualifier:   {sdo("additionalProperty")},
	Key:         {sdo("propertyID")},

	BirthDate:   {sdo("birthDate"), wdt("P569")},
	DeathDate:   {sdo("deathDate"), wdt("P570")},
	Ended:       {sdo("dissolutionDate"), wdt("P576")},
	Date:        {sem("hasTimeStamp")},
	Participant: {sem("hasActor"), wdt("P710")},
	Location:    {sdo("location"), sem("hasPlace"), wdt("P276")},
	SuperEvent:  {sdo("superEvent"), {IRI: NSSEM + "hasSubEvent", Inverse: true}, wdt("P361")},
	Cause:       {wdt("P828")},
	Consequence: {wdt("P1542")},

	RelationTerm(history.RelMemberOf):   {sdo("memberOf"), wdt("P463")},
	RelationTerm(history.RelPartOf):     {sdo("isPartOf"), wdt("P361")},
	RelationTerm(history.RelSucceeded):  {wdt("P1365")},
	RelationTerm(history.RelAuthorOf):   {{IRI: NSSchemaOrg + "author", Inverse: true}, {IRI: NSWikidataDirect + "P50", Inverse: true}},
	RelationTerm(history.RelLocatedIn):  {sdo("containedInPlace")},
	RelationTerm(history.RelNationalOf): {sdo("nationality"), wdt("P27")},
}
