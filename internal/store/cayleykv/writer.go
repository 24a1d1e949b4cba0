package cayleykv

import (
	"context"
	"crypto/sha1"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"

	ckv "github.com/cayleygraph/cayley/graph/kv"
	cproto "github.com/cayleygraph/cayley/graph/proto"
	"github.com/cayleygraph/cayley/graph/refs"
	"github.com/cayleygraph/quad"
	bbolt "go.etcd.io/bbolt"
	"google.golang.org/protobuf/proto"
)

// maxBatch is how many quads a Writer commits to the log at a time, and
// how many index entries it sorts into one run (runs.go). Each quad in
// flight costs a few hundred bytes, and two batches are in flight (one
// encoded and written, one filled). Since only the log, which grows at its end, is
// written batch by batch, a batch's size does not decide how often the
// rest of the store is rewritten; more batches only make more runs to
// merge at the end.
//
// The first batch is smaller, firstBatch, and each next one twice as large
// up to maxBatch: the writing goroutine starts early, so a load of a few
// hundred thousand quads is written in several batches, one while the
// next is filled, rather than in one at the end.
const (
	maxBatch   = 500_000
	firstBatch = 100_000
)

// preloadIDs is the most ids (nodes and quads) a store may have handed out
// for a Writer to read the hashes of all its nodes into memory at the
// start, instead of looking each value up.
const preloadIDs = 2_000_000

// Options tune a load. The zero value is ready to use; every field but
// Progress is for tests, which make small loads span several batches and
// reports.
type Options struct {
	// Progress, if set, hears after every committed batch and, at the end,
	// as the indexes are written. It is called from the goroutine that
	// called WriteCopy.
	Progress func(Counts)
	// BatchSize, if positive, is the size of every batch.
	BatchSize int
	// FinishCommitBytes, if positive, is how many bytes of keys and values
	// the last phase writes between two reports of its progress.
	FinishCommitBytes int
	// Preload, if not zero, is the most ids a store may have handed out for
	// the ids of its nodes to be read into memory at the start; negative
	// means never, so that every value is looked up in the store.
	Preload int
	// AfterBatch, if set, runs after each batch's log entries are written
	// to the copy, with the batch's number from 1; an error fails the
	// batch.
	AfterBatch func(batch int) error
}

// Counts is what a load has written so far.
type Counts struct {
	// Quads is how many quads are in the log.
	Quads int64
	// Entries is how many entries the last phase writes (index keys are
	// counted by their quads), known once it starts, and EntriesDone how
	// many of them are written.
	Entries, EntriesDone int64
}

// Writer adds quads to a Cayley key-value store on bbolt by writing its
// layout (layout.go) directly. Cayley's writer resolves every value with a
// lookup in one of 65,536 buckets, rewrites each index entry it touches,
// and marshals per quad inside its transaction. A bulk load knows its
// quads up front, so a Writer resolves values from memory and writes a new
// file in two phases:
//
//   - While the quads come, batch by batch: their nodes and quads go to the
//     log's pages, encoded and written by a goroutine of its own while the
//     caller's goroutine fills the next batch; each batch's index entries
//     are sorted and kept as a run in a file beside the store (indexRuns).
//   - At the end (finish.go): every bucket, the stored entries with the
//     nodes' ids and reference counts, from memory, and the index entries,
//     merged from the runs, in key order.
//
// Writing each bucket once and in order is what keeps memory bounded: the
// buckets keyed by hash, or by an object that earlier quads named too, are
// touched all over by any batch of quads. Writing the pages itself rather
// than through bbolt's puts is what makes it fast: bbolt searches and grows
// an in-memory node for every key it is given, and splits the node into
// pages at the commit.
//
// A Writer is not usable after an error: it has handed out ids that a
// failed batch did not write. The load that used it is abandoned with the
// copy it wrote into (see WriteCopy).
type Writer struct {
	// tx reads the store as it was when the load began; pf is the new
	// file, and log the tree of its log, which grows batch by batch.
	tx        *bbolt.Tx
	pf        *pageFile
	log       *treeBuilder
	dropper   *pageDropper
	indexes   []ckv.QuadIndex
	batchSize int // of the batch being filled
	maxBatch  int // the size batches grow to
	// finishCommitBytes is how much finish writes between two reports of
	// its progress.
	finishCommitBytes int

	// nodes finds, by hash, the entry of every node this load has seen or
	// written, and, if complete, of every node in the store: a miss is a
	// new node. Entries are kept in a slice, so that counting a node's
	// references costs no second look-up, and can be sorted by hash at the
	// end.
	nodes    map[refs.ValueHash]uint32
	entries  []nodeEntry
	complete bool
	// before is the horizon when the load started: a node id at or below it
	// was stored before. horizon is the last id handed out.
	before, horizon uint64
	// shared is every shared quad this load writes.
	shared map[[4]uint64]struct{}
	// hashes remembers the hashes of predicates and labels, which recur.
	hashes map[quad.Value]refs.ValueHash
	iri    []byte // hashOf's buffer
	// runs holds each batch's index entries, sorted, until finish merges
	// them.
	runs *indexRuns

	cur        *batch // the batch being filled
	written    Counts
	progress   func(Counts)
	afterBatch func(batch int) error

	// A batch is written by a goroutine of its own while the next is
	// filled: pending takes batches to it, results brings back one per
	// batch, and inFlight counts the batches sent and not yet heard of.
	pending  chan *batch
	results  chan batchResult
	inFlight int
}

