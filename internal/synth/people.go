package synth

import (
	"context"
	"math"

	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/translit"
)

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
func (w *worker) peopleFiles(ctx context.Context, c int) ([]File, Stats, error) {
	names := []string{chunkName("people", c), chunkName("relations", c)}
	return w.writeFiles(names, func(files []*outFile) (stats Stats, err error) {
		people, rels := files[0], files[1]
		people.y.raw("people:\n")
		rels.y.raw("relations:\n")
		from, to := w.span(c, w.g.people)
		for i := from; i < to; i++ {
			if err := cancelled(ctx, i); err != nil {
				return stats, err
			}
			p := w.g.person(i)
			w.writePerson(&people.y, i, &p)
			people.records++
			rels.records += w.writePersonRelations(&rels.y, i, &p)
		}
		stats.People, stats.Relations = people.records, rels.records
		return stats, nil
	})
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

var personRelationWeights = newWeights(len(personRelations), func(i int) int { return personRelations[i].weight })

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
		t := personRelationWeights.draw(&st)
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
		citeRecord(y, "entry", i+1, st.chance(0.2), &st)
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
