package history

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestValidateRetracted(t *testing.T) {
	tests := []struct {
		name     string
		breakIt  func(ds *Dataset)
		wantText string // a part of the one problem's message; "" for none
	}{
		{"a retracted record may be referred to by a retracted one", func(ds *Dataset) {
			ds.Entities[1].Retracted = &Retracted{Reason: "duplicate"}
			ds.Relations[0].Retracted = &Retracted{Reason: "follows"}
		}, ""},
		{"a standing record may not refer to a retracted one", func(ds *Dataset) {
			ds.Entities[1].Retracted = &Retracted{Reason: "duplicate"}
		}, `"person/nikolai-yezhov" is retracted`},
		{"nor cite a retracted source", func(ds *Dataset) {
			ds.Sources = append(ds.Sources, Source{ID: "source/forged", Title: "Forged", Kind: SourceDatabase, Retracted: &Retracted{Reason: "forged"}})
			ds.Claims[1].Citations = []Citation{{Source: "source/forged", Locator: "p. 1"}}
		}, `"source/forged" is retracted`},
		{"a retraction needs a reason", func(ds *Dataset) {
			ds.Claims[1].Retracted = &Retracted{}
		}, "a retraction needs a reason"},
		{"a retraction's citations name sources", func(ds *Dataset) {
			ds.Claims[1].Retracted = &Retracted{Reason: "r", Citations: []Citation{{Source: "source/none", Locator: "p. 1"}}}
		}, `cites "source/none", which is not a source`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds := validDataset()
			tt.breakIt(ds)
			ps := Validate(ds)
			switch {
			case tt.wantText == "" && len(ps) > 0:
				t.Errorf("problems %v, want none", ps)
			case tt.wantText != "" && (len(ps) != 1 || !strings.Contains(ps[0].Message, tt.wantText)):
				t.Errorf("problems %v, want one saying %q", ps, tt.wantText)
			}
		})
	}
}

// TestValidatorLookup checks a part against stored records the validator
// is told of one id at a time, as a change to a store is checked.
func TestValidatorLookup(t *testing.T) {
	stored := map[ID]StoredRecord{
		"source/essay":          {Kind: KindSource},
		"person/nikolai-yezhov": {Kind: KindPerson},
		"person/genrikh-yagoda": {Kind: KindPerson, Retracted: true},
		"event/great-terror":    {Kind: KindEvent, Parent: "event/purge"},
		"event/purge":           {Kind: KindEvent, Parent: "event/beria-appointed"},
		"claim/gulag-1934":      {Kind: "claim"},
	}
	var asked []ID
	v := NewValidator()
	v.Lookup(func(id ID) (StoredRecord, bool) {
		asked = append(asked, id)
		r, ok := stored[id]
		return r, ok
	})
	v.Add(&Dataset{
		Events: []Event{{ID: "event/beria-appointed", Name: "Beria appointed", Type: "appointment", Citations: cite("¶9"),
			Parent:       &Link{Target: "event/great-terror", Citations: cite("¶9")},
			Participants: []Participation{{Entity: "person/nikolai-yezhov", Role: RoleAppointed, Citations: cite("¶9")}, {Entity: "person/genrikh-yagoda", Role: RoleWitness, Citations: cite("¶9")}}}},
		Claims: []Claim{{ID: "claim/c", Subject: "person/nikolai-yezhov", Property: "prisoners", Quantity: &Quantity{Value: num(1)}, Unit: "people",
			Contradicts: []ID{"claim/gulag-1934", "claim/none"}, Citations: cite("¶8")}},
	})
	var got []string
	for _, p := range v.Finish() {
		got = append(got, p.Message)
	}
	want := []string{
		`"claim/none" is not a claim in the dataset`,
		`"person/genrikh-yagoda" is retracted: a statement that stands cannot refer to it (refer to another record, or retract this one too)`,
		"parent events form a cycle through event/beria-appointed",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("problems:\n%q\nwant\n%q", got, want)
	}
	seen := map[ID]int{}
	for _, id := range asked {
		if seen[id]++; seen[id] > 1 {
			t.Errorf("asked about %s twice", id)
		}
	}
}

