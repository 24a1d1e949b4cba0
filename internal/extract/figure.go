package extract

import (
	"math"
	"strings"

	"github.com/memoria-history/memoria/internal/history"
)

// Figure is a number the text states as a fact: an amount, a range, an
// open bound, a share.
type Figure struct {
	Start, End int
	Text       string           // text[Start:End]: the number with the words that bound it ("more than 500,000", "14 to 20 million", "46.5%")
	Quantity   history.Quantity // Value; or Low and High ("14 to 20 million"); Low alone ("more than 500,000"); High alone ("fewer than", "up to"); Approximate ("about", "almost", "some", "roughly")
	Unit       string           // what is counted, as the dataset's claims write it: "people", "percent", "tonnes", "roubles"...; "" when the sentence gives none
	Of         string           // for a percentage: the words naming what it is a share of ("of the gold output")
	When       *Date            // the time the sentence gives for the figure, if it gives one
	// Noun is the word the unit was read from, lower-cased ("prisoners",
	// "deaths"), so that a reviewer can tell deaths from arrests where
	// both are counted in people; "" when the unit came from a verb ("who
	// died") or there is none.
	Noun string
}

// Figures returns the figures text states, in order. Years, dates, page
// and paragraph numbers, ordinals ("the 17th Congress"), numbers inside
// names ("Perm 36", "Article 58"), counts of time ("two years later") and
// "one of the" are not figures.
//
// "almost" and "nearly" make a high bound, approximate, as the curated
// claims record them ("almost 500,000" has High 500000); "about", "some"
// and "roughly" an approximate value. A vague plural is an open low bound:
// "tens of thousands" is Low 10000, "hundreds of thousands" Low 100000,
// "thousands of" Low 1000. A share written in words is a percentage,
// rounded to one decimal: "two thirds of" is 66.7 percent, "a third of"
// 33.3, "one in ten households" 10 (Of "households").
//
// Whoever a figure counts, prisoners, workers, victims or deaths, is
// counted in "people", as the curated claims count them, and Noun keeps
// the word; another noun the tables know gives its unit ("tonnes",
// "camps", "years"), and a plural right after the number is its own unit
// ("3,350 tanks"). When is the nearest date of the figure's clause, else
// of its sentence.
func Figures(text string) []Figure {
	toks := tokenize(text)
	sents := sentences(toks)
	return figures(text, toks, sents, findDates(toks, sents, edtfCache{}))
}

func figures(text string, toks []token, sents []sentence, dates []dateSpan) []Figure {
	var out []Figure
	di := 0
	for _, st := range sents {
		for di < len(dates) && dates[di].t1 <= st.t0 {
			di++
		}
		dj := di
		for dj < len(dates) && dates[dj].t0 < st.t1 {
			dj++
		}
		in := dates[di:dj]
		s := scan{toks: toks, first: st.t0, end: st.t1}
		next := 0 // the next date of the sentence, to skip its tokens
		for k := st.t0; k < st.t1; {
			for next < len(in) && in[next].t1 <= k {
				next++
			}
			if next < len(in) && in[next].t0 <= k {
				k = in[next].t1
				continue
			}
			f, ok := s.figure(k)
			if !ok || next < len(in) && f.t1 > in[next].t0 {
				k++
				continue
			}
			out = append(out, f.figure(text, toks, in))
			k = f.t1
		}
	}
	return out
}

// figSpan is a figure found in toks[t0:t1].
type figSpan struct {
	t0, t1 int
	q      history.Quantity
	unit   string
	noun   string
	of     [2]int // byte offsets of the words after a share's "of"
}

func (f figSpan) figure(text string, toks []token, dates []dateSpan) Figure {
	s, e := toks[f.t0].start, toks[f.t1-1].end
	out := Figure{Start: s, End: e, Text: text[s:e], Quantity: f.q, Unit: f.unit, Noun: f.noun}
	if f.of[1] > f.of[0] {
		out.Of = text[f.of[0]:f.of[1]]
	}
	if d, ok := nearestDate(toks, f, dates); ok {
		dd := d.date(text, toks)
		out.When = &dd
	}
	return out
}