// nodeEntry is what a load knows of a node: its id, and how many quad
// directions written by the load name it, which is added to the count the
// store keeps.
type nodeEntry struct {
	hash refs.ValueHash
	id   uint64
	refs int64
}

// newWriter prepares to write the store tx reads, which must hold an
// initialised Cayley key-value store, with the quads to come into the new
// file pf, keeping its sorted runs in a new file at runsPath. The log as
// stored is written into pf at once. If the store has handed out at most
// opts.Preload ids (or preloadIDs), the ids of all its nodes are read into
// memory first. The caller closes the writer, which removes the runs file.
func newWriter(tx *bbolt.Tx, pf *pageFile, opts Options, runsPath string) (*Writer, error) {
	w := &Writer{
		tx: tx, pf: pf, dropper: &pageDropper{tx: tx}, batchSize: firstBatch, maxBatch: maxBatch, finishCommitBytes: finishCommitBytes,
		nodes: map[refs.ValueHash]uint32{}, shared: map[[4]uint64]struct{}{}, hashes: map[quad.Value]refs.ValueHash{},
		progress: opts.Progress, afterBatch: opts.AfterBatch,
	}
	if opts.BatchSize > 0 {
		w.batchSize, w.maxBatch = opts.BatchSize, opts.BatchSize
	}
	if opts.FinishCommitBytes > 0 {
		w.finishCommitBytes = opts.FinishCommitBytes
	}
	preload := preloadIDs
	if opts.Preload != 0 {
		preload = opts.Preload
	}
	if err := w.readStore(tx, preload); err != nil {
		return nil, err
	}
	if err := w.copyLog(); err != nil {
		return nil, err
	}
	var err error
	if w.runs, err = createIndexRuns(runsPath, w.indexes); err != nil {
		return nil, err
	}
	w.cur = w.newBatch()
	return w, nil
}

// readStore reads what the writer needs of the store: its indexes, its
// horizon and, if it has handed out at most preload ids (negative: never),
// the ids of all its nodes.
func (w *Writer) readStore(tx *bbolt.Tx, preload int) error {
	meta := tx.Bucket(bucketMeta)
	if meta == nil {
		return fmt.Errorf("no %q bucket: not a Cayley store", bucketMeta)
	}
	indexes, err := quadIndexes(meta)
	if err != nil {
		return err
	}
	w.indexes = indexes
	w.before = uint64(metaInt(meta, metaHorizon))
	w.horizon = w.before
	if preload < 0 || w.before > uint64(preload) {
		return nil
	}
	w.complete = true
	return tx.ForEach(func(name []byte, b *bbolt.Bucket) error {
		if len(name) != 3 || name[0] != nodePrefix {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			var h refs.ValueHash
			copy(h[:], k)
			id, _ := binary.Uvarint(v)
			_, err := w.remember(h, id)
			return err
		})
	})
}

// remember adds a node's entry and returns where it is.
func (w *Writer) remember(h refs.ValueHash, id uint64) (uint32, error) {
	n := len(w.entries)
	if uint64(n) == math.MaxUint32 {
		return 0, fmt.Errorf("more than %d nodes in one load", uint64(math.MaxUint32))
	}
	w.entries = append(w.entries, nodeEntry{hash: h, id: id})
	w.nodes[h] = uint32(n)
	return uint32(n), nil
}

// quadIndexes returns the indexes a store keeps, as Cayley reads them: the
// list in its meta bucket, or, for a store without one (Cayley before
// 0.7.6), an index by subject and one by object.
func quadIndexes(meta *bbolt.Bucket) ([]ckv.QuadIndex, error) {
	raw := meta.Get(metaIndexes)
	var out []ckv.QuadIndex
	if raw != nil {
		if err := json.Unmarshal(raw, &out); err != nil {
			return nil, fmt.Errorf("read the store's quad indexes: %w", err)
		}
	}
	if len(out) == 0 {
		out = []ckv.QuadIndex{{Dirs: []quad.Direction{quad.Subject}}, {Dirs: []quad.Direction{quad.Object}}}
	}
	return out, nil
}

