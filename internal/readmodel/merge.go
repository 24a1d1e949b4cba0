package readmodel

import (
	"slices"

	"github.com/memoria-history/memoria/internal/history"
)

// ApplyAll returns the view after the commits, in revision order, as one
// change: the records they touched, each as the last of them left it.
// Commits the view already shows are skipped. The answers are those of
// applying the commits one at a time, but the indexes copy the parts of
// their deltas that the commits touch once, not once a commit: a group
// of commits written together, or those that came while a rebuild ran,
// cost what their records do.
func (d Data) ApplyAll(cs []Commit) Data {
	cs = d.after(cs)
	switch len(cs) {
	case 0:
		return d
	case 1:
		return d.Apply(cs[0])
	}
	return d.Apply(merge(cs))
}

// after returns the commits past the view's revision.
func (d Data) after(cs []Commit) []Commit {
	for i, c := range cs {
		if c.Revision <= d.Revision {
			out := slices.Clone(cs[:i])
			for _, c := range cs[i+1:] {
				if c.Revision > d.Revision {
					out = append(out, c)
				}
			}
			return out
		}
	}
	return cs
}

// merge makes one commit of several, in revision order: After holds each
// record the last commit that touched it wrote, Before each record whose
// last commit removed it (Before, not After). The view pairs the records
// with those it holds (see edits), so that earlier versions need no place.
func merge(cs []Commit) Commit {
	before, after := &history.Dataset{}, &history.Dataset{}
	before.Sources, after.Sources = mergeKind(cs, func(ds *history.Dataset) []history.Source { return ds.Sources }, func(r *history.Source) history.ID { return r.ID })
	before.Entities, after.Entities = mergeKind(cs, func(ds *history.Dataset) []history.Entity { return ds.Entities }, func(r *history.Entity) history.ID { return r.ID })
	before.Events, after.Events = mergeKind(cs, func(ds *history.Dataset) []history.Event { return ds.Events }, func(r *history.Event) history.ID { return r.ID })
	before.Relations, after.Relations = mergeKind(cs, func(ds *history.Dataset) []history.Relation { return ds.Relations }, func(r *history.Relation) history.ID { return r.ID })
	before.Claims, after.Claims = mergeKind(cs, func(ds *history.Dataset) []history.Claim { return ds.Claims }, func(r *history.Claim) history.ID { return r.ID })
	return Commit{Revision: cs[len(cs)-1].Revision, Before: before, After: after}
}

// mergeKind merges the records of one kind, from the last commit back:
// the first commit met that names a record decides what becomes of it.
func mergeKind[T any](cs []Commit, of func(*history.Dataset) []T, id func(*T) history.ID) (before, after []T) {
	seen := map[history.ID]bool{}
	take := func(ds *history.Dataset, to *[]T) {
		if ds == nil {
			return
		}
		rs := of(ds)
		for j := range rs {
			if k := id(&rs[j]); !seen[k] {
				seen[k] = true
				*to = append(*to, rs[j])
			}
		}
	}
	for i := len(cs) - 1; i >= 0; i-- {
		take(cs[i].After, &after)
		take(cs[i].Before, &before)
	}
	return before, after
}
