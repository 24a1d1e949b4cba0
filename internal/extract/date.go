package extract

import (
	"strconv"
	"strings"

	"github.com/memoria-history/memoria/internal/history"
)

// Date is a date or period a text gives.
type Date struct {
	Start, End int          // byte offsets of the words in the text given
	Text       string       // text[Start:End]
	Value      history.Date // parsed from EDTF with history.ParseDate: "1927-02-25", "198X", "1938-03/..", "1960~"
	// Reckoned is set for a date the text gives by counting from an
	// earlier one ("a year earlier", after "in 1927"): Value is that
	// year, and the words are the count, not a year.
	Reckoned bool
}

// Dates returns the dates and periods text gives, in order, each as one
// phrase: "from March 1938 to 1939" is one Date (1938-03/1939), not
// three. A number of four digits is a year only where nothing makes it
// something else ("1,937 prisoners", "page 1937" are not years).
//
// EDTF has no words for parts of a year or decade, so "early", "mid" and
// "late" take a third: "early 1938" is 1938-01/1938-04, "late 1920s"
// 1927/1929. Seasons take EDTF's season codes ("spring 1942" is
// 1942-21; "the winter of 1941-42" is 1941-24, December to February).
// "Before 1930" and "after June 1941" keep the year or month the text
// names as the open interval's bound (../1930, 1941-06/..).
func Dates(text string) []Date {
	toks := tokenize(text)
	var out []Date
	for _, d := range findDates(toks, sentences(toks), edtfCache{}) {
		out = append(out, d.date(text, toks))
	}
	return out
}

// dateSpan is a date found in toks[t0:t1].
type dateSpan struct {
	t0, t1   int
	value    history.Date
	year     int // the year the date starts in, a base for reckoning
	reckoned bool
}

func (d dateSpan) date(text string, toks []token) Date {
	s, e := toks[d.t0].start, toks[d.t1-1].end
	return Date{Start: s, End: e, Text: text[s:e], Value: d.value, Reckoned: d.reckoned}
}

// findDates returns the dates of every sentence, in order.
func findDates(toks []token, sents []sentence, cache edtfCache) []dateSpan {
	var out []dateSpan
	last := 0 // the year of the last date found in the paragraph
	for _, s := range sents {
		if s.t0 < len(toks) && toks[s.t0].breaks >= 2 {
			last = 0
		}
		ds := scan{toks: toks, first: s.t0, end: s.t1, cache: cache}
		for k := s.t0; k < s.t1; {
			if t := &toks[k]; t.kind == tokPunct || t.kind == tokWord && !dateStarts(t.low) {
				k++
				continue
			}
			if d, ok := ds.phrase(k); ok {
				out = append(out, d)
				last = d.year
				k = d.t1
				continue
			}
			if d, ok := ds.reckoning(k, last); ok {
				out = append(out, d)
				k = d.t1
				continue
			}
			k++
		}
	}
	return out
}

// scan reads dates and figures in one sentence, toks[first:end].
type scan struct {
	toks       []token
	first, end int
	cache      edtfCache
}

// edtfCache keeps the dates parsed while reading one text: parsing EDTF
// costs far more than finding it, and a text names the same years again
// and again.
type edtfCache map[string]edtfParsed

type edtfParsed struct {
	d   history.Date
	err error
}

func (c edtfCache) parse(edtf string) (history.Date, error) {
	if p, ok := c[edtf]; ok {
		return p.d, p.err
	}
	d, err := history.ParseDate(edtf)
	c[edtf] = edtfParsed{d, err}
	return d, err
}

func (s *scan) tok(k int) *token {
	if k < s.first || k >= s.end {
		return nil
	}
	return &s.toks[k]
}

func (s *scan) word(k int, ws ...string) bool { return s.is(k, tokWord, ws) }

func (s *scan) punct(k int, ps ...string) bool { return s.is(k, tokPunct, ps) }

