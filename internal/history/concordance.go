package history

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Concordance is what a citation check needs of a source's text: for each
// paragraph, the distinct words it uses and the numbers it gives, each
// normalised. That is enough to tell whether a paragraph names someone,
// gives a figure or a year, and too little to read a sentence of the
// source, so a dataset may ship the concordance of a text it may not ship.
//
// Paragraphs are counted as locators count them: the text's lines are
// split into paragraphs at blank lines (lines of spaces only), and the
// first paragraph is the title, which is not counted; ¶1 is the first
// paragraph after it.
type Concordance struct {
	// Words holds each paragraph's words, sorted and distinct: Words[0]
	// is ¶1. A word is a run of letters and digits, lower-cased, with a
	// final s dropped from words of four letters or more (see Word).
	Words [][]string
	// Numbers holds each paragraph's numbers, sorted and distinct, every
	// reading of each (see Numbers).
	Numbers [][]float64
}

// Paragraphs returns a text's paragraphs as locators count them: split at
// blank lines, the title left out, each paragraph's lines joined by a
// space.
func Paragraphs(text string) []string {
	var out []string
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			out = append(out, strings.Join(cur, " "))
			cur = cur[:0]
		}
	}
	for line := range strings.Lines(text) {
		line = strings.TrimSpace(line)
		if line == "" {
			flush()
			continue
		}
		cur = append(cur, line)
	}
	flush()
	if len(out) == 0 {
		return nil
	}
	return out[1:]
}

// NewConcordance makes the concordance of a text.
func NewConcordance(text string) *Concordance {
	c := &Concordance{}
	for _, p := range Paragraphs(text) {
		ws := Words(p)
		slices.Sort(ws)
		ns := Numbers(p)
		slices.Sort(ns)
		c.Words = append(c.Words, slices.Compact(ws))
		c.Numbers = append(c.Numbers, slices.Compact(ns))
	}
	return c
}

// Word normalises one word: lower case, and a final s dropped from a word
// of four letters or more (not from "ss"), so that "camps" meets "camp",
// "Stalin's" (split at the apostrophe) meets "Stalin", and "Bolsheviks"
// meets "Bolshevik". Both sides of every comparison are normalised alike.
func Word(w string) string {
	w = strings.ToLower(w)
	if n := len(w); n >= 4 && w[n-1] == 's' && w[n-2] != 's' {
		w = w[:n-1]
	}
	return w
}

// Words returns the words of s, normalised, in order: runs of letters and
// digits that hold a letter, leaving out single letters (the s of a
// possessive split at its apostrophe). Numbers are Numbers'.
func Words(s string) []string {
	var out []string
	for _, tok := range strings.FieldsFunc(s, notWordRune) {
		if utf8.RuneCountInString(tok) > 1 && strings.IndexFunc(tok, unicode.IsLetter) >= 0 {
			out = append(out, Word(tok))
		}
	}
	return out
}

func notWordRune(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }

// numberWords are the numbers written as words that sources use for small
// counts ("two years").
var numberWords = map[string]float64{
	"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
	"ten": 10, "eleven": 11, "twelve": 12, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
	"hundred": 100, "thousand": 1000,
}

// scales are the words that multiply the number before them.
var scales = map[string]float64{"thousand": 1e3, "million": 1e6, "billion": 1e9}

// Numbers returns every number s gives, in every reading a reader might
// take: "500.000" is 500000 or 500, "1,6 million" 1600000, "2/3" both
// 0.666… and 66.6… (a share as a percentage), "two" 2. A scale word
// applies to the number before it and, in "between 14 and 20 million", to
// the first of the pair too.
func Numbers(s string) []float64 {
	toks := numberTokens(s)
	var out []float64
	out = append(out, reckonedYears(toks)...)
	for i, t := range toks {
		if t.word != "" {
			if v, ok := numberWords[t.word]; ok {
				out = append(out, v)
			}
			continue
		}
		scale := 1.0
		if i+1 < len(toks) {
			if f, ok := scales[toks[i+1].word]; ok {
				scale = f
			}
		}
		// "14 and 20 million": the scale of the second number applies to
		// the first.
		if scale == 1 && i+3 < len(toks) && (toks[i+1].word == "and" || toks[i+1].word == "to" || toks[i+1].word == "or") && toks[i+2].word == "" {
			if f, ok := scales[toks[i+3].word]; ok {
				for _, v := range t.readings {
					out = append(out, v*f)
				}
			}
		}
		for _, v := range t.readings {
			out = append(out, v*scale)
		}
	}
	return out
}

