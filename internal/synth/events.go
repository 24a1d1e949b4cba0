package synth

import (
	"context"
	"math"
	"strconv"

	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/translit"
)

// eventKind is a kind of event and the roles its participants play: one
// who ordered or led it (now and then), many to whom it happened or who
// took part (a heavy-tailed number), and a group that carried it out.
type eventKind struct {
	typ       string
	title     string
	lead      history.Role
	leadP     float64 // the chance of a lead participant
	mass      history.Role
	massMin   int
	massMax   int // zero: heavy-tailed, up to maxParticipants
	extra     history.Role
	group     history.Role
	groupType string // the type of group wanted; any when empty
	place     placeClass
	weight    int  // out of the sum of all; campaigns have none
	victims   bool // the sources count its victims
}

var eventKinds = []eventKind{
	{typ: "arrest", title: "Arrest", lead: history.RoleOrdered, leadP: 0.3, mass: history.RoleVictim, massMin: 1, group: history.RoleCarriedOut, groupType: "police", place: classCity, weight: 30, victims: true},
	{typ: "trial", title: "Trial", lead: history.RoleOrdered, leadP: 0.2, mass: history.RoleSubject, massMin: 1, extra: history.RoleWitness, group: history.RoleCarriedOut, groupType: "court", place: classCity, weight: 12, victims: true},
	{typ: "execution", title: "Execution", lead: history.RoleOrdered, leadP: 0.4, mass: history.RoleVictim, massMin: 1, group: history.RoleCarriedOut, groupType: "police", place: classSite, weight: 10, victims: true},
	{typ: "deportation", title: "Deportation", lead: history.RoleOrdered, leadP: 0.5, mass: history.RoleVictim, massMin: 5, group: history.RoleCarriedOut, groupType: "police", place: classRegion, weight: 5, victims: true},
	{typ: "imprisonment", title: "Imprisonment", mass: history.RoleVictim, massMin: 1, massMax: 3, place: classCamp, weight: 15},
	{typ: "appointment", title: "Appointment", lead: history.RoleAppointed, leadP: 1, mass: history.RoleAppointee, massMin: 1, massMax: 1, group: history.RoleSubject, place: classCity, weight: 8},
	{typ: "congress", title: "Congress", lead: history.RoleLed, leadP: 0.8, mass: history.RoleMember, massMin: 8, group: history.RoleSubject, groupType: "party", place: classCity, weight: 6},
	{typ: "strike", title: "Strike", lead: history.RoleLed, leadP: 0.5, mass: history.RoleOpposed, massMin: 4, extra: history.RoleSupported, group: history.RoleSubject, groupType: "enterprise", place: classCity, weight: 4},
	{typ: "rehabilitation", title: "Rehabilitation", mass: history.RoleBeneficiary, massMin: 1, group: history.RoleCarriedOut, groupType: "court", place: classCity, weight: 5},
	{typ: "mass-operation", title: "Mass operation", lead: history.RoleOrdered, leadP: 1, mass: history.RoleVictim, massMin: 20, group: history.RoleCarriedOut, groupType: "police", place: classRegion, victims: true},
}

// campaignKind is the kind of every campaignEvery-th event.
var campaignKind = len(eventKinds) - 1

var eventKindWeights = newWeights(len(eventKinds), func(i int) int { return eventKinds[i].weight })

// participantAlpha is the tail exponent of the number of participants
// in an event: most have a few, one in a hundred has over a hundred.
const participantAlpha = 1.15

// maxParticipants caps the participants of one event, so that one file
// record stays small; 2,000 is the size of the largest real trials and
// operations that name their victims.
const maxParticipants = 2000

// eventHead is what is drawn first for an event: its kind, its parent
// campaign and its date. Children draw their dates inside their parent's
// span, so heads are drawn apart from the rest of the event.
type eventHead struct {
	kind   int
	parent int // -1 for none
	date   edtf
}

