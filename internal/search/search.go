package search

import (
	"cmp"
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
	sc := ix.pool.Get().(*scratch)
	defer ix.pool.Put(sc)
	sc.next()
	// The vocabulary number of every query token, for whole-name matches;
	// the distinct ones, for matching and scoring.
	sc.exact = sc.exact[:0]
	var distinct []queryToken
	for _, t := range all {
		num := ix.lookup(t)
		sc.exact = append(sc.exact, num)
		if len(distinct) < maxQueryTokens && !slices.ContainsFunc(distinct, func(q queryToken) bool { return q.text == t }) {
			distinct = append(distinct, queryToken{text: t, exact: num, stamp: sc.nextToken()})
		}
	}
	// Match every token in every band first: that is cheap next to reading
	// the postings, and it tells finish exactly what is left to add.
	sc.matches = sc.matches[:0]
	var groups [maxQueryTokens][bands]group
	for b := bandExact; b < bands; b++ {
		for i, qt := range distinct {
			start := len(sc.matches)
			ix.matchBand(sc, b, i, qt)
			groups[i][b] = group{start: start, end: len(sc.matches), postings: ix.postingsOf(sc.matches[start:])}
		}
	}
	q := len(distinct)
	mask, above := kindMask(kinds), 0.0
	var next [maxQueryTokens]band // the band each query token collects next
	for {
		qi := cheapest(&groups, &next, q)
		if qi < 0 {
			break
		}
		g := groups[qi][next[qi]]
		if !ix.collect(ctx, sc, g.of(sc.matches), mask) {
			return nil
		}
		next[qi]++
		if exhaustive {
			continue
		}
		sc.later = sc.later[:0]
		for i := range q {
			for b := next[i]; b < bands; b++ {
				sc.later = append(sc.later, groups[i][b].of(sc.matches)...)
			}
		}
		if done, bound := ix.finish(sc, q, first); done {
			above = bound
			break
		}
	}
	ix.score(sc, q, above)
	return ix.top(sc.hits, first)
}

// group is the matches of one query token in one band: sc.matches[start:end],
// holding postings names between them.
type group struct {
	start, end int
	postings   int
}

func (g group) of(matches []match) []match { return matches[g.start:g.end] }

// postingsOf counts the names that hold the matched tokens.
func (ix *Index) postingsOf(matches []match) int {
	n := 0
	for _, m := range matches {
		n += int(ix.postOff[m.tok+1] - ix.postOff[m.tok])
	}
	return n
}

// cheapest picks the query token whose next band has the fewest postings,
// or -1 once every band of every token is collected.
//
// Each token's bands are read in order, best first, which is what finish
// relies on; across tokens the cheaper goes first. A query pairing a rare
// surname with a given name that tens of thousands share reads the
// surname's few names, gives each the given name's matches by look-up, and
// usually finds enough of them above anything the given name's names could
// score on their own: it then never reads those at all.
func cheapest(groups *[maxQueryTokens][bands]group, next *[maxQueryTokens]band, q int) int {
	best := -1
	for qi := range q {
		if next[qi] == bands {
			continue
		}
		g := groups[qi][next[qi]]
		if best < 0 {
			best = qi
			continue
		}
		if bg := groups[best][next[best]]; g.postings < bg.postings || g.postings == bg.postings && next[qi] < next[best] {
			best = qi
		}
	}
	return best
}

// finish ends a search early when it can without changing the result:
// when at least first entries score more than any name that is not yet a
// candidate could, given the matches not yet collected (sc.later). Those
// are worse bands of the tokens already read and any band of the tokens
// not yet read.
//
// A name outside the candidates matched nothing so far, so it can gain at
// most the best later match for each query token. A candidate can gain
// only on the query tokens it has not matched, since a token's later bands
// are worse than its earlier ones; and it gains exactly the best later
// match among its own tokens, which a look-up in the few later matches
// finds, without a walk through their postings (for a common given name,
// tens of thousands of names). So finish first completes the new
// candidates that way, which makes every candidate's score final, and then
// compares. It reports whether it finished, and the bound that only the
// entries it kept exceed.
func (ix *Index) finish(sc *scratch, q, first int) (bool, float64) {
	if len(sc.later) == 0 {
		return true, 0
	}
	var best [maxQueryTokens]float64
	for _, m := range sc.later {
		best[m.q] = max(best[m.q], m.quality)
	}
	// The later matches of each query token, by vocabulary token:
	// sc.laterTok[seg[qi]:seg[qi+1]] for query token qi.
	slices.SortFunc(sc.later, func(a, b match) int { return cmp.Or(cmp.Compare(a.q, b.q), cmp.Compare(a.tok, b.tok)) })
	var seg [maxQueryTokens + 1]int
	sc.laterTok = sc.laterTok[:0]
	for i, m := range sc.later {
		sc.laterTok = append(sc.laterTok, m.tok)
		seg[m.q+1] = i + 1
	}
	for qi := 1; qi <= maxQueryTokens; qi++ {
		seg[qi] = max(seg[qi], seg[qi-1])
	}
	for i := sc.complete; i < len(sc.cands); i++ {
		c := &sc.cands[i]
		for qi, v := range c.q[:q] {
			if v > 0 || best[qi] == 0 {
				continue
			}
			toks := sc.laterTok[seg[qi]:seg[qi+1]]
			for _, t := range ix.tokensOf(c) {
				if j := find(toks, t); j >= 0 {
					c.q[qi] = max(c.q[qi], sc.later[seg[qi]+j].quality)
				}
			}
		}
	}
	sc.complete = len(sc.cands)
	unseen := 0.0
	for _, b := range best[:q] {
		unseen += b
	}
	unseen = 0.95 * unseen / float64(q)
	ix.score(sc, q, unseen)
	return len(sc.hits) >= first, unseen
}

