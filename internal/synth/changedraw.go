package synth

import (
	"fmt"
	"slices"
	"strings"

	"github.com/memoria-history/memoria/internal/history"
)

// The records a Changer makes and the corrections it draws. Every list a
// correction changes is copied first: the indexes hold the old version.

var entityKinds = []history.Kind{history.KindPerson, history.KindGroup, history.KindPlace, history.KindWork}

// make draws a new record of kind k under id.
func (c *Changer) make(k history.Kind, id history.ID) any {
	switch k {
	case history.KindSource:
		return history.Source{ID: id, Title: c.name(), Kind: history.SourceKinds()[c.r.IntN(len(history.SourceKinds()))]}
	case history.KindEvent:
		e := history.Event{ID: id, Name: c.name(), Type: c.oneOf("meeting", "arrest", "execution", "trial"), Citations: c.cites()}
		for range 1 + c.r.IntN(4) {
			c.addParticipant(&e)
		}
		if c.r.IntN(3) != 0 {
			e.Date = &history.DatedFact{Date: c.date(), Citations: c.cites()}
		}
		c.linkPlace(&e)
		c.linkParent(&e)
		c.link(&e)
		return e
	case kindRelation:
		r := history.Relation{ID: id, Subject: c.pick(entityKinds...), Object: c.pick(entityKinds...), Citations: c.cites()}
		c.redraw(&r)
		return r
	case kindClaim:
		cl := history.Claim{ID: id, Unit: "people", Citations: c.cites()}
		c.reclaim(&cl)
		return cl
	}
	e := history.Entity{ID: id, Kind: k, Name: c.name(), Citations: c.cites()}
	if c.r.IntN(3) == 0 {
		e.Names = []history.Name{c.variant()}
	}
	if k == history.KindPerson && c.r.IntN(2) == 0 {
		e.Born = &history.DatedFact{Date: c.date(), Citations: c.cites()}
	}
	if c.r.IntN(3) == 0 {
		c.end(&e)
	}
	return e
}

// correct draws a corrected version of rec.
func (c *Changer) correct(rec any) any {
	switch r := rec.(type) {
	case history.Source:
		r.Title = c.name()
		return r
	case history.Entity:
		switch c.r.IntN(4) {
		case 0:
			r.Name = c.name()
		case 1:
			r.Names = append(slices.Clone(r.Names), c.variant())
		case 2:
			r.Names = nil
		default:
			r.Citations = c.cites()
			c.end(&r)
		}
		return r
	case history.Event:
		switch c.r.IntN(7) {
		case 6:
			c.link(&r)
		case 0:
			r.Date = &history.DatedFact{Date: c.date(), Citations: c.cites()}
		case 1:
			r.Participants = slices.Clone(r.Participants)
			c.addParticipant(&r)
		case 2:
			if len(r.Participants) > 0 {
				i := c.r.IntN(len(r.Participants))
				r.Participants = slices.Delete(slices.Clone(r.Participants), i, i+1)
			}
		case 3:
			r.Place = nil
			c.linkPlace(&r)
		case 4:
			r.Parent = nil
			c.linkParent(&r)
		default:
			r.Name = c.name()
			r.Date = nil
		}
		return r
	case history.Relation:
		if c.r.IntN(3) == 0 {
			r.Subject, r.Object = c.pick(entityKinds...), r.Subject
		}
		c.redraw(&r)
		return r
	case history.Claim:
		c.reclaim(&r)
		return r
	}
	return rec
}

// redraw gives a relation a new type and span.
func (c *Changer) redraw(r *history.Relation) {
	r.Type = history.RelationTypes()[c.r.IntN(len(history.RelationTypes()))]
	r.Start, r.End = nil, nil
	if c.r.IntN(2) == 0 {
		y := 1900 + c.r.IntN(50)
		r.Start = &history.DatedFact{Date: history.MustParseDate(fmt.Sprint(y)), Citations: c.factCites(r.Citations)}
		if c.r.IntN(2) == 0 {
			r.End = &history.DatedFact{Date: history.MustParseDate(fmt.Sprint(y + c.r.IntN(20))), Citations: c.factCites(r.Citations)}
		}
	}
}

// reclaim gives a claim a new subject, figure and time. One in four is
// about one of a few people, so that claims ask the same question and
// disagree.
func (c *Changer) reclaim(cl *history.Claim) {
	if people := c.ids[history.KindPerson]; len(people) > 0 {
		n := len(people)
		if c.r.IntN(4) == 0 {
			n = min(n, 20)
		}
		cl.Subject = people[c.r.IntN(n)]
	}
	cl.Property = c.oneOf("deaths", "prisoners")
	v := float64(100 * (1 + c.r.IntN(8)))
	switch c.r.IntN(3) {
	case 0:
		cl.Quantity = &history.Quantity{Value: &v}
	case 1:
		hi := v + 300
		cl.Quantity = &history.Quantity{Low: &v, High: &hi}
	default:
		cl.Quantity = &history.Quantity{Value: &v, Approximate: true}
	}
	cl.Entities = nil
	if c.r.IntN(4) == 0 {
		// A claim about where: two sources naming other places disagree.
		cl.Property, cl.Quantity = "place", nil
		for range 1 + c.r.IntN(2) {
			if p := c.pick(history.KindPlace); p != "" && !slices.Contains(cl.Entities, p) {
				cl.Entities = append(cl.Entities, p)
			}
		}
	}
	cl.Time = nil
	if c.r.IntN(2) == 0 {
		cl.Time = &history.DatedFact{Date: c.date(), Citations: c.factCites(cl.Citations)}
	}
	cl.Contradicts = nil
	if o := c.pick(kindClaim); o != "" && o != cl.ID && c.r.IntN(4) == 0 {
		cl.Contradicts = []history.ID{o}
	}
	cl.Citations = c.cites()
}