func (g *generator) eventHead(k int) eventHead {
	st := newStream(g.seed, tagEventHead, k)
	h := eventHead{parent: -1}
	if k%campaignEvery == 0 {
		h.kind = campaignKind
		year := st.between(1929, 1952)
		if st.chance(0.5) {
			year = st.between(1936, 1937)
		}
		h.date = edtf{year: year}
		if n := st.intn(3); n > 0 {
			h.date.until = year + n
		}
		return h
	}
	h.kind = eventKindWeights.draw(&st)
	if eventKinds[h.kind].typ == "rehabilitation" {
		h.date = drawDate(&st, st.between(1954, 1991), 0.6, 0.25)
		return h
	}
	if k > campaignEvery && st.chance(0.3) {
		// A part of an earlier campaign, dated within it. Parents always
		// come earlier in the numbering, so there are no cycles.
		h.parent = campaignEvery * st.intn((k-1)/campaignEvery+1)
		p := g.eventHead(h.parent).date
		h.date = drawDate(&st, st.between(p.year, max(p.year, p.until)), 0.6, 0.25)
		return h
	}
	year := st.between(1917, 1956)
	if st.chance(0.35) {
		year = st.between(1936, 1938)
	}
	h.date = drawDate(&st, year, 0.6, 0.25)
	return h
}

// refKind is the kind of record a participant is.
type refKind int

const (
	refPerson refKind = iota
	refGroup
	refPlace
)

type participant struct {
	kind  refKind
	n     int
	role  history.Role
	cited bool // cited to the encyclopedia instead of like the event
}

// eventDraw is an event being drawn; a worker reuses one for every event.
type eventDraw struct {
	head         eventHead
	parts        []participant
	mass         int // participants in the mass role
	firstMass    int // the first of them, who names the event
	group        int // the group taking part, or -1
	place        int
	cause        int // -1 for none
	consequence  int // -1 for none
	variantName  bool
	encyclopedia bool // the event cites the encyclopedia as well
}

func (w *worker) drawEvent(k int) *eventDraw {
	g := w.g
	e := &w.ev
	st := newStream(g.seed, tagEvent, k)
	*e = eventDraw{head: g.eventHead(k), parts: e.parts[:0], firstMass: -1, group: -1, cause: -1, consequence: -1}
	kind := &eventKinds[e.head.kind]
	clear(w.seen)
	addPerson := func(n int, role history.Role) bool {
		if _, dup := w.seen[n]; dup {
			return false
		}
		w.seen[n] = struct{}{}
		e.parts = append(e.parts, participant{kind: refPerson, n: n, role: role, cited: st.chance(0.05)})
		return true
	}
	if kind.lead != "" && st.chance(kind.leadP) {
		addPerson(g.personAt(g.leaderLaw.draw(&st)), kind.lead)
	}
	var want int
	if kind.massMax > 0 {
		want = st.between(kind.massMin, kind.massMax)
	} else {
		want = heavy(&st, kind.massMin, maxParticipants, participantAlpha)
	}
	want = min(want, g.people-len(e.parts))
	for tries := 0; e.mass < want && tries < 3*want+10; tries++ {
		n := g.personAt(g.personLaw.draw(&st))
		if addPerson(n, kind.mass) {
			if e.mass == 0 {
				e.firstMass = n
			}
			e.mass++
		}
	}
	if kind.extra != "" && st.chance(0.3) {
		for range st.between(1, 3) {
			addPerson(g.personAt(g.personLaw.draw(&st)), kind.extra)
		}
	}
	if kind.group != "" {
		e.group = g.findGroup(&st, kind.groupType)
		e.parts = append(e.parts, participant{kind: refGroup, n: e.group, role: kind.group})
	}
	switch kind.place {
	case classCamp:
		e.place = g.placeStart[classCamp] + g.campLaw.draw(&st)
		e.parts = append(e.parts, participant{kind: refPlace, n: e.place, role: history.RoleLocation})
	case classCity:
		e.place = g.placeStart[classCity] + g.cityLaw.draw(&st)
	default:
		e.place = g.placeStart[kind.place] + st.intn(g.places[kind.place])
	}
	if k > 0 && st.chance(0.08) {
		e.cause = k - 1 - st.intn(min(k, 200))
	}
	if k+1 < g.events && st.chance(0.03) {
		e.consequence = k + 1 + st.intn(min(200, g.events-k-1))
	}
	e.variantName = kind.typ == "trial" && st.chance(0.1)
	e.encyclopedia = st.chance(0.15)
	return e
}

