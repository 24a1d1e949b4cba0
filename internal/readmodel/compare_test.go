package readmodel

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/memoria-history/memoria/internal/catalog"
	"github.com/memoria-history/memoria/internal/graph"
	"github.com/memoria-history/memoria/internal/history"
)

// compareViews asks got and want the same questions and reports the
// first answers that differ.
func compareViews(t *testing.T, got, want Data, ids []history.ID, r *rand.Rand) {
	t.Helper()
	ids = append(ids, "person/nobody", "source/none")
	compareRecords(t, got.Records, want.Records, ids, r)
	compareGraph(t, got.Graph, want.Graph, ids, want, r)
	compareSearch(t, got, want, ids, r)
}

// same reports a difference between two answers to one question.
func same(t *testing.T, question string, got, want any) bool {
	t.Helper()
	if reflect.DeepEqual(got, want) {
		return true
	}
	t.Errorf("%s:\n got  %s\n want %s", question, clip(fmt.Sprintf("%+v", got)), clip(fmt.Sprintf("%+v", want)))
	return false
}

func clip(s string) string {
	if len(s) > 2000 {
		return s[:2000] + "..."
	}
	return s
}

func compareRecords(t *testing.T, got, want *catalog.Catalog, ids []history.ID, r *rand.Rand) {
	t.Helper()
	for _, id := range ids {
		ok := same(t, "Entity("+string(id)+")", found(got.Entity(id)), found(want.Entity(id))) &&
			same(t, "Event("+string(id)+")", found(got.Event(id)), found(want.Event(id))) &&
			same(t, "Source("+string(id)+")", found(got.Source(id)), found(want.Source(id))) &&
			same(t, "Claim("+string(id)+")", found(got.Claim(id)), found(want.Claim(id))) &&
			same(t, "Relation("+string(id)+")", found(got.Relation(id)), found(want.Relation(id))) &&
			same(t, "Name("+string(id)+")", got.Name(id), want.Name(id)) &&
			same(t, "Supports("+string(id)+")", got.Supports(id), want.Supports(id)) &&
			same(t, "SubEvents("+string(id)+")", got.SubEvents(id), want.SubEvents(id)) &&
			same(t, "Relations("+string(id)+")", relationIDs(got.Relations(id)), relationIDs(want.Relations(id))) &&
			same(t, "Participations("+string(id)+")", parts(got.Participations(id)), parts(want.Participations(id))) &&
			same(t, "Claims("+string(id)+")", claimIDs(got.Claims(id, "")), claimIDs(want.Claims(id, ""))) &&
			same(t, "Claims("+string(id)+", deaths)", claimIDs(got.Claims(id, "deaths")), claimIDs(want.Claims(id, "deaths"))) &&
			same(t, "Disputes("+string(id)+")", got.Disputes(id), want.Disputes(id)) &&
			same(t, "Causes("+string(id)+")", got.Causes(id), want.Causes(id)) &&
			same(t, "Consequences("+string(id)+")", got.Consequences(id), want.Consequences(id)) &&
			sameEnd(t, got, want, id)
		if !ok {
			return
		}
	}
	for _, k := range history.Kinds() {
		if !same(t, "IDs("+string(k)+")", got.IDs(k), want.IDs(k)) {
			return
		}
	}
	same(t, "Sources()", sourceIDs(got.Sources()), sourceIDs(want.Sources()))
	same(t, "Claims()", claimIDs(got.Claims("", "")), claimIDs(want.Claims("", "")))
	same(t, "Claims(prisoners)", claimIDs(got.Claims("", "prisoners")), claimIDs(want.Claims("", "prisoners")))
	windows := []string{"", "1900/1930", "1935", "1950/..", "../1910", "1937-06", "1920/1925"}
	for range 6 {
		y := 1895 + r.IntN(70)
		windows = append(windows, fmt.Sprintf("%d/%d", y, y+r.IntN(10)))
	}
	for _, w := range windows {
		window := history.Date{}
		if w != "" {
			window = history.MustParseDate(w)
		}
		for _, first := range []int{0, 3} {
			involving := []history.ID(nil)
			if first == 3 {
				involving = []history.ID{ids[r.IntN(len(ids))], ids[r.IntN(len(ids))]}
			}
			for _, inv := range [][]history.ID{nil, involving} {
				q := fmt.Sprintf("Timeline(%q, %v, %d)", w, inv, first)
				if !same(t, q, eventIDs(got.Timeline(window, inv, first)), eventIDs(want.Timeline(window, inv, first))) {
					return
				}
			}
		}
	}
}

