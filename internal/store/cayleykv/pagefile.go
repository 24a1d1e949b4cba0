package cayleykv

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"os"

	bbolt "go.etcd.io/bbolt"
)

// pageFile writes a bolt file from scratch, page by page, the way bolt
// lays its pages out (pages.go describes the layout): trees are built
// bottom up from keys that come in order, each page written once and
// full, instead of being put key by key through bolt, which searches and
// grows an in-memory node for every key and splits it at the commit.
// Pages 0 and 1, the meta pages, are written last, so that the file is
// not a bolt file until everything it refers to is written.
type pageFile struct {
	path string
	f    *os.File
	w    *bufio.Writer
	ps   int
	next uint64 // the id of the next page written
	page []byte // a buffer to build a page (and its overflow) in
}

// pageFileBuffer is the buffer pages are written through.
const pageFileBuffer = 1 << 20

// createPageFile creates the file at path, which must not exist, with
// pages of ps bytes.
func createPageFile(path string, perm os.FileMode, ps int) (*pageFile, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return nil, err
	}
	pf := &pageFile{path: path, f: f, w: bufio.NewWriterSize(f, pageFileBuffer), ps: ps, next: 2}
	// The meta pages' place, zero until the end.
	if _, err := pf.w.Write(make([]byte, 2*ps)); err != nil {
		f.Close()
		return nil, err
	}
	return pf, nil
}

// buffer returns a zeroed buffer of n bytes rounded up to whole pages.
func (pf *pageFile) buffer(n int) []byte {
	n = (n + pf.ps - 1) / pf.ps * pf.ps
	if cap(pf.page) < n {
		pf.page = make([]byte, n)
	}
	p := pf.page[:n]
	clear(p)
	return p
}

// write writes p, a page of the given type and count and as long as its
// pages, as the next page, and returns its id.
func (pf *pageFile) write(p []byte, flags uint16, count int) (uint64, error) {
	id := pf.next
	ne := binary.NativeEndian
	ne.PutUint64(p[0:], id)
	ne.PutUint16(p[8:], flags)
	ne.PutUint16(p[10:], uint16(count))
	pages := len(p) / pf.ps
	ne.PutUint32(p[12:], uint32(pages-1))
	if _, err := pf.w.Write(p); err != nil {
		return 0, fmt.Errorf("write to %s: %w", pf.path, err)
	}
	pf.next += uint64(pages)
	return id, nil
}

// flush writes what is buffered to the file.
func (pf *pageFile) flush() error {
	if err := pf.w.Flush(); err != nil {
		return fmt.Errorf("write to %s: %w", pf.path, err)
	}
	return nil
}

// finish writes an empty freelist and the meta pages, naming root as the
// root bucket's root page and txid as the transaction, and syncs the file.
func (pf *pageFile) finish(root, txid uint64) error {
	free, err := pf.write(pf.buffer(boltPageHeaderSize), boltFreelistPage, 0)
	if err != nil {
		return err
	}
	if err := pf.flush(); err != nil {
		return err
	}
	ne := binary.NativeEndian
	for id := range uint64(2) {
		p := pf.buffer(boltPageHeaderSize + boltMetaSize)
		ne.PutUint64(p[0:], id)
		ne.PutUint16(p[8:], boltMetaPage)
		m := p[boltPageHeaderSize:]
		ne.PutUint32(m[0:], boltMagic)
		ne.PutUint32(m[4:], boltVersion)
		ne.PutUint32(m[8:], uint32(pf.ps))
		ne.PutUint64(m[16:], root) // the root bucket's sequence, m[24:32], stays zero
		ne.PutUint64(m[32:], free)
		ne.PutUint64(m[40:], pf.next)
		ne.PutUint64(m[48:], txid)
		h := fnv.New64a()
		_, _ = h.Write(m[:boltMetaSumSize])
		ne.PutUint64(m[boltMetaSumSize:], h.Sum64())
		if _, err := pf.f.WriteAt(p, int64(id)*int64(pf.ps)); err != nil {
			return fmt.Errorf("write to %s: %w", pf.path, err)
		}
	}
	if err := pf.f.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", pf.path, err)
	}
	return nil
}

// close closes the file.
func (pf *pageFile) close() error { return pf.f.Close() }

// treeBuilder writes a bucket's B+tree from its entries in key order:
// leaf pages as they fill, then the branch pages above them.
type treeBuilder struct {
	pf *pageFile
	// The leaf being filled: its elements' flags and the end of each
	// element's key and value in data.
	flags []uint32
	ends  [][2]int
	data  []byte
	// children is, for each page written at the level being built, its
	// first key and its id.
	children []childRef
	// nested is set once the bucket holds a bucket: bolt never inlines it.
	nested bool
	seq    uint64
}

type childRef struct {
	key []byte
	id  uint64
}

func newTreeBuilder(pf *pageFile, seq uint64) *treeBuilder {
	return &treeBuilder{pf: pf, seq: seq}
}

// reset makes t ready for another bucket, keeping its buffers: a store
// has over a hundred thousand buckets.
func (t *treeBuilder) reset(seq uint64) {
	t.flags, t.ends, t.data = t.flags[:0], t.ends[:0], t.data[:0]
	clear(t.children)
	t.children, t.nested, t.seq = t.children[:0], false, seq
}

// leafSize is the size of the leaf being filled.
func (t *treeBuilder) leafSize() int {
	return boltPageHeaderSize + boltElementSize*len(t.flags) + len(t.data)
}

