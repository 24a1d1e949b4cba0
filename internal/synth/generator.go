package synth

import (
	"math/bits"
)

// generator holds the shape of a dataset, derived from its seed and size.
// It is read-only once made, so workers share it.
type generator struct {
	seed    uint64
	shape   Shape
	perFile int
	people  int
	groups  int
	events  int
	// Places are numbered in one sequence, class after class.
	places     [numPlaceClasses]int // how many of each class
	placeStart [numPlaceClasses]int // the number of each class's first place
	surnames   int
	// personMul and personOff map a person's rank in the power law to its
	// number, so that the busiest people are spread over the files
	// instead of all being in the first.
	personMul, personOff uint64

	personLaw powerLaw // ends of relations and most participants
	leaderLaw powerLaw // who ordered, led or appointed: steeper
	groupLaw  powerLaw
	// leadGroupLaw picks the groups people led or created: steeper than
	// membership, since a few bodies had many heads over the years.
	leadGroupLaw powerLaw
	surnameLaw   powerLaw
	cityLaw      powerLaw
	campLaw      powerLaw
	// officialLaw picks who signed or carried out a registry's sentences:
	// steeper than any other, so that in a registry of a million people a
	// few officials sign thousands.
	officialLaw powerLaw
	siteLaw     powerLaw // where a registry's executions took place
}

// Place classes, in the order of their numbering.
type placeClass int

const (
	classCountry placeClass = iota
	classRepublic
	classRegion
	classCity
	classCamp
	classPrison
	classSite
	numPlaceClasses
)

// placeClasses gives each class its id prefix and place type.
var placeClasses = [numPlaceClasses]struct{ prefix, typ string }{
	{"place/country-", "country"},
	{"place/republic-", "republic"},
	{"place/region-", "region"},
	{"place/city-", "city"},
	{"place/camp-", "camp"},
	{"place/prison-", "building"},
	{"place/site-", "site"},
}

// Id widths: fixed, so that ids sort by number.
const (
	personWidth = 7
	eventWidth  = 7
	groupWidth  = 6
	placeWidth  = 6
)

// campaignEvery makes every campaignEvery-th event a campaign (a mass
// operation or purge) that later events may name as their parent.
const campaignEvery = 64

func newGenerator(seed uint64, people, perFile int, shape Shape) *generator {
	g := &generator{
		seed:     seed,
		shape:    shape.orDefault(),
		perFile:  perFile,
		people:   people,
		groups:   max(4, people/100),
		events:   max(2, people/2),
		surnames: max(20, people/10),
	}
	g.places = [numPlaceClasses]int{
		classCountry:  3,
		classRepublic: max(2, people/50000),
		classRegion:   max(3, people/5000),
		classCity:     max(5, people/500),
		classCamp:     max(3, people/250),
		classPrison:   max(2, people/2000),
		classSite:     max(2, people/2000),
	}
	for c := classRepublic; c < numPlaceClasses; c++ {
		g.placeStart[c] = g.placeStart[c-1] + g.places[c-1]
	}
	st := newStream(seed, tagPermutation, 0)
	g.personMul, g.personOff = 1, 0
	if people > 1 {
		g.personMul = uint64(1 + st.intn(people-1))
		for gcd(g.personMul, uint64(people)) != 1 {
			g.personMul++
		}
		g.personOff = uint64(st.intn(people))
	}
	g.personLaw = newPowerLaw(people, 0.65)
	g.leaderLaw = newPowerLaw(people, 0.9)
	g.groupLaw = newPowerLaw(g.groups, 0.8)
	g.leadGroupLaw = newPowerLaw(g.groups, 1.3)
	g.surnameLaw = newPowerLaw(g.surnames, 0.7)
	g.cityLaw = newPowerLaw(g.places[classCity], 0.8)
	g.campLaw = newPowerLaw(g.places[classCamp], 0.6)
	g.officialLaw = newPowerLaw(people, 1.25)
	g.siteLaw = newPowerLaw(g.places[classSite], 0.9)
	return g
}

func gcd(a, b uint64) uint64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// personAt returns the number of the person at rank r of a power law.
func (g *generator) personAt(r int) int {
	hi, lo := bits.Mul64(uint64(r), g.personMul)
	_, rem := bits.Div64(hi, lo, uint64(g.people))
	return int((rem + g.personOff) % uint64(g.people))
}

func (g *generator) numPlaces() int {
	return g.placeStart[numPlaceClasses-1] + g.places[numPlaceClasses-1]
}

func chunks(n, per int) int { return (n + per - 1) / per }

// tasks lists the work in a fixed order: the small files first, then
// people and events interleaved, so progress reports move evenly. A
// registry writes its events beside its people.
func (g *generator) tasks() []task {
	ts := []task{{kind: taskSources}}
	for c := range chunks(g.numPlaces(), g.perFile) {
		ts = append(ts, task{taskPlaces, c})
	}
	for c := range chunks(g.groups, g.perFile) {
		ts = append(ts, task{taskGroups, c})
	}
	if g.shape == ShapeRegistry {
		ts = append(ts, task{kind: taskOperations})
		for c := range chunks(g.people, g.perFile) {
			ts = append(ts, task{taskRegistryPeople, c})
		}
		return ts
	}
	people, events := chunks(g.people, g.perFile), chunks(g.events, g.perFile)
	for c := range max(people, events) {
		if c < people {
			ts = append(ts, task{taskPeople, c})
		}
		if c < events {
			ts = append(ts, task{taskEvents, c})
		}
	}
	return ts
}
