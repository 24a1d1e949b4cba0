package selection

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/memoria-history/memoria/internal/history"
)

// The parameter names, in the order Query writes them.
const (
	ParamID      = "id"
	ParamHops    = "hops"
	ParamFrom    = "from"
	ParamTo      = "to"
	ParamMaxHops = "maxHops"
	ParamPaths   = "paths"
	ParamKinds   = "kinds"
	ParamVia     = "via"
	ParamDuring  = "during"
	ParamSource  = "source"
	ParamLimit   = "limit"
)

// Params lists the parameter names a selection is read from.
func Params() []string {
	return []string{ParamID, ParamHops, ParamFrom, ParamTo, ParamMaxHops, ParamPaths, ParamKinds, ParamVia, ParamDuring, ParamSource, ParamLimit}
}

// The kinds of node a selection may keep. Sources are not nodes.
func nodeKinds() []history.Kind {
	return []history.Kind{history.KindPerson, history.KindGroup, history.KindPlace, history.KindEvent, history.KindWork}
}

// Parse reads a selection from URL query parameters. It refuses a
// parameter it does not know, so that a misspelt one is not silently
// ignored, a parameter given twice (but id, kinds and via, which are
// lists), and a value it cannot read; the error says which. It does not
// look at the data: Resolve finds whether the ids name anything.
func Parse(q url.Values) (Selection, error) {
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if !slices.Contains(Params(), k) {
			return Selection{}, invalid("unknown parameter %q: a selection takes %s", k, strings.Join(Params(), ", "))
		}
	}
	p := parser{q: q}
	var s Selection
	for _, v := range p.list(ParamID) {
		s.IDs = append(s.IDs, p.id(ParamID, v))
	}
	s.From, s.To = p.oneID(ParamFrom), p.oneID(ParamTo)
	s.Source = p.oneID(ParamSource)
	s.Hops = p.number(ParamHops, DefaultHops)
	s.MaxHops = p.number(ParamMaxHops, 0)
	s.Paths = p.number(ParamPaths, DefaultPaths)
	s.Limit = p.number(ParamLimit, 0)
	for _, v := range p.list(ParamKinds) {
		k := history.Kind(v)
		if !slices.Contains(nodeKinds(), k) {
			p.fail(invalid("parameter kinds: unknown kind %q: choose person, group, place, event or work", v))
		}
		if !slices.Contains(s.Kinds, k) {
			s.Kinds = append(s.Kinds, k)
		}
	}
	for _, v := range p.list(ParamVia) {
		if !slices.Contains(s.Via, v) {
			s.Via = append(s.Via, v)
		}
	}
	if v, ok := p.one(ParamDuring); ok {
		d, err := history.ParseDate(v)
		switch {
		case err != nil:
			p.fail(invalid("parameter during: %s", strings.TrimPrefix(err.Error(), "invalid EDTF date ")))
		case d.IsZero():
			p.fail(invalid("parameter during is empty: give an EDTF date or interval such as 1934/1941"))
		}
		s.During = d
	}
	if p.err != nil {
		return Selection{}, p.err
	}
	return s, s.check(q)
}

// check enforces the rules between parameters.
func (s Selection) check(q url.Values) error {
	has := func(k string) bool { _, ok := q[k]; return ok }
	switch {
	case len(s.IDs) > MaxIDs:
		return history.Errorf(history.CodeLimit, "parameter id: at most %d ids allowed, got %d", MaxIDs, len(s.IDs))
	case (s.From == "") != (s.To == ""):
		return invalid("a path needs both from and to")
	case s.From != "" && len(s.IDs) > 0:
		return invalid("give either id (a neighbourhood) or from and to (a path), not both")
	case has(ParamHops) && len(s.IDs) == 0:
		return invalid("parameter hops needs id: the entities to start from")
	case (has(ParamMaxHops) || has(ParamPaths)) && s.From == "":
		return invalid("parameters maxHops and paths need from and to")
	case s.Paths < 1:
		return invalid("parameter paths must be at least 1")
	case has(ParamMaxHops) && s.MaxHops < 1:
		return invalid("parameter maxHops must be at least 1")
	case has(ParamLimit) && s.Limit < 1:
		// 0 would read as "no limit", the opposite of what it says.
		return invalid("parameter limit must be at least 1: it is the most nodes to export; leave it out for no limit of your own")
	case s.Source != "" && s.Source.Kind() != history.KindSource:
		return invalid("parameter source: %q is not a source id such as source/essay-special-treatment", s.Source)
	}
	return nil
}

