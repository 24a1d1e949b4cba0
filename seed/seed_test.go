package seed_test

import (
	"context"
	"testing"

	"github.com/memoria-history/memoria/internal/dataset"
	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/seed"
)

func readSeed(t testing.TB) *history.Dataset {
	t.Helper()
	ds, err := dataset.ReadFS(context.Background(), seed.FS(), ".", "seed")
	if err != nil {
		t.Fatalf("read the embedded seed: %v", err)
	}
	if ps := history.Validate(ds); len(ps) > 0 {
		t.Fatalf("the embedded seed has %d problem(s):\n%v", len(ps), ps)
	}
	return ds
}

// TestSeedCoverage checks the curated dataset against what the project
// promises of it: size, the figures it must name, and disputes between the
// essay and the reference works.
func TestSeedCoverage(t *testing.T) {
	ds := readSeed(t)
	kinds := map[history.Kind]int{}
	ids := map[history.ID]bool{}
	for _, e := range ds.Entities {
		kinds[e.Kind]++
		ids[e.ID] = true
	}
	for _, e := range ds.Events {
		ids[e.ID] = true
	}
	if got := kinds[history.KindPerson] + kinds[history.KindGroup]; got < 30 {
		t.Errorf("people and groups = %d, want at least 30", got)
	}
	if got := len(ds.Events); got < 40 {
		t.Errorf("events = %d, want at least 40", got)
	}
	if got := len(ds.Claims); got < 25 {
		t.Errorf("claims = %d, want at least 25", got)
	}
	disputes := history.Disputes(ds.Claims)
	// Count disagreements between the essay and another source.
	essayVsOther := 0
	claims := map[history.ID]history.Claim{}
	for _, c := range ds.Claims {
		claims[c.ID] = c
	}
	isEssay := func(c history.Claim) bool {
		for _, ct := range c.Citations {
			if ct.Source == "source/essay-special-treatment" {
				return true
			}
		}
		return false
	}
	for id, others := range disputes {
		if !isEssay(claims[id]) {
			continue
		}
		for _, o := range others {
			if !isEssay(claims[o]) {
				essayVsOther++
				break
			}
		}
	}
	if essayVsOther < 4 {
		t.Errorf("essay claims disputed by another source = %d, want at least 4", essayVsOther)
	}
	for _, want := range []history.ID{
		"person/joseph-stalin", "person/vladimir-lenin", "person/leon-trotsky", "person/lev-kamenev",
		"person/grigory-zinoviev", "person/nikolai-bukharin", "person/genrikh-yagoda", "person/nikolai-yezhov",
		"person/lavrentiy-beria", "person/nikita-khrushchev", "person/adolf-hitler", "person/heinrich-himmler",
		"person/henk-sneevliet", "person/vladimir-putin",
		"group/left-opposition", "group/all-union-communist-party-bolsheviks", "group/politburo", "group/central-committee",
		"group/nkvd", "group/ogpu", "group/gulag", "group/red-army", "group/russian-liberation-army", "group/pussy-riot", "group/wehrmacht",
		"event/great-terror", "event/lenin-third-stroke", "event/famine-1932-1933",
	} {
		if !ids[want] {
			t.Errorf("the seed lacks %s", want)
		}
	}
}

func TestSeedSourcesAreMarked(t *testing.T) {
	ds := readSeed(t)
	var essay *history.Source
	for i := range ds.Sources {
		if ds.Sources[i].ID == "source/essay-special-treatment" {
			essay = &ds.Sources[i]
		}
	}
	if essay == nil {
		t.Fatal("the seed has no source/essay-special-treatment")
	}
	if essay.Kind != history.SourceOpinionEssay || essay.Title != "Special treatment in Stalin's Gulag" {
		t.Errorf("essay = kind %q, title %q; want an opinion essay with its title", essay.Kind, essay.Title)
	}
}
