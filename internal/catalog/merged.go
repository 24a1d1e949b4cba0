package catalog

import (
	"cmp"
	"slices"

	"github.com/memoria-history/memoria/internal/cow"
	"github.com/memoria-history/memoria/internal/history"
)

// The lists that span the whole catalog (a kind's records, the sources,
// the timeline, what a source supports) are read from the base and the
// delta together, in the base's order.

// mergedIDs returns the ids of kind k, merged once per delta.
func (c *Catalog) mergedIDs(k history.Kind) []history.ID {
	o := c.d.idsOnce[k]
	o.once.Do(func() {
		base, kd := c.byKind[k], c.d.byKind[k]
		out := make([]history.ID, 0, len(base)+len(kd.added))
		j := 0
		for i, id := range base {
			for ; j < len(kd.added) && kd.added[j].at <= int32(i); j++ {
				out = append(out, kd.added[j].id)
			}
			if !kd.gone.Has(int32(i)) {
				out = append(out, id)
			}
		}
		for ; j < len(kd.added); j++ {
			out = append(out, kd.added[j].id)
		}
		o.ids = nilIfEmpty(out)
	})
	return o.ids
}

// mergedSources returns the sources, merged once per delta.
func (c *Catalog) mergedSources() []*history.Source {
	c.d.sourcesOnce.Do(func() {
		var out []*history.Source
		for _, s := range c.sourceOrder {
			if _, changed := c.d.sources.Get(s.ID); !changed {
				out = append(out, s)
			}
		}
		c.d.sources.All(func(_ history.ID, s *history.Source) bool {
			if s != nil {
				out = append(out, s)
			}
			return true
		})
		slices.SortFunc(out, func(a, b *history.Source) int { return cmp.Compare(a.ID, b.ID) })
		c.d.sourceList = out
	})
	return c.d.sourceList
}

// mergedSupport returns what a source the delta touched supports.
func (c *Catalog) mergedSupport(source history.ID, sd *supportDelta) Support {
	var base Support
	if s := c.support[source]; s != nil {
		base = *s
	}
	out := Support{Statements: base.Statements + sd.statements}
	for _, id := range base.Claims {
		if now, changed := sd.claims.Get(id); !changed || now {
			out.Claims = append(out.Claims, id)
		}
	}
	sd.claims.All(func(id history.ID, now bool) bool {
		if _, inBase := slices.BinarySearch(base.Claims, id); now && !inBase {
			out.Claims = append(out.Claims, id)
		}
		return true
	})
	slices.Sort(out.Claims)
	return out
}

// within is the timeline's within over the base and the delta.
func (c *Catalog) within(window history.Date, first int) []*history.Event {
	td := c.d.dated
	start, end := window.Bounds()
	var out []*history.Event
	full := false
	emit := func(e *history.Event) bool {
		out = append(out, e)
		full = first > 0 && len(out) == first
		return !full
	}
	j := 0
	// added brings in the delta's events that come before base position
	// i; false once the result is full.
	added := func(i int32) bool {
		for ; j < len(td.added) && td.added[j].at <= i; j++ {
			if x := td.added[j]; x.lo <= end && x.hi >= start && !emit(x.e) {
				j++
				return false
			}
		}
		return true
	}
	c.dated.scan(window, func(i int) bool {
		if !added(int32(i)) {
			return false
		}
		if td.gone.Has(int32(i)) {
			return true
		}
		return emit(c.dated.events[i])
	})
	if !full {
		added(int32(len(c.dated.events)))
	}
	return out
}

// Dataset returns every record the catalog holds, each list in id order:
// what a new base is built from once the delta has grown. The records are
// copied; their lists and citations are shared.
func (c *Catalog) Dataset() *history.Dataset {
	var d *delta
	if c.d != nil {
		d = c.d
	}
	ds := &history.Dataset{}
	ds.Sources = records(c.sources, d, func(d *delta) cow.Map[history.ID, *history.Source] { return d.sources })
	ds.Entities = records(c.entities, d, func(d *delta) cow.Map[history.ID, *history.Entity] { return d.entities })
	ds.Events = records(c.events, d, func(d *delta) cow.Map[history.ID, *history.Event] { return d.events })
	ds.Relations = records(c.relations, d, func(d *delta) cow.Map[history.ID, *history.Relation] { return d.relations })
	ds.Claims = records(c.claims, d, func(d *delta) cow.Map[history.ID, *history.Claim] { return d.claims })
	return ds
}

// records copies the current records of one kind, in id order.
func records[T any](base map[history.ID]*T, d *delta, of func(*delta) cow.Map[history.ID, *T]) []T {
	type rec struct {
		id history.ID
		r  *T
	}
	all := make([]rec, 0, len(base))
	for id, r := range base {
		if d != nil {
			if _, changed := of(d).Get(id); changed {
				continue
			}
		}
		all = append(all, rec{id, r})
	}
	if d != nil {
		of(d).All(func(id history.ID, r *T) bool {
			if r != nil {
				all = append(all, rec{id, r})
			}
			return true
		})
	}
	slices.SortFunc(all, func(a, b rec) int { return cmp.Compare(a.id, b.id) })
	if len(all) == 0 {
		return nil
	}
	out := make([]T, len(all))
	for i, x := range all {
		out[i] = *x.r
	}
	return out
}
