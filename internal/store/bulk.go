package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	ckv "github.com/cayleygraph/cayley/graph/kv"
	cproto "github.com/cayleygraph/cayley/graph/proto"
	"github.com/cayleygraph/cayley/graph/refs"
	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/pquads"
	bbolt "go.etcd.io/bbolt"
	"google.golang.org/protobuf/proto"
)

// The key-value layout of Cayley's kv quad store, as its graph/kv package
// writes it (the names are unexported there). Every key lives in a
// top-level bbolt bucket:
//
//	meta             "version", "indexes" (JSON), "horizon" (last id), "size" (quads); little-endian int64
//	log              big-endian id → protobuf Primitive: a node (its value) or a quad (four node ids)
//	v<h0><h1>        value hash → uvarint node id, one bucket per first two bytes of the hash
//	n<h0><h1>        value hash → uvarint number of quad directions naming the node
//	sp, ops, ...     one bucket per quad index: big-endian ids of its directions → uvarint quad ids
//
// bulk_test.go checks that a store written here reads back through Cayley
// exactly as one written by Cayley's own writer.
var (
	bucketMeta   = []byte("meta")
	bucketLog    = []byte("log")
	metaHorizon  = []byte("horizon")
	metaSize     = []byte("size")
	metaIndexes  = []byte("indexes")
	nodePrefix   = byte('v')
	refsPrefix   = byte('n')
	indexKeySize = 8 // bytes per direction in an index key
)

// bulkBatch is how many quads a bulk write commits at a time. Larger batches
// touch each index page fewer times; smaller ones hold fewer dirty pages.
const bulkBatch = 200_000

// preloadNodes is the most nodes a store may hold for bulkWriter to read all
// their hashes into memory at the start, instead of looking each value up.
const preloadNodes = 2_000_000

// bulkWriter adds quads to a Cayley key-value store on bbolt by writing its
// layout directly, in batches of bulkBatch quads, one transaction each.
// Cayley's writer resolves every value with a lookup in one of 65,536
// buckets, rewrites each index entry it touches, and marshals per quad; a
// bulk load knows all its quads up front, so it resolves values from
// memory, sorts every batch by key and writes each bucket in order.
//
// Quads are trusted to be new unless marked shared: they name a node of a
// record that is not stored yet. Shared quads may already be stored or
// repeat within the load (the direct triple of two relations with the same
// parties), and are checked.
//
// A bulkWriter is not usable after an error: its memory of ids then
// includes ids of a rolled-back batch. The load that used it is abandoned
// with the copy it wrote into (see bulkLoad).
type bulkWriter struct {
	db      *bbolt.DB
	indexes []ckv.QuadIndex

	// nodes holds the id of every node this load has seen or written, and,
	// if complete, of every node in the store: a miss is a new node.
	nodes    map[refs.ValueHash]uint64
	complete bool
	// before is the horizon when the load started: a node id at or below it
	// was stored before.
	before uint64
	// shared is every shared quad written by this load.
	shared map[[4]uint64]struct{}

	batch     []pendingQuad
	batchSize int
	batches   int // committed so far
	written   bulkCounts
	// hashes remembers the hashes of predicates and labels, which recur.
	hashes map[quad.Value]refs.ValueHash

	// A batch is written by a goroutine of its own while the next is
	// mapped: pending takes batches to it, results brings back one per
	// batch, and inFlight counts the batches sent and not yet heard of.
	pending  chan []pendingQuad
	results  chan batchResult
	inFlight int
	// afterBatch is Options.afterBatch.
	afterBatch func(batch int) error
	// progress, if set, hears after every committed batch.
	progress func(bulkCounts)
}

type pendingQuad struct {
	q      quad.Quad
	hashes [4]refs.ValueHash // of the values in quad.Directions order; zero for none
	shared bool
}

// batchResult is what writing one batch did.
type batchResult struct {
	quads, nodes int64
	err          error
}

