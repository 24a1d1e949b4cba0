package graph

import (
	"context"
	"reflect"
	"slices"
	"testing"

	"github.com/memoria-history/memoria/internal/history"
)

// TestApply changes the fixture a record at a time and checks each
// changed index against one built from the records the change left, on
// the cases a random sequence meets rarely: a role the base has no code
// for, a person retracted while relations still name them and then
// created again, a new node whose id sorts among the base's, which a
// neighbourhood and a path must list in id order, a death that ends a
// party's relations, and a cause that the other event states back.
func TestApply(t *testing.T) {
	ds := fixture(t)
	cite := []history.Citation{{Source: "source/essay", Locator: "¶1"}}
	ix := Build(ds)
	steps := []struct {
		name   string
		change func(*history.Dataset) *history.Edits
	}{
		{"a role the base has no code for", func(ds *history.Dataset) *history.Edits {
			old := ds.Events[2]
			e := old
			e.Participants = append(slices.Clone(e.Participants), history.Participation{Entity: beria, Role: "chronicler", Citations: cite})
			ds.Events[2] = e
			return &history.Edits{Events: []history.Edit[history.Event]{{ID: e.ID, Old: &old, New: &ds.Events[2]}}}
		}},
		{"a person retracted while relations name him", func(ds *history.Dataset) *history.Edits {
			old := ds.Entities[2] // beria
			ds.Entities = slices.Delete(ds.Entities, 2, 3)
			return &history.Edits{Entities: []history.Edit[history.Entity]{{ID: beria, Old: &old}}}
		}},
		{"a node whose id sorts among the base's", func(ds *history.Dataset) *history.Edits {
			ds.Entities = append(ds.Entities, history.Entity{ID: "person/lev-kamenev", Kind: history.KindPerson, Name: "Lev Kamenev", Citations: cite})
			ds.Relations = append(ds.Relations, history.Relation{ID: "relation/kamenev-member-of-vkpb", Subject: "person/lev-kamenev", Type: history.RelMemberOf, Object: party, Citations: cite})
			return &history.Edits{
				Entities:  []history.Edit[history.Entity]{{ID: "person/lev-kamenev", New: &ds.Entities[len(ds.Entities)-1]}},
				Relations: []history.Edit[history.Relation]{{ID: "relation/kamenev-member-of-vkpb", New: &ds.Relations[len(ds.Relations)-1]}},
			}
		}},
		{"the person created again", func(ds *history.Dataset) *history.Edits {
			ds.Entities = append(ds.Entities, history.Entity{ID: beria, Kind: history.KindPerson, Name: "Lavrentiy Beria", Citations: cite})
			return &history.Edits{Entities: []history.Edit[history.Entity]{{ID: beria, New: &ds.Entities[len(ds.Entities)-1]}}}
		}},
		{"a death that ends a relation without an end of its own", func(ds *history.Dataset) *history.Edits {
			old := ds.Entities[0] // stalin
			e := old
			e.Died = &history.DatedFact{Date: history.MustParseDate("1953-03-05"), Citations: []history.Citation{{Source: "source/essay", Locator: "¶9"}}}
			ds.Entities[0] = e
			return &history.Edits{Entities: []history.Edit[history.Entity]{{ID: stalin, Old: &old, New: &ds.Entities[0]}}}
		}},
		{"a cause stated back as a consequence", func(ds *history.Dataset) *history.Edits {
			i := slices.IndexFunc(ds.Events, func(e history.Event) bool { return e.ID == greatTerror })
			old := ds.Events[i]
			e := old
			e.Consequences = []history.Link{{Target: beriaAppt, Citations: []history.Citation{{Source: "source/essay", Locator: "¶7"}}}}
			ds.Events[i] = e
			return &history.Edits{Events: []history.Edit[history.Event]{{ID: greatTerror, Old: &old, New: &ds.Events[i]}}}
		}},
	}
	ctx := context.Background()
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			ix = ix.Apply(st.change(ds), datasetRecords{ds})
			want := Build(sorted(ds))
			all := []history.ID{stalin, yezhov, beria, yagoda, nkvd, party, moscow, yezhovAppt, beriaAppt, greatTerror, "person/lev-kamenev"}
			for _, a := range all {
				for _, f := range []Filter{{}, {Labels: []string{"chronicler"}}, {Kinds: []history.Kind{history.KindPerson, history.KindGroup}}} {
					ge, gerr := ix.Edges(a, f)
					we, werr := want.Edges(a, f)
					if !reflect.DeepEqual(ge, we) || !reflect.DeepEqual(gerr, werr) {
						t.Errorf("Edges(%s, %+v):\n got  %+v, %v\n want %+v, %v", a, f, ge, gerr, we, werr)
					}
					g, gerr := ix.Neighborhood(ctx, a, 2, 100, f)
					w, werr := want.Neighborhood(ctx, a, 2, 100, f)
					if !reflect.DeepEqual(g, w) || !reflect.DeepEqual(gerr, werr) {
						t.Errorf("Neighborhood(%s, %+v):\n got  %+v, %v\n want %+v, %v", a, f, g, gerr, w, werr)
					}
					for _, b := range all {
						gp, gok, gerr := ix.ShortestPath(ctx, a, b, 6, f)
						wp, wok, werr := want.ShortestPath(ctx, a, b, 6, f)
						if !reflect.DeepEqual(gp, wp) || gok != wok || !reflect.DeepEqual(gerr, werr) {
							t.Errorf("ShortestPath(%s, %s, %+v):\n got  %+v\n want %+v", a, b, f, gp, wp)
						}
					}
				}
			}
			if gn, ge := ix.Len(); true {
				if wn, we := want.Len(); gn != wn || ge != we {
					t.Errorf("Len() = %d, %d; want %d, %d", gn, ge, wn, we)
				}
			}
		})
	}
}

// sorted returns a copy of ds with its statements in id order, as the
// store gives them.
func sorted(ds *history.Dataset) *history.Dataset {
	out := *ds
	out.Relations = slices.SortedFunc(slices.Values(ds.Relations), func(a, b history.Relation) int { return compareIDs(a.ID, b.ID) })
	out.Events = slices.SortedFunc(slices.Values(ds.Events), func(a, b history.Event) int { return compareIDs(a.ID, b.ID) })
	return &out
}

func compareIDs(a, b history.ID) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// datasetRecords looks records up in a dataset, for Apply: the fixture is
// small enough to read whole.
type datasetRecords struct{ ds *history.Dataset }

func (r datasetRecords) Entity(id history.ID) (*history.Entity, bool) {
	for i := range r.ds.Entities {
		if r.ds.Entities[i].ID == id {
			return &r.ds.Entities[i], true
		}
	}
	return nil, false
}

func (r datasetRecords) Event(id history.ID) (*history.Event, bool) {
	for i := range r.ds.Events {
		if r.ds.Events[i].ID == id {
			return &r.ds.Events[i], true
		}
	}
	return nil, false
}

func (r datasetRecords) Relations(id history.ID) []*history.Relation {
	var out []*history.Relation
	for i := range r.ds.Relations {
		if x := &r.ds.Relations[i]; x.Subject == id || x.Object == id {
			out = append(out, x)
		}
	}
	return out
}
