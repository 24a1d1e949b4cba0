package history

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func cite(loc string) []Citation { return []Citation{{Source: "source/essay", Locator: loc}} }

func num(v float64) *float64 { return &v }

// validDataset is a small dataset that breaks no rule; each case of
// TestValidate breaks exactly one.
func validDataset() *Dataset {
	at := func(line int) Position { return Position{File: "test.yaml", Line: line} }
	return &Dataset{
		Sources: []Source{{ID: "source/essay", Title: "An essay", Kind: SourceOpinionEssay, At: at(1)}},
		Entities: []Entity{
			{ID: "person/lavrentiy-beria", Kind: KindPerson, Name: "Lavrentiy Beria", Wikidata: "Q123", Citations: cite("¶9"), At: at(10),
				Names: []Name{{Text: "Beriya", Kind: NameTransliteration, Citations: cite("¶9"), At: at(12)}},
				Born:  &DatedFact{Date: MustParseDate("1899-03-29"), Citations: cite("¶9"), At: at(13)}},
			{ID: "person/nikolai-yezhov", Kind: KindPerson, Name: "Nikolai Yezhov", Citations: cite("¶7"), At: at(20)},
			{ID: "group/nkvd", Kind: KindGroup, Type: "police", Name: "NKVD", Citations: cite("¶7"), At: at(30)},
			{ID: "place/moscow", Kind: KindPlace, Type: "city", Name: "Moscow", Citations: cite("¶7"), At: at(40)},
		},
		Events: []Event{
			{ID: "event/great-terror", Name: "Great Terror", Type: "purge", Citations: cite("¶8"), At: at(50),
				Participants: []Participation{{Entity: "group/nkvd", Role: RoleCarriedOut, Citations: cite("¶8"), At: at(52)}}},
			{ID: "event/beria-appointed", Name: "Beria appointed", Type: "appointment", Citations: cite("¶9"), At: at(60),
				Date:         &DatedFact{Date: MustParseDate("1938-08-22"), Citations: cite("¶9"), At: at(61)},
				Place:        &Link{Target: "place/moscow", Citations: cite("¶9"), At: at(62)},
				Parent:       &Link{Target: "event/great-terror", Citations: cite("¶9"), At: at(63)},
				Participants: []Participation{{Entity: "person/lavrentiy-beria", Role: RoleAppointee, Citations: cite("¶9"), At: at(64)}}},
		},
		Relations: []Relation{{ID: "relation/beria-deputy", Subject: "person/lavrentiy-beria", Type: RelDeputyOf, Object: "person/nikolai-yezhov",
			Start: &DatedFact{Date: MustParseDate("1938-08-22"), Citations: cite("¶9")}, End: &DatedFact{Date: MustParseDate("1938-11"), Citations: cite("¶9")},
			Citations: cite("¶9"), At: at(70)}},
		Claims: []Claim{
			{ID: "claim/gulag-1934", Subject: "group/nkvd", Property: "prisoners", Quantity: &Quantity{Low: num(500000)}, Unit: "people",
				Time: &DatedFact{Date: MustParseDate("1934"), Citations: cite("¶8")}, Citations: cite("¶8"), At: at(80)},
			{ID: "claim/gulag-1927", Subject: "group/nkvd", Property: "prisoners", Quantity: &Quantity{Value: num(30000)}, Unit: "people",
				Time: &DatedFact{Date: MustParseDate("1927"), Citations: cite("¶8")}, Contradicts: []ID{"claim/gulag-1934"}, Citations: cite("¶8"), At: at(90)},
		},
	}
}

