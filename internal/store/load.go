package store

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"

	"github.com/cayleygraph/cayley/graph"
	ckv "github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/cayley/graph/refs"
	"github.com/cayleygraph/quad"
	hkv "github.com/hidal-go/hidalgo/kv"

	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/store/cayleykv"
)

// LoadResult says what a Load changed.
type LoadResult struct {
	// QuadsAdded is how many quads the store gained.
	QuadsAdded int64
	// Records is how many records (sources, entities, events, relations,
	// claims) were new and written.
	Records int
	// Unchanged is how many records were already stored with the same
	// content, and skipped.
	Unchanged int
	// LaterReferences is how many references a streamed load met before
	// the records they name, which arrived in later parts: each was kept,
	// with where it was met, until the end. Zero for a dataset loaded whole.
	LaterReferences int
}

// LoadOptions tune a Load. The zero value is ready to use.
type LoadOptions struct {
	// Progress, if set, is called from Load's goroutine as the write goes
	// on: in a bulk load after every committed batch and every
	// progressRecords records handed to the writer; once at the end.
	Progress func(LoadProgress)
	// CayleyWriter writes with Cayley's own bulk writer, the QuadWriter that
	// `cayley load` uses, in its batches of quad.DefaultBatch quads, straight
	// into the store: the baseline that benchmarks compare Memoria's bulk
	// writer with. Such a load is not atomic: Cayley commits as it goes.
	CayleyWriter bool
}

// LoadProgress says how far a load's write has come.
type LoadProgress struct {
	// Records is how many new records the load writes, and RecordsDone how
	// many of them have been handed to the writer.
	Records, RecordsDone int64
	// QuadsWritten is how many quads are written so far (a bulk load's
	// last batch or two lag behind RecordsDone until they commit).
	QuadsWritten int64
	// Indexing is true once a bulk load has every quad in the store's log
	// and writes the indexes and the tables of nodes, which it leaves for
	// the end so as to write each in key order. IndexEntries is how many
	// entries that is (an index's entries counted by quad), and
	// IndexEntriesDone how many are written.
	Indexing                       bool
	IndexEntries, IndexEntriesDone int64
	// Done is true on the last call.
	Done bool
}

// withIndexing is p with what a bulk writer's counts say of its last phase.
func (p LoadProgress) withIndexing(c cayleykv.Counts) LoadProgress {
	p.Indexing = c.Entries > 0
	p.IndexEntries, p.IndexEntriesDone = c.Entries, c.EntriesDone
	return p
}

// progressRecords is how often, in records handed to the writer, a bulk
// load reports progress between the reports of committed batches.
const progressRecords = 2048

// errMappingProblems stops a bulk load whose records the mapper found
// problems in; the problems are the error the caller sees.
var errMappingProblems = errors.New("the mapping found problems")

// Load adds a dataset to the store, atomically: either every new record is
// written or nothing is.
//
// Before writing, Load reads the stored records and checks the union of
// stored and new records with history.Validate, so a dataset may refer to
// records loaded before (CodeInvalid with every problem otherwise). A record
// already stored with the same content is skipped, so loading a dataset
// twice changes nothing; a record whose id is stored with different content
// fails the whole load with CodeConflict, naming every such id. Positions
// (At) are not stored and do not count as content.
//
// On bbolt the quads are written by a bulk writer into a copy of the file,
// batch by batch and then the indexes, and the copy replaces the file when
// complete (see bulkLoad): memory holds a batch or two and the load's node
// ids, and a cancelled ctx stops the load between transactions, leaving
// the store as it was. The other backends take
// the quads in one Cayley transaction.
func (s *Store) Load(ctx context.Context, ds *history.Dataset) (LoadResult, error) {
	return s.LoadWith(ctx, ds, LoadOptions{})
}

