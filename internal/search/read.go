package search

import (
	"cmp"
	"context"
	"slices"

	"github.com/memoria-history/memoria/internal/cow"
)

// plan is the order in which a search reads the names its matches point
// to. Each query token's matches are read best first: its bands in order,
// and within a band the better matches first. That is what finish relies
// on. Across tokens the cheaper goes first.
type plan struct {
	// Query token qi's groups, in reading order, are
	// sc.groups[off[qi]:off[qi+1]]; next[qi] is the one it reads next.
	off   [maxQueryTokens + 1]int
	next  [maxQueryTokens]int
	q     int // distinct query tokens
	first int
	mask  uint64
	// unchecked is how many postings were read since finish last looked.
	unchecked int
}

// group is matches of one query token that a search reads together,
// sc.matches[start:end], and how many names their postings hold.
type group struct {
	start, end int
	postings   int
}

func (g group) of(matches []match) []match { return matches[g.start:g.end] }

// appendGroups sorts the matches of one query token in one band,
// sc.matches[start:end], best first, and cuts them into groups: a match
// held by readBestMin names or more is a group of its own, to be read from
// the best names down; the others are taken together until they hold that
// many. A prefix such as "kons" matches a few tokens held by tens of
// thousands of names ("konstantin", "konstantinovich") and many rare ones,
// and only the former are worth reading in steps.
func (ix *Index) appendGroups(sc *scratch, start, end int) {
	ms := sc.matches[start:end]
	slices.SortFunc(ms, func(a, b match) int { return cmp.Or(cmp.Compare(b.quality, a.quality), cmp.Compare(a.tok, b.tok)) })
	batch := group{start: start, end: start}
	flush := func() {
		if batch.end > batch.start {
			sc.groups = append(sc.groups, batch)
		}
	}
	for k := start; k < end; k++ {
		m := sc.matches[k]
		n := int(ix.postOff[m.tok+1] - ix.postOff[m.tok])
		if n >= int(ix.readBestMin) {
			flush()
			sc.groups = append(sc.groups, group{start: k, end: k + 1, postings: n})
			batch = group{start: k + 1, end: k + 1}
			continue
		}
		batch.end++
		batch.postings += n
		if batch.postings >= int(ix.readBestMin) {
			flush()
			batch = group{start: k + 1, end: k + 1}
		}
	}
	flush()
}

// cheapest picks the query token whose next group holds the fewest names,
// or -1 once every group is read.
//
// A query pairing a rare surname with a given name that tens of thousands
// share reads the surname's few names, gives each the given name's matches
// by look-up, and usually finds enough of them above anything the given
// name's names could score on their own: it then never reads those at all.
func (p *plan) cheapest(sc *scratch) int {
	best := -1
	for qi := range p.q {
		if p.next[qi] == p.off[qi+1] {
			continue
		}
		if best < 0 || sc.groups[p.next[qi]].postings < sc.groups[p.next[best]].postings {
			best = qi
		}
	}
	return best
}

// unread puts in sc.later the matches of every group not yet read.
func (p *plan) unread(sc *scratch) {
	sc.later = sc.later[:0]
	for qi := range p.q {
		for _, g := range sc.groups[p.next[qi]:p.off[qi+1]] {
			sc.later = append(sc.later, g.of(sc.matches)...)
		}
	}
}

// read reads query token qi's next group and reports whether the search
// can stop, with the cut that the hits it needs pass, and false if ctx was
// cancelled. Finish costs a pass over the candidates, so read asks it only
// before a large group, or when it has read half as many names since it
// last asked as there are candidates: the passes then add up to a few
// times the candidates, however many small groups there are.
func (ix *Index) read(ctx context.Context, sc *scratch, p *plan, qi int) (done bool, keep cut, ok bool) {
	g := sc.groups[p.next[qi]]
	if g.end-g.start == 1 && g.postings >= int(ix.readBestMin) {
		done, keep, ok = ix.readBest(ctx, sc, p, qi, sc.matches[g.start])
		if done || !ok {
			return done, keep, ok
		}
	} else if !ix.collect(ctx, sc, g.of(sc.matches), p.mask) {
		return false, cut{}, false
	}
	p.next[qi]++
	p.unchecked += g.postings
	if next := p.cheapest(sc); next >= 0 && 2*p.unchecked < len(sc.cands) && sc.groups[p.next[next]].postings < int(ix.readBestMin) {
		return false, cut{}, true
	}
	p.unchecked = 0
	p.unread(sc)
	done, keep = ix.finish(sc, p.q, p.first, nil)
	return done, keep, true
}

// readBestMin is the fewest postings worth reading in steps: below it, one
// pass costs less than the checks between steps. readBestFirstStep is the
// fewest names the first step reads (four times the hits wanted, if more).
const (
	readBestMin       = 1024
	readBestFirstStep = 64
)

// readBest reads the names holding one matched token from the best down
// (the postings put the names with fewest tokens first, then by rank), in
// steps that double, and after each step asks finish whether the names not
// yet read could still matter. For "Yegor", or for "Yegor Pezavin" when
// too few names come near "Pezavin", the best names holding "yegor" are
// the first few dozen of tens of thousands. It reports false for done when
// it read them all.
func (ix *Index) readBest(ctx context.Context, sc *scratch, p *plan, qi int, m match) (done bool, keep cut, ok bool) {
	at, end := ix.postOff[m.tok], ix.postOff[m.tok+1]
	step := max(ix.firstStep, int32(4*p.first))
	for at < end {
		to := min(end, at+step)
		ix.gather(sc, m, ix.post[at:to], p.mask)
		if ctx.Err() != nil {
			return false, cut{}, false
		}
		at, step = to, 2*step
		if at == end {
			break
		}
		n := ix.post[at]
		t := tail{qi: qi, tok: m.tok, quality: m.quality, ntoks: ix.nameOff[n+1] - ix.nameOff[n], rank: ix.rank[ix.nameEntry[n]]}
		p.unread(sc) // this group too: part of it is unread
		if done, keep := ix.finish(sc, p.q, p.first, &t); done {
			return true, keep, true
		}
	}
	return false, cut{}, true
}

// collectCheck is how many postings pass between context checks.
const collectCheck = 1 << 13

// collect turns matched tokens into candidate names through the postings.
// It reports false if ctx was cancelled.
func (ix *Index) collect(ctx context.Context, sc *scratch, matches []match, mask uint64) bool {
	seen := 0
	for _, m := range matches {
		names := ix.post[ix.postOff[m.tok]:ix.postOff[m.tok+1]]
		ix.gather(sc, m, names, mask)
		if seen += len(names); seen >= collectCheck {
			seen = 0
			if ctx.Err() != nil {
				return false
			}
		}
	}
	return true
}

// gather makes candidates of the names holding a matched token, or
// raises the candidates' quality for the match's query token.
func (ix *Index) gather(sc *scratch, m match, names []int32, mask uint64) {
	g, all := sc.gen, mask == ^uint64(0)
	var dead cow.Bits
	if sc.within != nil {
		dead = sc.within.dead
	}
	for _, n := range names {
		if !all && mask&(1<<ix.kinds[ix.nameEntry[n]]) == 0 {
			continue
		}
		if !dead.Empty() && dead.Has(ix.nameEntry[n]) {
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