func TestValidateAcceptsValidDataset(t *testing.T) {
	if ps := Validate(validDataset()); len(ps) != 0 {
		t.Fatalf("Validate found problems in a valid dataset:\n%v", ps)
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name     string
		breakIt  func(ds *Dataset)
		wantAt   string // position of the problem
		wantText string // a part of its message
	}{
		{"malformed id", func(ds *Dataset) { ds.Entities[1].ID = "person/Nikolai Yezhov" }, "test.yaml:20", "not a valid id"},
		{"id of the wrong kind", func(ds *Dataset) { ds.Entities[2].ID = "person/nkvd" }, "test.yaml:30", "but the record is a group"},
		{"duplicate id", func(ds *Dataset) { ds.Entities[1].ID = "person/lavrentiy-beria" }, "test.yaml:20", "duplicate id, first defined at test.yaml:10"},
		{"source without title", func(ds *Dataset) { ds.Sources[0].Title = "" }, "test.yaml:1", "needs a title"},
		{"unknown source kind", func(ds *Dataset) { ds.Sources[0].Kind = "blog" }, "test.yaml:1", "unknown source kind"},
		{"entity without name", func(ds *Dataset) { ds.Entities[0].Name = " " }, "test.yaml:10", "needs a name"},
		{"bad wikidata id", func(ds *Dataset) { ds.Entities[0].Wikidata = "43915" }, "test.yaml:10", "not a Wikidata item id"},
		{"unknown group type", func(ds *Dataset) { ds.Entities[2].Type = "secret" }, "test.yaml:30", "unknown group type"},
		{"uncited entity", func(ds *Dataset) { ds.Entities[1].Citations = nil }, "test.yaml:20", "uncited statement"},
		{"uncited name", func(ds *Dataset) { ds.Entities[0].Names[0].Citations = nil }, "test.yaml:12", "uncited statement"},
		{"uncited date", func(ds *Dataset) { ds.Entities[0].Born.Citations = nil }, "test.yaml:13", "uncited statement"},
		{"uncited participation", func(ds *Dataset) { ds.Events[0].Participants[0].Citations = nil }, "test.yaml:52", "uncited statement"},
		{"uncited place", func(ds *Dataset) { ds.Events[1].Place.Citations = nil }, "test.yaml:62", "uncited statement"},
		{"uncited relation", func(ds *Dataset) { ds.Relations[0].Citations = nil }, "test.yaml:70", "uncited statement"},
		{"uncited claim", func(ds *Dataset) { ds.Claims[0].Citations = nil }, "test.yaml:80", "uncited statement"},
		{"citation of a missing source", func(ds *Dataset) { ds.Claims[0].Citations[0].Source = "source/nowhere" }, "test.yaml:80", "not a source in the dataset"},
		{"citation of a non-source", func(ds *Dataset) { ds.Claims[0].Citations[0].Source = "group/nkvd" }, "test.yaml:80", "not a source in the dataset"},
		{"same name twice", func(ds *Dataset) {
			ds.Entities[0].Names = append(ds.Entities[0].Names, ds.Entities[0].Names[0])
		}, "test.yaml:12", "listed twice"},
		{"same participant in the same role twice", func(ds *Dataset) {
			ds.Events[0].Participants = append(ds.Events[0].Participants, ds.Events[0].Participants[0])
		}, "test.yaml:52", "listed twice"},
		{"same citation twice", func(ds *Dataset) {
			ds.Claims[0].Citations = append(ds.Claims[0].Citations, ds.Claims[0].Citations[0])
		}, "test.yaml:80", "twice"},
		{"citation without locator", func(ds *Dataset) { ds.Claims[0].Citations[0].Locator = "" }, "test.yaml:80", "has no locator"},
		{"name kind unknown", func(ds *Dataset) { ds.Entities[0].Names[0].Kind = "nickname" }, "test.yaml:12", "unknown name kind"},
		{"birth date on a group", func(ds *Dataset) { ds.Entities[2].Born = ds.Entities[0].Born }, "test.yaml:30", "only people have birth"},
		{"event without participant", func(ds *Dataset) { ds.Events[0].Participants = nil }, "test.yaml:50", "at least one participant"},
		{"event without type", func(ds *Dataset) { ds.Events[0].Type = "" }, "test.yaml:50", "needs a type"},
		{"dangling participant", func(ds *Dataset) { ds.Events[1].Participants[0].Entity = "person/lavrentiy-berija" }, "test.yaml:64", `did you mean "person/lavrentiy-beria"`},
		{"participant is a source", func(ds *Dataset) { ds.Events[1].Participants[0].Entity = "source/essay" }, "test.yaml:64", "is a source"},
		{"unknown role", func(ds *Dataset) { ds.Events[1].Participants[0].Role = "helped" }, "test.yaml:64", "unknown role"},
		{"place is not a place", func(ds *Dataset) { ds.Events[1].Place.Target = "group/nkvd" }, "test.yaml:62", "is a group"},
		{"parent cycle", func(ds *Dataset) {
			ds.Events[0].Parent = &Link{Target: "event/beria-appointed", Citations: cite("¶8"), At: Position{File: "test.yaml", Line: 55}}
		}, "test.yaml:55", "form a cycle"},
		{"own parent", func(ds *Dataset) { ds.Events[1].Parent.Target = "event/beria-appointed" }, "test.yaml:63", "cannot be its own parent"},
		{"dangling relation object", func(ds *Dataset) { ds.Relations[0].Object = "person/ezhov" }, "test.yaml:70", "does not exist"},
		{"relation to itself", func(ds *Dataset) { ds.Relations[0].Object = ds.Relations[0].Subject }, "test.yaml:70", "to itself"},
		{"unknown relation type", func(ds *Dataset) { ds.Relations[0].Type = "friend-of" }, "test.yaml:70", "unknown relation type"},
		{"relation ends before it starts", func(ds *Dataset) { ds.Relations[0].End.Date = MustParseDate("1937") }, "test.yaml:70", "before it starts"},
		{"claim without value", func(ds *Dataset) { ds.Claims[0].Quantity = nil }, "test.yaml:80", "needs a value"},
		{"claim with number and date", func(ds *Dataset) { ds.Claims[0].DateValue = MustParseDate("1934") }, "test.yaml:80", "not both"},
		{"claim with value and range", func(ds *Dataset) { ds.Claims[0].Quantity.Value = num(1) }, "test.yaml:80", "either value or low/high"},
		{"claim range upside down", func(ds *Dataset) { ds.Claims[0].Quantity.High = num(1) }, "test.yaml:80", "is below low"},
		{"claim without unit", func(ds *Dataset) { ds.Claims[0].Unit = "" }, "test.yaml:80", "needs a unit"},
		{"claim without property", func(ds *Dataset) { ds.Claims[0].Property = "" }, "test.yaml:80", "needs a property"},
		{"contradicts a missing claim", func(ds *Dataset) { ds.Claims[1].Contradicts = []ID{"claim/gulag-1935"} }, "test.yaml:90", "not a claim"},
		{"claim about a source", func(ds *Dataset) { ds.Claims[0].Subject = "source/essay" }, "test.yaml:80", "is a source"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds := validDataset()
			tt.breakIt(ds)
			ps := Validate(ds)
			if len(ps) == 0 {
				t.Fatalf("Validate found no problem, want one at %s containing %q", tt.wantAt, tt.wantText)
			}
			for _, p := range ps {
				if p.At.String() == tt.wantAt && strings.Contains(p.String(), tt.wantText) {
					return
				}
			}
			t.Errorf("Validate problems:\n%v\nwant one at %s containing %q", ps, tt.wantAt, tt.wantText)
		})
	}
}