// nearestDate picks the date of the figure's sentence that it goes with:
// the nearest in the same clause (clauses end at ";", ":" and dashes),
// else the nearest in the sentence.
func nearestDate(toks []token, f figSpan, dates []dateSpan) (dateSpan, bool) {
	best, bestDist := dateSpan{}, math.MaxInt
	for _, d := range dates {
		lo, hi := d.t1, f.t0
		dist := f.t0 - d.t1
		if d.t0 >= f.t1 {
			lo, hi, dist = f.t1, d.t0, d.t0-f.t1
		}
		if clauseBreak(toks[lo:hi]) {
			dist += len(toks) // another clause's date only when the figure's has none
		}
		if dist < bestDist {
			best, bestDist = d, dist
		}
	}
	return best, bestDist != math.MaxInt
}

func clauseBreak(toks []token) bool {
	for _, t := range toks {
		if t.kind == tokPunct && (t.low == ";" || t.low == ":" || t.low == "—" || (t.low == "–" || t.low == "-") && t.space) {
			return true
		}
	}
	return false
}

// amount is a number read at some token: its value, and the scale word
// that multiplied it.
type amount struct {
	val, base, scale float64
	share            bool // a share written as a fraction, already a percentage
	ratio            bool // a share written "one in ten"
	vague            bool // "tens of thousands": an open low bound
	words            bool // written in words, without a scale ("two")
	next             int
}

// figure reads a figure at k.
func (s *scan) figure(k int) (figSpan, bool) {
	if t := &s.toks[k]; t.kind == tokPunct || t.kind == tokWord && !figureStarts(t.low) {
		return figSpan{}, false
	}
	start := k
	h, k2, hedged := s.hedge(k)
	k = k2
	between := false
	if !hedged && s.word(k, "between") {
		between, k = true, k+1
	}
	a, ok := s.amount(k)
	if !ok || s.notFigure(k, a) {
		return figSpan{}, false
	}
	f := figSpan{t0: start, t1: a.next}
	if !hedged && !between {
		f.t0 = k
	}
	lowVal, highVal, ranged := a.val, a.val, false
	// A range: "14 to 20 million", "14-20 million", "between 5.5 and 6.5
	// million", "40% to 50%".
	j := a.next
	bothPercent := s.punct(j, "%")
	if bothPercent {
		j++
	}
	if s.punct(j, "-", "–") || s.word(j, "to", "or") || between && s.word(j, "and") {
		if b, ok := s.amount(j + 1); ok && !b.share && !b.vague && (!bothPercent || s.punct(b.next, "%")) {
			lo := a.val
			if a.scale == 1 && b.scale > 1 && a.val <= b.base {
				lo = a.val * b.scale
			}
			if lo < b.val {
				lowVal, highVal, ranged = roundScaled(lo), b.val, true
				a.words = a.words && b.words
				f.t1 = b.next
			}
		}
	}
	if between && !ranged {
		f.t0 = k
	}
	j = f.t1
	// A percentage.
	percent := a.share
	switch {
	case s.punct(j, "%"):
		percent, f.t1 = true, j+1
	case s.word(j, "percent", "pct", "процентов", "процента", "процент"):
		percent, f.t1 = true, j+1
	case s.word(j, "per") && s.word(j+1, "cent"):
		percent, f.t1 = true, j+2
	}
	if percent {
		f.unit = "percent"
		f.of = s.shareOf(f.t1, a.ratio)
	} else {
		f.unit, f.noun = s.unit(f.t1, a.vague)
		if c, ok := currencies[s.lowWord(f.t0-1)+s.lowPunct(f.t0-1)]; ok && f.unit == "" {
			f.unit = c // "$5 million"
		}
		if f.unit == "" && (a.words || a.vague) {
			return figSpan{}, false // "one large group", "thousands of them": no count stated
		}
		if timeUnits[f.unit] && (s.relative(f.t1+1) || referringBack[s.lowWord(f.t0-1)]) {
			return figSpan{}, false // "two years later", "in those two years"
		}
	}
	switch {
	case ranged:
		f.q.Low, f.q.High = &lowVal, &highVal
		f.q.Approximate = hedged && h.approx
	case a.vague && !(hedged && (h.bound == atMost || h.bound == justUnder)):
		f.q.Low = &lowVal
	case !hedged || h.bound == exact:
		f.q.Value = &lowVal
		f.q.Approximate = hedged && h.approx
	case h.bound == atLeast:
		f.q.Low = &lowVal
	default:
		f.q.High = &lowVal
		f.q.Approximate = h.approx
	}
	return f, true
}

