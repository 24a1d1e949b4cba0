package ingest

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/translit"
)

// newName proposes a span that matched no known entity as a new one, if
// it looks like a name: two to four capitalised words, each written as a
// name is (a capital, then small letters), none a word the document also
// uses in lower case, none a rank or office. Its words say whether it is
// a group or a place; otherwise it is a person. A single word is never
// proposed: alone, a capitalised word is as often an adjective or a
// sentence's first word as a name.
func (in *Ingester) newName(para string, span []word, sc *scan) (NewName, bool) {
	var names []word
	for _, w := range span {
		if w.upper {
			names = append(names, w)
		}
	}
	if len(names) < 2 || len(names) > 4 || len(span) > 6 {
		return NewName{}, false
	}
	kind := history.KindPerson
	for _, w := range names {
		lw := strings.ToLower(w.text)
		switch {
		case !titleCase(w.text), sc.lower[lw], in.titleWords[lw], adjectival(lw):
			return NewName{}, false
		case in.groupWords[lw]:
			kind = history.KindGroup
		case in.placeWords[lw] && kind != history.KindGroup:
			kind = history.KindPlace
		}
	}
	if kind == history.KindPerson && len(span) != len(names) {
		return NewName{}, false // "Zhores of the Volga": a person's name has no "of"
	}
	for i := 1; i < len(span) && kind == history.KindPerson; i++ {
		if strings.Contains(para[span[i-1].end:span[i].start], "-") {
			return NewName{}, false // "Alma-Ata": as often a place as a double name
		}
	}
	last := span[len(span)-1]
	end := last.start + len(last.text)
	text := para[span[0].start:end]
	return NewName{Offset: span[0].start, Text: text, Kind: kind, ID: history.ID(string(kind) + "/" + slug(text))}, true
}

// adjectival reports whether a word ends as adjectives and the names of
// followers do ("Stalinist", "Bolshevism", "Georgian"): such words stand
// beside names, and make none.
func adjectival(w string) bool {
	for _, end := range []string{"ist", "ists", "ism", "ian", "ians", "ese", "ish", "ic"} {
		if strings.HasSuffix(w, end) {
			return true
		}
	}
	return false
}

// titleCase reports whether w is written as a name: a capital letter,
// then at least one more letter, none of them capitals but after an
// apostrophe ("O'Brien") or as a second part ("McNeil" is refused: rare,
// and the price of refusing "NKVD" and "USSR" as people).
func titleCase(w string) bool {
	r, n := utf8.DecodeRuneInString(w)
	if !unicode.IsUpper(r) || n == len(w) {
		return false
	}
	prev := r
	for _, r := range w[n:] {
		if !unicode.IsLetter(r) && !isApostrophe(r) && !unicode.Is(unicode.Mn, r) {
			return false
		}
		if unicode.IsUpper(r) && !isApostrophe(prev) {
			return false
		}
		prev = r
	}
	return true
}

// slug makes the part of an id after the kind: the name romanised (a
// Cyrillic name as English spells it), its accents dropped, lower case,
// its words joined by hyphens.
func slug(name string) string {
	name = norm.NFKD.String(translit.English.Romanise(name))
	var parts []string
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			parts = append(parts, b.String())
			b.Reset()
		}
	}
	for _, r := range strings.ToLower(name) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
		case unicode.Is(unicode.Mn, r) || isApostrophe(r):
		default:
			flush()
		}
	}
	flush()
	if len(parts) == 0 {
		return "unnamed"
	}
	return strings.Join(parts, "-")
}
