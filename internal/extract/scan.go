package extract

import "github.com/memoria-history/memoria/internal/history"

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