// reckonedYears returns the years s gives by reckoning from a year it
// states: with 1927 and "a year earlier", 1926; with "two years later",
// 1929. Every year stated is taken as the base, which errs on the side of
// finding a year.
func reckonedYears(toks []numberToken) []float64 {
	var bases, offsets []float64
	for i, t := range toks {
		for _, v := range t.readings {
			if v == math.Trunc(v) && v >= 1000 && v <= 2999 {
				bases = append(bases, v)
			}
		}
		if i+2 >= len(toks) || (toks[i+1].word != "year" && toks[i+1].word != "years") {
			continue
		}
		var k float64
		switch {
		case t.word == "a":
			k = 1
		case t.word != "":
			k = numberWords[t.word]
		case len(t.readings) > 0:
			k = t.readings[0]
		}
		switch toks[i+2].word {
		case "earlier", "before", "previously":
			offsets = append(offsets, -k)
		case "later", "after", "afterwards":
			offsets = append(offsets, k)
		}
	}
	var out []float64
	for _, b := range bases {
		for _, k := range offsets {
			if k != 0 {
				out = append(out, b+k)
			}
		}
	}
	return out
}

// numberToken is a number with its readings, or a word (lower-cased).
type numberToken struct {
	word     string
	readings []float64
}

// numberTokens splits s into words and numbers: digits with . or ,
// between groups, or a fraction a/b.
func numberTokens(s string) []numberToken {
	var out []numberToken
	rs := []rune(s)
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case unicode.IsDigit(r):
			j := i
			for j < len(rs) && (unicode.IsDigit(rs[j]) || (rs[j] == '.' || rs[j] == ',' || rs[j] == '/') && j+1 < len(rs) && unicode.IsDigit(rs[j+1])) {
				j++
			}
			out = append(out, numberToken{readings: readings(string(rs[i:j]))})
			i = j
		case unicode.IsLetter(r):
			j := i
			for j < len(rs) && (unicode.IsLetter(rs[j]) || unicode.IsDigit(rs[j])) {
				j++
			}
			out = append(out, numberToken{word: strings.ToLower(string(rs[i:j]))})
			i = j
		default:
			i++
		}
	}
	return out
}

// readings returns the values a written number may stand for.
func readings(s string) []float64 {
	if a, b, ok := strings.Cut(s, "/"); ok && !strings.ContainsAny(s, ".,") && !strings.Contains(b, "/") {
		x, err1 := strconv.ParseFloat(a, 64)
		y, err2 := strconv.ParseFloat(b, 64)
		if err1 == nil && err2 == nil && y != 0 {
			return []float64{x / y, 100 * x / y}
		}
		return nil
	}
	var out []float64
	// Every separator a thousands separator: "500.000", "1,053,829".
	groups := strings.FieldsFunc(s, func(r rune) bool { return r == '.' || r == ',' })
	thousands := len(groups) > 1
	for _, g := range groups[1:] {
		thousands = thousands && len(g) == 3
	}
	if thousands || len(groups) == 1 {
		if v, err := strconv.ParseFloat(strings.Join(groups, ""), 64); err == nil {
			out = append(out, v)
		}
	}
	// The last separator a decimal point, the others thousands: "46.5",
	// "1,6", "1.234,5".
	if len(groups) > 1 {
		last := len(groups) - 1
		if v, err := strconv.ParseFloat(strings.Join(groups[:last], "")+"."+groups[last], 64); err == nil {
			out = append(out, v)
		}
	}
	return out
}

// HasWords reports whether paragraph p (1 for ¶1) holds every word of ws.
func (c *Concordance) HasWords(p int, ws []string) bool {
	if p < 1 || p > len(c.Words) || len(ws) == 0 {
		return false
	}
	for _, w := range ws {
		if _, ok := slices.BinarySearch(c.Words[p-1], w); !ok {
			return false
		}
	}
	return true
}

// HasNumber reports whether paragraph p gives v, to the precision v is
// written with: 66.7 is given by "2/3", 1600000 by "1,6 million".
func (c *Concordance) HasNumber(p int, v float64) bool {
	if p < 1 || p > len(c.Numbers) {
		return false
	}
	places := decimals(v)
	for _, n := range c.Numbers[p-1] {
		if roundTo(n, places) == v {
			return true
		}
	}
	return false
}

// HasYearIn reports whether paragraph p gives a year from first to last.
func (c *Concordance) HasYearIn(p int, first, last int) bool {
	if p < 1 || p > len(c.Numbers) {
		return false
	}
	for _, n := range c.Numbers[p-1] {
		if n == math.Trunc(n) && n >= float64(first) && n <= float64(last) {
			return true
		}
	}
	return false
}

// decimals is how many decimal places v is written with.
func decimals(v float64) int {
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if _, frac, ok := strings.Cut(s, "."); ok {
		return len(frac)
	}
	return 0
}

func roundTo(v float64, places int) float64 {
	p := math.Pow10(places)
	return math.Round(v*p) / p
}
