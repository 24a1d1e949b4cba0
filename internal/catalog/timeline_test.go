package catalog

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/memoria-history/memoria/internal/history"
)

// randomDate draws a year, a month, a span of years or an open-ended span,
// so that some events last long enough to reach far past their neighbours.
func randomDate(r *rand.Rand) string {
	y := 1900 + r.IntN(60)
	switch r.IntN(10) {
	case 0:
		return "" // undated
	case 1:
		return fmt.Sprintf("%d/..", y)
	case 2:
		return fmt.Sprintf("../%d", y)
	case 3, 4:
		return fmt.Sprintf("%d/%d", y, y+r.IntN(30))
	case 5:
		return fmt.Sprintf("%d-%02d", y, 1+r.IntN(12))
	}
	return fmt.Sprint(y)
}

// TestTimelineMatchesAScanOfEveryEvent compares the index with the plain
// definition (every dated event whose date overlaps the window, in time
// order) on timelines long enough for the index to skip whole blocks.
func TestTimelineMatchesAScanOfEveryEvent(t *testing.T) {
	for _, tc := range []struct {
		name   string
		events int
		seed   uint64
	}{
		{"empty", 0, 1},
		{"less than a block", 40, 2},
		{"many blocks", 3000, 3},
		{"many blocks, another draw", 5000, 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(tc.seed, 0))
			ds := &history.Dataset{Entities: []history.Entity{{ID: "person/abe", Kind: history.KindPerson, Name: "Abe", Citations: cite("source/a", "¶1")}}}
			for i := range tc.events {
				ds.Events = append(ds.Events, event(fmt.Sprintf("event/e%05d", i), randomDate(r), "person/abe"))
			}
			c := New(ds)
			all := make([]*history.Event, len(ds.Events))
			for i := range ds.Events {
				all[i] = &ds.Events[i]
			}
			slices.SortFunc(all, compareEvents)
			windows := []string{"", "1900/..", "../1899", "1930", "1960/..", "1925-06"}
			for range 40 {
				if d := randomDate(r); d != "" {
					windows = append(windows, d)
				}
			}
			for _, w := range windows {
				window := history.Date{}
				if w != "" {
					window = history.MustParseDate(w)
				}
				var want []history.ID
				for _, e := range all {
					if d := eventDate(e); !d.IsZero() && (window.IsZero() || d.Overlaps(window)) {
						want = append(want, e.ID)
					}
				}
				for _, first := range []int{0, 1, 7, 100} {
					got := ids(c.Timeline(window, nil, first))
					w := want
					if first > 0 && len(w) > first {
						w = w[:first]
					}
					if !slices.Equal(got, w) {
						t.Fatalf("Timeline(%q, first %d): got %d events, want %d\ngot  %v\nwant %v", window.EDTF, first, len(got), len(w), head(got), head(w))
					}
				}
			}
		})
	}
}

func head(xs []history.ID) []history.ID { return xs[:min(len(xs), 8)] }

func BenchmarkTimelineLateWindow(b *testing.B) {
	r := rand.New(rand.NewPCG(9, 0))
	ds := &history.Dataset{Entities: []history.Entity{{ID: "person/abe", Kind: history.KindPerson, Name: "Abe", Citations: cite("source/a", "¶1")}}}
	ds.Events = append(ds.Events, event("event/open", "1900/..", "person/abe"))
	for i := range 200000 {
		ds.Events = append(ds.Events, event(fmt.Sprintf("event/e%06d", i), fmt.Sprint(1900+r.IntN(60)), "person/abe"))
	}
	c := New(ds)
	window := history.MustParseDate("1958/1959")
	b.ReportAllocs()
	for b.Loop() {
		if len(c.Timeline(window, nil, 20)) != 20 {
			b.Fatal("want 20 events")
		}
	}
}
