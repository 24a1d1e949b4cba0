package extract

// months maps month names, English and Russian (nominative, genitive and
// prepositional), and their usual abbreviations to their numbers. "may"
// is a month only when written with a capital (see monthAt).
var months = map[string]int{
	"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
	"july": 7, "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
	"oct": 10, "nov": 11, "dec": 12,
	"январь": 1, "февраль": 2, "март": 3, "апрель": 4, "май": 5, "июнь": 6,
	"июль": 7, "август": 8, "сентябрь": 9, "октябрь": 10, "ноябрь": 11, "декабрь": 12,
	"января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6,
	"июля": 7, "августа": 8, "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
	"январе": 1, "феврале": 2, "марте": 3, "апреле": 4, "мае": 5, "июне": 6,
	"июле": 7, "августе": 8, "сентябре": 9, "октябре": 10, "ноябре": 11, "декабре": 12,
}

func monthAbbrev(w string) bool {
	m, ok := months[w]
	return ok && m > 0 && len(w) <= 4 && w != "june" && w != "july" && w != "may"
}

// seasons maps season names to EDTF's season codes.
var seasons = map[string]int{"spring": 21, "summer": 22, "autumn": 23, "fall": 23, "winter": 24}

// yearWords follow a year in Russian: "1937 года", "1937 г.".
var yearWords = map[string]bool{"г": true, "года": true, "году": true, "год": true, "гг": true}

// notYearBefore are the words after which a number of four digits is a
// page, an article or a number of some other thing, not a year.
var notYearBefore = map[string]bool{
	"page": true, "pages": true, "p": true, "pp": true, "no": true, "nr": true, "number": true, "article": true,
	"chapter": true, "section": true, "vol": true, "volume": true, "order": true, "decree": true, "paragraph": true,
	"para": true, "item": true, "file": true, "folio": true, "fond": true, "opis": true, "delo": true,
	"table": true, "figure": true, "fig": true, "line": true, "room": true, "cell": true, "¶": true, "§": true,
	"#": true, "№": true, "статья": true, "стр": true, "с": true,
}

