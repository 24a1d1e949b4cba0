package search

import (
	"container/heap"
	"context"
	"slices"

	"github.com/memoria-history/memoria/internal/cow"
	"github.com/memoria-history/memoria/internal/history"
)

// Hit is one entity a search found.
type Hit struct {
	ID   history.ID
	Kind history.Kind
	// Score says how well the entity matched, from 0 (exclusive) to 1, a
	// whole name matched exactly. Scores order the hits of one search;
	// they are not comparable across searches.
	Score float64
	// Matched is the name that matched best, as the entry gave it.
	Matched string
	// MatchKind is "name" when Matched is the canonical name, else the
	// history.NameKind of the variant ("transliteration", "misspelling").
	MatchKind string
}

// Bounds on the work one search may ask for.
const (
	// MaxFirst is the most hits a search returns.
	MaxFirst = 1000
	// maxQueryBytes is how much of a query is read: enough for any name.
	maxQueryBytes = 512
	// maxQueryTokens is how many distinct tokens of a query are matched.
	maxQueryTokens = 8
)

// Search returns the best first hits for text among the entries of the
// given kinds (all kinds when kinds is empty), best first: a whole name
// matched exactly, then names whose tokens match the query's exactly, as
// prefixes, or within an edit or two, with ties broken by kind (in the
// order of history.Kinds()) and id. An empty query, a first below one or a
// cancelled ctx finds nothing.
func (ix *Index) Search(ctx context.Context, text string, kinds []history.Kind, first int) []Hit {
	return ix.search(ctx, text, kinds, first, false)
}

// search is Search; exhaustive makes it try every band, which only tests
// use, to check that stopping early never changes the result.
func (ix *Index) search(ctx context.Context, text string, kinds []history.Kind, first int, exhaustive bool) []Hit {
	if first < 1 || ctx.Err() != nil {
		return nil
	}
	first = min(first, MaxFirst)
	if len(text) > maxQueryBytes {
		text = text[:maxQueryBytes]
	}
	all := tokens(text)
	if len(all) == 0 {
		return nil
	}
	if ix.d != nil {
		return ix.searchDelta(ctx, all, kindMask(kinds), first, exhaustive)
	}
	return ix.searchTokens(ctx, all, kindMask(kinds), first, exhaustive, nil)
}

// within narrows a search of one part of an index that changes were
// applied to (see Apply): the entries it no longer counts, and where each
// query token's prefixes stop.
type within struct {
	dead      cow.Bits
	prefixEnd map[string]string // by query token; absent: the usual bound
}

// searchTokens is search over the tokens of the query, within w when w is
// not nil.
func (ix *Index) searchTokens(ctx context.Context, all []string, mask uint64, first int, exhaustive bool, w *within) []Hit {
	sc := ix.pool.Get().(*scratch)
	defer ix.pool.Put(sc)
	sc.next()
	sc.within = w
	defer func() { sc.within = nil }()
	p := ix.plan(sc, all, first, mask)
	var keep cut
	for {
		qi := p.cheapest(sc)
		if qi < 0 {
			break
		}
		if exhaustive {
			if !ix.collect(ctx, sc, sc.groups[p.next[qi]].of(sc.matches), p.mask) {
				return nil
			}
			p.next[qi]++
			continue
		}
		done, k, ok := ix.read(ctx, sc, &p, qi)
		if !ok {
			return nil
		}
		if done {
			keep = k
			break
		}
	}
	ix.score(sc, p.q, keep)
	return ix.top(sc.hits, first)
}

