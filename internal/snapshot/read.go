package snapshot

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc64"
	"io"
	"io/fs"
	"os"

	"github.com/memoria-history/memoria/internal/history"
)

// Read reads the snapshot at path, if it was taken at want. A snapshot
// that is not there fails with CodeNotFound, one taken of another state
// of the store with CodeConflict, and one that is damaged with
// CodeCorrupt. It reads the file chunk by chunk, never whole.
func Read(path string, want Stamp) (Contents, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return Contents{}, &history.Error{Code: history.CodeNotFound, Op: "read snapshot", Message: "no snapshot at " + path}
	}
	if err != nil {
		return Contents{}, history.Wrap(history.CodeInternal, "read snapshot", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return Contents{}, history.Wrap(history.CodeInternal, "read snapshot", err)
	}
	return decode(bufio.NewReaderSize(f, 1<<20), fi.Size(), want)
}

// Decode decodes a snapshot's bytes, if they were taken at want, failing
// as Read does.
func Decode(b []byte, want Stamp) (Contents, error) {
	return decode(bytes.NewReader(b), int64(len(b)), want)
}

func corrupt(format string, args ...any) error {
	return &history.Error{Code: history.CodeCorrupt, Op: "read snapshot", Message: fmt.Sprintf(format, args...)}
}

// readErr is the error of a read of a snapshot's bytes: cut short is
// damaged; anything else is the file's.
func readErr(what string, err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return corrupt("%s cut short", what)
	}
	return history.Wrap(history.CodeInternal, "read snapshot", err)
}

// head is what a snapshot's header says.
type head struct {
	stamp   Stamp
	chunks  int
	records [kinds]int
}

// readHeader reads and checks the header of a snapshot of size bytes.
func readHeader(r io.Reader, size int64) (head, error) {
	b := make([]byte, headerLen)
	if _, err := io.ReadFull(r, b); err != nil {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return head{}, corrupt("not a snapshot")
		}
		return head{}, readErr("header", err)
	}
	if string(b[:len(magic)]) != magic {
		return head{}, corrupt("not a snapshot")
	}
	le := binary.LittleEndian
	p := len(magic)
	if v := le.Uint32(b[p:]); v != version {
		return head{}, corrupt("format version %d, this program reads %d", v, version)
	}
	if le.Uint64(b[headerLen-8:]) != crc64.Checksum(b[:headerLen-8], table) {
		return head{}, corrupt("header checksum mismatch")
	}
	h := head{
		chunks: int(le.Uint32(b[p+4:])),
		stamp:  Stamp{Revision: le.Uint64(b[p+8:]), Size: int64(le.Uint64(b[p+16:])), ModTime: int64(le.Uint64(b[p+24:]))},
	}
	// Every chunk takes its header and every record a byte at least: the
	// counts, which the reader allocates for, are bounded by the file's
	// size.
	if h.chunks > maxChunks || int64(h.chunks)*chunkHeadLen > size {
		return head{}, corrupt("%d chunks in %d bytes", h.chunks, size)
	}
	total := uint64(0)
	for k := range h.records {
		n := le.Uint64(b[p+32+8*k:])
		total += n
		if n > uint64(size) || total > uint64(size) {
			return head{}, corrupt("%d records in %d bytes", total, size)
		}
		h.records[k] = int(n)
	}
	return h, nil
}

// readChunk reads the next chunk of r, with at most left bytes to go, and
// checks its checksum. Its payload goes in a buffer from spare when one
// there is large enough.
func readChunk(r io.Reader, i int, left int64, spare chan []byte) (chunk, int64, error) {
	var b [chunkHeadLen]byte
	if _, err := io.ReadFull(r, b[:]); err != nil {
		return chunk{}, 0, readErr(fmt.Sprintf("chunk %d", i), err)
	}
	le := binary.LittleEndian
	c := chunk{kind: le.Uint32(b[:]), records: int(le.Uint32(b[4:]))}
	size, sum := le.Uint64(b[8:]), le.Uint64(b[16:])
	left -= chunkHeadLen
	if size > uint64(max(left, 0)) {
		return chunk{}, 0, corrupt("chunk %d cut short", i)
	}
	c.payload = buffer(spare, int(size))
	if _, err := io.ReadFull(r, c.payload); err != nil {
		return chunk{}, 0, readErr(fmt.Sprintf("chunk %d", i), err)
	}
	if crc64.Checksum(c.payload, table) != sum {
		return chunk{}, 0, corrupt("chunk %d checksum mismatch", i)
	}
	return c, chunkHeadLen + int64(size), nil
}

// buffer returns a buffer of n bytes, one of spare's if it is large
// enough. The decoders copy what they keep out of a payload, so that its
// buffer can hold the next: without that, every byte of the file would be
// garbage by the end of the read, as much again as the snapshot's size
// for the collector to find.
func buffer(spare chan []byte, n int) []byte {
	select {
	case b := <-spare:
		if cap(b) >= n {
			return b[:n]
		}
	default:
	}
	return make([]byte, n)
}

// recycle gives b back to spare for a later chunk, or drops it when spare
// is full.
func recycle(spare chan []byte, b []byte) {
	select {
	case spare <- b:
	default:
	}
}
