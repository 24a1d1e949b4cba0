package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/cayleygraph/cayley/graph"
	ckv "github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/cayley/graph/refs"
	"github.com/cayleygraph/quad"
	hkv "github.com/hidal-go/hidalgo/kv"

	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/rdfmap"
)

// The writes that go through Cayley: its QuadWriter, and ApplyDeltas with
// the guards it needs.

// cayleyWrite writes the records of ds with Cayley's QuadWriter, as
// `cayley load` does, and returns how many quads the store gained.
func (s *Store) cayleyWrite(ctx context.Context, qs graph.QuadStore, m *rdfmap.Mapper, ds *history.Dataset, progress func(int64)) (int64, error) {
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
	err = m.Records(ds, func(qs []rdfmap.Quad) error {
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
	if s.pg != nil {
		n := s.Revision() + 1
		if err := s.pg.write(ctx, n, changeIRI(s.base, n), nil, deltas); err != nil {
			return fmt.Errorf("write: %w", err)
		}
		return nil
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
