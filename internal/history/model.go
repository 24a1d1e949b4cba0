package history

import (
	"strconv"
	"strings"
)

// Kind is the kind of an entity. It is also the first segment of every
// entity id ("person/lavrentiy-beria").
type Kind string

// The kinds of entity.
const (
	KindPerson Kind = "person"
	KindGroup  Kind = "group"
	KindPlace  Kind = "place"
	KindEvent  Kind = "event"
	KindWork   Kind = "work"
	KindSource Kind = "source"
)

// Kinds lists every kind in a fixed order.
func Kinds() []Kind { return []Kind{KindPerson, KindGroup, KindPlace, KindEvent, KindWork, KindSource} }

// ID is a stable, readable identifier: a kind, a slash and a slug of
// lower-case letters, digits and hyphens ("group/nkvd"). Statements have ids
// too ("claim/gulag-deaths-essay", "relation/...").
type ID string

// Kind returns the kind named by the id's first segment.
func (id ID) Kind() Kind {
	k, _, _ := strings.Cut(string(id), "/")
	return Kind(k)
}

// Position is where a record was read from, so that problems can point at
// it. It is zero for records that came from a store.
type Position struct {
	File string
	Line int
}

func (p Position) String() string {
	switch {
	case p.File == "":
		return ""
	case p.Line == 0:
		return p.File
	}
	return p.File + ":" + strconv.Itoa(p.Line)
}

// Citation ties a statement to the source that makes it. The locator says
// where in the source: a paragraph ("¶9"), a page, a table.
type Citation struct {
	Source  ID
	Locator string
}

func (c Citation) String() string { return string(c.Source) + " " + c.Locator }

// SourceKind says what kind of work a source is, so that readers can weigh it.
type SourceKind string

// The kinds of source.
const (
	SourceOpinionEssay   SourceKind = "opinion-essay"
	SourceMonograph      SourceKind = "monograph"
	SourceJournalArticle SourceKind = "journal-article"
	SourceReferenceWork  SourceKind = "reference-work"
	SourceDatabase       SourceKind = "database"
)

// SourceKinds lists the kinds of source in a fixed order.
func SourceKinds() []SourceKind {
	return []SourceKind{SourceOpinionEssay, SourceMonograph, SourceJournalArticle, SourceReferenceWork, SourceDatabase}
}

// Source is a work that statements cite. Sources are where citations end,
// so a source needs no citation of its own.
type Source struct {
	ID          ID
	Title       string
	Author      string
	Published   Date
	Kind        SourceKind
	Publisher   string
	URL         string
	Description string // what the source is and how far to trust it
	// Text is where the dataset keeps the source's words, so that
	// citations of its paragraphs can be checked: a file of the dataset,
	// relative to the dataset's directory, holding the text itself or the
	// concordance of its paragraphs (see Concordance). Empty when the
	// dataset ships neither. It belongs to the dataset's files, not to the
	// graph, and is not stored.
	Text      string
	Revision  uint64     // the change that last wrote the record, set by the store (see Change)
	Retracted *Retracted // why and when the record was withdrawn, nil while it stands
	At        Position
}

// NameKind says how a name relates to the entity it names.
type NameKind string

// The kinds of name.
const (
	// NameFull is a longer official form ("Lavrentiy Pavlovich Beria").
	NameFull NameKind = "full"
	// NameNative is the name in the entity's own language and script.
	NameNative NameKind = "native"
	// NameTransliteration is another usual romanisation ("Ezhov").
	NameTransliteration NameKind = "transliteration"
	// NameVariant is another form in use, such as an abbreviation.
	NameVariant NameKind = "variant"
	// NameMisspelling is a spelling a source uses in error ("Zinoview").
	NameMisspelling NameKind = "misspelling"
)

// NameKinds lists the kinds of name in a fixed order.
func NameKinds() []NameKind {
	return []NameKind{NameFull, NameNative, NameTransliteration, NameVariant, NameMisspelling}
}