func TestProblemsErr(t *testing.T) {
	if err := Problems(nil).Err("validate"); err != nil {
		t.Fatalf("no problems: Err = %v, want nil", err)
	}
	err := Problems{{At: Position{File: "a.yaml", Line: 3}, Record: "event/x", Field: "date", Message: "bad"}}.Err("validate")
	if got, want := ErrorCode(err), CodeInvalid; got != want {
		t.Errorf("code = %s, want %s", got, want)
	}
	if got, want := err.Error(), "validate: 1 problem(s): a.yaml:3: event/x: date: bad"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

// TestValidatorInParts feeds a dataset to a Validator in parts, in an
// order where references point forward into later parts, and expects what
// Validate finds of the whole: nothing for the valid dataset, and the same
// problems when parts collide or dangle.
func TestValidatorInParts(t *testing.T) {
	split := func(ds *Dataset) []*Dataset {
		// Claims and relations first, then events, entities, sources: every
		// reference points at a later part.
		return []*Dataset{
			{Claims: ds.Claims}, {Relations: ds.Relations}, {Events: ds.Events},
			{Entities: ds.Entities}, {Sources: ds.Sources},
		}
	}
	tests := []struct {
		name   string
		change func(ds *Dataset)
	}{
		{"valid", func(*Dataset) {}},
		{"dangling reference", func(ds *Dataset) { ds.Relations[0].Object = "person/nikolai-yezhow" }},
		{"duplicate id across parts", func(ds *Dataset) { ds.Entities[1].ID = "person/lavrentiy-beria" }},
		{"unknown source", func(ds *Dataset) { ds.Claims[0].Citations[0].Source = "source/nowhere" }},
		{"contradicts a missing claim", func(ds *Dataset) { ds.Claims[1].Contradicts = []ID{"claim/gulag-1935"} }},
		{"parent cycle", func(ds *Dataset) {
			ds.Events[0].Parent = &Link{Target: "event/beria-appointed", Citations: cite("¶8"), At: Position{File: "test.yaml", Line: 51}}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds := validDataset()
			tt.change(ds)
			want := Validate(ds)
			v := NewValidator()
			for _, part := range split(ds) {
				v.Add(part)
			}
			if got := v.Finish(); !reflect.DeepEqual(got, want) {
				t.Errorf("in parts:\n%v\nwhole:\n%v", got, want)
			}
			if tt.name != "valid" && len(want) == 0 {
				t.Errorf("the change made no problem to compare")
			}
		})
	}
}

// TestValidatorKnown checks a part against records known from a store:
// references to them resolve, and their ids may not be defined again.
func TestValidatorKnown(t *testing.T) {
	stored := validDataset()
	v := NewValidator()
	v.Known(&Dataset{Sources: stored.Sources, Entities: stored.Entities})
	v.Add(&Dataset{Events: stored.Events, Relations: stored.Relations, Claims: stored.Claims})
	if ps := v.Finish(); len(ps) != 0 {
		t.Errorf("references to known records: %v", ps)
	}
	v = NewValidator()
	v.Known(stored)
	v.Add(&Dataset{Entities: stored.Entities[:1]})
	if ps := v.Finish(); len(ps) != 1 || !strings.Contains(ps[0].Message, "duplicate id") {
		t.Errorf("redefining a known record: %v", ps)
	}
}

// TestValidatorManyOpenReferences keeps more references for Finish than one
// chunk holds, some of them dangling, and wants the problems Validate finds
// in the whole.
func TestValidatorManyOpenReferences(t *testing.T) {
	ds := validDataset()
	n := 2*openRefsChunk + 3
	for i := range n {
		object := ID("person/nikolai-yezhov")
		if i%1000 == 999 {
			object = ID(fmt.Sprintf("person/missing-%d", i))
		}
		ds.Relations = append(ds.Relations, Relation{ID: ID(fmt.Sprintf("relation/r%d", i)), Subject: "person/lavrentiy-beria",
			Type: RelDeputyOf, Object: object, Citations: cite("¶9"), At: Position{File: "many.yaml", Line: i + 1}})
	}
	want := Validate(ds)
	if len(want) != n/1000 {
		t.Fatalf("Validate found %d problems, want %d dangling references", len(want), n/1000)
	}
	v := NewValidator()
	v.Add(&Dataset{Relations: ds.Relations, Claims: ds.Claims, Events: ds.Events})
	// Each relation names two people and cites a source, none added yet.
	if got := v.Waiting(); got < 3*n {
		t.Errorf("relations before people: %d references waiting, want at least %d", got, 3*n)
	}
	v.Add(&Dataset{Entities: ds.Entities, Sources: ds.Sources})
	if got := v.Finish(); !reflect.DeepEqual(got, want) {
		t.Errorf("in parts: %d problems, whole: %d\nfirst in parts: %v", len(got), len(want), got)
	}
	if got := v.Waiting(); got != 0 {
		t.Errorf("after Finish: %d references waiting, want 0", got)
	}
	// In the order of what refers to what, only the dangling ones wait.
	v = NewValidator()
	v.Add(&Dataset{Entities: ds.Entities, Sources: ds.Sources})
	v.Add(&Dataset{Relations: ds.Relations, Claims: ds.Claims, Events: ds.Events})
	if got := v.Waiting(); got != n/1000 {
		t.Errorf("people before relations: %d references waiting, want the %d dangling ones", got, n/1000)
	}
}
