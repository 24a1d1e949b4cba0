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

// band is a class of match. Each query token's bands are read best first,
// and a search stops as soon as nothing left unread can change its result
// (see finish).
type band int

const (
	bandExact band = iota
	bandPrefix
	bandFuzzy
	bands
)

// match is a vocabulary token that matches query token q.
type match struct {
	q       int
	tok     int32
	quality float64
}

// queryToken is a distinct token of a query: its text, its number in the
// vocabulary (-1 if it is not there), and the stamp that marks the
// vocabulary tokens already matched to it, so that a later band does not
// match them again. The marks hold only while the token's own bands are
// matched: the next query token's overwrite them (see Index.plan).
type queryToken struct {
	text  string
	exact int32
	stamp uint32
	// bounded says that the tokens the query token begins stop at
	// prefixEnd, rather than after the first maxPrefixTokens: an index
	// searched in parts bounds them as the whole would.
	bounded   bool
	prefixEnd string
}

// matchBand appends to sc.matches the vocabulary tokens that match query
// token qt (the qi-th) in band b: the token itself; the tokens it begins;
// or the tokens within its edit allowance.
func (ix *Index) matchBand(sc *scratch, b band, qi int, qt queryToken) {
	add := func(t int32, quality float64) {
		sc.tokGen[t] = qt.stamp
		sc.matches = append(sc.matches, match{q: qi, tok: t, quality: quality})
	}
	q := qt.text
	qn := utf8.RuneCountInString(q)
	switch b {
	case bandExact:
		if qt.exact >= 0 {
			add(qt.exact, qualityExact)
		}
	case bandPrefix:
		if qn < minPrefixRunes {
			return
		}
		lo := sort.SearchStrings(ix.vocab, q)
		end := min(len(ix.vocab), lo+maxPrefixTokens+1)
		if qt.bounded {
			end = sort.SearchStrings(ix.vocab, qt.prefixEnd+"\x00")
		}
		for t := lo; t < end && strings.HasPrefix(ix.vocab[t], q); t++ {
			if int32(t) != qt.exact {
				covered := float64(qn) / float64(utf8.RuneCountInString(ix.vocab[t]))
				add(int32(t), qualityPrefixMin+prefixSpan*covered)
			}
		}
	case bandFuzzy:
		k := maxEdits(qn)
		if k == 0 || qn > maxFuzzyRunes {
			return
		}
		sc.qr = sc.qr[:0]
		for _, r := range q {
			sc.qr = append(sc.qr, r)
		}
		deletions(sc.qr, k, func(h uint64) {
			b, fp := h>>(64-ix.delBits), uint32(h)
			for i := ix.delDir[b]; i < ix.delDir[b+1]; i++ {
				if ix.delFP[i] != fp {
					continue
				}
				t := ix.delTok[i]
				if sc.tokGen[t] == qt.stamp {
					continue // matched already, by this band or a better one
				}
				sc.tokGen[t] = qt.stamp
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
	}
}
