package ingest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/memoria-history/memoria/internal/dataset"
	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/search"
	"github.com/memoria-history/memoria/seed"
)

// essaySource is the seed essay's source id; essayFile where its text is
// kept beside the repository, which does not ship it.
const (
	essaySource = history.ID("source/essay-special-treatment")
	essayFile   = "shared/seeds/special-treatment-in-stalins-gulag.txt"
)

// seedData reads the curated dataset.
func seedData(tb testing.TB) *history.Dataset {
	tb.Helper()
	ds, err := dataset.ReadFS(context.Background(), seed.FS(), ".", "seed")
	if err != nil {
		tb.Fatal(err)
	}
	return ds
}

// essayText finds the seed essay's text: MEMORIA_ESSAY_TEXT, else the
// shared copy in a directory above this one; the test is skipped without.
func essayText(tb testing.TB) []byte {
	tb.Helper()
	if p := os.Getenv("MEMORIA_ESSAY_TEXT"); p != "" {
		data, err := os.ReadFile(p)
		if err != nil {
			tb.Fatal(err)
		}
		return data
	}
	dir, err := filepath.Abs(".")
	if err != nil {
		tb.Fatal(err)
	}
	for {
		if data, err := os.ReadFile(filepath.Join(dir, essayFile)); err == nil {
			return data
		}
		up := filepath.Dir(dir)
		if up == dir {
			tb.Skipf("the seed essay's text is not here: set MEMORIA_ESSAY_TEXT to its file, or put it at %s in a directory above", essayFile)
		}
		dir = up
	}
}

// pair is an entity named in a paragraph.
type pair struct {
	id history.ID
	p  int
}

// citedPairs is the gold of a text: the (entity, paragraph) pairs the
// curated dataset's records citing a paragraph of src state. An entity
// (person, group, place, work) is paired with each paragraph its own
// citations and its names' give, and with each paragraph cited by a
// statement about it: an event it took part in or was the place of (the
// event's citations, its participants' and its place's), a relation
// either end of which it is, a claim about it. Events themselves are left
// out: the curated ones are mostly described ("Lenin's second stroke"),
// not named, and finding them is not matching names.
func citedPairs(ds *history.Dataset, src history.ID) map[pair]bool {
	gold := map[pair]bool{}
	add := func(ids []history.ID, cs []history.Citation) {
		for _, c := range cs {
			if c.Source != src {
				continue
			}
			ps, _ := history.ParagraphLocator(c.Locator)
			for _, p := range ps {
				for _, id := range ids {
					if id.Kind() != history.KindEvent && id.Kind() != history.KindSource {
						gold[pair{id, p}] = true
					}
				}
			}
		}
	}
	for _, e := range ds.Entities {
		add([]history.ID{e.ID}, e.Citations)
		for _, n := range e.Names {
			add([]history.ID{e.ID}, n.Citations)
		}
	}
	for _, e := range ds.Events {
		var about []history.ID
		for _, p := range e.Participants {
			about = append(about, p.Entity)
		}
		if e.Place != nil {
			about = append(about, e.Place.Target)
		}
		add(about, e.Citations)
		for _, p := range e.Participants {
			add([]history.ID{p.Entity}, p.Citations)
		}
		if e.Place != nil {
			add([]history.ID{e.Place.Target}, e.Place.Citations)
		}
	}
	for _, r := range ds.Relations {
		add([]history.ID{r.Subject, r.Object}, r.Citations)
	}
	for _, c := range ds.Claims {
		add(append([]history.ID{c.Subject}, c.Entities...), c.Citations)
	}
	return gold
}

// named keeps the pairs whose paragraph names the entity by one of its
// curated names, as the citation check of memoria validate reads a
// paragraph: all the words of a name, or a person's surname. A statement
// cites a paragraph for one of its entities, not for each.
func named(gold map[pair]bool, ds *history.Dataset, c *history.Concordance) map[pair]bool {
	names := map[history.ID][][]string{}
	for _, e := range ds.Entities {
		for _, n := range append([]history.Name{{Text: e.Name}}, e.Names...) {
			ws := history.Words(n.Text)
			if len(ws) == 0 {
				continue
			}
			names[e.ID] = append(names[e.ID], ws)
			if e.Kind == history.KindPerson && len(ws) > 1 {
				names[e.ID] = append(names[e.ID], ws[len(ws)-1:])
			}
		}
	}
	out := map[pair]bool{}
	for p := range gold {
		if slices.ContainsFunc(names[p.id], func(ws []string) bool { return c.HasWords(p.p, ws) }) {
			out[p] = true
		}
	}
	return out
}

// score compares the (entity, paragraph) pairs of the mentions with gold.
func score(ms []Mention, gold map[pair]bool) (recall, precision float64, missed, wrong []string) {
	got := map[pair]bool{}
	for _, m := range ms {
		if m.Entity != "" && m.Entity.Kind() != history.KindEvent {
			got[pair{m.Entity, m.Paragraph}] = true
		}
	}
	hit := 0
	for p := range got {
		if gold[p] {
			hit++
		} else {
			wrong = append(wrong, fmt.Sprintf("%s ¶%d", p.id, p.p))
		}
	}
	for p := range gold {
		if !got[p] {
			missed = append(missed, fmt.Sprintf("%s ¶%d", p.id, p.p))
		}
	}
	sort.Strings(missed)
	sort.Strings(wrong)
	if len(gold) > 0 {
		recall = float64(len(gold)-len(missed)) / float64(len(gold))
	}
	if len(got) > 0 {
		precision = float64(hit) / float64(len(got))
	}
	return recall, precision, missed, wrong
}

