package synth

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/memoria-history/memoria/internal/dataset"
	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/translit"
)

// generate writes a dataset into a new directory and returns the directory.
func generate(tb testing.TB, o Options) string {
	tb.Helper()
	dir := filepath.Join(tb.TempDir(), "gen")
	if _, err := Generate(context.Background(), dir, o); err != nil {
		tb.Fatalf("Generate(%+v): %v", o, err)
	}
	return dir
}

// readDir returns every file of a directory by name.
func readDir(tb testing.TB, dir string) map[string][]byte {
	tb.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		tb.Fatal(err)
	}
	files := map[string][]byte{}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			tb.Fatal(err)
		}
		files[e.Name()] = data
	}
	return files
}

// sameFiles says how two directories differ, or "" when they hold the same
// files with the same bytes.
func sameFiles(a, b map[string][]byte) string {
	for name, data := range a {
		other, ok := b[name]
		switch {
		case !ok:
			return name + " is only in the first"
		case !bytes.Equal(data, other):
			return name + " differs"
		}
	}
	for name := range b {
		if _, ok := a[name]; !ok {
			return name + " is only in the second"
		}
	}
	return ""
}

func TestGenerateIsDeterministic(t *testing.T) {
	tests := []struct {
		name     string
		a, b     Options
		wantSame bool
	}{
		{"registry: same seed and size", Options{People: 1500, Seed: 7, PerFile: 400}, Options{People: 1500, Seed: 7, PerFile: 400}, true},
		{"registry: one worker instead of many", Options{People: 1500, Seed: 7, PerFile: 400}, Options{People: 1500, Seed: 7, PerFile: 400, Workers: 1}, true},
		{"registry: named or the zero value", Options{People: 1500, Seed: 7, PerFile: 400}, Options{People: 1500, Seed: 7, PerFile: 400, Shape: ShapeRegistry}, true},
		{"registry: another seed", Options{People: 1500, Seed: 7, PerFile: 400}, Options{People: 1500, Seed: 8, PerFile: 400}, false},
		{"network: same seed and size", Options{People: 1500, Seed: 7, PerFile: 400, Shape: ShapeNetwork}, Options{People: 1500, Seed: 7, PerFile: 400, Shape: ShapeNetwork}, true},
		{"network: one worker instead of many", Options{People: 1500, Seed: 7, PerFile: 400, Shape: ShapeNetwork}, Options{People: 1500, Seed: 7, PerFile: 400, Shape: ShapeNetwork, Workers: 1}, true},
		{"network: another seed", Options{People: 1500, Seed: 7, PerFile: 400, Shape: ShapeNetwork}, Options{People: 1500, Seed: 8, PerFile: 400, Shape: ShapeNetwork}, false},
		{"another shape", Options{People: 1500, Seed: 7, PerFile: 400}, Options{People: 1500, Seed: 7, PerFile: 400, Shape: ShapeNetwork}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			diff := sameFiles(readDir(t, generate(t, tt.a)), readDir(t, generate(t, tt.b)))
			if gotSame := diff == ""; gotSame != tt.wantSame {
				t.Errorf("same bytes = %v (%s), want %v", gotSame, diff, tt.wantSame)
			}
		})
	}
}

func TestGenerateSplitsFilesWithoutChangingRecords(t *testing.T) {
	for _, shape := range Shapes() {
		t.Run(string(shape), func(t *testing.T) { testSplitsFiles(t, shape) })
	}
}

