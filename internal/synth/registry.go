package synth

import "sort"

// A registry is shaped like Memorial's database of victims of political
// terror: millions of entries, each mostly one person with names, a birth
// year, an arrest, a sentence and its outcome, and few ties between
// people. People are grouped, in the order of their numbers, into
// sessions: the people one body sentenced on one day, or one deportation.
// A sentencing session is split into cases, the people arrested together.
// The events of a session (its arrests, the sentence, the execution of
// those sentenced to death, a later rehabilitation) are written beside
// the session's first person, and every person's record follows from the
// session: a person shot on the day the execution event gives has that
// day as their death date.
//
// Sessions and cases are drawn a block of people at a time, each block
// from a stream of its own, so that a worker finds any person's session
// without drawing the people before the block, and so that how people are
// split into files does not change the partition.

// regBlockSize is how many people one block holds. A session never spans
// two blocks.
const regBlockSize = 4096

// Session and case sizes: heavy-tailed, so that most sessions sentence a
// dozen or two and a few sentence hundreds, as the troikas did on their
// busiest days, and most cases are one person or a few.
const (
	sessionMin   = 8
	sessionMax   = 1500
	sessionAlpha = 1.25
	caseAlone    = 0.25 // the chance that a case is one person
	caseMax      = 200
	caseAlpha    = 1.3
)

// regPartition is the partition of one block into sessions and cases.
type regPartition struct {
	block    int   // -1 before the first
	sessions []int // the first person of each session, then the block's end
	cases    []int // the first person of each case, then the block's end
}

// partition draws block b's sessions and cases into p, reusing its
// slices.
func (g *generator) partition(b int, p *regPartition) {
	p.block = b
	p.sessions, p.cases = p.sessions[:0], p.cases[:0]
	st := newStream(g.seed, tagRegistryBlock, b)
	from, to := b*regBlockSize, min(g.people, (b+1)*regBlockSize)
	for s := from; s < to; {
		end := min(to, s+heavy(&st, sessionMin, sessionMax, sessionAlpha))
		p.sessions = append(p.sessions, s)
		for c := s; c < end; {
			p.cases = append(p.cases, c)
			size := 1
			if !st.chance(caseAlone) {
				size = heavy(&st, 2, caseMax, caseAlpha)
			}
			c = min(end, c+size)
		}
		s = end
	}
	p.sessions = append(p.sessions, to)
	p.cases = append(p.cases, to)
}

// sessionAt returns the first person of the session holding person i and
// the first after it, drawing i's block into p if p holds another.
func (g *generator) sessionAt(i int, p *regPartition) (start, end int) {
	if b := i / regBlockSize; p.block != b {
		g.partition(b, p)
	}
	k := sort.SearchInts(p.sessions, i+1) - 1
	return p.sessions[k], p.sessions[k+1]
}

// sessionDraw is what one session's people have in common.
type sessionDraw struct {
	start, end  int
	deportation bool // a deportation without trial, not a sentence
	date        edtf // of the sentence or the deportation
	police      int  // the directorate that arrested, deported and shot
	body        int  // who passed the sentence: a troika of the police, or a court
	place       int  // where: the body's seat, or for a deportation the police's
	operation   int  // the region whose mass operation it was part of, or -1
	officials   [3]int
	signed      int // how many of officials signed
	// The execution of those sentenced to death, if any.
	execDate    edtf
	site        int
	executioner int // a person, or -1
	// A rehabilitation of most of them, decades later.
	rehab      bool
	rehabDate  edtf
	rehabCourt int
	// The session's events cite the encyclopedia as well as the registry.
	encyclopedia bool
}

// session draws the session of people start to end.
func (g *generator) session(start, end int) sessionDraw {
	st := newStream(g.seed, tagSession, start)
	s := sessionDraw{start: start, end: end, operation: -1, executioner: -1}
	s.deportation = st.chance(0.15)
	var year int
	switch x := st.float(); {
	case s.deportation && x < 0.5:
		year = st.between(1930, 1933) // dekulakisation
	case s.deportation && x < 0.7:
		year = st.between(1940, 1941)
	case s.deportation:
		year = st.between(1943, 1951)
	case x < 0.55:
		year = st.between(1937, 1938) // the Great Terror
	default:
		year = st.between(1918, 1953)
	}
	s.date = drawDate(&st, year, 0.8, 0.12)
	s.police = g.findGroup(&st, "police")
	s.body = s.police
	if !s.deportation && st.chance(0.3) {
		s.body = g.findGroup(&st, "court")
	}
	if s.deportation {
		s.place = g.group(s.police).place
	} else {
		s.place = g.group(s.body).place
	}
	if c, _ := g.placeClass(s.place); c == classRegion && (year == 1937 || year == 1938) {
		s.operation = s.place - g.placeStart[classRegion]
	}
	s.signed = 1
	if !s.deportation {
		s.signed = st.between(1, 3)
	}
	for k := range s.signed {
		s.officials[k] = g.official(&st)
	}
	s.execDate = dateAfter(&st, s.date)
	s.site = g.placeStart[classSite] + g.siteLaw.draw(&st)
	if st.chance(0.7) {
		s.executioner = g.executioner(&st)
	}
	rehab := 0.25
	if s.deportation {
		rehab = 0.1
	}
	s.rehab = st.chance(rehab)
	s.rehabDate = drawDate(&st, st.between(1954, 1991), 0.6, 0.25)
	s.rehabCourt = g.findGroup(&st, "court")
	s.encyclopedia = st.chance(0.05)
	return s
}

// official draws who signed a sentence or an order. The law is steep: the
// few at its head sign a large share of all sentences, as the heads of the
// NKVD and the chairmen of the busiest troikas did.
func (g *generator) official(st *stream) int {
	return g.personAt(g.officialLaw.draw(st))
}

// executioner draws who carried out an execution, from the same steep law
// read from the other end of the people's ranks, so that the busiest
// executioners are not also the busiest signatories.
func (g *generator) executioner(st *stream) int {
	return g.personAt(g.people - 1 - g.officialLaw.draw(st))
}

// dateBefore draws a date up to four months before d, within its year
// when d gives only the year: when a person was arrested before sentence.
func dateBefore(st *stream, d edtf) edtf {
	if d.month == 0 {
		return edtf{year: d.year}
	}
	back := st.intn(5)
	out := edtf{year: d.year, month: d.month - back}
	for out.month < 1 {
		out.month += 12
		out.year--
	}
	if st.chance(0.85) {
		last := 28
		if back == 0 && d.day > 0 {
			last = d.day
		}
		out.day = st.between(1, last)
	}
	return out
}

// dateAfter draws a date in the month of d, no earlier than d, as precise
// as d: when a sentence of death was carried out.
func dateAfter(st *stream, d edtf) edtf {
	out := edtf{year: d.year, month: d.month, mark: d.mark}
	if d.day > 0 {
		out.day = st.between(d.day, 28)
	}
	return out
}
