package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/rdfmap"
	"github.com/memoria-history/memoria/schema"
)

// validate checks the records a change writes as `memoria validate`
// checks a dataset, looking up in the store the records they refer to.
func (s *Store) validate(ctx context.Context, qs graph.QuadStore, p *plan) error {
	v := history.NewValidator()
	var lookErr error
	v.Lookup(func(id history.ID) (history.StoredRecord, bool) {
		p.reads[id] = true
		rec, ok, err := s.storedKind(ctx, qs, id)
		if err != nil && lookErr == nil {
			lookErr = err
		}
		return rec, ok
	})
	v.Add(p.after)
	ps := v.Finish()
	if lookErr != nil {
		return wrapInternal(p.op, lookErr)
	}
	return ps.Err(p.op)
}

// maxReferrers is how many standing records a refused retraction names.
const maxReferrers = 10

// checkReferrers refuses to withdraw a record that records still standing
// refer to, unless the change withdraws or changes them too (the records
// it writes were validated: they refer to nothing withdrawn).
func (s *Store) checkReferrers(ctx context.Context, qs graph.QuadStore, p *plan) error {
	written := map[history.ID]bool{}
	for _, id := range p.touched {
		written[id] = true
	}
	var refused []string
	for _, id := range p.retracting {
		refs, err := s.referrers(ctx, qs, id)
		if err != nil {
			return wrapInternal(p.op, err)
		}
		for _, r := range refs {
			p.reads[r] = true
		}
		var standing []string
		for _, r := range refs {
			if written[r] {
				continue
			}
			rec, ok, err := s.storedKind(ctx, qs, r)
			if err != nil {
				return wrapInternal(p.op, err)
			}
			if ok && !rec.Retracted {
				standing = append(standing, string(r))
			}
		}
		if len(standing) > 0 {
			if len(standing) > maxReferrers {
				standing = append(standing[:maxReferrers], fmt.Sprintf("and %d more", len(standing)-maxReferrers))
			}
			refused = append(refused, fmt.Sprintf("%s: %s refer to it", id, strings.Join(standing, ", ")))
		}
	}
	if len(refused) > 0 {
		return &history.Error{Code: history.CodeConflict, Op: p.op,
			Message: "cannot retract a record that records still standing refer to (retract them in the same change, or change them first): " + strings.Join(refused, "; ")}
	}
	return nil
}

// referrers lists the records whose quads point at record id: through
// the index by object, and for a source by reading every citation (its
// IRI is their label, which no index keeps), which takes a pass over the
// whole store.
func (s *Store) referrers(ctx context.Context, qs graph.QuadStore, id history.ID) ([]history.ID, error) {
	target := quad.IRI(s.base + string(id))
	seen := map[history.ID]bool{}
	var out []history.ID
	note := func(subject quad.Value) {
		iri, _ := subject.(quad.IRI)
		rest, ok := strings.CutPrefix(string(iri), s.base)
		if !ok {
			return
		}
		rec, _, _ := strings.Cut(rest, "#")
		r := history.ID(rec)
		if r != id && !seen[r] && !strings.HasPrefix(rest, schema.ChangePath) {
			seen[r] = true
			out = append(out, r)
		}
	}
	if id.Kind() == history.KindSource {
		locator := term(schema.Locator)
		err := s.scan(ctx, qs, func(q quad.Quad) error {
			if q.Label == target && q.Predicate == locator {
				note(q.Subject)
			}
			return nil
		})
		return out, err
	}
	ref, err := qs.ValueOf(target)
	if err != nil || ref == nil {
		return nil, err
	}
	qq, err := quadsOf(ctx, qs, qs.QuadIterator(quad.Object, ref).Iterate())
	if err != nil {
		return nil, err
	}
	for _, q := range qq {
		// A relation's direct triple and a claim's link from its subject
		// are the relation's and the claim's: found through m:subject and
		// m:object.
		if foreign(q) {
			continue
		}
		note(q.Subject)
	}
	return out, nil
}

