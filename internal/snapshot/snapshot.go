package snapshot

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"hash/crc64"
	"io"
	"os"
	"path/filepath"

	"github.com/memoria-history/memoria/internal/catalog"
	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/search"
)

const (
	magic   = "MEMSNAP\n"
	version = 4
	// chunkRecords bounds a chunk: small enough that the chunks of the
	// largest kinds keep every core busy, and that the few a reader holds
	// at once cost little memory; large enough that the strings its
	// records share (kinds, roles, sources) are mostly held once.
	chunkRecords = 1 << 14
	headerLen    = len(magic) + 4 + 4 + 3*8 + kinds*8 + 8
	chunkHeadLen = 4 + 4 + 8 + 8
	// maxChunks bounds what a damaged header can make Read allocate.
	maxChunks = 1 << 20
	kinds     = 5 // the kinds of record, kindSources..kindClaims
)

var table = crc64.MakeTable(crc64.ECMA)

// Stamp says which state of the store a snapshot was taken of.
type Stamp struct {
	Revision uint64 // the store's revision
	Size     int64  // the store file's size in bytes
	ModTime  int64  // the store file's modification time, ns since 1970
}

// StampOf stamps the store file at path, at the revision the caller read
// it at. The size and time tell two stores at one revision apart: a store
// deleted and loaded again starts its revisions afresh.
func StampOf(path string, revision uint64) (Stamp, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return Stamp{}, history.Wrap(history.CodeInternal, "stamp the store", err)
	}
	return Stamp{Revision: revision, Size: fi.Size(), ModTime: fi.ModTime().UnixNano()}, nil
}

// the kinds of chunk, records in the order a dataset holds them
const (
	kindSources uint32 = iota + 1
	kindEntities
	kindEvents
	kindRelations
	kindClaims
	kindNames // one part of the name index
	kindOrder // the name order of the entities and events
)

// Contents are what a snapshot holds: the standing records, their name
// order, and the name index built of them when there is one to keep.
type Contents struct {
	Records *history.Dataset
	Names   *search.Index // nil: the reader builds it
	// NameOrder is catalog.NameOrder of Records. Write works it out when
	// it is nil; Read gives it.
	NameOrder []uint32
}

// Write writes c to path, tagged with st. It writes a temporary file
// beside path, chunk by chunk as they are encoded, syncs it and renames
// it into place.
func Write(path string, st Stamp, c Contents) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*.tmp")
	if err != nil {
		return history.Wrap(history.CodeInternal, "write snapshot", err)
	}
	fail := func(err error) error {
		_ = tmp.Close()
		_ = os.Remove(tmp.Name())
		return history.Wrap(history.CodeInternal, "write snapshot", err)
	}
	w := bufio.NewWriterSize(tmp, 1<<20)
	if err := encode(w, st, c); err != nil {
		return fail(err)
	}
	if err := w.Flush(); err != nil {
		return fail(err)
	}
	if err := tmp.Sync(); err != nil {
		return fail(err)
	}
	if err := tmp.Close(); err != nil {
		return fail(err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		_ = os.Remove(tmp.Name())
		return history.Wrap(history.CodeInternal, "write snapshot", err)
	}
	return nil
}

// Encode returns the snapshot of c tagged with st.
func Encode(st Stamp, c Contents) ([]byte, error) {
	var b bytes.Buffer
	if err := encode(&b, st, c); err != nil {
		return nil, history.Wrap(history.CodeInternal, "encode snapshot", err)
	}
	return b.Bytes(), nil
}

// counts are the records of each kind in ds, kindSources first.
func counts(ds *history.Dataset) [kinds]int {
	return [kinds]int{len(ds.Sources), len(ds.Entities), len(ds.Events), len(ds.Relations), len(ds.Claims)}
}

// header is a snapshot's header, for n chunks holding the records
// counted.
func header(st Stamp, n int, records [kinds]int) []byte {
	out := make([]byte, headerLen)
	le := binary.LittleEndian
	copy(out, magic)
	p := len(magic)
	le.PutUint32(out[p:], version)
	le.PutUint32(out[p+4:], uint32(n))
	le.PutUint64(out[p+8:], st.Revision)
	le.PutUint64(out[p+16:], uint64(st.Size))
	le.PutUint64(out[p+24:], uint64(st.ModTime))
	p += 32
	for _, r := range records {
		le.PutUint64(out[p:], uint64(r))
		p += 8
	}
	le.PutUint64(out[p:], crc64.Checksum(out[:p], table))
	return out
}

// encode writes the snapshot of c to w, one chunk at a time: no more than
// a chunk's bytes are held.
func encode(w io.Writer, st Stamp, c Contents) error {
	ds := c.Records
	f, keep := frozen(c.Names)
	records := counts(ds)
	order := c.NameOrder
	if order == nil {
		order = catalog.NameOrder(ds)
	}
	n := 1 // the name order
	for _, r := range records {
		n += (r + chunkRecords - 1) / chunkRecords
	}
	var parts []any
	if keep {
		parts = nameParts(&f)
		n += len(parts)
	}
	if _, err := w.Write(header(st, n, records)); err != nil {
		return err
	}
	var buf bytes.Buffer
	// put writes a chunk whose payload fill writes to buf.
	put := func(kind uint32, records int, fill func(*bytes.Buffer) error) error {
		buf.Reset()
		buf.Write(make([]byte, chunkHeadLen))
		if err := fill(&buf); err != nil {
			return err
		}
		b := buf.Bytes()
		le := binary.LittleEndian
		le.PutUint32(b[0:], kind)
		le.PutUint32(b[4:], uint32(records))
		le.PutUint64(b[8:], uint64(len(b)-chunkHeadLen))
		le.PutUint64(b[16:], crc64.Checksum(b[chunkHeadLen:], table))
		_, err := w.Write(b)
		return err
	}
	re := newRecEncoder()
	add := func(kind uint32, n int, record func(i int)) error {
		for lo := 0; lo < n; lo += chunkRecords {
			hi := min(lo+chunkRecords, n)
			for i := lo; i < hi; i++ {
				record(i)
			}
			err := put(kind, hi-lo, func(b *bytes.Buffer) error {
				_, err := b.Write(re.payload())
				return err
			})
			if err != nil {
				return err
			}
		}
		return nil
	}
	for _, step := range []func() error{
		func() error { return add(kindSources, len(ds.Sources), func(i int) { re.source(&ds.Sources[i]) }) },
		func() error { return add(kindEntities, len(ds.Entities), func(i int) { re.entity(&ds.Entities[i]) }) },
		func() error { return add(kindEvents, len(ds.Events), func(i int) { re.event(&ds.Events[i]) }) },
		func() error {
			return add(kindRelations, len(ds.Relations), func(i int) { re.relation(&ds.Relations[i]) })
		},
		func() error { return add(kindClaims, len(ds.Claims), func(i int) { re.claim(&ds.Claims[i]) }) },
	} {
		if err := step(); err != nil {
			return err
		}
	}
	err := put(kindOrder, 0, func(b *bytes.Buffer) error {
		_, err := b.Write(encodePart(nil, &order))
		return err
	})
	if err != nil {
		return err
	}
	// The name index goes in parts, one field each, so that no chunk
	// holds it whole.
	for i, p := range parts {
		err := put(kindNames, i, func(b *bytes.Buffer) error {
			_, err := b.Write(encodePart(nil, p))
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}
