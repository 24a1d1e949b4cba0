package history

import (
	"reflect"
	"testing"
	"time"
)

// TestPlainDateAgreesWithTheParser compares plainDate with the EDTF
// parser's path on every day, month and year of a few years, and on
// near misses, which plainDate must leave to the parser.
func TestPlainDateAgreesWithTheParser(t *testing.T) {
	var inputs []string
	for _, year := range []int{1000, 1582, 1600, 1899, 1900, 1931, 1944, 2000, 2024, 9999} {
		inputs = append(inputs, time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC).Format("2006"))
		for m := time.January; m <= time.December; m++ {
			inputs = append(inputs, time.Date(year, m, 1, 0, 0, 0, 0, time.UTC).Format("2006-01"))
		}
		for d := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC); d.Year() == year; d = d.AddDate(0, 0, 1) {
			inputs = append(inputs, d.Format("2006-01-02"))
		}
	}
	inputs = append(inputs, "0999", "0000", "1931-00", "1931-13", "1931-02-29", "1932-02-30", "1931-04-31",
		"1931-08-00", "1931-8-09", "1931/08/09", "193X", "1931~", "1931?", "1931-08-09T10:00", "+1931", "-1931",
		"19310", "1931-", "1931-08-", "1931-08-1a", "1a31", "")
	for _, s := range inputs {
		fast, ok := plainDate(s)
		slow, err := parseEDTF(s)
		switch {
		case ok && err != nil:
			t.Errorf("plainDate(%q) read a date the parser refuses: %v", s, err)
		case ok && !reflect.DeepEqual(fast, slow):
			t.Errorf("plainDate(%q) = %s .. %s %v %v, the parser %s .. %s %v %v", s,
				fast.Earliest.Format(time.RFC3339Nano), fast.Latest.Format(time.RFC3339Nano), fast.Uncertain, fast.Approximate,
				slow.Earliest.Format(time.RFC3339Nano), slow.Latest.Format(time.RFC3339Nano), slow.Uncertain, slow.Approximate)
		case !ok && err == nil && len(s) == 10 && s[4] == '-' && s[7] == '-' && s[0] != '0' && s[8:] != "00":
			t.Errorf("plainDate(%q) left a plain day to the parser", s)
		}
	}
}
