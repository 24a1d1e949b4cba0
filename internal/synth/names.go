package synth

import (
	"math"
	"math/bits"
	"math/rand/v2"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/memoria-history/memoria/internal/translit"
)

// stream is the generator's random source. Every record draws from a
// stream of its own, seeded from the dataset's seed, a tag for what is
// drawn and the record's number, so that any file, and any name looked up
// from another file, comes out the same whatever the order, the worker or
// the number of records per file. It is a value: a lookup nested inside
// another record's drawing does not disturb that record's stream.
type stream struct{ p rand.PCG }

// streamTag separates the streams of different kinds of draw for the same
// record number.
type streamTag uint64

const (
	tagPerson streamTag = iota + 1
	tagPersonCitations
	tagPersonRelations
	tagSurname
	tagPlace
	tagPlaceRecord // what a place file adds to the name: citations, relations, claims
	tagGroup
	tagGroupRecord
	tagEventHead
	tagEvent
	tagEventCitations
	tagEventClaims
	tagPermutation
	// A registry's draws. New tags go last: a tag's value seeds its
	// streams, and a network's must not change.
	tagRegistryBlock
	tagSession
	tagCase
	tagVerdict
	tagRegistryRelations
	tagRegistryEvents
	tagOperation
)

func newStream(seed uint64, tag streamTag, k int) stream {
	var s stream
	s.p.Seed(mix64(seed+uint64(tag)*0x9e3779b97f4a7c15), mix64(uint64(k)^uint64(tag)<<56))
	return s
}

// mix64 scrambles a seed (the splitmix64 finaliser), so that streams of
// neighbouring records start far apart.
func mix64(z uint64) uint64 {
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

func (s *stream) u64() uint64 { return s.p.Uint64() }

// intn returns a number in [0, n); n must be positive.
func (s *stream) intn(n int) int {
	hi, _ := bits.Mul64(s.u64(), uint64(n))
	return int(hi)
}

// between returns a number in [lo, hi].
func (s *stream) between(lo, hi int) int { return lo + s.intn(hi-lo+1) }

func (s *stream) float() float64 { return float64(s.u64()>>11) / (1 << 53) }

func (s *stream) chance(p float64) bool { return s.float() < p }

func pick[T any](s *stream, xs []T) T { return xs[s.intn(len(xs))] }

// powerLaw draws ranks 0..n-1 with the chance of rank k falling as
// (k+1)^-s, by inverting the continuous distribution: one Pow per draw and
// no table, so it costs the same for ten items or ten million. Picking the
// ends of edges this way gives a few nodes most of the edges and most
// nodes a handful, as in real social and historical networks: with s below
// 1 the degrees follow a power law with exponent 1+1/s.
type powerLaw struct {
	n      int
	a, inv float64
}

func newPowerLaw(n int, s float64) powerLaw {
	return powerLaw{n: n, a: math.Pow(float64(n)+1, 1-s) - 1, inv: 1 / (1 - s)}
}

func (p powerLaw) draw(st *stream) int {
	k := int(math.Pow(1+st.float()*p.a, p.inv)) - 1
	return max(0, min(k, p.n-1))
}

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
