package synth

import (
	"context"

	"github.com/memoria-history/memoria/internal/history"
)

// A registry's people: what became of each in their session, and their
// records and relations, which follow from it.

// verdictKind is what became of a person in a session.
type verdictKind int

const (
	verdictShot verdictKind = iota
	verdictCamp
	verdictExile
	verdictFreed
	verdictDeported
)

// verdictDraw is what is drawn for one person of a session.
type verdictDraw struct {
	kind  verdictKind
	camp  int // the camp, when the registry names it, or -1
	term  int // years of camp or exile
	exile int // the place of exile or settlement, when the registry names it, or -1
	born  edtf
	died  edtf // zero when unknown
	// diedInCamp says that the camp term ended with death.
	diedInCamp bool
	// diedCited says that the encyclopedia gives the death date too. The
	// registry gives its dates itself; the encyclopedia knows a few of
	// those who survived the sentence.
	diedCited bool
	// rehabilitated says the person is among those the session's
	// rehabilitation names, if it has one.
	rehabilitated bool
}

// campTerms are the usual terms, in years, repeated to weight them.
var campTerms = []int{3, 5, 5, 8, 8, 10, 10, 10, 10, 15, 25}

// verdict draws what became of person i, sentenced or deported in s.
func (g *generator) verdict(i int, s *sessionDraw) verdictDraw {
	st := newStream(g.seed, tagVerdict, i)
	v := verdictDraw{camp: -1, exile: -1}
	year := s.date.year
	age := st.between(18, 70)
	if s.deportation {
		age = st.between(0, 70) // whole families were deported
	}
	v.born = drawDate(&st, year-age, 0.55, 0.2)
	shot := 0.2
	if year == 1937 || year == 1938 {
		shot = 0.55
	}
	switch x := st.float(); {
	case s.deportation:
		v.kind = verdictDeported
	case x < shot:
		v.kind = verdictShot
	case x < shot+(1-shot)*0.75:
		v.kind = verdictCamp
	case x < shot+(1-shot)*0.83:
		v.kind = verdictExile
	default:
		v.kind = verdictFreed
	}
	v.term = campTerms[st.intn(len(campTerms))]
	switch v.kind {
	case verdictCamp:
		if st.chance(0.15) {
			v.camp = g.placeStart[classCamp] + g.campLaw.draw(&st)
		}
	case verdictExile, verdictDeported:
		v.term = st.between(3, 5)
		if st.chance(0.2) {
			v.exile = g.placeStart[classCity] + g.cityLaw.draw(&st)
		}
	}
	// Years of death are always after the session's year, so that every
	// drawn death follows the arrest whatever the months.
	switch {
	case v.kind == verdictShot:
		v.died = s.execDate
	case v.kind == verdictCamp && st.chance(0.25):
		v.diedInCamp = true
		v.died = drawDate(&st, st.between(year+1, year+v.term), 0.5, 0.2)
	case st.chance(0.5):
		last := max(year+1, min(1991, v.born.year+90))
		v.died = drawDate(&st, st.between(year+1, last), 0.5, 0.2)
	}
	v.diedCited = v.kind != verdictShot && !v.died.zero() && st.chance(0.1)
	v.rehabilitated = v.kind != verdictFreed && st.chance(0.75)
	return v
}

// registryScratch is a worker's state while it writes a registry: the
// partition of the current block, and the session being written with
// every person's verdict.
type registryScratch struct {
	part     regPartition // block -1 when none is drawn yet
	sess     sessionDraw  // holds no one (start = end) when none is drawn yet
	verdicts []verdictDraw
	victims  []int // scratch: the people an event names
}

// enterSession makes w.reg hold the session of person i, and reports
// whether i is its first person.
func (w *worker) enterSession(i int) bool {
	r := &w.reg
	if i >= r.sess.start && i < r.sess.end {
		return false
	}
	start, end := w.g.sessionAt(i, &r.part)
	r.sess = w.g.session(start, end)
	r.verdicts = r.verdicts[:0]
	for j := start; j < end; j++ {
		r.verdicts = append(r.verdicts, w.g.verdict(j, &r.sess))
	}
	return i == start
}

