package ingest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/search"
)

// registerPeople returns the seed's entries and n synthetic people named
// as a Soviet register names them: a few dozen given names each shared by
// thousands, a patronymic, surnames built from a few syllables and a
// common ending, so that many are a letter apart; some have a
// romanisation with a letter changed. The seed is fixed.
func registerPeople(tb testing.TB, n int) []search.Entry {
	tb.Helper()
	r := rand.New(rand.NewPCG(21, 1937))
	given := strings.Fields("Ivan Pyotr Nikolai Aleksei Sergei Andrei Vasily Grigory Boris Fyodor Semyon Stepan Aleksandr Vladimir Yakov Osip Yegor Roman Anna Maria Olga Vera Nina Galina Zinaida")
	onsets := strings.Fields("b v g d zh z k l m n p r s t kh sh br gr kr pr tr st sl")
	vowels := strings.Fields("a o u i e")
	endings := strings.Fields("ov ov ova in ina ev sky enko")
	pick := func(xs []string) string { return xs[r.IntN(len(xs))] }
	out := search.Entries(seedData(tb))
	for i := range n {
		var s strings.Builder
		for range 1 + r.IntN(3) {
			s.WriteString(pick(onsets) + pick(vowels))
		}
		surname := s.String() + pick(endings)
		surname = strings.ToUpper(surname[:1]) + surname[1:]
		g := pick(given)
		e := search.Entry{ID: history.ID("person/r" + strconv.Itoa(i)), Kind: history.KindPerson, Name: g + " " + surname,
			Names: []history.Name{{Kind: history.NameFull, Text: g + " " + pick(given) + "ovich " + surname}}}
		if r.IntN(5) == 0 {
			b := []byte(surname)
			b[1+r.IntN(len(b)-1)] = "aeiouy"[r.IntN(6)]
			e.Names = append(e.Names, history.Name{Kind: history.NameTransliteration, Text: g + " " + string(b)})
		}
		out = append(out, e)
	}
	return out
}

// longText is about words words of prose: the test texts again and
// again, each paragraph with a sentence naming two people of the register
// (one of them misspelt), so that the names looked up keep changing.
func longText(tb testing.TB, entries []search.Entry, words int) []byte {
	tb.Helper()
	var paras []string
	for _, name := range []string{"security-chiefs.txt", "testament.md"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			tb.Fatal(err)
		}
		doc, err := Read(data, FormatOf(name))
		if err != nil {
			tb.Fatal(err)
		}
		paras = append(paras, doc.Paragraphs...)
	}
	r := rand.New(rand.NewPCG(5, 3))
	var b strings.Builder
	b.WriteString("A long chronicle\n")
	n := 0
	for i := 0; n < words; i++ {
		a, c := entries[r.IntN(len(entries))].Name, []byte(entries[r.IntN(len(entries))].Name)
		c[len(c)-2] = 'y'
		p := paras[i%len(paras)] + fmt.Sprintf(" In %d %s was arrested, and %s gave evidence against him.", 1930+i%20, a, c)
		b.WriteString("\n" + p + "\n")
		n += len(strings.Fields(p))
	}
	return []byte(b.String())
}

// BenchmarkDraft50kWords drafts a text of 50,000 words against a million
// people (MEMORIA_INGEST_PEOPLE sets another number); the index is built
// once, before the timer starts.
func BenchmarkDraft50kWords(b *testing.B) {
	n := 1_000_000
	if s := os.Getenv("MEMORIA_INGEST_PEOPLE"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil {
			b.Fatal(err)
		}
	}
	entries := registerPeople(b, n)
	in := New(search.NewIndex(entries), entries)
	text := longText(b, entries, 50_000)
	ctx := context.Background()
	var d *Draft
	b.ResetTimer()
	for b.Loop() {
		doc, err := Read(text, Text)
		if err != nil {
			b.Fatal(err)
		}
		if d, err = in.Draft(ctx, doc, SourceInfo{ID: "source/long"}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(strings.Fields(string(text)))), "words")
	b.ReportMetric(float64(len(d.Mentions)), "mentions")
}