// end gives an entity an end, another one or none: a person's death, the
// end of anything else. A relation without an end of its own ends with it.
func (c *Changer) end(e *history.Entity) {
	var f *history.DatedFact
	if c.r.IntN(4) != 0 {
		f = &history.DatedFact{Date: c.date(), Citations: c.factCites(e.Citations)}
	}
	if e.Kind == history.KindPerson {
		e.Died = f
	} else {
		e.Ended = f
	}
}

// link gives an event new causes and consequences, and now and then states
// a link that the other event states too: a cause stated on both of its
// events is one link.
func (c *Changer) link(e *history.Event) {
	e.Causes, e.Consequences = nil, nil
	if t := c.pick(history.KindEvent); t != "" && t != e.ID && c.r.IntN(3) == 0 {
		e.Causes = []history.Link{{Target: t, Citations: c.cites()}}
	}
	for range c.r.IntN(3) {
		if t := c.pick(history.KindEvent); t != "" && t != e.ID && linkTo(e.Consequences, t) < 0 {
			e.Consequences = append(e.Consequences, history.Link{Target: t, Citations: c.cites()})
		}
	}
	if from, ok := c.mirror[e.ID]; ok && from != e.ID && linkTo(e.Causes, from) < 0 {
		delete(c.mirror, e.ID)
		e.Causes = append(e.Causes, history.Link{Target: from, Citations: c.cites()})
	}
	if len(e.Consequences) > 0 {
		t := e.Consequences[0].Target
		if _, ok := c.mirror[t]; !ok {
			c.mirrorOrder = append(c.mirrorOrder, t)
		}
		c.mirror[t] = e.ID
	}
}

func linkTo(ls []history.Link, id history.ID) int {
	return slices.IndexFunc(ls, func(l history.Link) bool { return l.Target == id })
}

func (c *Changer) addParticipant(e *history.Event) {
	who := c.pick(entityKinds...)
	role := history.Roles()[c.r.IntN(len(history.Roles()))]
	if who == "" || slices.ContainsFunc(e.Participants, func(p history.Participation) bool { return p.Entity == who && p.Role == role }) {
		return
	}
	e.Participants = append(e.Participants, history.Participation{Entity: who, Role: role, Citations: c.cites()})
}

func (c *Changer) linkPlace(e *history.Event) {
	if t := c.pick(history.KindPlace); t != "" && c.r.IntN(2) == 0 {
		e.Place = &history.Link{Target: t, Citations: c.cites()}
	}
}

func (c *Changer) linkParent(e *history.Event) {
	if t := c.pick(history.KindEvent); t != "" && t != e.ID && c.r.IntN(3) == 0 {
		e.Parent = &history.Link{Target: t, Citations: c.cites()}
	}
}

// name draws two or three of the dataset's words, now and then with a
// letter changed.
func (c *Changer) name() string {
	ws := make([]string, 2+c.r.IntN(2))
	for i := range ws {
		ws[i] = c.words[c.r.IntN(len(c.words))]
	}
	if c.r.IntN(5) == 0 {
		rs := []rune(ws[0])
		rs[c.r.IntN(len(rs))] = rune('a' + c.r.IntN(26))
		ws[0] = string(rs)
	}
	return strings.Join(ws, " ")
}

func (c *Changer) variant() history.Name {
	kinds := []history.NameKind{history.NameVariant, history.NameMisspelling, history.NameTransliteration}
	return history.Name{Text: c.name(), Kind: kinds[c.r.IntN(len(kinds))], Citations: c.cites()}
}

// cites draws one or two citations of current sources.
func (c *Changer) cites() []history.Citation {
	var out []history.Citation
	for range 1 + c.r.IntN(2) {
		if s := c.pick(history.KindSource); s != "" {
			out = append(out, history.Citation{Source: s, Locator: fmt.Sprintf("¶%d", 1+c.r.IntN(30))})
		}
	}
	return out
}

// factCites draws the citations of a record's date: mostly the record's
// own, as the dataset format gives them when a date names no source.
func (c *Changer) factCites(own []history.Citation) []history.Citation {
	if c.r.IntN(3) == 0 {
		return c.cites()
	}
	return own
}

// date draws a year, a month, a span or an open-ended span.
func (c *Changer) date() history.Date {
	y := 1900 + c.r.IntN(60)
	s := fmt.Sprint(y)
	switch c.r.IntN(6) {
	case 0:
		s = fmt.Sprintf("%d-%02d", y, 1+c.r.IntN(12))
	case 1:
		s = fmt.Sprintf("%d/%d", y, y+c.r.IntN(20))
	case 2:
		s = fmt.Sprintf("%d/..", y)
	case 3:
		s = fmt.Sprintf("%d?", y)
	}
	return history.MustParseDate(s)
}

func (c *Changer) oneOf(xs ...string) string { return xs[c.r.IntN(len(xs))] }