// LoadWith is Load with options.
func (s *Store) LoadWith(ctx context.Context, ds *history.Dataset, opts LoadOptions) (LoadResult, error) {
	if ds == nil {
		ds = &history.Dataset{}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	op := "load into store " + s.name
	qs, stored, err := s.storedRecords(ctx, op)
	if err != nil {
		return LoadResult{}, err
	}
	fresh, res, conflicts := diff(stored, ds)
	if len(conflicts) > 0 {
		return LoadResult{}, &history.Error{
			Code:    history.CodeConflict,
			Op:      op,
			Message: fmt.Sprintf("%d record(s) already stored with different content: %s", len(conflicts), strings.Join(conflicts, ", ")),
		}
	}
	if err := ctx.Err(); err != nil {
		return LoadResult{}, history.Wrap(history.CodeInternal, op, err)
	}
	if ps := history.Validate(union(stored, fresh)); len(ps) > 0 {
		return LoadResult{}, ps.Err(op)
	}
	stored = nil
	if res.Records == 0 {
		return res, nil
	}
	m := newMapper(s.base)
	var recordsDone int64
	var bulk cayleykv.Counts // a bulk writer's last report
	report := func(written int64, done bool) {
		if opts.Progress != nil {
			p := LoadProgress{Records: int64(res.Records), RecordsDone: recordsDone, QuadsWritten: written, Done: done}
			opts.Progress(p.withIndexing(bulk))
		}
	}
	// mapProblems are the problems only the mapping sees (text that is not
	// UTF-8): they fail the load as invalid data.
	mapProblems := func() error {
		if len(m.problems) == 0 {
			return nil
		}
		m.problems.Sort()
		return m.problems.Err(op)
	}
	if opts.CayleyWriter {
		// Cayley's writer commits as it goes: find problems first.
		_ = m.records(fresh, func([]mappedQuad) error { return nil })
		if err := mapProblems(); err != nil {
			return LoadResult{}, err
		}
		n, err := s.cayleyWrite(ctx, qs, m, fresh, func(n int64) { report(n, false) })
		if err != nil {
			return LoadResult{}, history.Wrap(history.CodeInternal, op, err)
		}
		res.QuadsAdded = n
		recordsDone = int64(res.Records)
		report(n, true)
		return res, nil
	}
	if s.backend == "bbolt" {
		// Each record is mapped once, as the writer takes it; a problem
		// found on the way abandons the load's copy of the store.
		var written int64 // quads committed so far
		counts, err := s.bulkLoad(ctx, func(c cayleykv.Counts) { bulk, written = c, c.Quads; report(written, false) }, func(ctx context.Context, w *cayleykv.Writer) error {
			err := m.records(fresh, func(qs []mappedQuad) error {
				// Batches commit half a million quads at a time: say how the
				// records go in between.
				if recordsDone++; recordsDone%progressRecords == 0 {
					report(written, false)
				}
				for _, q := range qs {
					if err := w.Add(ctx, q.Quad, q.shared); err != nil {
						return err
					}
				}
				return nil
			})
			if err == nil && len(m.problems) > 0 {
				return errMappingProblems
			}
			return err
		})
		if errors.Is(err, errMappingProblems) {
			return LoadResult{}, mapProblems()
		}
		if err != nil {
			return LoadResult{}, history.Wrap(history.CodeInternal, op, err)
		}
		res.QuadsAdded = counts.Quads
		report(counts.Quads, true)
		return res, nil
	}
	quads := m.dataset(fresh)
	if err := mapProblems(); err != nil {
		return LoadResult{}, err
	}
	recordsDone = int64(res.Records)
	deltas := make([]graph.Delta, len(quads))
	for i, q := range quads {
		deltas[i] = graph.Delta{Quad: q, Action: graph.Add}
	}
	before, err := quadCount(ctx, qs)
	if err != nil {
		return LoadResult{}, history.Wrap(history.CodeInternal, op, err)
	}
	if err := s.apply(ctx, deltas); err != nil {
		return LoadResult{}, history.Wrap(history.CodeInternal, op, err)
	}
	after, err := quadCount(ctx, s.qs)
	if err != nil {
		return LoadResult{}, history.Wrap(history.CodeInternal, op, err)
	}
	res.QuadsAdded = after - before
	report(res.QuadsAdded, true)
	return res, nil
}

// storedRecords returns the open quad store and the records it holds,
// which a load checks its records against. Callers hold s.mu.
func (s *Store) storedRecords(ctx context.Context, op string) (graph.QuadStore, *history.Dataset, error) {
	qs, err := s.handle("load into store")
	if err != nil {
		return nil, nil, err
	}
	stored, err := s.read(ctx, qs)
	if err != nil {
		return nil, nil, history.Wrap(history.CodeInternal, op+": read stored records", err)
	}
	return qs, stored, nil
}

// cayleyWrite writes the records of ds with Cayley's QuadWriter, as
// `cayley load` does, and returns how many quads the store gained.
func (s *Store) cayleyWrite(ctx context.Context, qs graph.QuadStore, m *mapper, ds *history.Dataset, progress func(int64)) (int64, error) {
	before, err := quadCount(ctx, qs)
	if err != nil {
		return 0, err
	}
	qw, err := qs.NewQuadWriter()
	if err != nil {
		return 0, err
	}
	batch := make([]quad.Quad, 0, quad.DefaultBatch)
	var sent int64
	flush := func() error {
		if _, err := qw.WriteQuads(batch); err != nil {
			return err
		}
		sent += int64(len(batch))
		progress(sent)
		batch = batch[:0]
		return ctx.Err()
	}
	err = m.records(ds, func(qs []mappedQuad) error {
		for _, q := range qs {
			batch = append(batch, q.Quad)
			if len(batch) == cap(batch) {
				if err := flush(); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err == nil && len(batch) > 0 {
		err = flush()
	}
	if cerr := qw.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		if rerr := s.reopen(); rerr != nil {
			err = errors.Join(err, rerr)
		}
		return 0, fmt.Errorf("write with Cayley's QuadWriter: %w", err)
	}
	after, err := quadCount(ctx, s.qs)
	return after - before, err
}

// apply writes deltas in one transaction, duplicates ignored. After a
// failed write it reopens the handle (see reopen): Cayley's key-value store
// otherwise keeps node ids from the rolled-back transaction, and a later
// write can land on the wrong node. Callers hold s.mu for writing.
func (s *Store) apply(ctx context.Context, deltas []graph.Delta) error {
	if s.opts.beforeApply != nil {
		deltas = s.opts.beforeApply(deltas)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if s.kv != nil {
		if err := precreateBuckets(ctx, s.kv, deltas); err != nil {
			return fmt.Errorf("prepare buckets: %w", err)
		}
	}
	err := s.qs.ApplyDeltas(deltas, graph.IgnoreOpts{IgnoreDup: true})
	if err == nil {
		return nil
	}
	if rerr := s.reopen(); rerr != nil {
		return errors.Join(fmt.Errorf("write: %w", err), rerr)
	}
	return fmt.Errorf("write: %w", err)
}

// precreateBuckets creates, in key order and in a transaction of its own,
// the buckets that Cayley's key-value store keeps node ids and reference
// counts in ("v" and "n" followed by the first two bytes of the node's
// hash), for every node the deltas name. Cayley creates a missing bucket
// in the middle of its write, in hash order, and bolt inserts each into an
// unsplit root node: a first large load spends most of its time moving
// memory (4 of 10 s for 120k quads). Created here in order, they are
// appended instead. Empty buckets hold no data, so writing them outside the
// load's transaction does not weaken its atomicity.
func precreateBuckets(ctx context.Context, db hkv.KV, deltas []graph.Delta) error {
	var need [1 << 16]bool
	seen := make(map[quad.Value]struct{}, len(deltas))
	for _, d := range deltas {
		for _, dir := range quad.Directions {
			v := d.Quad.Get(dir)
			if v == nil {
				continue
			}
			if _, ok := seen[v]; ok {
				continue
			}
			seen[v] = struct{}{}
			h := refs.HashOf(v)
			need[int(h[0])<<8|int(h[1])] = true
		}
	}
	return hkv.Update(ctx, db, func(tx hkv.Tx) error {
		for _, prefix := range []byte{'n', 'v'} { // in key order: "n.." < "v.."
			for i, ok := range need {
				if !ok {
					continue
				}
				if err := hkv.CreateBucket(ctx, tx, hkv.Key{{prefix, byte(i >> 8), byte(i)}}); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// quadCount returns how many quads the store holds, from the backend's own
// counter.
func quadCount(ctx context.Context, qs graph.QuadStore) (int64, error) {
	st, err := qs.Stats(ctx, false)
	if errors.Is(err, ckv.ErrNoBucket) {
		return 0, nil // a key-value store that was never written
	}
	if err != nil {
		return 0, err
	}
	return st.Quads.Value, nil
}

// diff splits the records of ds into those new to the store, those stored
// already with the same content (counted in res.Unchanged), and the ids of
// those stored with different content. A record repeated in ds stays in
// fresh so that validation reports the duplicate.
func diff(stored, ds *history.Dataset) (fresh *history.Dataset, res LoadResult, conflicts []string) {
	return newDiffer(stored).part(ds)
}

// differ compares records with the stored ones, part by part.
type differ struct {
	cmp  canon
	have map[history.ID]any // the canonical form of each stored record
	seen map[history.ID]bool
}

func newDiffer(stored *history.Dataset) *differ {
	d := &differ{cmp: canon{edtfOnly: true}, have: map[history.ID]any{}, seen: map[history.ID]bool{}}
	for _, r := range stored.Sources {
		d.have[r.ID] = d.cmp.source(r)
	}
	for _, r := range stored.Entities {
		d.have[r.ID] = d.cmp.entity(r)
	}
	for _, r := range stored.Events {
		d.have[r.ID] = d.cmp.event(r)
	}
	for _, r := range stored.Relations {
		d.have[r.ID] = d.cmp.relation(r)
	}
	for _, r := range stored.Claims {
		d.have[r.ID] = d.cmp.claim(r)
	}
	return d
}

// part splits the records of one part, as diff does.
func (d *differ) part(ds *history.Dataset) (fresh *history.Dataset, res LoadResult, conflicts []string) {
	cmp := d.cmp
	// keep reports whether a record is new; rec gives its canonical form,
	// needed only if the id is stored.
	keep := func(id history.ID, rec func() any) bool {
		old, ok := d.have[id]
		if !ok {
			return true
		}
		first := !d.seen[id]
		d.seen[id] = true
		switch {
		case !first:
			return true
		case reflect.DeepEqual(old, rec()):
			res.Unchanged++
			return false
		}
		conflicts = append(conflicts, string(id))
		return false
	}
	fresh = &history.Dataset{}
	for _, r := range ds.Sources {
		if keep(r.ID, func() any { return cmp.source(r) }) {
			fresh.Sources = append(fresh.Sources, r)
		}
	}
	for _, r := range ds.Entities {
		if keep(r.ID, func() any { return cmp.entity(r) }) {
			fresh.Entities = append(fresh.Entities, r)
		}
	}
	for _, r := range ds.Events {
		if keep(r.ID, func() any { return cmp.event(r) }) {
			fresh.Events = append(fresh.Events, r)
		}
	}
	for _, r := range ds.Relations {
		if keep(r.ID, func() any { return cmp.relation(r) }) {
			fresh.Relations = append(fresh.Relations, r)
		}
	}
	for _, r := range ds.Claims {
		if keep(r.ID, func() any { return cmp.claim(r) }) {
			fresh.Claims = append(fresh.Claims, r)
		}
	}
	res.Records = len(fresh.Sources) + len(fresh.Entities) + len(fresh.Events) + len(fresh.Relations) + len(fresh.Claims)
	return fresh, res, conflicts
}

// union returns the records of a and b together.
func union(a, b *history.Dataset) *history.Dataset {
	return &history.Dataset{
		Sources:   append(append([]history.Source(nil), a.Sources...), b.Sources...),
		Entities:  append(append([]history.Entity(nil), a.Entities...), b.Entities...),
		Events:    append(append([]history.Event(nil), a.Events...), b.Events...),
		Relations: append(append([]history.Relation(nil), a.Relations...), b.Relations...),
		Claims:    append(append([]history.Claim(nil), a.Claims...), b.Claims...),
	}
}
