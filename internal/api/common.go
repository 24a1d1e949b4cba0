package api

import (
	"time"

	"github.com/graphql-go/graphql"

	"github.com/memoria-history/memoria/internal/history"
)

// builder holds the schema's types while they are made, so that types that
// refer to each other can do so through field thunks.
type builder struct {
	a *API

	node, entity                                   *graphql.Interface
	person, group, place, event, work              *graphql.Object
	source, claim, relation, participation         *graphql.Object
	date, citation, name, qualifier, pageInfo      *graphql.Object
	searchHit, path, step, subgraph, edge, connect *graphql.Object
	support                                        *graphql.Object
	entityKind, direction, sourceKind, nameKind    *graphql.Enum
	recordScalar, partScalar                       *graphql.Scalar
}

func nonNull(t graphql.Output) graphql.Output { return graphql.NewNonNull(t) }

func listOf(t graphql.Output) graphql.Output {
	return graphql.NewNonNull(graphql.NewList(graphql.NewNonNull(t)))
}

// orNull is a list of t that is null when its field fails.
func orNull(t graphql.Output) graphql.Output { return graphql.NewList(graphql.NewNonNull(t)) }

// field makes a field whose resolver gets the request's data view.
func (b *builder) field(t graphql.Output, desc string, r resolver) *graphql.Field {
	return &graphql.Field{Type: t, Description: desc, Resolve: b.a.wrap(r)}
}

// argField is field with arguments.
func (b *builder) argField(t graphql.Output, desc string, args graphql.FieldConfigArgument, r resolver) *graphql.Field {
	return &graphql.Field{Type: t, Description: desc, Args: args, Resolve: b.a.wrap(r)}
}

// entityField makes a non-null Entity field: the entity or event named by
// the id that id reads from the parent value.
func (b *builder) entityField(desc string, id func(src any) history.ID) *graphql.Field {
	return b.field(nonNull(b.entity), desc, func(p graphql.ResolveParams, d *Data) (any, error) {
		return mustEntity(d, id(p.Source))
	})
}

// object makes an object type whose fields are made once every type
// exists, so that types may refer to each other.
func object(name, desc string, fields func() graphql.Fields) *graphql.Object {
	return graphql.NewObject(graphql.ObjectConfig{Name: name, Description: desc, Fields: graphql.FieldsThunk(fields)})
}

// nodeType is object for a type that implements Node.
func (b *builder) nodeType(name, desc string, fields func() graphql.Fields) *graphql.Object {
	return graphql.NewObject(graphql.ObjectConfig{Name: name, Description: desc, Interfaces: []*graphql.Interface{b.node}, Fields: graphql.FieldsThunk(fields)})
}

// stringField makes a String or ID field whose value is a string stored in
// its parent value, handed to graphql-go by pointer (see stringsByPointer).
// Taking a *string, not any, lets the compiler refuse a pointer to a named
// string type, which graphql-go would print as an address.
func (b *builder) stringField(t graphql.Output, desc string, f func(src any) *string) *graphql.Field {
	return b.computed(t, desc, func(s any) any { return f(s) })
}

// optionalString is stringField for a nullable String: empty means null.
func (b *builder) optionalString(desc string, f func(src any) *string) *graphql.Field {
	return b.computed(graphql.String, desc, func(s any) any {
		if p := f(s); *p != "" {
			return p
		}
		return nil
	})
}

// plain makes a field computed from its parent value alone.
func (b *builder) plain(t graphql.Output, desc string, f func(src any) any) *graphql.Field {
	if isStringScalar(t) {
		f = stringsByPointer(f)
	}
	return b.computed(t, desc, f)
}

// computed makes a field computed from its parent value alone, returned as
// graphql-go should serialize it.
func (b *builder) computed(t graphql.Output, desc string, f func(src any) any) *graphql.Field {
	return &graphql.Field{Type: t, Description: desc, Resolve: b.a.wrapPlain(f)}
}

