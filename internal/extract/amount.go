package extract

import (
	"math"
	"strings"
)

// amount reads a number at k: digits ("681,692", "1.5 million"), a
// fraction ("2/3"), words ("one and a half million", "two thirds of"), or
// a vague plural ("tens of thousands").
func (s *scan) amount(k int) (amount, bool) {
	t := s.tok(k)
	if t == nil {
		return amount{}, false
	}
	// "one in ten", "1 in 20": a share.
	if (t.low == "one" || t.low == "a" || t.low == "1") && s.word(k+1, "in") {
		if n, ok := s.amount(k + 2); ok && !n.share && !n.vague && n.val > 1 {
			return amount{val: math.Round(1000/n.val) / 10, scale: 1, share: true, ratio: true, next: n.next}, true
		}
	}
	if t.kind == tokNum {
		if t.suffix != "" {
			return amount{}, false
		}
		// "2/3": a share.
		if s.punct(k+1, "/") && !s.toks[k+1].space {
			if d := s.tok(k + 2); d != nil && d.kind == tokNum && !d.space && d.plain && d.suffix == "" && d.val > t.val && t.plain {
				return amount{val: math.Round(1000*t.val/d.val) / 10, scale: 1, share: true, next: k + 3}, true
			}
			return amount{}, false
		}
		a := amount{val: t.val, base: t.val, scale: 1, next: k + 1}
		s.scaleAfter(&a)
		return a, true
	}
	if t.kind != tokWord {
		return amount{}, false
	}
	if a, ok := s.vague(k); ok {
		return a, true
	}
	return s.numberWords(k)
}

// scaleAfter applies the scale words after a number: "1.5 million",
// "two hundred thousand".
func (s *scan) scaleAfter(a *amount) {
	for {
		w := s.lowWord(a.next)
		f, ok := scaleWords[w]
		if !ok || strings.HasSuffix(w, "s") {
			return
		}
		a.scale *= f
		a.val = roundScaled(a.base * a.scale)
		a.next++
	}
}

// vague reads "tens of thousands", "hundreds of thousands", "thousands
// of", "millions of", "dozens of": an open low bound.
func (s *scan) vague(k int) (amount, bool) {
	w := s.lowWord(k)
	var mult float64
	switch w {
	case "tens":
		mult = 10
	case "hundreds":
		mult = 100
	case "dozens":
		if s.word(k+1, "of") {
			return amount{val: 24, base: 24, scale: 1, vague: true, next: k + 1}, true
		}
		return amount{}, false
	case "thousands", "millions", "billions":
		if s.word(k+1, "of") {
			v := scaleWords[w]
			return amount{val: v, base: v, scale: 1, vague: true, next: k + 1}, true
		}
		return amount{}, false
	default:
		return amount{}, false
	}
	if !s.word(k+1, "of") {
		return amount{}, false
	}
	if f, ok := scaleWords[s.lowWord(k+2)]; ok && strings.HasSuffix(s.lowWord(k+2), "s") && f > 100 {
		v := mult * f
		return amount{val: v, base: v, scale: 1, vague: true, next: k + 3}, true
	}
	if w == "hundreds" {
		return amount{val: 100, base: 100, scale: 1, vague: true, next: k + 1}, true
	}
	return amount{}, false
}

// numberWords reads a number written in words: "two", "twenty-five",
// "one hundred and fifty thousand", "one and a half million", "half a
// million", "a million", or a share: "two thirds of", "a third of",
// "half of".
func (s *scan) numberWords(k int) (amount, bool) {
	start := k
	total, cur, lastScale := 0.0, 0.0, 1.0
	seen, scaled := false, false
	if s.word(k, "a", "an") {
		cur, k = 1, k+1
		// "a million", "a hundred", "a third of", "a dozen".
		w := s.lowWord(k)
		if _, ok := scaleWords[w]; !ok && fractions[w] == 0 && w != "dozen" {
			return amount{}, false
		}
	}
	if s.word(k, "half") && s.word(k+1, "a") {
		if f, ok := scaleWords[s.lowWord(k+2)]; ok && !strings.HasSuffix(s.lowWord(k+2), "s") {
			v := f / 2
			return amount{val: v, base: 0.5, scale: f, next: k + 3}, true
		}
	}
	for {
		w := s.lowWord(k)
		if v, ok := wordNumbers[w]; ok {
			cur += v
			seen = true
			k++
			// "twenty-five"
			if s.punct(k, "-") && !s.toks[k].space && wordNumbers[s.lowWord(k+1)] > 0 && wordNumbers[s.lowWord(k+1)] < 10 {
				k++
			}
			continue
		}
		if w == "dozen" && (seen || cur == 1) {
			cur, seen = math.Max(cur, 1)*12, true
			k++
			continue
		}
		if f, ok := fractions[w]; ok && (seen || cur == 1 || start == k) {
			// "two thirds of", "a third of", "half of": a share, only
			// with "of" after it ("a third stroke" is no share).
			j := k + 1
			if !s.word(j, "of") {
				return amount{}, false
			}
			v := math.Round(10*math.Max(cur, 1)*f) / 10
			if v > 100 {
				return amount{}, false
			}
			return amount{val: v, base: v, scale: 1, share: true, next: j}, true
		}
		// "two-thirds of"
		if s.punct(k, "-") && seen && fractions[s.lowWord(k+1)] > 0 {
			k++
			continue
		}
		if f, ok := scaleWords[w]; ok && !strings.HasSuffix(w, "s") && (seen || cur > 0) {
			if f == 100 {
				cur *= 100
			} else {
				total += cur * f
				cur = 0
			}
			seen, scaled, lastScale = true, true, f
			k++
			continue
		}
		// "one hundred and fifty", "one and a half million".
		if w == "and" && seen {
			if s.word(k+1, "a") && s.word(k+2, "half") {
				cur += 0.5
				k += 3
				continue
			}
			if wordNumbers[s.lowWord(k+1)] > 0 && scaled {
				k++
				continue
			}
		}
		break
	}
	if !seen {
		return amount{}, false
	}
	v := total + cur
	return amount{val: roundScaled(v), base: v / lastScale, scale: lastScale, words: !scaled, next: k}, true
}

