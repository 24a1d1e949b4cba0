package cayleykv

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"
)

// The on-disk format of bolt and bbolt files (both use it): a file of pages
// whose first two are meta pages. Each page starts with a 16-byte header
// (id uint64, flags uint16, count uint16, overflow uint32); a meta page's
// body is the meta record below, in the machine's byte order, with an
// FNV-64a checksum of its first 56 bytes.
const (
	boltMagic          = 0xED0CDAED
	boltVersion        = 2
	boltPageHeaderSize = 16
	boltMetaSize       = 64
	boltMetaSumSize    = 56 // bytes of the meta record covered by its checksum
	boltNoFreelist     = ^uint64(0)
	boltMinPageSize    = 1024
	boltMaxPageSize    = 1024 << 14 // the largest page size bolt probes

	boltBranchPage   = 0x01
	boltLeafPage     = 0x02
	boltMetaPage     = 0x04
	boltFreelistPage = 0x10
)

// boltMeta is a decoded meta page.
type boltMeta struct {
	magic, version, pageSize uint32
	root                     uint64 // page id of the root bucket's root page
	freelist                 uint64 // page id of the freelist, or boltNoFreelist
	pgid                     uint64 // high-water mark: pages [0, pgid) are in use
	txid                     uint64
	err                      error // why it is invalid, if it is
}

// CheckFile reports whether the bolt file at path is safe to hand to bolt.
// bolt trusts its file: one truncated to half makes it fault or panic at
// open, which would crash-loop a server. The check reads the two meta pages
// as bolt does (magic, version, checksum, page size), picks the one bolt
// would use, and checks that the file reaches the meta's high-water mark
// and that its root and freelist pages are where it says. A missing file
// is a new store and passes. A damaged file fails with an error that
// matches ErrCorrupt, and so do an empty file, which bolt would take for a
// new store and fill, and a file that is not regular (a named pipe would
// block the open); a directory fails with ErrDirectory.
//
// It does not read every page: damage in the middle of a large file goes
// unseen, as it does in bolt. CheckStore reads them all.
func CheckFile(path string) error {
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return nil
	case err != nil:
		return err
	case fi.IsDir():
		return ErrDirectory
	case !fi.Mode().IsRegular():
		return notBolt("not a regular file (mode %v)", fi.Mode())
	case fi.Size() == 0:
		return notBolt("the file is empty; remove it to start a new store there")
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if fi, err = f.Stat(); err != nil {
		return err
	}
	m, err := currentMeta(f, fi.Size())
	if err != nil {
		return err
	}
	return checkPages(f, m, fi.Size())
}

// notBolt is the error of a file that bolt cannot read.
func notBolt(format string, args ...any) error {
	return corruptf("not a valid bolt database: "+format, args...)
}

// currentMeta returns the meta page bolt would use: of the two, the one
// with the higher transaction id if it is valid, and the other if not.
func currentMeta(r io.ReaderAt, size int64) (boltMeta, error) {
	m0 := readBoltMeta(r, 0, size)
	pageSize := int64(m0.pageSize)
	if m0.err != nil {
		pageSize = probePageSize(r, size)
	}
	if pageSize == 0 {
		return boltMeta{}, notBolt("no valid meta page (%v)", m0.err)
	}
	m1 := readBoltMeta(r, pageSize, size)
	switch {
	case m0.err != nil && m1.err != nil:
		return boltMeta{}, notBolt("both meta pages are invalid (%v; %v)", m0.err, m1.err)
	case m0.err != nil:
		return m1, nil
	case m1.err != nil:
		return m0, nil
	case m1.txid > m0.txid:
		return m1, nil
	}
	return m0, nil
}

// probePageSize looks, as bolt does when the first meta page is invalid,
// for the second one at every page size, and returns the size it is found
// at, or 0.
func probePageSize(r io.ReaderAt, size int64) int64 {
	for ps := int64(boltMinPageSize); ps <= boltMaxPageSize && ps < size; ps <<= 1 {
		if m := readBoltMeta(r, ps, size); m.err == nil && int64(m.pageSize) == ps {
			return ps
		}
	}
	return 0
}

