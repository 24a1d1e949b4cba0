package search

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// apostrophes are dropped rather than treated as separators, so that
// "Zinov'ev", "Zinov’ev" and "Zinovev" fold alike. They are removed before
// decomposition because NFKD turns the acute accent U+00B4 into a space
// and a combining mark.
const apostrophes = "'’‘ʼʹʻ`´′"

// tokens folds s and splits it into tokens, in order.
func tokens(s string) []string {
	return appendTokens(nil, s)
}

// appendTokens appends the folded tokens of s to dst.
func appendTokens(dst []string, s string) []string {
	if strings.ContainsAny(s, apostrophes) {
		s = strings.Map(func(r rune) rune {
			if strings.ContainsRune(apostrophes, r) {
				return -1
			}
			return r
		}, s)
	}
	s = norm.NFKD.String(s)
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			dst = append(dst, b.String())
			b.Reset()
		}
	}
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Mn, r):
			// Accents, breves, diaereses: "é" is "e", "й" is "и", "ё" is "е".
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			foldRune(&b, unicode.ToLower(r))
		default:
			flush()
		}
	}
	flush()
	return dst
}

// foldRune writes r, spelling out the letters that NFKD leaves whole but
// that readers treat as plain ones.
func foldRune(b *strings.Builder, r rune) {
	switch r {
	case 'ß':
		b.WriteString("ss")
	case 'æ':
		b.WriteString("ae")
	case 'œ':
		b.WriteString("oe")
	case 'þ':
		b.WriteString("th")
	case 'ø':
		b.WriteByte('o')
	case 'ł':
		b.WriteByte('l')
	case 'đ', 'ð':
		b.WriteByte('d')
	case 'ı':
		b.WriteByte('i')
	case 'ħ':
		b.WriteByte('h')
	case 'ς':
		b.WriteRune('σ')
	default:
		b.WriteRune(r)
	}
}

// Tokens folds s as names are folded for search and splits it into
// tokens, in order, so that a caller matching names in running text
// compares them as a search does.
func Tokens(s string) []string {
	return tokens(s)
}
