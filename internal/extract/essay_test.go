package extract

import (
	"context"
	"errors"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/memoria-history/memoria/internal/dataset"
	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/seed"
)

const essayID = history.ID("source/essay-special-treatment")

// essayText returns the seed essay's text, which the repository does not
// hold, or skips the test saying how to give it.
func essayText(t testing.TB) string {
	t.Helper()
	path := os.Getenv("MEMORIA_ESSAY_TEXT")
	if path == "" {
		path = filepath.Join("..", "..", "..", "shared", "seeds", "special-treatment-in-stalins-gulag.txt")
	}
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("the seed essay's text is not at %s: set MEMORIA_ESSAY_TEXT to its file to compare with the curated dataset", path)
	}
	if err != nil {
		t.Fatalf("reading the essay: %v", err)
	}
	return string(b)
}

func seedDataset(t testing.TB) *history.Dataset {
	t.Helper()
	ds, err := dataset.ReadFS(context.Background(), seed.FS(), ".", "seed")
	if err != nil {
		t.Fatalf("reading the seed dataset: %v", err)
	}
	return ds
}

// essayParagraphs returns the paragraphs of the essay that cs cite.
func essayParagraphs(cs []history.Citation) []int {
	var out []int
	for _, c := range cs {
		if c.Source != essayID {
			continue
		}
		if n, err := strconv.Atoi(strings.TrimPrefix(c.Locator, "¶")); err == nil && strings.HasPrefix(c.Locator, "¶") {
			out = append(out, n)
		}
	}
	return out
}

func same(a, b *float64) bool {
	return a == nil && b == nil || a != nil && b != nil && math.Abs(*a-*b) < 1e-9
}

// TestEssayFigures compares the figures found in each paragraph of the
// seed essay with the curated claims that cite the paragraph for a
// quantity: the same value, or the same low and high bounds.
func TestEssayFigures(t *testing.T) {
	paras := history.Paragraphs(essayText(t))
	ds := seedDataset(t)
	figs := make([][]Figure, len(paras))
	for i, p := range paras {
		figs[i] = Figures(p)
	}
	gold, found, units, whens, timed := 0, 0, 0, 0, 0
	matched := map[*Figure]bool{}
	for _, c := range ds.Claims {
		if c.Quantity == nil {
			continue
		}
		for _, n := range essayParagraphs(c.Citations) {
			if n < 1 || n > len(paras) {
				t.Errorf("%s cites ¶%d; the essay has %d paragraphs", c.ID, n, len(paras))
				continue
			}
			gold++
			var match *Figure
			for i, f := range figs[n-1] {
				q := f.Quantity
				if same(q.Value, c.Quantity.Value) && same(q.Low, c.Quantity.Low) && same(q.High, c.Quantity.High) {
					match = &figs[n-1][i]
					break
				}
			}
			if match == nil {
				t.Logf("not found: %s (¶%d)", c.ID, n)
				continue
			}
			found++
			matched[match] = true
			if match.Unit == c.Unit {
				units++
			} else {
				t.Logf("unit: %s (¶%d): %q, curated %q", c.ID, n, match.Unit, c.Unit)
			}
			if c.Time != nil && len(essayParagraphs(c.Time.Citations)) > 0 && len(c.Time.Citations) == 1 {
				timed++
				if match.When != nil && match.When.Value.EDTF == c.Time.Date.EDTF {
					whens++
				} else {
					t.Logf("time: %s (¶%d): %v, curated %s", c.ID, n, match.When, c.Time.Date.EDTF)
				}
			}
		}
	}
	all := 0
	for _, fs := range figs {
		all += len(fs)
	}
	t.Logf("figures: %d of %d curated essay quantities found in their paragraph (%.0f%%); unit agrees for %d of them; time agrees for %d of %d timed by the essay alone; %d of the %d figures found are curated",
		found, gold, 100*float64(found)/float64(gold), units, whens, timed, len(matched), all)
	if gold == 0 || float64(found) < 0.9*float64(gold) {
		t.Errorf("found %d of %d curated figures, want at least 90%%", found, gold)
	}
}