// wordNumbers are the numbers written as words.
var wordNumbers = map[string]float64{
	"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
	"nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
	"sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
	"forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}

// scaleWords multiply the number before them.
var scaleWords = map[string]float64{
	"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9,
	"thousands": 1e3, "millions": 1e6, "billions": 1e9, "hundreds": 100,
	"тысяча": 1e3, "тысячи": 1e3, "тысяч": 1e3, "тыс": 1e3, "миллион": 1e6, "миллиона": 1e6,
	"миллионов": 1e6, "млн": 1e6, "миллиард": 1e9, "миллиарда": 1e9, "миллиардов": 1e9, "млрд": 1e9,
}

// fractions are the shares written as words, as percentages.
var fractions = map[string]float64{
	"half": 50, "halves": 50, "third": 100.0 / 3, "thirds": 100.0 / 3, "quarter": 25, "quarters": 25,
	"fourth": 25, "fourths": 25, "fifth": 20, "fifths": 20, "tenth": 10, "tenths": 10,
}

// bound is how a word before a figure bounds it.
type bound uint8

const (
	exact     bound = iota // "about 500": the value itself, approximate when hedged
	atLeast                // "more than 500": a low bound
	atMost                 // "up to 500": a high bound
	justUnder              // "almost 500": a high bound, approximate
)

// hedge is a word or phrase before a figure and what it does to it.
type hedge struct {
	words  []string
	bound  bound
	approx bool
}

// hedges lists the phrases that bound or soften a figure, longest first
// where one begins another.
var hedges = []hedge{
	{[]string{"no", "fewer", "than"}, atLeast, false},
	{[]string{"no", "less", "than"}, atLeast, false},
	{[]string{"not", "less", "than"}, atLeast, false},
	{[]string{"more", "than"}, atLeast, false},
	{[]string{"more", "then"}, atLeast, false},
	{[]string{"at", "least"}, atLeast, false},
	{[]string{"upwards", "of"}, atLeast, false},
	{[]string{"in", "excess", "of"}, atLeast, false},
	{[]string{"well", "over"}, atLeast, false},
	{[]string{"over"}, atLeast, false},
	{[]string{"above"}, atLeast, false},
	{[]string{"exceeding"}, atLeast, false},
	{[]string{"no", "more", "than"}, atMost, false},
	{[]string{"not", "more", "than"}, atMost, false},
	{[]string{"fewer", "than"}, atMost, false},
	{[]string{"less", "than"}, atMost, false},
	{[]string{"up", "to"}, atMost, false},
	{[]string{"at", "most"}, atMost, false},
	{[]string{"as", "many", "as"}, atMost, false},
	{[]string{"under"}, atMost, false},
	{[]string{"below"}, atMost, false},
	{[]string{"just", "under"}, justUnder, true},
	{[]string{"close", "to"}, justUnder, true},
	{[]string{"almost"}, justUnder, true},
	{[]string{"nearly"}, justUnder, true},
	{[]string{"an", "estimated"}, exact, true},
	{[]string{"estimated"}, exact, true},
	{[]string{"about"}, exact, true},
	{[]string{"around"}, exact, true},
	{[]string{"some"}, exact, true},
	{[]string{"roughly"}, exact, true},
	{[]string{"approximately"}, exact, true},
	{[]string{"approx"}, exact, true},
	{[]string{"circa"}, exact, true},
	{[]string{"ca"}, exact, true},
	{[]string{"c"}, exact, true},
	{[]string{"perhaps"}, exact, true},
	{[]string{"около"}, exact, true},
	{[]string{"более"}, atLeast, false},
	{[]string{"свыше"}, atLeast, false},
	{[]string{"почти"}, justUnder, true},
}

// hedgesByFirst indexes hedges by their first word.
var hedgesByFirst = func() map[string][]hedge {
	m := map[string][]hedge{}
	for _, h := range hedges {
		m[h.words[0]] = append(m[h.words[0]], h)
	}
	return m
}()

// figureStarts reports the words a figure may start with.
func figureStarts(w string) bool {
	return has(hedgesByFirst, w) || has(wordNumbers, w) || figureWords[w]
}

var figureWords = map[string]bool{
	"a": true, "an": true, "half": true, "between": true, "tens": true, "hundreds": true, "thousands": true,
	"millions": true, "billions": true, "dozens": true,
}

// dateStarts reports the words a date phrase or a reckoning may start
// with, besides a number.
func dateStarts(w string) bool {
	return has(months, w) || has(seasons, w) || has(wordNumbers, w) || dateWords[w]
}

var dateWords = map[string]bool{
	"from": true, "с": true, "between": true, "since": true, "after": true, "после": true, "until": true,
	"till": true, "til": true, "before": true, "до": true, "up": true, "around": true, "about": true,
	"circa": true, "approximately": true, "roughly": true, "около": true, "c": true, "ca": true, "the": true,
	"early": true, "mid": true, "middle": true, "late": true, "a": true,
}

func has[V any](m map[string]V, w string) bool {
	_, ok := m[w]
	return ok
}

// units maps the noun after a figure to the unit the dataset's claims
// use: whoever is counted, prisoner, victim or worker, is counted in
// people, as the curated claims count them.
var units = map[string]string{
	"percent": "percent", "%": "percent", "pct": "percent", "процентов": "percent", "процента": "percent",
	"people": "people", "persons": "people", "person": "people", "men": "people", "women": "people",
	"man": "people", "woman": "people", "children": "people", "individuals": "people", "souls": "people",
	"lives": "people", "prisoners": "people", "prisoner": "people", "inmates": "people", "convicts": "people",
	"zeks": "people", "detainees": "people", "deportees": "people", "exiles": "people", "internees": "people",
	"workers": "people", "labourers": "people", "laborers": "people", "peasants": "people", "farmers": "people",
	"kulaks": "people", "soldiers": "people", "officers": "people", "troops": "people", "members": "people",
	"victims": "people", "deaths": "people", "dead": "people", "executions": "people", "killings": "people",
	"arrests": "people", "citizens": "people", "civilians": "people", "residents": "people", "inhabitants": "people",
	"refugees": "people", "bolsheviks": "people", "guards": "people", "delegates": "people", "specialists": "people",
	"intellectuals": "people", "priests": "people", "jews": "people", "poles": "people", "germans": "people",
	"russians": "people", "ukrainians": "people", "slaves": "people", "survivors": "people", "casualties": "people",
	"человек": "people", "заключённых": "people", "заключенных": "people",
	"tonnes": "tonnes", "tons": "tonnes", "tonne": "tonnes", "ton": "tonnes", "тонн": "tonnes",
	"roubles": "roubles", "rubles": "roubles", "rouble": "roubles", "ruble": "roubles", "рублей": "roubles",
	"dollars": "dollars", "camps": "camps", "camp": "camps", "colonies": "colonies", "colony": "colonies",
	"prisons": "prisons", "villages": "villages", "cases": "cases", "trains": "trains", "wagons": "wagons",
	"years": "years", "year": "years", "months": "months", "month": "months", "weeks": "weeks", "week": "weeks",
	"days": "days", "day": "days", "hours": "hours", "hour": "hours", "лет": "years", "года": "years",
	"kilometres": "kilometres", "kilometers": "kilometres", "km": "kilometres", "miles": "miles",
	"kilometre": "kilometres", "kilometer": "kilometres", "mile": "miles", "hectares": "hectares",
	"hectare": "hectares",
}

// currencies are the signs written before an amount of money.
var currencies = map[string]string{"$": "dollars", "£": "pounds", "€": "euros", "₽": "roubles"}

// peopleVerbs, after a figure with no noun ("the 30,000 who were
// jailed"), say that it counts people.
var peopleVerbs = map[string]bool{
	"who": true, "whom": true, "died": true, "perished": true, "killed": true, "executed": true, "shot": true,
	"arrested": true, "imprisoned": true, "jailed": true, "deported": true, "murdered": true, "starved": true,
	"sentenced": true, "exiled": true, "interned": true,
}

// unitStops end the search for a figure's noun.
var unitStops = map[string]bool{
	"that": true, "which": true, "were": true, "was": true, "are": true, "is": true, "had": true, "have": true,
	"has": true, "would": true, "will": true, "could": true, "in": true, "on": true, "at": true, "by": true,
	"from": true, "to": true, "into": true, "for": true, "with": true, "between": true, "during": true,
	"and": true, "or": true, "but": true, "than": true, "as": true, "the": true, "a": true, "an": true,
}

// relativeTime words after "two years" make it a reckoning of time, not a
// figure ("two years later").
var relativeTime = map[string]bool{
	"later": true, "earlier": true, "ago": true, "before": true, "after": true, "afterwards": true,
	"previously": true, "on": true, "hence": true,
}

// timeUnits are the units of a count of time, which may be a reckoning
// or a reference back rather than a figure.
var timeUnits = map[string]bool{"years": true, "months": true, "weeks": true, "days": true}

// referringBack words before a count of time point at a period the text
// has already given ("in those two years", "the last three months"): the
// count names it again and states nothing new.
var referringBack = map[string]bool{
	"those": true, "these": true, "the": true, "its": true, "his": true, "her": true, "their": true,
	"first": true, "last": true, "next": true, "past": true, "same": true,
}
