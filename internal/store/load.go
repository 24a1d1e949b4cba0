package store

import (
	"context"
	"errors"

	"github.com/cayleygraph/quad"

	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/rdfmap"
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
	// Revision is the graph's revision after the load: the load's own
	// change number, or the revision as it was if nothing was new.
	Revision uint64
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
	// Change says who loads what, for the load's audit record: a load is
	// one change. Its Operation is "load" unless it says otherwise;
	// ClientID and LastWriteWins do not apply.
	Change ChangeMeta
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
// ids, and a cancelled ctx stops the load between batches (or while the
// indexes are written), leaving the store as it was. The other backends
// take the quads in one Cayley transaction.
func (s *Store) Load(ctx context.Context, ds *history.Dataset) (LoadResult, error) {
	return s.LoadWith(ctx, ds, LoadOptions{})
}

// LoadWith is Load with options. It checks the records against the stored
// ones (newRecords), maps the new ones to quads and writes them, in one of
// three ways: with Cayley's QuadWriter if opts.CayleyWriter asks, with the
// bulk writer on bbolt, and in one Cayley transaction elsewhere.
func (s *Store) LoadWith(ctx context.Context, ds *history.Dataset, opts LoadOptions) (LoadResult, error) {
	if s.writer != nil {
		return s.writer.LoadWith(ctx, ds, opts)
	}
	if ds == nil {
		ds = &history.Dataset{}
	}
	if err := s.refuseWrite("load into store"); err != nil {
		return LoadResult{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	op := "load into store " + s.name
	if err := s.catchUp(ctx); err != nil {
		return LoadResult{}, err
	}
	fresh, res, err := s.newRecords(ctx, op, ds)
	res.Revision = s.Revision()
	if err != nil || res.Records == 0 {
		return res, err
	}
	w := &recordWriter{op: op, m: s.loadMapper(&opts.Change), fresh: fresh, p: progress{fn: opts.Progress, records: int64(res.Records)}}
	if w.audit, err = s.loadAudit(opts.Change, res.Records); err != nil {
		return LoadResult{}, wrapInternal(op, err)
	}
	switch {
	case opts.CayleyWriter:
		err = s.writeWithCayley(ctx, w)
	case s.backend == "bbolt":
		err = s.writeBulk(ctx, w)
	default:
		err = s.writeDeltas(ctx, w)
	}
	if err != nil {
		return LoadResult{}, err
	}
	res.QuadsAdded = w.p.written
	res.Revision = s.revision.Add(1)
	w.p.report(true)
	return res, nil
}

// newRecords reads the stored records and returns the records of ds that
// are new to the store, with the count of those stored already with the
// same content. A record stored with other content is a conflict, and the
// new records must make a valid dataset with the stored ones.
func (s *Store) newRecords(ctx context.Context, op string, ds *history.Dataset) (*history.Dataset, LoadResult, error) {
	stored, err := s.storedRecords(ctx, op)
	if err != nil {
		return nil, LoadResult{}, err
	}
	fresh, res, conflicts := diff(stored, ds)
	if len(conflicts) > 0 {
		return nil, LoadResult{}, conflictError(op, conflicts)
	}
	if err := ctx.Err(); err != nil {
		return nil, LoadResult{}, history.Wrap(history.CodeInternal, op, err)
	}
	if ps := history.Validate(union(stored, fresh)); len(ps) > 0 {
		return nil, LoadResult{}, ps.Err(op)
	}
	return fresh, res, nil
}

// storedRecords returns the records the store holds, which a load checks
// its records against. Callers hold s.mu.
func (s *Store) storedRecords(ctx context.Context, op string) (*history.Dataset, error) {
	qs, err := s.handle("load into store")
	if err != nil {
		return nil, err
	}
	stored, err := s.read(ctx, qs)
	if err != nil {
		return nil, history.Wrap(history.CodeInternal, op+": read stored records", err)
	}
	return stored, nil
}

// recordWriter is the write of one LoadWith: the new records, their
// mapper, and the progress made.
type recordWriter struct {
	op    string // what errors say the load was
	m     *rdfmap.Mapper
	fresh *history.Dataset
	audit []quad.Quad // the load's audit record, written last
	p     progress
}

// writeBulk writes the records with the bulk writer into a copy of the
// store's file. Each record is mapped once, as the writer takes it; a
// problem found on the way abandons the copy.
func (s *Store) writeBulk(ctx context.Context, w *recordWriter) error {
	counts, err := s.bulkLoad(ctx, &w.p, func(ctx context.Context, kw *cayleykv.Writer) error {
		err := writeRecords(ctx, kw, w.m, w.fresh, &w.p)
		if err == nil && len(w.m.Problems()) > 0 {
			return errMappingProblems
		}
		if err != nil {
			return err
		}
		return writeAudit(ctx, kw, w.audit)
	})
	if errors.Is(err, errMappingProblems) {
		return w.m.Err(w.op)
	}
	w.p.written = counts.Quads
	return wrapInternal(w.op, err)
}

// writeWithCayley writes the records with Cayley's QuadWriter, which
// commits as it goes: the mapping's problems are looked for first.
func (s *Store) writeWithCayley(ctx context.Context, w *recordWriter) error {
	_ = w.m.Records(w.fresh, func([]rdfmap.Quad) error { return nil })
	if err := w.m.Err(w.op); err != nil {
		return err
	}
	n, err := s.cayleyWrite(ctx, s.qs, w.m, w.fresh, func(n int64) { w.p.written = n; w.p.report(false) })
	if err == nil {
		err = s.apply(ctx, addDeltas(w.audit))
	}
	if err != nil {
		return wrapInternal(w.op, err)
	}
	w.p.written, w.p.recordsDone = n+int64(len(w.audit)), w.p.records
	return nil
}

// writeDeltas writes the records in one Cayley transaction.
func (s *Store) writeDeltas(ctx context.Context, w *recordWriter) error {
	quads := w.m.Dataset(w.fresh)
	if err := w.m.Err(w.op); err != nil {
		return err
	}
	w.p.recordsDone = w.p.records
	// The memory backend adds a quad it holds as it should, and would
	// look each up among every quad that points at its object.
	if s.kv != nil {
		var err error
		if quads, err = withoutStored(ctx, s.qs, quads); err != nil {
			return wrapInternal(w.op, err)
		}
	}
	deltas := addDeltas(append(quads, w.audit...))
	before, err := quadCount(ctx, s.qs)
	if err == nil {
		err = s.apply(ctx, deltas)
	}
	var after int64
	if err == nil {
		after, err = quadCount(ctx, s.qs)
	}
	if err != nil {
		return wrapInternal(w.op, err)
	}
	w.p.written = after - before
	return nil
}