func testSplitsFiles(t *testing.T, shape Shape) {
	read := func(perFile int) (*history.Dataset, int) {
		dir := generate(t, Options{People: 9000, Seed: 3, PerFile: perFile, Shape: shape})
		ds, err := dataset.ReadFS(context.Background(), os.DirFS(dir), ".", dir)
		if err != nil {
			t.Fatal(err)
		}
		return ds, len(readDir(t, dir))
	}
	one, oneFiles := read(10000)
	many, manyFiles := read(700)
	if oneFiles >= manyFiles {
		t.Errorf("files: %d with 10,000 per file, %d with 700; want more with 700", oneFiles, manyFiles)
	}
	ids := func(ds *history.Dataset) []history.ID {
		var out []history.ID
		for _, e := range ds.Entities {
			out = append(out, e.ID)
		}
		for _, e := range ds.Events {
			out = append(out, e.ID)
		}
		for _, r := range ds.Relations {
			out = append(out, r.ID)
		}
		for _, c := range ds.Claims {
			out = append(out, c.ID)
		}
		slices.Sort(out)
		return out
	}
	if got, want := ids(many), ids(one); !slices.Equal(got, want) {
		t.Errorf("700 per file gives %d records, 10,000 per file %d; want the same records", len(got), len(want))
	}
	if !reflect.DeepEqual(withoutPositions(many), withoutPositions(one)) {
		t.Errorf("700 per file and 10,000 per file give different records with the same ids")
	}
}

// withoutPositions returns ds's records sorted by id, with every file
// position in them cleared, to compare the records of datasets split into
// files differently.
func withoutPositions(ds *history.Dataset) *history.Dataset {
	out := &history.Dataset{
		Entities:  slices.Clone(ds.Entities),
		Events:    slices.Clone(ds.Events),
		Relations: slices.Clone(ds.Relations),
		Claims:    slices.Clone(ds.Claims),
	}
	clearPositions(reflect.ValueOf(out).Elem())
	slices.SortFunc(out.Entities, func(a, b history.Entity) int { return strings.Compare(string(a.ID), string(b.ID)) })
	slices.SortFunc(out.Events, func(a, b history.Event) int { return strings.Compare(string(a.ID), string(b.ID)) })
	slices.SortFunc(out.Relations, func(a, b history.Relation) int { return strings.Compare(string(a.ID), string(b.ID)) })
	slices.SortFunc(out.Claims, func(a, b history.Claim) int { return strings.Compare(string(a.ID), string(b.ID)) })
	return out
}

// clearPositions sets every history.Position reachable from v to zero.
// The slices it walks must not be shared with other datasets.
func clearPositions(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			clearPositions(v.Elem())
		}
	case reflect.Slice:
		for i := range v.Len() {
			clearPositions(v.Index(i))
		}
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[history.Position]() {
			v.SetZero()
			return
		}
		for i := range v.NumField() {
			clearPositions(v.Field(i))
		}
	}
}

