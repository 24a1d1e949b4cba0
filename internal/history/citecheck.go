package history

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// CheckCitations checks that each citation of a paragraph of a source
// whose text is known supports what it is cited for, as far as words can
// tell. texts holds the concordance of each source whose text the dataset
// ships. For every statement citing a paragraph of one of them:
//
//   - the paragraph must name at least one of the statement's entities, by
//     any of its names (misspellings included; a person also by the last
//     word of a name, the surname); a name cited to a paragraph must
//     itself be there;
//   - each figure of a claim (value, low, high) must be in the paragraph;
//   - a year given as the statement's date (a dated fact, a relation's
//     start or end, a claim's date or time, an event and the parts an
//     entity played in it) must be in the paragraph, unless another
//     citation of the statement supports it: one of a source without a
//     text, or of a paragraph that gives the year.
//
// A citation of such a source whose locator is not a paragraph, or names
// one the text does not have, is reported too. Each finding names the
// record, the field, the citation and what was not found.
func CheckCitations(ds *Dataset, texts map[ID]*Concordance) Problems {
	if len(texts) == 0 {
		return nil
	}
	ck := citeChecker{texts: texts, names: map[ID][][]string{}, display: map[ID]string{}, events: map[ID]*Event{}}
	// Every name first: a statement may name an entity of a later record.
	each(ds.Entities, ck.addNames)
	each(ds.Events, ck.addEvent)
	each(ds.Entities, ck.entity)
	each(ds.Events, ck.event)
	each(ds.Relations, ck.relation)
	each(ds.Claims, ck.claim)
	ck.problems.Sort()
	return ck.problems
}

type citeChecker struct {
	texts    map[ID]*Concordance
	names    map[ID][][]string // each entity's and event's names, as words
	display  map[ID]string     // the canonical name, for messages
	events   map[ID]*Event
	problems Problems
}

// claimed is one statement to check: where it is, what it cites, and
// what the paragraphs it cites should hold.
type claimed struct {
	at       Position
	rec      ID
	field    string
	cites    []Citation
	about    []ID   // the statement's entities: a paragraph must name one
	name     string // a name that must itself be in the paragraph
	figures  []float64
	date     Date // the date whose year a paragraph must give
	dateWhat string
}

func (ck *citeChecker) addNames(e *Entity) {
	ck.display[e.ID] = e.Name
	ck.names[e.ID] = nameWords(e.Name, e.Names, e.Kind == KindPerson)
}

func (ck *citeChecker) addEvent(e *Event) {
	ck.events[e.ID] = e
	ck.display[e.ID] = e.Name
	ck.names[e.ID] = nameWords(e.Name, e.Names, false)
}

// nameWords returns the words of each name; with surnames, also the last
// word of each name in the Latin script (a person is named by surname).
func nameWords(canonical string, names []Name, surnames bool) [][]string {
	all := []string{canonical}
	for _, n := range names {
		all = append(all, n.Text)
	}
	var out [][]string
	for _, n := range all {
		ws := Words(n)
		if len(ws) == 0 {
			continue
		}
		out = append(out, ws)
		if surnames && len(ws) > 1 {
			out = append(out, ws[len(ws)-1:])
		}
	}
	return out
}

func (ck *citeChecker) entity(e *Entity) {
	ck.check(claimed{at: e.At, rec: e.ID, field: "cite", cites: e.Citations, about: []ID{e.ID}})
	for _, n := range e.Names {
		ck.check(claimed{at: n.At, rec: e.ID, field: "names", cites: n.Citations, name: n.Text})
	}
	for _, f := range []struct {
		field string
		fact  *DatedFact
	}{{"born", e.Born}, {"died", e.Died}, {"date", e.Date}, {"ended", e.Ended}} {
		if f.fact != nil {
			ck.check(claimed{at: f.fact.At, rec: e.ID, field: f.field, cites: f.fact.Citations, about: []ID{e.ID}, date: f.fact.Date, dateWhat: f.field})
		}
	}
}

