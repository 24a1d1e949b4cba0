package history

import (
	"reflect"
	"testing"
)

func TestDisagree(t *testing.T) {
	claim := func(id ID, q *Quantity, time string, quals map[string]string) Claim {
		return Claim{ID: id, Subject: "group/gulag", Property: "deaths", Unit: "people", Quantity: q, Time: &DatedFact{Date: MustParseDate(time)}, Qualifiers: quals}
	}
	tests := []struct {
		name string
		a, b Claim
		want bool
	}{
		{"ranges apart", claim("claim/a", &Quantity{Low: num(14e6), High: num(20e6)}, "1930/1953", nil), claim("claim/b", &Quantity{Value: num(1053829)}, "1934/1953", nil), true},
		{"open range covers value", claim("claim/a", &Quantity{Low: num(500000)}, "1934", nil), claim("claim/b", &Quantity{Value: num(510307)}, "1934-01-01", nil), false},
		{"approximate within ten percent", claim("claim/a", &Quantity{High: num(500000), Approximate: true}, "1941/1943", nil), claim("claim/b", &Quantity{Value: num(540000)}, "1942", nil), false},
		{"approximate beyond ten percent", claim("claim/a", &Quantity{Value: num(500000), Approximate: true}, "1941/1943", nil), claim("claim/b", &Quantity{Value: num(600000)}, "1942", nil), true},
		{"times apart", claim("claim/a", &Quantity{Value: num(30000)}, "1927", nil), claim("claim/b", &Quantity{Value: num(510307)}, "1934", nil), false},
		{"different qualifiers", claim("claim/a", &Quantity{Value: num(46.5)}, "1940", map[string]string{"metal": "nickel"}), claim("claim/b", &Quantity{Value: num(76)}, "1940", map[string]string{"metal": "tin"}), false},
		{"same qualifiers", claim("claim/a", &Quantity{Value: num(46.5)}, "1940", map[string]string{"metal": "nickel"}), claim("claim/b", &Quantity{Value: num(76)}, "1940", map[string]string{"metal": "nickel"}), true},
		{"dates apart", Claim{ID: "claim/a", Subject: "event/stroke", Property: "date", DateValue: MustParseDate("1923-05")}, Claim{ID: "claim/b", Subject: "event/stroke", Property: "date", DateValue: MustParseDate("1923-03-10")}, true},
		{"dates overlap", Claim{ID: "claim/a", Subject: "event/stroke", Property: "date", DateValue: MustParseDate("1923")}, Claim{ID: "claim/b", Subject: "event/stroke", Property: "date", DateValue: MustParseDate("1923-03-10")}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Disagree(tt.a, tt.b); got != tt.want {
				t.Errorf("Disagree(a, b) = %v, want %v", got, tt.want)
			}
			if got := Disagree(tt.b, tt.a); got != tt.want {
				t.Errorf("Disagree(b, a) = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestDisputes(t *testing.T) {
	claims := []Claim{
		{ID: "claim/essay", Subject: "group/gulag", Property: "deaths", Unit: "people", Quantity: &Quantity{Low: num(14e6), High: num(20e6)}},
		// Contradicted by the curator and by comparison both: listed once.
		{ID: "claim/archive", Subject: "group/gulag", Property: "deaths", Unit: "people", Quantity: &Quantity{Value: num(1053829)}, Contradicts: []ID{"claim/essay"}},
		{ID: "claim/other", Subject: "group/gulag", Property: "deaths", Unit: "people", Quantity: &Quantity{Value: num(1100000), Approximate: true}},
		{ID: "claim/famine-essay", Subject: "event/famine", Property: "deaths", Unit: "people", Quantity: &Quantity{Value: num(8e6)}, Qualifiers: map[string]string{"region": "Ukraine"}, Contradicts: []ID{"claim/famine-ref"}},
		{ID: "claim/famine-ref", Subject: "event/famine", Property: "deaths", Unit: "people", Quantity: &Quantity{Low: num(5.5e6), High: num(6.5e6)}},
	}
	want := map[ID][]ID{
		"claim/essay":        {"claim/archive", "claim/other"},
		"claim/archive":      {"claim/essay"},
		"claim/other":        {"claim/essay"},
		"claim/famine-essay": {"claim/famine-ref"},
		"claim/famine-ref":   {"claim/famine-essay"},
	}
	if got := Disputes(claims); !reflect.DeepEqual(got, want) {
		t.Errorf("Disputes =\n%v\nwant\n%v", got, want)
	}
}