// unit reads what the figure that ends before k counts: the first noun
// the tables know among the next few words ("14 million Soviet workers"
// counts people), or, with no noun, a verb that only people do ("the
// 30,000 who were jailed").
func (s *scan) unit(k int, vague bool) (unit, noun string) {
	j := k
	if vague && s.word(j, "of") {
		j++
	}
	if s.word(j, "hours", "hour") && (s.word(j+1, "a", "per") && s.word(j+2, "day")) {
		return "hours-per-day", s.toks[j].low
	}
	for n := 0; n < 4; n++ {
		t := s.tok(j)
		if t == nil {
			break
		}
		if s.word(j, "out") && s.word(j+1, "of") {
			// "300,000 out of 1.6 million prisoners": the whole's unit.
			if b, ok := s.amount(j + 2); ok {
				j = b.next
				continue
			}
		}
		if t.kind != tokWord {
			if t.kind == tokPunct && t.low == "-" && !t.space {
				j++
				continue
			}
			break
		}
		if t.low == "death" && s.word(j+1, "sentences") {
			return "people", "death sentences"
		}
		if u, ok := units[t.low]; ok {
			return u, t.low
		}
		if unitStops[t.low] {
			break
		}
		if peopleNoun(t.low) || t.upper && plural(t.low) {
			return "people", t.low // "Trotskyists", "Finns"
		}
		j++
	}
	// A plural right after the number names what it counts: "3,350 tanks".
	if t := s.tok(k); t != nil && t.kind == tokWord && !t.upper && plural(t.low) && !unitStops[t.low] {
		return t.low, t.low
	}
	// No noun: a verb only people do.
	for j, n := k, 0; n < 4; j, n = j+1, n+1 {
		t := s.tok(j)
		if t == nil || t.kind != tokWord {
			break
		}
		if peopleVerbs[t.low] {
			return "people", ""
		}
		switch t.low {
		case "that", "were", "was", "had", "been", "are", "later", "then":
			continue
		}
		break
	}
	return "", ""
}

// plural reports a word that looks like an English plural.
func plural(w string) bool {
	n := len(w)
	return n > 3 && w[n-1] == 's' && w[n-2] != 's' && w[n-2] != 'u' && w[n-2] != 'i'
}

// peopleNoun reports plurals that name people by what they believe or
// where they are from: "trotskyists", "ukrainians", "deportees".
func peopleNoun(w string) bool {
	n := len(w)
	return n > 5 && (strings.HasSuffix(w, "ists") || strings.HasSuffix(w, "ians") || strings.HasSuffix(w, "ees"))
}

// shareOf reads the words a percentage is a share of, from "of" at k to
// the end of the phrase: "of the nation's nickel", "of all Soviet
// leaders"; after a ratio, the words from k ("one in ten households").
func (s *scan) shareOf(k int, ratio bool) [2]int {
	end := k - 1
	switch {
	case s.word(k, "of"):
		end = k
	case !ratio:
		return [2]int{}
	}
	for j, n := end+1, 0; n < 8; j, n = j+1, n+1 {
		t := s.tok(j)
		if t == nil {
			break
		}
		if t.kind == tokPunct {
			if (t.low == "-" || t.low == "'" || t.low == "’") && !t.space {
				continue
			}
			break
		}
		if shareStops[t.low] || !t.upper && len(t.low) > 4 && strings.HasSuffix(t.low, "ed") {
			break // a verb or a participle starts what is said of the share
		}
		end = j
	}
	if end < k || end == k && s.word(k, "of") {
		return [2]int{}
	}
	return [2]int{s.toks[k].start, s.toks[end].end}
}

// shareStops end the words a share is of.
var shareStops = map[string]bool{
	"in": true, "on": true, "at": true, "by": true, "from": true, "during": true, "between": true, "and": true,
	"was": true, "were": true, "is": true, "are": true, "had": true, "have": true, "has": true, "that": true,
	"which": true, "who": true, "before": true, "after": true, "since": true, "until": true,
	"while": true, "when": true, "but": true, "or": true, "than": true, "would": true, "will": true,
	"did": true, "died": true, "went": true, "came": true, "lived": true, "worked": true,
}
