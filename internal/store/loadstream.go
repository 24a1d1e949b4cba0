package store

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/memoria-history/memoria/internal/history"
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
	_, stored, err := s.storedRecords(ctx, op)
	if err != nil {
		return LoadResult{}, err
	}
	st := streamLoad{op: op, d: newDiffer(stored), v: history.NewValidator(), m: newMapper(s.base), opts: opts}
	st.v.Known(stored)
	stored = nil
	counts, err := s.bulkLoad(ctx, st.committed, func(ctx context.Context, w *cayleykv.Writer) error {
		return st.run(ctx, w, next)
	})
	switch {
	case st.failure != nil:
		return LoadResult{}, st.failure
	case err != nil:
		return LoadResult{}, history.Wrap(history.CodeInternal, op, err)
	}
	st.res.QuadsAdded = counts.Quads
	st.report(true)
	return st.res, nil
}

// errAbandoned stops a streamed load whose records are wrong; the load's
// failure says what is wrong.
var errAbandoned = errors.New("the load was abandoned")

// streamLoad is one LoadStream on bbolt.
type streamLoad struct {
	op   string // what errors say the load was
	d    *differ
	v    *history.Validator
	m    *mapper
	opts LoadOptions

	res         LoadResult
	conflicts   []string
	written     int64           // quads committed
	bulk        cayleykv.Counts // the bulk writer's last report
	recordsDone int64           // records handed to the writer
	// failure is why the records cannot be stored, once known: a part
	// with problems, conflicts, or the checks at the end.
	failure error
}

func (st *streamLoad) run(ctx context.Context, w *cayleykv.Writer, next func() (*history.Dataset, error)) error {
	op := st.op
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
		if len(st.conflicts) > 0 || len(st.v.Problems()) > 0 || len(st.m.problems) > 0 {
			continue // nothing more is written; the parts are still checked
		}
		err = st.m.records(fresh, func(qs []mappedQuad) error {
			if st.recordsDone++; st.recordsDone%progressRecords == 0 {
				st.report(false)
			}
			for _, q := range qs {
				if err := w.Add(ctx, q.Quad, q.shared); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	if len(st.conflicts) > 0 {
		st.failure = &history.Error{
			Code:    history.CodeConflict,
			Op:      op,
			Message: fmt.Sprintf("%d record(s) already stored with different content: %s", len(st.conflicts), strings.Join(st.conflicts, ", ")),
		}
		return errAbandoned
	}
	st.res.LaterReferences = st.v.Waiting()
	if ps := st.v.Finish(); len(ps) > 0 {
		st.failure = ps.Err(op)
		return errAbandoned
	}
	if len(st.m.problems) > 0 {
		st.m.problems.Sort()
		st.failure = st.m.problems.Err(op)
		return errAbandoned
	}
	// What the checks kept of every record is not needed to write the
	// indexes: let the collector have it, rather than mark it again and
	// again while they are written.
	st.d, st.v, st.m = nil, nil, nil
	return nil
}

// committed hears of each committed batch.
func (st *streamLoad) committed(c cayleykv.Counts) {
	st.written, st.bulk = c.Quads, c
	st.report(false)
}

func (st *streamLoad) report(done bool) {
	if st.opts.Progress != nil {
		p := LoadProgress{RecordsDone: st.recordsDone, QuadsWritten: st.written, Done: done}
		st.opts.Progress(p.withIndexing(st.bulk))
	}
}

// appendDataset appends the records of part to ds.
func appendDataset(ds, part *history.Dataset) {
	ds.Sources = append(ds.Sources, part.Sources...)
	ds.Entities = append(ds.Entities, part.Entities...)
	ds.Events = append(ds.Events, part.Events...)
	ds.Relations = append(ds.Relations, part.Relations...)
	ds.Claims = append(ds.Claims, part.Claims...)
}
