package catalog

import (
	"reflect"
	"testing"

	"github.com/memoria-history/memoria/internal/history"
)

func cite(src, loc string) []history.Citation {
	return []history.Citation{{Source: history.ID(src), Locator: loc}}
}

func event(id, date string, who ...history.ID) history.Event {
	e := history.Event{ID: history.ID(id), Name: id, Type: "test", Citations: cite("source/a", "¶1")}
	if date != "" {
		e.Date = &history.DatedFact{Date: history.MustParseDate(date), Citations: cite("source/a", "¶1")}
	}
	for _, w := range who {
		e.Participants = append(e.Participants, history.Participation{Entity: w, Role: history.RoleVictim, Citations: cite("source/b", "p. 2")})
	}
	return e
}

func testCatalog() *Catalog {
	v := func(f float64) *float64 { return &f }
	return New(&history.Dataset{
		Sources: []history.Source{{ID: "source/b", Title: "B"}, {ID: "source/a", Title: "A"}},
		Entities: []history.Entity{
			{ID: "person/zed", Kind: history.KindPerson, Name: "zed", Citations: cite("source/a", "¶1")},
			{ID: "person/abe", Kind: history.KindPerson, Name: "Abe", Citations: cite("source/a", "¶2")},
		},
		Events: []history.Event{
			event("event/undated", "", "person/abe"),
			event("event/late", "1941-06-22", "person/zed"),
			event("event/uncertain", "1923-05?", "person/abe"),
			event("event/span", "1934/1938", "person/abe", "person/zed"),
			event("event/early", "1923-03-10"),
		},
		Claims: []history.Claim{
			{ID: "claim/x", Subject: "person/abe", Property: "deaths", Unit: "people", Quantity: &history.Quantity{Value: v(1)}, Citations: cite("source/a", "¶3")},
			{ID: "claim/y", Subject: "person/abe", Property: "deaths", Unit: "people", Quantity: &history.Quantity{Value: v(5)}, Citations: cite("source/b", "p. 9")},
		},
	})
}

func ids(es []*history.Event) []history.ID {
	out := []history.ID{}
	for _, e := range es {
		out = append(out, e.ID)
	}
	return out
}

