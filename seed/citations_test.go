package seed_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/memoria-history/memoria/internal/dataset"
	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/seed"
)

const essay = history.ID("source/essay-special-treatment")

// essayText returns the concordance of the essay that the seed ships.
func essayText(t testing.TB, ds *history.Dataset) map[history.ID]*history.Concordance {
	t.Helper()
	texts, problems := dataset.Texts(seed.FS(), ".", ds)
	if len(problems) > 0 {
		t.Fatalf("read the seed's texts: %v", problems)
	}
	if texts[essay] == nil {
		t.Fatalf("the seed ships no text for %s", essay)
	}
	out := map[history.ID]*history.Concordance{}
	for id, tx := range texts {
		out[id] = tx.Concordance
	}
	return out
}

// TestSeedCitationsSupportWhatTheyCite runs memoria validate's citation
// check on the seed: every citation of a paragraph of the essay names one
// of its statement's entities, gives its figures, and gives its year unless
// a reference work is cited for it.
func TestSeedCitationsSupportWhatTheyCite(t *testing.T) {
	ds := readSeed(t)
	if ps := history.CheckCitations(ds, essayText(t, ds)); len(ps) > 0 {
		t.Errorf("the seed's citations of the essay fail the check:\n%v", ps)
	}
}

// TestCitationCheckCatchesTheIssuesCases puts back the mistakes the seed
// once had and checks that each is found, naming the record and the
// citation.
func TestCitationCheckCatchesTheIssuesCases(t *testing.T) {
	ds := readSeed(t)
	texts := essayText(t, ds)
	only := func(loc string) []history.Citation { return []history.Citation{{Source: essay, Locator: loc}} }
	event := func(id history.ID) *history.Event {
		i := slices.IndexFunc(ds.Events, func(e history.Event) bool { return e.ID == id })
		if i < 0 {
			t.Fatalf("the seed lacks %s", id)
		}
		return &ds.Events[i]
	}
	// Kamenev and Zinoviev's execution cited to ¶8, which names them as
	// victims of the terror and dates no execution.
	ex := event("event/execution-of-kamenev-and-zinoviev")
	for i := range ex.Participants {
		if ex.Participants[i].Role == history.RoleVictim {
			ex.Participants[i].Citations = only("¶8")
		}
	}
	// Yagoda's arrest and Yezhov's execution under essay paragraphs alone.
	event("event/yagoda-arrest").Citations = only("¶7")
	event("event/yezhov-execution").Citations = only("¶10")
	// A figure the paragraph does not give, and a paragraph that names none
	// of the statement's entities.
	i := slices.IndexFunc(ds.Claims, func(c history.Claim) bool { return c.ID == "claim/gulag-camps-essay" })
	high := 467.0
	ds.Claims[i].Quantity.High = &high
	j := slices.IndexFunc(ds.Entities, func(e history.Entity) bool { return e.ID == "group/nkvd" })
	ds.Entities[j].Citations = append(ds.Entities[j].Citations, history.Citation{Source: essay, Locator: "¶8"})

	found := history.CheckCitations(ds, texts)
	for _, want := range []struct{ record, field, words string }{
		{"event/execution-of-kamenev-and-zinoviev", "participants", "Lev Kamenev's part as victim is 1936-08-25, but source/essay-special-treatment ¶8 gives no year 1936"},
		{"event/execution-of-kamenev-and-zinoviev", "participants", "Grigory Zinoviev's part as victim is 1936-08-25, but source/essay-special-treatment ¶8 gives no year 1936"},
		{"event/yagoda-arrest", "cite", "the event's date is 1937, but source/essay-special-treatment ¶7 gives no year 1937"},
		{"event/yezhov-execution", "cite", "the event's date is 1940-02-04, but source/essay-special-treatment ¶10 gives no year 1940"},
		{"claim/gulag-camps-essay", "cite", "cites source/essay-special-treatment ¶17 for the figure 467, which is not there"},
		{"group/nkvd", "cite", "cites source/essay-special-treatment ¶8, which names none of NKVD"},
	} {
		if !slices.ContainsFunc(found, func(p history.Problem) bool {
			return string(p.Record) == want.record && p.Field == want.field && strings.Contains(p.Message, want.words)
		}) {
			t.Errorf("no finding on %s %s saying %q; found:\n%v", want.record, want.field, want.words, found)
		}
	}
}
