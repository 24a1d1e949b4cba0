package synth

import (
	"bufio"
	"context"
	"math"
	"strconv"
	"strings"

	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/translit"
)

// edtf is a date as the generator draws it, written as an EDTF string.
type edtf struct {
	year, month, day int  // month and day are zero when not given
	mark             byte // '?' uncertain, '~' approximate, zero for neither
	until            int  // the last year of a span ("1937/1938"), zero for none
}

func (d edtf) zero() bool { return d.year == 0 }

func (d edtf) appendTo(b []byte) []byte {
	b = strconv.AppendInt(b, int64(d.year), 10)
	if d.month > 0 {
		b = appendPadded(append(b, '-'), d.month, 2)
	}
	if d.day > 0 {
		b = appendPadded(append(b, '-'), d.day, 2)
	}
	if d.mark != 0 {
		b = append(b, d.mark)
	}
	if d.until > 0 {
		b = strconv.AppendInt(append(b, '/'), int64(d.until), 10)
	}
	return b
}

// date writes d, quoted when it carries a mark.
func (y *yamlOut) date(d edtf) {
	y.buf = d.appendTo(y.buf[:0])
	if d.mark != 0 {
		y.w.WriteByte('"')
		y.w.Write(y.buf)
		y.w.WriteByte('"')
		return
	}
	y.w.Write(y.buf)
}

// drawDate draws how precisely a year is known: a day with chance pDay, a
// month with chance pMonth, else the year, now and then uncertain or
// approximate. Days stop at 28, so every drawn date exists.
func drawDate(st *stream, year int, pDay, pMonth float64) edtf {
	d := edtf{year: year}
	switch x := st.float(); {
	case x < pDay:
		d.month, d.day = st.between(1, 12), st.between(1, 28)
	case x < pDay+pMonth:
		d.month = st.between(1, 12)
	case x < pDay+pMonth+0.04:
		d.mark = '?'
	case x < pDay+pMonth+0.08:
		d.mark = '~'
	}
	return d
}

// heavy draws a count of at least lo from a Pareto tail with exponent
// alpha, capped at hi: most draws are near lo, a few are a hundred times
// larger.
func heavy(st *stream, lo, hi int, alpha float64) int {
	x := float64(lo) * math.Pow(1-st.float(), -1/alpha)
	if x >= float64(hi) {
		return hi
	}
	return int(x)
}

// --- people ---------------------------------------------------------------------

var occupations = []string{
	"worker", "engineer", "teacher", "party official", "army officer", "peasant", "physician",
	"writer", "railway worker", "miner", "clerk", "student", "agronomist", "priest", "journalist",
	"accountant", "factory director", "economist",
}

// personDraw is everything drawn for one person. The parts of the name are
// lower-case Cyrillic.
type personDraw struct {
	female                 bool
	given, father, surname string
	born, died             edtf // died is zero when no death is recorded
	diedCited              bool // the death date has a citation of its own
	city, occupation       int
	native, full           bool
	german, scholarly      bool
	described              bool
	misspelling            string // a misspelt romanised surname, or ""
}

// person draws person i (from zero). Other files call it to name the
// people their records mention.
func (g *generator) person(i int) personDraw {
	st := newStream(g.seed, tagPerson, i)
	var p personDraw
	p.female = st.chance(0.25)
	if p.female {
		p.given = pick(&st, femaleGiven)
	} else {
		p.given = pick(&st, maleGiven)
	}
	p.father = pick(&st, maleGiven)
	p.surname = g.surname(g.surnameLaw.draw(&st), p.female)
	born := st.between(1860, 1925)
	p.born = drawDate(&st, born, 0.55, 0.2)
	if st.chance(0.75) {
		died := min(1991, born+st.between(25, 85))
		if born < 1918 && st.chance(0.3) {
			died = st.between(1937, 1938) // the Great Terror
		}
		p.died = drawDate(&st, died, 0.5, 0.2)
		p.diedCited = st.chance(0.3)
	}
	p.city = g.cityLaw.draw(&st)
	p.occupation = st.intn(len(occupations))
	p.native = st.chance(0.6)
	p.full = st.chance(0.4)
	p.german = st.chance(0.25)
	p.scholarly = st.chance(0.15)
	p.described = st.chance(0.5)
	if st.chance(0.1) {
		p.misspelling = misspell(&st, romanise(p.surname, translit.BGN))
	}
	return p
}

