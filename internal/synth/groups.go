package synth

import (
	"context"
	"strconv"
	"strings"

	"github.com/memoria-history/memoria/internal/translit"
)

// groupTypes are the types of generated groups, with weights out of 100.
var groupTypes = []struct {
	typ    string
	weight int
}{
	{"party", 10}, {"body", 15}, {"government", 5}, {"police", 15}, {"army", 10},
	{"camp-system", 5}, {"band", 5}, {"movement", 10}, {"court", 10}, {"enterprise", 15},
}

var enterprises = []string{"Tractor Works", "Textile Mill", "Mining Trust", "Steel Works", "Timber Trust", "Canal Construction"}

// groupType draws only the type of group gr: the first draw of its stream.
func (g *generator) groupType(gr int) string {
	st := newStream(g.seed, tagGroup, gr)
	return drawGroupType(&st)
}

var groupTypeWeights = newWeights(len(groupTypes), func(i int) int { return groupTypes[i].weight })

func drawGroupType(st *stream) string {
	return groupTypes[groupTypeWeights.draw(st)].typ
}

// groupDraw is what is drawn for a group.
type groupDraw struct {
	typ   string
	name  string
	place int // the city or region it sat in
}

// group draws group gr: its type, then where it sat, then its name, which
// is made from the names of places, people and camps.
func (g *generator) group(gr int) groupDraw {
	st := newStream(g.seed, tagGroup, gr)
	d := groupDraw{typ: drawGroupType(&st)}
	city := g.placeStart[classCity] + g.cityLaw.draw(&st)
	region := g.placeStart[classRegion] + st.intn(g.places[classRegion])
	_, cityName := g.placeName(city)
	_, regionName := g.placeName(region)
	d.place = city
	switch d.typ {
	case "party":
		d.name = cityName + " Party Committee"
	case "body":
		d.name = cityName + " Soviet Executive Committee"
	case "government":
		d.name, d.place = "Government of the "+regionName, region
	case "police":
		d.name, d.place = regionName+" Directorate of State Security", region
	case "army":
		d.name = ordinal(gr+1) + " Rifle Division"
	case "camp-system":
		_, camp := g.placeName(g.placeStart[classCamp] + g.campLaw.draw(&st))
		d.name = camp + " Camp Administration"
	case "band":
		d.name = romanise(g.surname(g.surnameLaw.draw(&st), false), translit.BGN) + " band"
	case "movement":
		d.name = cityName + " Workers' Opposition"
	case "court":
		d.name, d.place = regionName+" Court", region
	default:
		d.name = cityName + " " + pick(&st, enterprises)
	}
	return d
}

// ordinal writes 1st, 2nd, 3rd, 4th, 11th, 21st ...
func ordinal(n int) string {
	suffix := "th"
	switch {
	case n%100 >= 11 && n%100 <= 13:
	case n%10 == 1:
		suffix = "st"
	case n%10 == 2:
		suffix = "nd"
	case n%10 == 3:
		suffix = "rd"
	}
	return strconv.Itoa(n) + suffix
}

// acronym returns the initials of the capitalised words of a name
// ("KSEC" for "Korabovo Soviet Executive Committee").
func acronym(name string) string {
	var b strings.Builder
	for w := range strings.FieldsSeq(name) {
		if w[0] >= 'A' && w[0] <= 'Z' {
			b.WriteByte(w[0])
		}
	}
	return b.String()
}

// findGroup draws groups until one has type typ (any type when typ is
// empty), giving up after a few draws with the last one: the busiest
// groups take part in the most events, as the busiest people do.
func (g *generator) findGroup(st *stream, typ string) int {
	gr := g.groupLaw.draw(st)
	for range 8 {
		if typ == "" || g.groupType(gr) == typ {
			return gr
		}
		gr = g.groupLaw.draw(st)
	}
	return gr
}

// groupsFile writes chunk c of the groups, each with the groups and
// places it belongs to and, for some, the registry's and the
// encyclopedia's counts of its members.
func (w *worker) groupsFile(ctx context.Context, c int) ([]File, Stats, error) {
	names := []string{chunkName("groups", c)}
	return w.writeFiles(names, func(files []*outFile) (stats Stats, err error) {
		g := w.g
		out := files[0]
		var relations, claims sectionBuffer
		y := &out.y
		y.raw("groups:\n")
		from, to := w.span(c, g.groups)
		for gr := from; gr < to; gr++ {
			if err := cancelled(ctx, gr); err != nil {
				return stats, err
			}
			d := g.group(gr)
			st := newStream(g.seed, tagGroupRecord, gr)
			y.id("  - id: group/g", gr+1, groupWidth)
			y.raw("\n    name: ")
			y.text(d.name)
			y.raw("\n    type: " + d.typ)
			if a := acronym(d.name); len(a) >= 3 && st.chance(0.4) {
				y.raw("\n    names: [{text: ")
				y.text(a)
				y.raw(", kind: variant}]")
			}
			y.raw("\n    cite: ")
			citeEncyclopedia(y, &st)
			y.raw("\n\n")
			stats.Groups++

			if gr > 0 && st.chance(0.5) {
				parent := newPowerLaw(gr, 0.8).draw(&st)
				ry := relations.out()
				ry.id("  - id: relation/g", gr+1, groupWidth)
				ry.id("-part-of\n    subject: group/g", gr+1, groupWidth)
				ry.id("\n    type: part-of\n    object: group/g", parent+1, groupWidth)
				ry.raw("\n    start: ")
				ry.int(st.between(1918, 1950))
				ry.raw("\n    cite: ")
				citeEncyclopedia(ry, &st)
				ry.raw("\n\n")
				stats.Relations++
			}
			if d.typ != "army" && d.typ != "camp-system" && d.typ != "band" {
				ry := relations.out()
				ry.id("  - id: relation/g", gr+1, groupWidth)
				ry.id("-located-in\n    subject: group/g", gr+1, groupWidth)
				ry.raw("\n    type: located-in\n    object: ")
				g.placeID(ry, d.place)
				ry.raw("\n    cite: ")
				citeEncyclopedia(ry, &st)
				ry.raw("\n\n")
				stats.Relations++
			}
			switch d.typ {
			case "party", "movement", "army", "enterprise":
				if st.chance(0.4) {
					cs := claimSpec{
						idPrefix: "claim/g", subject: "group/g", n: gr, width: groupWidth,
						suffix: "-members", property: "members", unit: "people",
						time: edtf{year: st.between(1925, 1950)},
					}
					stats.Claims += cs.pair(claims.out(), &st, heavy(&st, 50, 2000000, 1.0), "group file", gr+1)
				}
			}
		}
		relations.appendTo(y, "relations")
		claims.appendTo(y, "claims")
		out.records = stats.Groups + stats.Relations + stats.Claims
		return stats, nil
	})
}
