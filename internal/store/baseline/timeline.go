package baseline

import (
	"cmp"
	"context"
	"slices"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/store"
	"github.com/memoria-history/memoria/schema"
)

// Timeline returns the first events whose date overlaps window, in time
// order (earliest bound, then latest, then id), as Cayley's iterators find
// them. Nothing in Cayley's layout orders quads by date, or indexes them
// by predicate: the events are the subjects of "rdf:type Event", found
// through the object index, and each event's quads are read through the
// subject index for its date, which is decoded and compared. Each distinct
// date literal is resolved and parsed once, and only the events kept are
// resolved to ids. A zero window keeps every dated event; first < 1 keeps
// them all.
func Timeline(ctx context.Context, s *store.Store, window history.Date, first int) ([]history.ID, error) {
	return view(ctx, s, "baseline timeline", false, func(w *walker) ([]history.ID, error) {
		return w.timeline(window, first)
	})
}

// datedRef is an event and its date as references, then with the date
// parsed, and at last the event's id.
type datedRef struct {
	event, date graph.Ref
	lo, hi      int64
	id          history.ID
}

func (w *walker) timeline(window history.Date, first int) ([]history.ID, error) {
	events, err := w.eventRefs()
	if err != nil || len(events) == 0 {
		return nil, err
	}
	dateRef, err := w.qs.ValueOf(quad.IRI(schema.Date.IRI()))
	if err != nil || !present(dateRef) {
		return nil, err
	}
	// Cayley's key-value layout indexes quads by subject and by object,
	// not by predicate: the date quads are found event by event, through
	// the subject index.
	var dated []datedRef
	for _, e := range events {
		_, err := w.quadsAt(e, quad.Subject, func(q graph.Ref) (bool, error) {
			p, err := w.qs.QuadDirection(q, quad.Predicate)
			if err != nil || p != dateRef {
				return true, err
			}
			d, err := w.qs.QuadDirection(q, quad.Object)
			dated = append(dated, datedRef{event: e, date: d})
			// An event's date is stored once per source stating it:
			// the first will do.
			return false, err
		})
		if err != nil {
			return nil, err
		}
	}
	if err := w.parseDates(dated); err != nil {
		return nil, err
	}
	start, end := window.Bounds()
	dated = slices.DeleteFunc(dated, func(d datedRef) bool { return d.hi < start || d.lo > end })
	slices.SortFunc(dated, func(a, b datedRef) int { return cmp.Or(cmp.Compare(a.lo, b.lo), cmp.Compare(a.hi, b.hi)) })
	// Ties on the dates are broken by id, which needs the events' IRIs:
	// resolve the first ones and every event tied with the last of them.
	if first > 0 && len(dated) > first {
		last := dated[first-1]
		n := first
		for n < len(dated) && dated[n].lo == last.lo && dated[n].hi == last.hi {
			n++
		}
		dated = dated[:n]
	}
	refs := make([]graph.Ref, len(dated))
	for i, d := range dated {
		refs[i] = d.event
	}
	ids, err := w.ids(refs)
	if err != nil {
		return nil, err
	}
	for i := range dated {
		dated[i].id = ids[i]
	}
	slices.SortFunc(dated, func(a, b datedRef) int {
		return cmp.Or(cmp.Compare(a.lo, b.lo), cmp.Compare(a.hi, b.hi), cmp.Compare(a.id, b.id))
	})
	if first > 0 && len(dated) > first {
		dated = dated[:first]
	}
	out := make([]history.ID, len(dated))
	for i, d := range dated {
		out[i] = d.id
	}
	return out, nil
}

// eventRefs returns the references of every node typed Event, each once.
func (w *walker) eventRefs() ([]graph.Ref, error) {
	class, err := w.qs.ValueOf(quad.IRI(schema.Event.IRI()))
	if err != nil || !present(class) {
		return nil, err
	}
	typ, err := w.qs.ValueOf(quad.IRI(schema.RDFType))
	if err != nil || !present(typ) {
		return nil, err
	}
	var events []graph.Ref
	seen := map[graph.Ref]bool{}
	_, err = w.quadsAt(class, quad.Object, func(q graph.Ref) (bool, error) {
		p, err := w.qs.QuadDirection(q, quad.Predicate)
		if err != nil || p != typ {
			return true, err
		}
		e, err := w.qs.QuadDirection(q, quad.Subject)
		if err == nil && !seen[e] {
			seen[e] = true
			events = append(events, e)
		}
		return true, err
	})
	return events, err
}

// parseDates resolves the distinct date literals of dated in one batch and
// fills in each event's bounds.
func (w *walker) parseDates(dated []datedRef) error {
	slot := map[graph.Ref]int{}
	var refs []graph.Ref
	for _, d := range dated {
		if _, ok := slot[d.date]; !ok {
			slot[d.date] = len(refs)
			refs = append(refs, d.date)
		}
	}
	vals, err := graph.ValuesOf(w.ctx, w.qs, refs)
	if err != nil {
		return err
	}
	bounds := make([][2]int64, len(vals))
	for i, v := range vals {
		ts, ok := v.(quad.TypedString)
		if !ok || ts.Type != schema.EDTFDatatype {
			return history.Errorf(history.CodeCorrupt, "an event's date is %v, not an EDTF date", v)
		}
		d, err := history.ParseDate(string(ts.Value))
		if err != nil {
			return history.Wrap(history.CodeCorrupt, "an event's date", err)
		}
		bounds[i][0], bounds[i][1] = d.Bounds()
	}
	for i := range dated {
		b := bounds[slot[dated[i].date]]
		dated[i].lo, dated[i].hi = b[0], b[1]
	}
	return nil
}
