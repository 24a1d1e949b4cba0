package stamp

// Next moves *gen to a generation that no mark in marks carries, and
// returns it. Generations count up from 1; when the counter wraps, an old
// stamp could equal a new generation, so the marks are cleared and counting
// starts again at 1. A mark may hold more than the stamp (a uint64 with the
// generation in its upper half), as long as a cleared mark is never taken
// for generation 1's.
func Next[M uint32 | uint64](gen *uint32, marks ...[]M) uint32 {
	*gen++
	if *gen == 0 {
		for _, m := range marks {
			clear(m)
		}
		*gen = 1
	}
	return *gen
}