// Name is one name of an entity besides its canonical name, with the
// sources that use it.
type Name struct {
	Text      string
	Kind      NameKind
	Lang      string // BCP 47 language tag, when known ("ru", "de")
	Citations []Citation
	At        Position
}

// Entity is a person, group, place or work. Events and sources have types
// of their own.
type Entity struct {
	ID          ID
	Kind        Kind
	Name        string // the canonical name
	Type        string // what sort of group, place or work: "party", "camp", "law"
	Description string
	Wikidata    string // the Wikidata item, "Q855", when one exists
	Names       []Name
	Born        *DatedFact // people only
	Died        *DatedFact // people only
	Date        *DatedFact // works: when written or enacted
	// Ended is when a group, place or work ceased to be what the record
	// describes: a body dissolved, renamed or merged into another, a camp
	// closed, a state dissolved, a law repealed. A succeeded or
	// merged-into relation names what came after. People end with Died.
	Ended     *DatedFact
	Citations []Citation
	Revision  uint64     // the change that last wrote the record, set by the store (see Change)
	Retracted *Retracted // why and when the record was withdrawn, nil while it stands
	At        Position
}

// DatedFact is a date with the sources that give it.
type DatedFact struct {
	Date      Date
	Citations []Citation
	At        Position
}

// When returns the date, or the unknown date when f is nil, so that an
// optional fact can be compared without a check.
func (f *DatedFact) When() Date {
	if f == nil {
		return Date{}
	}
	return f.Date
}

// Participation says that an entity took part in an event, in a role.
type Participation struct {
	Entity    ID
	Role      Role
	Citations []Citation
	At        Position
}

// Role is the part an entity played in an event.
type Role string

// The roles an entity may play in an event.
const (
	RoleOrdered     Role = "ordered"
	RoleCarriedOut  Role = "carried-out"
	RoleVictim      Role = "victim"
	RoleAppointed   Role = "appointed"
	RoleAppointee   Role = "appointee"
	RoleOpposed     Role = "opposed"
	RoleSupported   Role = "supported"
	RoleLed         Role = "led"
	RoleMember      Role = "member"
	RoleSubject     Role = "subject"
	RoleAuthor      Role = "author"
	RoleWitness     Role = "witness"
	RoleBeneficiary Role = "beneficiary"
	RoleLocation    Role = "location"
)

// Roles lists every role in a fixed order.
func Roles() []Role {
	return []Role{RoleOrdered, RoleCarriedOut, RoleVictim, RoleAppointed, RoleAppointee, RoleOpposed, RoleSupported, RoleLed, RoleMember, RoleSubject, RoleAuthor, RoleWitness, RoleBeneficiary, RoleLocation}
}

// Link is a cited pointer from an event to another entity or event: its
// place, its parent, a cause or a consequence.
type Link struct {
	Target    ID
	Citations []Citation
	At        Position
}

// Event is something that happened, n-ary: any number of participants in
// roles, a time, a place, a parent event it is part of, and the events that
// caused it or followed from it.
type Event struct {
	ID           ID
	Name         string
	Type         string // "execution", "appointment", "stroke", "purge" ...
	Description  string
	Date         *DatedFact
	Place        *Link
	Parent       *Link
	Participants []Participation
	Causes       []Link
	Consequences []Link
	Names        []Name
	Citations    []Citation
	Revision     uint64     // the change that last wrote the record, set by the store (see Change)
	Retracted    *Retracted // why and when the record was withdrawn, nil while it stands
	At           Position
}

// RelationType is the kind of a relation between two entities.
type RelationType string

