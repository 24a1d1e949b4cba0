package history

import "testing"

func TestEndOf(t *testing.T) {
	fact := func(s string) *DatedFact { return &DatedFact{Date: MustParseDate(s)} }
	stalin := &Entity{ID: "person/stalin", Kind: KindPerson, Died: fact("1953-03-05")}
	nkvd := &Entity{ID: "group/nkvd", Kind: KindGroup, Ended: fact("1946-03-15")}
	party := &Entity{ID: "group/party", Kind: KindGroup}
	own := fact("1945-12")
	tests := []struct {
		name          string
		r             Relation
		subj, obj     *Entity
		want          string
		wantDerivedOf ID
	}{
		{"its own end", Relation{Type: RelLed, End: own}, stalin, nkvd, "1945-12", ""},
		{"the subject's death", Relation{Type: RelLed}, stalin, party, "1953-03-05", "person/stalin"},
		{"the first of the two to end", Relation{Type: RelMemberOf}, stalin, nkvd, "1946-03-15", "group/nkvd"},
		{"no party ended", Relation{Type: RelLed}, party, party, "", ""},
		{"unknown parties", Relation{Type: RelLed}, nil, nil, "", ""},
		{"an act does not end", Relation{Type: RelAuthorOf}, stalin, party, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			end := EndOf(&tt.r, tt.subj, tt.obj)
			if got := end.Fact.When().EDTF; got != tt.want || end.DerivedFrom != tt.wantDerivedOf || end.Derived() != (tt.wantDerivedOf != "") {
				t.Errorf("EndOf = %q derived from %q, want %q from %q", got, end.DerivedFrom, tt.want, tt.wantDerivedOf)
			}
		})
	}
	r := Relation{Type: RelLed, Start: fact("1922-04")}
	if got := EndOf(&r, stalin, party).Span(&r).EDTF; got != "1922-04/1953-03-05" {
		t.Errorf("Span = %q, want 1922-04/1953-03-05", got)
	}
}
