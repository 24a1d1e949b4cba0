package graph

import (
	"cmp"
	"slices"

	"github.com/memoria-history/memoria/internal/history"
)

// reference answers path questions the slow, obvious way, from the
// dataset's statements rather than from the index, so that the index can
// be checked against it.
type reference struct {
	kinds map[history.ID]history.Kind
	edges []Edge
}

func newReference(ds *history.Dataset) *reference {
	r := &reference{kinds: map[history.ID]history.Kind{}}
	for _, e := range ds.Entities {
		r.kinds[e.ID] = e.Kind
	}
	for _, e := range ds.Events {
		r.kinds[e.ID] = history.KindEvent
	}
	add := func(from, to history.ID, label string, role history.Role, t history.Date) {
		r.edges = append(r.edges, Edge{From: from, To: to, Label: label, Role: role, Time: t})
	}
	// A lasting relation without an end ends with the first of its
	// parties to die or end.
	ended := map[history.ID]*history.Entity{}
	for i, e := range ds.Entities {
		if e.Ending() != nil {
			ended[e.ID] = &ds.Entities[i]
		}
	}
	for i := range ds.Relations {
		rel := &ds.Relations[i]
		end := history.EndOf(rel, ended[rel.Subject], ended[rel.Object])
		add(rel.Subject, rel.Object, string(rel.Type), "", history.Span(rel.Start.When(), end.Fact.When()))
	}
	// A cause stated by both events is one edge.
	causes := map[[2]history.ID]bool{}
	for _, e := range ds.Events {
		for _, l := range e.Causes {
			causes[[2]history.ID{l.Target, e.ID}] = true
		}
	}
	for _, e := range ds.Events {
		var d history.Date
		if e.Date != nil {
			d = e.Date.Date
		}
		for _, p := range e.Participants {
			add(p.Entity, e.ID, LabelParticipant, p.Role, d)
		}
		if e.Place != nil {
			add(e.ID, e.Place.Target, LabelPlace, "", d)
		}
		if e.Parent != nil {
			add(e.ID, e.Parent.Target, LabelPartOf, "", d)
		}
		for _, l := range e.Causes {
			add(l.Target, e.ID, LabelCaused, "", d)
		}
		for _, l := range e.Consequences {
			if !causes[[2]history.ID{e.ID, l.Target}] {
				add(e.ID, l.Target, LabelCaused, "", d)
			}
		}
	}
	return r
}

// neighbours returns the nodes u may step to under f, sorted by id.
func (r *reference) neighbours(u, from, to history.ID, f Filter) []history.ID {
	var out []history.ID
	for _, e := range r.edges {
		var v history.ID
		var forward bool
		switch u {
		case e.From:
			v, forward = e.To, true
		case e.To:
			v, forward = e.From, false
		default:
			continue
		}
		if !edgePasses(e, forward, f) {
			continue
		}
		if len(f.Kinds) > 0 && v != from && v != to && !slices.Contains(f.Kinds, r.kinds[v]) {
			continue
		}
		out = append(out, v)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// shortestPath is breadth-first search from one end, neighbours in id
// order, parent the first node to reach a node.
func (r *reference) shortestPath(from, to history.ID, maxHops int, f Filter) []history.ID {
	parent := map[history.ID]history.ID{from: ""}
	level := []history.ID{from}
	for hop := 0; ; hop++ {
		if _, ok := parent[to]; ok {
			var p []history.ID
			for v := to; v != ""; v = parent[v] {
				p = append(p, v)
			}
			slices.Reverse(p)
			return p
		}
		if hop == maxHops || len(level) == 0 {
			return nil
		}
		var next []history.ID
		for _, u := range level {
			for _, v := range r.neighbours(u, from, to, f) {
				if _, seen := parent[v]; !seen {
					parent[v] = u
					next = append(next, v)
				}
			}
		}
		level = next
	}
}

// simplePaths returns every path without repeated nodes of at most maxHops
// steps, by length and then by id order of the nodes.
func (r *reference) simplePaths(from, to history.ID, maxHops int, f Filter) [][]history.ID {
	var out [][]history.ID
	path := []history.ID{from}
	var walk func(u history.ID)
	walk = func(u history.ID) {
		if u == to {
			out = append(out, slices.Clone(path))
			return
		}
		if len(path)-1 == maxHops {
			return
		}
		for _, v := range r.neighbours(u, from, to, f) {
			if !slices.Contains(path, v) {
				path = append(path, v)
				walk(v)
				path = path[:len(path)-1]
			}
		}
	}
	walk(from)
	slices.SortFunc(out, func(a, b []history.ID) int {
		return cmp.Or(cmp.Compare(len(a), len(b)), slices.Compare(a, b))
	})
	return out
}
