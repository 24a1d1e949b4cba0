package extract

import (
	"testing"

	"github.com/memoria-history/memoria/internal/history"
)

func fuzzSeeds(f *testing.F) {
	for _, s := range []string{
		"", "1937", "From March 1938 to 1939, 14 to 20 million people died.", "25 февраля 1927 года",
		"two-thirds of the 1,6 million", "c. 1960 about 1.5 million", "Dr. J. V. Stalin. 681 692 prisoners",
		"between 5.5 and 6.5 million in the 1980's", "the winter of 1941-42", "2/3 of", "one and a half million",
		"a year earlier", "1937-38", "\xff\xfe1930", "99999999999999999999999999 million 1e308",
	} {
		f.Add(s)
	}
}

// checkSpan fails t unless start and end lie in text and got is the text
// between them.
func checkSpan(t *testing.T, text string, start, end int, got string) {
	t.Helper()
	if start < 0 || start > end || end > len(text) {
		t.Fatalf("offsets %d..%d out of 0..%d", start, end, len(text))
	}
	if got != text[start:end] {
		t.Fatalf("Text %q is not text[%d:%d]", got, start, end)
	}
}

func FuzzDates(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, text string) {
		for _, d := range Dates(text) {
			checkSpan(t, text, d.Start, d.End, d.Text)
			if _, err := history.ParseDate(d.Value.EDTF); err != nil || d.Value.IsZero() {
				t.Fatalf("value %q of %q: %v", d.Value.EDTF, d.Text, err)
			}
		}
	})
}

func FuzzFigures(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, text string) {
		for _, g := range Figures(text) {
			checkSpan(t, text, g.Start, g.End, g.Text)
			q := g.Quantity
			if q.Value == nil && q.Low == nil && q.High == nil {
				t.Fatalf("figure %q has no number", g.Text)
			}
			if g.When != nil {
				checkSpan(t, text, g.When.Start, g.When.End, g.When.Text)
				if _, err := history.ParseDate(g.When.Value.EDTF); err != nil {
					t.Fatalf("When %q: %v", g.When.Value.EDTF, err)
				}
			}
		}
	})
}

func FuzzSentences(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, text string) {
		last := 0
		for _, s := range Sentences(text) {
			if s[0] < last || s[0] >= s[1] || s[1] > len(text) {
				t.Fatalf("sentence %v after %d out of 0..%d", s, last, len(text))
			}
			last = s[1]
		}
	})
}
