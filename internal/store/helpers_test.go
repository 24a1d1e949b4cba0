package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"

	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/store/cayleykv"
)

// backendNames are the backends the conformance suite runs against.
func backendNames() []string { return []string{"memory", "bbolt", "bolt", "postgres"} }

// dsnFor returns a DSN of the named backend in a fresh temporary place:
// for postgres, a new database on the package's server.
func dsnFor(tb testing.TB, backend string) string {
	tb.Helper()
	switch backend {
	case "memory":
		return "memory:"
	case "postgres":
		return pgServer.NewDatabase(tb)
	}
	skipUnderRace(tb, backend)
	return backend + ":" + filepath.Join(tb.TempDir(), "data", "memoria.db")
}

// skipUnderRace skips tests of the legacy bolt backend under the race
// detector (see race_on_test.go).
func skipUnderRace(tb testing.TB, backend string) {
	tb.Helper()
	if backend == "bolt" && raceEnabled {
		tb.Skip("boltdb/bolt trips checkptr under the race detector")
	}
}

// openTest opens a store and closes it when the test ends.
func openTest(tb testing.TB, dsn string, opts Options) *Store {
	tb.Helper()
	s, err := Open(context.Background(), dsn, opts)
	if err != nil {
		tb.Fatalf("Open(%q) error: %v", dsn, err)
	}
	tb.Cleanup(func() { _ = s.Close() })
	return s
}

// mustLoad loads ds and fails the test on error.
func mustLoad(tb testing.TB, s *Store, ds *history.Dataset) LoadResult {
	tb.Helper()
	res, err := s.Load(context.Background(), ds)
	if err != nil {
		tb.Fatalf("Load error: %v", err)
	}
	return res
}

// mustDataset reads the store back and fails the test on error. It
// gives the records' content: the revisions the store keeps with them,
// and when it made their retractions, are left out (rawDataset has them).
func mustDataset(tb testing.TB, s *Store) *history.Dataset {
	tb.Helper()
	return canon{}.dataset(rawDataset(tb, s))
}

// rawDataset reads the store back as Dataset gives it.
func rawDataset(tb testing.TB, s *Store) *history.Dataset {
	tb.Helper()
	ds, err := s.Dataset(context.Background())
	if err != nil {
		tb.Fatalf("Dataset error: %v", err)
	}
	return ds
}

// storedQuads returns every stored quad as a sorted list of N-Quads-like
// lines, to compare whole store contents.
func storedQuads(tb testing.TB, s *Store) []string {
	tb.Helper()
	s.rlock()
	defer s.runlock()
	var out []string
	err := scanQuads(context.Background(), s.qs, func(q quad.Quad) error {
		out = append(out, q.NQuad())
		return nil
	})
	if err != nil {
		tb.Fatalf("scan quads: %v", err)
	}
	slices.Sort(out)
	return out
}

// wantCode checks that err carries code and mentions each of the words.
func wantCode(tb testing.TB, err error, code history.Code, words ...string) {
	tb.Helper()
	if err == nil {
		tb.Fatalf("error = nil, want a %s error", code)
	}
	if got := history.ErrorCode(err); got != code {
		tb.Errorf("error code = %s, want %s (error: %v)", got, code, err)
	}
	for _, w := range words {
		if !strings.Contains(err.Error(), w) {
			tb.Errorf("error %q does not mention %q", err, w)
		}
	}
}

// diffDatasets describes the first differences between two datasets.
func diffDatasets(got, want *history.Dataset) string {
	var b strings.Builder
	lists := []struct {
		name      string
		got, want any
	}{
		{"Sources", got.Sources, want.Sources},
		{"Entities", got.Entities, want.Entities},
		{"Events", got.Events, want.Events},
		{"Relations", got.Relations, want.Relations},
		{"Claims", got.Claims, want.Claims},
	}
	for _, l := range lists {
		g, w := reflect.ValueOf(l.got), reflect.ValueOf(l.want)
		if g.Len() != w.Len() {
			fmt.Fprintf(&b, "%s: got %d records, want %d\n", l.name, g.Len(), w.Len())
			continue
		}
		for i := 0; i < g.Len(); i++ {
			if !reflect.DeepEqual(g.Index(i).Interface(), w.Index(i).Interface()) {
				fmt.Fprintf(&b, "%s[%d]:\n got  %+v\n want %+v\n", l.name, i, g.Index(i).Interface(), w.Index(i).Interface())
			}
		}
	}
	return b.String()
}

func ptr(f float64) *float64 { return &f }

func cite(src, loc string) history.Citation {
	return history.Citation{Source: history.ID(src), Locator: loc}
}

