package cayleykv

import (
	"encoding/binary"
	"fmt"
	"io"
)

// The layout of bolt's pages past their header, as bolt and bbolt write
// them: element headers, then each element's key and value in order, each
// right after the one before, then zeros to the end of the page (bolt
// writes every page from a zeroed buffer).
const (
	boltElementSize   = 16     // branch: pos, ksize uint32, pgid uint64; leaf: flags, pos, ksize, vsize uint32
	boltBucketLeaf    = 0x01   // a leaf element whose value is a bucket
	boltBucketHeader  = 16     // root pgid, sequence uint64
	boltFreelistLarge = 0xFFFF // a freelist count that says the count is the first id
)

// pageWalk reads every page of a bolt file reachable from the meta page
// it is given, through ReadAt, trusting nothing: bolt itself reads pages
// through its memory map and faults on a count or an offset that points
// past the file. It finds what tx.Check would and more (the zeros after a
// page's elements), so that tx.Check runs only on a file it can walk.
type pageWalk struct {
	r     io.ReaderAt
	m     boltMeta
	ps    int64
	inUse []bool // by page id: reachable from the root, or the freelist's
	found func(where, what string)
}

// walkPages checks the pages of the file meta page m describes, calling
// found with each thing that is wrong.
func walkPages(r io.ReaderAt, m boltMeta, found func(where, what string)) {
	w := &pageWalk{r: r, m: m, ps: int64(m.pageSize), inUse: make([]bool, m.pgid), found: found}
	w.inUse[0], w.inUse[1] = true, true
	w.metaSlack(0)
	w.metaSlack(1)
	w.tree(m.root, "the root bucket", 0)
	w.freelist()
}

// metaSlack checks that meta page id holds zeros after its record.
func (w *pageWalk) metaSlack(id uint64) {
	buf := make([]byte, w.ps)
	if _, err := w.r.ReadAt(buf, int64(id)*w.ps); err != nil {
		w.found(fmt.Sprintf("meta page %d", id), "cannot be read: "+err.Error())
		return
	}
	if i := nonZero(buf[boltPageHeaderSize+boltMetaSize:]); i >= 0 {
		w.found(fmt.Sprintf("meta page %d", id), fmt.Sprintf("byte %d after the meta record is not zero", boltPageHeaderSize+boltMetaSize+i))
	}
}

// maxDepth bounds how deep the walk goes: a B+tree of bolt's page sizes
// is a few levels deep; more is a loop in damaged pages.
const maxDepth = 64

// read reads page id and its overflow pages, after checking its header,
// and marks them in use. It returns nil, having said why, for a page
// that cannot be used.
func (w *pageWalk) read(id uint64, where string, want uint16) []byte {
	at := fmt.Sprintf("page %d (%s)", id, where)
	if id < 2 || id >= w.m.pgid {
		w.found(at, fmt.Sprintf("is outside the %d pages in use", w.m.pgid))
		return nil
	}
	if w.inUse[id] {
		w.found(at, "is referred to twice")
		return nil
	}
	var hdr [boltPageHeaderSize]byte
	if _, err := w.r.ReadAt(hdr[:], int64(id)*w.ps); err != nil {
		w.found(at, "cannot be read: "+err.Error())
		return nil
	}
	ne := binary.NativeEndian
	gotID, flags, overflow := ne.Uint64(hdr[0:]), ne.Uint16(hdr[8:]), uint64(ne.Uint32(hdr[12:]))
	switch {
	case gotID != id:
		w.found(at, fmt.Sprintf("says it is page %d", gotID))
		return nil
	case flags&want == 0 || flags&^(boltBranchPage|boltLeafPage|boltMetaPage|boltFreelistPage) != 0:
		w.found(at, fmt.Sprintf("has the wrong type (flags %#x)", flags))
		return nil
	case id+overflow >= w.m.pgid:
		w.found(at, fmt.Sprintf("overflows past the %d pages in use", w.m.pgid))
		return nil
	}
	for p := id; p <= id+overflow; p++ {
		if w.inUse[p] {
			w.found(at, fmt.Sprintf("overflows into page %d, which is in use elsewhere", p))
			return nil
		}
	}
	buf := make([]byte, int64(overflow+1)*w.ps)
	if _, err := w.r.ReadAt(buf, int64(id)*w.ps); err != nil {
		w.found(at, "cannot be read: "+err.Error())
		return nil
	}
	for p := id; p <= id+overflow; p++ {
		w.inUse[p] = true
	}
	return buf
}

// tree walks the B+tree of a bucket from page id.
func (w *pageWalk) tree(id uint64, where string, depth int) {
	if depth > maxDepth {
		w.found(fmt.Sprintf("page %d (%s)", id, where), "is deeper than any tree bolt writes: a loop")
		return
	}
	page := w.read(id, where, boltBranchPage|boltLeafPage)
	if page == nil {
		return
	}
	w.elements(page, fmt.Sprintf("page %d (%s)", id, where), true, func(key, value []byte, flags uint32, child uint64) {
		switch {
		case binary.NativeEndian.Uint16(page[8:])&boltBranchPage != 0:
			w.tree(child, where, depth+1)
		case flags&boltBucketLeaf != 0:
			w.bucket(key, value, depth)
		}
	})
}

