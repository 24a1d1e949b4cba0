package cayleykv

import (
	"encoding/binary"

	"github.com/cayleygraph/cayley/graph/refs"
	bbolt "go.etcd.io/bbolt"
)

// uvarint reads the number a table of values (prefix 'v') or of reference
// counts ('n') holds for hash h, and whether it holds one.
func uvarint(tx *bbolt.Tx, prefix byte, h refs.ValueHash) (uint64, bool) {
	b := tx.Bucket([]byte{prefix, h[0], h[1]})
	if b == nil {
		return 0, false
	}
	v := b.Get(h[:])
	if v == nil {
		return 0, false
	}
	return decodeUvarint(v)
}

// decodeUvarint decodes v, which must be one uvarint and nothing else.
func decodeUvarint(v []byte) (uint64, bool) {
	n, m := binary.Uvarint(v)
	return n, m > 0 && m == len(v)
}

// idMap holds a value by id, in a slice up to a bound and in a map past
// it, as nodeValues does: ids run from 1 up, and a check of millions of
// them must not hash each.
type idMap[T comparable] struct {
	dense  []T
	sparse map[uint64]T
}

// newIDMap sizes the slice for ids up to last, unless last is past limit,
// more ids than the store could hold.
func newIDMap[T comparable](last, limit uint64) idMap[T] {
	m := idMap[T]{sparse: map[uint64]T{}}
	if last < limit {
		m.dense = make([]T, last+1)
	}
	return m
}

func (m *idMap[T]) set(id uint64, v T) {
	if id < uint64(len(m.dense)) {
		m.dense[id] = v
		return
	}
	m.sparse[id] = v
}

func (m *idMap[T]) get(id uint64) T {
	if id < uint64(len(m.dense)) {
		return m.dense[id]
	}
	return m.sparse[id]
}