// find returns the place of t in sorted toks, or -1.
func find(toks []int32, t int32) int {
	lo, hi := 0, len(toks)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if toks[m] < t {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(toks) && toks[lo] == t {
		return lo
	}
	return -1
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
// match for each query token. It copies what scoring needs to know about
// the name, so that scoring reads the candidates in order instead of
// jumping about the index's name arrays.
type cand struct {
	name, entry int32
	toks, ntoks int32 // the name's tokens are nameTok[toks:toks+ntoks]
	q           [maxQueryTokens]float64
}

// tokensOf returns a candidate's tokens.
func (ix *Index) tokensOf(c *cand) []int32 { return ix.nameTok[c.toks : c.toks+c.ntoks] }

// collectCheck is how many postings pass between context checks.
const collectCheck = 1 << 13

// collect turns matched tokens into candidate names through the postings.
// It reports false if ctx was cancelled.
func (ix *Index) collect(ctx context.Context, sc *scratch, matches []match, mask uint16) bool {
	g := sc.gen
	seen := 0
	all := mask == ^uint16(0)
	for _, m := range matches {
		for _, n := range ix.post[ix.postOff[m.tok]:ix.postOff[m.tok+1]] {
			if !all && mask&(1<<ix.kinds[ix.nameEntry[n]]) == 0 {
				continue
			}
			mark := sc.nameMark[n]
			if uint32(mark>>32) != g {
				mark = uint64(g)<<32 | uint64(len(sc.cands))
				sc.nameMark[n] = mark
				lo, hi := ix.nameOff[n], ix.nameOff[n+1]
				sc.cands = append(sc.cands, cand{name: n, entry: ix.nameEntry[n], toks: lo, ntoks: hi - lo})
			}
			c := &sc.cands[uint32(mark)]
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

// score scores every candidate name and keeps in sc.hits the best name of
// each entry that has a name scoring above the given bound.
//
// A name that equals the query token for token scores 1. Otherwise the
// score is the mean quality over the q distinct query tokens (so every
// query token counts, and one that matches nothing pulls the score down),
// scaled from 0.8 to 1 by the share of the name's tokens matched (so
// "stalin" prefers "Joseph Stalin" to "Death of Stalin"), and by 0.95 to
// stay below a whole-name match. For a one-token query this keeps the
// bands apart: exact token 0.76-0.95, prefix 0.49-0.74, near miss below
// 0.48.
func (ix *Index) score(sc *scratch, q int, above float64) {
	g := sc.nextEntries()
	sc.hits = sc.hits[:0]
	for i := range sc.cands {
		c := &sc.cands[i]
		var sum float64
		matched := 0
		for _, v := range c.q[:q] {
			if v > 0 {
				sum += v
				matched++
			}
		}
		covered := min(1, float64(matched)/float64(c.ntoks))
		s := 0.95 * sum / float64(q) * (0.8 + 0.2*covered)
		if matched == q && int(c.ntoks) == len(sc.exact) && slices.Equal(ix.tokensOf(c), sc.exact) {
			s = 1
		}
		if s <= above {
			continue // not among the best: finish has shown enough are above
		}
		mark := sc.entryMark[c.entry]
		if uint32(mark>>32) != g {
			sc.entryMark[c.entry] = uint64(g)<<32 | uint64(len(sc.hits))
			sc.hits = append(sc.hits, hit{score: s, entry: c.entry, name: c.name})
			continue
		}
		if h := &sc.hits[uint32(mark)]; s > h.score || s == h.score && c.name < h.name {
			h.score, h.name = s, c.name
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
