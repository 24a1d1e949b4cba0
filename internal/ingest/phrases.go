package ingest

import (
	"strings"
	"unicode"

	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/search"
)

// maxPhrase is the most words of a name looked up as a phrase.
const maxPhrase = 8

// phrases holds the names a scan of capitalised words cannot find, by
// their folded words joined by spaces: the names of groups, places, works
// and events ("old Bolsheviks", "Perm 36", "the Germans", "Article 58"),
// which hold numbers and small words, and any name a curator wrote with a
// small letter ("labour camps", "trotskyists"). People's names are left
// to the search index: they are most of a large store's names, and all
// capitalised.
type phrases struct {
	ids map[string][]phraseName
}

type phraseName struct {
	id      history.ID
	kind    history.Kind
	matched string
	lower   bool // the name is written all in small letters
}

func newPhrases(entries []search.Entry) *phrases {
	ph := &phrases{ids: map[string][]phraseName{}}
	add := func(e search.Entry, kind history.Kind, text string) {
		lower := strings.IndexFunc(text, unicode.IsUpper) < 0
		if kind == history.KindPerson && !lower {
			return
		}
		ts := search.Tokens(text)
		if len(ts) == 0 || len(ts) > maxPhrase {
			return
		}
		key := strings.Join(ts, " ")
		for _, n := range ph.ids[key] {
			if n.id == e.ID {
				return
			}
		}
		ph.ids[key] = append(ph.ids[key], phraseName{id: e.ID, kind: kind, matched: text, lower: lower})
	}
	for _, e := range entries {
		kind := e.Kind
		if kind == "" {
			kind = e.ID.Kind()
		}
		add(e, kind, e.Name)
		for _, n := range e.Names {
			add(e, kind, n.Text)
		}
	}
	return ph
}

// find returns the phrases of a paragraph's words that are names in the
// dictionary, longest first at each word. A name written with capitals
// counts only where the text capitalises one of its words, so that the
// group "Party" is not every party the text speaks of.
func (ph *phrases) find(para string, ws []word, folded []string) []Mention {
	var out []Mention
	for i := 0; i < len(ws); i++ {
		for n := min(maxPhrase, len(ws)-i); n >= 1; n-- {
			if n > 1 && !ws[i+n-1].joined {
				continue
			}
			if !joinedRun(ws[i : i+n]) {
				continue
			}
			names := ph.ids[strings.Join(folded[i:i+n], " ")]
			var cs []candidate
			for _, nm := range names {
				if !nm.lower && !anyUpper(ws[i:i+n]) {
					continue
				}
				cs = append(cs, candidate{id: nm.id, kind: nm.kind, how: HowName, level: 6, matched: nm.matched})
			}
			if len(cs) == 0 {
				continue
			}
			end := ws[i+n-1].start + len(ws[i+n-1].text)
			out = append(out, Mention{Offset: ws[i].start, Text: para[ws[i].start:end], candidates: cs})
			break
		}
	}
	return out
}

func joinedRun(ws []word) bool {
	for _, w := range ws[1:] {
		if !w.joined {
			return false
		}
	}
	return true
}

func anyUpper(ws []word) bool {
	for _, w := range ws {
		if w.upper {
			return true
		}
	}
	return false
}
