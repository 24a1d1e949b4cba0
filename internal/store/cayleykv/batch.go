package cayleykv

import (
	"context"
	"fmt"
	"slices"
	"time"

	cproto "github.com/cayleygraph/cayley/graph/proto"
	"github.com/cayleygraph/quad"
	"google.golang.org/protobuf/encoding/protowire"
)

// batch is a batch of quads: filled by Add, numbered by flush, encoded by
// encode and written by writeBatch.
type batch struct {
	first    uint64 // the id of its first quad
	newNodes []newNode
	quads    [][4]uint64

	// Encoded: the log's entries by id, and for each index its entries
	// sorted.
	log   []keyValue
	index [][]indexEntry
	arena arena
}

type newNode struct {
	id  uint64
	val quad.Value
}

type keyValue struct{ key, val []byte }

// batchResult is what writing one batch did.
type batchResult struct {
	quads int64
	err   error
}

// newBatch returns an empty batch with room for its quads: grown by
// appends, a batch's slice would be copied a score of times.
func (w *Writer) newBatch() *batch {
	return &batch{quads: make([][4]uint64, 0, w.batchSize)}
}

// flush numbers the quads of the batch being filled and hands it to the
// writing goroutine, which encodes and writes it, then collects what that
// goroutine has done: everything if final, else all but the batch just
// sent.
func (w *Writer) flush(ctx context.Context, final bool) error {
	if b := w.cur; len(b.quads) > 0 || len(b.newNodes) > 0 {
		if err := ctx.Err(); err != nil {
			return err
		}
		// The batch's quads are numbered after its nodes, so that a
		// quad's primitive comes after those of the nodes it names.
		b.first = w.horizon + 1
		w.horizon += uint64(len(b.quads))
		if w.pending == nil {
			w.pending, w.results = make(chan *batch), make(chan batchResult, 1)
			go w.writeBatches()
		}
		w.pending <- b
		w.inFlight++
		w.batchSize = min(2*w.batchSize, w.maxBatch)
		w.cur = w.newBatch()
	}
	for w.inFlight > 1 || (final && w.inFlight > 0) {
		r := <-w.results
		w.inFlight--
		if r.err != nil {
			return r.err
		}
		w.written.Quads += r.quads
		if w.progress != nil {
			w.progress(w.written)
		}
	}
	return nil
}

// encode encodes the batch's log entries and sorts its index entries. It
// runs on the writing goroutine, off the caller's, which maps and checks
// the records that fill the next batch meanwhile.
func (w *Writer) encode(b *batch) error {
	firstQuad := b.first
	a := &b.arena

	now := time.Now().UnixNano()
	b.log = make([]keyValue, 0, len(b.newNodes)+len(b.quads))
	var val []byte // encodePrimitive copies it
	for _, n := range b.newNodes {
		var err error
		if val, err = appendValue(val[:0], n.val); err != nil {
			return fmt.Errorf("encode %v: %w", n.val, err)
		}
		b.log = append(b.log, encodePrimitive(a, &cproto.Primitive{ID: n.id, Value: val, Timestamp: now}))
	}
	for i, q := range b.quads {
		p := cproto.Primitive{ID: firstQuad + uint64(i), Subject: q[0], Predicate: q[1], Object: q[2], Label: q[3], Timestamp: now}
		b.log = append(b.log, encodePrimitive(a, &p))
	}

	b.index = make([][]indexEntry, len(w.indexes))
	for i, ind := range w.indexes {
		entries := make([]indexEntry, len(b.quads))
		for j, q := range b.quads {
			entries[j] = newIndexEntry(ind, q, firstQuad+uint64(j))
		}
		slices.SortFunc(entries, compareIndexEntries)
		b.index[i] = entries
	}
	b.newNodes = nil
	return nil
}

// encodePrimitive encodes p as proto.Marshal does (batch_test.go checks):
// its fields in the order of their numbers, those of zero value left out.
// By hand, since the reflecting encoder cost a large share of a batch's
// encoding.
func encodePrimitive(a *arena, p *cproto.Primitive) keyValue {
	// Fields 1 to 7, numbered as logentry.go lists them.
	varints := [...]uint64{p.ID, p.Subject, p.Predicate, p.Object, p.Label, p.Replaces, uint64(p.Timestamp)}
	size := 0
	for _, v := range varints {
		if v != 0 {
			size += 1 + protowire.SizeVarint(v)
		}
	}
	if len(p.Value) > 0 {
		size += 1 + protowire.SizeBytes(len(p.Value))
	}
	if p.Deleted {
		size += 2
	}
	val := a.take(size)
	for i, v := range varints {
		if v != 0 {
			val = protowire.AppendVarint(protowire.AppendTag(val, protowire.Number(i+1), protowire.VarintType), v)
		}
	}
	if len(p.Value) > 0 {
		val = protowire.AppendBytes(protowire.AppendTag(val, primitiveValue, protowire.BytesType), p.Value)
	}
	if p.Deleted {
		val = protowire.AppendVarint(protowire.AppendTag(val, primitiveDeleted, protowire.VarintType), 1)
	}
	return keyValue{key: logKey(p.ID, a), val: val}
}

// writeBatches writes each batch it is given.
// After a failure it writes nothing more: the load is abandoned.
func (w *Writer) writeBatches() {
	var failed error
	n := 0
	for b := range w.pending {
		if failed != nil {
			w.results <- batchResult{err: failed}
			continue
		}
		n++
		var r batchResult
		if err := w.encode(b); err != nil {
			r.err = err
		} else {
			r = w.writeBatch(b, n)
		}
		failed = r.err
		w.results <- r
	}
}

// writeBatch writes the n-th batch of the load: its nodes and quads to the
// log, whose ids are above every stored id and come after those of the
// batches before, and its index entries, sorted, as runs for finish to
// merge. It only writes: the batch comes encoded and sorted.
func (w *Writer) writeBatch(b *batch, n int) batchResult {
	err := w.appendLog(b)
	if err == nil && w.afterBatch != nil {
		err = w.afterBatch(n)
	}
	if err == nil {
		err = w.runs.add(b.index)
	}
	if err != nil {
		return batchResult{err: fmt.Errorf("write a batch of %d quads: %w", len(b.quads), err)}
	}
	return batchResult{quads: int64(len(b.quads))}
}

// appendLog adds the batch's primitives to the log's pages and writes
// them out.
func (w *Writer) appendLog(b *batch) error {
	for _, kv := range b.log {
		if err := w.log.add(0, kv.key, kv.val); err != nil {
			return err
		}
	}
	return w.pf.flush()
}
