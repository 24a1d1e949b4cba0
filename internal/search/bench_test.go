package search

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/memoria-history/memoria/internal/history"
)

// syllables make up the synthetic names: enough of them that surnames are
// mostly distinct, as in a real prosopography.
var syllables = strings.Fields("ba be bi bo bu da de di do ka ke ki ko ku la le li lo lu ma me mi mo mu na ne ni no nu ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo za ze zi zo zu sha she shi sho cha che chi kov lev nov rin sky vich ova enko")

// cyrillic transliterates the synthetic names, to give entries a native
// name in another script.
var cyrillic = strings.NewReplacer("sh", "ш", "ch", "ч", "a", "а", "b", "б", "c", "ц", "d", "д", "e", "е", "i", "и", "k", "к", "l", "л", "m", "м", "n", "н", "o", "о", "r", "р", "s", "с", "t", "т", "u", "у", "v", "в", "y", "ы", "z", "з")

// syntheticEntries returns n people (and a tenth as many groups, places
// and events) with one of 300 given names, a surname of two to four
// syllables, and for some a transliteration with one letter changed or a
// Cyrillic native name. The seed is fixed.
func syntheticEntries(tb testing.TB, n int) []Entry {
	tb.Helper()
	r := rand.New(rand.NewPCG(1937, 1938))
	word := func(lo, hi int) string {
		var b strings.Builder
		for range lo + r.IntN(hi-lo+1) {
			b.WriteString(syllables[r.IntN(len(syllables))])
		}
		s := b.String()
		return strings.ToUpper(s[:1]) + s[1:]
	}
	given := make([]string, 300)
	for i := range given {
		given[i] = word(2, 3)
	}
	out := make([]Entry, 0, n+n/10)
	for i := range n {
		first, last := given[r.IntN(len(given))], word(2, 4)
		e := Entry{ID: history.ID(fmt.Sprintf("person/p%07d", i)), Kind: history.KindPerson, Name: first + " " + last}
		switch r.IntN(5) {
		case 0:
			b := []byte(last)
			b[1+r.IntN(len(b)-1)] = "aeiouy"[r.IntN(6)]
			e.Names = append(e.Names, history.Name{Kind: history.NameTransliteration, Text: first + " " + string(b)})
		case 1:
			e.Names = append(e.Names, history.Name{Kind: history.NameNative, Text: cyrillic.Replace(strings.ToLower(first + " " + last))})
		}
		out = append(out, e)
	}
	kinds := []history.Kind{history.KindGroup, history.KindPlace, history.KindEvent}
	for i := range n / 10 {
		k := kinds[i%3]
		out = append(out, Entry{ID: history.ID(fmt.Sprintf("%s/x%07d", k, i)), Kind: k, Name: word(2, 4) + " " + word(1, 3)})
	}
	return out
}

// benchSize is the number of synthetic people: 100k, or the value of
// MEMORIA_SEARCH_PEOPLE to measure larger indexes (1000000).
func benchSize(b *testing.B) int {
	if s := os.Getenv("MEMORIA_SEARCH_PEOPLE"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			b.Fatalf("MEMORIA_SEARCH_PEOPLE: %v", err)
		}
		return n
	}
	return 100_000
}

func BenchmarkNewIndex(b *testing.B) {
	entries := syntheticEntries(b, benchSize(b))
	var ix *Index
	for b.Loop() {
		ix = NewIndex(entries)
	}
	b.ReportMetric(float64(len(ix.vocab)), "tokens")
	b.ReportMetric(float64(len(ix.delFP)), "deletions")
}

func BenchmarkSearch(b *testing.B) {
	entries := syntheticEntries(b, benchSize(b))
	ix := NewIndex(entries)
	r := rand.New(rand.NewPCG(5, 3))
	pick := func() Entry { return entries[r.IntN(len(entries))] }
	queries := map[string][]string{}
	for range 200 {
		e := pick()
		first, last, _ := strings.Cut(e.Name, " ")
		queries["whole-name"] = append(queries["whole-name"], e.Name)
		queries["surname"] = append(queries["surname"], last)
		queries["given-name"] = append(queries["given-name"], first)
		queries["prefix"] = append(queries["prefix"], last[:min(len(last), 4)])
		typo := []rune(strings.ToLower(last))
		typo[len(typo)/2] = 'x'
		queries["typo"] = append(queries["typo"], string(typo))
		queries["cyrillic"] = append(queries["cyrillic"], cyrillic.Replace(strings.ToLower(last)))
		queries["miss"] = append(queries["miss"], "qqq"+strings.ToLower(last))
	}
	for _, name := range []string{"whole-name", "surname", "given-name", "prefix", "typo", "cyrillic", "miss"} {
		qs := queries[name]
		b.Run(name, func(b *testing.B) {
			ctx := context.Background()
			i, hits := 0, 0
			for b.Loop() {
				hits += len(ix.Search(ctx, qs[i%len(qs)], nil, 10))
				i++
			}
			b.ReportMetric(float64(hits)/float64(i), "hits/op")
		})
	}
}