// is reports whether the token at k is of kind kind and one of ss.
func (s *scan) is(k int, kind tokenKind, ss []string) bool {
	t := s.tok(k)
	if t == nil || t.kind != kind {
		return false
	}
	for _, w := range ss {
		if t.low == w {
			return true
		}
	}
	return false
}

// point is one date: a day, a month, a year, a season or a decade,
// perhaps the early, middle or late part of one; lo and hi are the EDTF
// of its first and last part, the same for a plain date.
type point struct {
	y, m   int
	lo, hi string
	noYear bool // a month whose year the end of its range gives ("from March to June 1938")
	next   int  // the token after the point
}

func (p *point) setYear(y int) {
	p.y, p.noYear = y, false
	p.lo = strconv.Itoa(y) + "-" + two(p.m)
	p.hi = p.lo
}

func (p *point) single() string {
	if p.lo == p.hi {
		return p.lo
	}
	return p.lo + "/" + p.hi
}

func two(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// phrase reads a date phrase at k: a point, perhaps after a word that
// opens, closes or softens it, perhaps the start of a range.
func (s *scan) phrase(k int) (dateSpan, bool) {
	start := k
	mode := ""
	switch {
	case s.word(k, "from", "с"):
		mode, k = "from", k+1
	case s.word(k, "between"):
		mode, k = "between", k+1
	case s.word(k, "since", "after", "после"):
		mode, k = "since", k+1
	case s.word(k, "until", "till", "til", "before", "до"):
		mode, k = "until", k+1
	case s.word(k, "up") && s.word(k+1, "to"):
		mode, k = "until", k+2
	case s.word(k, "around", "about", "circa", "approximately", "roughly", "около"):
		mode, k = "approx", k+1
	case s.word(k, "c", "ca") && s.punct(k+1, ".") && !s.toks[k+1].space:
		mode, k = "approx", k+2
	}
	if s.word(k, "the") {
		k++
	}
	p, ok := s.point(k)
	if !ok {
		return dateSpan{}, false
	}
	if mode == "" {
		start = k
	}
	edtf, end := "", p.next
	if mode == "" || mode == "from" || mode == "between" {
		if q, ok := s.rangeEnd(&p, mode); ok {
			edtf, end = p.lo+"/"+q.hi, q.next
		}
	}
	if edtf == "" {
		if p.noYear {
			return dateSpan{}, false
		}
		switch mode {
		case "from", "since":
			edtf = p.lo + "/.."
		case "until":
			edtf = "../" + p.hi
		case "approx":
			if p.lo == p.hi && !strings.Contains(p.lo, "X") {
				edtf = p.lo + "~"
			} else {
				edtf, start = p.single(), k
			}
		default:
			edtf, start = p.single(), k
		}
	}
	v, err := s.cache.parse(edtf)
	if err != nil {
		return dateSpan{}, false
	}
	return dateSpan{t0: start, t1: end, value: v, year: p.y}, true
}

// rangeEnd reads the end of a range that starts with p: "-1938", "to
// June 1938", "and 1938" after "between", "-38" after a year.
func (s *scan) rangeEnd(p *point, mode string) (point, bool) {
	k := p.next
	switch {
	case s.punct(k, "-", "–", "—"):
	case s.punct(k, "/") && !s.toks[k].space:
	case s.word(k, "to", "till", "until", "through", "thru", "по", "до"):
	case s.word(k, "and") && mode == "between":
	default:
		return point{}, false
	}
	k++
	if s.word(k, "the") {
		k++
	}
	q, ok := s.point(k)
	if !ok {
		t := s.tok(k)
		if p.noYear || p.lo != strconv.Itoa(p.y) || t == nil || t.kind != tokNum || !t.plain || len(t.low) != 2 || t.suffix != "" {
			return point{}, false
		}
		// "1937-38": the century of the first year.
		y := p.y/100*100 + int(t.val)
		if y <= p.y {
			return point{}, false
		}
		q = point{y: y, lo: strconv.Itoa(y), hi: strconv.Itoa(y), next: k + 1}
	}
	if q.noYear {
		return point{}, false
	}
	if p.noYear {
		y := q.y
		if p.m > q.m {
			y--
		}
		p.setYear(y)
	}
	return q, true
}

// point reads one date at k.
func (s *scan) point(k int) (point, bool) {
	// "early 1938", "the late 1920s", "mid-1930s".
	if s.word(k, "early", "mid", "middle", "late") {
		part := s.toks[k].low
		j := k + 1
		if s.punct(j, "-") {
			j++
		}
		if s.word(j, "in", "of") {
			j++
		}
		if s.word(j, "the") {
			j++
		}
		if p, ok := s.yearOrDecade(j); ok {
			return partOf(p, part), true
		}
		return point{}, false
	}
	// "spring 1942", "the winter of 1941-42".
	if code, ok := seasons[s.lowWord(k)]; ok {
		j := k + 1
		if s.word(j, "of") {
			j++
		}
		if y, next, ok := s.year(j); ok {
			// A winter written across its two years.
			if code == 24 && s.punct(next, "-", "–", "/") {
				if t := s.tok(next + 1); t != nil && t.kind == tokNum && t.plain && (int(t.val) == (y+1)%100 && len(t.low) == 2 || int(t.val) == y+1) {
					next += 2
				}
			}
			e := strconv.Itoa(y) + "-" + strconv.Itoa(code)
			return point{y: y, lo: e, hi: e, next: next}, true
		}
		return point{}, false
	}
	// "25 February 1927", "25th of February, 1927", "25 февраля 1927".
	if d, ok := s.day(k); ok {
		j := k + 1
		if s.word(j, "of") {
			j++
		}
		if m, j2, ok := s.month(j); ok {
			return s.withYear(j2, m, d)
		}
		return point{}, false
	}
	// "February 25th 1927", "Feb. 1927", "March 1938", "March".
	if m, j, ok := s.month(k); ok {
		if d, ok := s.day(j); ok {
			return s.withYear(j+1, m, d)
		}
		if p, ok := s.withYear(j, m, 0); ok {
			return p, true
		}
		if !s.toks[k].upper {
			return point{}, false
		}
		return point{m: m, noYear: true, next: j}, true
	}
	return s.yearOrDecade(k)
}

// withYear reads the year, perhaps after a comma, that completes a month
// m or a day d of it (d is 0 for a month).
func (s *scan) withYear(k, m, d int) (point, bool) {
	if s.punct(k, ",") {
		k++
	}
	y, next, ok := s.year(k)
	if !ok {
		return point{}, false
	}
	e := strconv.Itoa(y) + "-" + two(m)
	if d > 0 {
		e += "-" + two(d)
	}
	return point{y: y, m: m, lo: e, hi: e, next: next}, true
}

func (s *scan) lowPunct(k int) string {
	if t := s.tok(k); t != nil && t.kind == tokPunct {
		return t.low
	}
	return ""
}

func (s *scan) lowWord(k int) string {
	if t := s.tok(k); t != nil && t.kind == tokWord {
		return t.low
	}
	return ""
}

// yearOrDecade reads "1938" or "1930s" at k.
func (s *scan) yearOrDecade(k int) (point, bool) {
	t := s.tok(k)
	if t != nil && t.kind == tokNum && t.plain && t.suffix == "s" && len(t.low) == 4 && t.low[3] == '0' {
		e := t.low[:3] + "X"
		return point{y: int(t.val), lo: e, hi: e, next: k + 1}, true
	}
	y, next, ok := s.year(k)
	if !ok {
		return point{}, false
	}
	e := strconv.Itoa(y)
	return point{y: y, lo: e, hi: e, next: next}, true
}

// partOf narrows a year or decade to its early, middle or late third.
func partOf(p point, part string) point {
	third := 0
	switch part {
	case "mid", "middle":
		third = 1
	case "late":
		third = 2
	}
	if strings.HasSuffix(p.lo, "X") {
		d := p.y / 10 * 10
		lo, hi := [3]int{0, 4, 7}[third], [3]int{3, 6, 9}[third]
		p.lo, p.hi = strconv.Itoa(d+lo), strconv.Itoa(d+hi)
		return p
	}
	y := strconv.Itoa(p.y)
	p.lo, p.hi = y+"-"+two(1+4*third), y+"-"+two(4+4*third)
	return p
}

// year reads a year at k: four digits, and not a page, an article or a
// count ("1937 prisoners"). A Russian "года" or "г." after it is part of
// it.
func (s *scan) year(k int) (int, int, bool) {
	t := s.tok(k)
	if t == nil || t.kind != tokNum || !t.plain || t.suffix != "" || len(t.low) != 4 || t.val < 1000 || t.val > 2100 {
		return 0, 0, false
	}
	if s.labelled(k) {
		return 0, 0, false
	}
	next := k + 1
	if n := s.tok(next); n != nil {
		switch {
		case n.kind == tokWord && yearWords[n.low]:
			next++
			if s.punct(next, ".") && !s.toks[next].space && n.low == "г" {
				next++
			}
		case n.kind == tokWord && (units[n.low] != "" || scaleWords[n.low] != 0) && n.low != "years" && n.low != "year":
			return 0, 0, false
		case n.low == "%":
			return 0, 0, false
		}
	}
	return int(t.val), next, true
}

// day reads a day of the month at k: "25", "25th".
func (s *scan) day(k int) (int, bool) {
	t := s.tok(k)
	if t == nil || t.kind != tokNum || !t.plain || len(t.low) > 2 || t.val < 1 || t.val > 31 || t.suffix != "" && !t.ordinal() {
		return 0, false
	}
	return int(t.val), true
}

// month reads a month's name at k, with the full stop of an
// abbreviation ("Feb."); "may" is the month only with a capital.
func (s *scan) month(k int) (int, int, bool) {
	t := s.tok(k)
	if t == nil || t.kind != tokWord {
		return 0, 0, false
	}
	m, ok := months[t.low]
	if !ok || t.low == "may" && !t.upper || t.low == "march" && !t.upper {
		return 0, 0, false
	}
	next := k + 1
	if monthAbbrev(t.low) && s.punct(next, ".") && !s.toks[next].space {
		next++
	}
	return m, next, true
}

// reckoning reads a date counted from the last one the paragraph gave:
// "a year earlier", "two years later".
func (s *scan) reckoning(k, base int) (dateSpan, bool) {
	if base == 0 {
		return dateSpan{}, false
	}
	t := s.tok(k)
	if t == nil {
		return dateSpan{}, false
	}
	n := 0
	switch {
	case t.kind == tokWord && (t.low == "a" || t.low == "one"):
		n = 1
	case t.kind == tokWord && wordNumbers[t.low] > 0 && wordNumbers[t.low] <= 20:
		n = int(wordNumbers[t.low])
	case t.kind == tokNum && t.plain && t.suffix == "" && t.val >= 1 && t.val <= 50:
		n = int(t.val)
	default:
		return dateSpan{}, false
	}
	if !s.word(k+1, "year", "years") {
		return dateSpan{}, false
	}
	switch {
	case s.word(k+2, "earlier", "before", "previously"):
		n = -n
	case s.word(k+2, "later", "after", "afterwards"):
	default:
		return dateSpan{}, false
	}
	// "two years after 1927" counts from the date that follows.
	if _, ok := s.point(k + 3); ok {
		return dateSpan{}, false
	}
	y := base + n
	v, err := s.cache.parse(strconv.Itoa(y))
	if err != nil {
		return dateSpan{}, false
	}
	return dateSpan{t0: k, t1: k + 3, value: v, year: y, reckoned: true}, true
}

// labelled reports a number that a word before it labels as a page, an
// article, a paragraph ("page 12", "p. 12", "¶3"): it is neither a year
// nor a figure.
func (s *scan) labelled(k int) bool {
	p := s.tok(k - 1)
	if p == nil {
		return false
	}
	if p.low == "." {
		p = s.tok(k - 2)
	}
	return p != nil && notYearBefore[p.low]
}