// eventEntities are what an event is about: itself (by its names), its
// participants and its place.
func eventEntities(e *Event) []ID {
	ids := []ID{e.ID}
	for _, p := range e.Participants {
		ids = append(ids, p.Entity)
	}
	if e.Place != nil {
		ids = append(ids, e.Place.Target)
	}
	return ids
}

func (ck *citeChecker) event(e *Event) {
	about := eventEntities(e)
	date := e.Date.When()
	ck.check(claimed{at: e.At, rec: e.ID, field: "cite", cites: e.Citations, about: about, date: date, dateWhat: "the event's date"})
	for _, n := range e.Names {
		ck.check(claimed{at: n.At, rec: e.ID, field: "names", cites: n.Citations, name: n.Text})
	}
	if e.Date != nil {
		ck.check(claimed{at: e.Date.At, rec: e.ID, field: "date", cites: e.Date.Citations, about: about, date: date, dateWhat: "date"})
	}
	for _, p := range e.Participants {
		ck.check(claimed{at: p.At, rec: e.ID, field: "participants", cites: p.Citations, about: []ID{p.Entity, e.ID}, date: date,
			dateWhat: fmt.Sprintf("the date of %s's part as %s", ck.display[p.Entity], p.Role)})
	}
	if l := e.Place; l != nil {
		ck.check(claimed{at: l.At, rec: e.ID, field: "place", cites: l.Citations, about: []ID{l.Target, e.ID}})
	}
	links := func(field string, ls []Link) {
		for _, l := range ls {
			about := slices.Concat(about, []ID{l.Target})
			if other := ck.events[l.Target]; other != nil {
				about = append(about, eventEntities(other)...)
			}
			ck.check(claimed{at: l.At, rec: e.ID, field: field, cites: l.Citations, about: about})
		}
	}
	if e.Parent != nil {
		links("parent", []Link{*e.Parent})
	}
	links("causes", e.Causes)
	links("consequences", e.Consequences)
}

func (ck *citeChecker) relation(r *Relation) {
	about := []ID{r.Subject, r.Object}
	ck.check(claimed{at: r.At, rec: r.ID, field: "cite", cites: r.Citations, about: about})
	for _, f := range []struct {
		field string
		fact  *DatedFact
	}{{"start", r.Start}, {"end", r.End}} {
		if f.fact != nil {
			ck.check(claimed{at: f.fact.At, rec: r.ID, field: f.field, cites: f.fact.Citations, about: about, date: f.fact.Date, dateWhat: f.field})
		}
	}
}

func (ck *citeChecker) claim(c *Claim) {
	// A claim without a subject (a draft's figure no sentence tied to a
	// record) is reported as such by validation; its text names no one yet.
	var about []ID
	if c.Subject != "" {
		about = []ID{c.Subject}
	}
	if e := ck.events[c.Subject]; e != nil {
		about = eventEntities(e)
	}
	var figures []float64
	if q := c.Quantity; q != nil {
		for _, v := range []*float64{q.Value, q.Low, q.High} {
			if v != nil {
				figures = append(figures, *v)
			}
		}
	}
	ck.check(claimed{at: c.At, rec: c.ID, field: "cite", cites: c.Citations, about: about, figures: figures, date: c.DateValue, dateWhat: "date"})
	if c.Time != nil {
		ck.check(claimed{at: c.Time.At, rec: c.ID, field: "time", cites: c.Time.Citations, about: about, date: c.Time.Date, dateWhat: "time"})
	}
}

