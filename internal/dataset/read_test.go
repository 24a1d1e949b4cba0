package dataset

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/memoria-history/memoria/internal/history"
)

const sample = `# A small dataset that uses every shorthand of the format.
sources:
  - id: source/essay
    title: An essay
    kind: opinion-essay
    published: 2012~
people:
  - id: person/lavrentiy-beria
    name: Lavrentiy Beria
    wikidata: Q123
    names:
      - {text: Beriya, kind: transliteration, cite: source/essay ¶2}
      - Berija
    born: 1899-03-29
    cite: source/essay ¶9
groups:
  - id: group/nkvd
    name: NKVD
    type: police
    cite: [source/essay ¶7, source/essay ¶8]
events:
  - id: event/beria-appointed
    name: Beria appointed deputy
    type: appointment
    date: {date: 1938-08-22, cite: source/essay ¶9}
    place: group/nkvd
    causes: [event/other, {id: event/third, cite: source/essay ¶1}]
    participants:
      - {who: person/lavrentiy-beria, role: appointee}
    cite: source/essay ¶10
relations:
  - subject: person/lavrentiy-beria
    type: member-of
    object: group/nkvd
    start: 1938
    cite: source/essay ¶9
claims:
  - id: claim/gulag-deaths
    subject: group/nkvd
    property: deaths
    low: 14000000
    high: 2e7
    unit: people
    time: 1930/1953
    qualifiers: {cause: camps}
    contradicts: claim/other
    cite: source/essay ¶16
`

func TestReadFileSample(t *testing.T) {
	ds := &history.Dataset{}
	if ps := ReadFile(ds, "sample.yaml", []byte(sample)); len(ps) != 0 {
		t.Fatalf("ReadFile: unexpected problems:\n%v", ps)
	}
	c := func(loc string) []history.Citation { return []history.Citation{{Source: "source/essay", Locator: loc}} }
	at := func(line int) history.Position { return history.Position{File: "sample.yaml", Line: line} }
	low, high := 14000000.0, 20000000.0
	want := &history.Dataset{
		Sources: []history.Source{{ID: "source/essay", Title: "An essay", Kind: history.SourceOpinionEssay, Published: history.MustParseDate("2012~"), At: at(3)}},
		Entities: []history.Entity{
			{ID: "person/lavrentiy-beria", Kind: history.KindPerson, Name: "Lavrentiy Beria", Wikidata: "Q123", Citations: c("¶9"), At: at(8),
				Names: []history.Name{
					{Text: "Beriya", Kind: history.NameTransliteration, Citations: c("¶2"), At: at(12)},
					{Text: "Berija", Kind: history.NameVariant, Citations: c("¶9"), At: at(13)},
				},
				Born: &history.DatedFact{Date: history.MustParseDate("1899-03-29"), Citations: c("¶9"), At: at(14)}},
			{ID: "group/nkvd", Kind: history.KindGroup, Name: "NKVD", Type: "police", Citations: append(c("¶7"), c("¶8")...), At: at(17)},
		},
		Events: []history.Event{{
			ID: "event/beria-appointed", Name: "Beria appointed deputy", Type: "appointment", Citations: c("¶10"), At: at(22),
			Date:         &history.DatedFact{Date: history.MustParseDate("1938-08-22"), Citations: c("¶9"), At: at(25)},
			Place:        &history.Link{Target: "group/nkvd", Citations: c("¶10"), At: at(26)},
			Causes:       []history.Link{{Target: "event/other", Citations: c("¶10"), At: at(27)}, {Target: "event/third", Citations: c("¶1"), At: at(27)}},
			Participants: []history.Participation{{Entity: "person/lavrentiy-beria", Role: history.RoleAppointee, Citations: c("¶10"), At: at(29)}},
		}},
		Relations: []history.Relation{{ID: "relation/lavrentiy-beria-member-of-nkvd", Subject: "person/lavrentiy-beria", Type: history.RelMemberOf, Object: "group/nkvd",
			Start: &history.DatedFact{Date: history.MustParseDate("1938"), Citations: c("¶9"), At: at(35)}, Citations: c("¶9"), At: at(32)}},
		Claims: []history.Claim{{ID: "claim/gulag-deaths", Subject: "group/nkvd", Property: "deaths", Quantity: &history.Quantity{Low: &low, High: &high},
			Unit: "people", Time: &history.DatedFact{Date: history.MustParseDate("1930/1953"), Citations: c("¶16"), At: at(44)}, Qualifiers: map[string]string{"cause": "camps"}, Contradicts: []history.ID{"claim/other"},
			Citations: c("¶16"), At: at(38)}},
	}
	if !reflect.DeepEqual(ds, want) {
		t.Errorf("ReadFile =\n%#v\nwant\n%#v", ds, want)
	}
}