// Add queues a quad. Quads are trusted to be new unless shared: a quad
// that is not shared must not be stored yet, nor added twice (it names a
// node that no stored quad names, as the quads of a record not stored yet
// do). A shared quad may already be stored or come again in the load (the
// direct triple of two relations between the same parties): it is written
// only if neither the store nor this load has it.
func (w *Writer) Add(ctx context.Context, q quad.Quad, shared bool) error {
	hashes := [4]refs.ValueHash{w.hashOf(q.Subject), w.recurringHash(q.Predicate), w.hashOf(q.Object), w.recurringHash(q.Label)}
	var ids [4]uint64
	var at [4]uint32
	for i, dir := range quad.Directions {
		if v := q.Get(dir); v != nil {
			n, err := w.resolve(hashes[i], v)
			if err != nil {
				return err
			}
			at[i], ids[i] = n, w.entries[n].id
		}
	}
	if shared {
		dup, err := w.sharedSeen(ids)
		if err != nil || dup {
			return err
		}
		w.shared[ids] = struct{}{}
	}
	for i := range ids {
		if ids[i] != 0 {
			w.entries[at[i]].refs++
		}
	}
	b := w.cur
	b.quads = append(b.quads, ids)
	if len(b.quads) < w.batchSize {
		return nil
	}
	return w.flush(ctx, false)
}

// hashOf is refs.HashOf, the SHA-1 of a value's String form, without its
// allocations for an IRI, the most common value.
func (w *Writer) hashOf(v quad.Value) refs.ValueHash {
	iri, ok := v.(quad.IRI)
	if !ok {
		return refs.HashOf(v)
	}
	w.iri = append(append(append(w.iri[:0], '<'), iri...), '>')
	return sha1.Sum(w.iri)
}

// recurringHash hashes a value that recurs across the load (a predicate, a
// source), remembering it.
func (w *Writer) recurringHash(v quad.Value) refs.ValueHash {
	if v == nil {
		return refs.ValueHash{}
	}
	h, ok := w.hashes[v]
	if !ok {
		h = refs.HashOf(v)
		w.hashes[v] = h
	}
	return h
}

// resolve returns where the entry of a node is, handing out a new id if
// the store does not hold the node.
func (w *Writer) resolve(h refs.ValueHash, v quad.Value) (uint32, error) {
	if n, ok := w.nodes[h]; ok {
		return n, nil
	}
	if !w.complete {
		var id uint64
		if nb := w.tx.Bucket([]byte{nodePrefix, h[0], h[1]}); nb != nil {
			if raw := nb.Get(h[:]); raw != nil {
				id, _ = binary.Uvarint(raw)
			}
		}
		if id != 0 {
			return w.remember(h, id)
		}
	}
	w.horizon++
	w.cur.newNodes = append(w.cur.newNodes, newNode{id: w.horizon, val: v})
	return w.remember(h, w.horizon)
}

// sharedSeen reports whether a shared quad is written already, by this load
// or, if all its nodes were stored before the load, by an earlier one.
func (w *Writer) sharedSeen(ids [4]uint64) (bool, error) {
	if _, ok := w.shared[ids]; ok {
		return true, nil
	}
	for _, id := range ids {
		if id > w.before {
			return false, nil // a node new to the store: so is the quad
		}
	}
	return storedQuad(w.tx, w.indexes[len(w.indexes)-1], ids)
}

// storedQuad looks a quad up in the store: an index lists the quads that
// share its directions' nodes, and their primitives tell the rest.
func storedQuad(tx *bbolt.Tx, ind ckv.QuadIndex, ids [4]uint64) (bool, error) {
	bucket := tx.Bucket(indexBucket(ind))
	if bucket == nil {
		return false, nil
	}
	list := bucket.Get(indexKey(ind, ids, nil))
	log := tx.Bucket(bucketLog)
	for len(list) > 0 {
		qid, n := binary.Uvarint(list)
		if n <= 0 {
			return false, fmt.Errorf("damaged index entry in %q", indexBucket(ind))
		}
		list = list[n:]
		var p cproto.Primitive
		if err := proto.Unmarshal(log.Get(logKey(qid, nil)), &p); err != nil {
			return false, fmt.Errorf("read quad %d: %w", qid, err)
		}
		if !p.Deleted && [4]uint64{p.Subject, p.Predicate, p.Object, p.Label} == ids {
			return true, nil
		}
	}
	return false, nil
}

// copyLog starts the new file's log with the stored one.
func (w *Writer) copyLog() error {
	w.log = newTreeBuilder(w.pf, 0)
	log := w.tx.Bucket(bucketLog)
	if log == nil {
		return nil
	}
	w.log.seq = log.Sequence()
	c := log.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if v == nil {
			return fmt.Errorf("a bucket, %q, inside the log", k)
		}
		if err := w.log.add(0, k, v); err != nil {
			return err
		}
		if err := w.dropper.copied(); err != nil {
			return err
		}
	}
	return w.dropper.drop()
}

// close waits for the batches in flight, stops the writing goroutine and
// removes the runs' file. It does not write the batch being filled:
// flush(ctx, true) does.
func (w *Writer) close() error {
	if w.pending != nil {
		close(w.pending)
		for ; w.inFlight > 0; w.inFlight-- {
			<-w.results
		}
		w.pending = nil
	}
	return w.runs.close()
}
