package search

import (
	"context"
	"slices"
	"sync"
	"testing"

	"github.com/memoria-history/memoria/internal/history"
)

// names builds the variant names of an entry: kind, text, kind, text ...
func names(kv ...string) []history.Name {
	var out []history.Name
	for i := 0; i+1 < len(kv); i += 2 {
		out = append(out, history.Name{Kind: history.NameKind(kv[i]), Text: kv[i+1]})
	}
	return out
}

// testEntries are the people, groups, places, events and works of the
// seed essay that a reader would look for, with the variants the sources
// use, and a few namesakes to rank against.
func testEntries(tb testing.TB) []Entry {
	tb.Helper()
	return []Entry{
		{ID: "person/joseph-stalin", Kind: history.KindPerson, Name: "Joseph Stalin", Names: names(
			"full", "Iosif Vissarionovich Dzhugashvili", "native", "Иосиф Виссарионович Сталин", "variant", "Koba")},
		{ID: "person/vasily-stalin", Kind: history.KindPerson, Name: "Vasily Stalin"},
		{ID: "person/svetlana-alliluyeva", Kind: history.KindPerson, Name: "Svetlana Alliluyeva", Names: names("variant", "Svetlana Stalina")},
		{ID: "person/nikolai-yezhov", Kind: history.KindPerson, Name: "Nikolai Yezhov", Names: names(
			"native", "Николай Иванович Ежов", "transliteration", "Nikolai Ezhov", "transliteration", "Nikolai Jeschow",
			"full", "Nikolai Ivanovich Yezhov")},
		{ID: "person/grigory-zinoviev", Kind: history.KindPerson, Name: "Grigory Zinoviev", Names: names(
			"misspelling", "Grigory Zinoview", "native", "Григорий Евсеевич Зиновьев", "full", "Hersh Aronovich Radomyslsky-Apfelbaum")},
		{ID: "person/leon-trotsky", Kind: history.KindPerson, Name: "Leon Trotsky", Names: names(
			"native", "Лев Давидович Троцкий", "full", "Lev Davidovich Bronstein")},
		{ID: "person/lavrentiy-beria", Kind: history.KindPerson, Name: "Lavrentiy Beria", Names: names(
			"transliteration", "Lavrenti Beriya", "native", "Лаврентий Павлович Берия")},
		{ID: "person/lev-kamenev", Kind: history.KindPerson, Name: "Lev Kamenev", Names: names("native", "Лев Борисович Каменев")},
		{ID: "person/genrikh-yagoda", Kind: history.KindPerson, Name: "Genrikh Yagoda", Names: names("native", "Генрих Григорьевич Ягода")},
		{ID: "person/nikolai-bukharin", Kind: history.KindPerson, Name: "Nikolai Bukharin", Names: names("misspelling", "Nicolai Bukharin")},
		{ID: "person/vladimir-lenin", Kind: history.KindPerson, Name: "Vladimir Lenin", Names: names("native", "Владимир Ильич Ленин")},
		{ID: "group/nkvd", Kind: history.KindGroup, Name: "NKVD", Names: names(
			"full", "People's Commissariat for Internal Affairs", "native", "Народный комиссариат внутренних дел")},
		{ID: "group/left-opposition", Kind: history.KindGroup, Name: "Left Opposition"},
		{ID: "place/stalingrad", Kind: history.KindPlace, Name: "Stalingrad", Names: names("variant", "Volgograd")},
		{ID: "place/lubyanka", Kind: history.KindPlace, Name: "Lubyanka Building"},
		{ID: "event/death-of-stalin", Kind: history.KindEvent, Name: "Death of Stalin"},
		{ID: "event/great-terror", Kind: history.KindEvent, Name: "Great Terror", Names: names("variant", "Yezhovshchina")},
		{ID: "work/stalin-constitution", Kind: history.KindWork, Name: "Stalin Constitution"},
		{ID: "work/order-00447", Kind: history.KindWork, Name: "NKVD Order No. 00447"},
	}
}

