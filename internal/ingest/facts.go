package ingest

import (
	"strconv"
	"strings"

	"github.com/memoria-history/memoria/internal/extract"
	"github.com/memoria-history/memoria/internal/history"
)

// DateFound is a date or period a paragraph gives, with the entities its
// sentence names.
type DateFound struct {
	Paragraph int          `json:"paragraph"`
	Offset    int          `json:"offset"`
	Text      string       `json:"text"`
	EDTF      string       `json:"edtf"`
	Entities  []history.ID `json:"entities,omitempty"`
}

// FigureFound is a figure a paragraph states, proposed as a claim about
// the first entity its sentence names.
type FigureFound struct {
	Paragraph   int          `json:"paragraph"`
	Offset      int          `json:"offset"`
	Text        string       `json:"text"`
	Value       *float64     `json:"value,omitempty"`
	Low         *float64     `json:"low,omitempty"`
	High        *float64     `json:"high,omitempty"`
	Approximate bool         `json:"approximate,omitempty"`
	Unit        string       `json:"unit,omitempty"`
	Noun        string       `json:"noun,omitempty"` // the word the unit was read from
	Of          string       `json:"of,omitempty"`   // what a share is a share of
	When        string       `json:"when,omitempty"` // EDTF: the time the sentence gives
	Entities    []history.ID `json:"entities,omitempty"`
}

// facts finds the dates and figures of each paragraph and ties them, and
// the mentions, to the entities named in the same sentence.
func facts(paras []string, ms []Mention) ([]DateFound, []FigureFound) {
	var dates []DateFound
	var figures []FigureFound
	at := 0
	for i, p := range paras {
		n := i + 1
		start := at
		for at < len(ms) && ms[at].Paragraph == n {
			at++
		}
		pm := ms[start:at]
		rd := extract.Read(p)
		sents := rd.Sentences
		named := func(off int) []history.ID {
			lo, hi := sentenceOf(sents, off, len(p))
			var ids []history.ID
			for _, m := range pm {
				if m.Offset >= lo && m.Offset < hi && m.Entity != "" && !containsID(ids, m.Entity) {
					ids = append(ids, m.Entity)
				}
			}
			return ids
		}
		ds := rd.Dates
		for _, d := range ds {
			dates = append(dates, DateFound{Paragraph: n, Offset: d.Start, Text: d.Text, EDTF: d.Value.EDTF, Entities: named(d.Start)})
		}
		for j := range pm {
			lo, hi := sentenceOf(sents, pm[j].Offset, len(p))
			for _, d := range ds {
				if d.Start >= lo && d.Start < hi && !strings.Contains(strings.Join(pm[j].Dates, " "), d.Value.EDTF) {
					pm[j].Dates = append(pm[j].Dates, d.Value.EDTF)
				}
			}
		}
		for _, f := range rd.Figures {
			ff := FigureFound{Paragraph: n, Offset: f.Start, Text: f.Text, Value: f.Quantity.Value, Low: f.Quantity.Low, High: f.Quantity.High,
				Approximate: f.Quantity.Approximate, Unit: f.Unit, Noun: f.Noun, Of: f.Of, Entities: named(f.Start)}
			if f.When != nil {
				ff.When = f.When.Value.EDTF
			}
			figures = append(figures, ff)
		}
	}
	return dates, figures
}

// sentenceOf returns the bounds of the sentence holding byte off, or the
// whole paragraph if none does.
func sentenceOf(sents [][2]int, off, n int) (int, int) {
	for _, s := range sents {
		if off >= s[0] && off < s[1] {
			return s[0], s[1]
		}
	}
	return 0, n
}

func containsID(ids []history.ID, id history.ID) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// property names what a figure counts, as a claim's property: the noun
// its unit was read from, else the unit, else "amount".
func (f FigureFound) property() string {
	for _, s := range []string{f.Noun, f.Unit} {
		if p := slug(s); s != "" && p != "unnamed" {
			return p
		}
	}
	return "amount"
}

// claimID makes the id of the claim a figure is proposed as.
func claimID(src history.ID, f FigureFound, k int) history.ID {
	return history.ID("claim/" + strings.TrimPrefix(string(src), "source/") + "-p" + strconv.Itoa(f.Paragraph) + "-" + strconv.Itoa(k))
}
