package search

import (
	"strings"
	"unicode"
)

// Russian names reach readers through several romanisation systems: a
// British or American text writes Yezhov, a scholarly one Ezhov, a German
// one Jeschow, a French one Iejov. A source rarely records them all, so the
// index derives them from a name written in Cyrillic, and a reader can find
// a person by the spelling of whatever book they hold.

// scheme is one romanisation of Russian Cyrillic: a letter table, and the
// forms of е and ё at the start of a word or after a vowel or a sign, where
// they are iotated.
type scheme struct {
	letters            map[rune]string
	iotatedE, iotatedY string
	// yoAfterHush is the form of ё after ж, ч, ш and щ, where it is only
	// a vowel; empty means the letter table's form.
	yoAfterHush string
	// finalIY is the form of -ий and -ый at the end of a word ("Trotsky"),
	// or empty to spell them letter by letter.
	finalIY string
}

var vowelsAndSigns = "аеёиоуыэюяъьАЕЁИОУЫЭЮЯЪЬ"

func russianSchemes() []scheme {
	base := func(over map[rune]string) map[rune]string {
		m := map[rune]string{
			'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "e", 'ж': "zh", 'з': "z",
			'и': "i", 'й': "y", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o", 'п': "p", 'р': "r",
			'с': "s", 'т': "t", 'у': "u", 'ф': "f", 'х': "kh", 'ц': "ts", 'ч': "ch", 'ш': "sh",
			'щ': "shch", 'ъ': "", 'ы': "y", 'ь': "", 'э': "e", 'ю': "yu", 'я': "ya",
		}
		for k, v := range over {
			m[k] = v
		}
		return m
	}
	return []scheme{
		// BGN/PCGN, the usual English form: Yezhov, Beriya, Zinovyev.
		{letters: base(nil), iotatedE: "ye", iotatedY: "yo", finalIY: "y"},
		// Library of Congress without diacritics, common in scholarship:
		// Ezhov, Beriia, Zinov'ev.
		{letters: base(map[rune]string{'й': "i", 'ю': "iu", 'я': "ia"}), iotatedE: "e", iotatedY: "e"},
		// German (Duden): Jeschow, Berija, Sinowjew, Chruschtschow.
		{letters: base(map[rune]string{
			'в': "w", 'ж': "sch", 'з': "s", 'й': "i", 'х': "ch", 'ц': "z", 'ч': "tsch", 'ш': "sch",
			'щ': "schtsch", 'ю': "ju", 'я': "ja", 'ё': "jo",
		}), iotatedE: "je", iotatedY: "jo", yoAfterHush: "o", finalIY: "i"},
		// French: Iejov, Beria, Zinoviev, Khrouchtchev.
		{letters: base(map[rune]string{
			'ж': "j", 'у': "ou", 'ш': "ch", 'ч': "tch", 'щ': "chtch", 'ю': "iou", 'я': "ia", 'й': "i",
		}), iotatedE: "ie", iotatedY: "io", finalIY: "i"},
	}
}

// transliterations returns the distinct romanisations of a name written in
// Cyrillic, or nothing for a name in another script.
func transliterations(name string, schemes []scheme) []string {
	if !hasCyrillic(name) {
		return nil
	}
	var out []string
	for _, s := range schemes {
		t := s.romanise(name)
		dup := false
		for _, o := range out {
			dup = dup || o == t
		}
		if !dup && t != "" {
			out = append(out, t)
		}
	}
	return out
}

func hasCyrillic(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Cyrillic, r) {
			return true
		}
	}
	return false
}

func (s scheme) romanise(name string) string {
	rs := []rune(name)
	var b strings.Builder
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		lower := unicode.ToLower(r)
		upper := r != lower
		out, ok := s.letters[lower]
		if !ok {
			b.WriteRune(r)
			continue
		}
		wordStart := i == 0 || !unicode.IsLetter(rs[i-1])
		afterVowel := i > 0 && strings.ContainsRune(vowelsAndSigns, rs[i-1])
		switch {
		case (lower == 'е' || lower == 'ё') && (wordStart || afterVowel):
			out = s.iotatedE
			if lower == 'ё' {
				out = s.iotatedY
			}
		case lower == 'ё' && s.yoAfterHush != "" && i > 0 && strings.ContainsRune("жчшщЖЧШЩ", rs[i-1]):
			out = s.yoAfterHush
		case s.finalIY != "" && (lower == 'и' || lower == 'ы') && i+1 < len(rs) && unicode.ToLower(rs[i+1]) == 'й' &&
			(i+2 == len(rs) || !unicode.IsLetter(rs[i+2])):
			out = s.finalIY
			i++ // the й is spelled with it
		}
		if upper && out != "" {
			out = strings.ToUpper(out[:1]) + out[1:]
		}
		b.WriteString(out)
	}
	return b.String()
}
