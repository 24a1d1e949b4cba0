package synth

import (
	"context"
	"sort"
	"strconv"

	"github.com/memoria-history/memoria/internal/history"
)

// The events of a registry session, written beside its first person. Their
// ids name the kind of event and the first person of the case or session
// (event/sentence-p0000042), so they are unique by construction, and
// they cite the registry's case file by the same number.

// arrestRecorded is the chance that the registry gives a case's arrest:
// some entries give only the sentence.
const arrestRecorded = 0.45

// eventOut writes the parts of one registry event.
type eventOut struct {
	g     *generator
	y     *yamlOut
	parts int // participants written
}

// open writes an event of type typ (which also names its id, by the
// first person of its case or session), its name, date, place and parent,
// and people as its participants in role; title names the event:
// "Sentence" of Ivan Korabov and 17 others.
func (e *eventOut) open(typ, title string, first int, people []int, role history.Role, date edtf, place, operation int) {
	y := e.y
	y.id("  - id: event/"+typ+"-p", first+1, personWidth)
	y.raw("\n    name: ")
	y.text(e.g.named(title, people))
	y.raw("\n    type: " + typ + "\n    date: ")
	y.date(date)
	y.raw("\n    place: ")
	e.g.placeID(y, place)
	if operation >= 0 {
		y.id("\n    parent: event/operation-region-", operation+1, placeWidth)
	}
	y.raw("\n    participants:")
	for _, j := range people {
		e.person(j, role)
	}
}

func (e *eventOut) person(n int, role history.Role) {
	e.y.id("\n      - {who: person/p", n+1, personWidth)
	e.y.raw(", role: " + string(role) + "}")
	e.parts++
}

func (e *eventOut) group(gr int, role history.Role) {
	e.y.id("\n      - {who: group/g", gr+1, groupWidth)
	e.y.raw(", role: " + string(role) + "}")
	e.parts++
}

// cite writes the citation of case first, and of the encyclopedia too
// when st is not nil, and ends the record.
func (e *eventOut) cite(first int, st *stream) {
	y := e.y
	y.raw("\n    cite: ")
	citeRecord(y, "case", first+1, st != nil, st)
	y.raw("\n\n")
}

// named names an event after the first of the people it happened to:
// "Sentence of Ivan Korabov and 17 others".
func (g *generator) named(title string, people []int) string {
	p := g.person(people[0])
	name := title + " of " + p.name()
	switch len(people) {
	case 1:
	case 2:
		name += " and 1 other"
	default:
		name += " and " + strconv.Itoa(len(people)-1) + " others"
	}
	return name
}

// writeSessionEvents writes the events of the session in w.reg and the
// claims about them, and returns how many events, participants and claims
// it wrote.
func (w *worker) writeSessionEvents(ey, cy *yamlOut) (events, parts, claims int) {
	g := w.g
	s := &w.reg.sess
	st := newStream(g.seed, tagRegistryEvents, s.start)
	e := eventOut{g: g, y: ey}
	victims := func(keep func(v *verdictDraw) bool) []int {
		w.reg.victims = w.reg.victims[:0]
		for j := s.start; j < s.end; j++ {
			if keep(&w.reg.verdicts[j-s.start]) {
				w.reg.victims = append(w.reg.victims, j)
			}
		}
		return w.reg.victims
	}
	all := func(*verdictDraw) bool { return true }
	// officials writes the session's signatories once each: a steep law
	// draws the same official twice now and then.
	officials := func(role history.Role) {
		for k := range s.signed {
			dup := false
			for _, o := range s.officials[:k] {
				dup = dup || o == s.officials[k]
			}
			if !dup {
				e.person(s.officials[k], role)
			}
		}
	}

	if s.deportation {
		people := victims(all)
		e.open("deportation", "Deportation", s.start, people, history.RoleVictim, s.date, s.place, s.operation)
		officials(history.RoleOrdered)
		e.group(s.police, history.RoleCarriedOut)
		e.cite(s.start, nil)
		events++
		claims += registryClaims(cy, &st, "deportation", s.start, len(people), s.date, true)
	} else {
		events += w.writeArrests(&e)
		people := victims(all)
		e.open("sentence", "Sentence", s.start, people, history.RoleVictim, s.date, s.place, s.operation)
		officials(history.RoleOrdered)
		e.group(s.body, history.RoleCarriedOut)
		if s.encyclopedia {
			e.cite(s.start, &st)
		} else {
			e.cite(s.start, nil)
		}
		events++
		claims += registryClaims(cy, &st, "sentence", s.start, len(people), s.date, true)

		if shot := victims(func(v *verdictDraw) bool { return v.kind == verdictShot }); len(shot) > 0 {
			e.open("execution", "Execution", s.start, shot, history.RoleVictim, s.execDate, s.site, s.operation)
			if s.executioner >= 0 {
				e.person(s.executioner, history.RoleCarriedOut)
			}
			e.group(s.police, history.RoleCarriedOut)
			e.cite(s.start, nil)
			events++
			claims += registryClaims(cy, &st, "execution", s.start, len(shot), s.execDate, false)
		}
	}
	if s.rehab {
		if people := victims(func(v *verdictDraw) bool { return v.rehabilitated }); len(people) > 0 {
			e.open("rehabilitation", "Rehabilitation", s.start, people, history.RoleBeneficiary, s.rehabDate, g.group(s.rehabCourt).place, -1)
			e.group(s.rehabCourt, history.RoleCarriedOut)
			e.cite(s.start, nil)
			events++
		}
	}
	return events, e.parts, claims
}