// surname draws surname j of the pool, in the masculine or feminine form.
// People draw their surname from the pool by a power law, so a few
// surnames are common, as in life.
func (g *generator) surname(j int, female bool) string {
	st := newStream(g.seed, tagSurname, j)
	r := root(&st)
	suffix := pick(&st, surnameSuffixes)
	if female {
		return r + suffix[1]
	}
	return r + suffix[0]
}

// name is a person's canonical name: given name and surname, romanised
// the English way.
func (p *personDraw) name() string {
	return romanise(p.given, translit.BGN) + " " + romanise(p.surname, translit.BGN)
}

// lifeSpan returns the years in which a person could be a member, a deputy
// or a prisoner: from 16 to death, within the century's first sixty years.
func (p *personDraw) lifeSpan() (from, to int) {
	from, to = max(1900, p.born.year+16), 1960
	if !p.died.zero() {
		to = min(to, p.died.year)
	}
	return from, to
}

// peopleFiles writes chunk c of the people and, beside it, their
// relations: each person is the subject of about 4.5 relations, whose
// objects are drawn by power laws.
func (w *worker) peopleFiles(ctx context.Context, c int) (files []File, stats Stats, err error) {
	people, rels, err := w.createPair(chunkName("people", c), chunkName("relations", c))
	if err != nil {
		return nil, Stats{}, err
	}
	defer func() {
		if err != nil {
			people.abort()
			rels.abort()
		}
	}()
	people.y.raw("people:\n")
	rels.y.raw("relations:\n")
	from, to := w.span(c, w.g.people)
	for i := from; i < to; i++ {
		if err := cancelled(ctx, i); err != nil {
			return nil, Stats{}, err
		}
		p := w.g.person(i)
		w.writePerson(&people.y, i, &p)
		people.records++
		rels.records += w.writePersonRelations(&rels.y, i, &p)
	}
	stats.People, stats.Relations = people.records, rels.records
	files, fstats, err := finishAll(people, rels)
	people, rels = nil, nil // finished or aborted by finishAll
	stats.add(fstats)
	return files, stats, err
}

func (w *worker) writePerson(y *yamlOut, i int, p *personDraw) {
	st := newStream(w.g.seed, tagPersonCitations, i)
	y.id("  - id: person/p", i+1, personWidth)
	y.raw("\n    name: ")
	y.text(p.name())
	if p.described {
		_, city := w.g.placeName(w.g.placeStart[classCity] + p.city)
		y.raw("\n    description: ")
		y.text(capital(occupations[p.occupation]) + " from " + city + ".")
	}
	y.raw("\n    born: ")
	y.date(p.born)
	if !p.died.zero() {
		y.raw("\n    died: ")
		if p.diedCited {
			y.raw("{date: ")
			y.date(p.died)
			y.raw(", cite: ")
			citeEncyclopedia(y, &st)
			y.raw("}")
		} else {
			y.date(p.died)
		}
	}
	if p.native || p.full || p.german || p.scholarly || p.misspelling != "" {
		y.raw("\n    names:")
		if p.native {
			y.raw("\n      - {text: ")
			y.text(capital(p.given) + " " + capital(patronymic(p.father, p.female)) + " " + capital(p.surname))
			y.raw(", kind: native, lang: ru}")
		}
		if p.full {
			y.raw("\n      - {text: ")
			y.text(romanise(p.given, translit.BGN) + " " + romanise(patronymic(p.father, p.female), translit.BGN) + " " + romanise(p.surname, translit.BGN))
			y.raw(", kind: full}")
		}
		if p.german {
			y.raw("\n      - {text: ")
			y.text(romanise(p.given, translit.GermanJ) + " " + romanise(p.surname, translit.GermanJ))
			y.raw(", kind: transliteration, lang: de}")
		}
		if p.scholarly {
			y.raw("\n      - {text: ")
			y.text(romanise(p.given, translit.Scholarly) + " " + romanise(patronymic(p.father, p.female), translit.Scholarly) + " " + romanise(p.surname, translit.Scholarly))
			y.raw(", kind: transliteration}")
		}
		if p.misspelling != "" {
			y.raw("\n      - {text: ")
			y.text(romanise(p.given, translit.BGN) + " " + p.misspelling)
			y.raw(", kind: misspelling, cite: ")
			citeEncyclopedia(y, &st)
			y.raw("}")
		}
	}
	y.raw("\n    cite: ")
	citeRegistry(y, "entry", i+1)
	y.raw("\n\n")
}