func TestSearch(t *testing.T) {
	ix := NewIndex(testEntries(t))
	tests := []struct {
		name      string
		query     string
		kinds     []history.Kind
		first     int
		want      []history.ID // the hits' ids in order; nil: no hits
		wantFirst *Hit         // when set, the first hit in full
	}{
		{name: "misspelling the sources use", query: "Zinoview", first: 1, wantFirst: &Hit{ID: "person/grigory-zinoviev", Kind: history.KindPerson, Matched: "Grigory Zinoview", MatchKind: "misspelling"}},
		{name: "transliteration", query: "Ezhov", first: 1, wantFirst: &Hit{ID: "person/nikolai-yezhov", Kind: history.KindPerson, Matched: "Nikolai Ezhov", MatchKind: "transliteration"}},
		{name: "German transliteration", query: "Jeschow", first: 1, wantFirst: &Hit{ID: "person/nikolai-yezhov", Kind: history.KindPerson, Matched: "Nikolai Jeschow", MatchKind: "transliteration"}},
		{name: "surname alone, lower case", query: "trotsky", first: 1, wantFirst: &Hit{ID: "person/leon-trotsky", Kind: history.KindPerson, Matched: "Leon Trotsky", MatchKind: "name"}},
		{name: "variant spelling", query: "Beriya", first: 1, wantFirst: &Hit{ID: "person/lavrentiy-beria", Kind: history.KindPerson, Matched: "Lavrenti Beriya", MatchKind: "transliteration"}},
		{name: "Cyrillic query finds the native name", query: "Ежов", first: 1, wantFirst: &Hit{ID: "person/nikolai-yezhov", Kind: history.KindPerson, Matched: "Николай Иванович Ежов", MatchKind: "native"}},
		{name: "Cyrillic with ё and capitals", query: "ЁЖОВ", first: 1, want: []history.ID{"person/nikolai-yezhov"}},
		{name: "whole name exactly scores 1", query: "leon trotsky", first: 1, wantFirst: &Hit{ID: "person/leon-trotsky", Kind: history.KindPerson, Score: 1, Matched: "Leon Trotsky", MatchKind: "name"}},
		{name: "accents and case do not matter", query: "LÉON TRÓTSKY", first: 1, wantFirst: &Hit{ID: "person/leon-trotsky", Kind: history.KindPerson, Score: 1, Matched: "Leon Trotsky", MatchKind: "name"}},
		{name: "a name in another script, whole", query: "Николай Иванович Ежов", first: 1, wantFirst: &Hit{ID: "person/nikolai-yezhov", Kind: history.KindPerson, Score: 1, Matched: "Николай Иванович Ежов", MatchKind: "native"}},
		{name: "part of a full name", query: "Radomyslsky", first: 1, want: []history.ID{"person/grigory-zinoviev"}},
		{name: "apostrophe dropped", query: "Peoples Commissariat", first: 1, want: []history.ID{"group/nkvd"}},
		{name: "stalin ranks Joseph Stalin first", query: "stalin", first: 10, want: []history.ID{
			"person/joseph-stalin",       // exact token, half the name, a person
			"person/vasily-stalin",       // the same, later id
			"work/stalin-constitution",   // the same, a work
			"event/death-of-stalin",      // exact token, a third of the name
			"place/stalingrad",           // prefix of the whole name
			"person/svetlana-alliluyeva", // prefix of half the name Svetlana Stalina
		}},
		{name: "kinds filter", query: "stalin", kinds: []history.Kind{history.KindPlace, history.KindEvent}, first: 10, want: []history.ID{"event/death-of-stalin", "place/stalingrad"}},
		{name: "first caps the hits", query: "stalin", first: 2, want: []history.ID{"person/joseph-stalin", "person/vasily-stalin"}},
		{name: "first zero finds nothing", query: "stalin", first: 0, want: nil},
		{name: "empty query finds nothing", query: "", first: 10, want: nil},
		{name: "punctuation only finds nothing", query: " ,.;- ", first: 10, want: nil},
		{name: "nothing like it", query: "Churchill", first: 10, want: nil},
		{name: "one typo in a short token", query: "Jagoda", first: 1, want: []history.ID{"person/genrikh-yagoda"}},
		{name: "two typos in a long token", query: "Bucharinn", first: 1, want: []history.ID{"person/nikolai-bukharin"}},
		{name: "no typo allowed below four letters", query: "Lem", first: 10, want: nil},
		{name: "prefix", query: "Trots", first: 1, want: []history.ID{"person/leon-trotsky"}},
		{name: "both tokens beat one", query: "lev trotsky", first: 2, want: []history.ID{"person/leon-trotsky", "person/lev-kamenev"}},
		{name: "typo in one of two tokens still beats the other token alone", query: "leon trotzky", first: 1, want: []history.ID{"person/leon-trotsky"}},
		{name: "digits are tokens", query: "00447", first: 1, want: []history.ID{"work/order-00447"}},
		{name: "same token twice counts once", query: "stalin stalin", first: 1, want: []history.ID{"person/joseph-stalin"}},
		{name: "equal exact matches by id", query: "nikolai", first: 2, want: []history.ID{"person/nikolai-bukharin", "person/nikolai-yezhov"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hits := ix.Search(context.Background(), tt.query, tt.kinds, tt.first)
			if len(hits) > max(tt.first, 0) {
				t.Errorf("got %d hits, more than first = %d", len(hits), tt.first)
			}
			checkHits(t, hits)
			if tt.wantFirst != nil {
				if len(hits) == 0 {
					t.Fatalf("no hits, want %s", tt.wantFirst.ID)
				}
				got := hits[0]
				if tt.wantFirst.Score == 0 {
					got.Score = 0
				}
				if got != *tt.wantFirst {
					t.Errorf("first hit\ngot  %+v\nwant %+v", hits[0], *tt.wantFirst)
				}
				return
			}
			var got []history.ID
			for _, h := range hits {
				got = append(got, h.ID)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("hits\ngot  %v\nwant %v\n%+v", got, tt.want, hits)
			}
		})
	}
}