// Query writes the selection as URL query parameters that Parse reads
// back, leaving out defaults.
func (s Selection) Query() url.Values {
	q := url.Values{}
	for _, id := range s.IDs {
		q.Add(ParamID, string(id))
	}
	if len(s.IDs) > 0 && s.Hops != DefaultHops {
		q.Set(ParamHops, strconv.Itoa(s.Hops))
	}
	if s.From != "" {
		q.Set(ParamFrom, string(s.From))
		q.Set(ParamTo, string(s.To))
		if s.MaxHops != 0 {
			q.Set(ParamMaxHops, strconv.Itoa(s.MaxHops))
		}
		if s.Paths != DefaultPaths {
			q.Set(ParamPaths, strconv.Itoa(s.Paths))
		}
	}
	for _, k := range s.Kinds {
		q.Add(ParamKinds, string(k))
	}
	for _, v := range s.Via {
		q.Add(ParamVia, v)
	}
	if !s.During.IsZero() {
		q.Set(ParamDuring, s.During.EDTF)
	}
	if s.Source != "" {
		q.Set(ParamSource, string(s.Source))
	}
	if s.Limit > 0 {
		q.Set(ParamLimit, strconv.Itoa(s.Limit))
	}
	return q
}

func invalid(format string, args ...any) error {
	return history.Errorf(history.CodeInvalid, format, args...)
}

// parser reads parameters and keeps the first error.
type parser struct {
	q   url.Values
	err error
}

func (p *parser) fail(err error) {
	if p.err == nil {
		p.err = err
	}
}

// one returns a parameter given at most once.
func (p *parser) one(k string) (string, bool) {
	vs, ok := p.q[k]
	if !ok {
		return "", false
	}
	if len(vs) > 1 {
		p.fail(invalid("parameter %s is given %d times; give it once", k, len(vs)))
	}
	return strings.TrimSpace(vs[0]), true
}

// list returns the values of a list parameter: every value given, split
// at commas, without empty items.
func (p *parser) list(k string) []string {
	var out []string
	for _, v := range p.q[k] {
		for _, item := range strings.Split(v, ",") {
			if item = strings.TrimSpace(item); item != "" {
				out = append(out, item)
			}
		}
	}
	if _, ok := p.q[k]; ok && len(out) == 0 {
		p.fail(invalid("parameter %s is empty", k))
	}
	return out
}

// number reads a count that must not be negative.
func (p *parser) number(k string, def int) int {
	v, ok := p.one(k)
	if !ok {
		return def
	}
	n, err := strconv.Atoi(v)
	switch {
	case err != nil:
		p.fail(invalid("parameter %s: %q is not a whole number", k, v))
	case n < 0:
		p.fail(invalid("parameter %s must not be negative, got %d", k, n))
	}
	return n
}

func (p *parser) oneID(k string) history.ID {
	v, ok := p.one(k)
	if !ok {
		return ""
	}
	return p.id(k, v)
}

// id checks that v looks like an id, kind/slug; whether it names anything
// is for Resolve to say.
func (p *parser) id(k, v string) history.ID {
	kind, slug, ok := strings.Cut(v, "/")
	if !ok || kind == "" || slug == "" || len(v) > 200 || strings.ContainsFunc(v, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) {
		p.fail(invalid("parameter %s: %q is not an id such as person/lavrentiy-beria", k, v))
	}
	return history.ID(v)
}
