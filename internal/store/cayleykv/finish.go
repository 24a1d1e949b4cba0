package cayleykv

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"slices"
	"sort"

	bbolt "go.etcd.io/bbolt"
)

// finishCommitBytes is how many bytes of keys and values the last phase of
// a load writes between two reports of its progress (and checks of its
// context).
const finishCommitBytes = 32 << 20

// finish writes the rest of the new file: every bucket of the store, in
// the order of their names, each its stored entries merged in key order
// with what the load adds (the ids and reference counts of its nodes, from
// memory, the index entries, merged from the runs, the horizon and size),
// then the root bucket, the freelist and the meta pages. Every batch must
// be written.
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
	f := &finisher{w: w, ctx: ctx, nodes: nodes}
	if err := f.run(); err != nil {
		return fmt.Errorf("write the indexes: %w", err)
	}
	return nil
}

// finisher is the last phase of one load.
type finisher struct {
	w     *Writer
	ctx   context.Context
	nodes []nodeEntry // the load's, by hash
	// bytes is how much is written since the last report.
	bytes int
	buf   []byte
	// spare is the builder of the bucket being merged, reused from one
	// bucket to the next.
	spare *treeBuilder
}

// run writes every bucket, the root bucket and the meta pages.
func (f *finisher) run() error {
	w := f.w
	names := map[string]bool{string(bucketLog): true, string(bucketMeta): true}
	if err := w.tx.ForEach(func(name []byte, _ *bbolt.Bucket) error {
		names[string(name)] = true
		return nil
	}); err != nil {
		return err
	}
	for _, n := range f.nodes {
		if n.refs > 0 {
			names[string([]byte{refsPrefix, n.hash[0], n.hash[1]})] = true
		}
		if n.id > w.before {
			names[string([]byte{nodePrefix, n.hash[0], n.hash[1]})] = true
		}
	}
	index := map[string]int{}
	for i, ind := range w.indexes {
		name := string(indexBucket(ind))
		index[name] = i
		if w.runs.has(i) {
			names[name] = true
		}
	}
	sorted := make([]string, 0, len(names))
	for name := range names {
		sorted = append(sorted, name)
	}
	slices.Sort(sorted)

	root := newTreeBuilder(w.pf, 0)
	root.nested = true // the root bucket has no inline form
	for _, name := range sorted {
		var header []byte
		var err error
		i, isIndex := index[name]
		switch {
		case name == string(bucketLog):
			header, err = w.log.finish()
		case name == string(bucketMeta):
			header, err = f.meta()
		case isIndex:
			header, err = f.index(name, i)
		case len(name) == 3 && name[0] == refsPrefix:
			header, err = f.refCounts(name)
		case len(name) == 3 && name[0] == nodePrefix:
			header, err = f.nodeIDs(name)
		default:
			header, err = f.merge(name, nil)
		}
		if err != nil {
			return err
		}
		if err := root.add(boltBucketLeaf, []byte(name), header); err != nil {
			return err
		}
	}
	header, err := root.finish()
	if err != nil {
		return err
	}
	if err := w.dropper.drop(); err != nil {
		return err
	}
	if err := w.pf.finish(binary.NativeEndian.Uint64(header), uint64(w.tx.ID())+1); err != nil {
		return err
	}
	f.report()
	return f.ctx.Err()
}

// withPrefix is the load's nodes whose hashes begin with the two bytes
// after a bucket name's prefix.
func (f *finisher) withPrefix(name string) []nodeEntry {
	at := func(h0, h1 byte) int {
		return sort.Search(len(f.nodes), func(i int) bool {
			h := f.nodes[i].hash
			return h[0] > h0 || (h[0] == h0 && h[1] >= h1)
		})
	}
	lo := at(name[1], name[2])
	hi := len(f.nodes)
	if name[1] != 0xff || name[2] != 0xff {
		next := uint16(name[1])<<8 | uint16(name[2]) + 1
		hi = at(byte(next>>8), byte(next))
	}
	return f.nodes[lo:hi]
}

// refCounts writes a bucket of reference counts, adding the load's.
func (f *finisher) refCounts(name string) ([]byte, error) {
	nodes := f.withPrefix(name)
	return f.merge(name, func(m *bucketMerge) error {
		for _, n := range nodes {
			if n.refs == 0 {
				continue
			}
			err := m.put(n.hash[:], func(old []byte) []byte {
				count := uint64(n.refs)
				if old != nil {
					stored, _ := binary.Uvarint(old)
					count += stored
				}
				return binary.AppendUvarint(f.buf[:0], count)
			}, 1)
			if err != nil {
				return err
			}
		}
		return nil
	})
}

// nodeIDs writes a bucket of node ids, adding the load's new nodes.
func (f *finisher) nodeIDs(name string) ([]byte, error) {
	nodes := f.withPrefix(name)
	return f.merge(name, func(m *bucketMerge) error {
		for _, n := range nodes {
			if n.id <= f.w.before {
				continue
			}
			err := m.put(n.hash[:], func([]byte) []byte { return binary.AppendUvarint(f.buf[:0], n.id) }, 1)
			if err != nil {
				return err
			}
		}
		return nil
	})
}