// checkHits checks what holds for every result: scores in (0, 1] and not
// increasing, each entry once.
func checkHits(tb testing.TB, hits []Hit) {
	tb.Helper()
	seen := map[history.ID]bool{}
	for i, h := range hits {
		if h.Score <= 0 || h.Score > 1 {
			tb.Errorf("hit %d (%s) has score %v, want (0, 1]", i, h.ID, h.Score)
		}
		if i > 0 && h.Score > hits[i-1].Score {
			tb.Errorf("hit %d (%s) scores %v, above hit %d's %v", i, h.ID, h.Score, i-1, hits[i-1].Score)
		}
		if seen[h.ID] {
			tb.Errorf("%s found twice", h.ID)
		}
		seen[h.ID] = true
		if h.Matched == "" || h.MatchKind == "" {
			tb.Errorf("hit %d (%s) does not say what matched: %+v", i, h.ID, h)
		}
	}
}

// TestSearchFuzzyWithoutVariant checks that a misspelling is found by edit
// distance even when no source lists it.
func TestSearchFuzzyWithoutVariant(t *testing.T) {
	entries := testEntries(t)
	for i := range entries {
		if entries[i].ID == "person/grigory-zinoviev" {
			entries[i].Names = nil
		}
	}
	ix := NewIndex(entries)
	hits := ix.Search(context.Background(), "Zinoview", nil, 3)
	if len(hits) == 0 {
		t.Fatal("no hits, want person/grigory-zinoviev")
	}
	want := Hit{ID: "person/grigory-zinoviev", Kind: history.KindPerson, Matched: "Grigory Zinoviev", MatchKind: "name"}
	got := hits[0]
	got.Score = 0
	if got != want {
		t.Errorf("got %+v, want %+v", hits[0], want)
	}
	if hits[0].Score >= 0.5 {
		t.Errorf("a near miss scores %v, want below any prefix or exact match", hits[0].Score)
	}
}

// TestSearchBands checks the ranking rule on one query token: whole name,
// then exact token, then prefix, then near miss.
func TestSearchBands(t *testing.T) {
	ix := NewIndex([]Entry{
		{ID: "person/a-fuzzy", Name: "Kamenyev Ivan"},
		{ID: "person/b-prefix", Name: "Kamenevich Ivan"},
		{ID: "person/c-token", Name: "Lev Kamenev"},
		{ID: "person/d-whole", Name: "Kamenev"},
	})
	hits := ix.Search(context.Background(), "kamenev", nil, 10)
	var got []history.ID
	for _, h := range hits {
		got = append(got, h.ID)
	}
	want := []history.ID{"person/d-whole", "person/c-token", "person/b-prefix", "person/a-fuzzy"}
	if !slices.Equal(got, want) {
		t.Errorf("got %v, want %v (%+v)", got, want, hits)
	}
	checkHits(t, hits)
}

func TestSearchCancelled(t *testing.T) {
	ix := NewIndex(testEntries(t))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if hits := ix.Search(ctx, "stalin", nil, 10); hits != nil {
		t.Errorf("got %v, want nothing from a cancelled search", hits)
	}
}

func TestSearchEmptyIndex(t *testing.T) {
	ix := NewIndex(nil)
	if hits := ix.Search(context.Background(), "stalin", nil, 10); hits != nil {
		t.Errorf("got %v from an empty index", hits)
	}
}

func TestSearchFirstAboveMax(t *testing.T) {
	var entries []Entry
	for i := range MaxFirst + 10 {
		entries = append(entries, Entry{ID: history.ID("person/p" + string(rune('a'+i%26)) + itoa(i)), Name: "Ivan Ivanov"})
	}
	ix := NewIndex(entries)
	if got := len(ix.Search(context.Background(), "ivanov", nil, 1<<30)); got != MaxFirst {
		t.Errorf("got %d hits, want MaxFirst = %d", got, MaxFirst)
	}
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b []byte
	for ; i > 0; i /= 10 {
		b = append([]byte{byte('0' + i%10)}, b...)
	}
	return string(b)
}

// TestSearchConcurrent runs searches from several goroutines at once and
// expects the answers one goroutine gets. Run it with -race.
func TestSearchConcurrent(t *testing.T) {
	ix := NewIndex(testEntries(t))
	queries := []string{"stalin", "Ежов", "Zinoview", "lev trotsky", "Beriya", "nkvd", "trots", "Jagoda"}
	want := make([][]Hit, len(queries))
	for i, q := range queries {
		want[i] = ix.Search(context.Background(), q, nil, 5)
	}
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := range 50 {
				j := (i + w) % len(queries)
				if got := ix.Search(context.Background(), queries[j], nil, 5); !slices.Equal(got, want[j]) {
					t.Errorf("%q answered differently under concurrency", queries[j])
				}
			}
		})
	}
	wg.Wait()
}

func TestKindCodesFitTheMask(t *testing.T) {
	if n := len(history.Kinds()); n >= 64 {
		t.Fatalf("%d kinds: a kind's code must stay below 64 to fit kindMask", n)
	}
	for _, k := range history.Kinds() {
		if m := kindMask([]history.Kind{k}); m != 1<<kindCode(k) {
			t.Errorf("kindMask(%s) = %b, want bit %d", k, m, kindCode(k))
		}
	}
}
