package extract

// Reading is everything the package finds in one text.
type Reading struct {
	Sentences [][2]int
	Dates     []Date
	Figures   []Figure
}

// Read returns the sentences, dates and figures of text, as Sentences,
// Dates and Figures would, reading the text once for all three.
func Read(text string) Reading {
	toks := tokenize(text)
	sents := sentences(toks)
	spans := findDates(toks, sents, edtfCache{})
	r := Reading{Sentences: make([][2]int, len(sents)), Dates: make([]Date, len(spans))}
	for i, s := range sents {
		r.Sentences[i] = [2]int{s.start, s.end}
	}
	for i, d := range spans {
		r.Dates[i] = d.date(text, toks)
	}
	r.Figures = figures(text, toks, sents, spans)
	return r
}
