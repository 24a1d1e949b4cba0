package cayleykv

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"os"
	"runtime/debug"
	"time"

	ckv "github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/cayley/graph/refs"
	bbolt "go.etcd.io/bbolt"
)

// A Damage is one thing CheckStore found wrong: where, and what.
type Damage struct {
	Where, What string
}

func (d Damage) String() string { return d.Where + ": " + d.What }

// Report is what CheckStore found in a store.
type Report struct {
	// Damage lists what is wrong, up to maxDamage items; More counts those
	// left out.
	Damage []Damage
	More   int
	// Pages, Nodes and Quads count what was read.
	Pages, Nodes, Quads int64
}

// Damaged reports whether the check found anything wrong.
func (r *Report) Damaged() bool { return len(r.Damage) > 0 }

func (r *Report) add(where, what string) {
	if len(r.Damage) < maxDamage {
		r.Damage = append(r.Damage, Damage{where, what})
		return
	}
	r.More++
}

// maxDamage is how many things a report lists; a damaged page can make
// thousands of entries wrong.
const maxDamage = 50

// latestDataVersion is the version of Cayley's key-value layout that its
// quad store reads, and this package writes.
const latestDataVersion = 2

// CheckStore reads the whole bolt file at path, which must not be written
// meanwhile, and reports what is damaged: the meta pages; every page of
// bolt's B+trees, read through ReadAt so that damage cannot fault the
// process, laid out as bolt writes them and with each page in use or
// free exactly once; then bbolt's own tx.Check; then Cayley's layout,
// each part against the others: every log entry decodes, a quad names
// nodes stored before it, every node is in the table of values under the
// hash of its value, each reference count is the number of quad
// directions that name the node, every index lists each live quad once
// under its nodes, and the meta bucket's size and horizon agree with the
// log. A later stage runs only if the ones before found nothing: they
// read what the earlier ones vouch for.
//
// What it cannot see is what nothing reads: the content of free pages,
// the file past the last page in use, and the time Cayley writes in each
// log entry.
func CheckStore(ctx context.Context, path string) (Report, error) {
	var rep Report
	if err := CheckFile(path); err != nil {
		rep.add("file", err.Error())
		return rep, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return rep, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return rep, err
	}
	m0, m1 := readBoltMeta(f, 0, fi.Size()), boltMeta{}
	m, err := currentMeta(f, fi.Size())
	if err != nil {
		rep.add("file", err.Error())
		return rep, nil
	}
	m1 = readBoltMeta(f, int64(m.pageSize), fi.Size())
	for i, mi := range []boltMeta{m0, m1} {
		if mi.err != nil {
			rep.add(fmt.Sprintf("meta page %d", i), mi.err.Error()+" (bolt uses the other)")
		}
	}
	walkPages(f, m, rep.add)
	rep.Pages = int64(m.pgid)
	if rep.Damaged() || ctx.Err() != nil {
		return rep, ctx.Err()
	}
	db, err := bbolt.Open(path, 0, &bbolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		return rep, err
	}
	defer db.Close()
	err = db.View(func(tx *bbolt.Tx) error {
		for err := range tx.Check() {
			rep.add("bolt", err.Error())
		}
		if rep.Damaged() {
			return nil
		}
		return checkCayley(ctx, tx, &rep)
	})
	return rep, err
}

// checkCayley checks Cayley's layout in tx. A fault in reading is damage
// that the page walk did not see; it is reported, not a crash.
func checkCayley(ctx context.Context, tx *bbolt.Tx, rep *Report) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			rep.add("store", fmt.Sprintf("reading it failed: %v", r))
		}
	}()
	c := &layoutCheck{tx: tx, rep: rep}
	return c.run(ctx)
}

// layoutCheck holds what a check of Cayley's layout learns from the log,
// to check the other buckets against.
type layoutCheck struct {
	tx      *bbolt.Tx
	rep     *Report
	isNode  idMap[bool]   // live nodes
	isQuad  idMap[bool]   // live quads
	isDead  idMap[bool]   // removed quads, which Cayley leaves in the indexes
	refs    idMap[uint32] // quad directions naming each node
	horizon uint64
}

