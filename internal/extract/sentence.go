package extract

// sentence is a sentence's byte span and its tokens, toks[t0:t1].
type sentence struct {
	start, end int
	t0, t1     int
}

// Sentences splits prose into sentences and returns each one's byte
// offsets, [start, end), without the white space around it. A sentence
// ends at a full stop, a question or exclamation mark (with the quotes or
// brackets that close after it) before a word that may start one, and at
// a blank line. A full stop after an abbreviation ("Dr.", "St.", "c.
// 1930"), an initial ("J. V. Stalin") or inside a number ("1.5 million")
// ends nothing.
func Sentences(text string) [][2]int {
	ss := sentences(tokenize(text))
	out := make([][2]int, len(ss))
	for i, s := range ss {
		out[i] = [2]int{s.start, s.end}
	}
	return out
}

func sentences(toks []token) []sentence {
	var out []sentence
	t0 := 0
	cut := func(t1 int) {
		if t1 > t0 {
			out = append(out, sentence{start: toks[t0].start, end: toks[t1-1].end, t0: t0, t1: t1})
		}
		t0 = t1
	}
	for k := 0; k < len(toks); k++ {
		if k > t0 && toks[k].breaks >= 2 {
			cut(k)
		}
		if toks[k].kind != tokPunct || !isStop(toks[k].low) {
			continue
		}
		// The run of stops and the closing marks after it.
		j := k + 1
		for j < len(toks) && !toks[j].space && toks[j].kind == tokPunct && (isStop(toks[j].low) || isCloser(toks[j].low)) {
			j++
		}
		if j == len(toks) {
			break
		}
		next := &toks[j]
		if !next.space || !startsSentence(next) {
			k = j - 1
			continue
		}
		if toks[k].low == "." && j == k+1 && k > t0 && abbreviation(&toks[k-1], next) {
			continue
		}
		cut(j)
		k = j - 1
	}
	cut(len(toks))
	return out
}

func isStop(p string) bool { return p == "." || p == "!" || p == "?" || p == "…" }

func isCloser(p string) bool {
	switch p {
	case "\"", "'", "”", "’", ")", "]", "»", "“":
		return true
	}
	return false
}

// startsSentence reports whether a token may be the first of a sentence:
// a capitalised word, a number, or an opening quote or bracket.
func startsSentence(t *token) bool {
	switch t.kind {
	case tokWord:
		return t.upper
	case tokNum:
		return true
	}
	switch t.low {
	case "\"", "'", "“", "‘", "(", "[", "«", "¶", "—", "–", "-":
		return true
	}
	return false
}

// abbreviation reports whether the word w before a full stop is an
// abbreviation or an initial, so that the stop ends no sentence.
func abbreviation(w, next *token) bool {
	if w.kind != tokWord {
		return false
	}
	if w.upper && len([]rune(w.low)) == 1 {
		return true // an initial: "J. V. Stalin"
	}
	if titles[w.low] {
		return true
	}
	// "c. 1930", "p. 12", "Feb. 1927": only before a number.
	return next.kind == tokNum && (beforeNumber[w.low] || monthAbbrev(w.low))
}

// titles are the abbreviations that never end a sentence.
var titles = map[string]bool{
	"dr": true, "mr": true, "mrs": true, "ms": true, "st": true, "prof": true, "gen": true, "col": true,
	"lt": true, "capt": true, "sgt": true, "rev": true, "fr": true, "jr": true, "sr": true, "mt": true,
	"vs": true, "cf": true, "approx": true, "ca": true, "viz": true, "comp": true,
	"ed": true, "eds": true, "trans": true, "vol": true, "vols": true, "ch": true, "pp": true, "nos": true,
	"gov": true, "sen": true, "adm": true, "maj": true, "cpl": true, "pvt": true,
}

// beforeNumber are the abbreviations that end no sentence when a number
// follows them.
var beforeNumber = map[string]bool{"c": true, "p": true, "no": true, "nr": true, "fig": true, "art": true, "para": true}
