package search

// scratch is the working memory of one search, borrowed from the index's
// pool. Per-name, per-entry and per-token marks are generation stamps, so a
// search starts with an increment instead of clearing arrays as long as
// the index.
type scratch struct {
	gen      uint32
	nameGen  []uint32 // name has a candidate this search
	nameSlot []int32  // its place in cands
	entryGen []uint32 // entry has a hit this search
	entryHit []int32  // its place in hits
	tokGen   []uint32 // token already matched the current query token
	tokStamp uint32

	matches []match
	cands   []cand
	hits    []hit
	exact   []int32 // the token number of each query token, -1 if none
	qr, tr  []rune
	row     []int
}

func newScratch(names, vocab, entries int) *scratch {
	return &scratch{
		nameGen:  make([]uint32, names),
		nameSlot: make([]int32, names),
		entryGen: make([]uint32, entries),
		entryHit: make([]int32, entries),
		tokGen:   make([]uint32, vocab),
		row:      make([]int, 3*(maxFuzzyRunes+1)),
	}
}

// next starts a search: it returns a generation no name or entry is
// marked with.
func (s *scratch) next() uint32 {
	s.gen++
	if s.gen == 0 {
		clear(s.nameGen)
		clear(s.entryGen)
		s.gen = 1
	}
	s.matches, s.cands, s.hits = s.matches[:0], s.cands[:0], s.hits[:0]
	return s.gen
}

// nextToken starts matching a query token: it returns a stamp no vocabulary
// token is marked with.
func (s *scratch) nextToken() uint32 {
	s.tokStamp++
	if s.tokStamp == 0 {
		clear(s.tokGen)
		s.tokStamp = 1
	}
	return s.tokStamp
}