// The relation types. Each reads subject-type-object: "person/beria
// deputy-of person/yezhov".
const (
	RelMemberOf     RelationType = "member-of"
	RelLed          RelationType = "led"
	RelDeputyOf     RelationType = "deputy-of"
	RelSucceeded    RelationType = "succeeded"
	RelAlliedWith   RelationType = "allied-with"
	RelOpposed      RelationType = "opposed"
	RelExiledTo     RelationType = "exiled-to"
	RelAdministered RelationType = "administered"
	RelPartOf       RelationType = "part-of"
	RelMergedInto   RelationType = "merged-into"
	RelAuthorOf     RelationType = "author-of"
	RelLocatedIn    RelationType = "located-in"
	RelImprisonedIn RelationType = "imprisoned-in"
	RelSupported    RelationType = "supported"
	RelRivalOf      RelationType = "rival-of"
	RelComparedTo   RelationType = "compared-to"
	RelCreated      RelationType = "created"
	RelNationalOf   RelationType = "national-of"
)

// RelationTypes lists every relation type in a fixed order.
func RelationTypes() []RelationType {
	return []RelationType{
		RelMemberOf, RelLed, RelDeputyOf, RelSucceeded, RelAlliedWith, RelOpposed,
		RelExiledTo, RelAdministered, RelPartOf, RelMergedInto, RelAuthorOf,
		RelLocatedIn, RelImprisonedIn, RelSupported, RelRivalOf, RelComparedTo,
		RelCreated, RelNationalOf,
	}
}

// Relation is a cited, optionally time-bounded statement that links two
// entities. Its start and end are dated facts with citations of their own
// (a relation may be known from one source and its end from another). A
// relation without an end may still end: see Ends.
type Relation struct {
	ID        ID
	Subject   ID
	Type      RelationType
	Object    ID
	Start     *DatedFact
	End       *DatedFact
	Note      string
	Citations []Citation
	Revision  uint64     // the change that last wrote the record, set by the store (see Change)
	Retracted *Retracted // why and when the record was withdrawn, nil while it stands
	At        Position
}

// Quantity is a sourced number: an exact value, or a range whose low or
// high end may be open ("more than 500,000" has only Low).
type Quantity struct {
	Value       *float64
	Low         *float64
	High        *float64
	Approximate bool // "almost", "about": the figure is a round estimate
}

// Claim is a sourced value about a subject: a quantity, a date or a set
// of entities (the places an event struck), with its unit, the time it refers to and qualifiers that narrow what it counts.
// Claims from different sources about the same thing may disagree; both
// stay, and Disputes finds where.
type Claim struct {
	ID        ID
	Subject   ID
	Property  string // "prisoners", "deaths", "share-of-output", "date"
	Quantity  *Quantity
	DateValue Date // for claims about when something happened
	// Entities is the value of a claim about which entities: where
	// something happened, who did it. Two sources naming different ones
	// disagree.
	Entities []ID
	Unit     string
	// Time is the time the value refers to, with the sources that place
	// it there: the figure's own source when it gives a year, a reference
	// work when the source only says "after the war".
	Time       *DatedFact
	Qualifiers map[string]string
	// Contradicts names claims the curator judges to disagree with this one
	// even where the automatic comparison cannot see it (for example
	// because they count slightly different things).
	Contradicts []ID
	Note        string
	Citations   []Citation
	Revision    uint64     // the change that last wrote the record, set by the store (see Change)
	Retracted   *Retracted // why and when the record was withdrawn, nil while it stands
	At          Position
}

// Dataset is a whole body of curated statements.
type Dataset struct {
	Sources   []Source
	Entities  []Entity
	Events    []Event
	Relations []Relation
	Claims    []Claim
}

// GroupTypes lists the sorts of group the model knows; PlaceTypes and
// WorkTypes do the same for places and works.
func GroupTypes() []string {
	return []string{"party", "body", "government", "police", "army", "camp-system", "band", "movement", "court", "enterprise"}
}

// PlaceTypes lists the sorts of place the model knows.
func PlaceTypes() []string {
	return []string{"country", "republic", "region", "city", "camp", "building", "site"}
}

// WorkTypes lists the sorts of work the model knows.
func WorkTypes() []string {
	return []string{"letter", "law", "doctrine", "order", "decree", "song", "report", "book"}
}
