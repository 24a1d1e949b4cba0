package search

import (
	"container/heap"
	"context"
	"slices"

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
// order of history.Kinds) and id. An empty query, a first below one or a
// cancelled ctx finds nothing.
func (ix *Index) Search(ctx context.Context, text string, kinds []history.Kind, first int) []Hit {
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
	sc := ix.pool.Get().(*scratch)
	defer ix.pool.Put(sc)
	g := sc.next()
	// Exact numbers of every query token, for whole-name matches; matches
	// for each distinct one, for scoring.
	sc.exact = sc.exact[:0]
	var distinct []string
	for _, t := range all {
		if i := slices.Index(distinct, t); i >= 0 {
			sc.exact = append(sc.exact, sc.exact[slices.Index(all, t)])
			continue
		}
		if len(distinct) == maxQueryTokens {
			sc.exact = append(sc.exact, ix.lookup(t))
			continue
		}
		distinct = append(distinct, t)
		sc.exact = append(sc.exact, ix.matchToken(sc, len(distinct)-1, t))
	}
	if !ix.collect(ctx, sc, g, kindMask(kinds)) {
		return nil
	}
	ix.score(sc, g, len(distinct))
	return ix.top(sc.hits, first)
}

// lookup returns the number of token t, or -1.
func (ix *Index) lookup(t string) int32 {
	if i, ok := slices.BinarySearch(ix.vocab, t); ok {
		return int32(i)
	}
	return -1
}

// kindMask is the set of kind codes a search keeps; all when kinds is
// empty.
func kindMask(kinds []history.Kind) uint16 {
	if len(kinds) == 0 {
		return ^uint16(0)
	}
	var m uint16
	for _, k := range kinds {
		m |= 1 << kindCode(k)
	}
	return m
}

// cand is a name that some query token matched, with the best quality of
// match for each query token.
type cand struct {
	name int32
	q    [maxQueryTokens]float64
}

// collectCheck is how many postings pass between context checks.
const collectCheck = 1 << 13

// collect turns matched tokens into candidate names through the postings.
// It reports false if ctx was cancelled.
func (ix *Index) collect(ctx context.Context, sc *scratch, g uint32, mask uint16) bool {
	seen := 0
	all := mask == ^uint16(0)
	for _, m := range sc.matches {
		for _, n := range ix.post[ix.postOff[m.tok]:ix.postOff[m.tok+1]] {
			if !all && mask&(1<<ix.kinds[ix.nameEntry[n]]) == 0 {
				continue
			}
			if sc.nameGen[n] != g {
				sc.nameGen[n], sc.nameSlot[n] = g, int32(len(sc.cands))
				sc.cands = append(sc.cands, cand{name: n})
			}
			c := &sc.cands[sc.nameSlot[n]]
			c.q[m.q] = max(c.q[m.q], m.quality)
		}
		if seen += int(ix.postOff[m.tok+1] - ix.postOff[m.tok]); seen >= collectCheck {
			seen = 0
			if ctx.Err() != nil {
				return false
			}
		}
	}
	return true
}

// hit is an entry's best candidate name and its score.
type hit struct {
	score       float64
	entry, name int32
}

// score scores every candidate name and keeps the best name of each entry
// in sc.hits.
//
// A name that equals the query token for token scores 1. Otherwise the
// score is the mean quality over the q distinct query tokens (so every
// query token counts, and one that matches nothing pulls the score down),
// scaled from 0.8 to 1 by the share of the name's tokens matched (so
// "stalin" prefers "Joseph Stalin" to "Death of Stalin"), and by 0.95 to
// stay below a whole-name match. For a one-token query this keeps the
// bands apart: exact token 0.76-0.95, prefix 0.49-0.74, near miss below
// 0.48.
func (ix *Index) score(sc *scratch, g uint32, q int) {
	for i := range sc.cands {
		c := &sc.cands[i]
		n := c.name
		toks := ix.nameTok[ix.nameOff[n]:ix.nameOff[n+1]]
		var sum float64
		matched := 0
		for _, v := range c.q[:q] {
			if v > 0 {
				sum += v
				matched++
			}
		}
		covered := min(1, float64(matched)/float64(len(toks)))
		s := 0.95 * sum / float64(q) * (0.8 + 0.2*covered)
		if matched == q && len(toks) == len(sc.exact) && slices.Equal(toks, sc.exact) {
			s = 1
		}
		e := ix.nameEntry[n]
		if sc.entryGen[e] != g {
			sc.entryGen[e], sc.entryHit[e] = g, int32(len(sc.hits))
			sc.hits = append(sc.hits, hit{score: s, entry: e, name: n})
			continue
		}
		if h := &sc.hits[sc.entryHit[e]]; s > h.score || s == h.score && n < h.name {
			h.score, h.name = s, n
		}
	}
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
	if c := int(ix.kinds[e]); c < len(history.Kinds) {
		return history.Kinds[c]
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
