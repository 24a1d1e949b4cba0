package ingest

import (
	"strings"
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
