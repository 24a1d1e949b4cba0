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

func FuzzDates(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, text string) {
		for _, d := range Dates(text) {
			if d.Start < 0 || d.Start > d.End || d.End > len(text) {
				t.Fatalf("offsets %d..%d out of 0..%d", d.Start, d.End, len(text))
			}
			if d.Text != text[d.Start:d.End] {
				t.Fatalf("Text %q is not text[%d:%d]", d.Text, d.Start, d.End)
			}
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
			if g.Start < 0 || g.Start > g.End || g.End > len(text) {
				t.Fatalf("offsets %d..%d out of 0..%d", g.Start, g.End, len(text))
			}
			if g.Text != text[g.Start:g.End] {
				t.Fatalf("Text %q is not text[%d:%d]", g.Text, g.Start, g.End)
			}
			q := g.Quantity
			if q.Value == nil && q.Low == nil && q.High == nil {
				t.Fatalf("figure %q has no number", g.Text)
			}
			if g.When != nil {
				if g.When.Text != text[g.When.Start:g.When.End] {
					t.Fatalf("When %q is not its text", g.When.Text)
				}
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