func (c *layoutCheck) run(ctx context.Context) error {
	meta := c.tx.Bucket(bucketMeta)
	if meta == nil {
		c.rep.add("meta", "no meta bucket: not a Cayley store")
		return nil
	}
	// A store that has never been written has a version and no horizon
	// nor size yet.
	for _, key := range [][]byte{[]byte("version"), metaHorizon, metaSize} {
		if v := meta.Get(key); len(v) != 8 && (v != nil || string(key) == "version") {
			c.rep.add("meta", fmt.Sprintf("%q is %d bytes, not 8", key, len(v)))
			return nil
		}
	}
	if v := metaInt(meta, []byte("version")); v != latestDataVersion {
		c.rep.add("meta", fmt.Sprintf("version %d, not %d", v, latestDataVersion))
	}
	c.horizon = uint64(metaInt(meta, metaHorizon))
	// Ids run from 1 to the horizon; a store cannot hold more entries than
	// its file has bytes, so a damaged horizon does not size the sets.
	limit := uint64(c.tx.Size())
	c.isNode, c.isQuad, c.refs = newIDMap[bool](c.horizon, limit), newIDMap[bool](c.horizon, limit), newIDMap[uint32](c.horizon, limit)
	c.isDead = newIDMap[bool](c.horizon, limit)
	if err := c.log(ctx); err != nil {
		return err
	}
	if size := metaInt(meta, metaSize); size != c.rep.Quads {
		c.rep.add("meta", fmt.Sprintf("size says %d quads; the log holds %d", size, c.rep.Quads))
	}
	if err := c.values(ctx); err != nil {
		return err
	}
	indexes, err := quadIndexes(meta)
	if err != nil {
		c.rep.add("meta", err.Error())
		return nil
	}
	for _, ind := range indexes {
		if err := c.index(ctx, ind); err != nil {
			return err
		}
	}
	return nil
}

// log reads every entry of the log: nodes and quads, each under its id.
func (c *layoutCheck) log(ctx context.Context) error {
	log := c.tx.Bucket(bucketLog)
	if log == nil {
		c.rep.add("log", "no log bucket")
		return nil
	}
	var e logEntry
	n := 0
	cur := log.Cursor()
	for k, raw := cur.First(); k != nil; k, raw = cur.Next() {
		if err := tick(ctx, &n); err != nil {
			return err
		}
		if len(k) != 8 {
			c.rep.add("log", fmt.Sprintf("key %x is not an id", k))
			continue
		}
		id := binary.BigEndian.Uint64(k)
		where := fmt.Sprintf("log entry %d", id)
		if err := decodeLogEntry(raw, &e); err != nil {
			c.rep.add(where, "does not decode: "+err.Error())
			continue
		}
		switch {
		case e.ID != id:
			c.rep.add(where, fmt.Sprintf("says it is entry %d", e.ID))
			continue
		case id > c.horizon:
			c.rep.add(where, fmt.Sprintf("is past the horizon, %d", c.horizon))
			continue
		case e.Deleted:
			// Cayley removes a quad by marking its entry, and leaves it
			// listed in the indexes; it removes a node's entry outright.
			c.isDead.set(id, true)
			continue
		case e.isNode():
			c.node(where, id, &e)
		default:
			c.quad(where, id, &e)
		}
	}
	return nil
}

// node checks a node's value, and that the table of values finds it.
func (c *layoutCheck) node(where string, id uint64, e *logEntry) {
	if e.Subject|e.Predicate|e.Object|e.Label != 0 {
		c.rep.add(where, "is a node that names other nodes")
		return
	}
	v, err := decodeValue(e.Value)
	if err != nil {
		c.rep.add(where, "its value does not decode: "+err.Error())
		return
	}
	h := refs.HashOf(v)
	got, ok := uvarint(c.tx, nodePrefix, h)
	switch {
	case !ok:
		c.rep.add(where, "its value is not in the table of values")
	case got != id:
		c.rep.add(where, fmt.Sprintf("the table of values gives its value id %d", got))
	}
	c.isNode.set(id, true)
	c.rep.Nodes++
}

// quad checks that a quad names nodes stored before it, and counts the
// references.
func (c *layoutCheck) quad(where string, id uint64, e *logEntry) {
	ids := [4]uint64{e.Subject, e.Predicate, e.Object, e.Label}
	for i, n := range ids {
		if n == 0 && i < 3 {
			c.rep.add(where, "is a quad without a subject, predicate or object")
			return
		}
		if n != 0 && (n >= id || !c.isNode.get(n)) {
			c.rep.add(where, fmt.Sprintf("names node %d, which is not a node stored before it", n))
			return
		}
	}
	for _, n := range ids {
		if n != 0 {
			c.refs.set(n, c.refs.get(n)+1)
		}
	}
	c.isQuad.set(id, true)
	c.rep.Quads++
}

