package search

import (
	"cmp"
	"math"
	"slices"

	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/strpool"
	"github.com/memoria-history/memoria/internal/translit"
)

// DerivedTransliteration is the MatchKind of a hit on a romanisation that
// the index derived from a Cyrillic name, rather than one a source gives.
const DerivedTransliteration = "derived-transliteration"

// TypeMatch is the MatchKind of a hit on the words of an entry's type
// ("camp" finds Perm-36). Such a hit scores typeWeight of what the same
// match on a name would, below any name's exact or prefix match, so that
// entities named by the words come first.
const TypeMatch = "type"

const typeWeight = 0.45

// NewIndex indexes entries. An entry without a kind takes it from its id.
func NewIndex(entries []Entry) *Index {
	ix := &Index{matchKinds: []string{"name"}, nameOff: []int32{0}, readBestMin: readBestMin, firstStep: readBestFirstStep}
	b := builder{ix: ix, dict: map[string]int32{}, matchKind: map[string]uint8{"name": 0}}
	// A Cyrillic name is also indexed as English, library, German and
	// French readers would spell it.
	schemes := []translit.Scheme{translit.English, translit.LibraryOfCongress, translit.German, translit.French}
	for i, e := range entries {
		kind := e.Kind
		if kind == "" {
			kind = e.ID.Kind()
		}
		ix.ids = append(ix.ids, e.ID)
		ix.kinds = append(ix.kinds, kindCode(kind))
		b.first = len(ix.nameText)
		b.name(int32(i), e.Name, "name")
		for _, n := range e.Names {
			mk := string(n.Kind)
			if mk == "" {
				mk = string(history.NameVariant)
			}
			b.name(int32(i), n.Text, mk)
		}
		// Romanisations derived from Cyrillic names come last, so that a
		// spelling a source uses is reported in preference to one made here.
		for _, n := range e.Names {
			for _, t := range translit.Romanisations(n.Text, schemes...) {
				b.name(int32(i), t, DerivedTransliteration)
			}
		}
		if e.Type != "" {
			b.name(int32(i), e.Type, TypeMatch)
		}
	}
	ix.typeKind = -1
	if code, ok := b.matchKind[TypeMatch]; ok {
		ix.typeKind = int(code)
	}
	byRank := ix.ranks()
	ix.byRank = byRank
	ix.sortVocab(b.dict)
	ix.postings(byRank)
	ix.deletionIndex()
	names, vocab, n := len(ix.nameText), len(ix.vocab), len(ix.ids)
	ix.pool.New = func() any { return newScratch(names, vocab, n) }
	return ix
}

// builder collects names and gives their tokens provisional numbers, in
// order of first appearance, until the vocabulary is sorted.
type builder struct {
	ix        *Index
	dict      map[string]int32
	matchKind map[string]uint8
	first     int // the first name of the current entry
	strs      strpool.Pool
	toks      []string
	nums      []int32
}

// name adds one name of entry e, unless it has no tokens or folds like an
// earlier name of e.
func (b *builder) name(e int32, text, mk string) {
	ix := b.ix
	b.toks = appendTokens(b.toks[:0], text)
	if len(b.toks) == 0 {
		return
	}
	b.nums = b.nums[:0]
	for _, t := range b.toks[:min(len(b.toks), maxNameTokens)] {
		num, ok := b.dict[t]
		if !ok {
			num = int32(len(b.dict))
			b.dict[b.strs.Copy(t)] = num
		}
		b.nums = append(b.nums, num)
	}
	for n := b.first; n < len(ix.nameText); n++ {
		if slices.Equal(ix.nameTok[ix.nameOff[n]:ix.nameOff[n+1]], b.nums) {
			return
		}
	}
	code, ok := b.matchKind[mk]
	if !ok && len(ix.matchKinds) > math.MaxUint8 {
		// Far more kinds of name than the model has: report the rest as
		// variants rather than overflow the code.
		code, ok = b.matchKind[string(history.NameVariant)]
	}
	if !ok {
		code = uint8(len(ix.matchKinds))
		b.matchKind[mk] = code
		ix.matchKinds = append(ix.matchKinds, mk)
	}
	ix.nameTok = append(ix.nameTok, b.nums...)
	ix.nameOff = append(ix.nameOff, int32(len(ix.nameTok)))
	ix.nameEntry = append(ix.nameEntry, e)
	if mk == DerivedTransliteration {
		text = b.strs.Copy(text) // made here, unlike the names of the dataset
	}
	ix.nameText = append(ix.nameText, text)
	ix.nameKind = append(ix.nameKind, code)
}

// ranks orders the entries by kind and id, so that ties between hits are
// broken by comparing two numbers rather than two strings. It returns the
// entries in that order.
func (ix *Index) ranks() []int32 {
	order := make([]int32, len(ix.ids))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int {
		return cmp.Or(cmp.Compare(ix.kinds[a], ix.kinds[b]), cmp.Compare(ix.ids[a], ix.ids[b]), cmp.Compare(a, b))
	})
	ix.rank = make([]int32, len(order))
	for r, e := range order {
		ix.rank[e] = int32(r)
	}
	return order
}

// sortVocab numbers the tokens in sorted order, so that a prefix is a
// range of numbers, and renumbers the names' tokens.
func (ix *Index) sortVocab(dict map[string]int32) {
	ix.vocab = make([]string, 0, len(dict))
	for t := range dict {
		ix.vocab = append(ix.vocab, t)
	}
	slices.Sort(ix.vocab)
	renumber := make([]int32, len(dict))
	for i, t := range ix.vocab {
		renumber[dict[t]] = int32(i)
	}
	for i, t := range ix.nameTok {
		ix.nameTok[i] = renumber[t]
	}
}

