package history

import "time"

// plainDate reads the dates most records give, a year ("1931"), a month
// ("1931-08") or a day ("1931-08-09") of a year from 1000 to 9999, with
// the bounds the EDTF parser gives them (date_test.go compares the two):
// the parser costs a large share of reading a dataset. It returns false
// for anything else, which the parser reads.
func plainDate(s string) (Date, bool) {
	n := len(s)
	if n != 4 && n != 7 && n != 10 {
		return Date{}, false
	}
	year, ok := digits(s[0:4])
	if !ok || year < 1000 {
		return Date{}, false
	}
	month, day := 0, 0
	if n >= 7 {
		if s[4] != '-' {
			return Date{}, false
		}
		if month, ok = digits(s[5:7]); !ok || month < 1 || month > 12 {
			return Date{}, false
		}
	}
	if n == 10 {
		if s[7] != '-' {
			return Date{}, false
		}
		if day, ok = digits(s[8:10]); !ok || day < 1 || day > daysIn(year, time.Month(month)) {
			return Date{}, false
		}
	}
	var lo, hi time.Time
	switch {
	case day > 0:
		lo = time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
		hi = lo.AddDate(0, 0, 1)
	case month > 0:
		lo = time.Date(year, time.Month(month), 1, 0, 0, 0, 0, time.UTC)
		hi = lo.AddDate(0, 1, 0)
	default:
		lo = time.Date(year, time.January, 1, 0, 0, 0, 0, time.UTC)
		hi = lo.AddDate(1, 0, 0)
	}
	return Date{EDTF: s, Earliest: lo, Latest: hi.Add(-time.Second)}, true
}

// digits reads s as a decimal number of its digits only.
func digits(s string) (int, bool) {
	v := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int(c-'0')
	}
	return v, true
}

// daysIn is the number of days of a month of the Gregorian calendar.
func daysIn(year int, m time.Month) int {
	return time.Date(year, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}
