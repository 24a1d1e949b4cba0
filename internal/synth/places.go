package synth

import (
	"context"
	"strconv"
	"strings"

	"github.com/memoria-history/memoria/internal/translit"
)

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
func (w *worker) placesFile(ctx context.Context, c int) ([]File, Stats, error) {
	names := []string{chunkName("places", c)}
	return w.writeFiles(names, func(files []*outFile) (stats Stats, err error) {
		g := w.g
		out := files[0]
		var relations, claims sectionBuffer
		out.y.raw("places:\n")
		from, to := w.span(c, g.numPlaces())
		for p := from; p < to; p++ {
			if err := cancelled(ctx, p); err != nil {
				return stats, err
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
		relations.appendTo(&out.y, "relations")
		claims.appendTo(&out.y, "claims")
		out.records += stats.Relations + stats.Claims
		return stats, nil
	})
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