// registryFiles writes chunk c of a registry's people and, beside them,
// their relations, the events of the sessions that begin among them, and
// the claims about those events.
func (w *worker) registryFiles(ctx context.Context, c int) ([]File, Stats, error) {
	names := []string{chunkName("people", c), chunkName("relations", c), chunkName("events", c), chunkName("claims", c)}
	return w.writeFiles(names, func(files []*outFile) (stats Stats, err error) {
		people, rels, events, claims := files[0], files[1], files[2], files[3]
		people.y.raw("people:\n")
		rels.y.raw("relations:\n")
		events.y.raw("events:\n")
		claims.y.raw("claims:\n")
		// A chunk writes the events of the sessions that begin in it: the
		// session its first person is in is drawn afresh, so that it is
		// written only if it begins there.
		w.reg.sess = sessionDraw{}
		from, to := w.span(c, w.g.people)
		for i := from; i < to; i++ {
			if err := cancelled(ctx, i); err != nil {
				return stats, err
			}
			if w.enterSession(i) {
				n, parts, cl := w.writeSessionEvents(&events.y, &claims.y)
				events.records += n
				claims.records += cl
				stats.Participations += parts
			}
			v := &w.reg.verdicts[i-w.reg.sess.start]
			p := w.g.person(i)
			p.born, p.died = v.born, v.died
			p.diedCited = v.diedCited
			w.writePerson(&people.y, i, &p)
			people.records++
			rels.records += w.writeRegistryRelations(&rels.y, i, v)
		}
		stats.People, stats.Relations = people.records, rels.records
		stats.Events, stats.Claims = events.records, claims.records
		return stats, nil
	})
}

// Person-to-person relations in a registry: rare, since the registry
// records what was done to people rather than whom they knew, and
// heavy-tailed, since the few it records cluster around some people.
const (
	regTiesChance = 0.02
	regTiesMax    = 40
	regTiesAlpha  = 1.4
	regMemberOf   = 0.03 // the chance that the registry gives a membership
)

// writeRegistryRelations writes the relations whose subject is person i:
// the camp term or exile the verdict gives, when the registry names the
// place, now and then a membership, and rarely ties to other people. It
// returns how many it wrote.
func (w *worker) writeRegistryRelations(y *yamlOut, i int, v *verdictDraw) int {
	g := w.g
	s := &w.reg.sess
	st := newStream(g.seed, tagRegistryRelations, i)
	written := 0
	head := func(typ history.RelationType) {
		written++
		y.id("  - id: relation/p", i+1, personWidth)
		y.raw("-")
		y.int(written)
		y.id("\n    subject: person/p", i+1, personWidth)
		y.raw("\n    type: " + string(typ) + "\n    object: ")
	}
	tail := func() {
		y.raw("\n    cite: ")
		citeRegistry(y, "entry", i+1)
		y.raw("\n\n")
	}
	if v.camp >= 0 {
		head(history.RelImprisonedIn)
		g.placeID(y, v.camp)
		y.raw("\n    start: ")
		y.date(s.date)
		y.raw("\n    end: ")
		if v.diedInCamp {
			y.date(v.died)
		} else {
			y.int(s.date.year + v.term)
		}
		tail()
	}
	if v.exile >= 0 {
		head(history.RelExiledTo)
		g.placeID(y, v.exile)
		y.raw("\n    start: ")
		y.date(s.date)
		if v.died.zero() || v.died.year > s.date.year+v.term {
			y.raw("\n    end: ")
			y.int(s.date.year + v.term)
		}
		tail()
	}
	// A membership that the arrest ended: it began in an earlier year.
	if first := max(1918, v.born.year+18); st.chance(regMemberOf) && first < s.date.year {
		gr := g.groupLaw.draw(&st)
		if st.chance(0.7) {
			gr = g.findGroup(&st, "party")
		}
		head(history.RelMemberOf)
		y.id("group/g", gr+1, groupWidth)
		y.raw("\n    start: ")
		y.int(st.between(first, s.date.year-1))
		if st.chance(0.6) {
			y.raw("\n    end: ")
			y.int(s.date.year)
		}
		tail()
	}
	if !st.chance(regTiesChance) {
		return written
	}
	w.rels = w.rels[:0]
	for range heavy(&st, 1, regTiesMax, regTiesAlpha) {
		t := personTieWeights.draw(&st)
		key := relKey{typ: t, kind: objPerson, n: g.personAt(g.personLaw.draw(&st))}
		if key.n == i || containsRel(w.rels, key) {
			continue
		}
		w.rels = append(w.rels, key)
		head(personRelations[t].typ)
		y.id("person/p", key.n+1, personWidth)
		tail()
	}
	return written
}

// personTieWeights draws the personRelations whose object is a person.
var personTieWeights = newWeights(len(personRelations), func(i int) int {
	if personRelations[i].object != objPerson {
		return 0
	}
	return personRelations[i].weight
})