// fullDataset is a small dataset that sets every field of every record
// type, with the awkward cases: several citations in a deliberate order,
// a language-tagged name, open and uncertain dates, exact and inexact
// floats, qualifiers, contradictions, and an event tree.
func fullDataset() *history.Dataset {
	d := history.MustParseDate
	at := history.Position{File: "seed/test.yaml", Line: 7}
	essay := cite("source/essay", "¶3")
	mono := cite("source/monograph", "p. 112")
	return &history.Dataset{
		Sources: []history.Source{
			{ID: "source/monograph", Title: "A History of the Camps", Author: "A. Historian", Published: d("2003"),
				Kind: history.SourceMonograph, Publisher: "University Press", URL: "https://example.org/book?id=1&x=\"y\"",
				Description: "A scholarly monograph.\nTwo lines.", At: at},
			{ID: "source/essay", Title: "Special Treatment", Kind: history.SourceOpinionEssay, Published: d("2024-05"), At: at},
		},
		Entities: []history.Entity{
			{ID: "person/nikolai-yezhov", Kind: history.KindPerson, Name: "Nikolai Yezhov", Description: "Head of the NKVD, 1936–1938.",
				Wikidata: "Q192171",
				Names: []history.Name{
					{Text: "Ежов", Kind: history.NameNative, Lang: "ru", Citations: []history.Citation{mono, essay}, At: at},
					{Text: "Ezhov", Kind: history.NameTransliteration, Citations: []history.Citation{essay}},
					{Text: "Yeshov", Kind: history.NameMisspelling, Citations: []history.Citation{cite("source/essay", "¶9")}},
				},
				Born:      &history.DatedFact{Date: d("1895-05-01"), Citations: []history.Citation{mono}, At: at},
				Died:      &history.DatedFact{Date: d("1940-02-04"), Citations: []history.Citation{mono, essay}},
				Citations: []history.Citation{mono, essay, cite("source/monograph", "p. 7")},
				At:        at},
			{ID: "person/genrikh-yagoda", Kind: history.KindPerson, Name: "Genrikh Yagoda",
				Born:      &history.DatedFact{Date: d("1891-11?"), Citations: []history.Citation{mono}},
				Citations: []history.Citation{essay}},
			{ID: "group/nkvd", Kind: history.KindGroup, Name: "NKVD", Type: "police", Wikidata: "Q327157",
				Ended:     &history.DatedFact{Date: d("1946-03-15"), Citations: []history.Citation{mono}},
				Citations: []history.Citation{essay}},
			// Names citing what the record cites, from two sources: written
			// as direct triples only, one per source.
			{ID: "place/moscow", Kind: history.KindPlace, Name: "Moscow", Type: "city",
				Names: []history.Name{
					{Text: "Москва", Kind: history.NameNative, Lang: "ru", Citations: []history.Citation{essay, mono}},
					{Text: "Moskau", Kind: history.NameTransliteration, Lang: "de", Citations: []history.Citation{essay, mono}},
				},
				Citations: []history.Citation{essay, mono}},
			{ID: "work/order-00447", Kind: history.KindWork, Name: "Order No. 00447", Type: "order",
				Date:      &history.DatedFact{Date: d("1937-07-30"), Citations: []history.Citation{mono}},
				Citations: []history.Citation{mono}},
		},
		Events: []history.Event{
			{ID: "event/great-terror", Name: "Great Terror", Type: "purge", Description: "Mass repression.",
				Date:         &history.DatedFact{Date: d("1936/1938"), Citations: []history.Citation{essay, mono}},
				Place:        &history.Link{Target: "place/moscow", Citations: []history.Citation{essay}},
				Participants: []history.Participation{{Entity: "group/nkvd", Role: history.RoleCarriedOut, Citations: []history.Citation{essay}}},
				Names:        []history.Name{{Text: "Yezhovshchina", Kind: history.NameVariant, Citations: []history.Citation{mono}}},
				Citations:    []history.Citation{essay}},
			{ID: "event/yagoda-arrest", Name: "Arrest of Yagoda", Type: "arrest",
				Date:   &history.DatedFact{Date: d("1937-03~"), Citations: []history.Citation{mono}},
				Parent: &history.Link{Target: "event/great-terror", Citations: []history.Citation{mono}},
				Participants: []history.Participation{
					{Entity: "person/genrikh-yagoda", Role: history.RoleVictim, Citations: []history.Citation{mono}},
					{Entity: "person/nikolai-yezhov", Role: history.RoleOrdered, Citations: []history.Citation{essay, mono}},
					{Entity: "person/nikolai-yezhov", Role: history.RoleBeneficiary, Citations: []history.Citation{essay}},
					{Entity: "group/nkvd", Role: history.RoleCarriedOut, Citations: []history.Citation{mono}},
				},
				Causes:       []history.Link{{Target: "event/great-terror", Citations: []history.Citation{mono}}},
				Consequences: []history.Link{{Target: "event/yagoda-trial", Citations: []history.Citation{mono, essay}}, {Target: "event/order", Citations: []history.Citation{essay}}},
				Citations:    []history.Citation{mono}},
			{ID: "event/yagoda-trial", Name: "Trial of Yagoda", Type: "trial",
				Participants: []history.Participation{{Entity: "person/genrikh-yagoda", Role: history.RoleSubject, Citations: []history.Citation{mono}}},
				Causes:       []history.Link{{Target: "event/yagoda-arrest", Citations: []history.Citation{mono}}},
				Citations:    []history.Citation{mono}},
			{ID: "event/order", Name: "Order issued", Type: "order",
				Participants: []history.Participation{{Entity: "work/order-00447", Role: history.RoleSubject, Citations: []history.Citation{mono}}},
				Citations:    []history.Citation{mono}},
		},
		Relations: []history.Relation{
			{ID: "relation/yezhov-led-nkvd", Subject: "person/nikolai-yezhov", Type: history.RelLed, Object: "group/nkvd",
				Start: &history.DatedFact{Date: d("1936-09-26"), Citations: []history.Citation{mono}},
				End:   &history.DatedFact{Date: d("1938-11-25"), Citations: []history.Citation{essay, mono}},
				Note:  "People's Commissar.", Citations: []history.Citation{essay, mono}, At: at},
			{ID: "relation/yezhov-succeeded-yagoda", Subject: "person/nikolai-yezhov", Type: history.RelSucceeded, Object: "person/genrikh-yagoda",
				Start: &history.DatedFact{Date: d("1936"), Citations: []history.Citation{mono}}, Citations: []history.Citation{mono}},
			{ID: "relation/yagoda-member-nkvd", Subject: "person/genrikh-yagoda", Type: history.RelMemberOf, Object: "group/nkvd",
				End: &history.DatedFact{Date: d("../1936"), Citations: []history.Citation{mono}}, Citations: []history.Citation{mono}},
			// The same direct triple from the same source as the first
			// relation: the quad is shared, the records are not.
			{ID: "relation/yezhov-led-nkvd-again", Subject: "person/nikolai-yezhov", Type: history.RelLed, Object: "group/nkvd",
				Start: &history.DatedFact{Date: d("1937"), Citations: []history.Citation{essay}}, Citations: []history.Citation{essay}},
		},
		Claims: []history.Claim{
			{ID: "claim/terror-deaths-essay", Subject: "event/great-terror", Property: "deaths",
				Quantity:   &history.Quantity{Value: ptr(681692), Approximate: true},
				Unit:       "people",
				Time:       &history.DatedFact{Date: d("1937/1938"), Citations: []history.Citation{essay}},
				Qualifiers: map[string]string{"cause": "execution", "where": "all of the USSR", "": "empty key"},
				Note:       "Executions only.",
				Citations:  []history.Citation{essay}, At: at},
			{ID: "claim/terror-deaths-monograph", Subject: "event/great-terror", Property: "deaths",
				Quantity:    &history.Quantity{Low: ptr(750000), High: ptr(1.2e6)},
				Unit:        "people",
				Time:        &history.DatedFact{Date: d("1937/1938"), Citations: []history.Citation{mono}},
				Qualifiers:  map[string]string{"cause": "execution"},
				Contradicts: []history.ID{"claim/terror-deaths-essay"},
				Citations:   []history.Citation{mono, essay}},
			{ID: "claim/odd-numbers", Subject: "group/nkvd", Property: "share-of-output",
				Quantity:  &history.Quantity{Low: ptr(0.1 + 0.2), High: ptr(1e300)},
				Unit:      "percent",
				Citations: []history.Citation{mono}},
			{ID: "claim/negative", Subject: "place/moscow", Property: "temperature",
				Quantity:  &history.Quantity{Value: ptr(-12.345678901234567)},
				Unit:      "celsius",
				Citations: []history.Citation{mono}},
			{ID: "claim/yezhov-arrest-date", Subject: "person/nikolai-yezhov", Property: "arrested",
				DateValue:   d("1939-04-10"),
				Contradicts: []history.ID{"claim/yezhov-arrest-other", "claim/odd-numbers"},
				Citations:   []history.Citation{essay}},
			{ID: "claim/yezhov-arrest-other", Subject: "person/nikolai-yezhov", Property: "arrested",
				DateValue: d("1939-04"),
				Citations: []history.Citation{mono}},
		},
	}
}

