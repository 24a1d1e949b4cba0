package ingest

import "strings"

// functionWords are words that start sentences and headings without being
// names: articles, pronouns, conjunctions, prepositions and the like,
// besides the names of months and days, which are dates.
const functionWords = `a an the this that these those there here it its he she they we i you his her their
our my your him them us who whom whose which what when where why how whether if then than but and or nor
so yet for of in on at by to from with without within into onto upon after before during since until
while because although though as also only even not no yes all both each every either neither some any
many much more most few several such other another one two three four five six seven eight nine ten
first second third last next once now later soon still already never always often again meanwhile
however therefore thus hence indeed instead moreover furthermore nevertheless later earlier today
mr mrs ms dr sir madam comrade chapter part section note see figure table
january february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday`

// nameConnectors may stand between the words of a name.
const nameConnectors = `of for the de del della di da von van der den du la le al bin ibn y`

// groupWords end or hold the names of bodies, parties and institutions;
// placeWords those of places; titleWords are ranks and offices, which
// start phrases that name no one new by themselves.
const (
	groupWords = `party committee union army commissariat council congress bureau opposition front guard
directorate administration court ministry department tribunal politburo society league federation
association academy school university institute police service agency government cabinet presidium
soviet soviets trust brigade division regiment corps navy fleet church order movement international`
	placeWords = `river sea lake mountains mountain island islands street square camp oblast krai region
province district city town village peninsula canal bay gulf valley`
	titleWords = `general secretary chairman president premier marshal commissar minister leader chief
head deputy colonel major captain lieutenant sergeant prince tsar czar king queen emperor saint st
professor doctor father mother brother sister uncle aunt`
)

// wordSet is a set of lower-case words.
type wordSet map[string]bool

func newWordSet(list string) wordSet {
	s := wordSet{}
	for _, w := range strings.Fields(list) {
		s[w] = true
	}
	return s
}