// check reports what each citation of s to a known text fails to hold.
func (ck *citeChecker) check(s claimed) {
	if s.at.File == "" {
		s.at = Position{}
	}
	first, last, dated := years(s.date)
	var missingYear []Citation
	yearSupported := !dated
	for _, c := range s.cites {
		text := ck.texts[c.Source]
		if text == nil {
			yearSupported = true
			continue
		}
		ps, ok := ParagraphLocator(c.Locator)
		if !ok {
			ck.add(s, "cites %s, but %s has a text and %q is not a paragraph of it: write ¶N", c, c.Source, c.Locator)
			continue
		}
		if bad := slices.IndexFunc(ps, func(p int) bool { return p > len(text.Words) }); bad >= 0 {
			ck.add(s, "cites %s, but the text of %s has %d paragraphs", c, c.Source, len(text.Words))
			continue
		}
		if s.name != "" && !anyParagraph(ps, func(p int) bool { return text.HasWords(p, Words(s.name)) }) {
			ck.add(s, "cites %s for the name %q, which is not there", c, s.name)
		}
		if len(s.about) > 0 && !anyParagraph(ps, func(p int) bool { return ck.namesOneOf(text, p, s.about) }) {
			ck.add(s, "cites %s, which names none of %s", c, ck.list(s.about))
		}
		for _, v := range s.figures {
			if !anyParagraph(ps, func(p int) bool { return text.HasNumber(p, v) }) {
				ck.add(s, "cites %s for the figure %s, which is not there", c, strconv.FormatFloat(v, 'f', -1, 64))
			}
		}
		if dated {
			if anyParagraph(ps, func(p int) bool { return text.HasYearIn(p, first, last) }) {
				yearSupported = true
			} else {
				missingYear = append(missingYear, c)
			}
		}
	}
	if !yearSupported && len(missingYear) > 0 {
		cs := make([]string, len(missingYear))
		for i, c := range missingYear {
			cs[i] = c.String()
		}
		verb := "gives"
		if len(cs) > 1 {
			verb = "give"
		}
		ck.add(s, "%s is %s, but %s %s no year %s and nothing else cited supports it: cite the work that gives the date",
			s.dateWhat, s.date, strings.Join(cs, " and "), verb, yearSpan(first, last))
	}
}

// namesOneOf reports whether paragraph p names one of ids.
func (ck *citeChecker) namesOneOf(text *Concordance, p int, ids []ID) bool {
	for _, id := range ids {
		for _, ws := range ck.names[id] {
			if text.HasWords(p, ws) {
				return true
			}
		}
	}
	return false
}

func anyParagraph(ps []int, f func(int) bool) bool { return slices.ContainsFunc(ps, f) }

// list names the entities of a statement for a message.
func (ck *citeChecker) list(ids []ID) string {
	var out []string
	for _, id := range ids {
		name := ck.display[id]
		if name == "" {
			name = string(id)
		}
		if !slices.Contains(out, name) {
			out = append(out, name)
		}
	}
	return strings.Join(out, ", ")
}

func (ck *citeChecker) add(s claimed, format string, args ...any) {
	ck.problems = append(ck.problems, Problem{At: s.at, Record: s.rec, Field: s.field, Message: fmt.Sprintf(format, args...)})
}

// years returns the years a date may fall in: from its earliest to its
// latest bound, one bound when the other is open; false for the unknown
// date or one open at both ends.
func years(d Date) (first, last int, ok bool) {
	lo, hi := d.Earliest, d.Latest
	switch {
	case lo.IsZero() && hi.IsZero():
		return 0, 0, false
	case lo.IsZero():
		lo = hi
	case hi.IsZero():
		hi = lo
	}
	return lo.Year(), hi.Year(), true
}

func yearSpan(first, last int) string {
	if first == last {
		return strconv.Itoa(first)
	}
	return fmt.Sprintf("from %d to %d", first, last)
}

// ParagraphLocator reads a locator that names paragraphs: "¶9", or a
// range "¶9-11" (or with an en dash). It returns the paragraphs named.
func ParagraphLocator(loc string) ([]int, bool) {
	rest, ok := strings.CutPrefix(strings.TrimSpace(loc), "¶")
	if !ok {
		return nil, false
	}
	from, to, isRange := strings.Cut(strings.ReplaceAll(rest, "–", "-"), "-")
	a, err := strconv.Atoi(from)
	if err != nil || a < 1 {
		return nil, false
	}
	b := a
	if isRange {
		b, err = strconv.Atoi(strings.TrimPrefix(to, "¶"))
		if err != nil || b < a || b-a > 100 {
			return nil, false
		}
	}
	out := make([]int, 0, b-a+1)
	for p := a; p <= b; p++ {
		out = append(out, p)
	}
	return out, true
}
