package store

import (
	"context"

	"github.com/cayleygraph/cayley/graph"
	ckv "github.com/cayleygraph/cayley/graph/kv"
	cproto "github.com/cayleygraph/cayley/graph/proto"
	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/pquads"
	bbolt "go.etcd.io/bbolt"
	"google.golang.org/protobuf/proto"

	"github.com/memoria-history/memoria/internal/history"
)

// scan streams every stored quad to fn. On bbolt it reads Cayley's quad log
// directly (scanLog); elsewhere through Cayley's iterators (scanQuads).
// Callers hold s.mu.
func (s *Store) scan(ctx context.Context, qs graph.QuadStore, fn func(quad.Quad) error) error {
	if db := s.bboltDB(); db != nil {
		return scanLog(ctx, db, fn)
	}
	return scanQuads(ctx, qs, fn)
}

// bboltDB returns the bbolt database under the store, or nil for the other
// backends.
func (s *Store) bboltDB() *bbolt.DB {
	if b, ok := s.kv.(interface{ DB() *bbolt.DB }); ok {
		return b.DB()
	}
	return nil
}

// walkLog hands every live primitive of a Cayley key-value store on bbolt
// to fn, in id order, decoded into one Primitive that fn must not keep. It
// checks ctx every scanBatch primitives.
func walkLog(ctx context.Context, db *bbolt.DB, fn func(p *cproto.Primitive) error) error {
	return db.View(func(tx *bbolt.Tx) error {
		log := tx.Bucket(bucketLog)
		if log == nil {
			return nil // never written
		}
		var p cproto.Primitive
		c := log.Cursor()
		n := 0
		for k, raw := c.First(); k != nil; k, raw = c.Next() {
			if n++; n%scanBatch == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			if err := proto.Unmarshal(raw, &p); err != nil {
				return history.Errorf(history.CodeCorrupt, "decode log entry %x: %v", k, err)
			}
			if p.Deleted {
				continue
			}
			if err := fn(&p); err != nil {
				return err
			}
		}
		return ctx.Err()
	})
}

// scanLog reads every live quad of a Cayley key-value store on bbolt in one
// pass over its log bucket, in id order. A node's primitive comes before
// any quad that names it (ids are handed out in that order, by Cayley's
// writer and by bulkWriter alike), so one pass resolves every value from a
// map of the nodes read so far. Cayley's iterators cost dozens of
// allocations per quad and a lookup per value; this costs a decode.
func scanLog(ctx context.Context, db *bbolt.DB, fn func(quad.Quad) error) error {
	nodes := map[uint64]quad.Value{}
	value := func(id, quadID uint64) (quad.Value, error) {
		if id == 0 {
			return nil, nil
		}
		v, ok := nodes[id]
		if !ok {
			return nil, history.Errorf(history.CodeCorrupt, "quad %d refers to node %d, which is not stored before it", quadID, id)
		}
		return v, nil
	}
	return walkLog(ctx, db, func(p *cproto.Primitive) error {
		if p.IsNode() {
			v, err := pquads.UnmarshalValue(p.Value)
			if err != nil {
				return history.Errorf(history.CodeCorrupt, "decode node %d: %v", p.ID, err)
			}
			nodes[p.ID] = v
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

// scanLogRefs is scanLog without the values: every live quad as the ids of
// its nodes, in the reference type Cayley's key-value store uses, so that
// Cayley resolves the few values a caller needs, in batches of scanBatch.
// Stats decodes nothing else.
func scanLogRefs(ctx context.Context, db *bbolt.DB, fn func([]refQuad) error) error {
	ref := func(id uint64) graph.Ref {
		if id == 0 {
			return nil
		}
		return ckv.Int64Value(id)
	}
	batch := make([]refQuad, 0, scanBatch)
	err := walkLog(ctx, db, func(p *cproto.Primitive) error {
		if p.IsNode() {
			return nil
		}
		batch = append(batch, refQuad{ref(p.Subject), ref(p.Predicate), ref(p.Object), ref(p.Label)})
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
