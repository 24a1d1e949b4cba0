package history

import (
	"reflect"
	"testing"
)

// TestDiff pairs a change's records with the held ones: created, replaced,
// removed, and a record of after that is retracted, which leaves the read
// model as a removed one does.
func TestDiff(t *testing.T) {
	held := &Dataset{Entities: []Entity{{ID: "person/a", Name: "A"}, {ID: "person/b", Name: "B"}, {ID: "person/c", Name: "C"}}}
	before := &Dataset{Entities: []Entity{{ID: "person/b", Name: "B"}, {ID: "person/c", Name: "C"}}}
	after := &Dataset{Entities: []Entity{{ID: "person/d", Name: "D"}, {ID: "person/b", Name: "B2"}}}
	ed := Diff(before, after, beforeHolder{held})
	type got struct {
		ID       ID
		Old, New string
	}
	name := func(e *Entity) string {
		if e == nil {
			return ""
		}
		return e.Name
	}
	var gs []got
	for _, e := range ed.Entities {
		gs = append(gs, got{e.ID, name(e.Old), name(e.New)})
	}
	want := []got{{"person/b", "B", "B2"}, {"person/c", "C", ""}, {"person/d", "", "D"}}
	if !reflect.DeepEqual(gs, want) || ed.Len() != 3 {
		t.Errorf("Diff = %+v, want %+v", gs, want)
	}

	gone := &Retracted{Reason: "a forgery"}
	after = &Dataset{Entities: []Entity{{ID: "person/a", Retracted: gone}, {ID: "person/z", Retracted: gone}}}
	es := Diff(nil, after, beforeHolder{held}).Entities
	if len(es) != 1 || es[0].ID != "person/a" || es[0].Old == nil || es[0].New != nil {
		t.Errorf("a retracted record: %+v, want person/a removed and person/z, never held, left out", es)
	}
}
