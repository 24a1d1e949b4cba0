package store

import (
	"fmt"

	bbolt "go.etcd.io/bbolt"
)

// writeBatches writes each batch it is given in a transaction of its own.
// After a failure it writes nothing more: the load is abandoned.
func (w *bulkWriter) writeBatches() {
	var failed error
	n := 0
	for b := range w.pending {
		if failed != nil {
			w.results <- batchResult{err: failed}
			continue
		}
		n++
		r := w.writeBatch(b, n)
		failed = r.err
		w.results <- r
	}
}

// writeBatch writes the n-th batch of the load: its nodes and quads to the
// log, and its index entries, sorted, as runs for finish to merge. It only
// reads and writes: the batch comes encoded and sorted.
func (w *bulkWriter) writeBatch(b *bulkBatchData, n int) batchResult {
	err := w.db.Update(func(tx *bbolt.Tx) error {
		if err := writeLog(tx, b); err != nil {
			return err
		}
		meta := tx.Bucket(bucketMeta)
		if err := meta.Put(metaHorizon, b.arena.int64(int64(b.end))); err != nil {
			return err
		}
		size := metaInt(meta, metaSize) + int64(len(b.quads))
		if err := meta.Put(metaSize, b.arena.int64(size)); err != nil {
			return err
		}
		if w.afterBatch != nil {
			return w.afterBatch(n)
		}
		return nil
	})
	if err == nil {
		err = w.runs.add(b.index)
	}
	if err != nil {
		return batchResult{err: fmt.Errorf("write a batch of %d quads: %w", len(b.quads), err)}
	}
	return batchResult{quads: int64(len(b.quads))}
}

// writeLog appends the batch's primitives: their ids are above every
// stored id, so each put lands at the end of the bucket.
func writeLog(tx *bbolt.Tx, b *bulkBatchData) error {
	log, err := tx.CreateBucketIfNotExists(bucketLog)
	if err != nil {
		return err
	}
	log.FillPercent = 1 // append-only: full pages
	for _, kv := range b.log {
		if err := log.Put(kv.key, kv.val); err != nil {
			return err
		}
	}
	return nil
}