func TestGeneratedDatasetIsValid(t *testing.T) {
	const people = 2000
	dir := generate(t, Options{People: people, Seed: 1, Shape: ShapeNetwork})
	ds, err := dataset.ReadFS(context.Background(), os.DirFS(dir), ".", dir)
	if err != nil {
		t.Fatalf("ReadFS: %v", err)
	}
	if ps := history.Validate(ds); len(ps) > 0 {
		t.Fatalf("Validate: %d problems, first: %v", len(ps), ps[0])
	}
	count := func(ok func(history.Name) bool) int { return countNames(ds, ok) }
	entities := func(kind history.Kind, typ string) int { return countEntities(ds, kind, typ) }
	roles := map[history.Role]bool{}
	for _, e := range ds.Events {
		for _, p := range e.Participants {
			roles[p.Role] = true
		}
	}
	relTypes := map[history.RelationType]bool{}
	spans := 0
	for _, r := range ds.Relations {
		relTypes[r.Type] = true
		if !r.Start.When().IsZero() && !r.End.When().IsZero() {
			spans++
		}
	}
	ranges := 0
	for _, c := range ds.Claims {
		if c.Quantity != nil && (c.Quantity.Low != nil || c.Quantity.High != nil) {
			ranges++
		}
	}
	parents := 0
	for _, e := range ds.Events {
		if e.Parent != nil {
			parents++
		}
	}
	synthetic := 0
	for _, s := range ds.Sources {
		if strings.Contains(s.Title, "synthetic") || strings.Contains(s.Title, "Synthetic") {
			synthetic++
		}
	}
	tests := []struct {
		what      string
		got, want int // want is a lower bound
	}{
		{"people", entities(history.KindPerson, ""), people},
		{"groups", entities(history.KindGroup, ""), people / 100},
		{"camps", entities(history.KindPlace, "camp"), people / 250},
		{"cities", entities(history.KindPlace, "city"), people / 500},
		{"events", len(ds.Events), people / 2},
		{"events with a parent", parents, 10},
		{"relations", len(ds.Relations), 4 * people},
		{"relations with a start and an end", spans, people},
		{"relation types used", len(relTypes), 15},
		{"roles used", len(roles), 13},
		{"claims", len(ds.Claims), people / 20},
		{"claims with a range", ranges, 10},
		{"disputed claims", len(history.Disputes(ds.Claims)), 10},
		{"sources titled synthetic", synthetic, len(ds.Sources)},
		{"native names in Cyrillic", count(func(n history.Name) bool {
			r, _ := utf8.DecodeRuneInString(n.Text)
			return n.Kind == history.NameNative && n.Lang == "ru" && unicode.Is(unicode.Cyrillic, r)
		}), people / 3},
		{"transliterations", count(func(n history.Name) bool { return n.Kind == history.NameTransliteration }), people / 5},
		{"scholarly transliterations with diacritics", count(func(n history.Name) bool { return strings.ContainsAny(n.Text, "čšžë") }), people / 50},
		{"misspellings", count(func(n history.Name) bool { return n.Kind == history.NameMisspelling }), people / 20},
		{"full names", count(func(n history.Name) bool { return n.Kind == history.NameFull }), people / 4},
	}
	for _, tt := range tests {
		if tt.got < tt.want {
			t.Errorf("%s: got %d, want at least %d", tt.what, tt.got, tt.want)
		}
	}
}

func TestGenerateTinyDatasetsAreValid(t *testing.T) {
	for _, shape := range Shapes() {
		for _, people := range []int{1, 2, 5, 37} {
			dir := generate(t, Options{People: people, Seed: uint64(people), Shape: shape})
			ds, err := dataset.ReadFS(context.Background(), os.DirFS(dir), ".", dir)
			if err != nil {
				t.Fatalf("%s of %d people: ReadFS: %v", shape, people, err)
			}
			if ps := history.Validate(ds); len(ps) > 0 {
				t.Errorf("%s of %d people: %d problems, first %v", shape, people, len(ps), ps[0])
			}
		}
	}
}

// TestGeneratedRecordsAreValidAtScale writes the places and groups of a
// dataset of a million people (thousands of camps, each with several
// claims), too large to generate whole in a unit test. They refer only to
// each other, so together they must validate with no problem. People,
// events and their relations and claims are numbered by the person or
// event, so their ids are unique by construction at any size.
func TestGeneratedRecordsAreValidAtScale(t *testing.T) {
	g := newGenerator(1, 1000000, 10000, ShapeNetwork)
	ctx := context.Background()
	read := func(write ...func(w *worker) error) *history.Dataset {
		t.Helper()
		dir := t.TempDir()
		w := newWorker(g, dir)
		for _, f := range write {
			if err := f(w); err != nil {
				t.Fatal(err)
			}
		}
		ds := &history.Dataset{}
		for name, data := range readDir(t, dir) {
			if ps := dataset.ReadFile(ds, name, data); len(ps) > 0 {
				t.Fatalf("ReadFile(%s): %v", name, ps[0])
			}
		}
		return ds
	}
	places := func(w *worker) error { _, _, err := w.placesFile(ctx, 0); return err }
	groups := func(w *worker) error { _, _, err := w.groupsFile(ctx, 0); return err }
	sources := func(w *worker) error { _, _, err := w.sourcesFile(); return err }
	ds := read(sources, places, groups)
	if ps := history.Validate(ds); len(ps) > 0 {
		t.Errorf("places and groups of a million people: %d problems, first %v", len(ps), ps[0])
	}
	if got, want := len(ds.Entities), g.numPlaces()+g.groups; got != want {
		t.Errorf("read %d places and groups, want %d", got, want)
	}

}