// hedge reads a phrase that bounds or softens the figure at k.
func (s *scan) hedge(k int) (hedge, int, bool) {
	for _, h := range hedgesByFirst[s.lowWord(k)] {
		j := k
		for _, w := range h.words {
			if !s.word(j, w) {
				break
			}
			j++
		}
		if j-k != len(h.words) {
			continue
		}
		if (h.words[0] == "c" || h.words[0] == "ca" || h.words[0] == "approx") && s.punct(j, ".") {
			j++
		}
		return h, j, true
	}
	return hedge{}, k, false
}

// notFigure reports a number that names or orders something rather than
// counting it: a page or an article, a number in a name ("Perm 36"), an
// ordinal, "one of".
func (s *scan) notFigure(k int, a amount) bool {
	t := s.tok(k)
	if t == nil {
		return true
	}
	if t.kind == tokWord {
		// "one of the"; "Five-Year Plan", "a ten-day journey": a number
		// in a compound word describes, it does not count.
		return t.low == "one" && s.word(k+1, "of") && !a.share ||
			!a.share && s.punct(a.next, "-") && !s.toks[a.next].space && s.lowWord(a.next+1) != ""
	}
	if t.ordinal() || t.suffix == "s" {
		return true
	}
	if len(t.low) > 1 && t.low[0] == '0' && t.low[1] != '.' && t.low[1] != ',' {
		return true // "00447": a number that names, as counts have no leading zero
	}
	// A day before its month ("on 22 August"), or a time ("10:30").
	if _, _, ok := s.month(k + 1); ok && t.val >= 1 && t.val <= 31 {
		return true
	}
	if s.punct(k+1, ":") && !s.toks[k+1].space || s.punct(k-1, ":") && !t.space || s.word(a.next, "am", "pm", "o'clock") {
		return true
	}
	// The end of a range whose start is no figure: "pp. 112-118".
	if s.punct(k-1, "-", "–") && !t.space && !s.toks[k-1].space {
		if p := s.tok(k - 2); p != nil && p.kind == tokNum {
			return true
		}
	}
	p := s.tok(k - 1)
	if p == nil {
		return false
	}
	if s.labelled(k) {
		return true
	}
	if p.kind == tokPunct && (p.low == "-" || p.low == "#") && !t.space {
		if pp := s.tok(k - 2); pp != nil && pp.kind == tokWord && pp.upper && !p.space {
			return true // "Perm-36"
		}
	}
	// A number after a capitalised word names something ("Perm 36",
	// "Order 00447") unless the word starts the sentence or is a
	// possessive ("the NKVD's 476 camps"); after a month it is a day.
	if p.kind == tokWord && p.upper {
		if _, ok := months[p.low]; ok {
			return true
		}
		if k-1 > s.first && !strings.HasSuffix(p.low, "'s") {
			return true
		}
	}
	// A list's number at the start of a line: "1." or "2)".
	if t.breaks > 0 && (s.punct(k+1, ".") || s.punct(k+1, ")")) {
		return true
	}
	return false
}

// relative reports a word that makes a count of time a reckoning ("two
// years later") when nothing that could be a date follows it.
func (s *scan) relative(k int) bool {
	t := s.tok(k)
	return t != nil && t.kind == tokWord && relativeTime[t.low] && t.low != "on"
}

func roundScaled(v float64) float64 { return math.Round(v*1000) / 1000 }