// objectKind is what a relation points at.
type objectKind int

const (
	objPerson objectKind = iota
	objGroup
	objLeader // a group, drawn more steeply: few groups have many leaders
	objCamp
	objExile // a city, or now and then a foreign country
	objCountry
)

// personRelations are the relations a person may be the subject of, with
// weights out of their sum.
var personRelations = []struct {
	typ    history.RelationType
	weight int
	object objectKind
}{
	{history.RelMemberOf, 30, objGroup},
	{history.RelImprisonedIn, 10, objCamp},
	{history.RelExiledTo, 4, objExile},
	{history.RelNationalOf, 3, objCountry},
	{history.RelLed, 2, objLeader},
	{history.RelCreated, 1, objLeader},
	{history.RelAlliedWith, 10, objPerson},
	{history.RelOpposed, 8, objPerson},
	{history.RelRivalOf, 6, objPerson},
	{history.RelDeputyOf, 8, objPerson},
	{history.RelSucceeded, 5, objPerson},
	{history.RelSupported, 8, objPerson},
	{history.RelComparedTo, 1, objPerson},
}

var personRelationWeight = func() int {
	sum := 0
	for _, r := range personRelations {
		sum += r.weight
	}
	return sum
}()

// relKey identifies a drawn relation, to skip drawing the same one twice.
type relKey struct {
	typ  int
	kind objectKind
	n    int
}

// meanRelations is how many relations a person is the subject of, on
// average. With about 5.5 participations per person from events, it makes
// about ten edges per person.
const meanRelations = 4.5

// writePersonRelations draws and writes the relations whose subject is
// person i, and returns how many it wrote.
func (w *worker) writePersonRelations(y *yamlOut, i int, p *personDraw) int {
	g := w.g
	st := newStream(g.seed, tagPersonRelations, i)
	n := min(60, int(-math.Log(1-st.float())*meanRelations+0.5))
	w.rels = w.rels[:0]
	written := 0
	for range n {
		x := st.intn(personRelationWeight)
		t := 0
		for x >= personRelations[t].weight {
			x -= personRelations[t].weight
			t++
		}
		rt := personRelations[t]
		key := relKey{typ: t, kind: rt.object}
		switch rt.object {
		case objPerson:
			key.n = g.personAt(g.personLaw.draw(&st))
		case objGroup:
			key.n = g.groupLaw.draw(&st)
		case objLeader:
			key.n = g.leadGroupLaw.draw(&st)
		case objCamp:
			key.n = g.placeStart[classCamp] + g.campLaw.draw(&st)
		case objExile:
			if st.chance(0.2) {
				key.kind, key.n = objCountry, 1+st.intn(g.places[classCountry]-1)
			} else {
				key.n = g.placeStart[classCity] + g.cityLaw.draw(&st)
			}
		case objCountry:
			key.n = 0
			if st.chance(0.05) {
				key.n = st.intn(g.places[classCountry])
			}
		}
		if (key.kind == objPerson && key.n == i) || containsRel(w.rels, key) {
			continue
		}
		w.rels = append(w.rels, key)
		written++

		y.id("  - id: relation/p", i+1, personWidth)
		y.raw("-")
		y.int(written)
		y.id("\n    subject: person/p", i+1, personWidth)
		y.raw("\n    type: " + string(rt.typ) + "\n    object: ")
		switch key.kind {
		case objPerson:
			y.id("person/p", key.n+1, personWidth)
		case objGroup, objLeader:
			y.id("group/g", key.n+1, groupWidth)
		default:
			g.placeID(y, key.n)
		}
		if rt.typ != history.RelNationalOf && rt.typ != history.RelComparedTo {
			w.writeSpan(y, &st, p, rt.typ == history.RelImprisonedIn)
		}
		if st.chance(0.03) {
			y.raw("\n    note: The registry gives the years from one document only.")
		}
		y.raw("\n    cite: ")
		if st.chance(0.2) {
			y.raw("[")
			citeRegistry(y, "entry", i+1)
			y.raw(", ")
			citeEncyclopedia(y, &st)
			y.raw("]")
		} else {
			citeRegistry(y, "entry", i+1)
		}
		y.raw("\n\n")
	}
	return written
}

func containsRel(rs []relKey, k relKey) bool {
	for _, r := range rs {
		if r == k {
			return true
		}
	}
	return false
}

