package ingest

import (
	"context"
	"slices"
	"strings"

	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/search"
)

// How a mention matched a name of the entity.
const (
	HowName        = "name"         // a name of the entity, whole
	HowShort       = "short"        // a name's first and last words ("Lev Trotsky")
	HowNear        = "near"         // a name within a letter or two (a typo, a romanisation)
	HowSurname     = "surname"      // a person's last name alone
	HowSurnameNear = "surname-near" // a person's last name within a letter or two
	HowAmbiguous   = "ambiguous"    // several entities fit: see the candidates
)

// maxSpan is the most words of a run of capitalised words looked up at
// once; maxCandidates the most candidates listed for an ambiguous mention.
const (
	maxSpan       = 6
	maxCandidates = 8
	searchFirst   = 2 * maxCandidates
)

// candidate is an entity a phrase may name, and how well.
type candidate struct {
	id      history.ID
	kind    history.Kind
	how     string
	level   int // the better, the higher: see classify
	matched string
	derived bool // matched is a romanisation the index made, not a name of the record
}

// lookup returns the entities a phrase (its words, folded) may name, best
// level first, from the index or from the cache of earlier look-ups.
func (in *Ingester) lookup(ctx context.Context, cache map[string][]candidate, q []string, poss []bool) []candidate {
	key := strings.Join(q, " ")
	if cs, ok := cache[key]; ok {
		return cs
	}
	hits := in.ix.Search(ctx, key, nil, searchFirst)
	var cs []candidate
	best := 0
	for _, h := range hits {
		if h.MatchKind == search.TypeMatch {
			continue
		}
		how, level := classify(q, poss, search.Tokens(h.Matched), h.Kind)
		if level == 0 || level < best {
			continue
		}
		if level > best {
			best, cs = level, cs[:0]
		}
		if !slices.ContainsFunc(cs, func(c candidate) bool { return c.id == h.ID }) {
			cs = append(cs, candidate{id: h.ID, kind: h.Kind, how: how, level: level, matched: h.Matched, derived: h.MatchKind == search.DerivedTransliteration})
		}
	}
	cache[key] = cs
	return cs
}

// classify tells how the words q of a phrase match the words n of a name
// of an entity of kind k, and how good the match is (0: not at all).
// Only whole words count: a prefix ("Sta") names no one.
func classify(q []string, poss []bool, n []string, k history.Kind) (string, int) {
	eq := func(i int, t string) bool { return q[i] == t || (poss[i] && q[i]+"s" == t) }
	near := func(i int, t string) bool { return eq(i, t) || search.Near(q[i], t) }
	all := func(f func(int, string) bool) bool {
		if len(q) != len(n) {
			return false
		}
		for i, t := range n {
			if !f(i, t) {
				return false
			}
		}
		return true
	}
	switch {
	case all(eq):
		return HowName, 6
	case len(q) == 2 && len(n) > 2 && eq(0, n[0]) && eq(1, n[len(n)-1]):
		return HowShort, 5
	case all(near) && nearEnough(q, n, len(q) > 1 && slices.ContainsFunc(q, func(t string) bool { return slices.Contains(n, t) })):
		return HowNear, 4
	case len(q) == 1 && len(n) > 1 && k == history.KindPerson && eq(0, n[len(n)-1]):
		return HowSurname, 3
	case len(q) == 1 && len(n) > 1 && k == history.KindPerson && near(0, n[len(n)-1]) && nearEnough(q, n[len(n)-1:], false):
		return HowSurnameNear, 2
	}
	return "", 0
}

// nearEnough keeps the near misses a reader would take for the name: each
// differing word is of five letters or more and, unless another word of
// the phrase matched exactly (anchored: "Nikita Chrushchev"), starts
// with the same letter, so that a short or a different word is not read
// as a name.
func nearEnough(q, n []string, anchored bool) bool {
	for i := range q {
		if q[i] == n[i] {
			continue
		}
		a, b := []rune(q[i]), []rune(n[i])
		if len(a) < 5 || len(b) < 5 || (a[0] != b[0] && !anchored) {
			return false
		}
	}
	return true
}
