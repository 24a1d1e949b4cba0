package cayleykv

import (
	"context"
	"encoding/binary"
	"fmt"

	"github.com/cayleygraph/cayley/graph"
	ckv "github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/quad"
	bbolt "go.etcd.io/bbolt"
)

// scanBatch is how many log entries a scan reads between two looks at its
// context, and how many quads ScanLogRefs hands over at a time.
const scanBatch = 1024

// walkLog hands every live entry of a Cayley key-value store's log on
// bbolt to fn, in id order, decoded into one logEntry that fn must not
// keep. It checks ctx every scanBatch entries, and every dropPagesEvery
// lets go of the pages of the file it has read (dropMappedPages).
func walkLog(ctx context.Context, db *bbolt.DB, fn func(e *logEntry) error) error {
	return db.View(func(tx *bbolt.Tx) error {
		log := tx.Bucket(bucketLog)
		if log == nil {
			return nil // never written
		}
		var e logEntry
		c := log.Cursor()
		n := 0
		for k, raw := c.First(); k != nil; k, raw = c.Next() {
			if n++; n%scanBatch == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			if n%dropPagesEvery == 0 {
				if err := dropMappedPages(db, tx.Size()); err != nil {
					return fmt.Errorf("release the pages of the store file read so far: %w", err)
				}
			}
			if err := decodeLogEntry(raw, &e); err != nil {
				return corruptf("decode log entry %x: %v", k, err)
			}
			if e.Deleted {
				continue
			}
			if err := fn(&e); err != nil {
				return err
			}
		}
		if err := dropMappedPages(db, tx.Size()); err != nil {
			return fmt.Errorf("release the pages of the store file read: %w", err)
		}
		return ctx.Err()
	})
}

// dropPagesEvery is how many log entries walkLog reads between two calls
// of dropMappedPages: about 50 MB of the file's pages.
const dropPagesEvery = 1 << 20

// ScanLog reads every live quad of a Cayley key-value store on bbolt in one
// pass over its log bucket, in id order, and hands each to fn. A node's
// primitive comes before any quad that names it (ids are handed out in
// that order, by Cayley's writer and by Writer alike), so one pass
// resolves every value from the nodes read so far. Cayley's iterators cost
// dozens of allocations per quad and a lookup per value; this costs a
// decode. A log entry that does not decode, or a quad that names a node
// not stored before it, fails the scan with an error that matches
// ErrCorrupt.
func ScanLog(ctx context.Context, db *bbolt.DB, fn func(quad.Quad) error) error {
	var nodes nodeValues
	if err := db.View(func(tx *bbolt.Tx) error {
		nodes = newNodeValues(lastLogID(tx), uint64(tx.Size())/8)
		return nil
	}); err != nil {
		return err
	}
	value := func(id, quadID uint64) (quad.Value, error) {
		if id == 0 {
			return nil, nil
		}
		v, ok := nodes.get(id)
		if !ok {
			return nil, corruptf("quad %d refers to node %d, which is not stored before it", quadID, id)
		}
		return v, nil
	}
	return walkLog(ctx, db, func(p *logEntry) error {
		if p.isNode() {
			v, err := decodeValue(p.Value)
			if err != nil {
				return corruptf("decode node %d: %v", p.ID, err)
			}
			nodes.set(p.ID, v)
			return nil
		}
		var q quad.Quad
		var err error
		for _, f := range []struct {
			dst *quad.Value
			id  uint64
		}{{&q.Subject, p.Subject}, {&q.Predicate, p.Predicate}, {&q.Object, p.Object}, {&q.Label, p.Label}} {
			if *f.dst, err = value(f.id, p.ID); err != nil {
				return err
			}
		}
		return fn(q)
	})
}

// lastLogID is the id of the log's last entry, or 0.
func lastLogID(tx *bbolt.Tx) uint64 {
	log := tx.Bucket(bucketLog)
	if log == nil {
		return 0
	}
	k, _ := log.Cursor().Last()
	if len(k) != 8 {
		return 0
	}
	return binary.BigEndian.Uint64(k)
}

// nodeValues holds the values of the nodes read so far, by id. Both
// writers hand ids out in order from 1, so a slice indexed by id, sized
// from the log's last key, holds every node of nearly any store: a look-up
// is an index, where a map of millions of nodes missed the cache on most
// look-ups and was copied each time it grew (at a million people, a
// sixth of the read's CPU). Ids beyond the slice, and the rare node
// without a value, go to a map.
type nodeValues struct {
	dense  []quad.Value
	sparse map[uint64]quad.Value
}

// newNodeValues sizes the slice for ids up to last, unless last is at
// least limit, more ids than the store could hold: then every node goes
// to the map.
func newNodeValues(last, limit uint64) nodeValues {
	if last == 0 || last >= limit {
		return nodeValues{}
	}
	return nodeValues{dense: make([]quad.Value, last+1)}
}

func (n *nodeValues) set(id uint64, v quad.Value) {
	if v != nil && id < uint64(len(n.dense)) {
		n.dense[id] = v
		return
	}
	if n.sparse == nil {
		n.sparse = map[uint64]quad.Value{}
	}
	n.sparse[id] = v
}

func (n *nodeValues) get(id uint64) (quad.Value, bool) {
	if id < uint64(len(n.dense)) {
		if v := n.dense[id]; v != nil {
			return v, true
		}
	}
	v, ok := n.sparse[id]
	return v, ok
}

// ScanLogRefs is ScanLog without the values: it hands fn every live quad
// as the references to its nodes (subject, predicate, object, label) that
// Cayley's key-value quad store uses, in batches of up to scanBatch, so
// that Cayley resolves the few values a caller needs. fn must not keep the
// batch.
func ScanLogRefs(ctx context.Context, db *bbolt.DB, fn func([][4]graph.Ref) error) error {
	ref := func(id uint64) graph.Ref {
		if id == 0 {
			return nil
		}
		return ckv.Int64Value(id)
	}
	batch := make([][4]graph.Ref, 0, scanBatch)
	err := walkLog(ctx, db, func(p *logEntry) error {
		if p.isNode() {
			return nil
		}
		batch = append(batch, [4]graph.Ref{ref(p.Subject), ref(p.Predicate), ref(p.Object), ref(p.Label)})
		if len(batch) < scanBatch {
			return nil
		}
		err := fn(batch)
		batch = batch[:0]
		return err
	})
	if err != nil || len(batch) == 0 {
		return err
	}
	return fn(batch)
}
