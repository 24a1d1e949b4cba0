package store

import (
	"bytes"
	"encoding/binary"
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

// writeBatch writes the n-th batch of the load. It only reads and writes
// bbolt: the batch comes encoded and sorted.
func (w *bulkWriter) writeBatch(b *bulkBatchData, n int) batchResult {
	err := w.db.Update(func(tx *bbolt.Tx) error {
		if err := writeLog(tx, b); err != nil {
			return err
		}
		// "n.." buckets before "v..": a bucket created in a transaction goes
		// into its parent's unsplit node, and one created in key order after
		// the others is appended, not moved in front of thousands.
		if err := writeRefCounts(tx, b); err != nil {
			return err
		}
		if err := writeNodeIDs(tx, b); err != nil {
			return err
		}
		for i, ind := range w.indexes {
			bucket, err := tx.CreateBucketIfNotExists(indexBucket(ind))
			if err != nil {
				return err
			}
			if err := writeIndex(bucket, b.index[i], &b.arena); err != nil {
				return err
			}
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
	if err != nil {
		return batchResult{err: fmt.Errorf("write a batch of %d quads: %w", len(b.quads), err)}
	}
	return batchResult{quads: int64(len(b.quads)), nodes: int64(len(b.nodeIDs))}
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

// hashBuckets walks the per-hash buckets of one prefix in order, creating
// each once.
type hashBuckets struct {
	tx     *bbolt.Tx
	prefix byte
	cur    *bbolt.Bucket
	name   [3]byte
}

func (hb *hashBuckets) bucket(h0, h1 byte) (*bbolt.Bucket, error) {
	name := [3]byte{hb.prefix, h0, h1}
	if hb.cur != nil && name == hb.name {
		return hb.cur, nil
	}
	b, err := hb.tx.CreateBucketIfNotExists(name[:])
	if err != nil {
		return nil, err
	}
	hb.cur, hb.name = b, name
	return b, nil
}

// writeNodeIDs writes hash → id for the batch's new nodes.
func writeNodeIDs(tx *bbolt.Tx, b *bulkBatchData) error {
	hb := hashBuckets{tx: tx, prefix: nodePrefix}
	for _, n := range b.nodeIDs {
		bucket, err := hb.bucket(n.hash[0], n.hash[1])
		if err != nil {
			return err
		}
		if err := bucket.Put(b.arena.bytes(n.hash[:]), b.arena.uvarint(n.id)); err != nil {
			return err
		}
	}
	return nil
}

// writeRefCounts adds the batch's references to each node's count.
func writeRefCounts(tx *bbolt.Tx, b *bulkBatchData) error {
	hb := hashBuckets{tx: tx, prefix: refsPrefix}
	for _, r := range b.refCounts {
		bucket, err := hb.bucket(r.hash[0], r.hash[1])
		if err != nil {
			return err
		}
		count := r.inc
		if r.stored {
			if old := bucket.Get(r.hash[:]); old != nil {
				n, _ := binary.Uvarint(old)
				count += int64(n)
			}
		}
		if err := bucket.Put(b.arena.bytes(r.hash[:]), b.arena.uvarint(uint64(count))); err != nil {
			return err
		}
	}
	return nil
}

// writeIndex appends quad ids to one index, key by key in order, each key
// read and rewritten once per batch.
func writeIndex(bucket *bbolt.Bucket, entries []indexEntry, a *arena) error {
	c := bucket.Cursor()
	for i := 0; i < len(entries); {
		j := i + 1
		for j < len(entries) && bytes.Equal(entries[j].key, entries[i].key) {
			j++
		}
		var old []byte
		if !entries[i].new {
			if k, v := c.Seek(entries[i].key); bytes.Equal(k, entries[i].key) {
				old = v
			}
		}
		val := a.take(len(old) + binary.MaxVarintLen64*(j-i))
		val = append(val, old...)
		for _, e := range entries[i:j] {
			val = binary.AppendUvarint(val, e.id)
		}
		if err := bucket.Put(entries[i].key, val); err != nil {
			return err
		}
		i = j
	}
	return nil
}
