package history

import (
	"math"
	"slices"
	"sort"
	"strings"
)

// approximateMargin is how far a figure given as "about" or "almost" may
// stretch before it disagrees with another: ten percent either way.
const approximateMargin = 0.10

// Interval returns the closed range of values q admits, with open ends as
// infinities. An approximate figure is widened by ten percent.
func (q Quantity) Interval() (low, high float64) {
	low, high = math.Inf(-1), math.Inf(1)
	switch {
	case q.Value != nil:
		low, high = *q.Value, *q.Value
	default:
		if q.Low != nil {
			low = *q.Low
		}
		if q.High != nil {
			high = *q.High
		}
	}
	if q.Approximate {
		low -= math.Abs(low) * approximateMargin
		high += math.Abs(high) * approximateMargin
	}
	return low, high
}

// Question is what a claim answers: its subject, property, unit and
// qualifiers. Claims with the same question and overlapping times are about
// the same thing and can be compared.
func (c Claim) Question() string {
	keys := make([]string, 0, len(c.Qualifiers))
	for k := range c.Qualifiers {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString(string(c.Subject))
	b.WriteString("|")
	b.WriteString(c.Property)
	b.WriteString("|")
	b.WriteString(c.Unit)
	for _, k := range keys {
		b.WriteString("|")
		b.WriteString(k)
		b.WriteString("=")
		b.WriteString(c.Qualifiers[k])
	}
	return b.String()
}

// Disagree reports whether two claims about the same question, at
// overlapping times, give values that cannot both be true.
func Disagree(a, b Claim) bool {
	if a.Question() != b.Question() || !a.Time.When().Overlaps(b.Time.When()) {
		return false
	}
	switch {
	case a.Quantity != nil && b.Quantity != nil:
		alo, ahi := a.Quantity.Interval()
		blo, bhi := b.Quantity.Interval()
		return ahi < blo || bhi < alo
	case !a.DateValue.IsZero() && !b.DateValue.IsZero():
		return !a.DateValue.Overlaps(b.DateValue)
	case len(a.Entities) > 0 && len(b.Entities) > 0:
		return !sameSet(a.Entities, b.Entities)
	}
	return false
}

// Disputes maps each disputed claim to the claims it disagrees with, by
// comparison (Disagree) or because the curator said so (Contradicts, read
// both ways). Each list is sorted; undisputed claims are absent.
func Disputes(claims []Claim) map[ID][]ID {
	out := map[ID][]ID{}
	// Links are gathered with repeats (a contradiction the curator gave
	// that comparison finds too) and made unique once at the end: checking
	// each list as it grows made a question with many disagreeing claims
	// cubic.
	link := func(a, b ID) {
		if a == b {
			return
		}
		out[a] = append(out[a], b)
		out[b] = append(out[b], a)
	}
	byQuestion := map[string][]int{}
	for i, c := range claims {
		byQuestion[c.Question()] = append(byQuestion[c.Question()], i)
		for _, other := range c.Contradicts {
			link(c.ID, other)
		}
	}
	for _, group := range byQuestion {
		for x := 0; x < len(group); x++ {
			for y := x + 1; y < len(group); y++ {
				a, b := claims[group[x]], claims[group[y]]
				if Disagree(a, b) {
					link(a.ID, b.ID)
				}
			}
		}
	}
	for id, ids := range out {
		slices.Sort(ids)
		out[id] = slices.Compact(ids)
	}
	return out
}

// sameSet reports whether a and b hold the same ids, in any order.
func sameSet(a, b []ID) bool {
	x, y := slices.Clone(a), slices.Clone(b)
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(slices.Compact(x), slices.Compact(y))
}
