package store

// slabSize is how many values a slab cuts from one array, once it has
// cut a few: its first arrays are small, and each is twice the last, so
// that a slab of a record or two (a change reads the records it
// touches) costs what they do.
const (
	slabSize  = 4096
	slabFirst = 16
)

// slab hands out values and short slices cut from large arrays, for the
// parts of a dataset read from a store that are many and small: dated
// facts, links, citation lists, names and participants. A server keeps
// them all its life, and the collector marks each allocation in every
// cycle; cut from shared arrays, a million people's dates and citations
// are a few thousand objects rather than millions.
//
// An array lives as long as any value cut from it, so a slab suits values
// that live and die together, as a dataset's do.
type slab[T any] struct {
	free []T
	next int // the size of the next array
}

// take returns n values of the slab, or nil for none. The slice's
// capacity is its length, so that appending to it copies rather than
// writes over the values cut after it.
func (s *slab[T]) take(n int) []T {
	if n == 0 {
		return nil
	}
	if n > slabSize/4 {
		return make([]T, n) // a long list would waste most of an array
	}
	if len(s.free) < n {
		s.next = min(max(2*s.next, slabFirst, n), slabSize)
		s.free = make([]T, s.next)
	}
	out := s.free[:n:n]
	s.free = s.free[n:]
	return out
}

// copyOf returns a copy of xs in the slab, or nil when xs is empty.
func (s *slab[T]) copyOf(xs []T) []T {
	out := s.take(len(xs))
	copy(out, xs)
	return out
}

// one returns a pointer to a copy of v in the slab.
func (s *slab[T]) one(v T) *T {
	p := &s.take(1)[0]
	*p = v
	return p
}
