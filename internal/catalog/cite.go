package catalog

import (
	"slices"

	"github.com/memoria-history/memoria/internal/history"
)

// The statements a record makes, as Supports counts them: fn is called
// with the citations of each. The base and its delta count through these
// alone, so that a record changed later is taken back exactly as it was
// counted.

func entityStatements(e *history.Entity, fn func([]history.Citation)) {
	fn(e.Citations)
	for _, n := range e.Names {
		fn(n.Citations)
	}
	for _, f := range []*history.DatedFact{e.Born, e.Died, e.Date, e.Ended} {
		if f != nil {
			fn(f.Citations)
		}
	}
}

func eventStatements(e *history.Event, fn func([]history.Citation)) {
	if e.Parent != nil {
		fn(e.Parent.Citations)
	}
	for _, p := range e.Participants {
		fn(p.Citations)
	}
	fn(e.Citations)
	for _, n := range e.Names {
		fn(n.Citations)
	}
	if e.Date != nil {
		fn(e.Date.Citations)
	}
	if e.Place != nil {
		fn(e.Place.Citations)
	}
	for _, l := range e.Causes {
		fn(l.Citations)
	}
	for _, l := range e.Consequences {
		fn(l.Citations)
	}
}

// A relation's start and end, and a claim's time, are statements of their
// own when they cite other sources than the record.
func relationStatements(r *history.Relation, fn func([]history.Citation)) {
	fn(r.Citations)
	for _, f := range []*history.DatedFact{r.Start, r.End} {
		if f != nil && !slices.Equal(f.Citations, r.Citations) {
			fn(f.Citations)
		}
	}
}

func claimStatements(cl *history.Claim, fn func([]history.Citation)) {
	if cl.Time != nil && !slices.Equal(cl.Time.Citations, cl.Citations) {
		fn(cl.Time.Citations)
	}
	fn(cl.Citations)
}

// eachSource calls fn once for each distinct source that cs cites.
func eachSource(cs []history.Citation, fn func(history.ID)) {
	for i, ct := range cs {
		if !slices.ContainsFunc(cs[:i], func(o history.Citation) bool { return o.Source == ct.Source }) {
			fn(ct.Source)
		}
	}
}
