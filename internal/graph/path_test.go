package graph

import (
	"context"
	"math"
	"reflect"
	"slices"
	"testing"

	"github.com/memoria-history/memoria/internal/history"
)

func TestShortestPath(t *testing.T) {
	ix := Build(fixture(t))
	during := history.MustParseDate
	tests := []struct {
		name     string
		from, to history.ID
		maxHops  int
		f        Filter
		want     []history.ID // nil: no path
	}{
		{"through a shared event, first in id order", stalin, yezhov, 6, Filter{}, ids(stalin, greatTerror, yezhov)},
		{"same node", stalin, stalin, 6, Filter{}, ids(stalin)},
		{"direct relation", beria, yezhov, 6, Filter{}, ids(beria, yezhov)},
		{"during the relation keeps it", beria, yezhov, 6, Filter{During: during("1938-09")}, ids(beria, yezhov)},
		{"during before the relation forces a longer path", beria, yezhov, 6, Filter{During: during("1935")}, ids(beria, party, yezhov)},
		{"during before everything leaves none", beria, yezhov, 6, Filter{During: during("1900")}, nil},
		{"event on the day during keeps it", stalin, yezhov, 6, Filter{During: during("1936-09-26"), Labels: []string{"ordered", "appointee"}}, ids(stalin, yezhovAppt, yezhov)},
		{"event outside during drops it", stalin, yezhov, 6, Filter{During: during("1937"), Labels: []string{"ordered", "appointee"}}, nil},
		{"labels: roles select the appointment", stalin, yezhov, 6, Filter{Labels: []string{"ordered", "appointee"}}, ids(stalin, yezhovAppt, yezhov)},
		{"labels: relation type", stalin, yezhov, 6, Filter{Labels: []string{"member-of"}}, ids(stalin, party, yezhov)},
		{"labels: none connect", stalin, yezhov, 6, Filter{Labels: []string{"led"}}, nil},
		{"labels: caused and participant", stalin, beria, 6, Filter{Labels: []string{"caused", "participant"}}, ids(stalin, beriaAppt, beria)},
		{"kinds: only people and groups between", stalin, yezhov, 6, Filter{Kinds: []history.Kind{history.KindGroup}}, ids(stalin, party, yezhov)},
		{"kinds: endpoints always kept", beria, yezhov, 6, Filter{Kinds: []history.Kind{history.KindPlace}}, ids(beria, yezhov)},
		{"outgoing follows edge direction", beria, yezhov, 6, Filter{Direction: Outgoing}, ids(beria, yezhov)},
		{"outgoing finds no way back", yezhov, beria, 6, Filter{Direction: Outgoing}, nil},
		{"incoming walks edges backwards", yezhov, beria, 6, Filter{Direction: Incoming}, ids(yezhov, beria)},
		{"maxHops too small", yagoda, stalin, 2, Filter{}, nil},
		{"maxHops just enough", yagoda, stalin, 3, Filter{}, ids(yagoda, nkvd, greatTerror, stalin)},
		{"maxHops zero", stalin, yezhov, 0, Filter{}, nil},
		{"absurd maxHops", yagoda, moscow, math.MaxInt, Filter{}, ids(yagoda, nkvd, greatTerror, beriaAppt, moscow)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, ok, err := ix.ShortestPath(context.Background(), tt.from, tt.to, tt.maxHops, tt.f)
			if err != nil {
				t.Fatalf("ShortestPath: %v", err)
			}
			if ok != (tt.want != nil) {
				t.Fatalf("found = %v, want %v (path %v)", ok, tt.want != nil, p.Nodes)
			}
			if !slices.Equal(p.Nodes, tt.want) {
				t.Errorf("nodes\ngot  %v\nwant %v", p.Nodes, tt.want)
			}
			checkPath(t, p, tt.from, tt.to, tt.f)
		})
	}
}

// checkPath checks that a path's steps chain its nodes, that each step
// crosses its edge the way Forward says, and that every edge passes f.
func checkPath(tb testing.TB, p Path, from, to history.ID, f Filter) {
	tb.Helper()
	if len(p.Nodes) == 0 {
		return
	}
	if len(p.Steps) != len(p.Nodes)-1 {
		tb.Fatalf("%d steps for %d nodes", len(p.Steps), len(p.Nodes))
	}
	if p.Nodes[0] != from || p.Nodes[len(p.Nodes)-1] != to {
		tb.Errorf("path runs %s to %s, want %s to %s", p.Nodes[0], p.Nodes[len(p.Nodes)-1], from, to)
	}
	seen := map[history.ID]bool{}
	for _, n := range p.Nodes {
		if seen[n] {
			tb.Errorf("path %v repeats %s", p.Nodes, n)
		}
		seen[n] = true
	}
	for i, s := range p.Steps {
		if s.From != p.Nodes[i] || s.To != p.Nodes[i+1] {
			tb.Errorf("step %d runs %s to %s, want %s to %s", i, s.From, s.To, p.Nodes[i], p.Nodes[i+1])
		}
		from, to := s.Edge.From, s.Edge.To
		if !s.Forward {
			from, to = to, from
		}
		if from != s.From || to != s.To {
			tb.Errorf("step %d (forward %v) crosses edge %s->%s between %s and %s", i, s.Forward, s.Edge.From, s.Edge.To, s.From, s.To)
		}
		if !edgePasses(s.Edge, s.Forward, f) {
			tb.Errorf("step %d crosses edge %+v, which the filter excludes", i, s.Edge)
		}
	}
}

