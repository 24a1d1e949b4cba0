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

// registerEntries returns n people named as in a Soviet register: one of
// a few dozen given names, so that each is shared by thousands; a
// patronymic made from another; a surname from one or two syllables and a
// common ending, so that many surnames are one letter apart. Each has a
// short name ("Given Surname") and a full one ("Given Patronymic
// Surname"), and some a transliteration with one letter changed. This is
// the shape that makes a search slow: a query pairs a token held by tens of
// thousands of names with a rare one. The seed is fixed.
func registerEntries(tb testing.TB, n int) []Entry {
	tb.Helper()
	r := rand.New(rand.NewPCG(1953, 1956))
	men := strings.Fields("Ivan Pyotr Nikolai Aleksei Sergei Andrei Vasily Grigory Boris Fyodor Semyon Stepan Aleksandr Vladimir Konstantin Yakov Osip Timofei Yegor Roman Leonid Maksim Viktor Kirill Gleb Yury Matvei Arkady")
	women := strings.Fields("Anna Maria Yekaterina Olga Yelena Tatyana Natalya Vera Nadezhda Sofya Kseniya Darya Zinaida Klavdiya Lidiya Nina Raisa Galina Antonina Polina")
	onsets := strings.Fields("b v g d zh z k l m n p r s t kh ch sh br gr kr pr tr st sl sm")
	vowels := strings.Fields("a o u i e a o")
	finals := strings.Fields("n r l k m t v s d b")
	endings := [][2]string{{"ov", "ova"}, {"ov", "ova"}, {"ov", "ova"}, {"in", "ina"}, {"ev", "eva"}, {"sky", "skaya"}, {"enko", "enko"}}
	pick := func(xs []string) string { return xs[r.IntN(len(xs))] }
	out := make([]Entry, 0, n)
	for i := range n {
		var stem strings.Builder
		for range 1 + r.IntN(2) {
			stem.WriteString(pick(onsets) + pick(vowels))
		}
		stem.WriteString(pick(finals))
		female := r.IntN(2) == 0
		given, ending, father := pick(men), endings[r.IntN(len(endings))], pick(men)
		patronymic := strings.TrimSuffix(father, "y") + "ovich"
		if female {
			given, patronymic = pick(women), strings.TrimSuffix(father, "y")+"ovna"
		}
		surname := stem.String() + ending[0]
		if female {
			surname = stem.String() + ending[1]
		}
		surname = strings.ToUpper(surname[:1]) + surname[1:]
		e := Entry{ID: history.ID(fmt.Sprintf("person/r%07d", i)), Kind: history.KindPerson, Name: given + " " + surname,
			Names: []history.Name{{Kind: history.NameFull, Text: given + " " + patronymic + " " + surname}}}
		if r.IntN(4) == 0 {
			b := []byte(surname)
			b[1+r.IntN(len(b)-1)] = "aeiouy"[r.IntN(6)]
			e.Names = append(e.Names, history.Name{Kind: history.NameTransliteration, Text: given + " " + string(b)})
		}
		out = append(out, e)
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

// BenchmarkSearchRegister searches names as a reader of a register would
// type them, among people whose given names are few and shared.
func BenchmarkSearchRegister(b *testing.B) {
	entries := registerEntries(b, benchSize(b))
	ix := withDelta(b, NewIndex(entries), entries)
	r := rand.New(rand.NewPCG(8, 9))
	queries := map[string][]string{}
	for range 200 {
		e := entries[r.IntN(len(entries))]
		words := strings.Fields(e.Names[0].Text)
		given, surname := words[0], words[2]
		typo := []rune(strings.ToLower(surname))
		typo[len(typo)/2] = 'x'
		queries["given-surname"] = append(queries["given-surname"], e.Name)
		queries["full-name"] = append(queries["full-name"], e.Names[0].Text)
		queries["given-typo"] = append(queries["given-typo"], given+" "+string(typo))
		queries["surname"] = append(queries["surname"], surname)
		queries["given-name"] = append(queries["given-name"], given)
	}
	benchQueries(b, ix, queries, "given-surname", "full-name", "given-typo", "surname", "given-name")
}

func BenchmarkSearch(b *testing.B) {
	entries := syntheticEntries(b, benchSize(b))
	ix := withDelta(b, NewIndex(entries), entries)
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
	benchQueries(b, ix, queries, "whole-name", "surname", "given-name", "prefix", "typo", "cyrillic", "miss")
}

// benchQueries runs a sub-benchmark per kind of query, in the order given,
// each cycling through its queries for the ten best hits.
func benchQueries(b *testing.B, ix *Index, queries map[string][]string, kinds ...string) {
	for _, kind := range kinds {
		qs := queries[kind]
		b.Run(kind, func(b *testing.B) {
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