// plan matches the query's tokens (all, in query order) in every band and
// cuts the matches into groups in the order each token reads them.
// Matching first is cheap next to reading the postings, and it tells
// finish exactly what is left to add.
func (ix *Index) plan(sc *scratch, all []string, first int, mask uint64) plan {
	// The vocabulary number of every query token, for whole-name matches;
	// the distinct ones, for matching and scoring.
	sc.exact = sc.exact[:0]
	var distinct []queryToken
	for _, t := range all {
		num := ix.lookup(t)
		sc.exact = append(sc.exact, num)
		if len(distinct) < maxQueryTokens && !slices.ContainsFunc(distinct, func(q queryToken) bool { return q.text == t }) {
			qt := queryToken{text: t, exact: num, stamp: sc.nextToken()}
			if sc.within != nil {
				qt.prefixEnd, qt.bounded = sc.within.prefixEnd[t]
			}
			distinct = append(distinct, qt)
		}
	}
	// Each query token runs through its bands before the next starts: the
	// stamps that keep a band from matching a token again that a better
	// band matched are per query token, and the next one's overwrite them.
	sc.matches, sc.groups = sc.matches[:0], sc.groups[:0]
	p := plan{q: len(distinct), first: first, mask: mask}
	for i, qt := range distinct {
		p.off[i], p.next[i] = len(sc.groups), len(sc.groups)
		for b := bandExact; b < bands; b++ {
			start := len(sc.matches)
			ix.matchBand(sc, b, i, qt)
			ix.appendGroups(sc, start, len(sc.matches))
		}
	}
	p.off[p.q] = len(sc.groups)
	return p
}

// lookup returns the number of token t, or -1.
func (ix *Index) lookup(t string) int32 {
	if i, ok := slices.BinarySearch(ix.vocab, t); ok {
		return int32(i)
	}
	return -1
}

// kindMask is the set of kind codes a search keeps; all when kinds is
// empty. A code is at most len(history.Kinds()), which
// TestKindCodesFitTheMask keeps below 64.
func kindMask(kinds []history.Kind) uint64 {
	if len(kinds) == 0 {
		return ^uint64(0)
	}
	var m uint64
	for _, k := range kinds {
		m |= 1 << kindCode(k)
	}
	return m
}

// better orders hits: higher score, then kind, then id.
func (ix *Index) better(a, b hit) bool {
	if a.score != b.score {
		return a.score > b.score
	}
	return ix.rank[a.entry] < ix.rank[b.entry]
}

// top returns the first best hits, in order. With many more hits than
// wanted it keeps the best in a heap instead of sorting them all.
func (ix *Index) top(hits []hit, first int) []Hit {
	if len(hits) == 0 {
		return nil
	}
	best := hits
	if len(hits) > first {
		h := &worstFirst{ix: ix, hits: slices.Clone(hits[:first])}
		heap.Init(h)
		for _, x := range hits[first:] {
			if ix.better(x, h.hits[0]) {
				h.hits[0] = x
				heap.Fix(h, 0)
			}
		}
		best = h.hits
	}
	slices.SortFunc(best, func(a, b hit) int {
		if ix.better(a, b) {
			return -1
		}
		if ix.better(b, a) {
			return 1
		}
		return 0
	})
	out := make([]Hit, len(best))
	for i, h := range best {
		out[i] = Hit{
			ID:        ix.ids[h.entry],
			Kind:      ix.kindOf(h.entry),
			Score:     h.score,
			Matched:   ix.nameText[h.name],
			MatchKind: ix.matchKinds[ix.nameKind[h.name]],
		}
	}
	return out
}

// kindOf returns the kind of entry e.
func (ix *Index) kindOf(e int32) history.Kind {
	if c := int(ix.kinds[e]); c < len(history.Kinds()) {
		return history.Kinds()[c]
	}
	return ix.ids[e].Kind()
}

// worstFirst is a heap of hits with the worst on top, so that the best k
// of many are kept by replacing the top.
type worstFirst struct {
	ix   *Index
	hits []hit
}

func (h *worstFirst) Len() int           { return len(h.hits) }
func (h *worstFirst) Less(i, j int) bool { return h.ix.better(h.hits[j], h.hits[i]) }
func (h *worstFirst) Swap(i, j int)      { h.hits[i], h.hits[j] = h.hits[j], h.hits[i] }
func (h *worstFirst) Push(x any)         { h.hits = append(h.hits, x.(hit)) }
func (h *worstFirst) Pop() any {
	x := h.hits[len(h.hits)-1]
	h.hits = h.hits[:len(h.hits)-1]
	return x
}