// deltas are the quads a change removes and adds: for each record it
// writes, what recordDelta says of the quads whose subject is the record
// or one of its nodes, and the statements it makes about other subjects
// (a relation's direct triple, a claim's link from its subject) that it
// makes no more or newly makes; a direct triple that another record also
// states stays. The memory backend, which cannot undo a write that fails
// half way but by putting back what it removed, at the end, rewrites
// whole records. Then the change's audit record.
func (s *Store) deltas(ctx context.Context, qs graph.QuadStore, p *plan) (del, add []graph.Delta, err error) {
	written := map[history.ID]bool{}
	for _, id := range p.touched {
		written[id] = true
	}
	whole := s.txkv == nil && s.pg == nil
	own := map[quad.Value][]quad.Quad{} // the new quads of each record, by its IRI
	theirs := map[quad.Quad]bool{}      // the new foreign quads
	var theirsInOrder []rdfmap.Quad
	m := rdfmap.New(s.base)
	m.InChange(changeIRI(s.base, p.n), p.meta.At)
	_ = m.Records(p.after, func(qq []rdfmap.Quad) error {
		rec := qq[0].Subject // the rdf:type quad comes first
		for _, q := range qq {
			if foreign(q.Quad) {
				if !theirs[q.Quad] {
					theirs[q.Quad] = true
					theirsInOrder = append(theirsInOrder, q)
				}
				continue
			}
			own[rec] = append(own[rec], q.Quad)
		}
		return nil
	})
	if err := m.Err(p.op); err != nil {
		return nil, nil, err
	}
	for _, id := range p.touched {
		var stored []quad.Quad
		if rec := p.stored[id]; rec != nil {
			stored = rec.quads
		}
		d, a := recordDelta(stored, keepType(stored, own[m.IRI(id)]), whole)
		del = append(del, deleteDeltas(d)...)
		add = append(add, addDeltas(a)...)
	}
	before := map[quad.Quad]bool{}
	err = rdfmap.New(s.base).Records(p.before, func(qq []rdfmap.Quad) error {
		for _, q := range qq {
			if !foreign(q.Quad) || before[q.Quad] {
				continue
			}
			before[q.Quad] = true
			if theirs[q.Quad] {
				continue
			}
			if q.Shared {
				elsewhere, err := s.statedElsewhere(ctx, qs, q.Quad, written)
				if err != nil {
					return err
				}
				if elsewhere {
					continue // and the record's other quads are still to see
				}
			}
			del = append(del, graph.Delta{Quad: q.Quad, Action: graph.Delete})
		}
		return nil
	})
	if err != nil {
		return nil, nil, wrapInternal(p.op, err)
	}
	var gained []quad.Quad
	for _, q := range theirsInOrder {
		if !before[q.Quad] {
			gained = append(gained, q.Quad)
		}
	}
	if gained, err = withoutStored(ctx, qs, gained); err != nil {
		return nil, nil, wrapInternal(p.op, err)
	}
	add = append(add, addDeltas(gained)...)
	audit, err := s.auditQuads(&ChangeRecord{
		Revision: p.n, Author: p.meta.Author, RequestID: p.meta.RequestID, Operation: p.meta.Operation,
		ClientID: p.meta.ClientID, Note: p.meta.Note, At: p.meta.At,
		Records: len(p.touched), Touches: p.touched, Before: p.before, After: p.after,
	})
	if err != nil {
		return nil, nil, wrapInternal(p.op, err)
	}
	add = append(add, addDeltas(audit)...)
	// Changes are numbered without gaps (see findRevision): a change
	// stored under this number already means the store is not what the
	// revision says.
	if ref, err := qs.ValueOf(changeIRI(s.base, p.n)); err != nil || ref != nil {
		if err == nil && s.pg != nil {
			return nil, nil, errTaken(p.n) // by another process since this one caught up
		}
		return nil, nil, history.Wrap(history.CodeCorrupt, p.op, errors.Join(err, fmt.Errorf("change %d is stored already, past the store's revision %d", p.n, p.n-1)))
	}
	return del, add, nil
}

// keepType gives a record's new quads the rdf:type quad it has stored,
// in the graph of the change that first wrote it, if its class is the
// same: the changes that wrote it since point at it (m:touches), which
// tells its revision without a quad to remove and one to add.
func keepType(stored, now []quad.Quad) []quad.Quad {
	for _, o := range stored {
		if o.Predicate != rdfType {
			continue
		}
		for i, q := range now {
			if q.Predicate == rdfType && q.Subject == o.Subject && q.Object == o.Object {
				now[i] = o
			}
		}
	}
	return now
}

// foreign reports whether q is a statement that a record makes about
// another subject, and that the other subject's quads hold: a relation's
// direct triple, a claim's link from its subject.
func foreign(q quad.Quad) bool {
	info := vocabulary[q.Predicate]
	return info.relType != "" || info.t == schema.HasClaim
}

// withoutStored drops from quads the statements about other subjects
// (see foreign) that the store holds already: a direct triple that
// another record states too. Cayley's key-value store, told to add a
// quad it holds, would count a reference to each of its nodes that no
// quad holds.
func withoutStored(ctx context.Context, qs graph.QuadStore, quads []quad.Quad) ([]quad.Quad, error) {
	out := quads[:0]
	for _, q := range quads {
		if foreign(q) {
			stored, err := isStored(ctx, qs, q)
			if err != nil {
				return nil, err
			}
			if stored {
				continue
			}
		}
		out = append(out, q)
	}
	return out, nil
}

