package ingest

import (
	"strings"

	"github.com/memoria-history/memoria/internal/search"
	"unicode"
	"unicode/utf8"
)

// word is one word of a paragraph.
type word struct {
	start, end int    // bytes of the paragraph, the possessive 's included
	text       string // the word, without a possessive 's
	poss       bool   // it ended in 's, which text leaves out
	upper      bool   // it starts with a capital letter
	sentence   bool   // it starts a sentence (or the paragraph)
	joined     bool   // only spaces or a hyphen separate it from the word before
	fold       string // text folded as search folds names; "" if that makes more than one token
}

// words splits a paragraph into words: runs of letters and digits, with an
// apostrophe inside a word kept ("Zinov'ev"), a possessive 's split off
// ("Stalin's"), and a hyphen separating words that stay joined.
func words(p string) []word {
	var out []word
	stop, joined := true, true
	for i := 0; i < len(p); {
		r, n := utf8.DecodeRuneInString(p[i:])
		if !isWordRune(r) {
			switch {
			case r == '.' || r == '!' || r == '?' || r == ';' || r == ':':
				stop, joined = true, false
			case r == ' ' || r == '-' || r == '\u00a0':
			default:
				joined = false
			}
			i += n
			continue
		}
		start := i
		for i < len(p) {
			r, n := utf8.DecodeRuneInString(p[i:])
			if isWordRune(r) {
				i += n
				continue
			}
			if isApostrophe(r) && i+n < len(p) {
				if next, _ := utf8.DecodeRuneInString(p[i+n:]); unicode.IsLetter(next) {
					i += n
					continue
				}
			}
			break
		}
		w := word{start: start, end: i, text: p[start:i], upper: unicode.IsUpper(r), sentence: stop, joined: joined}
		w.text, w.poss = possessive(w.text)
		w.fold = fold(w.text)
		out = append(out, w)
		stop, joined = false, true
	}
	return out
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

func isApostrophe(r rune) bool { return r == '\'' || r == '’' || r == 'ʼ' }

// possessive splits a final 's off a word.
func possessive(w string) (string, bool) {
	for _, s := range []string{"'s", "’s", "ʼs"} {
		if base, ok := strings.CutSuffix(w, s); ok && base != "" {
			return base, true
		}
	}
	return w, false
}

// fold folds a word as search folds names, quickly for a word of ASCII
// letters and digits, which folding only lower-cases. A word search would
// split into several tokens folds to "".
func fold(w string) string {
	for i := 0; i < len(w); i++ {
		if c := w[i]; !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			if ts := search.Tokens(w); len(ts) == 1 {
				return ts[0]
			}
			return ""
		}
	}
	return strings.ToLower(w)
}
