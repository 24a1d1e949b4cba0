package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/rdfmap"
	"github.com/memoria-history/memoria/internal/store/cayleykv"
)

// bulkLoad runs write with a bulk writer on a copy of the store's bbolt
// file (cayleykv.WriteCopy), and puts the copy in place of the file once
// every batch is written and synced. The store after a crash or a
// cancelled ctx is the file as it was. The store's own handle stays open
// until the copy is complete, holding bbolt's lock on the file, so that a
// tool that ignores Memoria's lock file cannot write into the file and see
// its write replaced. Callers hold s.mu for writing, so readers in this
// process wait for the load (and Progress callbacks must not call back
// into the store).
func (s *Store) bulkLoad(ctx context.Context, p *progress, write func(context.Context, *cayleykv.Writer) error) (cayleykv.Counts, error) {
	db := s.bboltDB()
	if db == nil {
		return cayleykv.Counts{}, errors.New("bulk load: the store is not an open bbolt file")
	}
	opts := s.opts.bulk
	opts.Progress = p.committed
	counts, err := cayleykv.WriteCopy(ctx, db, s.file, opts, write)
	if err != nil || counts == (cayleykv.Counts{}) {
		// A failure, or nothing new (every record already stored): the
		// store stays the file it is.
		return counts, err
	}
	// The copy is complete and synced: swap it in.
	closeErr := s.qs.Close()
	s.qs, s.kv, s.txkv = nil, nil, nil
	err = cayleykv.ReplaceWithCopy(s.file)
	qs, oerr := s.openBolt()
	if oerr != nil {
		s.broken = fmt.Errorf("reopen after a load: %w", errors.Join(closeErr, oerr))
		return counts, errors.Join(err, s.broken)
	}
	s.qs = qs
	return counts, err
}

// writeRecords maps the records of ds and hands their quads to w, counting
// the records in p.
func writeRecords(ctx context.Context, w *cayleykv.Writer, m *rdfmap.Mapper, ds *history.Dataset, p *progress) error {
	return m.Records(ds, func(qs []rdfmap.Quad) error {
		p.recordDone()
		for _, q := range qs {
			if err := w.Add(ctx, q.Quad, q.Shared); err != nil {
				return err
			}
		}
		return nil
	})
}

// progress tells LoadOptions.Progress how far a load has come.
type progress struct {
	fn func(LoadProgress)
	// records is how many new records the load writes, if known, and
	// recordsDone how many are handed to the writer.
	records, recordsDone int64
	written              int64           // quads written
	bulk                 cayleykv.Counts // the bulk writer's last report
}

func (p *progress) report(done bool) {
	if p.fn == nil {
		return
	}
	p.fn(LoadProgress{
		Records: p.records, RecordsDone: p.recordsDone, QuadsWritten: p.written,
		Indexing: p.bulk.Entries > 0, IndexEntries: p.bulk.Entries, IndexEntriesDone: p.bulk.EntriesDone,
		Done: done,
	})
}

// committed hears of the bulk writer's progress: a committed batch, or
// entries of the last phase written.
func (p *progress) committed(c cayleykv.Counts) {
	p.written, p.bulk = c.Quads, c
	p.report(false)
}

// recordDone counts a record handed to the writer. Batches commit half a
// million quads at a time: every progressRecords records, it says how the
// records go in between.
func (p *progress) recordDone() {
	if p.recordsDone++; p.recordsDone%progressRecords == 0 {
		p.report(false)
	}
}
