package translit

import (
	"slices"
	"strconv"
	"unicode"
	"unicode/utf8"
)

// Scheme is one romanisation of Russian Cyrillic.
type Scheme uint8

// The schemes. Those named after a standard (LibraryOfCongress, BGN)
// follow it without its diacritics; Scholarly keeps them.
const (
	// English is the form English-language books use: BGN/PCGN with -ий
	// and -ый at the end of a word shortened to -y and ё written e.
	// Yezhov, Beriya, Zinovyev, Trotsky, Khrushchev.
	English Scheme = iota
	// LibraryOfCongress is ALA-LC without its diacritics, common in
	// scholarship: Ezhov, Beriia, Zinovev, Trotskii.
	LibraryOfCongress
	// German is the Duden's romanisation: Jeschow, Berija, Sinowjew,
	// Trozki, Chruschtschow, Nikolai.
	German
	// French is the usual French romanisation: Iejov, Beriia, Zinoviev,
	// Trotski, Khrouchtchev.
	French
	// BGN is BGN/PCGN letter by letter, with ё written yo: Yezhov,
	// Dzerzhinskiy, Nikolayevich, Natalya.
	BGN
	// GermanJ is German with й written j, as much German writing has it:
	// Jeschow, Nikolaj, Sergej, but Dserschinski; ё is always jo.
	GermanJ
	// Scholarly is the scientific transliteration Slavists use, with
	// diacritics: Ežov, Dzeržinskij, Chruščev, Natalʹja.
	Scholarly

	numSchemes = iota
)

var schemeNames = [numSchemes]string{"English", "LibraryOfCongress", "German", "French", "BGN", "GermanJ", "Scholarly"}

// String returns the scheme's name, as in this package: "German".
func (s Scheme) String() string {
	if s >= numSchemes {
		return "Scheme(" + strconv.Itoa(int(s)) + ")"
	}
	return schemeNames[s]
}

// letters is the letter table: each lower-case letter of the Russian
// alphabet, in its order, and its romanisation under each scheme, in the
// order of the Scheme constants. The rules below override it where a
// letter's neighbours change its spelling.
var letters = [...]struct {
	letter rune
	latin  [numSchemes]string
}{
	//       English LibraryOfCongress German French BGN GermanJ Scholarly
	{'а', [numSchemes]string{"a", "a", "a", "a", "a", "a", "a"}},
	{'б', [numSchemes]string{"b", "b", "b", "b", "b", "b", "b"}},
	{'в', [numSchemes]string{"v", "v", "w", "v", "v", "w", "v"}},
	{'г', [numSchemes]string{"g", "g", "g", "g", "g", "g", "g"}},
	{'д', [numSchemes]string{"d", "d", "d", "d", "d", "d", "d"}},
	{'е', [numSchemes]string{"e", "e", "e", "e", "e", "e", "e"}},
	{'ё', [numSchemes]string{"e", "e", "jo", "e", "yo", "jo", "ë"}},
	{'ж', [numSchemes]string{"zh", "zh", "sch", "j", "zh", "sch", "ž"}},
	{'з', [numSchemes]string{"z", "z", "s", "z", "z", "s", "z"}},
	{'и', [numSchemes]string{"i", "i", "i", "i", "i", "i", "i"}},
	{'й', [numSchemes]string{"y", "i", "i", "i", "y", "j", "j"}},
	{'к', [numSchemes]string{"k", "k", "k", "k", "k", "k", "k"}},
	{'л', [numSchemes]string{"l", "l", "l", "l", "l", "l", "l"}},
	{'м', [numSchemes]string{"m", "m", "m", "m", "m", "m", "m"}},
	{'н', [numSchemes]string{"n", "n", "n", "n", "n", "n", "n"}},
	{'о', [numSchemes]string{"o", "o", "o", "o", "o", "o", "o"}},
	{'п', [numSchemes]string{"p", "p", "p", "p", "p", "p", "p"}},
	{'р', [numSchemes]string{"r", "r", "r", "r", "r", "r", "r"}},
	{'с', [numSchemes]string{"s", "s", "s", "s", "s", "s", "s"}},
	{'т', [numSchemes]string{"t", "t", "t", "t", "t", "t", "t"}},
	{'у', [numSchemes]string{"u", "u", "u", "ou", "u", "u", "u"}},
	{'ф', [numSchemes]string{"f", "f", "f", "f", "f", "f", "f"}},
	{'х', [numSchemes]string{"kh", "kh", "ch", "kh", "kh", "ch", "ch"}},
	{'ц', [numSchemes]string{"ts", "ts", "z", "ts", "ts", "z", "c"}},
	{'ч', [numSchemes]string{"ch", "ch", "tsch", "tch", "ch", "tsch", "č"}},
	{'ш', [numSchemes]string{"sh", "sh", "sch", "ch", "sh", "sch", "š"}},
	{'щ', [numSchemes]string{"shch", "shch", "schtsch", "chtch", "shch", "schtsch", "šč"}},
	{'ъ', [numSchemes]string{"", "", "", "", "", "", "ʺ"}},
	{'ы', [numSchemes]string{"y", "y", "y", "y", "y", "y", "y"}},
	{'ь', [numSchemes]string{"", "", "", "", "", "", "ʹ"}},
	{'э', [numSchemes]string{"e", "e", "e", "e", "e", "e", "è"}},
	{'ю', [numSchemes]string{"yu", "iu", "ju", "iou", "yu", "ju", "ju"}},
	{'я', [numSchemes]string{"ya", "ia", "ja", "ia", "ya", "ja", "ja"}},
}

