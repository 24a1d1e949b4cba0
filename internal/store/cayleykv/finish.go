package cayleykv

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"slices"

	bbolt "go.etcd.io/bbolt"
)

// finishCommitBytes is how many bytes of keys and values the last phase of
// a load puts in one transaction. bbolt holds every page a
// transaction touches, and a copy of it to write, until the commit; in key
// order, the pages touched are about the pages written, so this bounds
// the phase's memory (a few times this) while keeping commits, which
// rewrite the path to each page and the free list, rare.
const finishCommitBytes = 32 << 20

// finish writes what the log's batches leave for the end: the reference
// counts and ids of the load's nodes, and the index entries kept in runs,
// each bucket in key order and the buckets in the order of their names.
// Every batch must be written.
func (w *Writer) finish(ctx context.Context) error {
	nodes := slices.DeleteFunc(w.entries, func(e nodeEntry) bool { return e.refs == 0 && e.id <= w.before })
	// From here on, nodes is all that is needed of the load's nodes and
	// quads.
	w.entries, w.nodes, w.shared, w.hashes = nil, nil, nil, nil
	slices.SortFunc(nodes, func(x, y nodeEntry) int { return bytes.Compare(x.hash[:], y.hash[:]) })

	var newNodes int64
	for _, n := range nodes {
		if n.id > w.before {
			newNodes++
		}
	}
	w.written.Entries = int64(len(nodes)) + newNodes + w.runs.entries()
	sw := &sortedWriter{db: w.db, commitBytes: w.finishCommitBytes, committed: func(done int64) error {
		w.written.EntriesDone = done
		if w.progress != nil {
			w.progress(w.written)
		}
		return ctx.Err()
	}}
	// A bucket created after thousands of others in the same parent goes
	// at the end of its node if its name comes last, and is moved in
	// front of them otherwise: so the buckets are written in name order,
	// the reference counts ("n..") first and the node ids ("v..") last,
	// with the indexes (named by directions: s, p, o, c) in between.
	type step struct {
		name  []byte
		write func() error
	}
	steps := []step{
		{[]byte{refsPrefix}, func() error { return writeRefCounts(sw, nodes, w.before) }},
		{[]byte{nodePrefix}, func() error { return writeNodeIDs(sw, nodes, w.before) }},
	}
	for i, ind := range w.indexes {
		name := indexBucket(ind)
		steps = append(steps, step{name, func() error { return w.writeIndex(sw, i, name) }})
	}
	slices.SortFunc(steps, func(x, y step) int { return bytes.Compare(x.name, y.name) })
	for _, s := range steps {
		if err := s.write(); err != nil {
			sw.rollback()
			return err
		}
	}
	return sw.commit()
}

// writeRefCounts adds the load's references to each node's count.
func writeRefCounts(sw *sortedWriter, nodes []nodeEntry, before uint64) error {
	for _, n := range nodes {
		if n.refs == 0 {
			continue
		}
		name := []byte{refsPrefix, n.hash[0], n.hash[1]}
		count := n.refs
		if n.id <= before {
			old, err := sw.get(name, n.hash[:])
			if err != nil {
				return err
			}
			if old != nil {
				stored, _ := binary.Uvarint(old)
				count += int64(stored)
			}
		}
		if err := sw.put(name, sw.arena.bytes(n.hash[:]), sw.arena.uvarint(uint64(count)), 1); err != nil {
			return err
		}
	}
	return nil
}

// writeNodeIDs writes hash → id for the load's new nodes.
func writeNodeIDs(sw *sortedWriter, nodes []nodeEntry, before uint64) error {
	for _, n := range nodes {
		if n.id <= before {
			continue
		}
		name := []byte{nodePrefix, n.hash[0], n.hash[1]}
		if err := sw.put(name, sw.arena.bytes(n.hash[:]), sw.arena.uvarint(n.id), 1); err != nil {
			return err
		}
	}
	return nil
}

// writeIndex writes the i-th index's entries, each key once, after the
// ids the store already lists under it.
func (w *Writer) writeIndex(sw *sortedWriter, i int, name []byte) error {
	return w.runs.merge(i, func(key, ids []uint64) error {
		k := sw.arena.take(indexKeySize * len(key))
		stored := true // all the key's nodes were: the store may list it
		for _, id := range key {
			k = binary.BigEndian.AppendUint64(k, id)
			stored = stored && id <= w.before
		}
		var old []byte
		if stored {
			var err error
			if old, err = sw.get(name, k); err != nil {
				return err
			}
		}
		val := sw.arena.take(len(old) + binary.MaxVarintLen64*len(ids))
		val = append(val, old...)
		for _, id := range ids {
			val = binary.AppendUvarint(val, id)
		}
		return sw.put(name, k, val, int64(len(ids)))
	})
}

// sortedWriter puts keys in order into top-level buckets, committing a
// transaction every commitBytes.
type sortedWriter struct {
	db *bbolt.DB
	tx *bbolt.Tx
	// bucket is the bucket of the name last asked for in tx.
	name   []byte
	bucket *bbolt.Bucket
	// arena holds the keys and values put in tx, which bbolt keeps until
	// the commit: callers build them in it.
	arena       arena
	bytes       int   // put in tx
	commitBytes int   // how many bytes to put in a transaction
	done        int64 // entries written, as put counts them
	// committed hears how many entries are written after each commit; an
	// error stops the writing.
	committed func(done int64) error
}

// open returns the bucket called name in the current transaction,
// beginning one and creating the bucket if need be.
func (sw *sortedWriter) open(name []byte) (*bbolt.Bucket, error) {
	if sw.tx == nil {
		tx, err := sw.db.Begin(true)
		if err != nil {
			return nil, err
		}
		sw.tx, sw.name, sw.bucket = tx, nil, nil
	}
	if sw.bucket != nil && bytes.Equal(name, sw.name) {
		return sw.bucket, nil
	}
	b, err := sw.tx.CreateBucketIfNotExists(name)
	if err != nil {
		return nil, fmt.Errorf("create bucket %q: %w", string(name), err) // a copy: name stays on the caller's stack
	}
	// Keys come in order, so pages are filled before the next is begun.
	b.FillPercent = 1
	sw.name, sw.bucket = append(sw.name[:0], name...), b
	return b, nil
}

// get returns the value stored under key in the bucket called name, valid
// until the next put, or nil.
func (sw *sortedWriter) get(name, key []byte) ([]byte, error) {
	b, err := sw.open(name)
	if err != nil {
		return nil, err
	}
	return b.Get(key), nil
}

// put writes key and val, which stand for n entries, into the bucket
// called name. key and val must stay as they are until the commit.
func (sw *sortedWriter) put(name, key, val []byte, n int64) error {
	b, err := sw.open(name)
	if err != nil {
		return err
	}
	if err := b.Put(key, val); err != nil {
		return fmt.Errorf("write to bucket %q: %w", string(name), err)
	}
	sw.done += n
	if sw.bytes += len(key) + len(val); sw.bytes >= sw.commitBytes {
		return sw.commit()
	}
	return nil
}

// commit commits the current transaction, if any.
func (sw *sortedWriter) commit() error {
	if sw.tx == nil {
		return nil
	}
	err := sw.tx.Commit()
	sw.tx, sw.name, sw.bucket, sw.arena, sw.bytes = nil, nil, nil, arena{}, 0
	if err != nil {
		return fmt.Errorf("write the indexes: %w", err)
	}
	return sw.committed(sw.done)
}

// rollback drops the current transaction after a failure.
func (sw *sortedWriter) rollback() {
	if sw.tx != nil {
		_ = sw.tx.Rollback()
		sw.tx = nil
	}
}
