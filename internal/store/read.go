package store

import (
	"context"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
	bbolt "go.etcd.io/bbolt"

	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/store/cayleykv"
)

// scanBatch is how many quads a scan reads before it resolves their node
// values, in one batch, and checks its context.
const scanBatch = 1024

// refQuad is a stored quad as the store's references to its subject,
// predicate, object and label (in quad.Directions order), as
// cayleykv.ScanLogRefs gives them.
type refQuad = [4]graph.Ref

// scan streams every stored quad to fn. On bbolt it reads Cayley's quad log
// directly (cayleykv.ScanLog), on PostgreSQL Cayley's tables in one
// snapshot (pgDB.scanAll); elsewhere through Cayley's iterators
// (scanQuads). Callers hold s.mu.
func (s *Store) scan(ctx context.Context, qs graph.QuadStore, fn func(quad.Quad) error) error {
	if db := s.bboltDB(); db != nil {
		return kvError(cayleykv.ScanLog(ctx, db, fn))
	}
	if s.pg != nil {
		return s.pg.scanAll(ctx, fn)
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

// scanRefs streams every stored quad to fn, in batches of scanBatch, as
// node references: one pass over the store's quad log (for the key-value
// backends, primitives in id order), no per-node queries, no value decoded
// that the caller does not ask for. fn must not keep the batch.
func scanRefs(ctx context.Context, qs graph.QuadStore, fn func([]refQuad) error) error {
	it := qs.QuadsAllIterator().Iterate()
	defer it.Close()
	batch := make([]refQuad, 0, scanBatch)
	for it.Next(ctx) {
		r := it.Result()
		var q refQuad
		for i, d := range quad.Directions {
			ref, err := qs.QuadDirection(r, d)
			if err != nil {
				return err
			}
			q[i] = ref
		}
		batch = append(batch, q)
		if len(batch) == scanBatch {
			if err := ctx.Err(); err != nil {
				return err
			}
			if err := fn(batch); err != nil {
				return err
			}
			batch = batch[:0]
		}
	}
	if err := it.Err(); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if len(batch) == 0 {
		return nil
	}
	return fn(batch)
}

// resolver turns node references into values, a batch at a time. Values
// that recur across the whole store (predicates, labels, classes) are kept
// for the whole scan; others only for their batch, so memory stays bounded
// by the batch and the vocabulary, not by the store.
type resolver struct {
	qs    graph.QuadStore
	hot   map[graph.Ref]quad.Value
	local map[graph.Ref]quad.Value
	need  []graph.Ref
	dst   []map[graph.Ref]quad.Value // where each needed value goes
}

func newResolver(qs graph.QuadStore) *resolver {
	return &resolver{
		qs:    qs,
		hot:   map[graph.Ref]quad.Value{},
		local: make(map[graph.Ref]quad.Value, 2*scanBatch),
	}
}

// want marks ref as needed, kept in m.
func (r *resolver) want(m map[graph.Ref]quad.Value, ref graph.Ref) {
	if ref == nil {
		return
	}
	if _, ok := m[ref]; ok {
		return
	}
	m[ref] = nil
	r.need = append(r.need, ref)
	r.dst = append(r.dst, m)
}

// fetch resolves every needed reference in one call.
func (r *resolver) fetch(ctx context.Context) error {
	if len(r.need) == 0 {
		return nil
	}
	vals, err := graph.ValuesOf(ctx, r.qs, r.need)
	if err != nil {
		return err
	}
	for i, v := range vals {
		if v == nil {
			return history.Errorf(history.CodeCorrupt, "a quad refers to node %v, which is not stored", r.need[i])
		}
		r.dst[i][r.need[i]] = v
	}
	r.need, r.dst = r.need[:0], r.dst[:0]
	return nil
}

// quads resolves a batch of references into quads and hands each to fn.
func (r *resolver) quads(ctx context.Context, batch []refQuad, fn func(quad.Quad) error) error {
	clear(r.local)
	for _, q := range batch {
		r.want(r.local, q[0])
		r.want(r.hot, q[1])
		r.want(r.local, q[2])
		r.want(r.hot, q[3])
	}
	if err := r.fetch(ctx); err != nil {
		return err
	}
	for _, q := range batch {
		var l quad.Value
		if q[3] != nil {
			l = r.hot[q[3]]
		}
		if err := fn(quad.Quad{Subject: r.local[q[0]], Predicate: r.hot[q[1]], Object: r.local[q[2]], Label: l}); err != nil {
			return err
		}
	}
	return nil
}

// scanQuads streams every stored quad to fn.
func scanQuads(ctx context.Context, qs graph.QuadStore, fn func(quad.Quad) error) error {
	r := newResolver(qs)
	return scanRefs(ctx, qs, func(batch []refQuad) error { return r.quads(ctx, batch, fn) })
}

// Dataset reads everything in the store back as a dataset: each record
// list sorted by id, positions zero, lists and maps nil when empty, and
// Contradicts sorted. Names, participants, causes, consequences and
// citations keep the order they were loaded in. Each record carries its
// revision; retracted records are included, marked, for dumps and
// histories: default answers show the dataset's Standing records.
func (s *Store) Dataset(ctx context.Context) (*history.Dataset, error) {
	ds, _, err := s.DatasetAt(ctx)
	return ds, err
}

// DatasetAt is Dataset with the graph's revision it was read at: changes
// wait while the store is read.
func (s *Store) DatasetAt(ctx context.Context) (*history.Dataset, uint64, error) {
	s.rlock()
	defer s.runlock()
	qs, err := s.handle("read store")
	if err != nil {
		return nil, 0, err
	}
	ds, err := s.read(ctx, qs)
	if err != nil {
		return nil, 0, history.Wrap(history.CodeInternal, "read store "+s.name, err)
	}
	return ds, s.Revision(), nil
}

// read reads the whole store into a dataset. Callers hold s.mu.
func (s *Store) read(ctx context.Context, qs graph.QuadStore) (*history.Dataset, error) {
	b := newBuilder(s.base)
	if err := s.scan(ctx, qs, b.add); err != nil {
		return nil, err
	}
	return b.dataset()
}