// bucket walks a bucket, whose header is value: its own tree, or the page
// inline in value.
func (w *pageWalk) bucket(name, value []byte, depth int) {
	where := fmt.Sprintf("bucket %q", name)
	if len(value) < boltBucketHeader {
		w.found(where, fmt.Sprintf("has a header of %d bytes", len(value)))
		return
	}
	ne := binary.NativeEndian
	// Neither Cayley nor this package sets a bucket's sequence.
	if seq := ne.Uint64(value[8:]); seq != 0 {
		w.found(where, fmt.Sprintf("has sequence %d, which nothing sets", seq))
		return
	}
	if root := ne.Uint64(value); root != 0 {
		w.tree(root, where, depth+1)
		return
	}
	// An inline page is written into a zeroed value: only its flags and
	// count are set.
	inline := value[boltBucketHeader:]
	switch {
	case len(inline) < boltPageHeaderSize || ne.Uint16(inline[8:]) != boltLeafPage:
		w.found(where, "is an inline bucket without a leaf page")
		return
	case ne.Uint64(inline) != 0 || ne.Uint32(inline[12:]) != 0:
		w.found(where, "its inline page has an id or overflow, which bolt does not write")
		return
	}
	w.elements(inline, where+" (inline)", false, func(key, _ []byte, flags uint32, _ uint64) {
		if flags&boltBucketLeaf != 0 {
			w.found(where, fmt.Sprintf("an inline bucket holds a bucket, %q", key))
		}
	})
}

// elements checks the elements of a branch or leaf page, laid out as
// bolt writes them, and hands each to fn. padded pages end in zeros; an
// inline page ends with its last element.
func (w *pageWalk) elements(page []byte, at string, padded bool, fn func(key, value []byte, flags uint32, child uint64)) {
	ne := binary.NativeEndian
	flags, count := ne.Uint16(page[8:]), int(ne.Uint16(page[10:]))
	branch := flags&boltBranchPage != 0
	next := boltPageHeaderSize + count*boltElementSize // where the next key must start
	if next > len(page) {
		w.found(at, fmt.Sprintf("%d elements do not fit in the page", count))
		return
	}
	if count == 0 && branch {
		w.found(at, "is a branch page without elements")
		return
	}
	type item struct {
		key, value []byte
		flags      uint32
		child      uint64
	}
	items := make([]item, 0, count)
	for i := range count {
		e := page[boltPageHeaderSize+i*boltElementSize:]
		var it item
		var pos, ksize, vsize int
		if branch {
			pos, ksize, it.child = int(ne.Uint32(e[0:])), int(ne.Uint32(e[4:])), ne.Uint64(e[8:])
		} else {
			it.flags, pos, ksize, vsize = ne.Uint32(e[0:]), int(ne.Uint32(e[4:])), int(ne.Uint32(e[8:])), int(ne.Uint32(e[12:]))
			if it.flags&^boltBucketLeaf != 0 {
				w.found(at, fmt.Sprintf("element %d has unknown flags %#x", i, it.flags))
				return
			}
		}
		start := boltPageHeaderSize + i*boltElementSize + pos
		if start != next || ksize == 0 || start+ksize+vsize > len(page) || start+ksize+vsize < start {
			w.found(at, fmt.Sprintf("element %d is not where bolt puts it (at %d, %d+%d bytes; want at %d)", i, start, ksize, vsize, next))
			return
		}
		it.key, it.value = page[start:start+ksize], page[start+ksize:start+ksize+vsize]
		next = start + ksize + vsize
		items = append(items, it)
	}
	switch {
	case padded:
		if i := nonZero(page[next:]); i >= 0 {
			w.found(at, fmt.Sprintf("byte %d after its elements is not zero", next+i))
			return
		}
	case next != len(page):
		w.found(at, fmt.Sprintf("%d bytes after its elements", len(page)-next))
		return
	}
	for _, it := range items {
		fn(it.key, it.value, it.flags, it.child)
	}
}

// freelist checks the freelist page: that it lists pages in use by
// nothing else, each once, and that with the pages in use it makes up
// every page below the high-water mark.
func (w *pageWalk) freelist() {
	if w.m.freelist == boltNoFreelist {
		return // bolt finds the free pages again at open
	}
	page := w.read(w.m.freelist, "the freelist", boltFreelistPage)
	if page == nil {
		return
	}
	ne := binary.NativeEndian
	at := fmt.Sprintf("page %d (the freelist)", w.m.freelist)
	count, start := int(ne.Uint16(page[10:])), boltPageHeaderSize
	if count == boltFreelistLarge {
		count, start = int(ne.Uint64(page[start:])), start+8
	}
	if count < 0 || start+8*count > len(page) || start+8*count < start {
		w.found(at, fmt.Sprintf("%d free pages do not fit in it", count))
		return
	}
	free := make([]bool, w.m.pgid)
	last := uint64(0)
	for i := range count {
		id := ne.Uint64(page[start+8*i:])
		switch {
		case id < 2 || id >= w.m.pgid:
			w.found(at, fmt.Sprintf("lists page %d, outside the %d pages in use", id, w.m.pgid))
			return
		case id <= last:
			w.found(at, fmt.Sprintf("lists page %d after page %d, out of order", id, last))
			return
		case w.inUse[id]:
			w.found(at, fmt.Sprintf("lists page %d, which is in use", id))
			return
		}
		free[id], last = true, id
	}
	if i := nonZero(page[start+8*count:]); i >= 0 {
		w.found(at, fmt.Sprintf("byte %d after its list is not zero", start+8*count+i))
	}
	for id := range w.m.pgid {
		if !w.inUse[id] && !free[id] {
			w.found(fmt.Sprintf("page %d", id), "is neither in use nor free")
			return
		}
	}
}

// nonZero is the index of the first byte of b that is not zero, or -1.
func nonZero(b []byte) int {
	for i, c := range b {
		if c != 0 {
			return i
		}
	}
	return -1
}
