package history

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

// sampleText is a made-up source: a title, then paragraphs split by blank
// lines, one of them over two lines.
const sampleText = `A Made-Up Chronicle

The commissar Ivanov was arrested in 1937.
He had run the camps since 1934.

About 500.000 prisoners in the camps, 1,6 million in all; 2/3 of the officials.
Between 14 and 20 million, two years of exile, 46.5% of the nickel.

The guards left in 1927. A year earlier the camps opened; two years later they closed.
`

func TestParagraphs(t *testing.T) {
	got := Paragraphs(strings.ReplaceAll(sampleText, "\n", "\r\n"))
	if len(got) != 3 || !strings.HasPrefix(got[0], "The commissar") || !strings.Contains(got[0], "was arrested in 1937. He had run") {
		t.Errorf("Paragraphs = %q, want three, the title left out and lines joined", got)
	}
}

func TestConcordanceNumbers(t *testing.T) {
	c := NewConcordance(sampleText)
	tests := []struct {
		p    int
		v    float64
		want bool
	}{
		{2, 500000, true}, {2, 1600000, true}, {2, 66.7, true}, {2, 0.67, true},
		{2, 14000000, true}, {2, 20000000, true}, {2, 2, true}, {2, 46.5, true},
		{2, 476, false}, {1, 500000, false},
	}
	for _, tt := range tests {
		if got := c.HasNumber(tt.p, tt.v); got != tt.want {
			t.Errorf("HasNumber(¶%d, %g) = %v, want %v", tt.p, tt.v, got, tt.want)
		}
	}
	for _, tt := range []struct {
		p           int
		first, last int
		want        bool
	}{{1, 1937, 1937, true}, {1, 1936, 1938, true}, {1, 1940, 1940, false}, {3, 1926, 1926, true}, {3, 1929, 1929, true}, {3, 1928, 1928, false}} {
		if got := c.HasYearIn(tt.p, tt.first, tt.last); got != tt.want {
			t.Errorf("HasYearIn(¶%d, %d, %d) = %v, want %v", tt.p, tt.first, tt.last, got, tt.want)
		}
	}
}

func TestConcordanceWords(t *testing.T) {
	c := NewConcordance(sampleText)
	if !c.HasWords(1, Words("Commissar Ivanov's camp")) {
		t.Errorf("¶1 does not hold the commissar, Ivanov and the camps: %v", c.Words[0])
	}
	if c.HasWords(1, Words("Petrov")) || c.HasWords(4, Words("Ivanov")) {
		t.Errorf("HasWords finds a word that is not there")
	}
	if !slices.IsSorted(c.Words[0]) || slices.Contains(c.Words[0], "1937") {
		t.Errorf("words of ¶1 = %v, want sorted words without numbers", c.Words[0])
	}
}

func TestParagraphLocator(t *testing.T) {
	for _, tt := range []struct {
		loc  string
		want []int
	}{{"¶9", []int{9}}, {"¶9-11", []int{9, 10, 11}}, {"¶9–10", []int{9, 10}}, {"p. 9", nil}, {"¶0", nil}, {"¶x", nil}} {
		got, ok := ParagraphLocator(tt.loc)
		if ok != (tt.want != nil) || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ParagraphLocator(%q) = %v, %v, want %v", tt.loc, got, ok, tt.want)
		}
	}
}

func TestCheckCitations(t *testing.T) {
	c := NewConcordance(sampleText)
	cite := func(locs ...string) []Citation {
		var out []Citation
		for _, l := range locs {
			src := ID("source/chronicle")
			if !strings.HasPrefix(l, "¶") {
				src = "source/book"
			}
			out = append(out, Citation{Source: src, Locator: l})
		}
		return out
	}
	fact := func(d string, cs []Citation) *DatedFact { return &DatedFact{Date: MustParseDate(d), Citations: cs} }
	num := func(v float64) *float64 { return &v }
	ds := &Dataset{
		Entities: []Entity{
			{ID: "person/ivanov", Kind: KindPerson, Name: "Pyotr Ivanov", Citations: cite("¶1"), Died: fact("1938", cite("¶1"))},
			{ID: "group/camps", Kind: KindGroup, Name: "The camps", Citations: cite("¶3"),
				Names: []Name{{Text: "labour camps", Citations: cite("¶1")}}},
			{ID: "group/guards", Kind: KindGroup, Name: "Guards", Citations: cite("¶2", "¶9", "p. 4")},
		},
		Events: []Event{{ID: "event/arrest", Name: "Arrest of Ivanov", Date: fact("1937", cite("p. 3")), Citations: cite("¶1"),
			Participants: []Participation{{Entity: "person/ivanov", Role: RoleVictim, Citations: cite("¶1")}, {Entity: "group/guards", Role: RoleCarriedOut, Citations: cite("¶3")}}}},
		Claims: []Claim{
			{ID: "claim/prisoners", Subject: "group/camps", Quantity: &Quantity{Value: num(500000)}, Citations: cite("¶2")},
			{ID: "claim/wrong", Subject: "group/camps", Quantity: &Quantity{Low: num(14e6), High: num(21e6)}, Citations: cite("¶2")},
			{ID: "claim/no-subject-yet", Quantity: &Quantity{Value: num(500000)}, Citations: cite("¶2")},
		},
	}
	found := CheckCitations(ds, map[ID]*Concordance{"source/chronicle": c})
	var got []string
	for _, p := range found {
		got = append(got, string(p.Record)+" "+p.Field+": "+p.Message)
	}
	want := []string{
		`person/ivanov died: died is 1938, but source/chronicle ¶1 gives no year 1938 and nothing else cited supports it: cite the work that gives the date`,
		`group/camps names: cites source/chronicle ¶1 for the name "labour camps", which is not there`,
		`group/guards cite: cites source/chronicle ¶2, which names none of Guards`,
		`group/guards cite: cites source/chronicle ¶9, but the text of source/chronicle has 3 paragraphs`,
		`event/arrest participants: the date of Guards's part as carried-out is 1937, but source/chronicle ¶3 gives no year 1937 and nothing else cited supports it: cite the work that gives the date`,
		`claim/wrong cite: cites source/chronicle ¶2 for the figure 21000000, which is not there`,
	}
	slices.Sort(got)
	slices.Sort(want)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("CheckCitations =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if ps := CheckCitations(ds, nil); ps != nil {
		t.Errorf("with no texts, CheckCitations = %v, want nothing", ps)
	}
}
