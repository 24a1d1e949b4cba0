package translit

import (
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Scheme is one romanisation of Russian Cyrillic.
type Scheme uint8

// The schemes. Those that share a name with a standard follow it without
// its diacritics, except Scholarly, which keeps them.
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

// row returns the row of letters that holds the lower-case letter r.
func row(r rune) (int, bool) {
	switch {
	case r >= 'а' && r <= 'е':
		return int(r - 'а'), true
	case r == 'ё':
		return int('е'-'а') + 1, true
	case r >= 'ж' && r <= 'я':
		return int(r-'а') + 1, true
	}
	return 0, false
}

// Romanise writes text in Latin letters under scheme s. Anything but a letter
// of the Russian alphabet is kept as it is, and the romanisation of a
// capital letter starts with a capital: "Лев Троцкий" is "Lev Trotsky" in
// English.
func (s Scheme) Romanise(text string) string {
	rl := &schemeRules[s]
	var b strings.Builder
	b.Grow(len(text))
	prev := rune(-1) // the rune before: none at the start
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		i += size
		lower := unicode.ToLower(r)
		upper := r != lower
		k, ok := row(lower)
		if !ok {
			b.WriteRune(r)
			prev = r
			continue
		}
		out := letters[k].latin[s]
		switch {
		case (lower == 'е' || lower == 'ё') && (prev < 0 || !unicode.IsLetter(prev) || isVowelOrSign(prev)):
			out = rl.iotatedE
			if lower == 'ё' {
				out = rl.iotatedYo
			}
		case lower == 'ё' && rl.yoAfterHush != "" && isHush(prev):
			out = rl.yoAfterHush
		case rl.finalIY != "" && (lower == 'и' || lower == 'ы'):
			if n := finalY(text[i:]); n > 0 {
				out = rl.finalIY // the й is spelled with it
				r = 'й'
				i += n
			}
		}
		writeCased(&b, out, upper)
		prev = r
	}
	return b.String()
}

// finalY returns the size of the й or Й that rest starts with if it ends a
// word there, or 0.
func finalY(rest string) int {
	r, size := utf8.DecodeRuneInString(rest)
	if r != 'й' && r != 'Й' {
		return 0
	}
	if next, _ := utf8.DecodeRuneInString(rest[size:]); size < len(rest) && unicode.IsLetter(next) {
		return 0
	}
	return size
}

func isVowelOrSign(r rune) bool {
	return strings.ContainsRune("аеёиоуыэюяъьАЕЁИОУЫЭЮЯЪЬ", r)
}

func isHush(r rune) bool { return strings.ContainsRune("жчшщЖЧШЩ", r) }

// writeCased writes out, with a capital first letter if upper.
func writeCased(b *strings.Builder, out string, upper bool) {
	if !upper || out == "" {
		b.WriteString(out)
		return
	}
	first, size := utf8.DecodeRuneInString(out)
	b.WriteRune(unicode.ToUpper(first))
	b.WriteString(out[size:])
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
