package graph

import (
	"testing"

	"github.com/memoria-history/memoria/internal/history"
)

// The ids of the hand-built dataset.
const (
	stalin      history.ID = "person/joseph-stalin"
	yezhov      history.ID = "person/nikolai-yezhov"
	beria       history.ID = "person/lavrentiy-beria"
	yagoda      history.ID = "person/genrikh-yagoda"
	nkvd        history.ID = "group/nkvd"
	party       history.ID = "group/vkpb"
	moscow      history.ID = "place/moscow"
	yezhovAppt  history.ID = "event/yezhov-appointment"
	beriaAppt   history.ID = "event/beria-appointment"
	greatTerror history.ID = "event/great-terror"
)

// fixture returns a small dataset about the NKVD's chiefs: who led it when,
// who appointed them, and the terror that connects them. It is valid, so
// that the tests exercise the kind of data the index is built from.
func fixture(tb testing.TB) *history.Dataset {
	tb.Helper()
	cite := []history.Citation{{Source: "source/essay", Locator: "¶9"}}
	date := func(s string) history.Date { return history.MustParseDate(s) }
	on := func(s string) *history.DatedFact { return &history.DatedFact{Date: date(s), Citations: cite} }
	at := func(id history.ID) *history.Link { return &history.Link{Target: id, Citations: cite} }
	part := func(id history.ID, r history.Role) history.Participation {
		return history.Participation{Entity: id, Role: r, Citations: cite}
	}
	rel := func(id, subj history.ID, t history.RelationType, obj history.ID, start, end string) history.Relation {
		r := history.Relation{ID: id, Subject: subj, Type: t, Object: obj, Citations: cite}
		if start != "" {
			r.Start = on(start)
		}
		if end != "" {
			r.End = on(end)
		}
		return r
	}
	person := func(id history.ID, name string) history.Entity {
		return history.Entity{ID: id, Kind: history.KindPerson, Name: name, Citations: cite}
	}
	ds := &history.Dataset{
		Sources: []history.Source{{ID: "source/essay", Title: "Special treatment in Stalin's Gulag", Kind: history.SourceOpinionEssay}},
		Entities: []history.Entity{
			person(stalin, "Joseph Stalin"),
			person(yezhov, "Nikolai Yezhov"),
			person(beria, "Lavrentiy Beria"),
			person(yagoda, "Genrikh Yagoda"),
			{ID: nkvd, Kind: history.KindGroup, Type: "police", Name: "NKVD", Citations: cite},
			{ID: party, Kind: history.KindGroup, Type: "party", Name: "All-Union Communist Party (Bolsheviks)", Citations: cite},
			{ID: moscow, Kind: history.KindPlace, Type: "city", Name: "Moscow", Citations: cite},
		},
		Events: []history.Event{
			{
				ID: yezhovAppt, Name: "Yezhov appointed head of the NKVD", Type: "appointment", Date: on("1936-09-26"),
				Place:        at(moscow),
				Participants: []history.Participation{part(stalin, history.RoleOrdered), part(yezhov, history.RoleAppointee)},
				Citations:    cite,
			},
			{
				ID: beriaAppt, Name: "Beria appointed head of the NKVD", Type: "appointment", Date: on("1938-11-25"),
				Place:        at(moscow),
				Participants: []history.Participation{part(stalin, history.RoleOrdered), part(beria, history.RoleAppointee)},
				Causes:       []history.Link{*at(greatTerror)},
				Citations:    cite,
			},
			{
				ID: greatTerror, Name: "Great Terror", Type: "purge", Date: on("1936/1938"),
				Participants: []history.Participation{part(stalin, history.RoleOrdered), part(yezhov, history.RoleCarriedOut), part(nkvd, history.RoleCarriedOut)},
				Citations:    cite,
			},
		},
		Relations: []history.Relation{
			rel("relation/yagoda-led-nkvd", yagoda, history.RelLed, nkvd, "1934-07-10", "1936-09-26"),
			rel("relation/yezhov-led-nkvd", yezhov, history.RelLed, nkvd, "1936-09-26", "1938-11-25"),
			rel("relation/beria-led-nkvd", beria, history.RelLed, nkvd, "1938-11-25", "1945-12-29"),
			rel("relation/beria-deputy-of-yezhov", beria, history.RelDeputyOf, yezhov, "1938", "1939"),
			rel("relation/stalin-member-of-vkpb", stalin, history.RelMemberOf, party, "1912", ""),
			rel("relation/yezhov-member-of-vkpb", yezhov, history.RelMemberOf, party, "1917", "1939"),
			rel("relation/beria-member-of-vkpb", beria, history.RelMemberOf, party, "1917", "1953"),
		},
	}
	if ps := history.Validate(ds); len(ps) > 0 {
		tb.Fatalf("fixture is invalid:\n%v", ps)
	}
	return ds
}

func ids(s ...history.ID) []history.ID { return s }
