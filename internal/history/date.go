package history

import (
	"math"
	"strings"
	"time"

	"github.com/sfomuseum/go-edtf/parser"
)

// Date is a historical date written in the Extended Date/Time Format
// (EDTF, ISO 8601-2): a day, a month, a year, a decade with unspecified
// digits, an interval, each possibly uncertain or approximate. The EDTF
// string is the truth; Earliest and Latest are derived from it so that
// dates can be filtered and ordered.
//
// The zero Date is an unknown date: it has no bounds and may overlap any
// interval.
type Date struct {
	EDTF string
	// Earliest is the first instant the date can denote. It is the zero
	// time when the date is open at the start ("../1930").
	Earliest time.Time
	// Latest is the last instant the date can denote. It is the zero time
	// when the date is open at the end ("1930/..").
	Latest time.Time
	// Uncertain is set when the source is unsure of the date ("1923-05?").
	Uncertain bool
	// Approximate is set for a date given as about ("1923~").
	Approximate bool
}

// ParseDate parses an EDTF string and derives its bounds. An empty string
// gives the zero Date.
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Date{}, nil
	}
	if d, ok := plainDate(s); ok {
		return d, nil
	}
	return parseEDTF(s)
}

// parseEDTF is ParseDate for a date in any form of EDTF, by its parser.
func parseEDTF(s string) (Date, error) {
	parsed, err := parser.ParseString(s)
	if err != nil {
		return Date{}, Errorf(CodeInvalid, "invalid EDTF date %q: %s", s, lowerFirst(err.Error()))
	}
	d := Date{
		EDTF:        s,
		Uncertain:   strings.ContainsAny(s, "?%"),
		Approximate: strings.ContainsAny(s, "~%"),
	}
	// go-edtf reports an open or unknown end as an error from Lower or
	// Upper ("not implemented" for "1930/.."): those ends stay unbounded.
	if lo, err := parsed.Lower(); err == nil && lo != nil {
		d.Earliest = lo.UTC()
	}
	if hi, err := parsed.Upper(); err == nil && hi != nil {
		d.Latest = hi.UTC()
	}
	if !d.Earliest.IsZero() && !d.Latest.IsZero() && d.Latest.Before(d.Earliest) {
		return Date{}, Errorf(CodeInvalid, "invalid EDTF date %q: it ends before it starts", s)
	}
	return d, nil
}

// MustParseDate is ParseDate for literals known to be valid, as in tests and
// examples; it panics on an invalid date.
func MustParseDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// IsZero reports whether d is the unknown date.
func (d Date) IsZero() bool { return d.EDTF == "" }

// String returns the EDTF form of d.
func (d Date) String() string { return d.EDTF }

// Bounds returns d's bounds as seconds since the Unix epoch, with open ends
// (and the unknown date) as math.MinInt64 and math.MaxInt64. Integer bounds
// are what indexes keep per edge.
func (d Date) Bounds() (earliest, latest int64) {
	earliest, latest = math.MinInt64, math.MaxInt64
	if !d.Earliest.IsZero() {
		earliest = d.Earliest.Unix()
	}
	if !d.Latest.IsZero() {
		latest = d.Latest.Unix()
	}
	return earliest, latest
}

// Overlaps reports whether d and o can denote a common instant. An unknown
// date overlaps everything: it cannot be ruled out.
func (d Date) Overlaps(o Date) bool {
	dlo, dhi := d.Bounds()
	olo, ohi := o.Bounds()
	return dlo <= ohi && olo <= dhi
}

// Span joins a start and an end date into one interval, from the earliest
// bound of start to the latest bound of end. A zero start or end leaves that
// side open; two zero dates give the zero Date.
func Span(start, end Date) Date {
	switch {
	case start.IsZero() && end.IsZero():
		return Date{}
	case end.IsZero():
		return Date{EDTF: start.EDTF + "/..", Earliest: start.Earliest, Uncertain: start.Uncertain, Approximate: start.Approximate}
	case start.IsZero():
		return Date{EDTF: "../" + end.EDTF, Latest: end.Latest, Uncertain: end.Uncertain, Approximate: end.Approximate}
	}
	return Date{
		EDTF:        start.EDTF + "/" + end.EDTF,
		Earliest:    start.Earliest,
		Latest:      end.Latest,
		Uncertain:   start.Uncertain || end.Uncertain,
		Approximate: start.Approximate || end.Approximate,
	}
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}