// statedElsewhere reports whether a record that the change does not write
// states the shared quad q too: a relation between the same subject and
// object, of the same type, citing the same source.
func (s *Store) statedElsewhere(ctx context.Context, qs graph.QuadStore, q quad.Quad, written map[history.ID]bool) (bool, error) {
	bySubject, err := subjectsWith(ctx, qs, term(schema.Subject), q.Subject)
	if err != nil {
		return false, err
	}
	byObject, err := subjectsWith(ctx, qs, term(schema.Object), q.Object)
	if err != nil {
		return false, err
	}
	for _, v := range bySubject {
		if !slices.Contains(byObject, v) {
			continue
		}
		iri, _ := v.(quad.IRI)
		id := history.ID(strings.TrimPrefix(string(iri), s.base))
		if id.Kind() != "relation" || written[id] {
			continue
		}
		rec, err := s.readRecord(ctx, qs, id)
		if err != nil || rec == nil {
			return false, err
		}
		found := false
		_ = rdfmap.New(s.base).Records(rec.ds, func(qq []rdfmap.Quad) error {
			for _, o := range qq {
				found = found || o.Quad == q
			}
			return nil
		})
		if found {
			return true, nil
		}
	}
	return false, nil
}

// writeChanges writes the prepared changes of a group, in their order,
// each removing its del and then adding its add, all or nothing. On the
// bolt backends they all go into one transaction, synced once; the memory
// backend has none, and is given one change at a time: a failure to add
// puts back what was removed, in its order (the quads removed are every
// quad of the records written, so each record's quads keep their order
// among themselves). After a failed write the handle is reopened (see
// reopen). Callers hold s.mu for writing.
func (s *Store) writeChanges(ctx context.Context, plans []*plan) error {
	adds := make([][]graph.Delta, len(plans))
	for i, p := range plans {
		adds[i] = p.add
		if s.opts.beforeApply != nil {
			adds[i] = s.opts.beforeApply(p.add)
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	remove := func(del []graph.Delta) error {
		if len(del) == 0 {
			return nil
		}
		return s.qs.ApplyDeltas(del, graph.IgnoreOpts{IgnoreMissing: true})
	}
	var err error
	if s.pg != nil {
		cs := make([]pgChange, len(plans))
		for i, p := range plans {
			cs[i] = pgChange{n: p.n, next: changeIRI(s.base, p.n), del: p.del, add: adds[i]}
		}
		err = s.pg.writeGroup(ctx, cs)
	} else if s.txkv != nil {
		err = s.txkv.inOneTx(ctx, func() error {
			for i, p := range plans {
				if err := remove(p.del); err != nil {
					return err
				}
				if err := s.qs.ApplyDeltas(adds[i], graph.IgnoreOpts{IgnoreDup: true}); err != nil {
					return err
				}
			}
			return nil
		})
	} else {
		for i, p := range plans {
			if err = remove(p.del); err != nil {
				break
			}
			if err = s.qs.ApplyDeltas(adds[i], graph.IgnoreOpts{IgnoreDup: true}); err != nil {
				back := make([]graph.Delta, len(p.del))
				for i, d := range p.del {
					back[i] = graph.Delta{Quad: d.Quad, Action: graph.Add}
				}
				err = errors.Join(err, s.qs.ApplyDeltas(back, graph.IgnoreOpts{IgnoreDup: true}))
				break
			}
		}
	}
	if err == nil {
		return nil
	}
	if rerr := s.reopen(); rerr != nil {
		return errors.Join(fmt.Errorf("write: %w", err), rerr)
	}
	return fmt.Errorf("write: %w", err)
}

// replay finds the change that meta.Author applied with meta.ClientID, if
// any, and returns its result.
func (s *Store) replay(ctx context.Context, qs graph.QuadStore, meta ChangeMeta) (Commit, bool, error) {
	subjects, err := subjectsWith(ctx, qs, term(schema.ClientID), quad.String(meta.ClientID))
	if err != nil {
		return Commit{}, false, err
	}
	for _, v := range subjects {
		c, err := s.readChange(ctx, qs, changeNumber(s.base, v))
		if err != nil {
			return Commit{}, false, err
		}
		if c != nil && c.Author == meta.Author {
			return Commit{Revision: c.Revision, Before: c.Before, After: c.After, Replayed: true}, true, nil
		}
	}
	return Commit{}, false, nil
}
