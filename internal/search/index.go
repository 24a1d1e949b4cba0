package search

import (
	"sync"

	"github.com/memoria-history/memoria/internal/history"
)

// Entry is one searchable entity.
type Entry struct {
	ID   history.ID
	Kind history.Kind
	// Name is the canonical name.
	Name string
	// Names are the other names: variants, misspellings,
	// transliterations, the name in its own script.
	Names []history.Name
	// Type is the sort of thing the entry is ("camp", "camp-system",
	// "execution"): its words find the entry too, ranked below every
	// match of a name.
	Type string
}

// maxNameTokens bounds the tokens kept of one name, so that a long text
// put in a name field cannot swell the index.
const maxNameTokens = 32

// Index is a name index over entries. It is immutable once built and safe
// for concurrent use; it must not be copied.
type Index struct {
	ids   []history.ID // entry -> id
	kinds []uint8      // entry -> kind code (see kindCode)
	rank  []int32      // entry -> place in (kind, id) order, the tie-break

	// Names, each of one entry: the canonical name first, then the others
	// in the order given; names that fold like an earlier one of the same
	// entry are left out.
	nameEntry  []int32
	nameText   []string
	nameKind   []uint8  // index into matchKinds
	matchKinds []string // matchKinds[0] is "name", for canonical names
	typeKind   int      // the index of TypeMatch in matchKinds, or -1
	nameOff    []int32  // tokens of name n: nameTok[nameOff[n]:nameOff[n+1]]
	nameTok    []int32

	vocab []string // distinct folded tokens, sorted; a token's number is its place here
	// The names holding token t are post[postOff[t]:postOff[t+1]], in
	// order of their number of tokens, then of their entry's rank, then of
	// name. A name with fewer tokens scores at least as well for a match,
	// so the best names holding a token come first.
	postOff []int32
	post    []int32

	// The deletion neighbourhood of every token of four letters or more
	// (see deletions), filed by hash: the hashes whose top delBits bits are
	// b are delFP[delDir[b]:delDir[b+1]], each kept as its low 32 bits (a
	// fingerprint; the top bits are the bucket) beside the token it comes
	// from in delTok. About two per bucket, so a look-up reads a few
	// neighbouring entries.
	delDir  []int32
	delFP   []uint32
	delTok  []int32
	delBits uint

	// A token held by readBestMin names or more is read from the best
	// down, firstStep names at first (see readBest). Tests make both small,
	// so that small indexes are read that way too.
	readBestMin, firstStep int32

	// byRank lists the entries in rank order, so that Apply finds an
	// entry by kind and id.
	byRank []int32

	pool sync.Pool // *scratch

	// A version of an index that changes were applied to (see Apply) is
	// its base and a delta, and holds nothing else: Search reads both.
	base *Index
	d    *delta
}

// kindCode numbers a kind by its place in history.Kinds(), the order that
// breaks ties between equally good hits.
func kindCode(k history.Kind) uint8 {
	for i, known := range history.Kinds() {
		if k == known {
			return uint8(i)
		}
	}
	return uint8(len(history.Kinds()))
}
