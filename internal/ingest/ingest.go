package ingest

import (
	"context"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/search"
)

// Mention is a phrase of a paragraph that names a known entity, or that
// may name one of several.
type Mention struct {
	Paragraph  int          `json:"paragraph"` // ¶N, from 1
	Offset     int          `json:"offset"`    // in bytes, in the paragraph
	Text       string       `json:"text"`      // the words as the text has them
	Entity     history.ID   `json:"entity,omitempty"`
	Kind       history.Kind `json:"kind,omitempty"`
	Matched    string       `json:"matched,omitempty"` // the entity's name that matched
	How        string       `json:"how"`               // one of the How constants
	Confidence float64      `json:"confidence"`
	// Candidates are the entities an ambiguous mention may name, best
	// first; Entity is then empty.
	Candidates []history.ID `json:"candidates,omitempty"`
	// Spelling is the kind of name the words would be if added to the
	// entity's names (misspelling, transliteration), which the citation
	// check needs to find the entity in the paragraph; empty when they
	// are a name of it already.
	Spelling history.NameKind `json:"spelling,omitempty"`
	// Dates are the dates the mention's sentence gives (EDTF).
	Dates []string `json:"dates,omitempty"`

	candidates []candidate // before the document's context decides
}

// NewName is a name that matches no known entity, proposed as a new one.
type NewName struct {
	Paragraph int          `json:"paragraph"`
	Offset    int          `json:"offset"`
	Text      string       `json:"text"`
	Kind      history.Kind `json:"kind"`
	ID        history.ID   `json:"id"` // a proposed id, made from the name
}

// Ingester finds the known entities a text names through a search index.
// It is safe for concurrent use.
type Ingester struct {
	ix                                 *search.Index
	phrases                            *phrases
	function, connectors               wordSet
	groupWords, placeWords, titleWords wordSet
}

// New returns an Ingester matching names against ix, the index of
// entries.
func New(ix *search.Index, entries []search.Entry) *Ingester {
	return &Ingester{
		ix: ix, phrases: newPhrases(entries), function: newWordSet(functionWords), connectors: newWordSet(nameConnectors),
		groupWords: newWordSet(groupWords), placeWords: newWordSet(placeWords), titleWords: newWordSet(titleWords),
	}
}

// scan is the state of one document's reading: the entities named so
// far (which settle a surname later), the words the document uses in
// lower case (which are then not names).
type scan struct {
	seen  map[history.ID]bool
	lower map[string]bool
}

// read is what the look-ups found in one paragraph: its runs of
// capitalised words, and the phrases that may name known entities, each
// with its candidates, before the document's context decides.
type read struct {
	spans [][]word
	found []Mention
}

// Find returns the mentions of known entities in the paragraphs of doc,
// and the names that match none, in the order of the text.
//
// The look-ups, most of the work, need nothing of the paragraphs before,
// so they run on every CPU, each worker with its own cache of look-ups;
// then the paragraphs are decided in order, since a mention may be
// settled by an earlier one.
func (in *Ingester) Find(ctx context.Context, doc *Document) ([]Mention, []NewName) {
	sc := &scan{seen: map[history.ID]bool{}, lower: map[string]bool{}}
	paras := make([][]word, len(doc.Paragraphs))
	for i, p := range doc.Paragraphs {
		paras[i] = words(p)
		for _, w := range paras[i] {
			if !w.upper {
				sc.lower[strings.ToLower(w.text)] = true
			}
		}
	}
	reads := make([]read, len(paras))
	workers := min(runtime.GOMAXPROCS(0), max(1, len(paras)/8))
	var wg sync.WaitGroup
	for k := range workers {
		wg.Go(func() {
			cache := map[string][]candidate{}
			for i := k; i < len(paras) && ctx.Err() == nil; i += workers {
				reads[i] = in.read(ctx, cache, sc, doc.Paragraphs[i], paras[i])
			}
		})
	}
	wg.Wait()
	if ctx.Err() != nil {
		return nil, nil
	}
	var mentions []Mention
	var fresh []NewName
	for i, r := range reads {
		para := doc.Paragraphs[i]
		for _, m := range r.found {
			d := sc.decide(m.candidates)
			d.Paragraph, d.Offset, d.Text = i+1, m.Offset, m.Text
			mentions = append(mentions, d)
		}
		for _, span := range r.spans {
			if overlaps(r.found, span[0].start, span[len(span)-1].end) {
				continue
			}
			if n, ok := in.newName(para, span, sc); ok {
				n.Paragraph = i + 1
				fresh = append(fresh, n)
			}
		}
	}
	return mentions, fresh
}

// read looks up the phrases of one paragraph. It only reads sc.
func (in *Ingester) read(ctx context.Context, cache map[string][]candidate, sc *scan, para string, ws []word) read {
	folded := make([]string, len(ws))
	for j, w := range ws {
		folded[j] = w.fold
	}
	r := read{found: in.phrases.find(para, ws, folded), spans: in.spans(ws, sc)}
	for _, span := range r.spans {
		r.found = append(r.found, in.match(ctx, cache, para, span)...)
	}
	r.found = longestFirst(r.found)
	return r
}

