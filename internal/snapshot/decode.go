package snapshot

import (
	"fmt"
	"io"
	"runtime"
	"sync"

	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/search"
)

// chunk is one chunk of a snapshot, read and checked, with where its
// records go.
type chunk struct {
	kind    uint32
	records int // for a part of the name index, its number
	at      int // the place of its first record among those of its kind
	payload []byte
}

// decode reads a snapshot of size bytes from r. The chunks are decoded on
// every core as they are read, each straight into its place in the
// dataset, and their buffers used again for the chunks after: at most a
// few chunks' bytes are held at once.
func decode(r io.Reader, size int64, want Stamp) (Contents, error) {
	h, err := readHeader(r, size)
	if err != nil {
		return Contents{}, err
	}
	if h.stamp != want {
		return Contents{}, &history.Error{Code: history.CodeConflict, Op: "read snapshot",
			Message: fmt.Sprintf("taken at revision %d of another store state, the store is at revision %d", h.stamp.Revision, want.Revision)}
	}
	ds := &history.Dataset{
		Sources:   make([]history.Source, h.records[0]),
		Entities:  make([]history.Entity, h.records[1]),
		Events:    make([]history.Event, h.records[2]),
		Relations: make([]history.Relation, h.records[3]),
		Claims:    make([]history.Claim, h.records[4]),
	}
	var names search.Frozen
	parts := nameParts(&names)
	var order []uint32

	var (
		mu    sync.Mutex
		first error // the first chunk that failed to decode
		wg    sync.WaitGroup
	)
	workers := runtime.GOMAXPROCS(0)
	next := make(chan chunk, workers)
	spare := make(chan []byte, 2*workers+1)
	for range workers {
		wg.Go(func() {
			for c := range next {
				err := decodeChunk(c, ds, parts, &order)
				recycle(spare, c.payload)
				if err != nil {
					mu.Lock()
					if first == nil {
						first = err
					}
					mu.Unlock()
				}
			}
		})
	}
	failed := func() error {
		mu.Lock()
		defer mu.Unlock()
		return first
	}
	kept, err := readChunks(r, size-int64(headerLen), h, len(parts), next, spare, failed)
	close(next)
	wg.Wait()
	if err == nil {
		err = failed()
	}
	if err != nil {
		return Contents{}, err
	}
	if len(order) != len(ds.Entities)+len(ds.Events) {
		return Contents{}, corrupt("a name order of %d records, %d read", len(order), len(ds.Entities)+len(ds.Events))
	}
	c := Contents{Records: ds, NameOrder: order}
	if kept {
		if c.Names, err = search.Thaw(names); err != nil {
			return Contents{}, corrupt("name index: %v", err)
		}
	}
	return c, nil
}

// readChunks reads h's chunks from r, with left bytes to go, checks where
// each goes, and sends it on. It stops at the first error, its own or
// failed's. kept says that the name index is there.
func readChunks(r io.Reader, left int64, h head, nparts int, next chan<- chunk, spare chan []byte, failed func() error) (kept bool, err error) {
	var at [kinds]int
	part, orders := 0, 0
	for i := range h.chunks {
		if err := failed(); err != nil {
			return false, err
		}
		c, n, err := readChunk(r, i, left, spare)
		if err != nil {
			return false, err
		}
		left -= n
		switch {
		case c.kind == kindNames:
			if c.records != part || part >= nparts {
				return false, corrupt("chunk %d: part %d of the name index, %d expected", i, c.records, part)
			}
			part++
		case c.kind == kindOrder:
			if orders++; orders > 1 {
				return false, corrupt("chunk %d: a second name order", i)
			}
		case c.kind >= kindSources && c.kind < kindNames:
			k := c.kind - kindSources
			if c.records > chunkRecords || c.records > len(c.payload) || c.records > h.records[k]-at[k] {
				return false, corrupt("chunk %d: %d records of kind %d, %d left", i, c.records, c.kind, h.records[k]-at[k])
			}
			c.at = at[k]
			at[k] += c.records
		default:
			return false, corrupt("chunk %d: kind %d", i, c.kind)
		}
		next <- c
	}
	if at != h.records {
		return false, corrupt("%v records, the header says %v", at, h.records)
	}
	if orders != 1 {
		return false, corrupt("no name order")
	}
	if part != 0 && part != nparts {
		return false, corrupt("%d parts of the name index of %d", part, nparts)
	}
	var extra [1]byte
	if n, _ := io.ReadFull(r, extra[:]); n != 0 || left != 0 {
		return false, corrupt("bytes after the last chunk")
	}
	return part == nparts, nil
}

// decodeChunk decodes c into its place: ds's records of its kind, its
// part of the name index, or order.
func decodeChunk(c chunk, ds *history.Dataset, parts []any, order *[]uint32) error {
	if c.kind == kindOrder {
		if err := decodePart(c.payload, order); err != nil {
			return corrupt("name order: %v", err)
		}
		return nil
	}
	if c.kind == kindNames {
		if err := decodePart(c.payload, parts[c.records]); err != nil {
			return corrupt("name index part %d: %v", c.records, err)
		}
		return nil
	}
	d := newRecDecoder(c.payload)
	lo, hi := c.at, c.at+c.records
	switch c.kind {
	case kindSources:
		each(d, ds.Sources[lo:hi], d.source)
	case kindEntities:
		each(d, ds.Entities[lo:hi], d.entity)
	case kindEvents:
		each(d, ds.Events[lo:hi], d.event)
	case kindRelations:
		each(d, ds.Relations[lo:hi], d.relation)
	case kindClaims:
		each(d, ds.Claims[lo:hi], d.claim)
	}
	if d.err == nil && d.p != len(d.b) {
		d.err = fmt.Errorf("%d bytes after the records", len(d.b)-d.p)
	}
	if d.err != nil {
		return corrupt("chunk of kind %d at record %d: %v", c.kind, c.at, d.err)
	}
	return nil
}

// each decodes d's records into dst, their place in the dataset, until
// one fails.
func each[T any](d *recDecoder, dst []T, decode func(*T)) {
	for i := range dst {
		if d.err != nil {
			return
		}
		decode(&dst[i])
	}
}