func (b *builder) enums() {
	kinds := graphql.EnumValueConfigMap{}
	for k, desc := range map[history.Kind]string{
		history.KindPerson: "A person.",
		history.KindGroup:  "A group: a party, a state body, a police force, an army, a camp system, a band.",
		history.KindPlace:  "A place.",
		history.KindEvent:  "An event.",
		history.KindWork:   "A work: a letter, a law, a doctrine.",
	} {
		kinds[upper(string(k))] = &graphql.EnumValueConfig{Value: k, Description: desc}
	}
	b.entityKind = graphql.NewEnum(graphql.EnumConfig{Name: "EntityKind", Description: "The kinds of entity in the graph.", Values: kinds})
	b.direction = graphql.NewEnum(graphql.EnumConfig{
		Name:        "Direction",
		Description: "Which way a statement points, seen from the entity asking.",
		Values: graphql.EnumValueConfigMap{
			"OUTGOING": {Value: "OUTGOING", Description: "The entity is the statement's subject."},
			"INCOMING": {Value: "INCOMING", Description: "The entity is the statement's object."},
			"BOTH":     {Value: "BOTH", Description: "Either way."},
		},
	})
	sourceKinds := map[history.SourceKind]string{
		history.SourceOpinionEssay:   "An essay that argues a view: a secondary source, to weigh against others.",
		history.SourceMonograph:      "A scholarly book on one subject.",
		history.SourceJournalArticle: "An article in a scholarly journal.",
		history.SourceReferenceWork:  "An encyclopedia, a dictionary or a handbook.",
		history.SourceDatabase:       "A database of records, such as a register of victims or of officials.",
	}
	sk := graphql.EnumValueConfigMap{}
	for _, k := range history.SourceKinds() {
		sk[upper(string(k))] = &graphql.EnumValueConfig{Value: k, Description: sourceKinds[k]}
	}
	b.sourceKind = graphql.NewEnum(graphql.EnumConfig{Name: "SourceKind", Description: "What kind of work a source is, so that readers can weigh it.", Values: sk})
	nk := graphql.EnumValueConfigMap{"CANONICAL": {Value: history.NameKind("canonical"), Description: "The name Memoria uses."}}
	nameKinds := map[history.NameKind]string{
		history.NameFull:            "The full name, with the patronymic where there is one.",
		history.NameNative:          "The name in the entity's own language and script, such as Ежов.",
		history.NameTransliteration: "Another usual romanisation, such as Ezhov.",
		history.NameVariant:         "Another form in use, such as an abbreviation or a pseudonym.",
		history.NameMisspelling:     "A spelling a source uses in error, such as Zinoview.",
	}
	for _, k := range history.NameKinds() {
		nk[upper(string(k))] = &graphql.EnumValueConfig{Value: k, Description: nameKinds[k]}
	}
	b.nameKind = graphql.NewEnum(graphql.EnumConfig{Name: "NameKind", Description: "How a name relates to what it names.", Values: nk})
}

func upper(s string) string {
	out := []byte(s)
	for i, c := range out {
		switch {
		case c >= 'a' && c <= 'z':
			out[i] = c - 'a' + 'A'
		case c == '-':
			out[i] = '_'
		}
	}
	return string(out)
}

// bound formats a date bound for clients: RFC 3339 in UTC, or null for an
// open end.
func bound(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	s := t.UTC().Format(time.RFC3339)
	return &s
}

// dated is a date as HistoricalDate shows it: the date, the sources that
// give it, and for a relation's end that Memoria derived rather than a
// source gave, the party whose death or end it is.
type dated struct {
	date        *history.Date
	cites       []history.Citation
	derivedFrom history.ID
}

// dateOrNil hides the unknown date: GraphQL says null for "not known".
// cites are the sources that give the date. The dated made here points
// into the record for the date itself, which is not copied.
func dateOrNil(d *history.Date, cites []history.Citation) any {
	if d == nil || d.IsZero() {
		return nil
	}
	return &dated{date: d, cites: cites}
}

// datedOrNil shows a dated fact with its own citations.
func datedOrNil(f *history.DatedFact) any {
	if f == nil {
		return nil
	}
	return dateOrNil(&f.Date, f.Citations)
}

// refs returns pointers to the items of a slice. graphql-go boxes each item
// of a list in an interface before resolving its fields: a struct is copied
// to the heap, a pointer is not; and fields of a struct reached by pointer
// can hand out pointers to their strings (see stringsByPointer).
func refs[T any](items []T) []*T {
	out := make([]*T, len(items))
	for i := range items {
		out[i] = &items[i]
	}
	return out
}

// objectTypes makes the object types that implement no interface: the
// parts of records (HistoricalDate, Citation, Name, Qualifier, PageInfo)
// and the answers about the graph's shape (SearchHit, GraphEdge, PathStep,
// Path, Subgraph, Connection; their fields are in graphs.go).
func (b *builder) objectTypes() {
	b.date = object("HistoricalDate", "A date as a source gives it, in the Extended Date/Time Format (EDTF), with the bounds it implies and the sources that give it. An uncertain or approximate date sorts by its earliest bound.", b.dateFields)
	b.citation = object("Citation", "Where a statement comes from: a source and a place in it.", b.citationFields)
	b.name = object("Name", "One name of an entity: its canonical name, a full form, its name in its own script, a transliteration, a variant or a source's misspelling.", b.nameFields)
	b.qualifier = object("Qualifier", "A qualifier narrowing what a claim counts, such as metal: nickel.", b.qualifierFields)
	b.pageInfo = object("PageInfo", "Where a page of a connection sits (Relay cursor connections).", b.pageInfoFields)
	b.searchHit = object("SearchHit", "An entity found by search, with how well and by which name it matched.", b.searchHitFields)
	b.edge = object("GraphEdge", "One cited statement as an edge between two nodes: a relation, a participation in an event, an event's place, parent or cause.", b.edgeFields)
	b.step = object("PathStep", "One step of a path: the statement that links two neighbouring nodes, which way it was followed, its time and citations.", b.stepFields)
	b.path = object("Path", "A chain of cited statements from one entity to another: nodes and the steps between them.", b.pathFields)
	b.subgraph = object("Subgraph", "Part of the graph ready for a visualization client: both ends of every edge are among the nodes.", b.subgraphFields)
	b.connect = object("Connection", "An entity or event linked to both of two entities, and how.", b.connectionFields)
}

