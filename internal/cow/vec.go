package cow

// vecChunk is how many elements a chunk of a Vec holds.
const vecChunk = 256

// Vec is a persistent vector that grows at its end. The zero Vec is
// empty.
type Vec[T any] struct {
	chunks []*[vecChunk]T
	n      int
}

// Len returns the number of elements.
func (v Vec[T]) Len() int { return v.n }

// At returns element i, which must be below Len.
func (v Vec[T]) At(i int) T { return v.chunks[i/vecChunk][i%vecChunk] }

// Ref returns a pointer to element i, to read and not to change.
func (v Vec[T]) Ref(i int) *T { return &v.chunks[i/vecChunk][i%vecChunk] }

// Edit starts a batch of changes to a copy of v.
func (v Vec[T]) Edit() *VecEdit[T] { return &VecEdit[T]{v: v} }

// VecEdit is a batch of changes to a Vec.
type VecEdit[T any] struct {
	v      Vec[T]
	table  bool
	copied map[int]bool
}

// Len returns the number of elements as the edit has left them.
func (e *VecEdit[T]) Len() int { return e.v.n }

// At reads element i as the edit has left it.
func (e *VecEdit[T]) At(i int) T { return e.v.At(i) }

// Append adds x at the end and returns its index.
func (e *VecEdit[T]) Append(x T) int {
	i := e.v.n
	e.v.n++
	e.chunk(i)[i%vecChunk] = x
	return i
}

// Set replaces element i, which must be below Len.
func (e *VecEdit[T]) Set(i int, x T) { e.chunk(i)[i%vecChunk] = x }

func (e *VecEdit[T]) chunk(i int) *[vecChunk]T {
	c := i / vecChunk
	if !e.table {
		e.v.chunks = append([]*[vecChunk]T(nil), e.v.chunks...)
		e.table, e.copied = true, map[int]bool{}
	}
	if c == len(e.v.chunks) {
		e.v.chunks = append(e.v.chunks, new([vecChunk]T))
		e.copied[c] = true
	}
	if !e.copied[c] {
		fresh := *e.v.chunks[c]
		e.v.chunks[c] = &fresh
		e.copied[c] = true
	}
	return e.v.chunks[c]
}

// Done returns the edited vector. The edit must not be used afterwards.
func (e *VecEdit[T]) Done() Vec[T] {
	v := e.v
	e.v = Vec[T]{}
	return v
}
