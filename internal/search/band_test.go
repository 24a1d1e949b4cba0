package search

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/memoria-history/memoria/internal/history"
)

// TestEarlyStopChangesNothing checks that stopping before every band of
// every token is read gives exactly the hits that reading them all gives,
// on synthetic names and queries of every sort: whole names, single
// tokens, prefixes, typos, several tokens, with and without a kinds
// filter. The register's given names and patronymics are shared by
// thousands, so its queries pair common tokens with rare ones, which
// changes the order in which a search reads them.
func TestEarlyStopChangesNothing(t *testing.T) {
	tests := []struct {
		name    string
		entries func(testing.TB, int) []Entry
		// stepped reads every token held by more than a few names from the
		// best down, in small steps (see readBest).
		stepped bool
	}{
		{name: "varied given names", entries: syntheticEntries},
		{name: "register", entries: registerEntries},
		{name: "varied given names, stepped", entries: syntheticEntries, stepped: true},
		{name: "register, stepped", entries: registerEntries, stepped: true},
		{name: "namesakes", entries: namesakeEntries},
		{name: "namesakes, stepped", entries: namesakeEntries, stepped: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			entries := tt.entries(t, 20000)
			ix := NewIndex(entries)
			if tt.stepped {
				ix.readBestMin, ix.firstStep = 8, 2
			}
			r := rand.New(rand.NewPCG(16, 17))
			ctx := context.Background()
			mutate := func(s string) string {
				rs := []rune(strings.ToLower(s))
				if len(rs) > 1 {
					rs[r.IntN(len(rs))] = rune('a' + r.IntN(26))
				}
				return string(rs)
			}
			for i := range 3000 {
				e := entries[r.IntN(len(entries))]
				name := e.Name
				if len(e.Names) > 0 && r.IntN(2) == 0 {
					name = e.Names[r.IntN(len(e.Names))].Text
				}
				words := strings.Fields(name)
				w := words[r.IntN(len(words))]
				var q string
				switch i % 8 {
				case 0:
					q = name
				case 1:
					q = w
				case 2:
					q = w[:min(len(w), 3+r.IntN(3))]
				case 3:
					q = mutate(w)
				case 4:
					q = words[0] + " " + mutate(words[len(words)-1])
				case 5:
					q = w + " " + entries[r.IntN(len(entries))].Name
				case 6:
					q = strings.Join(words[:len(words)-1], " ") + " " + mutate(words[len(words)-1])
				default:
					q = mutate(w)[:min(len(w), 4)]
				}
				var kinds []history.Kind
				if r.IntN(4) == 0 {
					kinds = []history.Kind{history.Kinds()[r.IntN(5)]}
				}
				first := 1 + r.IntN(20)
				got := ix.search(ctx, q, kinds, first, false)
				want := ix.search(ctx, q, kinds, first, true)
				if !slices.Equal(got, want) {
					t.Fatalf("%q (kinds %v, first %d)\nearly stop %+v\nevery band %+v", q, kinds, first, got, want)
				}
			}
		})
	}
}

// namesakeEntries returns n people whose names come from a dozen given
// names and a dozen surnames, some with a patronymic or a second given
// name: every whole name is shared by many, and a query's every token is
// common, so that searches tie often and read every token from the best
// down.
func namesakeEntries(tb testing.TB, n int) []Entry {
	tb.Helper()
	r := rand.New(rand.NewPCG(1917, 1991))
	given := strings.Fields("Ivan Petr Anna Olga Lev Iosif Vera Nina Gleb Oleg Yury Ida")
	surnames := strings.Fields("Petrov Ivanov Orlov Orlova Lebedev Smirnov Smirnova Popov Volkov Kozlov Petrova Ivanova")
	pick := func(xs []string) string { return xs[r.IntN(len(xs))] }
	out := make([]Entry, 0, n)
	for i := range n {
		e := Entry{ID: history.ID(fmt.Sprintf("person/n%06d", i)), Kind: history.KindPerson, Name: pick(given) + " " + pick(surnames)}
		switch r.IntN(4) {
		case 0:
			e.Name = pick(given) + " " + pick(given) + "ovich " + pick(surnames)
		case 1:
			e.Names = append(e.Names, history.Name{Kind: history.NameVariant, Text: pick(surnames)})
		case 2:
			e.Names = append(e.Names, history.Name{Kind: history.NameFull, Text: pick(given) + " " + pick(given) + " " + pick(surnames)})
		}
		out = append(out, e)
	}
	return out
}

// TestGroupsReadBestFirst checks what finish relies on: each query token's
// groups hold its matches best first, so that a name matched by one group
// can gain nothing from that token's later ones. It checks too that the
// groups hold every match once.
func TestGroupsReadBestFirst(t *testing.T) {
	entries := namesakeEntries(t, 5000)
	ix := NewIndex(entries)
	ix.readBestMin = 8
	sc := ix.pool.Get().(*scratch)
	defer ix.pool.Put(sc)
	for _, q := range []string{"ivan", "iva", "petro", "ivan petrov", "ivanovich ivanova", "oleg olga orlov", "smirnovo", "lebedv", "i", "petro ivanv vianova petr"} {
		sc.next()
		p := ix.plan(sc, tokens(q), 10, ^uint64(0))
		seen := 0
		type key struct {
			q   int
			tok int32
		}
		once := map[key]bool{}
		for qi := range p.q {
			last := 2.0
			for _, g := range sc.groups[p.off[qi]:p.off[qi+1]] {
				for _, m := range g.of(sc.matches) {
					if m.q != qi {
						t.Errorf("%q: a group of query token %d holds a match of %d", q, qi, m.q)
					}
					if m.quality > last {
						t.Errorf("%q: query token %d reads a match of quality %v after one of %v", q, qi, m.quality, last)
					}
					last = m.quality
					seen++
					if once[key{m.q, m.tok}] {
						t.Errorf("%q: query token %d matches token %q twice", q, m.q, ix.vocab[m.tok])
					}
					once[key{m.q, m.tok}] = true
				}
			}
		}
		if seen != len(sc.matches) {
			t.Errorf("%q: the groups hold %d matches, want %d", q, seen, len(sc.matches))
		}
	}
}

// TestEarlyStopWithOverlappingQueryTokens is a case a review found: "petr"
// matched "petrov" exactly after "petro" had matched it as a prefix, and
// "petro" then matched it again as a near miss, so a candidate could be
// given the worse of its two matches.
func TestEarlyStopWithOverlappingQueryTokens(t *testing.T) {
	ix := NewIndex([]Entry{
		{ID: "person/a", Name: "petrov ivanv"},
		{ID: "person/b", Name: "petrova petrovich petrow ivanova ivanov ivana"},
	})
	for first := 1; first <= 2; first++ {
		got := ix.search(context.Background(), "petro ivanv vianova petr", nil, first, false)
		want := ix.search(context.Background(), "petro ivanv vianova petr", nil, first, true)
		if !slices.Equal(got, want) || len(got) == 0 || got[0].ID != "person/a" {
			t.Errorf("first %d: early stop %+v\nevery band %+v\nwant person/a first", first, got, want)
		}
	}
}