// checkPages checks what meta page m says of the file: its page size, that
// the file holds every page in use, and its root and freelist pages.
func checkPages(r io.ReaderAt, m boltMeta, size int64) error {
	ps := int64(m.pageSize)
	if ps < boltMinPageSize || ps > boltMaxPageSize || ps&(ps-1) != 0 {
		return notBolt("page size %d is not a power of two between %d and %d", ps, boltMinPageSize, boltMaxPageSize)
	}
	if m.pgid < 4 || m.pgid > uint64(size/ps) {
		return notBolt("the file is truncated: it has %d bytes (%d pages of %d bytes) but its meta page says %d pages are in use", size, size/ps, ps, m.pgid)
	}
	if m.root < 2 || m.root >= m.pgid {
		return notBolt("root page %d is outside the %d pages in use", m.root, m.pgid)
	}
	if err := checkBoltPage(r, m.root, ps, m.pgid, boltBranchPage|boltLeafPage); err != nil {
		return notBolt("root %v", err)
	}
	if m.freelist == boltNoFreelist {
		return nil
	}
	if m.freelist < 2 || m.freelist >= m.pgid {
		return notBolt("freelist page %d is outside the %d pages in use", m.freelist, m.pgid)
	}
	if err := checkBoltPage(r, m.freelist, ps, m.pgid, boltFreelistPage); err != nil {
		return notBolt("freelist %v", err)
	}
	return nil
}

// readBoltMeta reads and validates the meta page at offset off.
func readBoltMeta(r io.ReaderAt, off, size int64) boltMeta {
	var buf [boltPageHeaderSize + boltMetaSize]byte
	if off+int64(len(buf)) > size {
		return boltMeta{err: fmt.Errorf("meta page at byte %d is past the end of the file", off)}
	}
	if _, err := r.ReadAt(buf[:], off); err != nil {
		return boltMeta{err: fmt.Errorf("read meta page at byte %d: %w", off, err)}
	}
	le := binary.NativeEndian
	b := buf[boltPageHeaderSize:]
	m := boltMeta{
		magic:    le.Uint32(b[0:]),
		version:  le.Uint32(b[4:]),
		pageSize: le.Uint32(b[8:]),
		// b[12:16] flags, b[16:24] root bucket page, b[24:32] its sequence
		root:     le.Uint64(b[16:]),
		freelist: le.Uint64(b[32:]),
		pgid:     le.Uint64(b[40:]),
		txid:     le.Uint64(b[48:]),
	}
	sum := le.Uint64(b[boltMetaSumSize:])
	h := fnv.New64a()
	_, _ = h.Write(b[:boltMetaSumSize])
	flags := le.Uint16(buf[8:])
	switch {
	case m.magic != boltMagic:
		m.err = fmt.Errorf("meta page at byte %d has no bolt magic number", off)
	case m.version != boltVersion:
		m.err = fmt.Errorf("meta page at byte %d has format version %d, want %d", off, m.version, boltVersion)
	case sum != h.Sum64():
		m.err = fmt.Errorf("meta page at byte %d fails its checksum", off)
	case flags&boltMetaPage == 0:
		m.err = fmt.Errorf("page at byte %d is not a meta page", off)
	}
	return m
}

// checkBoltPage checks that page id, with its overflow pages, lies within
// the pages in use and is of one of the wanted types.
func checkBoltPage(r io.ReaderAt, id uint64, pageSize int64, pgid uint64, want uint16) error {
	var hdr [boltPageHeaderSize]byte
	if _, err := r.ReadAt(hdr[:], int64(id)*pageSize); err != nil {
		return fmt.Errorf("page %d cannot be read: %w", id, err)
	}
	le := binary.NativeEndian
	gotID, flags, overflow := le.Uint64(hdr[0:]), le.Uint16(hdr[8:]), le.Uint32(hdr[12:])
	switch {
	case gotID != id:
		return fmt.Errorf("page %d says it is page %d", id, gotID)
	case flags&want == 0:
		return fmt.Errorf("page %d has the wrong type (flags %#x)", id, flags)
	case id+uint64(overflow) >= pgid:
		return fmt.Errorf("page %d overflows past the %d pages in use", id, pgid)
	}
	return nil
}
