package search

import (
	"cmp"
	"slices"
)

// cut is the line a hit must pass to be kept: a score above score, or
// equal to it from an entry ranked before tieRank. The zero cut keeps
// every hit.
type cut struct {
	score   float64
	tieRank int32
}

// tail is the part of one matched token's postings that a search has not
// read yet (see readBest): names holding token tok, matched to query token
// qi with the given quality, none with fewer than ntoks tokens, and those
// with ntoks tokens from entries ranked rank or later.
type tail struct {
	qi      int
	tok     int32
	quality float64
	ntoks   int32
	rank    int32
}

// finish ends a search early when it can without changing the result:
// when at least first entries score more than any name that is not yet a
// candidate could, given the matches not yet read (sc.later). Those are
// worse bands of the tokens already read and any band of the tokens not
// yet read, and the unread tail of a token being read from the best down.
//
// A name outside the candidates matched nothing read so far, so it can
// gain at most the best later match for each query token. A candidate can
// gain only on the query tokens it has not matched, since a token's later
// bands are worse than its earlier ones; and it gains exactly the best
// later match among its own tokens, which a look-up in the few later
// matches finds, without a walk through their postings (for a common given
// name, tens of thousands of names). So finish first completes the new
// candidates that way, which makes every candidate's score final, and then
// compares. It reports whether it finished, and the cut that only the
// entries it kept pass.
func (ix *Index) finish(sc *scratch, q, first int, t *tail) (bool, cut) {
	if len(sc.later) == 0 {
		return true, cut{}
	}
	// best is what a name can gain for each query token; others leaves out
	// the tail, which only names of ntoks tokens or more hold. fewest is
	// the fewest tokens of a name holding one of the others: each token's
	// postings start with its shortest name.
	var best, others [maxQueryTokens]float64
	fewest := int32(maxNameTokens)
	for _, m := range sc.later {
		best[m.q] = max(best[m.q], m.quality)
		if t == nil || m.q != t.qi || m.tok != t.tok {
			others[m.q] = max(others[m.q], m.quality)
			n := ix.post[ix.postOff[m.tok]]
			fewest = min(fewest, ix.nameOff[n+1]-ix.nameOff[n])
		}
	}
	ix.complete(sc, q, &best)
	keep := cut{score: bound(&others, q, fewest)}
	if t != nil {
		inTail := others
		inTail[t.qi] = t.quality
		s := bound(&inTail, q, t.ntoks)
		matched := 0
		for _, v := range inTail[:q] {
			if v > 0 {
				matched++
			}
		}
		// A name of the tail with exactly the query's tokens scores 1; it
		// can have them only if every other query token can still match
		// it exactly.
		whole := t.quality == qualityExact && int(t.ntoks) <= len(sc.exact)
		for j, v := range others[:q] {
			whole = whole && (j == t.qi || v == qualityExact)
		}
		if whole {
			s = 1
		}
		if s > keep.score {
			keep = cut{score: s}
			// Names of more tokens than ntoks score less than s, and
			// those of ntoks tokens come in rank order, so an entry ranked
			// before them that scores s is ahead of them all.
			if !whole && matched <= int(t.ntoks) {
				keep.tieRank = t.rank
			}
		}
	}
	ix.score(sc, q, keep)
	return len(sc.hits) >= first, keep
}

// complete gives the candidates that are new since the last call their
// matches among sc.later, by look-up, for the query tokens they have not
// matched; best is the best later match of each query token. It relies on
// a query token matching a vocabulary token once, in one band.
func (ix *Index) complete(sc *scratch, q int, best *[maxQueryTokens]float64) {
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

// bound is the most a name can score with at most the given quality for
// each query token and at least ntoks tokens. It leaves out a whole-name
// match, which scores 1.
func bound(qualities *[maxQueryTokens]float64, q int, ntoks int32) float64 {
	var sum float64
	matched := 0
	for _, v := range qualities[:q] {
		if v > 0 {
			sum += v
			matched++
		}
	}
	return partialScore(sum, q, matched, max(ntoks, 1))
}

// partialScore is the score of a name of ntoks tokens that matched
// matched of the q query tokens, with qualities adding to sum, short of
// matching the whole name: the mean quality over the query tokens (so every
// query token counts, and one that matches nothing pulls the score down),
// scaled from 0.8 to 1 by the share of the name's tokens matched (so
// "stalin" prefers "Joseph Stalin" to "Death of Stalin"), and by 0.95 to
// stay below a whole-name match. For a one-token query this keeps the
// bands apart: exact token 0.76-0.95, prefix 0.49-0.74, near miss below
// 0.48. Scores and the bounds compared with them come from here alone, so
// that a tie is a tie.
func partialScore(sum float64, q, matched int, ntoks int32) float64 {
	covered := min(1, float64(matched)/float64(ntoks))
	return 0.95 * sum / float64(q) * (0.8 + 0.2*covered)
}

// hit is an entry's best candidate name and its score.
type hit struct {
	score       float64
	entry, name int32
}

// score scores every candidate name and keeps in sc.hits the best name of
// each entry that has a name passing keep. A name that equals the query
// token for token scores 1; others score partialScore.
func (ix *Index) score(sc *scratch, q int, keep cut) {
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
		s := partialScore(sum, q, matched, c.ntoks)
		if matched == q && int(c.ntoks) == len(sc.exact) && slices.Equal(ix.tokensOf(c), sc.exact) {
			s = 1
		}
		if int(ix.nameKind[c.name]) == ix.typeKind {
			s *= typeWeight
		}
		if s < keep.score || s == keep.score && ix.rank[c.entry] >= keep.tieRank {
			continue // not among the best: finish has shown enough pass
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
