package store

import (
	"cmp"
	"maps"
	"slices"

	"github.com/memoria-history/memoria/internal/history"
)

// canon copies records into the form the store gives them back in: no
// positions, nil for empty lists and maps, Contradicts sorted without
// duplicates; and keeps their content only: no revision, and of a
// retraction its reason and citations. With edtfOnly it also drops the bounds of dates, which are
// derived from the EDTF string, so that two records compare by what was
// written.
type canon struct {
	edtfOnly bool
}

// sortDataset sorts each record list of ds by id.
func sortDataset(ds *history.Dataset) {
	slices.SortStableFunc(ds.Sources, func(a, b history.Source) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortStableFunc(ds.Entities, func(a, b history.Entity) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortStableFunc(ds.Events, func(a, b history.Event) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortStableFunc(ds.Relations, func(a, b history.Relation) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortStableFunc(ds.Claims, func(a, b history.Claim) int { return cmp.Compare(a.ID, b.ID) })
}

// dataset returns a canonical, sorted copy of ds.
func (c canon) dataset(ds *history.Dataset) *history.Dataset {
	out := &history.Dataset{}
	for _, s := range ds.Sources {
		out.Sources = append(out.Sources, c.source(s))
	}
	for _, e := range ds.Entities {
		out.Entities = append(out.Entities, c.entity(e))
	}
	for _, e := range ds.Events {
		out.Events = append(out.Events, c.event(e))
	}
	for _, r := range ds.Relations {
		out.Relations = append(out.Relations, c.relation(r))
	}
	for _, cl := range ds.Claims {
		out.Claims = append(out.Claims, c.claim(cl))
	}
	sortDataset(out)
	return out
}

func (c canon) date(d history.Date) history.Date {
	if c.edtfOnly {
		return history.Date{EDTF: d.EDTF}
	}
	return d
}

func (c canon) cites(cs []history.Citation) []history.Citation {
	if len(cs) == 0 {
		return nil
	}
	return slices.Clone(cs)
}

func (c canon) fact(f *history.DatedFact) *history.DatedFact {
	if f == nil {
		return nil
	}
	return &history.DatedFact{Date: c.date(f.Date), Citations: c.cites(f.Citations)}
}

func (c canon) link(l history.Link) history.Link {
	return history.Link{Target: l.Target, Citations: c.cites(l.Citations)}
}

func (c canon) linkPtr(l *history.Link) *history.Link {
	if l == nil {
		return nil
	}
	out := c.link(*l)
	return &out
}

func (c canon) links(ls []history.Link) []history.Link {
	if len(ls) == 0 {
		return nil
	}
	out := make([]history.Link, len(ls))
	for i, l := range ls {
		out[i] = c.link(l)
	}
	return out
}

func (c canon) names(ns []history.Name) []history.Name {
	if len(ns) == 0 {
		return nil
	}
	out := make([]history.Name, len(ns))
	for i, n := range ns {
		out[i] = history.Name{Text: n.Text, Kind: n.Kind, Lang: n.Lang, Citations: c.cites(n.Citations)}
	}
	return out
}

func (c canon) source(s history.Source) history.Source {
	s.At = history.Position{}
	s.Revision, s.Retracted = 0, c.retracted(s.Retracted)
	s.Published = c.date(s.Published)
	// Where a dataset keeps a source's text is a path among its files,
	// not part of the graph: it is not stored.
	s.Text = ""
	return s
}

func (c canon) entity(e history.Entity) history.Entity {
	e.At = history.Position{}
	e.Revision, e.Retracted = 0, c.retracted(e.Retracted)
	e.Names = c.names(e.Names)
	e.Born, e.Died, e.Date, e.Ended = c.fact(e.Born), c.fact(e.Died), c.fact(e.Date), c.fact(e.Ended)
	e.Citations = c.cites(e.Citations)
	return e
}

func (c canon) event(e history.Event) history.Event {
	e.At = history.Position{}
	e.Revision, e.Retracted = 0, c.retracted(e.Retracted)
	e.Date = c.fact(e.Date)
	e.Place, e.Parent = c.linkPtr(e.Place), c.linkPtr(e.Parent)
	if len(e.Participants) == 0 {
		e.Participants = nil
	} else {
		ps := make([]history.Participation, len(e.Participants))
		for i, p := range e.Participants {
			ps[i] = history.Participation{Entity: p.Entity, Role: p.Role, Citations: c.cites(p.Citations)}
		}
		e.Participants = ps
	}
	e.Causes, e.Consequences = c.links(e.Causes), c.links(e.Consequences)
	e.Names = c.names(e.Names)
	e.Citations = c.cites(e.Citations)
	return e
}

func (c canon) relation(r history.Relation) history.Relation {
	r.At = history.Position{}
	r.Revision, r.Retracted = 0, c.retracted(r.Retracted)
	r.Start, r.End = c.fact(r.Start), c.fact(r.End)
	r.Citations = c.cites(r.Citations)
	return r
}

func (c canon) claim(cl history.Claim) history.Claim {
	cl.At = history.Position{}
	cl.Revision, cl.Retracted = 0, c.retracted(cl.Retracted)
	if q := cl.Quantity; q != nil {
		cp := history.Quantity{Approximate: q.Approximate}
		cp.Value, cp.Low, cp.High = clonePtr(q.Value), clonePtr(q.Low), clonePtr(q.High)
		cl.Quantity = &cp
	}
	cl.DateValue, cl.Time = c.date(cl.DateValue), c.fact(cl.Time)
	if len(cl.Entities) == 0 {
		cl.Entities = nil
	} else {
		cl.Entities = slices.Clone(cl.Entities)
	}
	if len(cl.Qualifiers) == 0 {
		cl.Qualifiers = nil
	} else {
		cl.Qualifiers = maps.Clone(cl.Qualifiers)
	}
	if len(cl.Contradicts) == 0 {
		cl.Contradicts = nil
	} else {
		cl.Contradicts = slices.Compact(slices.Sorted(slices.Values(cl.Contradicts)))
	}
	cl.Citations = c.cites(cl.Citations)
	return cl
}

// retracted keeps what a retraction says, not when the store made it:
// revisions and times are the store's, not the records' content.
func (c canon) retracted(r *history.Retracted) *history.Retracted {
	if r == nil {
		return nil
	}
	return &history.Retracted{Reason: r.Reason, Citations: c.cites(r.Citations)}
}

func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}