func TestEssayAgainstTheCuratedDataset(t *testing.T) {
	text := essayText(t)
	ds := seedData(t)
	doc, err := Read(text, Text)
	if err != nil {
		t.Fatal(err)
	}
	entries := search.Entries(ds)
	in := New(search.NewIndex(entries), entries)
	ms, fresh := in.Find(context.Background(), doc)
	gold := named(citedPairs(ds, essaySource), ds, history.NewConcordance(doc.Text()))
	recall, precision, missed, wrong := score(ms, gold)
	t.Logf("essay: %d gold pairs, recall %.3f, precision %.3f", len(gold), recall, precision)
	t.Logf("missed: %s", strings.Join(missed, ", "))
	t.Logf("not in the gold: %s", strings.Join(wrong, ", "))
	var names []string
	for _, n := range fresh {
		names = append(names, n.Text+" ¶"+strconv.Itoa(n.Paragraph))
	}
	t.Logf("new names: %s", strings.Join(names, "; "))
	if recall < 0.9 || precision < 0.8 {
		t.Errorf("recall %.3f (want >= 0.9), precision %.3f (want >= 0.8)", recall, precision)
	}
}

// gold is a text's hand annotations (testdata/*.gold.yaml).
type gold struct {
	Entities map[int][]history.ID `yaml:"entities"`
	Figures  []struct {
		Paragraph int      `yaml:"paragraph"`
		Value     *float64 `yaml:"value"`
		Low       *float64 `yaml:"low"`
		High      *float64 `yaml:"high"`
		Unit      string   `yaml:"unit"`
	} `yaml:"figures"`
	Dates []struct {
		Paragraph int    `yaml:"paragraph"`
		Date      string `yaml:"date"`
	} `yaml:"dates"`
	New []string `yaml:"new"`
}

func readGold(tb testing.TB, name string) *gold {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	var g gold
	if err := yaml.Unmarshal(data, &g); err != nil {
		tb.Fatal(err)
	}
	return &g
}

func TestOwnTextsAgainstHandAnnotations(t *testing.T) {
	ds := seedData(t)
	entries := search.Entries(ds)
	in := New(search.NewIndex(entries), entries)
	for _, name := range []string{"security-chiefs.txt", "testament.md"} {
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", name))
			if err != nil {
				t.Fatal(err)
			}
			doc, err := Read(data, FormatOf(name))
			if err != nil {
				t.Fatal(err)
			}
			g := readGold(t, strings.TrimSuffix(name, filepath.Ext(name))+".gold.yaml")
			want := map[pair]bool{}
			for p, ids := range g.Entities {
				for _, id := range ids {
					want[pair{id, p}] = true
				}
			}
			ms, fresh := in.Find(context.Background(), doc)
			recall, precision, missed, wrong := score(ms, want)
			t.Logf("%s: %d gold pairs, recall %.3f, precision %.3f", name, len(want), recall, precision)
			t.Logf("missed: %s", strings.Join(missed, ", "))
			t.Logf("not in the gold: %s", strings.Join(wrong, ", "))
			var names []string
			for _, n := range fresh {
				names = append(names, n.Text+" ¶"+strconv.Itoa(n.Paragraph))
			}
			t.Logf("new names: %s (gold: %s)", strings.Join(names, "; "), strings.Join(g.New, "; "))
			if recall < 0.9 || precision < 0.8 {
				t.Errorf("recall %.3f (want >= 0.9), precision %.3f (want >= 0.8)", recall, precision)
			}
			dates, figures := facts(doc.Paragraphs, ms)
			dr, dp := scoreDates(g, dates)
			fr, fp := scoreFigures(g, figures)
			t.Logf("dates: recall %.3f, precision %.3f; figures: recall %.3f, precision %.3f", dr, dp, fr, fp)
			if dr < 0.9 || dp < 0.8 {
				t.Errorf("dates: recall %.3f (want >= 0.9), precision %.3f (want >= 0.8)", dr, dp)
			}
			if fr < 0.9 || fp < 0.8 {
				t.Errorf("figures: recall %.3f (want >= 0.9), precision %.3f (want >= 0.8)", fr, fp)
			}
		})
	}
}

// scoreDates compares the dates found with the gold: a date counts where
// the paragraph and the EDTF agree.
func scoreDates(g *gold, found []DateFound) (recall, precision float64) {
	want := map[string]bool{}
	for _, d := range g.Dates {
		want[strconv.Itoa(d.Paragraph)+" "+d.Date] = true
	}
	got := map[string]bool{}
	for _, d := range found {
		got[strconv.Itoa(d.Paragraph)+" "+d.EDTF] = true
	}
	return overlap(want, got)
}

// scoreFigures compares the figures found with the gold: a figure counts
// where the paragraph and the value, low and high agree.
func scoreFigures(g *gold, found []FigureFound) (recall, precision float64) {
	key := func(p int, v, lo, hi *float64) string {
		f := func(x *float64) string {
			if x == nil {
				return "-"
			}
			return strconv.FormatFloat(*x, 'g', -1, 64)
		}
		return fmt.Sprintf("%d %s %s %s", p, f(v), f(lo), f(hi))
	}
	want := map[string]bool{}
	for _, f := range g.Figures {
		want[key(f.Paragraph, f.Value, f.Low, f.High)] = true
	}
	got := map[string]bool{}
	for _, f := range found {
		got[key(f.Paragraph, f.Value, f.Low, f.High)] = true
	}
	return overlap(want, got)
}

func overlap(want, got map[string]bool) (recall, precision float64) {
	hit := 0
	for k := range got {
		if want[k] {
			hit++
		}
	}
	if len(want) > 0 {
		recall = float64(hit) / float64(len(want))
	}
	if len(got) > 0 {
		precision = float64(hit) / float64(len(got))
	}
	return recall, precision
}
