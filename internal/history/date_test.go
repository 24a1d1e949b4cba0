package history

import (
	"testing"
	"time"
)

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02 15:04:05", s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestParseDateBounds(t *testing.T) {
	tests := []struct {
		name                 string
		in                   string
		earliest, latest     string // "" means open
		uncertain, approxmte bool
	}{
		{name: "day", in: "1938-08-22", earliest: "1938-08-22 00:00:00", latest: "1938-08-22 23:59:59"},
		{name: "month", in: "1941-06", earliest: "1941-06-01 00:00:00", latest: "1941-06-30 23:59:59"},
		{name: "leap february", in: "1940-02", earliest: "1940-02-01 00:00:00", latest: "1940-02-29 23:59:59"},
		{name: "year", in: "1927", earliest: "1927-01-01 00:00:00", latest: "1927-12-31 23:59:59"},
		{name: "decade with unspecified digit", in: "198X", earliest: "1980-01-01 00:00:00", latest: "1989-12-31 23:59:59"},
		{name: "interval of years", in: "1934/1938", earliest: "1934-01-01 00:00:00", latest: "1938-12-31 23:59:59"},
		{name: "interval of mixed precision", in: "1941-06-22/1941-07", earliest: "1941-06-22 00:00:00", latest: "1941-07-31 23:59:59"},
		{name: "uncertain month", in: "1923-05?", earliest: "1923-05-01 00:00:00", latest: "1923-05-31 23:59:59", uncertain: true},
		{name: "approximate year", in: "1923~", earliest: "1923-01-01 00:00:00", latest: "1923-12-31 23:59:59", approxmte: true},
		{name: "open end", in: "1930/..", earliest: "1930-01-01 00:00:00"},
		{name: "open start", in: "../1930", latest: "1930-12-31 23:59:59"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseDate(tt.in)
			if err != nil {
				t.Fatalf("ParseDate(%q): %v", tt.in, err)
			}
			if tt.earliest == "" && !got.Earliest.IsZero() || tt.earliest != "" && !got.Earliest.Equal(day(tt.earliest)) {
				t.Errorf("Earliest = %v, want %q", got.Earliest, tt.earliest)
			}
			if tt.latest == "" && !got.Latest.IsZero() || tt.latest != "" && !got.Latest.Equal(day(tt.latest)) {
				t.Errorf("Latest = %v, want %q", got.Latest, tt.latest)
			}
			if got.Uncertain != tt.uncertain || got.Approximate != tt.approxmte {
				t.Errorf("Uncertain, Approximate = %v, %v; want %v, %v", got.Uncertain, got.Approximate, tt.uncertain, tt.approxmte)
			}
			if got.String() != tt.in {
				t.Errorf("String() = %q, want %q", got.String(), tt.in)
			}
		})
	}
}

func TestParseDateRejects(t *testing.T) {
	for _, in := range []string{"abc", "1923-02-30", "1938-13", "22 August 1938", "1938/1934"} {
		t.Run(in, func(t *testing.T) {
			if d, err := ParseDate(in); err == nil {
				t.Fatalf("ParseDate(%q) = %+v, want an error", in, d)
			} else if ErrorCode(err) != CodeInvalid {
				t.Errorf("code = %s, want %s", ErrorCode(err), CodeInvalid)
			}
		})
	}
}

func TestDateOverlaps(t *testing.T) {
	tests := []struct {
		name string
		a, b string
		want bool
	}{
		{"same year", "1937", "1937-08", true},
		{"adjacent years", "1936", "1937", false},
		{"interval covers day", "1934/1938", "1937-07-30", true},
		{"unknown overlaps all", "", "1937", true},
		{"open end reaches later", "1930/..", "1980", true},
		{"open start misses later", "../1930", "1931", false},
		{"uncertain month against reference day", "1923-05?", "1923-03-10", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := MustParseDate(tt.a), MustParseDate(tt.b)
			if got := a.Overlaps(b); got != tt.want {
				t.Errorf("%q overlaps %q = %v, want %v", tt.a, tt.b, got, tt.want)
			}
			if got := b.Overlaps(a); got != tt.want {
				t.Errorf("%q overlaps %q = %v, want %v (not symmetric)", tt.b, tt.a, got, tt.want)
			}
		})
	}
}

func TestSpan(t *testing.T) {
	tests := []struct {
		start, end, want string
	}{
		{"1938-08-22", "1938-11-25", "1938-08-22/1938-11-25"},
		{"1934", "", "1934/.."},
		{"", "1953", "../1953"},
		{"", "", ""},
	}
	for _, tt := range tests {
		got := Span(MustParseDate(tt.start), MustParseDate(tt.end))
		if got.EDTF != tt.want {
			t.Errorf("Span(%q, %q) = %q, want %q", tt.start, tt.end, got.EDTF, tt.want)
		}
		if tt.want == "" {
			continue
		}
		parsed := MustParseDate(tt.want)
		if !parsed.Earliest.Equal(got.Earliest) || !parsed.Latest.Equal(got.Latest) {
			t.Errorf("Span(%q, %q) bounds = %v..%v, want those of %q: %v..%v", tt.start, tt.end, got.Earliest, got.Latest, tt.want, parsed.Earliest, parsed.Latest)
		}
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"1938-08-22", "198X", "1934/1938", "1923-05?", "1930/..", "-0044-03-15", "[1667,1668]", "2001-21"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			return
		}
		lo, hi := d.Bounds()
		if lo > hi {
			t.Fatalf("ParseDate(%q) bounds %d > %d", s, lo, hi)
		}
		if !d.Overlaps(d) && !d.IsZero() {
			t.Fatalf("ParseDate(%q) does not overlap itself", s)
		}
	})
}