// syntheticDataset generates a valid dataset of n people, with groups,
// places, events, relations and claims around them, for benchmarks and
// volume tests.
func syntheticDataset(n int) *history.Dataset {
	d := history.MustParseDate
	src := []history.ID{"source/a", "source/b", "source/c"}
	c := func(i int) []history.Citation {
		return []history.Citation{{Source: src[i%len(src)], Locator: fmt.Sprintf("¶%d", i%97+1)}}
	}
	ds := &history.Dataset{}
	for _, s := range src {
		ds.Sources = append(ds.Sources, history.Source{ID: s, Title: "Source " + string(s), Kind: history.SourceMonograph})
	}
	groups, places := n/50+1, n/100+1
	for g := 0; g < groups; g++ {
		ds.Entities = append(ds.Entities, history.Entity{ID: history.ID(fmt.Sprintf("group/g%d", g)), Kind: history.KindGroup,
			Name: fmt.Sprintf("Group %d", g), Type: "party", Citations: c(g)})
	}
	for p := 0; p < places; p++ {
		ds.Entities = append(ds.Entities, history.Entity{ID: history.ID(fmt.Sprintf("place/p%d", p)), Kind: history.KindPlace,
			Name: fmt.Sprintf("Place %d", p), Type: "city", Citations: c(p)})
	}
	person := func(i int) history.ID { return history.ID(fmt.Sprintf("person/p%d", i)) }
	for i := 0; i < n; i++ {
		ds.Entities = append(ds.Entities, history.Entity{
			ID: person(i), Kind: history.KindPerson, Name: fmt.Sprintf("Person %d", i),
			Description: "A synthetic person.",
			Names:       []history.Name{{Text: fmt.Sprintf("P. %d", i), Kind: history.NameVariant, Citations: c(i + 1)}},
			Born:        &history.DatedFact{Date: d(fmt.Sprintf("%d", 1850+i%60)), Citations: c(i)},
			Died:        &history.DatedFact{Date: d(fmt.Sprintf("%d-0%d", 1920+i%40, 1+i%9)), Citations: c(i + 2)},
			Citations:   c(i),
		})
		ds.Relations = append(ds.Relations,
			history.Relation{ID: history.ID(fmt.Sprintf("relation/m%d", i)), Subject: person(i), Type: history.RelMemberOf,
				Object: history.ID(fmt.Sprintf("group/g%d", i%groups)), Start: &history.DatedFact{Date: d("1917"), Citations: c(i)}, Citations: c(i)},
			history.Relation{ID: history.ID(fmt.Sprintf("relation/a%d", i)), Subject: person(i), Type: history.RelAlliedWith,
				Object: person((i + 1) % n), Citations: c(i + 1)},
			history.Relation{ID: history.ID(fmt.Sprintf("relation/x%d", i)), Subject: person(i), Type: history.RelExiledTo,
				Object: history.ID(fmt.Sprintf("place/p%d", i%places)), Start: &history.DatedFact{Date: d("1928"), Citations: c(i + 2)},
				End: &history.DatedFact{Date: d("1929"), Citations: c(i + 2)}, Citations: c(i + 2)},
		)
		if i%10 == 0 {
			ds.Events = append(ds.Events, history.Event{
				ID: history.ID(fmt.Sprintf("event/e%d", i)), Name: fmt.Sprintf("Event %d", i), Type: "arrest",
				Date:  &history.DatedFact{Date: d("1937-05"), Citations: c(i)},
				Place: &history.Link{Target: history.ID(fmt.Sprintf("place/p%d", i%places)), Citations: c(i)},
				Participants: []history.Participation{
					{Entity: person(i), Role: history.RoleVictim, Citations: c(i)},
					{Entity: person((i + 5) % n), Role: history.RoleOrdered, Citations: c(i + 1)},
				},
				Citations: c(i),
			})
			ds.Claims = append(ds.Claims, history.Claim{
				ID: history.ID(fmt.Sprintf("claim/c%d", i)), Subject: person(i), Property: "prisoners",
				Quantity: &history.Quantity{Value: ptr(float64(i) * 1.5)}, Unit: "people", Citations: c(i),
			})
		}
	}
	return ds
}

// wantNothingLeftBeside fails the test if a load left its copy of the
// store, or its file of sorted index entries, beside the store's file.
func wantNothingLeftBeside(tb testing.TB, s *Store) {
	tb.Helper()
	for _, left := range []string{s.file + cayleykv.CopySuffix, s.file + cayleykv.RunsSuffix} {
		if _, err := os.Stat(left); !errors.Is(err, os.ErrNotExist) {
			tb.Errorf("the load left %s beside the store: stat error %v", left, err)
		}
	}
}