// eventName names an event after the people, groups and places in it:
// "Arrest of Ivan Korabov and 3 others", "Mass operation in Korabskaya
// Oblast".
func (g *generator) eventName(e *eventDraw) string {
	kind := &eventKinds[e.head.kind]
	var first string
	if e.firstMass >= 0 {
		p := g.person(e.firstMass)
		first = p.name()
	}
	others := ""
	if e.mass > 1 {
		others = " and " + strconv.Itoa(e.mass-1) + " others"
	}
	switch kind.typ {
	case "deportation", "mass-operation":
		_, region := g.placeName(e.place)
		prep := " from "
		if kind.typ == "mass-operation" {
			prep = " in "
		}
		return kind.title + prep + region
	case "imprisonment":
		_, camp := g.placeName(e.place)
		return kind.title + " of " + first + others + " in " + camp
	case "appointment":
		return kind.title + " of " + first + " to the " + g.group(e.group).name
	case "congress", "strike":
		return kind.title + " of the " + g.group(e.group).name
	}
	return kind.title + " of " + first + others
}

// eventFiles writes chunk c of the events and, beside it, the claims about
// them.
func (w *worker) eventFiles(ctx context.Context, c int) ([]File, Stats, error) {
	names := []string{chunkName("events", c), chunkName("claims", c)}
	return w.writeFiles(names, func(files []*outFile) (stats Stats, err error) {
		g := w.g
		events, claims := files[0], files[1]
		events.y.raw("events:\n")
		claims.y.raw("claims:\n")
		from, to := w.span(c, g.events)
		for k := from; k < to; k++ {
			if err := cancelled(ctx, k); err != nil {
				return stats, err
			}
			e := w.drawEvent(k)
			w.writeEvent(&events.y, k, e)
			events.records++
			stats.Participations += len(e.parts)
			claims.records += w.writeEventClaims(&claims.y, k, e)
		}
		stats.Events, stats.Claims = events.records, claims.records
		return stats, nil
	})
}

func writeRef(g *generator, y *yamlOut, p participant) {
	switch p.kind {
	case refPerson:
		y.id("person/p", p.n+1, personWidth)
	case refGroup:
		y.id("group/g", p.n+1, groupWidth)
	default:
		g.placeID(y, p.n)
	}
}

func (w *worker) writeEvent(y *yamlOut, k int, e *eventDraw) {
	g := w.g
	kind := &eventKinds[e.head.kind]
	st := newStream(g.seed, tagEventCitations, k)
	y.id("  - id: event/e", k+1, eventWidth)
	y.raw("\n    name: ")
	name := g.eventName(e)
	y.text(name)
	y.raw("\n    type: " + kind.typ)
	if e.head.kind == campaignKind {
		y.raw("\n    description: A campaign of arrests, deportations and executions, drawn at random.")
	}
	y.raw("\n    date: ")
	y.date(e.head.date)
	y.raw("\n    place: ")
	g.placeID(y, e.place)
	if e.head.parent >= 0 {
		y.id("\n    parent: event/e", e.head.parent+1, eventWidth)
	}
	if e.cause >= 0 {
		y.id("\n    causes: [event/e", e.cause+1, eventWidth)
		y.raw("]")
	}
	if e.consequence >= 0 {
		y.id("\n    consequences: [event/e", e.consequence+1, eventWidth)
		y.raw("]")
	}
	y.raw("\n    participants:")
	for _, p := range e.parts {
		y.raw("\n      - {who: ")
		writeRef(g, y, p)
		y.raw(", role: " + string(p.role))
		if p.cited {
			y.raw(", cite: ")
			citeEncyclopedia(y, &st)
		}
		y.raw("}")
	}
	if e.variantName {
		p := g.person(e.firstMass)
		y.raw("\n    names: [{text: ")
		y.text("The " + romanise(p.surname, translit.BGN) + " affair")
		y.raw(", kind: variant}]")
	}
	y.raw("\n    cite: ")
	citeRecord(y, "case", k+1, e.encyclopedia, &st)
	y.raw("\n\n")
}