// writeSpan draws when a relation held, within the subject's life: often a
// start, less often an end, which always falls in a later year than the
// start, so the span is valid whatever the months.
func (w *worker) writeSpan(y *yamlOut, st *stream, p *personDraw, prison bool) {
	from, to := p.lifeSpan()
	if prison {
		from, to = max(from, 1930), min(to, 1956)
	}
	if from > to || !st.chance(0.75) {
		return
	}
	start := drawDate(st, st.between(from, to), 0.15, 0.35)
	y.raw("\n    start: ")
	y.date(start)
	if st.chance(0.6) {
		last := max(start.year+1, min(to, start.year+15))
		end := drawDate(st, st.between(start.year+1, last), 0, 0.4)
		y.raw("\n    end: ")
		y.date(end)
	}
}

// --- places ---------------------------------------------------------------------

// placeName draws the native (Cyrillic) and canonical names of place p,
// numbered across all classes. Prisons and execution sites have only an
// English name, and the empty string as native.
func (g *generator) placeName(p int) (native, name string) {
	class, n := g.placeClass(p)
	st := newStream(g.seed, tagPlace, p)
	r := root(&st)
	switch class {
	case classCountry:
		return capital(r + "ия"), romanise(r+"ия", translit.BGN)
	case classRepublic:
		return capital(r+"ская") + " республика", romanise(r+"ская", translit.BGN) + " Republic"
	case classRegion:
		return capital(r+"ская") + " область", romanise(r+"ская", translit.BGN) + " Oblast"
	case classCity:
		word := r + pick(&st, citySuffixes)
		return capital(word), romanise(word, translit.BGN)
	case classCamp:
		return capital(r + "лаг"), romanise(r+"лаг", translit.BGN)
	case classPrison:
		_, city := g.placeName(g.placeStart[classCity] + g.cityLaw.draw(&st))
		return "", city + " Prison No. " + strconv.Itoa(1+n%7)
	}
	_, city := g.placeName(g.placeStart[classCity] + g.cityLaw.draw(&st))
	return "", city + " execution site"
}

// placeClass returns the class of place p and its number within the class.
func (g *generator) placeClass(p int) (placeClass, int) {
	for c := numPlaceClasses - 1; c > 0; c-- {
		if p >= g.placeStart[c] {
			return c, p - g.placeStart[c]
		}
	}
	return classCountry, p
}

func (g *generator) placeID(y *yamlOut, p int) {
	c, n := g.placeClass(p)
	y.id(placeClasses[c].prefix, n+1, placeWidth)
}

// placeParent returns the place p lies in, or -1: republics lie in the
// first country, regions in republics, cities and camps in regions,
// prisons and sites in the city their name gives.
func (g *generator) placeParent(p int, st *stream) int {
	class, _ := g.placeClass(p)
	in := func(c placeClass) int { return g.placeStart[c] + st.intn(g.places[c]) }
	switch class {
	case classRepublic:
		return 0
	case classRegion:
		return in(classRepublic)
	case classCity, classCamp:
		return in(classRegion)
	case classPrison, classSite:
		name := newStream(g.seed, tagPlace, p)
		root(&name)
		return g.placeStart[classCity] + g.cityLaw.draw(&name)
	}
	return -1
}

