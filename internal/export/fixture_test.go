package export_test

import (
	"github.com/memoria-history/memoria/internal/export"
	"github.com/memoria-history/memoria/internal/history"
)

// fixture is a small graph that exercises what the writers must get
// right: every kind of node, every kind of edge, open and unknown times, an
// uncertain date, a date before the year 1, two sources on one edge, and
// text that needs escaping in every format (quotes, <, &, a line break,
// Cyrillic).
func fixture() export.Graph {
	date := history.MustParseDate
	essay := history.Citation{Source: "source/essay", Locator: "¶9"}
	book := history.Citation{Source: "source/jansen-petrov", Locator: "ch. 4, p. 81"}
	nodes := []export.Node{
		{ID: "event/beria-appointed", Kind: history.KindEvent, Label: "Beria appointed Yezhov's deputy", Category: "appointment", Time: date("1938-08-22")},
		{ID: "event/ides-of-march", Kind: history.KindEvent, Label: "Assassination of Caesar", Category: "assassination", Time: date("-0043-03-15")},
		{ID: "event/lenin-stroke", Kind: history.KindEvent, Label: "Lenin's third stroke", Category: "stroke", Time: date("1923-05?")},
		{ID: "event/great-terror", Kind: history.KindEvent, Label: "Great Terror", Category: "purge", Time: date("1936/1938"),
			Description: "Mass arrests & executions;\nthe \"Yezhovshchina\" <1936–1938>."},
		{ID: "group/nkvd", Kind: history.KindGroup, Label: "NKVD", Category: "police", Wikidata: "Q183320"},
		{ID: "person/lavrentiy-beria", Kind: history.KindPerson, Label: "Лаврентий Берия", Wikidata: "Q93104",
			Time: history.Span(date("1899-03-29"), date("1953-12-23")), Born: date("1899-03-29"), Died: date("1953-12-23")},
		{ID: "person/nikolai-yezhov", Kind: history.KindPerson, Label: "Nikolai Yezhov"},
		{ID: "place/moscow", Kind: history.KindPlace, Label: "Moscow", Category: "city"},
		{ID: "work/order-00447", Kind: history.KindWork, Label: "Order No. 00447", Category: "order", Time: date("1937-07-30")},
	}
	edges := []export.Edge{
		{ID: "event/beria-appointed#part-of/event/great-terror", From: "event/beria-appointed", To: "event/great-terror", Relation: "part-of", Time: date("1938-08-22"), Citations: []history.Citation{essay}},
		{ID: "event/beria-appointed#place/place/moscow", From: "event/beria-appointed", To: "place/moscow", Relation: "place", Time: date("1938-08-22"), Citations: []history.Citation{essay}},
		{ID: "event/lenin-stroke#consequence/event/great-terror", From: "event/lenin-stroke", To: "event/great-terror", Relation: "caused", Time: date("1923-05?"), Citations: []history.Citation{essay}},
		{ID: "relation/nkvd-located-in-moscow", From: "group/nkvd", To: "place/moscow", Relation: "located-in", Citations: []history.Citation{essay}},
		{ID: "event/beria-appointed#participant/person/lavrentiy-beria/appointee", From: "person/lavrentiy-beria", To: "event/beria-appointed", Relation: "participant", Role: "appointee", Time: date("1938-08-22"), Citations: []history.Citation{essay, book}},
		{ID: "relation/beria-led-nkvd", From: "person/lavrentiy-beria", To: "group/nkvd", Relation: "led", Time: history.Span(date("1938-11-25"), history.Date{}), Citations: []history.Citation{book}},
		{ID: "relation/beria-deputy-of-yezhov", From: "person/lavrentiy-beria", To: "person/nikolai-yezhov", Relation: "deputy-of", Time: history.Span(date("1938-08-22"), date("1938-11-25")), Citations: []history.Citation{essay, book, {Source: "source/essay", Locator: "¶10"}}},
		{ID: "relation/yezhov-author-of-order", From: "person/nikolai-yezhov", To: "work/order-00447", Relation: "author-of", Time: date("1937-07-30"), Citations: []history.Citation{book}},
	}
	return export.Of("Memoria: a test graph about the NKVD", nodes, edges)
}