// values checks the table of values and the reference counts: an entry of
// each for every node, and no other.
func (c *layoutCheck) values(ctx context.Context) error {
	var values, counts int64
	err := c.tx.ForEach(func(name []byte, b *bbolt.Bucket) error {
		if len(name) != 3 || (name[0] != nodePrefix && name[0] != refsPrefix) {
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		where := fmt.Sprintf("bucket %q", name)
		return b.ForEach(func(k, v []byte) error {
			var h refs.ValueHash
			if len(k) != len(h) || k[0] != name[1] || k[1] != name[2] {
				c.rep.add(where, fmt.Sprintf("key %x is not a value's hash of this bucket", k))
				return nil
			}
			copy(h[:], k)
			n, ok := decodeUvarint(v)
			if !ok {
				c.rep.add(where, fmt.Sprintf("entry %x: %x is not a number", k, v))
				return nil
			}
			if name[0] == nodePrefix {
				values++
				if !c.isNode.get(n) {
					c.rep.add(where, fmt.Sprintf("entry %x gives id %d, which is no node", k, n))
				}
				return nil
			}
			counts++
			id, ok := uvarint(c.tx, nodePrefix, h)
			switch {
			case !ok:
				c.rep.add(where, fmt.Sprintf("counts references to %x, which no node has for value", k))
			case n != uint64(c.refs.get(id)):
				c.rep.add(where, fmt.Sprintf("counts %d references to node %d; %d quad directions name it", n, id, c.refs.get(id)))
			}
			return nil
		})
	})
	if err != nil {
		return err
	}
	if values != c.rep.Nodes {
		c.rep.add("table of values", fmt.Sprintf("%d entries for %d nodes", values, c.rep.Nodes))
	}
	if counts != c.rep.Nodes {
		c.rep.add("reference counts", fmt.Sprintf("%d entries for %d nodes", counts, c.rep.Nodes))
	}
	return nil
}

// index checks a quad index: every live quad once, under the ids of its
// nodes in the index's directions.
func (c *layoutCheck) index(ctx context.Context, ind ckv.QuadIndex) error {
	name, dirs := indexBucket(ind), len(ind.Dirs)
	where := fmt.Sprintf("index %q", name)
	b := c.tx.Bucket(name)
	if b == nil {
		c.rep.add(where, "is missing")
		return nil
	}
	listed := newIDMap[bool](c.horizon, uint64(c.tx.Size()))
	var total int64
	log := c.tx.Bucket(bucketLog)
	var e logEntry
	n := 0
	err := b.ForEach(func(k, v []byte) error {
		if err := tick(ctx, &n); err != nil {
			return err
		}
		if len(k) != indexKeySize*dirs {
			c.rep.add(where, fmt.Sprintf("key %x is not %d ids", k, dirs))
			return nil
		}
		for len(v) > 0 {
			id, m := binary.Uvarint(v)
			if m <= 0 {
				c.rep.add(where, fmt.Sprintf("entry %x: the list of quads does not decode", k))
				return nil
			}
			v = v[m:]
			if c.isDead.get(id) {
				continue
			}
			total++
			switch {
			case !c.isQuad.get(id):
				c.rep.add(where, fmt.Sprintf("entry %x lists %d, which is no live quad", k, id))
			case listed.get(id):
				c.rep.add(where, fmt.Sprintf("lists quad %d twice", id))
			default:
				listed.set(id, true)
				err := decodeLogEntry(log.Get(logKey(id, nil)), &e)
				if err != nil || !bytes.Equal(k, indexKey(ind, [4]uint64{e.Subject, e.Predicate, e.Object, e.Label}, nil)) {
					c.rep.add(where, fmt.Sprintf("lists quad %d under %x, which are not its nodes", id, k))
				}
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if total != c.rep.Quads {
		c.rep.add(where, fmt.Sprintf("lists %d quads; the log holds %d", total, c.rep.Quads))
	}
	return nil
}

// tick counts a step of a walk and, every scanBatch steps, looks at ctx.
func tick(ctx context.Context, n *int) error {
	if *n++; *n%scanBatch == 0 {
		return ctx.Err()
	}
	return nil
}
