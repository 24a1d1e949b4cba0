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
}

func nonNull(t graphql.Output) graphql.Output { return graphql.NewNonNull(t) }

func listOf(t graphql.Output) graphql.Output {
	return graphql.NewNonNull(graphql.NewList(graphql.NewNonNull(t)))
}

// field makes a field whose resolver gets the request's data view.
func (b *builder) field(t graphql.Output, desc string, r resolver) *graphql.Field {
	return &graphql.Field{Type: t, Description: desc, Resolve: b.a.wrap(r)}
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
	for _, k := range []history.Kind{history.KindPerson, history.KindGroup, history.KindPlace, history.KindEvent, history.KindWork} {
		kinds[upper(string(k))] = &graphql.EnumValueConfig{Value: k, Description: "A " + string(k) + "."}
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
	sk := graphql.EnumValueConfigMap{}
	for _, k := range history.SourceKinds() {
		sk[upper(string(k))] = &graphql.EnumValueConfig{Value: k}
	}
	b.sourceKind = graphql.NewEnum(graphql.EnumConfig{Name: "SourceKind", Description: "What kind of work a source is, so that readers can weigh it.", Values: sk})
	nk := graphql.EnumValueConfigMap{"CANONICAL": {Value: history.NameKind("canonical"), Description: "The name Memoria uses."}}
	for _, k := range history.NameKinds() {
		nk[upper(string(k))] = &graphql.EnumValueConfig{Value: k}
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

// dateOrNil hides the unknown date: GraphQL says null for "not known".
// HistoricalDate's fields read a *history.Date: a pointer into the record
// costs nothing, where a Date value would be copied to the heap.
func dateOrNil(d *history.Date) any {
	if d == nil || d.IsZero() {
		return nil
	}
	return d
}

func datedOrNil(f *history.DatedFact) any {
	if f == nil {
		return nil
	}
	return dateOrNil(&f.Date)
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

func (b *builder) commonTypes() {
	b.date = graphql.NewObject(graphql.ObjectConfig{
		Name:        "HistoricalDate",
		Description: "A date as a source gives it, in the Extended Date/Time Format (EDTF), with the bounds it implies. An uncertain or approximate date sorts by its earliest bound.",
		Fields: graphql.Fields{
			"edtf":        b.stringField(nonNull(graphql.String), "The date in EDTF: 1938-08-22, 1941-06, 198X, 1934/1938, 1923-05?.", func(s any) *string { return &s.(*history.Date).EDTF }),
			"earliest":    b.plain(graphql.String, "The first instant the date can denote (RFC 3339), or null when open at the start.", func(s any) any { return bound(s.(*history.Date).Earliest) }),
			"latest":      b.plain(graphql.String, "The last instant the date can denote (RFC 3339), or null when open at the end.", func(s any) any { return bound(s.(*history.Date).Latest) }),
			"uncertain":   b.plain(nonNull(graphql.Boolean), "Whether the source is unsure of the date.", func(s any) any { return s.(*history.Date).Uncertain }),
			"approximate": b.plain(nonNull(graphql.Boolean), "Whether the date is given as approximate.", func(s any) any { return s.(*history.Date).Approximate }),
		},
	})
	b.citation = graphql.NewObject(graphql.ObjectConfig{
		Name:        "Citation",
		Description: "Where a statement comes from: a source and a place in it.",
		Fields: graphql.FieldsThunk(func() graphql.Fields {
			return graphql.Fields{
				"source": b.field(nonNull(b.source), "The source that makes the statement.", func(p graphql.ResolveParams, d *Data) (any, error) {
					s, ok := d.Records.Source(p.Source.(*history.Citation).Source)
					if !ok {
						return nil, notFound(string(p.Source.(*history.Citation).Source))
					}
					return s, nil
				}),
				"locator": b.stringField(nonNull(graphql.String), "Where in the source: a paragraph (¶9), a page, a table.", func(s any) *string { return &s.(*history.Citation).Locator }),
			}
		}),
	})
	b.name = graphql.NewObject(graphql.ObjectConfig{
		Name:        "Name",
		Description: "One name of an entity: its canonical name, a full form, its name in its own script, a transliteration, a variant or a source's misspelling.",
		Fields: graphql.FieldsThunk(func() graphql.Fields {
			return graphql.Fields{
				"text":      b.stringField(nonNull(graphql.String), "The name as written.", func(s any) *string { return &s.(*history.Name).Text }),
				"kind":      b.plain(nonNull(b.nameKind), "How the name relates to the entity.", func(s any) any { return s.(*history.Name).Kind }),
				"lang":      b.optionalString("The language of the name (BCP 47), when known.", func(s any) *string { return &s.(*history.Name).Lang }),
				"citations": b.plain(listOf(b.citation), "The sources that use this name.", func(s any) any { return refs(s.(*history.Name).Citations) }),
			}
		}),
	})
	b.qualifier = graphql.NewObject(graphql.ObjectConfig{
		Name:        "Qualifier",
		Description: "A qualifier narrowing what a claim counts, such as metal: nickel.",
		Fields: graphql.Fields{
			"name":  b.plain(nonNull(graphql.String), "What is qualified.", func(s any) any { return s.(qualifier).name }),
			"value": b.plain(nonNull(graphql.String), "Its value.", func(s any) any { return s.(qualifier).value }),
		},
	})
	b.pageInfo = graphql.NewObject(graphql.ObjectConfig{
		Name:        "PageInfo",
		Description: "Where a page of a connection sits (Relay cursor connections).",
		Fields: graphql.Fields{
			"hasNextPage":     b.plain(nonNull(graphql.Boolean), "Whether more items follow.", func(s any) any { return s.(pageInfo).hasNext }),
			"hasPreviousPage": b.plain(nonNull(graphql.Boolean), "Whether items come before.", func(s any) any { return s.(pageInfo).hasPrev }),
			"startCursor":     b.plain(graphql.String, "The cursor of the first item.", func(s any) any { return emptyNil(s.(pageInfo).start) }),
			"endCursor":       b.plain(graphql.String, "The cursor of the last item; pass it as after for the next page.", func(s any) any { return emptyNil(s.(pageInfo).end) }),
		},
	})
}

type qualifier struct{ name, value string }

func emptyNil(s string) any {
	if s == "" {
		return nil
	}
	return s
}
