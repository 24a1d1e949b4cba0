package cayleykv

import (
	"bufio"
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"

	ckv "github.com/cayleygraph/cayley/graph/kv"
)

// indexEntry is one quad's entry in an index: the ids of the index's
// directions, in the index's order, and the quad's id.
type indexEntry struct {
	key [4]uint64 // as many as the index has directions; the rest zero
	id  uint64
}

func newIndexEntry(ind ckv.QuadIndex, q [4]uint64, id uint64) indexEntry {
	e := indexEntry{id: id}
	for i, d := range ind.Dirs {
		e.key[i] = q[dirIndex(d)]
	}
	return e
}

// compareIndexEntries orders entries as the index's keys are (their ids
// big-endian, compared byte by byte, is their numeric order) and, within a
// key, by quad id, as Cayley lists them.
func compareIndexEntries(x, y indexEntry) int {
	for i := range x.key {
		if c := cmp.Compare(x.key[i], y.key[i]); c != 0 {
			return c
		}
	}
	return cmp.Compare(x.id, y.id)
}

// indexRuns keeps a bulk load's index entries until its end, in a file: each
// batch adds, for each index, a run of its entries sorted, and merge reads
// an index's runs back in one order. The file is the part of the load that
// grows with it; memory holds one batch's entries and, while merging, a
// buffer per run.
//
// A run's entries are written at a fixed width: each of the index's
// directions' ids, then the quad's id, 8 bytes each, big-endian.
type indexRuns struct {
	path string
	f    *os.File
	w    *bufio.Writer
	size int64 // bytes written
	dirs []int // per index, how many directions its keys have
	runs [][]runSpan
}

// runSpan is where a run is in the file, and how many entries it holds.
type runSpan struct{ off, n int64 }

// runBuffer is the buffer each run is written and read through.
const runBuffer = 256 << 10

// createIndexRuns creates the runs' file at path, replacing any file there.
func createIndexRuns(path string, indexes []ckv.QuadIndex) (*indexRuns, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return nil, fmt.Errorf("create the file of sorted index entries: %w", err)
	}
	r := &indexRuns{path: path, f: f, w: bufio.NewWriterSize(f, runBuffer), runs: make([][]runSpan, len(indexes))}
	for _, ind := range indexes {
		r.dirs = append(r.dirs, len(ind.Dirs))
	}
	return r, nil
}

// add writes one batch's runs: for each index, its entries, sorted.
func (r *indexRuns) add(index [][]indexEntry) error {
	var buf [8 * 5]byte
	for i, entries := range index {
		width := 8 * (r.dirs[i] + 1)
		r.runs[i] = append(r.runs[i], runSpan{off: r.size, n: int64(len(entries))})
		for _, e := range entries {
			for k := range r.dirs[i] {
				binary.BigEndian.PutUint64(buf[8*k:], e.key[k])
			}
			binary.BigEndian.PutUint64(buf[width-8:], e.id)
			if _, err := r.w.Write(buf[:width]); err != nil {
				return fmt.Errorf("write sorted index entries to %s: %w", r.path, err)
			}
		}
		r.size += int64(width) * int64(len(entries))
	}
	return nil
}

// entries is how many entries the runs hold, over all indexes.
func (r *indexRuns) entries() int64 {
	var n int64
	for _, runs := range r.runs {
		for _, run := range runs {
			n += run.n
		}
	}
	return n
}

// has reports whether index i has entries.
func (r *indexRuns) has(i int) bool {
	for _, run := range r.runs[i] {
		if run.n > 0 {
			return true
		}
	}
	return false
}

// merge calls fn with each key of index i in order, and the ids of the
// quads it lists, ascending. key has as many ids as the index has
// directions; fn must not keep key or ids.
func (r *indexRuns) merge(i int, fn func(key, ids []uint64) error) error {
	if err := r.w.Flush(); err != nil {
		return fmt.Errorf("write sorted index entries to %s: %w", r.path, err)
	}
	dirs := r.dirs[i]
	var h runHeap
	for _, run := range r.runs[i] {
		size := run.n * int64(8*(dirs+1))
		// A buffer no larger than its run: many small runs, as a load of
		// small batches makes, would otherwise take a full buffer each.
		buf := int(min(size, runBuffer))
		c := &runCursor{r: bufio.NewReaderSize(io.NewSectionReader(r.f, run.off, size), buf), left: run.n, dirs: dirs}
		ok, err := c.next()
		if err != nil {
			return fmt.Errorf("read sorted index entries from %s: %w", r.path, err)
		}
		if ok {
			h = append(h, c)
		}
	}
	h.init()
	var key [4]uint64
	var ids []uint64
	for len(h) > 0 {
		top := h[0]
		if len(ids) > 0 && top.cur.key != key {
			if err := fn(key[:dirs], ids); err != nil {
				return err
			}
			ids = ids[:0]
		}
		key = top.cur.key
		ids = append(ids, top.cur.id)
		ok, err := top.next()
		if err != nil {
			return fmt.Errorf("read sorted index entries from %s: %w", r.path, err)
		}
		if ok {
			h.down(0)
		} else {
			h.pop()
		}
	}
	if len(ids) > 0 {
		return fn(key[:dirs], ids)
	}
	return nil
}

// close closes and removes the runs' file, once: later calls do nothing,
// so as not to remove a file another load has made at the same path since.
func (r *indexRuns) close() error {
	if r.f == nil {
		return nil
	}
	err := r.f.Close()
	r.f = nil
	if rerr := os.Remove(r.path); rerr != nil && !errors.Is(rerr, os.ErrNotExist) {
		err = errors.Join(err, rerr)
	}
	if err != nil {
		return fmt.Errorf("close and remove %s: %w", r.path, err)
	}
	return nil
}

// runCursor reads one run.
type runCursor struct {
	r    *bufio.Reader
	left int64 // entries not read yet
	dirs int
	cur  indexEntry
	buf  [8 * 5]byte
}

// next reads the run's next entry into cur, or reports that there is none.
func (c *runCursor) next() (bool, error) {
	if c.left == 0 {
		return false, nil
	}
	c.left--
	width := 8 * (c.dirs + 1)
	if _, err := io.ReadFull(c.r, c.buf[:width]); err != nil {
		return false, err
	}
	for k := range c.dirs {
		c.cur.key[k] = binary.BigEndian.Uint64(c.buf[8*k:])
	}
	c.cur.id = binary.BigEndian.Uint64(c.buf[width-8:])
	return true, nil
}

// runHeap is a min-heap of runs by their current entries. Quad ids are
// unique, so no two runs' entries compare equal.
type runHeap []*runCursor

func (h runHeap) less(i, j int) bool {
	return compareIndexEntries(h[i].cur, h[j].cur) < 0
}

func (h runHeap) init() {
	for i := len(h)/2 - 1; i >= 0; i-- {
		h.down(i)
	}
}

// down moves the run at i down to where its entry belongs.
func (h runHeap) down(i int) {
	for {
		least := i
		if l := 2*i + 1; l < len(h) && h.less(l, least) {
			least = l
		}
		if r := 2*i + 2; r < len(h) && h.less(r, least) {
			least = r
		}
		if least == i {
			return
		}
		h[i], h[least] = h[least], h[i]
		i = least
	}
}

// pop removes the run at the top, whose entries are all read.
func (h *runHeap) pop() {
	old := *h
	n := len(old) - 1
	old[0] = old[n]
	*h = old[:n]
	h.down(0)
}
