package synth

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/memoria-history/memoria/internal/translit"
)

// Names are built in Russian and romanised, so that the dataset has what
// search must cope with: one person under a Cyrillic name, an English
// transliteration, a German one and a scholarly one with diacritics, and
// misspellings. The parts below are lower-case Cyrillic; the tables are
// read-only.
var (
	maleGiven = []string{
		"иван", "петр", "николай", "алексей", "сергей", "андрей", "василий", "григорий",
		"борис", "федор", "семен", "степан", "александр", "владимир", "константин", "яков",
		"осип", "тимофей", "егор", "роман", "леонид", "максим", "виктор", "кирилл", "глеб",
		"юрий", "валентин", "арсений", "матвей", "евгений", "аркадий", "анатолий",
	}
	femaleGiven = []string{
		"анна", "мария", "екатерина", "ольга", "елена", "татьяна", "наталья", "евгения",
		"александра", "вера", "надежда", "софья", "ксения", "дарья", "зинаида", "клавдия",
		"лидия", "нина", "раиса", "галина", "валентина", "антонина", "евдокия", "полина",
	}
	onsets = []string{
		"б", "в", "г", "д", "ж", "з", "к", "л", "м", "н", "п", "р", "с", "т", "х", "ч", "ш",
		"бр", "гр", "кр", "пр", "тр", "ст", "сл", "см", "зв", "дв",
	}
	vowels = []string{"а", "о", "у", "и", "е", "а", "о"}
	finals = []string{"н", "р", "л", "к", "м", "т", "в", "с", "д", "б"}
	// surnameSuffixes are masculine and feminine endings, repeated to
	// weight them roughly as they occur.
	surnameSuffixes = [][2]string{
		{"ов", "ова"}, {"ов", "ова"}, {"ов", "ова"}, {"ов", "ова"}, {"ов", "ова"}, {"ов", "ова"}, {"ов", "ова"}, {"ов", "ова"},
		{"ин", "ина"}, {"ин", "ина"}, {"ин", "ина"}, {"ин", "ина"},
		{"ев", "ева"}, {"ев", "ева"},
		{"ский", "ская"}, {"ский", "ская"}, {"ский", "ская"},
		{"енко", "енко"}, {"енко", "енко"},
		{"ук", "ук"},
	}
	citySuffixes = []string{"ово", "ск", "ино", "ка", "град", "овск", "ево"}
)

// root draws a Cyrillic stem of one or two syllables ending in a
// consonant, to which endings attach: "кораб", "слемет".
func root(st *stream) string {
	var b strings.Builder
	for range 1 + st.intn(2) {
		b.WriteString(pick(st, onsets))
		b.WriteString(pick(st, vowels))
	}
	b.WriteString(pick(st, finals))
	return b.String()
}

// patronymic forms the father's-name part from a given name: Николай gives
// Николаевич (Николаевна), Василий Васильевич, Иван Иванович.
func patronymic(father string, female bool) string {
	end := [2]string{"ович", "овна"}
	switch {
	case strings.HasSuffix(father, "ий"):
		father, end = strings.TrimSuffix(father, "ий")+"ь", [2]string{"евич", "евна"}
	case strings.HasSuffix(father, "й"):
		father, end = strings.TrimSuffix(father, "й"), [2]string{"евич", "евна"}
	}
	if female {
		return father + end[1]
	}
	return father + end[0]
}

// capital returns s with its first letter upper-case.
func capital(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if size == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[size:]
}

// romanise writes a lower-case Cyrillic word in Latin letters under s,
// with a capital first letter. It capitalises the Latin letters rather
// than the word, to make one string instead of three.
func romanise(word string, s translit.Scheme) string {
	var buf [64]byte
	b := s.Append(buf[:0], word)
	if len(b) == 0 {
		return ""
	}
	first, size := utf8.DecodeRune(b)
	upper := unicode.ToUpper(first)
	if utf8.RuneLen(upper) != size {
		return string(upper) + string(b[size:])
	}
	utf8.EncodeRune(b, upper)
	return string(b)
}

// misspell changes a romanised surname the way sources do: Zinoview for
// Zinoviev, a dropped or doubled letter, a y for an i.
func misspell(st *stream, s string) string {
	switch st.intn(4) {
	case 0:
		if strings.HasSuffix(s, "v") {
			return s[:len(s)-1] + "w"
		}
	case 1:
		if i := strings.IndexByte(s[1:], 'y'); i >= 0 {
			return s[:i+1] + "i" + s[i+2:]
		}
	case 2:
		if len(s) > 4 {
			i := 1 + st.intn(len(s)-2)
			return s[:i] + s[i+1:]
		}
	}
	i := 1 + st.intn(len(s)-1)
	return s[:i] + s[i:i+1] + s[i:]
}