func TestTimeline(t *testing.T) {
	c := testCatalog()
	tests := []struct {
		name      string
		window    string
		involving []history.ID
		first     int
		want      []history.ID
	}{
		{name: "all dated events in time order", want: []history.ID{"event/early", "event/uncertain", "event/span", "event/late"}},
		{name: "window", window: "1930/1940", want: []history.ID{"event/span"}},
		{name: "window touching an interval", window: "1938-12", want: []history.ID{"event/span"}},
		{name: "open window", window: "1935/..", want: []history.ID{"event/span", "event/late"}},
		{name: "involving", involving: []history.ID{"person/abe"}, want: []history.ID{"event/uncertain", "event/span"}},
		{name: "involving and window", window: "1940/1945", involving: []history.ID{"person/abe", "person/zed"}, want: []history.ID{"event/late"}},
		{name: "first", first: 2, want: []history.ID{"event/early", "event/uncertain"}},
		{name: "nothing", window: "1800", want: []history.ID{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ids(c.Timeline(history.MustParseDate(tt.window), tt.involving, tt.first))
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Timeline = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestLookups(t *testing.T) {
	c := testCatalog()
	if got, want := c.IDs(history.KindPerson), []history.ID{"person/abe", "person/zed"}; !reflect.DeepEqual(got, want) {
		t.Errorf("IDs(person) = %v, want %v (name order, case-insensitive)", got, want)
	}
	if got, want := c.Disputes("claim/x"), []history.ID{"claim/y"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Disputes(claim/x) = %v, want %v", got, want)
	}
	if got := c.Supports("source/b"); got.Statements != 6 || !reflect.DeepEqual(got.Claims, []history.ID{"claim/y"}) {
		t.Errorf("Supports(source/b) = %+v, want 6 statements (5 participations, 1 claim) and claim/y", got)
	}
	if got := ids(func() []*history.Event {
		var es []*history.Event
		for _, p := range c.Participations("person/zed") {
			es = append(es, p.Event)
		}
		return es
	}()); !reflect.DeepEqual(got, []history.ID{"event/span", "event/late"}) {
		t.Errorf("Participations(person/zed) = %v, want time order", got)
	}
	if got := c.Sources(); got[0].ID != "source/a" {
		t.Errorf("Sources()[0] = %s, want source/a (id order)", got[0].ID)
	}
}

// TestTimelineSkipsWhatEndsBefore checks the skip over events that end
// before a window: an early event that lasts into the window stays, short
// ones around it go.
func TestTimelineSkipsWhatEndsBefore(t *testing.T) {
	c := New(&history.Dataset{
		Entities: []history.Entity{{ID: "person/abe", Kind: history.KindPerson, Name: "Abe", Citations: cite("source/a", "¶2")}},
		Events: []history.Event{
			event("event/short-1", "1921", "person/abe"),
			event("event/long", "1922/1950", "person/abe"),
			event("event/short-2", "1925-04", "person/abe"),
			event("event/short-3", "1930", "person/abe"),
			event("event/inside", "1945-05-09", "person/abe"),
		},
	})
	tests := []struct {
		window string
		want   []history.ID
	}{
		{"1940/1946", []history.ID{"event/long", "event/inside"}},
		{"1925", []history.ID{"event/long", "event/short-2"}},
		{"1951/..", []history.ID{}},
		{"1900/1921-06", []history.ID{"event/short-1"}},
	}
	for _, tt := range tests {
		t.Run(tt.window, func(t *testing.T) {
			if got := ids(c.Timeline(history.MustParseDate(tt.window), nil, 0)); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Timeline(%s) = %v, want %v", tt.window, got, tt.want)
			}
		})
	}
}

func TestParticipationsPointIntoTheirEvents(t *testing.T) {
	c := testCatalog()
	type at struct {
		event history.ID
		index int
	}
	tests := []struct {
		name   string
		entity history.ID
		want   []at
	}{
		{"second participant of a shared event", "person/zed", []at{{"event/span", 1}, {"event/late", 0}}},
		{"first participant, undated last", "person/abe", []at{{"event/uncertain", 0}, {"event/span", 0}, {"event/undated", 0}}},
		{"no events", "person/nobody", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []at
			for _, p := range c.Participations(tt.entity) {
				got = append(got, at{p.Event.ID, p.Index})
				if part := p.Part(); part.Entity != tt.entity || part.Role != history.RoleVictim {
					t.Errorf("Part() of %s in %s = %s as %s, want %s as victim", tt.entity, p.Event.ID, part.Entity, part.Role, tt.entity)
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Participations(%s) = %v, want %v", tt.entity, got, tt.want)
			}
		})
	}
}

func TestSupportListsAClaimOnce(t *testing.T) {
	ds := &history.Dataset{
		Sources: []history.Source{{ID: "source/a"}, {ID: "source/b"}},
		Claims: []history.Claim{
			{ID: "claim/2", Citations: []history.Citation{{Source: "source/a", Locator: "p. 1"}, {Source: "source/b"}, {Source: "source/a", Locator: "p. 9"}}},
			{ID: "claim/1", Citations: []history.Citation{{Source: "source/a"}}},
			{ID: "claim/3", Citations: []history.Citation{{Source: "source/b"}, {Source: "source/b", Locator: "n. 4"}}},
		},
	}
	c := New(ds)
	for _, tt := range []struct {
		source history.ID
		want   []history.ID
	}{
		{"source/a", []history.ID{"claim/1", "claim/2"}},
		{"source/b", []history.ID{"claim/2", "claim/3"}},
	} {
		if got := c.Supports(tt.source).Claims; !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Supports(%s).Claims = %v, want %v", tt.source, got, tt.want)
		}
	}
}

// TestListsInTimeOrder: the lists filed as the events are indexed come out
// in time order whatever the order of the dataset, an entity's parts in
// one event by role.
func TestListsInTimeOrder(t *testing.T) {
	twice := event("event/twice", "1930", "person/abe", "person/abe", "place/here")
	twice.Participants[0].Role = history.RoleVictim
	twice.Participants[1].Role = history.RoleCarriedOut
	twice.Place = &history.Link{Target: "place/here", Citations: cite("source/a", "¶4")}
	twice.Participants[2].Role = history.RoleWitness
	child := func(id, date string) history.Event {
		e := event(id, date)
		e.Parent = &history.Link{Target: "event/whole", Citations: cite("source/a", "¶5")}
		return e
	}
	c := New(&history.Dataset{
		Entities: []history.Entity{
			{ID: "person/abe", Kind: history.KindPerson, Name: "Abe", Citations: cite("source/a", "¶2")},
			{ID: "place/here", Kind: history.KindPlace, Name: "Here", Citations: cite("source/a", "¶2")},
		},
		Events: []history.Event{
			event("event/whole", "1920/1940"), child("event/c-undated", ""), child("event/c-late", "1939"),
			event("event/later", "1935", "person/abe"), twice, child("event/c-early", "1921"),
			event("event/earlier", "1925", "person/abe"),
		},
	})
	type at struct {
		event history.ID
		role  history.Role
	}
	var got []at
	for _, p := range c.Participations("person/abe") {
		got = append(got, at{p.Event.ID, p.Role()})
	}
	want := []at{{"event/earlier", history.RoleVictim}, {"event/twice", history.RoleCarriedOut}, {"event/twice", history.RoleVictim}, {"event/later", history.RoleVictim}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Participations(person/abe) = %v, want %v", got, want)
	}
	got = nil
	for _, p := range c.Participations("place/here") {
		got = append(got, at{p.Event.ID, p.Role()})
	}
	if want := []at{{"event/twice", history.RoleLocation}, {"event/twice", history.RoleWitness}}; !reflect.DeepEqual(got, want) {
		t.Errorf("Participations(place/here) = %v, want %v", got, want)
	}
	if got, want := c.SubEvents("event/whole"), []history.ID{"event/c-early", "event/c-late", "event/c-undated"}; !reflect.DeepEqual(got, want) {
		t.Errorf("SubEvents(event/whole) = %v, want %v", got, want)
	}
}

// TestNewInOrder: a catalog given its name order lists the ids as one that
// sorted them; an order that does not fit the dataset is ignored.
func TestNewInOrder(t *testing.T) {
	ds := &history.Dataset{
		Entities: []history.Entity{
			{ID: "person/zed", Kind: history.KindPerson, Name: "zed", Citations: cite("source/a", "¶1")},
			{ID: "place/b", Kind: history.KindPlace, Name: "B", Citations: cite("source/a", "¶1")},
			{ID: "person/abe", Kind: history.KindPerson, Name: "Abe", Citations: cite("source/a", "¶2")},
			{ID: "person/abe-2", Kind: history.KindPerson, Name: "abe", Citations: cite("source/a", "¶2")},
		},
		Events: []history.Event{event("event/y", "1930"), event("event/x", "1931")},
	}
	order := NameOrder(ds)
	if want := []uint32{2, 3, 1, 5, 4, 0}; !reflect.DeepEqual(order, want) {
		t.Errorf("NameOrder = %v, want %v", order, want)
	}
	want := map[history.Kind][]history.ID{
		history.KindPerson: {"person/abe", "person/abe-2", "person/zed"},
		history.KindPlace:  {"place/b"},
		history.KindEvent:  {"event/x", "event/y"},
	}
	for name, order := range map[string][]uint32{
		"its own": order, "none": nil, "too short": order[1:], "twice one": {2, 2, 1, 5, 4, 0}, "out of range": {2, 3, 1, 5, 4, 6},
	} {
		c := NewInOrder(ds, order)
		for kind, ids := range want {
			if got := c.IDs(kind); !reflect.DeepEqual(got, ids) {
				t.Errorf("order %s: IDs(%s) = %v, want %v", name, kind, got, ids)
			}
		}
	}
}