// bulkCounts is what a bulk load has written so far.
type bulkCounts struct {
	Quads, Nodes int64
}

// newBulkWriter prepares to write into db, which must hold an initialised
// Cayley key-value store. If the store has at most preload ids, the ids of
// all its nodes are read into memory first (a negative preload: never).
func newBulkWriter(db *bbolt.DB, preload int) (*bulkWriter, error) {
	w := &bulkWriter{
		db: db, batchSize: bulkBatch,
		nodes: map[refs.ValueHash]uint64{}, shared: map[[4]uint64]struct{}{}, hashes: map[quad.Value]refs.ValueHash{},
	}
	err := db.View(func(tx *bbolt.Tx) error {
		meta := tx.Bucket(bucketMeta)
		if meta == nil {
			return fmt.Errorf("no %q bucket: not a Cayley store", bucketMeta)
		}
		if err := json.Unmarshal(meta.Get(metaIndexes), &w.indexes); err != nil || len(w.indexes) == 0 {
			return fmt.Errorf("read the store's quad indexes: %v", err)
		}
		w.before = uint64(metaInt(meta, metaHorizon))
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
				w.nodes[h] = id
				return nil
			})
		})
	})
	if err != nil {
		return nil, err
	}
	return w, nil
}

func metaInt(meta *bbolt.Bucket, key []byte) int64 {
	v := meta.Get(key)
	if len(v) != 8 {
		return 0
	}
	return int64(binary.LittleEndian.Uint64(v))
}

// add queues a quad. A quad that is not shared must not be stored yet; a
// shared one is written only if neither the store nor this load has it.
// Values are hashed here, on the caller's goroutine, while the writer's
// goroutine writes the batch before.
func (w *bulkWriter) add(ctx context.Context, q quad.Quad, shared bool) error {
	p := pendingQuad{q: q, shared: shared}
	p.hashes[0] = refs.HashOf(q.Subject)
	p.hashes[1] = w.recurringHash(q.Predicate)
	p.hashes[2] = refs.HashOf(q.Object)
	p.hashes[3] = w.recurringHash(q.Label)
	w.batch = append(w.batch, p)
	if len(w.batch) < w.batchSize {
		return nil
	}
	return w.flush(ctx, false)
}

