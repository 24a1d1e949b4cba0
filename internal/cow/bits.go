package cow

// A chunk of a Bits holds 32,768 bits (4 KB): a set over a million nodes
// is a table of 31 chunks, and an edit copies the table and the chunks it
// writes to.
const (
	chunkShift = 15
	chunkWords = 1 << (chunkShift - 6)
)

// Bits is a persistent set of non-negative integers. The zero Bits is
// empty.
type Bits struct {
	chunks []*[chunkWords]uint64
}

// Has reports whether i is in the set.
func (b Bits) Has(i int32) bool {
	c := int(i >> chunkShift)
	if c >= len(b.chunks) || b.chunks[c] == nil {
		return false
	}
	return b.chunks[c][(i>>6)&(chunkWords-1)]&(1<<(i&63)) != 0
}

// Empty reports whether the set has no member.
func (b Bits) Empty() bool { return len(b.chunks) == 0 }

// Edit starts a batch of changes to a copy of b.
func (b Bits) Edit() *BitsEdit { return &BitsEdit{b: b} }

// BitsEdit is a batch of changes to a Bits.
type BitsEdit struct {
	b      Bits
	table  bool
	copied map[int]bool // the chunks that are this edit's own
}

// Has reads the set as the edit has left it.
func (e *BitsEdit) Has(i int32) bool { return e.b.Has(i) }

// Set adds i to the set.
func (e *BitsEdit) Set(i int32) { e.chunk(i)[(i>>6)&(chunkWords-1)] |= 1 << (i & 63) }

// Clear removes i from the set.
func (e *BitsEdit) Clear(i int32) {
	if e.b.Has(i) {
		e.chunk(i)[(i>>6)&(chunkWords-1)] &^= 1 << (i & 63)
	}
}

func (e *BitsEdit) chunk(i int32) *[chunkWords]uint64 {
	c := int(i >> chunkShift)
	if !e.table {
		e.b.chunks = append([]*[chunkWords]uint64(nil), e.b.chunks...)
		e.table, e.copied = true, map[int]bool{}
	}
	if c >= len(e.b.chunks) {
		e.b.chunks = append(e.b.chunks, make([]*[chunkWords]uint64, c+1-len(e.b.chunks))...)
	}
	if !e.copied[c] {
		fresh := new([chunkWords]uint64)
		if old := e.b.chunks[c]; old != nil {
			*fresh = *old
		}
		e.b.chunks[c] = fresh
		e.copied[c] = true
	}
	return e.b.chunks[c]
}

// Done returns the edited set. The edit must not be used afterwards.
func (e *BitsEdit) Done() Bits {
	b := e.b
	e.b = Bits{}
	return b
}