func TestReadFileProblems(t *testing.T) {
	tests := []struct {
		name     string
		yaml     string
		wantAt   string
		wantText string
	}{
		{"syntax error", "people:\n  - id: person/a\n    name: [x\n", "t.yaml:3", "YAML syntax error"},
		{"unknown section", "peopel:\n  - id: person/a\n", "t.yaml:1", `unknown field in dataset file (did you mean "people"?)`},
		{"unknown field", "people:\n  - id: person/a\n    nmae: A\n", "t.yaml:3", `did you mean "name"?`},
		{"field of another kind", "people:\n  - id: person/a\n    type: police\n", "t.yaml:3", "unknown field in person"},
		{"field twice", "people:\n  - id: person/a\n    name: A\n    name: B\n", "t.yaml:4", "field given twice"},
		{"section not a list", "people: {id: person/a}\n", "t.yaml:1", "a section must be a list"},
		{"record not a mapping", "people:\n  - person/a\n", "t.yaml:2", "must be a mapping"},
		{"invalid date", "people:\n  - id: person/a\n    born: 1899-02-30\n", "t.yaml:3", "invalid EDTF date"},
		{"invalid date in mapping", "events:\n  - id: event/a\n    date:\n      date: soon\n", "t.yaml:4", "invalid EDTF date"},
		{"citation without locator", "people:\n  - id: person/a\n    cite: source/essay\n", "t.yaml:3", "has no locator"},
		{"citation not text", "people:\n  - id: person/a\n    cite: [{source: x}]\n", "t.yaml:3", "want a citation"},
		{"number not a number", "claims:\n  - id: claim/a\n    value: many\n", "t.yaml:3", "is not a number"},
		{"boolean not a boolean", "claims:\n  - id: claim/a\n    approximate: almost\n", "t.yaml:3", "not true or false"},
		{"participant without who", "events:\n  - id: event/a\n    participants:\n      - {role: victim}\n", "t.yaml:4", "needs who"},
		{"unknown participant field", "events:\n  - id: event/a\n    participants:\n      - {whom: person/a}\n", "t.yaml:4", `did you mean "who"?`},
		{"qualifier not text", "claims:\n  - id: claim/a\n    qualifiers: {metal: [tin]}\n", "t.yaml:3", "wants text"},
		{"two documents", "people: []\n---\npeople: []\n", "t.yaml:2", "one YAML document"},
		{"name text missing is a list", "people:\n  - id: person/a\n    names: {text: A}\n", "t.yaml:3", "want a list"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := ReadFile(&history.Dataset{}, "t.yaml", []byte(tt.yaml))
			for _, p := range ps {
				if p.At.String() == tt.wantAt && strings.Contains(p.String(), tt.wantText) {
					return
				}
			}
			t.Errorf("problems:\n%v\nwant one at %s containing %q", ps, tt.wantAt, tt.wantText)
		})
	}
}