// edgePasses is the filter's rule for an edge, written from its
// documentation rather than from the index's code.
func edgePasses(e Edge, forward bool, f Filter) bool {
	if !f.During.IsZero() && !e.Time.Overlaps(f.During) {
		return false
	}
	if len(f.Labels) > 0 && !slices.Contains(f.Labels, e.Label) && (e.Role == "" || !slices.Contains(f.Labels, string(e.Role))) {
		return false
	}
	switch f.Direction {
	case Outgoing:
		return forward
	case Incoming:
		return !forward
	}
	return true
}

func TestShortestPathSteps(t *testing.T) {
	ix := Build(fixture(t))
	p, ok, err := ix.ShortestPath(context.Background(), stalin, yezhov, 4, Filter{Labels: []string{"appointee", "ordered"}})
	if err != nil || !ok {
		t.Fatalf("ShortestPath: found %v, %v", ok, err)
	}
	want := []Step{
		{From: stalin, To: yezhovAppt, Forward: true, Edge: Edge{
			From: stalin, To: yezhovAppt, Label: LabelParticipant, Role: history.RoleOrdered,
			Statement: "event/yezhov-appointment#participant/person/joseph-stalin/ordered",
		}},
		{From: yezhovAppt, To: yezhov, Forward: false, Edge: Edge{
			From: yezhov, To: yezhovAppt, Label: LabelParticipant, Role: history.RoleAppointee,
			Statement: "event/yezhov-appointment#participant/person/nikolai-yezhov/appointee",
		}},
	}
	if len(p.Steps) != len(want) {
		t.Fatalf("got %d steps, want %d", len(p.Steps), len(want))
	}
	for i, s := range p.Steps {
		w := want[i]
		got := s
		got.Edge.Time, got.Edge.TimeCitations, got.Edge.Citations = history.Date{}, nil, nil
		if !reflect.DeepEqual(got, w) {
			t.Errorf("step %d\ngot  %+v\nwant %+v", i, got, w)
		}
		if s.Edge.Time.String() != "1936-09-26" {
			t.Errorf("step %d time = %q, want the event's date 1936-09-26", i, s.Edge.Time)
		}
		if want := []history.Citation{{Source: "source/essay", Locator: "¶9"}}; !reflect.DeepEqual(s.Edge.TimeCitations, want) {
			t.Errorf("step %d time cited %v, want the event date's citations %v", i, s.Edge.TimeCitations, want)
		}
		if len(s.Edge.Citations) != 1 || s.Edge.Citations[0].Source != "source/essay" {
			t.Errorf("step %d citations = %v, want source/essay", i, s.Edge.Citations)
		}
	}
}

func TestEdgeStatementsAndTimes(t *testing.T) {
	ix := Build(fixture(t))
	tests := []struct {
		name      string
		id        history.ID
		f         Filter
		statement history.ID
		time      string
	}{
		{"relation keeps its id and span", beria, Filter{Labels: []string{"deputy-of"}}, "relation/beria-deputy-of-yezhov", "1938/1939"},
		{"open-ended relation", stalin, Filter{Labels: []string{"member-of"}}, "relation/stalin-member-of-vkpb", "1912/.."},
		{"place link", moscow, Filter{Labels: []string{LabelPlace}, During: history.MustParseDate("1936")}, "event/yezhov-appointment#place/place/moscow", "1936-09-26"},
		{"cause link", greatTerror, Filter{Labels: []string{LabelCaused}}, "event/beria-appointment#cause/event/great-terror", "1938-11-25"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			es, err := ix.Edges(tt.id, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			if len(es) != 1 {
				t.Fatalf("got %d edges, want 1: %+v", len(es), es)
			}
			if es[0].Statement != tt.statement || es[0].Time.String() != tt.time {
				t.Errorf("got statement %q time %q, want %q %q", es[0].Statement, es[0].Time, tt.statement, tt.time)
			}
		})
	}
}