// writeEventClaims writes the sources' counts of an event's victims, for
// most events with many, and now and then two dates for it that may
// disagree.
func (w *worker) writeEventClaims(y *yamlOut, k int, e *eventDraw) int {
	g := w.g
	st := newStream(g.seed, tagEventClaims, k)
	written := 0
	kind := &eventKinds[e.head.kind]
	when := e.head.date
	if kind.victims && e.mass >= 5 && st.chance(0.6) {
		c := claimSpec{
			idPrefix: "claim/e", subject: "event/e", n: k, width: eventWidth,
			suffix: "-victims", property: "victims", unit: "people", time: when,
		}
		// The registry knows of more victims than it names.
		written += c.pair(y, &st, e.mass*(1+st.intn(3)), "case", k+1)
	}
	if st.chance(0.03) {
		c := claimSpec{idPrefix: "claim/e", subject: "event/e", n: k, width: eventWidth, suffix: "-date", property: "date"}
		written += c.dates(y, &st, when, "case", k+1)
	}
	return written
}

// claimSpec is a question the sources answer with figures: a subject, a
// property, a unit and a time. Claim ids are the subject's slug, the
// suffix, and the source: claim/e0000042-victims-registry.
type claimSpec struct {
	idPrefix, subject string // "claim/e", "event/e"
	n, width          int    // the subject's number (from zero) and id width
	suffix            string
	property, unit    string
	time              edtf
}

func (c *claimSpec) head(y *yamlOut, source string) {
	y.id("  - id: "+c.idPrefix, c.n+1, c.width)
	y.raw(c.suffix + "-" + source)
	y.id("\n    subject: "+c.subject, c.n+1, c.width)
	y.raw("\n    property: " + c.property)
}

func (c *claimSpec) unitAndTime(y *yamlOut) {
	y.raw("\n    unit: " + c.unit)
	if !c.time.zero() {
		y.raw("\n    time: ")
		y.date(c.time)
	}
}

// dates writes the registry's date for the question and the
// encyclopedia's: the same year, or one or two years later, which the
// registry's date rules out. It returns how many claims it wrote.
func (c *claimSpec) dates(y *yamlOut, st *stream, when edtf, what string, n int) int {
	c.head(y, "registry")
	y.raw("\n    date: ")
	y.date(when)
	y.raw("\n    cite: ")
	citeRegistry(y, what, n)
	y.raw("\n\n")
	other := edtf{year: when.year}
	if st.chance(0.5) {
		other.year += st.between(1, 2)
	}
	c.head(y, "encyclopedia")
	y.raw("\n    date: ")
	y.date(other)
	y.raw("\n    cite: ")
	citeEncyclopedia(y, st)
	y.raw("\n\n")
	return 2
}

// pair writes the registry's figure and, for most questions, the
// encyclopedia's beside it: a round figure that agrees, a range or a lower
// bound far off that disagrees, or a wider count declared to contradict
// the registry's. It returns how many claims it wrote.
func (c *claimSpec) pair(y *yamlOut, st *stream, value int, what string, n int) int {
	c.head(y, "registry")
	y.raw("\n    value: ")
	y.int(value)
	c.unitAndTime(y)
	y.raw("\n    cite: ")
	citeRegistry(y, what, n)
	y.raw("\n\n")
	switch x := st.float(); {
	case x < 0.4:
		c.head(y, "encyclopedia")
		y.raw("\n    value: ")
		y.int(roundFigure(float64(value) * (0.97 + 0.06*st.float())))
		y.raw("\n    approximate: true")
	case x < 0.65:
		c.head(y, "encyclopedia")
		y.raw("\n    low: ")
		y.int(2*value + 1)
		if st.chance(0.5) {
			y.raw("\n    high: ")
			y.int(4*value + 2)
		}
	case x < 0.7:
		c.head(y, "encyclopedia-wider")
		y.raw("\n    value: ")
		y.int(roundFigure(float64(value) * 1.5))
		y.raw("\n    approximate: true\n    qualifiers: {counted: including-released}")
		y.id("\n    contradicts: ["+c.idPrefix, c.n+1, c.width)
		y.raw(c.suffix + "-registry]")
	default:
		return 1
	}
	c.unitAndTime(y)
	y.raw("\n    cite: ")
	citeEncyclopedia(y, st)
	y.raw("\n\n")
	return 2
}

// roundFigure rounds to two significant digits, as "about" figures are
// given. With a drawn error of 3% either way, an approximate figure
// (stretched by ten percent when compared) still covers the exact one.
func roundFigure(v float64) int {
	if v < 100 {
		return max(1, int(math.Round(v)))
	}
	scale := math.Pow(10, math.Floor(math.Log10(v))-1)
	return int(math.Round(v/scale) * scale)
}