// add appends an entry: flags is boltBucketLeaf for a bucket, whose header
// is val. Keys must come in ascending order.
func (t *treeBuilder) add(flags uint32, key, val []byte) error {
	if len(t.flags) > 0 && t.leafSize()+boltElementSize+len(key)+len(val) > t.pf.ps {
		if err := t.writeLeaf(); err != nil {
			return err
		}
	}
	if flags&boltBucketLeaf != 0 {
		t.nested = true
	}
	start := len(t.data)
	t.data = append(append(t.data, key...), val...)
	t.flags = append(t.flags, flags)
	t.ends = append(t.ends, [2]int{start + len(key), len(t.data)})
	return nil
}

// layLeaf lays the leaf being filled out in p, which is at least its size.
func (t *treeBuilder) layLeaf(p []byte) {
	ne := binary.NativeEndian
	dataStart := boltPageHeaderSize + boltElementSize*len(t.flags)
	copy(p[dataStart:], t.data)
	start := 0
	for i, f := range t.flags {
		e := p[boltPageHeaderSize+boltElementSize*i:]
		ksize, vsize := t.ends[i][0]-start, t.ends[i][1]-t.ends[i][0]
		ne.PutUint32(e[0:], f)
		ne.PutUint32(e[4:], uint32(dataStart+start-boltPageHeaderSize-boltElementSize*i))
		ne.PutUint32(e[8:], uint32(ksize))
		ne.PutUint32(e[12:], uint32(vsize))
		start = t.ends[i][1]
	}
}

// writeLeaf writes the leaf being filled as a page.
func (t *treeBuilder) writeLeaf() error {
	p := t.pf.buffer(t.leafSize())
	t.layLeaf(p)
	id, err := t.pf.write(p, boltLeafPage, len(t.flags))
	if err != nil {
		return err
	}
	first := append([]byte(nil), t.data[:t.ends[0][0]]...)
	t.children = append(t.children, childRef{key: first, id: id})
	t.flags, t.ends, t.data = t.flags[:0], t.ends[:0], t.data[:0]
	return nil
}

// finish writes what is left of the tree and returns the bucket's value in
// its parent: its header (root page, sequence), followed by its leaf page
// if bolt would keep it inline, as it does a bucket of one leaf that holds
// no bucket and is at most a quarter of a page.
func (t *treeBuilder) finish() ([]byte, error) {
	if len(t.children) == 0 && !t.nested && t.leafSize() <= t.pf.ps/4 {
		v := make([]byte, boltBucketHeader+t.leafSize())
		binary.NativeEndian.PutUint64(v[8:], t.seq)
		inline := v[boltBucketHeader:]
		t.layLeaf(inline)
		binary.NativeEndian.PutUint16(inline[8:], boltLeafPage)
		binary.NativeEndian.PutUint16(inline[10:], uint16(len(t.flags)))
		return v, nil
	}
	header := make([]byte, boltBucketHeader)
	binary.NativeEndian.PutUint64(header[8:], t.seq)
	if len(t.flags) > 0 || len(t.children) == 0 {
		if err := t.writeLeaf(); err != nil {
			return nil, err
		}
	}
	level := t.children
	for len(level) > 1 {
		var err error
		if level, err = t.writeBranches(level); err != nil {
			return nil, err
		}
	}
	binary.NativeEndian.PutUint64(header, level[0].id)
	return header, nil
}

// writeBranches writes the branch pages over one level of pages and
// returns the level they make.
func (t *treeBuilder) writeBranches(children []childRef) ([]childRef, error) {
	var up []childRef
	for len(children) > 0 {
		n, size := 0, boltPageHeaderSize
		for n < len(children) && (n == 0 || size+boltElementSize+len(children[n].key) <= t.pf.ps) {
			size += boltElementSize + len(children[n].key)
			n++
		}
		p := t.pf.buffer(size)
		ne := binary.NativeEndian
		at := boltPageHeaderSize + boltElementSize*n
		for i, c := range children[:n] {
			e := p[boltPageHeaderSize+boltElementSize*i:]
			ne.PutUint32(e[0:], uint32(at-boltPageHeaderSize-boltElementSize*i))
			ne.PutUint32(e[4:], uint32(len(c.key)))
			ne.PutUint64(e[8:], c.id)
			at += copy(p[at:], c.key)
		}
		id, err := t.pf.write(p, boltBranchPage, n)
		if err != nil {
			return nil, err
		}
		up = append(up, childRef{key: children[0].key, id: id})
		children = children[n:]
	}
	return up, nil
}

// pageDropper lets go of the store file's pages as a load copies its
// entries (dropMappedPages), so that a copy of a large store does not
// stay in the process's resident memory. A nil pageDropper does nothing.
type pageDropper struct {
	tx *bbolt.Tx
	n  int
}

// copied counts an entry copied, and every dropPagesEvery lets go of the
// pages read.
func (d *pageDropper) copied() error {
	if d == nil {
		return nil
	}
	if d.n++; d.n%dropPagesEvery != 0 {
		return nil
	}
	return d.drop()
}

// drop lets go of the pages read.
func (d *pageDropper) drop() error {
	if d == nil {
		return nil
	}
	if err := dropMappedPages(d.tx.DB(), d.tx.Size()); err != nil {
		return fmt.Errorf("release the pages of the store file read so far: %w", err)
	}
	return nil
}