// recurringHash hashes a value that recurs across the load (a predicate, a
// source), remembering it.
func (w *bulkWriter) recurringHash(v quad.Value) refs.ValueHash {
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

// flush hands the queued quads to the writing goroutine and collects what
// it has done: all of it if final, else all but the batch just sent.
func (w *bulkWriter) flush(ctx context.Context, final bool) error {
	if len(w.batch) > 0 {
		if err := ctx.Err(); err != nil {
			return err
		}
		if w.pending == nil {
			w.pending, w.results = make(chan []pendingQuad), make(chan batchResult, 1)
			go w.writeBatches()
		}
		w.pending <- w.batch
		w.inFlight++
		w.batch = make([]pendingQuad, 0, w.batchSize)
	}
	for w.inFlight > 1 || (final && w.inFlight > 0) {
		r := <-w.results
		w.inFlight--
		if r.err != nil {
			return r.err
		}
		w.written.Nodes += r.nodes
		w.written.Quads += r.quads
		w.batches++
		if w.progress != nil {
			w.progress(w.written)
		}
	}
	return nil
}

// close waits for the batches in flight and stops the writing goroutine.
// It does not write the queued quads: flush(ctx, true) does.
func (w *bulkWriter) close() {
	if w.pending == nil {
		return
	}
	close(w.pending)
	for ; w.inFlight > 0; w.inFlight-- {
		<-w.results
	}
	w.pending = nil
}

// writeBatches writes each batch it is given in a transaction of its own.
// After a failure it writes nothing more: the load is abandoned.
func (w *bulkWriter) writeBatches() {
	var failed error
	n := 0
	for batch := range w.pending {
		if failed != nil {
			w.results <- batchResult{err: failed}
			continue
		}
		n++
		r := w.writeBatch(batch, n)
		failed = r.err
		w.results <- r
	}
}

// writeBatch writes the n-th batch of the load.
func (w *bulkWriter) writeBatch(batch []pendingQuad, n int) batchResult {
	var b batchWrite
	err := w.db.Update(func(tx *bbolt.Tx) error {
		b = batchWrite{w: w, tx: tx, meta: tx.Bucket(bucketMeta), batch: batch}
		if err := b.write(); err != nil {
			return err
		}
		if w.afterBatch != nil {
			return w.afterBatch(n)
		}
		return nil
	})
	if err != nil {
		return batchResult{err: fmt.Errorf("write a batch of %d quads: %w", len(batch), err)}
	}
	return batchResult{quads: int64(len(b.quads)), nodes: int64(len(b.newNodes))}
}

// batchWrite is one batch's transaction.
type batchWrite struct {
	w       *bulkWriter
	tx      *bbolt.Tx
	meta    *bbolt.Bucket
	batch   []pendingQuad
	start   uint64 // the horizon before the batch: higher ids are its own
	horizon uint64

	newNodes []newNode
	refs     map[refs.ValueHash]int64
	quads    [][4]uint64
	arena    arena
}

type newNode struct {
	hash refs.ValueHash
	id   uint64
	val  quad.Value
}

func (b *batchWrite) write() error {
	w := b.w
	b.horizon = uint64(metaInt(b.meta, metaHorizon))
	b.start = b.horizon
	b.refs = make(map[refs.ValueHash]int64, len(b.batch))
	b.quads = make([][4]uint64, 0, len(b.batch))
	for _, p := range b.batch {
		var ids [4]uint64
		hashes := p.hashes
		for i, dir := range quad.Directions {
			if v := p.q.Get(dir); v != nil {
				ids[i] = b.resolve(hashes[i], v)
			}
		}
		if p.shared {
			dup, err := b.sharedSeen(ids)
			if err != nil {
				return err
			}
			if dup {
				continue
			}
			w.shared[ids] = struct{}{}
		}
		for i := range ids {
			if ids[i] != 0 {
				b.refs[hashes[i]]++
			}
		}
		b.quads = append(b.quads, ids)
	}
	return b.commitLayout()
}

// resolve returns the id of a node, handing out a new one if the store
// does not hold it.
func (b *batchWrite) resolve(h refs.ValueHash, v quad.Value) uint64 {
	w := b.w
	if id, ok := w.nodes[h]; ok {
		return id
	}
	if !w.complete {
		if nb := b.tx.Bucket([]byte{nodePrefix, h[0], h[1]}); nb != nil {
			if raw := nb.Get(h[:]); raw != nil {
				id, _ := binary.Uvarint(raw)
				w.nodes[h] = id
				return id
			}
		}
	}
	b.horizon++
	w.nodes[h] = b.horizon
	b.newNodes = append(b.newNodes, newNode{hash: h, id: b.horizon, val: v})
	return b.horizon
}

// sharedSeen reports whether a shared quad is written already, by this load
// or, if all its nodes were stored before the load, by an earlier one.
func (b *batchWrite) sharedSeen(ids [4]uint64) (bool, error) {
	if _, ok := b.w.shared[ids]; ok {
		return true, nil
	}
	for _, id := range ids {
		if id > b.w.before {
			return false, nil // a node new to the store: so is the quad
		}
	}
	return b.stored(ids)
}

// stored looks a quad up in the store: the first index lists the quads
// that share its directions' nodes, and their primitives tell the rest.
func (b *batchWrite) stored(ids [4]uint64) (bool, error) {
	ind := b.w.indexes[len(b.w.indexes)-1]
	bucket := b.tx.Bucket(indexBucket(ind))
	if bucket == nil {
		return false, nil
	}
	list := bucket.Get(indexKey(ind, ids, nil))
	log := b.tx.Bucket(bucketLog)
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

// commitLayout writes the batch's nodes, quads, reference counts and index
// entries, each bucket in key order.
func (b *batchWrite) commitLayout() error {
	firstQuad := b.horizon + 1
	b.horizon += uint64(len(b.quads))
	if err := b.writeLog(firstQuad); err != nil {
		return err
	}
	// "n.." buckets before "v..": a bucket created in a transaction goes into
	// its parent's unsplit node, and one created in key order after the
	// others is appended, not moved in front of thousands.
	if err := b.writeRefs(); err != nil {
		return err
	}
	if err := b.writeNodeIDs(); err != nil {
		return err
	}
	for _, ind := range b.w.indexes {
		if err := b.writeIndex(ind, firstQuad); err != nil {
			return err
		}
	}
	if err := b.meta.Put(metaHorizon, b.arena.int64(int64(b.horizon))); err != nil {
		return err
	}
	size := metaInt(b.meta, metaSize) + int64(len(b.quads))
	return b.meta.Put(metaSize, b.arena.int64(size))
}

// writeLog appends the new nodes' and quads' primitives: their ids are
// above every stored id, so each put lands at the end of the bucket.
func (b *batchWrite) writeLog(firstQuad uint64) error {
	log, err := b.tx.CreateBucketIfNotExists(bucketLog)
	if err != nil {
		return err
	}
	log.FillPercent = 1 // append-only: full pages
	now := time.Now().UnixNano()
	for _, n := range b.newNodes {
		val, err := pquads.MarshalValue(n.val)
		if err != nil {
			return fmt.Errorf("encode %v: %w", n.val, err)
		}
		if err := b.putPrimitive(log, &cproto.Primitive{ID: n.id, Value: val, Timestamp: now}); err != nil {
			return err
		}
	}
	for i, q := range b.quads {
		p := cproto.Primitive{ID: firstQuad + uint64(i), Subject: q[0], Predicate: q[1], Object: q[2], Label: q[3], Timestamp: now}
		if err := b.putPrimitive(log, &p); err != nil {
			return err
		}
	}
	return nil
}

func (b *batchWrite) putPrimitive(log *bbolt.Bucket, p *cproto.Primitive) error {
	buf, err := proto.MarshalOptions{}.MarshalAppend(b.arena.take(proto.Size(p)), p)
	if err != nil {
		return err
	}
	return log.Put(logKey(p.ID, &b.arena), buf)
}

// writeNodeIDs writes hash → id for the new nodes, sorted by hash.
func (b *batchWrite) writeNodeIDs() error {
	slices.SortFunc(b.newNodes, func(x, y newNode) int { return bytes.Compare(x.hash[:], y.hash[:]) })
	var cur *bbolt.Bucket
	var curName [3]byte
	for _, n := range b.newNodes {
		name := [3]byte{nodePrefix, n.hash[0], n.hash[1]}
		if cur == nil || name != curName {
			var err error
			if cur, err = b.tx.CreateBucketIfNotExists(name[:]); err != nil {
				return err
			}
			curName = name
		}
		if err := cur.Put(b.arena.bytes(n.hash[:]), b.arena.uvarint(n.id)); err != nil {
			return err
		}
	}
	return nil
}

// writeRefs adds this batch's references to each node's count.
func (b *batchWrite) writeRefs() error {
	hashes := make([]refs.ValueHash, 0, len(b.refs))
	for h := range b.refs {
		hashes = append(hashes, h)
	}
	slices.SortFunc(hashes, func(x, y refs.ValueHash) int { return bytes.Compare(x[:], y[:]) })
	var cur *bbolt.Bucket
	var curName [3]byte
	for _, h := range hashes {
		name := [3]byte{refsPrefix, h[0], h[1]}
		if cur == nil || name != curName {
			var err error
			if cur, err = b.tx.CreateBucketIfNotExists(name[:]); err != nil {
				return err
			}
			curName = name
		}
		count := b.refs[h]
		if b.w.nodes[h] <= b.start { // a node of an earlier batch or load
			if old := cur.Get(h[:]); old != nil {
				n, _ := binary.Uvarint(old)
				count += int64(n)
			}
		}
		if err := cur.Put(b.arena.bytes(h[:]), b.arena.uvarint(uint64(count))); err != nil {
			return err
		}
	}
	return nil
}

// writeIndex appends the batch's quad ids to one index, key by key in
// order, each key read and rewritten once per batch.
func (b *batchWrite) writeIndex(ind ckv.QuadIndex, firstQuad uint64) error {
	bucket, err := b.tx.CreateBucketIfNotExists(indexBucket(ind))
	if err != nil {
		return err
	}
	type entry struct {
		key []byte
		id  uint64
		// new: the key names a node of this batch, so the index cannot
		// hold it yet and there is nothing to read.
		new bool
	}
	entries := make([]entry, len(b.quads))
	for i, q := range b.quads {
		e := entry{key: indexKey(ind, q, &b.arena), id: firstQuad + uint64(i)}
		for _, d := range ind.Dirs {
			e.new = e.new || q[dirIndex(d)] > b.start
		}
		entries[i] = e
	}
	// Stable: ids of one key stay ascending, as Cayley keeps them.
	slices.SortStableFunc(entries, func(x, y entry) int { return bytes.Compare(x.key, y.key) })
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
		val := b.arena.take(len(old) + binary.MaxVarintLen64*(j-i))
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

// indexBucket is the bucket of a quad index: the prefixes of its
// directions, as Cayley names it ("sp", "ops").
func indexBucket(ind ckv.QuadIndex) []byte {
	name := make([]byte, len(ind.Dirs))
	for i, d := range ind.Dirs {
		name[i] = d.Prefix()
	}
	return name
}

// indexKey is a quad's key in an index: the big-endian ids of the index's
// directions. ids is in quad.Directions order.
func indexKey(ind ckv.QuadIndex, ids [4]uint64, a *arena) []byte {
	var key []byte
	if a != nil {
		key = a.take(indexKeySize * len(ind.Dirs))
	} else {
		key = make([]byte, 0, indexKeySize*len(ind.Dirs))
	}
	for _, d := range ind.Dirs {
		key = binary.BigEndian.AppendUint64(key, ids[dirIndex(d)])
	}
	return key
}

func dirIndex(d quad.Direction) int {
	switch d {
	case quad.Subject:
		return 0
	case quad.Predicate:
		return 1
	case quad.Object:
		return 2
	}
	return 3
}

func logKey(id uint64, a *arena) []byte {
	var key []byte
	if a != nil {
		key = a.take(8)
	}
	return binary.BigEndian.AppendUint64(key, id)
}

// arena hands out byte slices from large chunks. bbolt keeps the keys and
// values of a put until the transaction commits, so each needs memory of
// its own; one allocation per put would dominate a bulk load.
type arena struct {
	chunk []byte
}

const arenaChunk = 1 << 20

// take returns an empty slice with capacity n that no other take shares.
func (a *arena) take(n int) []byte {
	if cap(a.chunk)-len(a.chunk) < n {
		size := arenaChunk
		if n > size {
			size = n
		}
		a.chunk = make([]byte, 0, size)
	}
	start := len(a.chunk)
	a.chunk = a.chunk[:start+n]
	return a.chunk[start : start : start+n]
}

func (a *arena) bytes(p []byte) []byte { return append(a.take(len(p)), p...) }

func (a *arena) uvarint(x uint64) []byte {
	return binary.AppendUvarint(a.take(binary.MaxVarintLen64), x)
}

func (a *arena) int64(x int64) []byte {
	return binary.LittleEndian.AppendUint64(a.take(8), uint64(x))
}
