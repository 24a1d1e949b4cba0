package search

import (
	"context"
	"slices"
	"testing"

	"github.com/memoria-history/memoria/internal/history"
)

// FuzzSearch checks that no query text makes a search panic or return
// malformed hits, and that stopping early never changes what a search
// finds, on a corpus of namesakes read in small steps.
func FuzzSearch(f *testing.F) {
	for _, s := range []string{
		"", "stalin", "Ежов", "leon trotsky", "Zinov'ev", "a", "ab c", "\xff\xfe", "Ǆ ǅ ǆ", "ﬁ ﬂ",
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "1 2 3 4 5 6 7 8 9 10 11 12", "\u0301\u0301", "İstanbul",
	} {
		f.Add(s, 10)
	}
	for _, s := range []string{"ivan petrov", "petro ivanv vianova petr", "olga olga", "iva", "ivanovich ivanova orlov"} {
		f.Add(s, 3)
	}
	ix := NewIndex(testEntries(f))
	namesakes := NewIndex(namesakeEntries(f, 2000))
	namesakes.readBestMin, namesakes.firstStep = 8, 2
	f.Fuzz(func(t *testing.T, q string, first int) {
		hits := ix.Search(context.Background(), q, nil, first)
		if len(hits) > max(first, 0) {
			t.Fatalf("%d hits for first = %d", len(hits), first)
		}
		checkHits(t, hits)
		n := min(max(first, 1), 50)
		if got, want := namesakes.search(context.Background(), q, nil, n, false), namesakes.search(context.Background(), q, nil, n, true); !slices.Equal(got, want) {
			t.Fatalf("%q, first %d: early stop %+v\nevery band %+v", q, n, got, want)
		}
		// The query's own tokens, indexed, must find themselves.
		self := NewIndex([]Entry{{ID: "person/self", Kind: history.KindPerson, Name: q}})
		if len(tokens(q)) > 0 && len(tokens(q)) <= maxNameTokens && len(q) <= maxQueryBytes {
			if hits := self.Search(context.Background(), q, nil, 1); len(hits) != 1 || hits[0].Score != 1 {
				t.Fatalf("a name does not find itself exactly: %q gives %+v", q, hits)
			}
		}
	})
}