// index writes the i-th index, each key once, its quads listed after those
// the store lists under it.
func (f *finisher) index(name string, i int) ([]byte, error) {
	var key []byte
	return f.merge(name, func(m *bucketMerge) error {
		return f.w.runs.merge(i, func(k, ids []uint64) error {
			key = key[:0]
			for _, id := range k {
				key = binary.BigEndian.AppendUint64(key, id)
			}
			return m.put(key, func(old []byte) []byte {
				val := append(f.buf[:0], old...)
				for _, id := range ids {
					val = binary.AppendUvarint(val, id)
				}
				return val
			}, int64(len(ids)))
		})
	})
}

// meta writes the meta bucket with the load's horizon and size.
func (f *finisher) meta() ([]byte, error) {
	w := f.w
	return f.merge(string(bucketMeta), func(m *bucketMerge) error {
		if err := m.put(metaHorizon, func([]byte) []byte {
			return binary.LittleEndian.AppendUint64(f.buf[:0], w.horizon)
		}, 0); err != nil {
			return err
		}
		return m.put(metaSize, func(old []byte) []byte {
			size := w.written.Quads
			if len(old) == 8 {
				size += int64(binary.LittleEndian.Uint64(old))
			}
			return binary.LittleEndian.AppendUint64(f.buf[:0], uint64(size))
		}, 0)
	})
}

// merge writes the bucket called name: the store's entries, and those add
// puts, in key order.
func (f *finisher) merge(name string, add func(*bucketMerge) error) ([]byte, error) {
	if f.spare == nil {
		f.spare = newTreeBuilder(f.w.pf, 0)
	}
	f.spare.reset(0)
	m := &bucketMerge{f: f, t: f.spare}
	if b := f.w.tx.Bucket([]byte(name)); b != nil {
		m.b, m.c, m.t.seq = b, b.Cursor(), b.Sequence()
		m.k, m.v = m.c.First()
	}
	if add != nil {
		if err := add(m); err != nil {
			return nil, err
		}
	}
	for m.k != nil {
		if err := m.copyStored(); err != nil {
			return nil, err
		}
	}
	return m.t.finish()
}

// bucketMerge merges a bucket's stored entries with new ones.
type bucketMerge struct {
	f *finisher
	t *treeBuilder
	// The stored bucket, if any, and its entry not written yet.
	b    *bbolt.Bucket
	c    *bbolt.Cursor
	k, v []byte
}

// put writes key, after the stored keys before it, with the value val
// makes of the stored value (nil if none); the value is written before
// val is called again. n is how many entries it stands for.
func (m *bucketMerge) put(key []byte, val func(stored []byte) []byte, n int64) error {
	for m.k != nil && bytes.Compare(m.k, key) < 0 {
		if err := m.copyStored(); err != nil {
			return err
		}
	}
	var stored []byte
	if m.k != nil && bytes.Equal(m.k, key) {
		stored = m.v
		m.k, m.v = m.c.Next()
		if err := m.f.w.dropper.copied(); err != nil {
			return err
		}
	}
	v := val(stored)
	m.f.buf = v
	if err := m.t.add(0, key, v); err != nil {
		return err
	}
	return m.f.wrote(n, len(key)+len(v))
}

// copyStored writes the stored entry at the cursor and moves past it.
func (m *bucketMerge) copyStored() error {
	k, v := m.k, m.v
	var err error
	if v == nil {
		// A bucket inside the bucket: copied whole first.
		var header []byte
		if header, err = copyBucket(m.f.w.pf, m.f.w.dropper, m.b.Bucket(k)); err == nil {
			err = m.t.add(boltBucketLeaf, k, header)
		}
	} else {
		err = m.t.add(0, k, v)
	}
	m.k, m.v = m.c.Next()
	if err == nil {
		err = m.f.w.dropper.copied()
	}
	return err
}

// copyBucket writes a copy of b and returns its value in its parent,
// counting the entries copied in d.
func copyBucket(pf *pageFile, d *pageDropper, b *bbolt.Bucket) ([]byte, error) {
	t := newTreeBuilder(pf, b.Sequence())
	c := b.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		var err error
		if v == nil {
			var header []byte
			if header, err = copyBucket(pf, d, b.Bucket(k)); err == nil {
				err = t.add(boltBucketLeaf, k, header)
			}
		} else {
			err = t.add(0, k, v)
		}
		if err == nil {
			err = d.copied()
		}
		if err != nil {
			return nil, err
		}
	}
	return t.finish()
}

// wrote counts n entries of size bytes written, and reports the progress
// every finishCommitBytes.
func (f *finisher) wrote(n int64, size int) error {
	f.w.written.EntriesDone += n
	if f.bytes += size; f.bytes < f.w.finishCommitBytes {
		return nil
	}
	f.bytes = 0
	f.report()
	return f.ctx.Err()
}

func (f *finisher) report() {
	if f.w.progress != nil {
		f.w.progress(f.w.written)
	}
}
