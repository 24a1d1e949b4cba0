package search

import "github.com/memoria-history/memoria/internal/stamp"

// scratch is the working memory of one search, borrowed from the index's
// pool. Per-name, per-entry and per-token marks are generation stamps, so a
// search starts with an increment instead of clearing arrays as long as
// the index; a stamp and the place it points to share one word, so that
// checking a mark costs one memory access, not two.
type scratch struct {
	gen       uint32
	nameMark  []uint64 // generation<<32 | place in cands, for names that are candidates
	entryMark []uint64 // stamp<<32 | place in hits, for entries with a hit in this scoring
	entStamp  uint32
	tokGen    []uint32 // token already matched the current query token
	tokStamp  uint32

	matches  []match
	groups   []group // the matches cut into what is read together (see plan)
	later    []match // the matches not yet collected, which finish looks up
	laterTok []int32 // their tokens
	cands    []cand
	complete int // cands[:complete] have every match they will get
	hits     []hit
	exact    []int32 // the token number of each query token, -1 if none
	qr, tr   []rune
	row      []int
	within   *within // the search's narrowing, if any
}

func newScratch(names, vocab, entries int) *scratch {
	return &scratch{
		nameMark:  make([]uint64, names),
		entryMark: make([]uint64, entries),
		tokGen:    make([]uint32, vocab),
		row:       make([]int, 3*(maxFuzzyRunes+1)),
	}
}

// next starts a search with a generation no name is marked with.
func (s *scratch) next() {
	stamp.Next(&s.gen, s.nameMark)
	s.matches, s.cands, s.hits, s.complete = s.matches[:0], s.cands[:0], s.hits[:0], 0
}

// nextEntries starts a scoring pass: it returns a stamp no entry is
// marked with.
func (s *scratch) nextEntries() uint32 { return stamp.Next(&s.entStamp, s.entryMark) }

// nextToken starts matching a query token: it returns a stamp no vocabulary
// token is marked with.
func (s *scratch) nextToken() uint32 { return stamp.Next(&s.tokStamp, s.tokGen) }