func TestDatasetJSONRoundTrip(t *testing.T) {
	ds := validDataset()
	ds.Entities[0].Revision = 4
	ds.Entities[1].Names = []Name{{Text: "Jeschow", Kind: NameTransliteration, Lang: "de", Citations: cite("¶7")}} // as the record: cite left out
	ds.Entities = append(ds.Entities, Entity{ID: "work/order", Kind: KindWork, Type: "order", Name: "Order", Citations: cite("¶2"),
		Date: &DatedFact{Date: MustParseDate("1937-07-30"), Citations: cite("¶2")}})
	ds.Sources[0].URL, ds.Sources[0].Published = "https://example.org/?a=1&b=\"2\"", MustParseDate("2024-05")
	ds.Relations[0].Note = "line one\nline two"
	ds.Relations[0].Retracted = &Retracted{Reason: "misread", Citations: cite("¶1"), Revision: 7, At: time.Date(2025, 1, 2, 3, 4, 5, 600, time.UTC)}
	ds.Claims[0].Qualifiers = map[string]string{"institution": "camps", "": "empty key"}
	ds.Claims[0].Quantity.Approximate = true
	ds.Claims[1].Quantity = &Quantity{Value: num(-12.345678901234567)}
	ds.Claims = append(ds.Claims, Claim{ID: "claim/date", Subject: "event/great-terror", Property: "date", DateValue: MustParseDate("1937?"), Citations: cite("¶3")})
	ds.Events[1].Causes = []Link{{Target: "event/great-terror", Citations: cite("¶9")}, {Target: "event/other", Citations: cite("¶1")}}
	// The fields of cited starts, ends and times, entity ends, claims'
	// entities and a source's text.
	ds.Sources[0].Text = "texts/essay.txt"
	ds.Entities[len(ds.Entities)-1].Ended = &DatedFact{Date: MustParseDate("1938"), Citations: cite("¶4")}
	ds.Relations[0].Start = &DatedFact{Date: MustParseDate("1936-09"), Citations: ds.Relations[0].Citations}
	ds.Relations[0].End = &DatedFact{Date: MustParseDate("1938-11"), Citations: cite("¶5")}
	ds.Claims = append(ds.Claims, Claim{ID: "claim/where", Subject: "event/great-terror", Property: "places", Entities: []ID{"place/a", "place/b"},
		Time: &DatedFact{Date: MustParseDate("1937"), Citations: cite("¶6")}, Citations: cite("¶3")})
	b, err := json.Marshal(ds)
	if err != nil {
		t.Fatal(err)
	}
	var got Dataset
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatalf("Unmarshal: %v\n%s", err, b)
	}
	want := *ds
	clearPositions(&want)
	if !reflect.DeepEqual(&got, &want) {
		gb, _ := json.Marshal(&got)
		t.Errorf("round trip differs:\n got %s\nwant %s", gb, b)
	}
	for _, key := range []string{`"people":`, `"cite":["source/essay ¶9"]`, `"revision":4`, `"retracted":{"reason":"misread"`, `"who":"group/nkvd"`} {
		if !strings.Contains(string(b), key) {
			t.Errorf("the JSON has no %s:\n%s", key, b)
		}
	}
	if !strings.Contains(string(b), `"names":[{"text":"Beriya","kind":"transliteration"}]`) {
		t.Errorf("a nested statement citing what its record cites should leave its cite out:\n%s", b)
	}
}

// clearPositions zeroes the positions of every record and statement, which
// JSON does not carry.
func clearPositions(ds *Dataset) {
	for i := range ds.Sources {
		ds.Sources[i].At = Position{}
	}
	for i := range ds.Entities {
		e := &ds.Entities[i]
		e.At = Position{}
		for j := range e.Names {
			e.Names[j].At = Position{}
		}
		for _, f := range []*DatedFact{e.Born, e.Died, e.Date, e.Ended} {
			if f != nil {
				f.At = Position{}
			}
		}
	}
	for i := range ds.Events {
		e := &ds.Events[i]
		e.At = Position{}
		if e.Date != nil {
			e.Date.At = Position{}
		}
		for _, l := range []*Link{e.Place, e.Parent} {
			if l != nil {
				l.At = Position{}
			}
		}
		for j := range e.Participants {
			e.Participants[j].At = Position{}
		}
		for j := range e.Causes {
			e.Causes[j].At = Position{}
		}
	}
	for i := range ds.Relations {
		r := &ds.Relations[i]
		r.At = Position{}
		for _, f := range []*DatedFact{r.Start, r.End} {
			if f != nil {
				f.At = Position{}
			}
		}
	}
	for i := range ds.Claims {
		ds.Claims[i].At = Position{}
		if f := ds.Claims[i].Time; f != nil {
			f.At = Position{}
		}
	}
}

func TestChangeTouches(t *testing.T) {
	ch := Change{
		Put:     Dataset{Entities: []Entity{{ID: "person/a"}}, Relations: []Relation{{ID: "relation/r"}}},
		Retract: []Retraction{{ID: "claim/c"}, {ID: "person/a"}},
	}
	if got, want := ch.Touches(), []ID{"person/a", "relation/r", "claim/c"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Touches() = %v, want %v", got, want)
	}
}

func TestStanding(t *testing.T) {
	ds := validDataset()
	if got := ds.Standing(); got != ds {
		t.Errorf("Standing of a dataset with nothing retracted is a copy")
	}
	ds.Relations[0].Retracted = &Retracted{Reason: "misread"}
	ds.Entities[0].Retracted = &Retracted{Reason: "duplicate"}
	got := ds.Standing()
	if got.Len() != ds.Len()-2 || slices.Contains(got.IDs(), ds.Relations[0].ID) || slices.Contains(got.IDs(), ds.Entities[0].ID) {
		t.Errorf("Standing kept %v of %v", got.IDs(), ds.IDs())
	}
	if ds.Entities[0].Retracted == nil || len(ds.Relations) == len(got.Relations) {
		t.Errorf("Standing changed the dataset it was called on")
	}
}
