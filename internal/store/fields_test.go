package store

import (
	"testing"

	"github.com/memoria-history/memoria/internal/history"
)

// TestRoundTripOfCitedDatesAndEntityClaims checks the values whose
// citations may differ from their record's (a relation's start and end, a
// claim's time), an entity's end, and a claim whose value is entities, on
// every backend.
func TestRoundTripOfCitedDatesAndEntityClaims(t *testing.T) {
	d := history.MustParseDate
	essay, mono := cite("source/essay", "¶9"), cite("source/monograph", "p. 12")
	fact := func(s string, cs ...history.Citation) *history.DatedFact {
		return &history.DatedFact{Date: d(s), Citations: cs}
	}
	in := &history.Dataset{
		Sources: []history.Source{
			{ID: "source/essay", Title: "An essay", Kind: history.SourceOpinionEssay, Text: "texts/essay.txt"},
			{ID: "source/monograph", Title: "A monograph", Kind: history.SourceMonograph},
		},
		Entities: []history.Entity{
			{ID: "group/nkvd", Kind: history.KindGroup, Name: "NKVD", Type: "police", Ended: fact("1946-03-15", mono), Citations: []history.Citation{essay}},
			{ID: "group/mvd", Kind: history.KindGroup, Name: "MVD", Type: "police", Citations: []history.Citation{mono}},
			{ID: "place/ukraine", Kind: history.KindPlace, Name: "Ukraine", Type: "country", Citations: []history.Citation{essay}},
			{ID: "place/kazakhstan", Kind: history.KindPlace, Name: "Kazakhstan", Type: "republic", Citations: []history.Citation{mono}},
		},
		Relations: []history.Relation{
			{ID: "relation/mvd-succeeded-nkvd", Subject: "group/mvd", Type: history.RelSucceeded, Object: "group/nkvd",
				Start: fact("1946-03-15", mono), End: fact("1954", essay, mono), Citations: []history.Citation{essay, mono}},
		},
		Claims: []history.Claim{
			{ID: "claim/places-essay", Subject: "group/nkvd", Property: "places", Entities: []history.ID{"place/ukraine"},
				Time: fact("1932/1933", mono), Citations: []history.Citation{essay}},
			{ID: "claim/places-monograph", Subject: "group/nkvd", Property: "places", Entities: []history.ID{"place/ukraine", "place/kazakhstan"},
				Time: fact("1932/1933", mono), Citations: []history.Citation{mono}},
		},
	}
	for _, backend := range backendNames() {
		t.Run(backend, func(t *testing.T) {
			s := openTest(t, dsnFor(t, backend), Options{})
			mustLoad(t, s, in)
			if d := diffDatasets(mustDataset(t, s), canon{}.dataset(in)); d != "" {
				t.Errorf("Dataset() differs from what was loaded:\n%s", d)
			}
			if res := mustLoad(t, s, in); res.Records != 0 {
				t.Errorf("loading again = %+v, want nothing new", res)
			}
		})
	}
}
