package export_test

import (
	"slices"

	"github.com/memoria-history/memoria/internal/catalog"
	"github.com/memoria-history/memoria/internal/export"
	"github.com/memoria-history/memoria/internal/history"
)

// fixture is a small graph that exercises what the writers must get
// right: every kind of node, every kind of edge, open and unknown times, an
// uncertain date, a date before the year 1, two sources on one edge, and
// text that needs escaping in every format (quotes, <, &, a line break,
// Cyrillic), dates cited otherwise than their statements, a group that
// ended and a relation that ends with it, and the records behind it all
// for the RDF formats (fixtureRecords).
func fixture() export.Graph {
	date := history.MustParseDate
	essay := history.Citation{Source: "source/essay", Locator: "¶9"}
	book := history.Citation{Source: "source/jansen-petrov", Locator: "ch. 4, p. 81"}
	handbook := history.Citation{Source: "source/handbook", Locator: "p. 12"}
	nodes := []export.Node{
		{ID: "event/beria-appointed", Kind: history.KindEvent, Label: "Beria appointed Yezhov's deputy", Category: "appointment", Time: date("1938-08-22")},
		{ID: "event/ides-of-march", Kind: history.KindEvent, Label: "Assassination of Caesar", Category: "assassination", Time: date("-0043-03-15")},
		{ID: "event/lenin-stroke", Kind: history.KindEvent, Label: "Lenin's third stroke", Category: "stroke", Time: date("1923-05?")},
		{ID: "event/great-terror", Kind: history.KindEvent, Label: "Great Terror", Category: "purge", Time: date("1936/1938"),
			Description: "Mass arrests & executions;\nthe \"Yezhovshchina\" <1936–1938>."},
		{ID: "group/nkvd", Kind: history.KindGroup, Label: "NKVD", Category: "police", Wikidata: "Q183320",
			Ended: date("1946-03-15"), TimeCitations: []history.Citation{handbook}},
		{ID: "person/lavrentiy-beria", Kind: history.KindPerson, Label: "Лаврентий Берия", Wikidata: "Q93104",
			Time: history.Span(date("1899-03-29"), date("1953-12-23")), Born: date("1899-03-29"), Died: date("1953-12-23"), TimeCitations: []history.Citation{book}},
		{ID: "person/nikolai-yezhov", Kind: history.KindPerson, Label: "Nikolai Yezhov"},
		{ID: "place/moscow", Kind: history.KindPlace, Label: "Moscow", Category: "city"},
		{ID: "work/order-00447", Kind: history.KindWork, Label: "Order No. 00447", Category: "order", Time: date("1937-07-30")},
	}
	edges := []export.Edge{
		{ID: "event/beria-appointed#part-of/event/great-terror", From: "event/beria-appointed", To: "event/great-terror", Relation: "part-of", Time: date("1938-08-22"), Citations: []history.Citation{essay}},
		{ID: "event/beria-appointed#place/place/moscow", From: "event/beria-appointed", To: "place/moscow", Relation: "place", Time: date("1938-08-22"), Citations: []history.Citation{essay}},
		{ID: "event/lenin-stroke#consequence/event/great-terror", From: "event/lenin-stroke", To: "event/great-terror", Relation: "caused", Time: date("1923-05?"), Citations: []history.Citation{essay}},
		{ID: "relation/nkvd-located-in-moscow", From: "group/nkvd", To: "place/moscow", Relation: "located-in", Citations: []history.Citation{essay}},
		{ID: "event/beria-appointed#participant/person/lavrentiy-beria/appointee", From: "person/lavrentiy-beria", To: "event/beria-appointed", Relation: "participant", Role: "appointee", Time: date("1938-08-22"), Citations: []history.Citation{essay, book},
			TimeCitations: []history.Citation{book}},
		{ID: "relation/beria-led-nkvd", From: "person/lavrentiy-beria", To: "group/nkvd", Relation: "led", Time: history.Span(date("1938-11-25"), date("1946-03-15")), Citations: []history.Citation{book},
			TimeCitations: []history.Citation{book, handbook}, EndDerivedFrom: "group/nkvd"},
		{ID: "relation/beria-deputy-of-yezhov", From: "person/lavrentiy-beria", To: "person/nikolai-yezhov", Relation: "deputy-of", Time: history.Span(date("1938-08-22"), date("1938-11-25")), Citations: []history.Citation{essay, book, {Source: "source/essay", Locator: "¶10"}}},
		{ID: "relation/yezhov-author-of-order", From: "person/nikolai-yezhov", To: "work/order-00447", Relation: "author-of", Time: date("1937-07-30"), Citations: []history.Citation{book}},
	}
	g := export.Of("Memoria: a test graph about the NKVD", nodes, edges)
	ds := fixtureRecords()
	g.Records = catalog.New(ds)
	g.Sources = func(yield func(*history.Source) bool) {
		for i := range ds.Sources {
			if !yield(&ds.Sources[i]) {
				return
			}
		}
	}
	return g
}

