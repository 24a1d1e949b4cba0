package graph

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/memoria-history/memoria/internal/history"
)

// synthetic returns a dataset shaped like a large prosopography: people
// with about five relations each to people, groups and places, half of the
// ends chosen in proportion to degree so that a few nodes have most of the
// edges, and one event per five people with two to eight participants. The
// seed is fixed, so every run sees the same graph.
func synthetic(tb testing.TB, people int) *history.Dataset {
	tb.Helper()
	r := rand.New(rand.NewPCG(1917, 1991))
	cite := []history.Citation{{Source: "source/synthetic", Locator: "¶1"}}
	years := make([]history.Date, 80)
	for i := range years {
		y := 1900 + i
		years[i] = history.Date{
			EDTF:     fmt.Sprint(y),
			Earliest: time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC),
			Latest:   time.Date(y, 12, 31, 23, 59, 59, 0, time.UTC),
		}
	}
	ds := &history.Dataset{Sources: []history.Source{{ID: "source/synthetic", Title: "Synthetic", Kind: history.SourceDatabase}}}
	add := func(kind history.Kind, n int) []history.ID {
		ids := make([]history.ID, n)
		for i := range ids {
			ids[i] = history.ID(fmt.Sprintf("%s/%c%06d", kind, kind[0], i))
			ds.Entities = append(ds.Entities, history.Entity{ID: ids[i], Kind: kind, Name: string(ids[i]), Citations: cite})
		}
		return ids
	}
	persons := add(history.KindPerson, people)
	groups := add(history.KindGroup, max(1, people/100))
	places := add(history.KindPlace, max(1, people/200))
	// ends holds one entry per edge end, so a uniform pick from it is a
	// pick in proportion to degree.
	ends := make([]history.ID, 0, 12*people)
	pick := func(uniform []history.ID) history.ID {
		if len(ends) > 0 && r.IntN(2) == 0 {
			return ends[r.IntN(len(ends))]
		}
		return uniform[r.IntN(len(uniform))]
	}
	for i, p := range persons {
		for j := range 5 {
			var o history.ID
			switch x := r.IntN(10); {
			case x < 7:
				o = pick(persons)
			case x < 9:
				o = groups[r.IntN(len(groups))]
			default:
				o = places[r.IntN(len(places))]
			}
			if o == p {
				continue
			}
			rel := history.Relation{
				ID:      history.ID(fmt.Sprintf("relation/r%06d-%d", i, j)),
				Subject: p, Object: o, Type: history.RelationTypes()[r.IntN(len(history.RelationTypes()))],
				Citations: cite,
			}
			if r.IntN(2) == 0 {
				y := r.IntN(len(years) - 10)
				rel.Start = &history.DatedFact{Date: years[y], Citations: cite}
				if r.IntN(2) == 0 {
					rel.End = &history.DatedFact{Date: years[y+r.IntN(10)], Citations: cite}
				}
			}
			ds.Relations = append(ds.Relations, rel)
			ends = append(ends, p, o)
		}
	}
	for i := range people / 5 {
		ev := history.Event{
			ID:   history.ID(fmt.Sprintf("event/e%06d", i)),
			Name: "event", Type: "meeting", Citations: cite,
			Date:  &history.DatedFact{Date: years[r.IntN(len(years))], Citations: cite},
			Place: &history.Link{Target: places[r.IntN(len(places))], Citations: cite},
		}
		for range 2 + r.IntN(7) {
			ev.Participants = append(ev.Participants, history.Participation{Entity: pick(persons), Role: history.Roles()[r.IntN(len(history.Roles()))], Citations: cite})
		}
		if i > 0 && r.IntN(5) == 0 {
			ev.Parent = &history.Link{Target: history.ID(fmt.Sprintf("event/e%06d", r.IntN(i))), Citations: cite}
		}
		ds.Events = append(ds.Events, ev)
	}
	return ds
}
