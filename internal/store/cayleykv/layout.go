package cayleykv

import (
	"encoding/binary"

	ckv "github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/quad"
	bbolt "go.etcd.io/bbolt"
)

// The buckets and keys of Cayley's key-value layout (see the package
// documentation), as its graph/kv package names them; the names are
// unexported there.
var (
	bucketMeta   = []byte("meta")
	bucketLog    = []byte("log")
	metaHorizon  = []byte("horizon")
	metaSize     = []byte("size")
	metaIndexes  = []byte("indexes")
	nodePrefix   = byte('v')
	refsPrefix   = byte('n')
	indexKeySize = 8 // bytes per direction in an index key
)

func metaInt(meta *bbolt.Bucket, key []byte) int64 {
	v := meta.Get(key)
	if len(v) != 8 {
		return 0
	}
	return int64(binary.LittleEndian.Uint64(v))
}

// indexBucket is the bucket of a quad index: the prefixes of its
// directions, as Cayley names it ("sp", "ops").
func indexBucket(ind ckv.QuadIndex) []byte {
	name := make([]byte, len(ind.Dirs))
	for i, d := range ind.Dirs {
		name[i] = d.Prefix()
	}
	return name
}

// indexKey is a quad's key in an index: the big-endian ids of the index's
// directions. ids is in quad.Directions order.
func indexKey(ind ckv.QuadIndex, ids [4]uint64, a *arena) []byte {
	var key []byte
	if a != nil {
		key = a.take(indexKeySize * len(ind.Dirs))
	} else {
		key = make([]byte, 0, indexKeySize*len(ind.Dirs))
	}
	for _, d := range ind.Dirs {
		key = binary.BigEndian.AppendUint64(key, ids[dirIndex(d)])
	}
	return key
}

func dirIndex(d quad.Direction) int {
	switch d {
	case quad.Subject:
		return 0
	case quad.Predicate:
		return 1
	case quad.Object:
		return 2
	}
	return 3
}

func logKey(id uint64, a *arena) []byte {
	var key []byte
	if a != nil {
		key = a.take(8)
	}
	return binary.BigEndian.AppendUint64(key, id)
}

// arena hands out byte slices from large chunks: a batch's log entries
// are kept until the batch is written, and one allocation per entry would
// dominate a bulk load.
type arena struct {
	chunk []byte
}

const arenaChunk = 1 << 20

// take returns an empty slice with capacity n that no other take shares.
func (a *arena) take(n int) []byte {
	if cap(a.chunk)-len(a.chunk) < n {
		a.chunk = make([]byte, 0, max(n, arenaChunk))
	}
	start := len(a.chunk)
	a.chunk = a.chunk[:start+n]
	return a.chunk[start : start : start+n]
}