func TestReadFSNamesFilesAndMergesSections(t *testing.T) {
	fsys := fstest.MapFS{
		"a/people.yaml":  {Data: []byte("people:\n  - id: person/a\n    name: A\n    cite: source/s ¶1\n")},
		"a/sub/bad.yml":  {Data: []byte("people:\n  - id: person/b\n    nmae: B\n")},
		"a/notes.txt":    {Data: []byte("not a dataset")},
		"a/sources.yaml": {Data: []byte("sources:\n  - {id: source/s, title: S, kind: monograph}\n")},
	}
	ds, err := ReadFS(context.Background(), fsys, "a", "data")
	if err == nil {
		t.Fatal("ReadFS: no error, want the unknown field in data/sub/bad.yml")
	}
	if !strings.Contains(err.Error(), "data/sub/bad.yml:3: person/b: nmae: unknown field") {
		t.Errorf("ReadFS error = %v, want it to name data/sub/bad.yml:3", err)
	}
	if got := len(ds.Entities) + len(ds.Sources); got != 3 {
		t.Errorf("ReadFS read %d records, want 3", got)
	}
	if _, err := ReadFS(context.Background(), fstest.MapFS{"x/readme.md": {}}, "x", "x"); err == nil || !strings.Contains(err.Error(), "no .yaml files") {
		t.Errorf("ReadFS of a directory without datasets: err = %v, want 'no .yaml files'", err)
	}
}

func TestParseCitation(t *testing.T) {
	tests := []struct {
		in      string
		want    history.Citation
		wantErr bool
	}{
		{in: "source/essay ¶9", want: history.Citation{Source: "source/essay", Locator: "¶9"}},
		{in: "  source/service-2000   chapter on Lenin's illness ", want: history.Citation{Source: "source/service-2000", Locator: "chapter on Lenin's illness"}},
		{in: "source/essay", wantErr: true},
		{in: "", wantErr: true},
	}
	for _, tt := range tests {
		got, err := ParseCitation(tt.in)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("ParseCitation(%q) = %v, %v; want %v, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}

func FuzzReadFile(f *testing.F) {
	f.Add([]byte(sample))
	f.Add([]byte("people:\n  - id: person/a\n    names: [*x]\n"))
	f.Add([]byte("a: &x [*x]\n"))
	f.Add([]byte("claims:\n  - {id: claim/a, value: 1e400, date: 198X}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ds := &history.Dataset{}
		ps := ReadFile(ds, "fuzz.yaml", data)
		for _, p := range ps {
			if p.At.File != "fuzz.yaml" {
				t.Fatalf("problem without its file: %v", p)
			}
		}
		history.Validate(ds) // must not panic on whatever was read
	})
}

// TestReadFileEveryField reads every field of every kind of record, so
// that each has a reader.
func TestReadFileEveryField(t *testing.T) {
	const all = `sources:
  - {id: source/s, title: T, author: A, published: 1990, kind: monograph, publisher: P, url: "https://example.org", description: D}
people:
  - {id: person/a, name: A, description: D, wikidata: Q1, names: [{text: B, kind: variant, lang: en, cite: source/s ¶2}], born: 1900, died: {date: 1950, cite: source/s ¶3}, cite: source/s ¶1}
groups:
  - {id: group/g, name: G, type: party, description: D, wikidata: Q2, names: [H], cite: source/s ¶1}
places:
  - {id: place/p, name: P, type: city, description: D, wikidata: Q3, names: [Q], cite: source/s ¶1}
works:
  - {id: work/w, name: W, type: law, description: D, wikidata: Q4, names: [X], date: 1937, cite: source/s ¶1}
events:
  - {id: event/e, name: E, type: trial, description: D, date: 1938, place: place/p, parent: {id: event/f, cite: source/s ¶4}, participants: [{who: person/a, role: subject, cite: source/s ¶5}], causes: [event/f], consequences: [event/f], names: [F], cite: source/s ¶1}
relations:
  - {id: relation/r, subject: person/a, type: member-of, object: group/g, start: 1920, end: 1930, note: N, cite: source/s ¶1}
claims:
  - {id: claim/c, subject: group/g, property: members, value: 10, low: 5, high: 20, approximate: true, date: 1937, unit: people, time: 1937, qualifiers: {q: v}, contradicts: [claim/d], note: N, cite: source/s ¶1}
`
	ds := &history.Dataset{}
	if ps := ReadFile(ds, "all.yaml", []byte(all)); len(ps) != 0 {
		t.Fatalf("ReadFile: unexpected problems:\n%v", ps)
	}
	if got := len(ds.Sources) + len(ds.Entities) + len(ds.Events) + len(ds.Relations) + len(ds.Claims); got != 8 {
		t.Errorf("read %d records, want 8", got)
	}
}
