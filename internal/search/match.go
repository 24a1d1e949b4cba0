package search

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// Quality of a match between a query token and a name token, from 0 (no
// match) to 1 (the same token). The ranges do not overlap, and are spaced
// so that, after scoring, any exact token beats any prefix and any prefix
// any near miss (see score).
const (
	qualityExact     = 1.0
	qualityPrefixMin = 0.65 // plus up to prefixSpan as the prefix covers more of the token
	prefixSpan       = 0.13
	qualityFuzzyMax  = 0.5 // less for more edits relative to length
)

// minPrefixRunes is the shortest query token matched as a prefix: two
// letters begin too many names to mean one.
const minPrefixRunes = 3

// maxPrefixTokens bounds the vocabulary tokens one prefix expands to.
const maxPrefixTokens = 256

// match is a vocabulary token that matches query token q.
type match struct {
	q       int
	tok     int32
	quality float64
}

// matchToken appends to sc.matches the vocabulary tokens that match query
// token q (the qi-th): itself, the tokens it begins, and the tokens within
// its edit allowance. It returns the number of the token equal to q, or -1.
func (ix *Index) matchToken(sc *scratch, qi int, q string) int32 {
	stamp := sc.nextToken()
	add := func(t int32, quality float64) {
		sc.tokGen[t] = stamp
		sc.matches = append(sc.matches, match{q: qi, tok: t, quality: quality})
	}
	exact := int32(-1)
	lo := sort.SearchStrings(ix.vocab, q)
	if lo < len(ix.vocab) && ix.vocab[lo] == q {
		exact = int32(lo)
		add(exact, qualityExact)
	}
	qn := utf8.RuneCountInString(q)
	if qn >= minPrefixRunes {
		end := min(len(ix.vocab), lo+maxPrefixTokens+1)
		for t := lo; t < end && strings.HasPrefix(ix.vocab[t], q); t++ {
			if int32(t) != exact {
				covered := float64(qn) / float64(utf8.RuneCountInString(ix.vocab[t]))
				add(int32(t), qualityPrefixMin+prefixSpan*covered)
			}
		}
	}
	k := maxEdits(qn)
	if k == 0 || qn > maxFuzzyRunes {
		return exact
	}
	sc.qr = sc.qr[:0]
	for _, r := range q {
		sc.qr = append(sc.qr, r)
	}
	deletions(sc.qr, k, func(h uint64) {
		b := h >> (64 - ix.delBits)
		for i := ix.delDir[b]; i < ix.delDir[b+1]; i++ {
			if ix.delKey[i] != h {
				continue
			}
			t := ix.delTok[i]
			if sc.tokGen[t] == stamp {
				continue
			}
			sc.tokGen[t] = stamp
			sc.tr = sc.tr[:0]
			for _, r := range ix.vocab[t] {
				sc.tr = append(sc.tr, r)
			}
			allowed := min(k, maxEdits(len(sc.tr)))
			d := distance(sc.qr, sc.tr, allowed, sc.row)
			if d == 0 || d > allowed {
				continue
			}
			longer := max(len(sc.qr), len(sc.tr))
			add(t, qualityFuzzyMax*(1-float64(d)/float64(longer)))
		}
	})
	return exact
}