// rules are a scheme's spellings that depend on a letter's neighbours.
type rules struct {
	// iotatedE and iotatedYo are е and ё at the start of a word or after
	// a vowel or a sign, where they are sounded with a y: Yezhov, Jeschow.
	iotatedE, iotatedYo string
	// yoAfterHush is ё after ж, ч, ш and щ, where it is only a vowel
	// (Chruschtschow); empty means the letter table's form.
	yoAfterHush string
	// finalIY is -ий and -ый at the end of a word (Trotsky, Trozki); empty
	// spells them letter by letter.
	finalIY string
}

var schemeRules = [numSchemes]rules{
	English:           {iotatedE: "ye", iotatedYo: "yo", finalIY: "y"},
	LibraryOfCongress: {iotatedE: "e", iotatedYo: "e"},
	German:            {iotatedE: "je", iotatedYo: "jo", yoAfterHush: "o", finalIY: "i"},
	French:            {iotatedE: "ie", iotatedYo: "io", finalIY: "i"},
	BGN:               {iotatedE: "ye", iotatedYo: "yo"},
	GermanJ:           {iotatedE: "je", iotatedYo: "jo", finalIY: "i"},
	Scholarly:         {iotatedE: "e", iotatedYo: "ë"},
}

// Romanise writes text in Latin letters under scheme s. Anything but a
// letter of the Russian alphabet is kept as it is, and the romanisation of
// a capital letter starts with a capital: "Лев Троцкий" is "Lev Trotsky"
// in English.
func (s Scheme) Romanise(text string) string {
	var buf [128]byte
	return string(s.Append(buf[:0], text))
}

// Append appends the romanisation of text under s to dst, as Romanise
// writes it, and returns the extended buffer.
func (s Scheme) Append(dst []byte, text string) []byte {
	rl := &schemeRules[s]
	prev := rune(-1) // the rune before: none at the start
	skip := false    // the rune is a final й spelled with the letter before
	for i, r := range text {
		lower, ok := russianLower(r)
		switch {
		case skip:
			skip = false
		case !ok:
			dst = utf8.AppendRune(dst, r)
		default: // a Russian letter, valid UTF-8 of RuneLen bytes
			dst, skip = rl.append(dst, s, r, lower, prev, text[i+utf8.RuneLen(r):])
		}
		prev = r
	}
	return dst
}

// append appends the romanisation of the Russian letter r (lower is its
// lower-case form), which follows prev and comes before rest, and says
// whether it spelled the й that starts rest too.
func (rl *rules) append(dst []byte, s Scheme, r, lower, prev rune, rest string) ([]byte, bool) {
	out, both := letters[row(lower)].latin[s], false
	switch {
	case (lower == 'е' || lower == 'ё') && iotates(prev):
		out = rl.iotatedE
		if lower == 'ё' {
			out = rl.iotatedYo
		}
	case lower == 'ё' && rl.yoAfterHush != "" && isHush(prev):
		out = rl.yoAfterHush
	case rl.finalIY != "" && (lower == 'и' || lower == 'ы') && finalY(rest):
		out, both = rl.finalIY, true
	}
	if r != lower && out != "" {
		return appendCapital(dst, out), both
	}
	return append(dst, out...), both
}

// russianLower returns the lower-case form of r if r is a letter of the
// Russian alphabet.
func russianLower(r rune) (rune, bool) {
	switch {
	case r >= 'а' && r <= 'я' || r == 'ё':
		return r, true
	case r >= 'А' && r <= 'Я':
		return r + ('а' - 'А'), true
	case r == 'Ё':
		return 'ё', true
	}
	return 0, false
}

// row returns the row of letters that holds the lower-case Russian letter
// r.
func row(r rune) int {
	switch {
	case r <= 'е':
		return int(r - 'а')
	case r == 'ё':
		return int('е'-'а') + 1
	}
	return int(r-'а') + 1
}

// finalY says whether rest starts with a й or Й that ends a word.
func finalY(rest string) bool {
	r, size := utf8.DecodeRuneInString(rest)
	if r != 'й' && r != 'Й' {
		return false
	}
	next, _ := utf8.DecodeRuneInString(rest[size:])
	return size == len(rest) || !unicode.IsLetter(next)
}

// iotates says whether е or ё after prev is iotated: at the start of a
// word (prev is -1 at the start of the text) or after a vowel or a sign.
func iotates(prev rune) bool {
	l, ok := russianLower(prev)
	if !ok {
		return prev < 0 || !unicode.IsLetter(prev)
	}
	switch l {
	case 'а', 'е', 'ё', 'и', 'о', 'у', 'ы', 'э', 'ю', 'я', 'ъ', 'ь':
		return true
	}
	return false
}

func isHush(r rune) bool {
	switch r, _ := russianLower(r); r {
	case 'ж', 'ч', 'ш', 'щ':
		return true
	}
	return false
}

// appendCapital appends out with its first letter a capital.
func appendCapital(dst []byte, out string) []byte {
	if c := out[0]; c >= 'a' && c <= 'z' {
		return append(append(dst, c-('a'-'A')), out[1:]...)
	}
	first, size := utf8.DecodeRuneInString(out)
	return append(utf8.AppendRune(dst, unicode.ToUpper(first)), out[size:]...)
}

// Romanisations returns the distinct romanisations of text under the
// schemes, in their order, or nothing if text holds no Cyrillic letter.
func Romanisations(text string, schemes ...Scheme) []string {
	if !hasCyrillic(text) {
		return nil
	}
	var out []string
	for _, s := range schemes {
		if t := s.Romanise(text); t != "" && !slices.Contains(out, t) {
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