// longestFirst keeps, of mentions that overlap, the longest (the first
// found of equal ones), and returns them in the order of the text.
func longestFirst(ms []Mention) []Mention {
	slices.SortStableFunc(ms, func(a, b Mention) int { return len(b.Text) - len(a.Text) })
	var out []Mention
	for _, m := range ms {
		if !overlapsMention(out, m.Offset, m.Offset+len(m.Text)) {
			out = append(out, m)
		}
	}
	slices.SortFunc(out, func(a, b Mention) int { return a.Offset - b.Offset })
	return out
}

func overlapsMention(ms []Mention, start, end int) bool {
	for _, m := range ms {
		if m.Offset < end && start < m.Offset+len(m.Text) {
			return true
		}
	}
	return false
}

func overlaps(ms []Mention, start, end int) bool { return overlapsMention(ms, start, end) }

// spans returns the runs of capitalised words of a paragraph that may be
// names: words joined by spaces or hyphens, with a connector ("of the")
// allowed between two of them, and the common words that start a sentence
// left out.
func (in *Ingester) spans(ws []word, sc *scan) [][]word {
	var out [][]word
	var cur []word
	flush := func() {
		for len(cur) > 0 && !cur[len(cur)-1].upper {
			cur = cur[:len(cur)-1]
		}
		if len(cur) > 0 {
			out = append(out, cur)
		}
		cur = nil
	}
	for _, w := range ws {
		lw := strings.ToLower(w.text)
		name := w.upper && !in.function[lw] && !(w.sentence && sc.lower[lw]) && !isNumber(w.text)
		switch {
		case name && (len(cur) == 0 || w.joined):
			cur = append(cur, w)
		case name:
			flush()
			cur = append(cur, w)
		case len(cur) > 0 && w.joined && in.connectors[lw] && !cur[len(cur)-1].poss:
			cur = append(cur, w)
		default:
			flush()
		}
	}
	flush()
	return out
}

func isNumber(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' }) < 0
}

// match finds the phrases of a span that name known entities, its
// longest phrases first, each with its candidates.
func (in *Ingester) match(ctx context.Context, cache map[string][]candidate, para string, span []word) []Mention {
	covered := make([]bool, len(span))
	var out []Mention
	for n := min(len(span), maxSpan); n >= 1; n-- {
		for s := 0; s+n <= len(span); s++ {
			ph := span[s : s+n]
			if !ph[0].upper || !ph[n-1].upper || anyCovered(covered[s:s+n]) {
				continue
			}
			q := make([]string, 0, n)
			poss := make([]bool, 0, n)
			ok := true
			for _, w := range ph {
				if w.fold == "" {
					ok = false
					break
				}
				q, poss = append(q, w.fold), append(poss, w.poss)
			}
			if !ok {
				continue
			}
			cs := in.lookup(ctx, cache, q, poss)
			if len(cs) == 0 {
				continue
			}
			end := ph[n-1].start + len(ph[n-1].text)
			out = append(out, Mention{Offset: ph[0].start, Text: para[ph[0].start:end], candidates: cs})
			for i := s; i < s+n; i++ {
				covered[i] = true
			}
		}
	}
	return out
}

func anyCovered(c []bool) bool {
	for _, b := range c {
		if b {
			return true
		}
	}
	return false
}

// decide turns the candidates of a phrase into a mention: the one
// candidate, or the one the document named before, or else all of them.
func (sc *scan) decide(cs []candidate) Mention {
	pick := -1
	if len(cs) == 1 {
		pick = 0
	} else {
		for i, c := range cs {
			if sc.seen[c.id] {
				if pick >= 0 {
					pick = -1
					break
				}
				pick = i
			}
		}
	}
	if pick < 0 {
		m := Mention{How: HowAmbiguous, Confidence: round2(1 / float64(len(cs)))}
		for _, c := range cs[:min(len(cs), maxCandidates)] {
			m.Candidates = append(m.Candidates, c.id)
		}
		return m
	}
	c := cs[pick]
	conf := confidence(c.how)
	if sc.seen[c.id] && c.how != HowName {
		conf += 0.15 // the document named it before
	}
	if len(cs) > 1 {
		conf -= 0.1 // chosen over others by the document's earlier mention
	}
	sc.seen[c.id] = true
	m := Mention{Entity: c.id, Kind: c.kind, Matched: c.matched, How: c.how, Confidence: round2(min(conf, 0.99))}
	switch {
	case c.how == HowNear || c.how == HowSurnameNear:
		m.Spelling = history.NameMisspelling
	case c.derived:
		m.Spelling = history.NameTransliteration
	}
	return m
}

func round2(f float64) float64 { return float64(int(f*100+0.5)) / 100 }

// confidence is how sure a match of that kind is, alone.
func confidence(how string) float64 {
	switch how {
	case HowName:
		return 0.95
	case HowShort:
		return 0.9
	case HowNear:
		return 0.75
	case HowSurname:
		return 0.7
	}
	return 0.5
}
