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
// June 1938", "and 1938" after "between", "-38" after a year, "and April
// 1938" after a month without its year ("in March and April 1938").
func (s *scan) rangeEnd(p *point, mode string) (point, bool) {
	k := p.next
	switch {
	case s.punct(k, "-", "–", "—"):
	case s.punct(k, "/") && !s.toks[k].space:
	case s.word(k, "to", "till", "until", "through", "thru", "по", "до"):
	case s.word(k, "and") && (mode == "between" || p.noYear):
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
