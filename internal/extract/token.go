package extract

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

type tokenKind uint8

const (
	tokWord tokenKind = iota + 1
	tokNum
	tokPunct
)

// token is a word, a number or a punctuation mark of the text, with its
// byte offsets.
type token struct {
	start, end int
	kind       tokenKind
	// low is a word lower-cased, a number's digits and separators, or
	// the punctuation mark itself.
	low string
	// space is set when white space separates the token from the one
	// before; breaks counts the line breaks in that white space.
	space  bool
	breaks int
	upper  bool // a word that starts with a capital letter
	// For numbers.
	val    float64 // the number's value: "500.000" and "1,053,829" as thousands, "1,6" and "46.5" as decimals
	plain  bool    // digits only, no separator: the only numbers that may be years
	suffix string  // letters written onto the number: "th" of "25th", "s" of "1930s" (and of "1980's")
}

// ordinal reports whether a number is written as an ordinal ("17th").
func (t *token) ordinal() bool {
	switch t.suffix {
	case "st", "nd", "rd", "th":
		return true
	}
	return false
}

// tokenize splits text into tokens. Words keep inner apostrophes
// ("nation's"); numbers keep their separators ("1,053,829", "46.5", and
// "681 692" where the groups after the first have three digits).
func tokenize(text string) []token {
	toks := make([]token, 0, len(text)/3)
	space, breaks := false, 0
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		switch {
		case unicode.IsSpace(r):
			space = true
			if r == '\n' {
				breaks++
			}
			i += n
			continue
		case isDigit(r):
			t := scanNumber(text, i)
			t.space, t.breaks = space, breaks
			toks = append(toks, t)
			i = t.end
		case unicode.IsLetter(r):
			j := i + n
			for j < len(text) {
				r2, n2 := utf8.DecodeRuneInString(text[j:])
				if unicode.IsLetter(r2) || unicode.IsMark(r2) || isDigit(r2) {
					j += n2
					continue
				}
				if isApostrophe(r2) {
					if r3, _ := utf8.DecodeRuneInString(text[j+n2:]); unicode.IsLetter(r3) {
						j += n2
						continue
					}
				}
				break
			}
			toks = append(toks, token{start: i, end: j, kind: tokWord, low: lowerWord(strings.ToLower(text[i:j])), space: space, breaks: breaks, upper: unicode.IsUpper(r)})
			i = j
		default:
			toks = append(toks, token{start: i, end: i + n, kind: tokPunct, low: text[i : i+n], space: space, breaks: breaks})
			i += n
		}
		space, breaks = false, 0
	}
	return toks
}

// lowerWord folds typographic apostrophes so that tables need list one.
func lowerWord(w string) string {
	if strings.ContainsRune(w, '’') {
		return strings.ReplaceAll(w, "’", "'")
	}
	return w
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

func isApostrophe(r rune) bool { return r == '\'' || r == '’' }

// isGroupSpace reports the spaces that may separate groups of digits:
// a space, a no-break space or a thin space.
func isGroupSpace(r rune) bool { return r == ' ' || r == '\u00a0' || r == '\u202f' || r == '\u2009' }

// scanNumber reads the number at text[i:].
func scanNumber(text string, i int) token {
	j := digitsEnd(text, i)
	groups := []string{text[i:j]}
	seps := ""
	for j < len(text) {
		c := text[j]
		if (c == '.' || c == ',') && j+1 < len(text) && text[j+1] >= '0' && text[j+1] <= '9' {
			k := digitsEnd(text, j+1)
			groups = append(groups, text[j+1:k])
			seps += string(c)
			j = k
			continue
		}
		// "681 692": a group of three digits after a space, when the
		// first group has at most three and no other separator is used.
		if r, n := utf8.DecodeRuneInString(text[j:]); isGroupSpace(r) && (seps == "" || strings.Trim(seps, " ") == "") && len(groups[0]) <= 3 {
			k := digitsEnd(text, j+n)
			if k-(j+n) == 3 && !nextIsDigitLike(text, k) {
				groups = append(groups, text[j+n:k])
				seps += " "
				j = k
				continue
			}
		}
		break
	}
	t := token{start: i, kind: tokNum, plain: len(groups) == 1}
	t.val = numberValue(groups, seps)
	var b strings.Builder
	for g, s := range groups {
		if g > 0 {
			b.WriteByte(seps[g-1])
		}
		b.WriteString(s)
	}
	t.low = b.String()
	// Letters written onto the number: "25th", "1930s", "1980's".
	k := j
	if k < len(text) && (text[k] == '\'' || strings.HasPrefix(text[k:], "’")) {
		_, n := utf8.DecodeRuneInString(text[k:])
		if k+n < len(text) && text[k+n] == 's' && !wordRuneAt(text, k+n+1) {
			t.suffix = "s"
			j = k + n + 1
		}
	} else {
		for k < len(text) && text[k] >= 'a' && text[k] <= 'z' {
			k++
		}
		switch s := text[j:k]; s {
		case "st", "nd", "rd", "th", "s":
			if !wordRuneAt(text, k) {
				t.suffix = s
				j = k
			}
		}
	}
	t.end = j
	return t
}

func digitsEnd(text string, i int) int {
	for i < len(text) && text[i] >= '0' && text[i] <= '9' {
		i++
	}
	return i
}

func nextIsDigitLike(text string, k int) bool {
	if k >= len(text) {
		return false
	}
	c := text[k]
	return c >= '0' && c <= '9' || (c == '.' || c == ',') && k+1 < len(text) && text[k+1] >= '0' && text[k+1] <= '9'
}

func wordRuneAt(text string, k int) bool {
	if k >= len(text) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(text[k:])
	return unicode.IsLetter(r) || isDigit(r)
}

// numberValue reads groups of digits joined by separators. Where every
// group after the first has three digits the separators are thousands
// separators ("500.000", "1,053,829", "681 692"); otherwise the last
// separator is a decimal point and the others thousands ("46.5", "1,6",
// "1.234,5").
func numberValue(groups []string, seps string) float64 {
	if len(groups) == 1 {
		v, _ := strconv.ParseFloat(groups[0], 64)
		return v
	}
	thousands := len(groups[0]) <= 3
	for _, g := range groups[1:] {
		thousands = thousands && len(g) == 3
	}
	if !thousands && strings.Contains(seps, " ") {
		thousands = true
	}
	var s string
	if thousands {
		s = strings.Join(groups, "")
	} else {
		last := len(groups) - 1
		s = strings.Join(groups[:last], "") + "." + groups[last]
	}
	v, _ := strconv.ParseFloat(s, 64)
	return v
}
