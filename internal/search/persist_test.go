package search

import (
	"context"
	"reflect"
	"testing"

	"github.com/memoria-history/memoria/internal/history"
)

// TestThawAnswersAsBuilt: an index frozen and thawed answers as the one
// built, and an index with changes applied is not frozen.
func TestThawAnswersAsBuilt(t *testing.T) {
	built := NewIndex(syntheticEntries(t, 3000))
	f, ok := built.Freeze()
	if !ok {
		t.Fatal("a built index was not frozen")
	}
	thawed, err := Thaw(f)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"a", "ivan", "petrov", "Ivanov Petr", "camp", "zzz", "Iwanow"} {
		got, want := thawed.Search(context.Background(), q, nil, 20), built.Search(context.Background(), q, nil, 20)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("search %q: got %v, want %v", q, got, want)
		}
	}
	if _, ok := built.Apply(&history.Edits{}).Freeze(); ok {
		t.Error("an index with a delta was frozen")
	}
}

// TestThawRefusesWhatPointsOutOfRange: a number pointing past what it
// numbers is refused, not read later by a search.
func TestThawRefusesWhatPointsOutOfRange(t *testing.T) {
	base, _ := NewIndex(syntheticEntries(t, 300)).Freeze()
	for name, damage := range map[string]func(f *Frozen){
		"posting":        func(f *Frozen) { f.Post[0] = int32(len(f.NameText)) },
		"name token":     func(f *Frozen) { f.NameTok[0] = -1 },
		"offsets":        func(f *Frozen) { f.PostOff[1], f.PostOff[2] = f.PostOff[2], f.PostOff[1]-1 },
		"entries":        func(f *Frozen) { f.Kinds = f.Kinds[1:] },
		"deletion token": func(f *Frozen) { f.DelTok[0] = int32(len(f.Vocab)) },
		"match kind":     func(f *Frozen) { f.NameKind[0] = uint8(len(f.MatchKinds)) },
	} {
		t.Run(name, func(t *testing.T) {
			f := base
			f.Post, f.NameTok, f.PostOff, f.DelTok, f.NameKind = clone(f.Post), clone(f.NameTok), clone(f.PostOff), clone(f.DelTok), clone(f.NameKind)
			damage(&f)
			if _, err := Thaw(f); err == nil {
				t.Fatal("thawed")
			}
		})
	}
}

func clone[T any](s []T) []T { return append([]T(nil), s...) }
