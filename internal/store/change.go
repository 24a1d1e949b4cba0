package store

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/cayleygraph/cayley/graph"

	"github.com/memoria-history/memoria/internal/history"
)

// Commit is what a committed change did.
type Commit struct {
	// Revision is the graph's revision after the change: the change's own
	// number, or the revision as it was if the change changed nothing.
	Revision uint64
	// Before holds the records the change replaced or withdrew, as they
	// were; created ones are absent. After holds the records it wrote, as
	// they now are, withdrawn ones included and marked.
	Before, After *history.Dataset
	// Replayed says that the change had been applied already, under the
	// same Author and ClientID: nothing was applied, and this is the first
	// application's result.
	Replayed bool
}

// Apply applies a change all or nothing, in one transaction that holds
// the records' quads, their revisions and the change's audit record, and
// returns once the transaction is committed (on bbolt, synced to disk).
//
// The records of ch.Put are checked as `memoria validate` checks a
// dataset, against the stored records they refer to (CodeInvalid with
// every problem); a record that stands may not refer to a retracted one.
// ch.Expect is checked against the stored revisions, and a Put that would
// replace a stored record must expect its revision unless
// meta.LastWriteWins: a record that changed since the writer read it is a
// conflict (CodeConflict, naming its revision). A retraction of a record
// that records still standing refer to is a conflict too: retract them in
// the same change, or change them first. Records put as they are stored
// are left alone, and a change that changes nothing commits nothing.
//
// A change with a meta.ClientID that meta.Author applied before is not
// applied again: Apply returns the first result, marked Replayed.
//
// Changes that callers apply at the same time are committed together
// (see group.go): each is still its own change, numbered, checked and
// audited alone, and each caller's Apply returns once the transaction
// that holds its change is synced. A change whose ctx ends while it waits
// for its turn is not applied. On PostgreSQL, a change whose number
// another process took first is prepared again after that process's
// changes, a few times, before Apply gives up with CodeConflict.
func (s *Store) Apply(ctx context.Context, ch history.Change, meta ChangeMeta) (Commit, error) {
	if s.writer != nil {
		return s.writer.Apply(ctx, ch, meta)
	}
	if err := s.refuseWrite("write to store"); err != nil {
		return Commit{}, err
	}
	return s.applyTaking(ctx, func() *queued {
		return &queued{ctx: ctx, ch: ch, meta: meta, done: make(chan outcome, 1)}
	})
}

// prepareChange reads what a change names, checks it and works out the
// quads it removes and adds, as change number n. It returns a nil plan
// with the result when there is nothing to write: a replay, or a change
// that changes nothing. Callers hold s.mu for writing.
func (s *Store) prepareChange(ctx context.Context, qs graph.QuadStore, p *plan) (*Commit, error) {
	if err := ctx.Err(); err != nil {
		return nil, wrapInternal(p.op, err)
	}
	if p.meta.ClientID != "" {
		c, ok, err := s.replay(ctx, qs, p.meta)
		if err != nil || ok {
			return &c, wrapInternal(p.op, err)
		}
	}
	if err := s.prepare(ctx, qs, p); err != nil {
		return nil, err
	}
	if len(p.touched) == 0 {
		return &Commit{Revision: p.n - 1, Before: p.before, After: p.after}, nil
	}
	var err error
	p.del, p.add, err = s.deltas(ctx, qs, p)
	return nil, err
}

// plan is a change being prepared: what it reads, checks and writes.
type plan struct {
	op   string
	ch   *history.Change
	meta ChangeMeta
	n    uint64 // the change's number

	stored  map[history.ID]*storedRecord // the records read, nil if absent
	touched []history.ID                 // the records written, in order
	// before and after are the touched records as they are stored and as
	// the change leaves them.
	before, after *history.Dataset
	retracting    []history.ID // records the change withdraws

	del, add []graph.Delta // what the change writes, once prepared
	// reads holds the ids of the records the change's checks asked the
	// store about (see footprint).
	reads map[history.ID]bool
}

// prepare reads the records the change names, checks it and builds the
// records it writes.
func (s *Store) prepare(ctx context.Context, qs graph.QuadStore, p *plan) error {
	if err := checkShape(p.op, p.ch); err != nil {
		return err
	}
	p.stored = map[history.ID]*storedRecord{}
	p.reads = map[history.ID]bool{}
	names := p.ch.Touches()
	for id := range p.ch.Expect {
		if !slices.Contains(names, id) {
			names = append(names, id)
		}
	}
	for _, id := range names {
		p.reads[id] = true
		rec, err := s.readRecord(ctx, qs, id)
		if err != nil {
			return wrapInternal(p.op+": read "+string(id), err)
		}
		p.stored[id] = rec
	}
	if err := p.checkRevisions(); err != nil {
		return err
	}
	if err := p.build(); err != nil {
		return err
	}
	if len(p.touched) == 0 {
		return nil
	}
	if err := s.validate(ctx, qs, p); err != nil {
		return err
	}
	return s.checkReferrers(ctx, qs, p)
}