// placesFile writes chunk c of the places, with the relations that locate
// them and, for camps, who ran them and how many prisoners they held.
func (w *worker) placesFile(ctx context.Context, c int) (files []File, stats Stats, err error) {
	g := w.g
	out, err := w.create(chunkName("places", c))
	if err != nil {
		return nil, Stats{}, err
	}
	defer func() {
		if err != nil {
			out.abort()
		}
	}()
	var relations, claims sectionBuffer
	out.y.raw("places:\n")
	from, to := w.span(c, g.numPlaces())
	for p := from; p < to; p++ {
		if err := cancelled(ctx, p); err != nil {
			return nil, Stats{}, err
		}
		class, n := g.placeClass(p)
		native, name := g.placeName(p)
		st := newStream(g.seed, tagPlaceRecord, p)
		y := &out.y
		y.raw("  - id: ")
		g.placeID(y, p)
		out.records++
		stats.Places++
		y.raw("\n    name: ")
		y.text(name)
		y.raw("\n    type: " + placeClasses[class].typ)
		if native != "" {
			y.raw("\n    names:\n      - {text: ")
			y.text(native)
			y.raw(", kind: native, lang: ru}")
			if (class == classCity || class == classCamp) && st.chance(0.3) {
				// The German spelling, drawn from the same stem.
				s := newStream(g.seed, tagPlace, p)
				r := root(&s)
				y.raw("\n      - {text: ")
				y.text(romanise(germanStem(class, r, &s), translit.GermanJ))
				y.raw(", kind: transliteration, lang: de}")
			}
		}
		y.raw("\n    cite: ")
		citeEncyclopedia(y, &st)
		y.raw("\n\n")

		if parent := g.placeParent(p, &st); parent >= 0 {
			ry := relations.out()
			ry.raw("  - id: relation/")
			writePlaceSlug(ry, class, n)
			ry.raw("-located-in\n    subject: ")
			g.placeID(ry, p)
			ry.raw("\n    type: located-in\n    object: ")
			g.placeID(ry, parent)
			ry.raw("\n    cite: ")
			citeEncyclopedia(ry, &st)
			ry.raw("\n\n")
			stats.Relations++
		}
		if class == classCamp {
			stats.Relations += w.campAdministration(relations.out(), &st, n)
			stats.Claims += w.campClaims(claims.out(), &st, n)
		}
	}
	if err := relations.appendTo(&out.y, "relations"); err != nil {
		return nil, Stats{}, err
	}
	if err := claims.appendTo(&out.y, "claims"); err != nil {
		return nil, Stats{}, err
	}
	out.records += stats.Relations + stats.Claims
	files, fstats, err := finishAll(out)
	out = nil
	stats.add(fstats)
	return files, stats, err
}

// germanStem is the word the German name of a city or camp romanises.
func germanStem(class placeClass, r string, st *stream) string {
	if class == classCity {
		return r + pick(st, citySuffixes)
	}
	return r + "лаг"
}

func writePlaceSlug(y *yamlOut, class placeClass, n int) {
	prefix := placeClasses[class].prefix
	y.id(strings.TrimPrefix(prefix, "place/"), n+1, placeWidth)
}

// campAdministration writes the relation of a camp to the camp-system
// group that ran it, if one is found among a few draws.
func (w *worker) campAdministration(y *yamlOut, st *stream, camp int) int {
	g := w.g
	for range 8 {
		gr := g.groupLaw.draw(st)
		if g.groupType(gr) != "camp-system" {
			continue
		}
		y.id("  - id: relation/camp-", camp+1, placeWidth)
		y.id("-administered\n    subject: group/g", gr+1, groupWidth)
		y.raw("\n    type: administered\n    object: ")
		y.id("place/camp-", camp+1, placeWidth)
		y.raw("\n    start: ")
		y.int(st.between(1930, 1945))
		y.raw("\n    cite: ")
		citeEncyclopedia(y, st)
		y.raw("\n\n")
		return 1
	}
	return 0
}

// campClaims writes the registry's count of a camp's prisoners on 1
// January of one to three years, and beside some of them the
// encyclopedia's, which agrees (an approximate figure) or not (a range far
// off).
func (w *worker) campClaims(y *yamlOut, st *stream, camp int) int {
	written := 0
	year := st.between(1931, 1950)
	for k := range 1 + st.intn(3) {
		if k > 0 {
			year += st.between(1, 3) // each count a later year, so ids differ
		}
		prisoners := heavy(st, 400, 300000, 1.1)
		c := claimSpec{
			idPrefix: "claim/camp-", subject: "place/camp-", n: camp, width: placeWidth,
			property: "prisoners", unit: "people",
			time:   edtf{year: year, month: 1, day: 1},
			suffix: "-prisoners-" + strconv.Itoa(year),
		}
		written += c.pair(y, st, prisoners, "camp file", camp+1)
	}
	return written
}

// sectionBuffer collects a section that is drawn along with another one,
// to be appended after it: a file holds each section once.
type sectionBuffer struct {
	buf  strings.Builder
	y    yamlOut
	init bool
}

func (s *sectionBuffer) out() *yamlOut {
	if !s.init {
		s.y = yamlOut{w: bufio.NewWriter(&s.buf)}
		s.init = true
	}
	return &s.y
}

func (s *sectionBuffer) appendTo(y *yamlOut, section string) error {
	if !s.init {
		return nil
	}
	if err := s.y.w.Flush(); err != nil {
		return err
	}
	y.raw("\n" + section + ":\n")
	y.raw(s.buf.String())
	return nil
}
