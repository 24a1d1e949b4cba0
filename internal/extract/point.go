package extract

import (
	"strconv"
	"strings"
)

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
		// "22–23 June 1941": two days of one month.
		d2 := 0
		if s.punct(j, "-", "–") && !s.toks[j].space {
			if e, ok := s.day(j + 1); ok && e > d && !s.toks[j+1].space {
				d2, j = e, j+2
			}
		}
		if s.word(j, "of") {
			j++
		}
		if m, j2, ok := s.month(j); ok {
			p, ok := s.withYear(j2, m, d)
			if ok && d2 > 0 {
				p.hi = p.lo[:8] + two(d2)
			}
			return p, ok
		}
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
	// "the 20th century": 19XX.
	if t := s.tok(k); t != nil && t.kind == tokNum && t.ordinal() && t.val >= 11 && t.val <= 21 && s.word(k+1, "century") {
		e := strconv.Itoa(int(t.val)-1) + "XX"
		return point{y: (int(t.val) - 1) * 100, lo: e, hi: e, next: k + 2}, true
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