// checkShape refuses a change that contradicts itself: a record put or
// retracted twice, or both.
func checkShape(op string, ch *history.Change) error {
	var ps history.Problems
	put := map[history.ID]bool{}
	for _, id := range ch.Put.IDs() {
		put[id] = true
	}
	seen := map[history.ID]bool{}
	for _, r := range ch.Retract {
		switch {
		case put[r.ID]:
			ps = append(ps, history.Problem{Record: r.ID, Field: "retracted", Message: "the change both puts and retracts the record: do one or the other"})
		case seen[r.ID]:
			ps = append(ps, history.Problem{Record: r.ID, Field: "retracted", Message: "the change retracts the record twice"})
		}
		seen[r.ID] = true
	}
	return ps.Err(op)
}

// revisionOf is the revision of a stored record, 0 for none.
func (r *storedRecord) revision() uint64 {
	if r == nil {
		return 0
	}
	var rev uint64
	r.ds.EachRecord(func(_ history.ID, v *uint64, _ **history.Retracted) { rev = *v })
	return rev
}

// retracted is the retraction of a stored record, nil if it stands.
func (r *storedRecord) retracted() *history.Retracted {
	var out *history.Retracted
	if r != nil {
		r.ds.EachRecord(func(_ history.ID, _ *uint64, ret **history.Retracted) { out = *ret })
	}
	return out
}

// checkRevisions compares what the writer expects with what is stored.
func (p *plan) checkRevisions() error {
	var conflicts []string
	ids := make([]history.ID, 0, len(p.ch.Expect))
	for id := range p.ch.Expect {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		want, got := p.ch.Expect[id], p.stored[id].revision()
		switch {
		case p.stored[id] == nil && want != 0:
			conflicts = append(conflicts, fmt.Sprintf("%s does not exist, expected at revision %d", id, want))
		case p.stored[id] != nil && want == 0:
			conflicts = append(conflicts, fmt.Sprintf("%s exists, at revision %d, expected not to", id, got))
		case got != want:
			conflicts = append(conflicts, fmt.Sprintf("%s is at revision %d, expected %d: it changed since it was read", id, got, want))
		}
	}
	if !p.meta.LastWriteWins {
		for _, id := range p.ch.Put.IDs() {
			if _, expected := p.ch.Expect[id]; !expected && p.stored[id] != nil {
				conflicts = append(conflicts, fmt.Sprintf("%s exists, at revision %d: say which revision is replaced", id, p.stored[id].revision()))
			}
		}
	}
	var missing []string
	for _, r := range p.ch.Retract {
		switch {
		case p.stored[r.ID] == nil:
			missing = append(missing, string(r.ID))
		case p.stored[r.ID].retracted() != nil:
			conflicts = append(conflicts, fmt.Sprintf("%s is retracted already, at revision %d", r.ID, p.stored[r.ID].retracted().Revision))
		}
	}
	if len(missing) > 0 {
		return &history.Error{Code: history.CodeNotFound, Op: p.op, Message: "nothing to retract: " + strings.Join(missing, ", ")}
	}
	if len(conflicts) > 0 {
		return &history.Error{Code: history.CodeConflict, Op: p.op, Message: strings.Join(conflicts, "; ")}
	}
	return nil
}

// build makes the records the change writes: the records put, as the
// store will give them back, and the records withdrawn, marked. A record
// put as it is stored is left out.
func (p *plan) build() error {
	c := canon{}
	put := c.dataset(&p.ch.Put)
	same := canon{edtfOnly: true}
	changed := func(id history.ID) bool {
		old := p.stored[id]
		if old == nil {
			return true
		}
		return !reflect.DeepEqual(same.dataset(old.ds), same.dataset(pick(put, func(x history.ID) bool { return x == id })))
	}
	// A retraction made earlier is the same retraction: it keeps its
	// revision and time.
	put.EachRecord(func(id history.ID, _ *uint64, ret **history.Retracted) {
		if old := p.stored[id].retracted(); *ret != nil && old != nil && old.Reason == (*ret).Reason && slices.Equal(old.Citations, (*ret).Citations) {
			kept := *old
			*ret = &kept
		}
	})
	p.after = pick(put, changed)
	for _, r := range p.ch.Retract {
		rec := c.dataset(p.stored[r.ID].ds)
		rec.EachRecord(func(_ history.ID, _ *uint64, ret **history.Retracted) {
			*ret = &history.Retracted{Reason: r.Reason, Citations: slices.Clone(r.Citations), Revision: p.n, At: p.meta.At}
		})
		appendDataset(p.after, rec)
		p.retracting = append(p.retracting, r.ID)
	}
	p.before = &history.Dataset{}
	p.after.EachRecord(func(id history.ID, rev *uint64, ret **history.Retracted) {
		*rev = p.n
		if *ret != nil && (*ret).Revision == 0 {
			(*ret).Revision, (*ret).At = p.n, p.meta.At
			if p.stored[id].retracted() == nil && !slices.Contains(p.retracting, id) {
				p.retracting = append(p.retracting, id)
			}
		}
		p.touched = append(p.touched, id)
		if old := p.stored[id]; old != nil {
			appendDataset(p.before, old.ds)
		}
	})
	return nil
}