// postings builds the inverted index: for each token, the names holding
// it, each once, fewest tokens first, then in rank order (see
// Index.postOff), so that a search can read a common token's names from
// the best down and stop.
func (ix *Index) postings(byRank []int32) {
	// The names in that order: the entries' names in rank order, then a
	// stable counting sort by the number of tokens.
	firstName := make([]int32, len(ix.ids)+1)
	for _, e := range ix.nameEntry {
		firstName[e+1]++
	}
	for e := range ix.ids {
		firstName[e+1] += firstName[e]
	}
	var start [maxNameTokens + 2]int32
	for n := range ix.nameText {
		start[ix.nameOff[n+1]-ix.nameOff[n]+1]++
	}
	for i := 1; i < len(start); i++ {
		start[i] += start[i-1]
	}
	order := make([]int32, len(ix.nameText))
	for _, e := range byRank {
		for n := firstName[e]; n < firstName[e+1]; n++ {
			k := ix.nameOff[n+1] - ix.nameOff[n]
			order[start[k]] = n
			start[k]++
		}
	}
	ix.postOff = make([]int32, len(ix.vocab)+1)
	each := func(fn func(n, t int32)) {
		for _, n := range order {
			toks := ix.nameTok[ix.nameOff[n]:ix.nameOff[n+1]]
			for i, t := range toks {
				if !slices.Contains(toks[:i], t) {
					fn(n, t)
				}
			}
		}
	}
	each(func(_, t int32) { ix.postOff[t+1]++ })
	for t := range ix.vocab {
		ix.postOff[t+1] += ix.postOff[t]
	}
	ix.post = make([]int32, ix.postOff[len(ix.vocab)])
	next := slices.Clone(ix.postOff[:len(ix.vocab)])
	each(func(n, t int32) {
		ix.post[next[t]] = n
		next[t]++
	})
}

// deletionIndex files the deletion neighbourhood of every token long
// enough to match fuzzily by hash. Millions of hashes scattered straight
// into millions of buckets would miss the cache on nearly every write, so
// they are first split by their top 8 bits into 256 runs, written
// sequentially, and then each run is filed into its own slice of the
// buckets, which is small enough to stay in cache.
func (ix *Index) deletionIndex() {
	var rs []rune
	each := func(fn func(t int32, h uint64)) {
		for t, s := range ix.vocab {
			rs = rs[:0]
			for _, r := range s {
				rs = append(rs, r)
			}
			if k := maxEdits(len(rs)); k > 0 && len(rs) <= maxFuzzyRunes {
				deletions(rs, k, func(h uint64) { fn(int32(t), h) })
			}
		}
	}
	var runs [257]int
	each(func(_ int32, h uint64) { runs[h>>56+1]++ })
	for p := range 256 {
		runs[p+1] += runs[p]
	}
	total := runs[256]
	hs, ts := make([]uint64, total), make([]int32, total)
	next := runs
	each(func(t int32, h uint64) {
		p := h >> 56
		hs[next[p]], ts[next[p]] = h, t
		next[p]++
	})
	// About two hashes per bucket.
	ix.delBits = 1
	for 1<<(ix.delBits+1) < total && ix.delBits < 30 {
		ix.delBits++
	}
	shift := 64 - ix.delBits
	ix.delDir = make([]int32, 1<<ix.delBits+1)
	for _, h := range hs {
		ix.delDir[h>>shift+1]++
	}
	for b := range 1 << ix.delBits {
		ix.delDir[b+1] += ix.delDir[b]
	}
	ix.delFP = make([]uint32, total)
	ix.delTok = make([]int32, total)
	at := slices.Clone(ix.delDir[:1<<ix.delBits])
	for i, h := range hs {
		b := h >> shift
		ix.delFP[at[b]], ix.delTok[at[b]] = uint32(h), ts[i]
		at[b]++
	}
	ix.dedupeDeletions()
}

// dedupeDeletions drops repeated (fingerprint, token) pairs, which arise
// when deleting either of two equal neighbouring runes gives the same
// string, and closes the gaps.
func (ix *Index) dedupeDeletions() {
	w := int32(0)
	for b := range 1 << ix.delBits {
		lo, hi := ix.delDir[b], ix.delDir[b+1]
		ix.delDir[b] = w
		for i := lo; i < hi; i++ {
			dup := false
			for j := ix.delDir[b]; j < w; j++ {
				if ix.delFP[j] == ix.delFP[i] && ix.delTok[j] == ix.delTok[i] {
					dup = true
					break
				}
			}
			if !dup {
				ix.delFP[w], ix.delTok[w] = ix.delFP[i], ix.delTok[i]
				w++
			}
		}
	}
	ix.delDir[1<<ix.delBits] = w
	ix.delFP = ix.delFP[:w]
	ix.delTok = ix.delTok[:w]
}

// Entries lists the entities and events of a dataset as search entries:
// every name by which they may be looked for, and the words of their type.
func Entries(ds *history.Dataset) []Entry {
	out := make([]Entry, 0, len(ds.Entities)+len(ds.Events))
	for i := range ds.Entities {
		out = append(out, entityEntry(&ds.Entities[i]))
	}
	for i := range ds.Events {
		out = append(out, eventEntry(&ds.Events[i]))
	}
	return out
}

// entityEntry and eventEntry are the search entries of a record.
func entityEntry(e *history.Entity) Entry {
	return Entry{ID: e.ID, Kind: e.Kind, Name: e.Name, Names: e.Names, Type: e.Type}
}

func eventEntry(e *history.Event) Entry {
	return Entry{ID: e.ID, Kind: history.KindEvent, Name: e.Name, Names: e.Names, Type: e.Type}
}
