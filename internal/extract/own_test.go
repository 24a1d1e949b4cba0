package extract

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/memoria-history/memoria/internal/history"
)

// annotation is what a person marked in one paragraph of a text: its
// dates (EDTF) and figures (written as quantity writes them).
type annotation struct {
	dates, figures []string
}

// readGold reads a text's hand annotations: lines "¶N date EDTF" and "¶N
// figure QUANTITY"; # starts a comment.
func readGold(t testing.TB, path string) map[int]*annotation {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("opening the annotations: %v", err)
	}
	defer f.Close()
	gold := map[int]*annotation{}
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 || strings.HasPrefix(fields[0], "#") {
			continue
		}
		n, err := strconv.Atoi(strings.TrimPrefix(fields[0], "¶"))
		if len(fields) != 3 || err != nil {
			t.Fatalf("%s:%d: want ¶N date|figure VALUE", path, line)
		}
		if gold[n] == nil {
			gold[n] = &annotation{}
		}
		switch fields[1] {
		case "date":
			gold[n].dates = append(gold[n].dates, fields[2])
		case "figure":
			gold[n].figures = append(gold[n].figures, fields[2])
		default:
			t.Fatalf("%s:%d: %q is neither date nor figure", path, line, fields[1])
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("reading the annotations: %v", err)
	}
	return gold
}

// dateMatches reports whether date d agrees with one of the dates ds: the
// same, within one another when both are bounded, or with its ends among
// theirs.
func dateMatches(d history.Date, ds []history.Date) bool {
	ends := map[string]bool{}
	for _, o := range ds {
		if o.EDTF == d.EDTF || closed(d) && closed(o) && (within(d, o) || within(o, d)) {
			return true
		}
		for _, e := range dateEnds(o.EDTF) {
			ends[e] = true
		}
	}
	for _, e := range dateEnds(d.EDTF) {
		if !ends[e] {
			return false
		}
	}
	return true
}

// agreeing returns how many of the dates xs of paragraph para agree with
// one of ys, and logs the others, saying what they are.
func agreeing(t *testing.T, para int, what string, xs, ys []history.Date) int {
	n := 0
	for _, x := range xs {
		if dateMatches(x, ys) {
			n++
		} else {
			t.Logf("%s: ¶%d %s", what, para, x.EDTF)
		}
	}
	return n
}

// TestOwnTexts reads two short texts written for this test, on the same
// history as the seed essay, with misspellings and Cyrillic, and compares
// what it finds with the hand annotations beside them: at least 90% of
// the annotated dates and figures found (recall), and at least 80% of
// those found annotated (precision). The texts' figures are round and
// illustrative, not a source.
func TestOwnTexts(t *testing.T) {
	for _, name := range []string{"kolyma", "purge"} {
		t.Run(name, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("testdata", name+".txt"))
			if err != nil {
				t.Fatal(err)
			}
			gold := readGold(t, filepath.Join("testdata", name+".gold"))
			var dg, dfound, dx, dright, fg, ffound, fx, fright int
			for i, p := range history.Paragraphs(string(b)) {
				a := gold[i+1]
				if a == nil {
					a = &annotation{}
				}
				r := Read(p)
				var found, golden []history.Date
				for _, d := range r.Dates {
					found = append(found, d.Value)
				}
				for _, e := range a.dates {
					d, err := history.ParseDate(e)
					if err != nil {
						t.Fatalf("annotation ¶%d: %v", i+1, err)
					}
					golden = append(golden, d)
				}
				dg, dx = dg+len(golden), dx+len(found)
				dfound += agreeing(t, i+1, "date not found", golden, found)
				dright += agreeing(t, i+1, "date not annotated", found, golden)
				left := map[string]int{}
				for _, q := range a.figures {
					left[q]++
					fg++
				}
				for _, f := range r.Figures {
					fx++
					if q := quantity(f.Quantity); left[q] > 0 {
						left[q]--
						fright++
					} else {
						t.Logf("figure not annotated: ¶%d %q %s", i+1, f.Text, q)
					}
				}
				for q, n := range left {
					if n > 0 {
						t.Logf("figure not found: ¶%d %s (%d)", i+1, q, n)
					}
				}
			}
			ffound = fright
			t.Logf("%s: dates %d of %d found, %d of %d found annotated; figures %d of %d found, %d of %d found annotated",
				name, dfound, dg, dright, dx, ffound, fg, fright, fx)
			check := func(what string, n, of int, want float64) {
				if of == 0 || float64(n) < want*float64(of) {
					t.Errorf("%s: %d of %d, want at least %.0f%%", what, n, of, 100*want)
				}
			}
			check("dates found", dfound, dg, 0.9)
			check("dates found that are annotated", dright, dx, 0.8)
			check("figures found", ffound, fg, 0.9)
			check("figures found that are annotated", fright, fx, 0.8)
		})
	}
}
