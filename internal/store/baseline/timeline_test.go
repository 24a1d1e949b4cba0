package baseline

import (
	"context"
	"slices"
	"testing"

	"github.com/memoria-history/memoria/internal/catalog"
	"github.com/memoria-history/memoria/internal/history"
)

func TestTimelineMatchesCatalog(t *testing.T) {
	ctx := context.Background()
	window := func(from, to string) history.Date {
		f, err := history.ParseDate(from)
		if err != nil {
			t.Fatal(err)
		}
		z, err := history.ParseDate(to)
		if err != nil {
			t.Fatal(err)
		}
		return history.Span(f, z)
	}
	windows := []struct {
		name string
		w    history.Date
	}{
		{"all time", history.Date{}},
		{"1936 to 1938", window("1936", "1938")},
		{"one year", window("1937", "1937")},
		{"one day", window("1934-12-01", "1934-12-01")},
		{"open start", window("..", "1925")},
		{"open end", window("1950", "..")},
		{"nothing happened", window("1700", "1701")},
	}
	for _, c := range baselineCases(t) {
		cat := catalog.New(c.ds)
		// Windows that touch a dated event at one instant, the event's
		// last or first: it overlaps them.
		all := cat.Timeline(history.Date{}, nil, 0)
		if len(all) == 0 {
			t.Fatalf("%s: no dated event", c.name)
		}
		d := all[len(all)/2].Date.Date
		edges := []struct {
			name string
			w    history.Date
		}{
			{"starts as an event ends", history.Date{EDTF: "test", Earliest: d.Latest, Latest: d.Latest.AddDate(1, 0, 0)}},
			{"ends as an event starts", history.Date{EDTF: "test", Earliest: d.Earliest.AddDate(-1, 0, 0), Latest: d.Earliest}},
		}
		t.Run(c.name, func(t *testing.T) {
			found := 0
			for _, w := range append(windows, edges...) {
				for _, first := range []int{0, 1, 5, 20} {
					var want []history.ID
					for _, e := range cat.Timeline(w.w, nil, first) {
						want = append(want, e.ID)
					}
					got, err := Timeline(ctx, c.s, w.w, first)
					if err != nil {
						t.Fatalf("%s, first %d: %v", w.name, first, err)
					}
					if !slices.Equal(got, want) {
						t.Errorf("%s, first %d:\n got %v\nwant %v", w.name, first, got, want)
					}
					found += len(want)
				}
			}
			if found == 0 {
				t.Fatal("no window holds an event: the test checks nothing")
			}
		})
	}
}