// sameEnd compares when relation id ends and the time it can hold.
func sameEnd(t *testing.T, got, want *catalog.Catalog, id history.ID) bool {
	t.Helper()
	g, gok := got.Relation(id)
	w, wok := want.Relation(id)
	if !gok || !wok {
		return true // Relation(id) compared them
	}
	return same(t, "RelationEnd("+string(id)+")", got.RelationEnd(g), want.RelationEnd(w)) &&
		same(t, "RelationSpan("+string(id)+")", got.RelationSpan(g), want.RelationSpan(w))
}

func found[T any](r *T, ok bool) any {
	if !ok {
		return nil
	}
	return *r
}

// idsOf lists the ids of records, in their order.
func idsOf[T any](rs []*T, id func(*T) history.ID) []history.ID {
	var out []history.ID
	for _, r := range rs {
		out = append(out, id(r))
	}
	return out
}

func relationIDs(rs []*history.Relation) []history.ID {
	return idsOf(rs, func(r *history.Relation) history.ID { return r.ID })
}

func claimIDs(cs []*history.Claim) []history.ID {
	return idsOf(cs, func(c *history.Claim) history.ID { return c.ID })
}

func sourceIDs(ss []*history.Source) []history.ID {
	return idsOf(ss, func(s *history.Source) history.ID { return s.ID })
}

func eventIDs(es []*history.Event) []history.ID {
	return idsOf(es, func(e *history.Event) history.ID { return e.ID })
}

func parts(ps []catalog.Participation) []string {
	var out []string
	for _, p := range ps {
		out = append(out, fmt.Sprintf("%s#%d:%s", p.Event.ID, p.Index, p.Part().Role))
	}
	return out
}

// filters are the filters the graph questions are asked with.
func filters(ids []history.ID, r *rand.Rand) []graph.Filter {
	src := history.ID("source/none")
	for _, id := range ids {
		if id.Kind() == history.KindSource && r.IntN(3) == 0 {
			src = id
		}
	}
	return []graph.Filter{
		{},
		{During: history.MustParseDate("1930/1940")},
		{Labels: []string{"member-of", "led", graph.LabelParticipant}},
		{Kinds: []history.Kind{history.KindPerson, history.KindEvent}},
		{Direction: graph.Outgoing},
		{Source: src},
	}
}