// TestGeneratedDegreesAreHeavyTailed checks the shape of the network: the
// busiest person has far more relations and participations than the
// typical one, as in a real network, and few people are isolated.
func TestGeneratedDegreesAreHeavyTailed(t *testing.T) {
	const people = 5000
	dir := generate(t, Options{People: people, Seed: 11, Shape: ShapeNetwork})
	ds, err := dataset.ReadFS(context.Background(), os.DirFS(dir), ".", dir)
	if err != nil {
		t.Fatal(err)
	}
	degree := map[history.ID]int{}
	for _, e := range ds.Entities {
		if e.Kind == history.KindPerson {
			degree[e.ID] = 0
		}
	}
	edges := 0
	for _, r := range ds.Relations {
		for _, end := range []history.ID{r.Subject, r.Object} {
			if _, ok := degree[end]; ok {
				degree[end]++
			}
		}
		if r.Subject.Kind() == history.KindPerson {
			edges++
		}
	}
	for _, e := range ds.Events {
		for _, p := range e.Participants {
			if _, ok := degree[p.Entity]; ok {
				degree[p.Entity]++
				edges++
			}
		}
	}
	degrees := make([]int, 0, len(degree))
	for _, d := range degree {
		degrees = append(degrees, d)
	}
	slices.Sort(degrees)
	median, top := degrees[len(degrees)/2], degrees[len(degrees)-1]
	isolated := 0
	for _, d := range degrees {
		if d == 0 {
			isolated++
		}
	}
	t.Logf("person degrees: median %d, 99th percentile %d, max %d; %.1f edges per person; %d isolated",
		median, degrees[len(degrees)*99/100], top, float64(edges)/people, isolated)
	if top < 20*median {
		t.Errorf("max degree %d is less than 20 times the median %d: the degrees are not heavy-tailed", top, median)
	}
	if perPerson := float64(edges) / people; perPerson < 8 || perPerson > 12 {
		t.Errorf("%.1f relations and participations per person, want about 10", perPerson)
	}
	if isolated > people/10 {
		t.Errorf("%d of %d people have no edge, want under a tenth", isolated, people)
	}
}

func TestGenerateRefusesABadCall(t *testing.T) {
	full := t.TempDir()
	if err := os.WriteFile(filepath.Join(full, "old.yaml"), []byte("people: []\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name string
		ctx  context.Context
		dir  string
		o    Options
		want string
	}{
		{"no people", context.Background(), filepath.Join(t.TempDir(), "new"), Options{}, "at least one person"},
		{"a directory with files", context.Background(), full, Options{People: 10}, "not empty"},
		{"a cancelled context", cancelled, filepath.Join(t.TempDir(), "new"), Options{People: 10}, "context canceled"},
		{"an unknown shape", context.Background(), filepath.Join(t.TempDir(), "new"), Options{People: 10, Shape: "tree"}, `unknown dataset shape "tree": use one of registry, network`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Generate(tt.ctx, tt.dir, tt.o)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Generate: err = %v, want one containing %q", err, tt.want)
			}
			entries, _ := os.ReadDir(tt.dir)
			for _, e := range entries {
				if e.Name() != "old.yaml" {
					t.Errorf("a failed Generate left %s behind", e.Name())
				}
			}
		})
	}
}

func TestGenerateStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	dir := filepath.Join(t.TempDir(), "gen")
	files := 0
	_, err := Generate(ctx, dir, Options{People: 20000, PerFile: 500, Workers: 2, OnFile: func(File) {
		files++
		if files == 3 {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Generate after cancel: err = %v, want context.Canceled", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) > 0 {
		t.Errorf("a cancelled Generate left %d files, first %s", len(entries), entries[0].Name())
	}
}

func TestGenerateReportsEveryFile(t *testing.T) {
	var reported []File
	dir := filepath.Join(t.TempDir(), "gen")
	st, err := Generate(context.Background(), dir, Options{People: 700, PerFile: 200, OnFile: func(f File) {
		reported = append(reported, f)
	}})
	if err != nil {
		t.Fatal(err)
	}
	var records int
	var size int64
	for _, f := range reported {
		records += f.Records
		size += f.Bytes
	}
	if got, want := len(reported), len(readDir(t, dir)); got != want || got != st.Files {
		t.Errorf("OnFile called %d times, stats say %d files, %d in the directory", got, st.Files, want)
	}
	if records != st.Records() || size != st.Bytes {
		t.Errorf("OnFile reported %d records and %d bytes; stats %d and %d", records, size, st.Records(), st.Bytes)
	}
}

func TestAppendQuotedReadsBack(t *testing.T) {
	tests := []string{
		"", "plain", "with: colon", "# hash", "- dash", "quote \" and \\ backslash", "line\nbreak", "tab\there",
		"bell\a", "del\x7f", "Лаврентий Берия", "Ežov", "next line\u0085", "line sep\u2028", "para sep\u2029",
		"bom\ufeff", "c1\u0090", "nonchar\uffff", "  spaces  ", "null", "~", "true", "1937-05?", "{flow}, [list]",
		"emoji 🙂",
	}
	for _, s := range tests {
		var got struct{ K string }
		doc := "k: " + string(appendQuoted(nil, s)) + "\n"
		if err := yaml.Unmarshal([]byte(doc), &got); err != nil {
			t.Errorf("appendQuoted(%q) = %s: %v", s, doc, err)
			continue
		}
		if got.K != s {
			t.Errorf("appendQuoted(%q) reads back as %q", s, got.K)
		}
	}
}

func TestPlainSafeReadsBackInBlockAndFlow(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"person/p0000001", true},
		{"source/synthetic-registry entry 12", true},
		{"1937-05-14", true},
		{"1937/1938", true},
		{"Ivan Korabov", true},
		{"", false},
		{"null", false},
		{"-dash", false},
		{"a, b", false},
		{"a: b", false},
		{"a #b", false},
		{"1937?", false},
		{"two  spaces", false},
		{"Ежов", false},
	}
	for _, tt := range tests {
		if got := plainSafe(tt.in); got != tt.want {
			t.Errorf("plainSafe(%q) = %v, want %v", tt.in, got, tt.want)
		}
		if !tt.want {
			continue
		}
		for _, doc := range []string{"k: " + tt.in + "\n", "{k: " + tt.in + "}\n", "[{k: " + tt.in + "}]\n"} {
			var node yaml.Node
			if err := yaml.Unmarshal([]byte(doc), &node); err != nil {
				t.Errorf("%q: %v", doc, err)
				continue
			}
			n := node.Content[0]
			if n.Kind == yaml.SequenceNode {
				n = n.Content[0]
			}
			if got := n.Content[1].Value; got != tt.in {
				t.Errorf("%q reads back as %q", doc, got)
			}
		}
	}
}

func FuzzAppendQuoted(f *testing.F) {
	f.Add("Лаврентий\n\"Берия\"\u2028")
	f.Add("\x00\x1f\x7f\u0085\ufeff")
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			s = strings.ToValidUTF8(s, "\uFFFD")
		}
		var got struct{ K string }
		doc := "k: " + string(appendQuoted(nil, s)) + "\n"
		if err := yaml.Unmarshal([]byte(doc), &got); err != nil {
			t.Fatalf("appendQuoted(%q) = %s: %v", s, doc, err)
		}
		if got.K != s {
			t.Fatalf("appendQuoted(%q) reads back as %q", s, got.K)
		}
	})
}