// fixtureRecords are the records behind the fixture's nodes and edges, as
// a store would hold them, with a claim and a source nothing cites.
func fixtureRecords() *history.Dataset {
	date := history.MustParseDate
	cite := func(src, loc string) []history.Citation {
		return []history.Citation{{Source: history.ID(src), Locator: loc}}
	}
	essay, book, handbook := cite("source/essay", "¶9"), cite("source/jansen-petrov", "ch. 4, p. 81"), cite("source/handbook", "p. 12")
	fact := func(d string, cs []history.Citation) *history.DatedFact {
		return &history.DatedFact{Date: date(d), Citations: cs}
	}
	entity := func(id history.ID, kind history.Kind, name, typ string, cs []history.Citation) history.Entity {
		return history.Entity{ID: id, Kind: kind, Name: name, Type: typ, Citations: cs}
	}
	nkvd := entity("group/nkvd", history.KindGroup, "NKVD", "police", essay)
	nkvd.Wikidata, nkvd.Ended = "Q183320", fact("1946-03-15", handbook)
	beria := entity("person/lavrentiy-beria", history.KindPerson, "Лаврентий Берия", "", essay)
	beria.Wikidata, beria.Born, beria.Died = "Q93104", fact("1899-03-29", book), fact("1953-12-23", book)
	beria.Names = []history.Name{{Text: "Lavrenty Beria", Kind: history.NameTransliteration, Citations: book}}
	order := entity("work/order-00447", history.KindWork, "Order No. 00447", "order", book)
	order.Date = fact("1937-07-30", book)
	event := func(id history.ID, name, typ, d string) history.Event {
		return history.Event{ID: id, Name: name, Type: typ, Date: fact(d, essay), Citations: essay}
	}
	appointed := event("event/beria-appointed", "Beria appointed Yezhov's deputy", "appointment", "1938-08-22")
	appointed.Date.Citations = book
	appointed.Place = &history.Link{Target: "place/moscow", Citations: essay}
	appointed.Parent = &history.Link{Target: "event/great-terror", Citations: essay}
	appointed.Participants = []history.Participation{{Entity: "person/lavrentiy-beria", Role: history.RoleAppointee, Citations: slices.Concat(essay, book)}}
	stroke := event("event/lenin-stroke", "Lenin's third stroke", "stroke", "1923-05?")
	stroke.Consequences = []history.Link{{Target: "event/great-terror", Citations: essay}}
	terror := event("event/great-terror", "Great Terror", "purge", "1936/1938")
	terror.Description = "Mass arrests & executions;\nthe \"Yezhovshchina\" <1936–1938>."
	deaths := 681692.0
	return &history.Dataset{
		Sources: []history.Source{
			{ID: "source/essay", Title: "Special treatment in Stalin's Gulag", Kind: history.SourceOpinionEssay, Description: "A partisan essay."},
			{ID: "source/handbook", Title: "A handbook of the NKVD", Kind: history.SourceReferenceWork},
			{ID: "source/jansen-petrov", Title: "Stalin's Loyal Executioner", Author: "Marc Jansen, Nikita Petrov", Published: date("2002"), Kind: history.SourceMonograph},
			{ID: "source/uncited", Title: "A work nothing cites", Kind: history.SourceMonograph},
		},
		Entities: []history.Entity{
			nkvd, beria,
			entity("person/nikolai-yezhov", history.KindPerson, "Nikolai Yezhov", "", essay),
			entity("place/moscow", history.KindPlace, "Moscow", "city", essay),
			order,
		},
		Events: []history.Event{appointed, event("event/ides-of-march", "Assassination of Caesar", "assassination", "-0043-03-15"), stroke, terror},
		Relations: []history.Relation{
			{ID: "relation/nkvd-located-in-moscow", Subject: "group/nkvd", Type: history.RelLocatedIn, Object: "place/moscow", Citations: essay},
			{ID: "relation/beria-led-nkvd", Subject: "person/lavrentiy-beria", Type: history.RelLed, Object: "group/nkvd", Start: fact("1938-11-25", book), Citations: book},
			{ID: "relation/beria-deputy-of-yezhov", Subject: "person/lavrentiy-beria", Type: history.RelDeputyOf, Object: "person/nikolai-yezhov",
				Start: fact("1938-08-22", essay), End: fact("1938-11-25", book), Note: "First deputy.", Citations: slices.Concat(essay, book, cite("source/essay", "¶10"))},
			{ID: "relation/yezhov-author-of-order", Subject: "person/nikolai-yezhov", Type: history.RelAuthorOf, Object: "work/order-00447", Citations: book},
		},
		Claims: []history.Claim{{ID: "claim/terror-executions", Subject: "event/great-terror", Property: "death-sentences", Quantity: &history.Quantity{Value: &deaths},
			Unit: "people", Time: fact("1937/1938", book), Note: "Sentences for 'counter-revolutionary' crimes.", Citations: book}},
	}
}