func compareGraph(t *testing.T, got, want *graph.Index, ids []history.ID, wd Data, r *rand.Rand) {
	t.Helper()
	ctx := context.Background()
	gn, ge := got.Len()
	wn, we := want.Len()
	if !same(t, "Len()", [2]int{gn, ge}, [2]int{wn, we}) {
		return
	}
	fs := filters(ids, r)
	var nodes []history.ID
	for _, id := range ids {
		if !same(t, "Has("+string(id)+")", got.Has(id), want.Has(id)) {
			return
		}
		if want.Has(id) {
			nodes = append(nodes, id)
		}
		for _, f := range fs[:3] {
			g, gerr := got.Edges(id, f)
			w, werr := want.Edges(id, f)
			if !same(t, fmt.Sprintf("Edges(%s, %+v)", id, f), answer(g, gerr), answer(w, werr)) {
				return
			}
		}
	}
	if len(nodes) < 2 {
		return
	}
	pick := func() history.ID {
		if r.IntN(20) == 0 {
			return ids[r.IntN(len(ids))] // now and then one that is not a node
		}
		return nodes[r.IntN(len(nodes))]
	}
	for range 60 {
		a, b, f := pick(), pick(), fs[r.IntN(len(fs))]
		q := fmt.Sprintf("(%s, %s, %+v)", a, b, f)
		gp, gok, gerr := got.ShortestPath(ctx, a, b, 6, f)
		wp, wok, werr := want.ShortestPath(ctx, a, b, 6, f)
		if !same(t, "ShortestPath"+q, answer([]any{gp, gok}, gerr), answer([]any{wp, wok}, werr)) {
			return
		}
		gk, gerr := got.KShortestPaths(ctx, a, b, 5, 3, f)
		wk, werr := want.KShortestPaths(ctx, a, b, 5, 3, f)
		if !same(t, "KShortestPaths"+q, answer(gk, gerr), answer(wk, werr)) {
			return
		}
		gs, gerr := got.Neighborhood(ctx, a, 2, 40, f)
		ws, werr := want.Neighborhood(ctx, a, 2, 40, f)
		if !same(t, "Neighborhood"+q, answer(gs, gerr), answer(ws, werr)) {
			return
		}
		gc, gerr := got.Common(ctx, a, b, f)
		wc, werr := want.Common(ctx, a, b, f)
		if !same(t, "Common"+q, answer(gc, gerr), answer(wc, werr)) {
			return
		}
	}
	for _, s := range []graph.Selection{
		{},
		{Filter: fs[5]},
		{Filter: fs[1], Limit: 30},
		{Around: []history.ID{pick(), pick()}, Hops: 2, Filter: fs[3]},
		{From: pick(), To: pick(), MaxHops: 5, Paths: 3},
	} {
		if !same(t, fmt.Sprintf("Select(%+v)", s), selected(got.Select(ctx, s)), selected(want.Select(ctx, s))) {
			return
		}
	}
}

// answer is an answer or its error, compared by message.
func answer(v any, err error) any {
	if err != nil {
		return "error: " + err.Error()
	}
	return v
}

func selected(p graph.Part, err error) any {
	if err != nil {
		return "error: " + err.Error()
	}
	var nodes []history.ID
	for id := range p.Nodes() {
		nodes = append(nodes, id)
	}
	var edges []graph.Edge
	for e := range p.Edges() {
		edges = append(edges, e)
	}
	return []any{nodes, edges, p.Truncated}
}

func compareSearch(t *testing.T, got, want Data, ids []history.ID, r *rand.Rand) {
	t.Helper()
	ctx := context.Background()
	var names []string
	for _, id := range ids {
		if e, ok := got.Records.Entity(id); ok {
			names = append(names, e.Name)
			for _, n := range e.Names {
				names = append(names, n.Text)
			}
		}
		if e, ok := want.Records.Entity(id); ok {
			names = append(names, e.Name)
		}
		// The words of a type find what has it.
		if e, ok := got.Records.Entity(id); ok && e.Type != "" {
			names = append(names, e.Type)
		}
		if e, ok := got.Records.Event(id); ok && e.Type != "" {
			names = append(names, e.Type)
		}
	}
	if len(names) == 0 {
		return
	}
	for range 150 {
		name := names[r.IntN(len(names))]
		words := strings.Fields(name)
		if len(words) == 0 {
			continue
		}
		w := words[r.IntN(len(words))]
		var q string
		switch r.IntN(5) {
		case 0:
			q = name
		case 1:
			q = w
		case 2:
			q = string([]rune(w)[:min(len([]rune(w)), 3+r.IntN(2))])
		case 3:
			rs := []rune(strings.ToLower(w))
			rs[r.IntN(len(rs))] = rune('a' + r.IntN(26))
			q = string(rs)
		default:
			q = w + " " + words[0]
		}
		var kinds []history.Kind
		if r.IntN(4) == 0 {
			kinds = []history.Kind{history.KindPerson}
		}
		first := []int{1, 5, 20}[r.IntN(3)]
		if !same(t, fmt.Sprintf("Search(%q, %v, %d)", q, kinds, first), got.Search.Search(ctx, q, kinds, first), want.Search.Search(ctx, q, kinds, first)) {
			return
		}
	}
}
