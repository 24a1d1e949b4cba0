package store

import (
	"context"
	"errors"

	"github.com/cayleygraph/quad"

	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/rdfmap"
	"github.com/memoria-history/memoria/internal/store/cayleykv"
)

// LoadStream adds a dataset that arrives in parts: next returns one part
// at a time (a file's records), and nil after the last. It keeps Load's
// promises (the new records are checked together with the stored ones;
// all are written or none; unchanged records are skipped; changed ones
// are conflicts) without holding the dataset: on bbolt each part is
// checked and written as it comes, and the rules across parts, such as
// references to records of a later file, are checked at the end, before
// the copy the load wrote into takes the store's place. A part with
// problems stops the writing; the remaining parts are still checked, so
// that the error names every problem. An error from next ends the load.
//
// On the other backends, and with CayleyWriter, the parts are gathered and
// loaded as one dataset. LoadProgress.Records is then the total; on bbolt
// it is zero, as the total is not known until the end.
func (s *Store) LoadStream(ctx context.Context, next func() (*history.Dataset, error), opts LoadOptions) (LoadResult, error) {
	if s.writer != nil {
		return s.writer.LoadStream(ctx, next, opts)
	}
	if err := s.refuseWrite("load into store"); err != nil {
		return LoadResult{}, err
	}
	if s.backend != "bbolt" || opts.CayleyWriter {
		whole := &history.Dataset{}
		for {
			part, err := next()
			if err != nil {
				return LoadResult{}, err
			}
			if part == nil {
				return s.LoadWith(ctx, whole, opts)
			}
			appendDataset(whole, part)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	op := "load into store " + s.name
	stored, err := s.storedRecords(ctx, op)
	if err != nil {
		return LoadResult{}, err
	}
	st := streamLoad{op: op, d: newDiffer(stored), v: history.NewValidator(), m: s.loadMapper(&opts.Change), p: progress{fn: opts.Progress}}
	st.audit = func(records int) ([]quad.Quad, error) { return s.loadAudit(opts.Change, records) }
	st.v.Known(stored)
	stored = nil
	counts, err := s.bulkLoad(ctx, &st.p, func(ctx context.Context, w *cayleykv.Writer) error {
		return st.run(ctx, w, next)
	})
	switch {
	case st.failure != nil:
		return LoadResult{}, st.failure
	case err != nil:
		return LoadResult{}, history.Wrap(history.CodeInternal, op, err)
	}
	st.res.QuadsAdded = counts.Quads
	st.res.Revision = s.Revision()
	if st.res.Records > 0 {
		st.res.Revision = s.revision.Add(1)
	}
	st.p.written = counts.Quads
	st.p.report(true)
	return st.res, nil
}

// errAbandoned stops a streamed load whose records are wrong; the load's
// failure says what is wrong.
var errAbandoned = errors.New("the load was abandoned")

// streamLoad is one LoadStream on bbolt.
type streamLoad struct {
	op string // what errors say the load was
	d  *differ
	v  *history.Validator
	m  *rdfmap.Mapper
	p  progress
	// audit makes the load's audit record, once the count of records is
	// known.
	audit func(records int) ([]quad.Quad, error)

	res       LoadResult
	conflicts []string
	// failure is why the records cannot be stored, once known: a part
	// with problems, conflicts, or the checks at the end.
	failure error
}

// run checks and writes each part that next gives, then checks the rules
// across parts.
func (st *streamLoad) run(ctx context.Context, w *cayleykv.Writer, next func() (*history.Dataset, error)) error {
	for {
		part, err := next()
		if err != nil {
			st.failure = err
			return errAbandoned
		}
		if part == nil {
			break
		}
		fresh, res, conflicts := st.d.part(part)
		st.res.Records += res.Records
		st.res.Unchanged += res.Unchanged
		st.conflicts = append(st.conflicts, conflicts...)
		st.v.Add(fresh)
		if len(st.conflicts) > 0 || len(st.v.Problems()) > 0 || len(st.m.Problems()) > 0 {
			continue // nothing more is written; the parts are still checked
		}
		if err := writeRecords(ctx, w, st.m, fresh, &st.p); err != nil {
			return err
		}
	}
	if st.failure = st.finalCheck(); st.failure != nil {
		return errAbandoned
	}
	if st.res.Records > 0 {
		audit, err := st.audit(st.res.Records)
		if err != nil {
			return err
		}
		if err := writeAudit(ctx, w, audit); err != nil {
			return err
		}
	}
	// What the checks kept of every record is not needed to write the
	// indexes: let the collector have it, rather than mark it again and
	// again while they are written.
	st.d, st.v, st.m = nil, nil, nil
	return nil
}

// finalCheck is why the records cannot be stored, once every part is
// read: conflicts, the rules across parts, or the mapping's problems.
func (st *streamLoad) finalCheck() error {
	if len(st.conflicts) > 0 {
		return conflictError(st.op, st.conflicts)
	}
	st.res.LaterReferences = st.v.Waiting()
	if ps := st.v.Finish(); len(ps) > 0 {
		return ps.Err(st.op)
	}
	return st.m.Err(st.op)
}

// appendDataset appends the records of part to ds.
func appendDataset(ds, part *history.Dataset) {
	ds.Sources = append(ds.Sources, part.Sources...)
	ds.Entities = append(ds.Entities, part.Entities...)
	ds.Events = append(ds.Events, part.Events...)
	ds.Relations = append(ds.Relations, part.Relations...)
	ds.Claims = append(ds.Claims, part.Claims...)
}
