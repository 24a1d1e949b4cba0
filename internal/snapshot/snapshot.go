package snapshot

import (
	"bytes"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"fmt"
	"hash/crc64"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/search"
)

// frozen is what names holds, if it is an index to keep.
func frozen(names *search.Index) (search.Frozen, bool) {
	if names == nil {
		return search.Frozen{}, false
	}
	return names.Freeze()
}

const (
	magic   = "MEMSNAP\n"
	version = 1
	// chunkRecords bounds a chunk: small enough that the chunks of the
	// largest kinds keep every core busy, large enough that gob's type
	// description, sent once per chunk, costs nothing.
	chunkRecords = 1 << 14
	headerLen    = len(magic) + 4 + 4 + 3*8 + 8
	chunkHeadLen = 4 + 4 + 8 + 8
	// maxChunks bounds what a damaged header can make Read allocate.
	maxChunks = 1 << 20
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

// the kinds of record, in the order a dataset holds them
const (
	kindSources uint32 = iota + 1
	kindEntities
	kindEvents
	kindRelations
	kindClaims
	kindNames // the name index, in one chunk
)

// Contents are what a snapshot holds: the standing records, and the name
// index built of them when there is one to keep.
type Contents struct {
	Records *history.Dataset
	Names   *search.Index // nil: the reader builds it
}

// Write writes c to path, tagged with st. It writes a temporary file
// beside path, syncs it and renames it into place.
func Write(path string, st Stamp, c Contents) error {
	chunks, err := encodeChunks(c)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*.tmp")
	if err != nil {
		return history.Wrap(history.CodeInternal, "write snapshot", err)
	}
	fail := func(err error) error {
		_ = tmp.Close()
		_ = os.Remove(tmp.Name())
		return history.Wrap(history.CodeInternal, "write snapshot", err)
	}
	if _, err := tmp.Write(header(st, len(chunks))); err != nil {
		return fail(err)
	}
	for _, c := range chunks {
		if _, err := tmp.Write(c); err != nil {
			return fail(err)
		}
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
	chunks, err := encodeChunks(c)
	if err != nil {
		return nil, err
	}
	out := header(st, len(chunks))
	for _, c := range chunks {
		out = append(out, c...)
	}
	return out, nil
}

// header is a snapshot's header, for n chunks.
func header(st Stamp, n int) []byte {
	out := make([]byte, headerLen)
	le := binary.LittleEndian
	copy(out, magic)
	p := len(magic)
	le.PutUint32(out[p:], version)
	le.PutUint32(out[p+4:], uint32(n))
	le.PutUint64(out[p+8:], st.Revision)
	le.PutUint64(out[p+16:], uint64(st.Size))
	le.PutUint64(out[p+24:], uint64(st.ModTime))
	le.PutUint64(out[p+32:], crc64.Checksum(out[:p+32], table))
	return out
}

// encodeChunks cuts c into chunks, each with its header.
func encodeChunks(c Contents) ([][]byte, error) {
	ds := c.Records
	var chunks [][]byte
	add := func(kind uint32, n int, enc func(lo, hi int, e *gob.Encoder) error) error {
		for lo := 0; lo < n; lo += chunkRecords {
			hi := min(lo+chunkRecords, n)
			var buf bytes.Buffer
			buf.Write(make([]byte, chunkHeadLen))
			if err := enc(lo, hi, gob.NewEncoder(&buf)); err != nil {
				return history.Wrap(history.CodeInternal, "encode snapshot", err)
			}
			c := buf.Bytes()
			le := binary.LittleEndian
			le.PutUint32(c[0:], kind)
			le.PutUint32(c[4:], uint32(hi-lo))
			le.PutUint64(c[8:], uint64(len(c)-chunkHeadLen))
			le.PutUint64(c[16:], crc64.Checksum(c[chunkHeadLen:], table))
			chunks = append(chunks, c)
		}
		return nil
	}
	err := errors.Join(
		add(kindSources, len(ds.Sources), func(lo, hi int, e *gob.Encoder) error { return e.Encode(ds.Sources[lo:hi]) }),
		add(kindEntities, len(ds.Entities), func(lo, hi int, e *gob.Encoder) error { return e.Encode(ds.Entities[lo:hi]) }),
		add(kindEvents, len(ds.Events), func(lo, hi int, e *gob.Encoder) error { return e.Encode(ds.Events[lo:hi]) }),
		add(kindRelations, len(ds.Relations), func(lo, hi int, e *gob.Encoder) error { return e.Encode(ds.Relations[lo:hi]) }),
		add(kindClaims, len(ds.Claims), func(lo, hi int, e *gob.Encoder) error { return e.Encode(ds.Claims[lo:hi]) }),
	)
	if f, ok := frozen(c.Names); ok && err == nil {
		err = add(kindNames, 1, func(_, _ int, e *gob.Encoder) error { return e.Encode(f) })
	}
	return chunks, err
}

// Read reads the snapshot at path, if it was taken at want. A snapshot
// that is not there fails with CodeNotFound, one taken of another state
// of the store with CodeConflict, and one that is damaged with
// CodeCorrupt.
func Read(path string, want Stamp) (Contents, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return Contents{}, &history.Error{Code: history.CodeNotFound, Op: "read snapshot", Message: "no snapshot at " + path}
	}
	if err != nil {
		return Contents{}, history.Wrap(history.CodeInternal, "read snapshot", err)
	}
	return Decode(b, want)
}

// Decode decodes a snapshot's bytes, if they were taken at want, failing
// as Read does.
func Decode(b []byte, want Stamp) (Contents, error) {
	st, chunks, err := parse(b)
	if err != nil {
		return Contents{}, err
	}
	if st != want {
		return Contents{}, &history.Error{Code: history.CodeConflict, Op: "read snapshot",
			Message: fmt.Sprintf("taken at revision %d of another store state, the store is at revision %d", st.Revision, want.Revision)}
	}
	return decodeChunks(chunks)
}

// chunk is one chunk's place in a snapshot's bytes.
type chunk struct {
	kind    uint32
	records int
	payload []byte
}

func corrupt(format string, args ...any) error {
	return &history.Error{Code: history.CodeCorrupt, Op: "read snapshot", Message: fmt.Sprintf(format, args...)}
}

// parse checks a snapshot's header and the checksum of every chunk, and
// returns its stamp and chunks.
func parse(b []byte) (Stamp, []chunk, error) {
	if len(b) < headerLen || string(b[:len(magic)]) != magic {
		return Stamp{}, nil, corrupt("not a snapshot")
	}
	le := binary.LittleEndian
	p := len(magic)
	if v := le.Uint32(b[p:]); v != version {
		return Stamp{}, nil, corrupt("format version %d, this program reads %d", v, version)
	}
	if le.Uint64(b[p+32:]) != crc64.Checksum(b[:p+32], table) {
		return Stamp{}, nil, corrupt("header checksum mismatch")
	}
	n := le.Uint32(b[p+4:])
	st := Stamp{Revision: le.Uint64(b[p+8:]), Size: int64(le.Uint64(b[p+16:])), ModTime: int64(le.Uint64(b[p+24:]))}
	if n > maxChunks {
		return Stamp{}, nil, corrupt("%d chunks", n)
	}
	chunks := make([]chunk, 0, n)
	rest := b[headerLen:]
	for i := range n {
		if len(rest) < chunkHeadLen {
			return Stamp{}, nil, corrupt("chunk %d cut short", i)
		}
		c := chunk{kind: le.Uint32(rest), records: int(le.Uint32(rest[4:]))}
		size, sum := le.Uint64(rest[8:]), le.Uint64(rest[16:])
		rest = rest[chunkHeadLen:]
		if size > uint64(len(rest)) {
			return Stamp{}, nil, corrupt("chunk %d cut short", i)
		}
		c.payload, rest = rest[:size], rest[size:]
		if crc64.Checksum(c.payload, table) != sum {
			return Stamp{}, nil, corrupt("chunk %d checksum mismatch", i)
		}
		// Every record takes a byte at least: the counts, which the
		// reader allocates for, are bounded by the file's size.
		if c.kind < kindSources || c.kind > kindNames || c.records > chunkRecords || c.records > len(c.payload) {
			return Stamp{}, nil, corrupt("chunk %d: kind %d, %d records", i, c.kind, c.records)
		}
		chunks = append(chunks, c)
	}
	if len(rest) != 0 {
		return Stamp{}, nil, corrupt("%d bytes after the last chunk", len(rest))
	}
	return st, chunks, nil
}