// TestRomanise checks that a name part, drawn lower-case, is romanised as
// translit writes the capitalised word; translit's tests check the
// spellings.
func TestRomanise(t *testing.T) {
	for _, word := range []string{"ежов", "берия", "дзержинский", "хрущев", "николаевич", "наталья", "ёлкин"} {
		for _, s := range []translit.Scheme{translit.BGN, translit.GermanJ, translit.Scholarly} {
			if got, want := romanise(word, s), s.Romanise(capital(word)); got != want {
				t.Errorf("romanise(%q, %v) = %q, want %q", word, s, got, want)
			}
		}
	}
}

func TestPatronymic(t *testing.T) {
	tests := []struct {
		father string
		female bool
		want   string
	}{
		{"иван", false, "иванович"},
		{"иван", true, "ивановна"},
		{"николай", false, "николаевич"},
		{"сергей", true, "сергеевна"},
		{"василий", false, "васильевич"},
		{"юрий", true, "юрьевна"},
	}
	for _, tt := range tests {
		if got := patronymic(tt.father, tt.female); got != tt.want {
			t.Errorf("patronymic(%q, %v) = %q, want %q", tt.father, tt.female, got, tt.want)
		}
	}
}

func TestPowerLawStaysInRange(t *testing.T) {
	tests := []struct {
		n int
		s float64
	}{{1, 0.65}, {2, 0.65}, {10, 1.3}, {1000, 0.8}, {1000000, 0.65}}
	for _, tt := range tests {
		p := newPowerLaw(tt.n, tt.s)
		st := newStream(1, tagPermutation, tt.n)
		counts := map[int]int{}
		for range 10000 {
			k := p.draw(&st)
			if k < 0 || k >= tt.n {
				t.Fatalf("newPowerLaw(%d, %g).draw() = %d, want 0 <= k < %d", tt.n, tt.s, k, tt.n)
			}
			counts[k]++
		}
		if tt.n > 1 && counts[0] <= counts[tt.n-1] {
			t.Errorf("newPowerLaw(%d, %g): rank 0 drawn %d times, the last rank %d; want the first far more often", tt.n, tt.s, counts[0], counts[tt.n-1])
		}
	}
}

// BenchmarkGenerate writes 10,000 people per operation, to disk, as
// memoria gen does: as a registry, about 14,000 records and 5 MB; as a
// network, about 60,000 records and 15 MB.
func BenchmarkGenerate(b *testing.B) {
	for _, shape := range Shapes() {
		b.Run(string(shape), func(b *testing.B) {
			root := b.TempDir()
			i := 0
			var st Stats
			for b.Loop() {
				i++
				dir := filepath.Join(root, strconv.Itoa(i))
				var err error
				st, err = Generate(context.Background(), dir, Options{People: 10000, Seed: uint64(i), Shape: shape})
				if err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				os.RemoveAll(dir)
				b.StartTimer()
			}
			b.ReportMetric(float64(st.Records()), "records/op")
			b.ReportMetric(float64(st.Bytes)/1e6, "MB/op")
		})
	}
}

// countNames counts the names of ds's entities that ok accepts.
func countNames(ds *history.Dataset, ok func(history.Name) bool) int {
	n := 0
	for _, e := range ds.Entities {
		for _, name := range e.Names {
			if ok(name) {
				n++
			}
		}
	}
	return n
}

// countEntities counts ds's entities of kind and, unless typ is empty, of
// type typ.
func countEntities(ds *history.Dataset, kind history.Kind, typ string) int {
	n := 0
	for _, e := range ds.Entities {
		if e.Kind == kind && (typ == "" || e.Type == typ) {
			n++
		}
	}
	return n
}