// dateEnds returns the ends of an EDTF date or interval that are given,
// without approximation marks: "1938-03/.." has one end, 1938-03.
func dateEnds(edtf string) []string {
	var out []string
	for _, e := range strings.Split(edtf, "/") {
		e = strings.TrimRight(e, "~?%")
		if e != ".." && e != "" {
			out = append(out, e)
		}
	}
	return out
}

// closed reports a date with both ends bounded.
func closed(d history.Date) bool {
	return !strings.Contains(d.EDTF, "..") && !d.Earliest.IsZero() && !d.Latest.IsZero()
}

// within reports whether a lies inside b.
func within(a, b history.Date) bool {
	return !a.Earliest.Before(b.Earliest) && !a.Latest.After(b.Latest)
}

// inWords reports whether a paragraph gives, in its words, the year of
// every end of a date: a curated date the essay does not give ("after the
// war", dated by a reference work) is not the essay's to find.
func inWords(paragraph string, d history.Date) bool {
	years := map[int]bool{}
	for _, v := range history.Numbers(paragraph) {
		if v == math.Trunc(v) {
			years[int(v)] = true
		}
	}
	for _, e := range dateEnds(d.EDTF) {
		// A decade's year is its first: "1980's" gives 1980.
		y, err := strconv.Atoi(strings.ReplaceAll(e[:min(4, len(e))], "X", "0"))
		if err != nil || !years[y] {
			return false
		}
	}
	return true
}

// TestEssayDates compares the dates found in each paragraph of the seed
// essay with the dates the curated events and claims give citing the
// paragraph, where the paragraph's words give the date's years. A curated
// date is found when a date of its paragraph is the same; or when every
// end of the curated period is an end of a date of the paragraph ("From
// March 1938" and "until the June 1941 invasion" give 1938-03/1941-06); or
// when one of the two, both bounded, lies within the other (the essay's
// 1929 for a curated 1929-11).
func TestEssayDates(t *testing.T) {
	paras := history.Paragraphs(essayText(t))
	ds := seedDataset(t)
	type golden struct {
		id   history.ID
		para int
		date history.Date
	}
	var gold []golden
	add := func(id history.ID, d history.Date, cs []history.Citation) {
		if d.IsZero() {
			return
		}
		for _, n := range essayParagraphs(cs) {
			gold = append(gold, golden{id, n, d})
		}
	}
	for _, e := range ds.Events {
		if e.Date != nil {
			add(e.ID, e.Date.Date, e.Date.Citations)
		}
	}
	for _, c := range ds.Claims {
		add(c.ID, c.DateValue, c.Citations)
		if c.Time != nil {
			add(c.ID, c.Time.Date, c.Time.Citations)
		}
	}
	cited, given, exact, byEnds, byPrecision := 0, 0, 0, 0, 0
	for _, g := range gold {
		if g.para < 1 || g.para > len(paras) {
			t.Errorf("%s cites ¶%d; the essay has %d paragraphs", g.id, g.para, len(paras))
			continue
		}
		cited++
		para := paras[g.para-1]
		if !inWords(para, g.date) {
			t.Logf("not the essay's words: %s %s (¶%d)", g.id, g.date.EDTF, g.para)
			continue
		}
		given++
		ends := map[string]bool{}
		hit, near := false, false
		for _, d := range Dates(para) {
			if d.Value.EDTF == g.date.EDTF {
				hit = true
			}
			if closed(d.Value) && closed(g.date) && (within(d.Value, g.date) || within(g.date, d.Value)) {
				near = true
			}
			for _, e := range dateEnds(d.Value.EDTF) {
				ends[e] = true
			}
		}
		all := true
		for _, e := range dateEnds(g.date.EDTF) {
			all = all && ends[e]
		}
		switch {
		case hit:
			exact++
		case all:
			byEnds++
		case near:
			byPrecision++
		default:
			t.Logf("not found: %s %s (¶%d)", g.id, g.date.EDTF, g.para)
		}
	}
	found := exact + byEnds + byPrecision
	t.Logf("dates: %d of the %d curated essay dates whose years the paragraph gives found there (%.0f%%): %d the same, %d by their ends, %d at another precision; %d curated dates cite the essay in all",
		found, given, 100*float64(found)/float64(given), exact, byEnds, byPrecision, cited)
	if given == 0 || float64(found) < 0.9*float64(given) {
		t.Errorf("found %d of %d curated dates, want at least 90%%", found, given)
	}
}