func (b *builder) dateFields() graphql.Fields {
	date := func(s any) *history.Date { return s.(*dated).date }
	return graphql.Fields{
		"edtf":        b.stringField(nonNull(graphql.String), "The date in EDTF: 1938-08-22, 1941-06, 198X, 1934/1938, 1923-05?.", func(s any) *string { return &date(s).EDTF }),
		"earliest":    b.plain(graphql.String, "The first instant the date can denote (RFC 3339), or null when open at the start.", func(s any) any { return bound(date(s).Earliest) }),
		"latest":      b.plain(graphql.String, "The last instant the date can denote (RFC 3339), or null when open at the end.", func(s any) any { return bound(date(s).Latest) }),
		"uncertain":   b.plain(nonNull(graphql.Boolean), "Whether the source is unsure of the date.", func(s any) any { return date(s).Uncertain }),
		"approximate": b.plain(nonNull(graphql.Boolean), "Whether the date is given as approximate.", func(s any) any { return date(s).Approximate }),
		"citations": b.plain(listOf(b.citation), "The sources that give this date, where it may differ from those of the statement around it: "+
			"a reference work that dates an event the essay describes. A derived end is cited as the death or end it is derived from.",
			func(s any) any { return refs(s.(*dated).cites) }),
		"derived": b.plain(nonNull(graphql.Boolean), "Whether Memoria derived the date rather than a source giving it: a lasting relation "+
			"(leading, membership, office) that no source ends cannot hold after one of its parties died or ended, so it ends then.",
			func(s any) any { return s.(*dated).derivedFrom != "" }),
		"derivedFrom": b.field(b.entity, "For a derived end, the party whose death or end it is; null otherwise.", resolveDerivedFrom),
	}
}

func resolveDerivedFrom(p graphql.ResolveParams, d *Data) (any, error) {
	if id := p.Source.(*dated).derivedFrom; id != "" {
		return mustEntity(d, id)
	}
	return nil, nil
}

func (b *builder) citationFields() graphql.Fields {
	return graphql.Fields{
		"source":  b.field(nonNull(b.source), "The source that makes the statement.", resolveCitationSource),
		"locator": b.stringField(nonNull(graphql.String), "Where in the source: a paragraph (¶9), a page, a table.", func(s any) *string { return &s.(*history.Citation).Locator }),
	}
}

func resolveCitationSource(p graphql.ResolveParams, d *Data) (any, error) {
	id := p.Source.(*history.Citation).Source
	if s, ok := d.Records.Source(id); ok {
		return s, nil
	}
	return nil, notFound(string(id))
}

func (b *builder) nameFields() graphql.Fields {
	name := func(s any) *history.Name { return s.(*history.Name) }
	return graphql.Fields{
		"text":      b.stringField(nonNull(graphql.String), "The name as written.", func(s any) *string { return &name(s).Text }),
		"kind":      b.plain(nonNull(b.nameKind), "How the name relates to the entity.", func(s any) any { return name(s).Kind }),
		"lang":      b.optionalString("The language of the name (BCP 47), when known.", func(s any) *string { return &name(s).Lang }),
		"citations": b.plain(listOf(b.citation), "The sources that use this name.", func(s any) any { return refs(name(s).Citations) }),
	}
}

func (b *builder) qualifierFields() graphql.Fields {
	return graphql.Fields{
		"name":  b.plain(nonNull(graphql.String), "What is qualified.", func(s any) any { return s.(qualifier).name }),
		"value": b.plain(nonNull(graphql.String), "Its value.", func(s any) any { return s.(qualifier).value }),
	}
}

func (b *builder) pageInfoFields() graphql.Fields {
	info := func(s any) pageInfo { return s.(pageInfo) }
	return graphql.Fields{
		"hasNextPage":     b.plain(nonNull(graphql.Boolean), "Whether more items follow.", func(s any) any { return info(s).hasNext }),
		"hasPreviousPage": b.plain(nonNull(graphql.Boolean), "Whether items come before.", func(s any) any { return info(s).hasPrev }),
		"startCursor":     b.plain(graphql.String, "The cursor of the first item.", func(s any) any { return emptyNil(info(s).start) }),
		"endCursor":       b.plain(graphql.String, "The cursor of the last item; pass it as after for the next page.", func(s any) any { return emptyNil(info(s).end) }),
	}
}

type qualifier struct{ name, value string }

func emptyNil(s string) any {
	if s == "" {
		return nil
	}
	return s
}