// writeArrests writes the arrest of each case of the session the registry
// gives, in the city of the case's first person, and returns how many it
// wrote.
func (w *worker) writeArrests(e *eventOut) int {
	g := w.g
	s := &w.reg.sess
	cases := w.reg.part.cases
	written := 0
	for k := sort.SearchInts(cases, s.start); cases[k] < s.end; k++ {
		from, to := cases[k], min(cases[k+1], s.end)
		st := newStream(g.seed, tagCase, from)
		if !st.chance(arrestRecorded) {
			continue
		}
		w.reg.victims = w.reg.victims[:0]
		for j := from; j < to; j++ {
			w.reg.victims = append(w.reg.victims, j)
		}
		city := g.placeStart[classCity] + g.person(from).city
		e.open("arrest", "Arrest", from, w.reg.victims, history.RoleVictim, dateBefore(&st, s.date), city, s.operation)
		if st.chance(0.3) {
			e.person(g.official(&st), history.RoleOrdered)
		}
		e.group(s.police, history.RoleCarriedOut)
		e.cite(from, nil)
		written++
	}
	return written
}

// registryClaims writes the sources' counts of the victims of a session's
// event when it names many, as a network's events have them, and with
// dated set, now and then the sources' dates for it. It returns how many
// claims it wrote.
func registryClaims(y *yamlOut, st *stream, slug string, first, victims int, when edtf, dated bool) int {
	written := 0
	if victims >= 5 && st.chance(0.6) {
		c := claimSpec{
			idPrefix: "claim/" + slug + "-p", subject: "event/" + slug + "-p", n: first, width: personWidth,
			suffix: "-victims", property: "victims", unit: "people", time: when,
		}
		// The registry knows of more victims than it names.
		written += c.pair(y, st, victims*(1+st.intn(3)), "case", first+1)
	}
	if dated && st.chance(0.03) {
		c := claimSpec{idPrefix: "claim/" + slug + "-p", subject: "event/" + slug + "-p", n: first, width: personWidth, suffix: "-date", property: "date"}
		written += c.dates(y, st, when, "case", first+1)
	}
	return written
}

// operationsFile writes a registry's mass operations, one for each region,
// over 1937 and 1938: the parents of the sessions of those years held in
// the region. The head of the officials' law ordered them all.
func (w *worker) operationsFile(ctx context.Context) ([]File, Stats, error) {
	names := []string{sectionName("operations")}
	return w.writeFiles(names, func(files []*outFile) (stats Stats, err error) {
		g := w.g
		out := files[0]
		y := &out.y
		y.raw("events:\n")
		for r := range g.places[classRegion] {
			if err := cancelled(ctx, r); err != nil {
				return stats, err
			}
			st := newStream(g.seed, tagOperation, r)
			region := g.placeStart[classRegion] + r
			_, name := g.placeName(region)
			y.id("  - id: event/operation-region-", r+1, placeWidth)
			y.raw("\n    name: ")
			y.text("Mass operation in " + name)
			y.raw("\n    type: mass-operation")
			y.raw("\n    description: A mass operation of arrests, sentences and executions in one region, drawn at random.")
			y.raw("\n    date: 1937/1938\n    place: ")
			g.placeID(y, region)
			y.id("\n    participants:\n      - {who: person/p", g.personAt(0)+1, personWidth)
			y.id(", role: ordered}\n      - {who: group/g", g.findGroup(&st, "police")+1, groupWidth)
			y.raw(", role: carried-out}\n    cite: ")
			citeEncyclopedia(y, &st)
			y.raw("\n\n")
			out.records++
			stats.Participations += 2
		}
		stats.Events = out.records
		return stats, nil
	})
}
