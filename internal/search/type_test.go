package search

import (
	"context"
	"testing"

	"github.com/memoria-history/memoria/internal/history"
)

// TestSearchMatchesTypeWords checks that the words of an entry's type find
// it, and rank it below entries whose names match.
func TestSearchMatchesTypeWords(t *testing.T) {
	ix := NewIndex([]Entry{
		{ID: "place/perm-36", Kind: history.KindPlace, Name: "Perm-36", Type: "camp"},
		{ID: "place/moscow", Kind: history.KindPlace, Name: "Moscow", Type: "city"},
		{ID: "place/camp-david", Kind: history.KindPlace, Name: "Camp David", Type: "site"},
		{ID: "group/gulag", Kind: history.KindGroup, Name: "Gulag", Type: "camp-system"},
	})
	for _, tt := range []struct {
		query string
		kinds []history.Kind
		want  []history.ID
		kind  []string
	}{
		{"camp", []history.Kind{history.KindPlace}, []history.ID{"place/camp-david", "place/perm-36"}, []string{"name", TypeMatch}},
		{"camp", nil, []history.ID{"place/camp-david", "place/perm-36", "group/gulag"}, []string{"name", TypeMatch, TypeMatch}},
		{"camp system", nil, []history.ID{"group/gulag"}, []string{TypeMatch}},
		{"city", nil, []history.ID{"place/moscow"}, []string{TypeMatch}},
	} {
		hits := ix.Search(context.Background(), tt.query, tt.kinds, 10)
		var got []history.ID
		var kinds []string
		for _, h := range hits {
			got = append(got, h.ID)
			kinds = append(kinds, h.MatchKind)
		}
		if len(got) < len(tt.want) {
			t.Errorf("Search(%q, %v) = %v, want %v", tt.query, tt.kinds, got, tt.want)
			continue
		}
		for i := range tt.want {
			if got[i] != tt.want[i] || kinds[i] != tt.kind[i] {
				t.Errorf("Search(%q, %v) = %v by %v, want %v by %v first", tt.query, tt.kinds, got, kinds, tt.want, tt.kind)
				break
			}
		}
		for _, h := range hits {
			if h.MatchKind == TypeMatch && h.Score > typeWeight {
				t.Errorf("Search(%q): %s matched by type scores %v, above %v", tt.query, h.ID, h.Score, typeWeight)
			}
		}
	}
}
