package history

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/agnivade/levenshtein"
)

var (
	idPattern       = regexp.MustCompile(`^[a-z]+/[a-z0-9]+(?:-[a-z0-9]+)*$`)
	slugPattern     = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)
	wikidataPattern = regexp.MustCompile(`^Q[1-9][0-9]*$`)
)

// Validate checks every rule a dataset must keep before it is stored and
// returns every problem it finds, sorted by position. A dataset with no
// problems has well-formed unique ids, no dangling references, valid dates
// and kinds, a participant in every event, and at least one citation, to
// an existing source with a locator, on every statement.
func Validate(ds *Dataset) Problems {
	v := validator{ds: ds, defined: map[ID]Position{}, kinds: map[ID]Kind{}}
	v.collectIDs()
	for i := range ds.Sources {
		v.source(&ds.Sources[i])
	}
	for i := range ds.Entities {
		v.entity(&ds.Entities[i])
	}
	for i := range ds.Events {
		v.event(&ds.Events[i])
	}
	v.eventParents()
	for i := range ds.Relations {
		v.relation(&ds.Relations[i])
	}
	for i := range ds.Claims {
		v.claim(&ds.Claims[i])
	}
	v.problems.Sort()
	return v.problems
}

type validator struct {
	ds       *Dataset
	defined  map[ID]Position
	kinds    map[ID]Kind // what each entity id is; claims and relations are not entities
	claims   map[ID]bool
	problems Problems
}

func (v *validator) add(at Position, rec ID, field, format string, args ...any) {
	v.problems = append(v.problems, Problem{At: at, Record: rec, Field: field, Message: fmt.Sprintf(format, args...)})
}

// collectIDs records every id first, so references may point forward and
// across files.
func (v *validator) collectIDs() {
	v.claims = map[ID]bool{}
	define := func(id ID, want string, at Position) {
		if !idPattern.MatchString(string(id)) {
			v.add(at, "", "id", "%q is not a valid id: write %s/ followed by lower-case words joined by hyphens", id, want)
			return
		}
		if got := string(id.Kind()); got != want {
			v.add(at, id, "id", "id starts with %q but the record is a %s: write %s/%s", got+"/", want, want, strings.TrimPrefix(string(id), got+"/"))
		}
		if first, dup := v.defined[id]; dup {
			v.add(at, id, "id", "duplicate id, first defined at %s", first)
			return
		}
		v.defined[id] = at
	}
	for _, s := range v.ds.Sources {
		define(s.ID, string(KindSource), s.At)
		v.kinds[s.ID] = KindSource
	}
	for _, e := range v.ds.Entities {
		define(e.ID, string(e.Kind), e.At)
		v.kinds[e.ID] = e.Kind
	}
	for _, e := range v.ds.Events {
		define(e.ID, string(KindEvent), e.At)
		v.kinds[e.ID] = KindEvent
	}
	for _, r := range v.ds.Relations {
		define(r.ID, "relation", r.At)
	}
	for _, c := range v.ds.Claims {
		define(c.ID, "claim", c.At)
		v.claims[c.ID] = true
	}
}

func (v *validator) source(s *Source) {
	if strings.TrimSpace(s.Title) == "" {
		v.add(s.At, s.ID, "title", "a source needs a title")
	}
	if !slices.Contains(SourceKinds(), s.Kind) {
		v.add(s.At, s.ID, "kind", "unknown source kind %q: use one of %s", s.Kind, joinQuoted(SourceKinds()))
	}
}

// cited checks that a statement has at least one citation and that each
// points at a source with a locator.
func (v *validator) cited(at Position, rec ID, field string, cs []Citation) {
	if len(cs) == 0 {
		v.add(at, rec, field, "uncited statement: add cite: SOURCE-ID LOCATOR (for example cite: source/essay ¶3) here or on the record around it")
		return
	}
	for i, c := range cs {
		if slices.Contains(cs[:i], c) {
			v.add(at, rec, field, "cites %s %s twice", c.Source, c.Locator)
		}
		if k, ok := v.kinds[c.Source]; !ok || k != KindSource {
			v.add(at, rec, field, "cites %q, which is not a source in the dataset", c.Source)
		}
		if strings.TrimSpace(c.Locator) == "" {
			v.add(at, rec, field, "citation of %s has no locator: say where in the source (a paragraph, page or table)", c.Source)
		}
	}
}

// ref checks that id names an entity of one of the wanted kinds.
func (v *validator) ref(at Position, rec ID, field string, id ID, want ...Kind) {
	k, ok := v.kinds[id]
	switch {
	case id == "":
		v.add(at, rec, field, "missing reference")
	case !ok:
		v.add(at, rec, field, "%q does not exist%s", id, v.suggest(id))
	case len(want) > 0 && !slices.Contains(want, k):
		v.add(at, rec, field, "%q is a %s, want %s", id, k, joinQuoted(want))
	}
}

// suggest names a defined id close to a dangling one, to catch typos.
func (v *validator) suggest(id ID) string {
	best, bestDist := ID(""), 4
	for other := range v.defined {
		if d := levenshtein.ComputeDistance(string(id), string(other)); d < bestDist || (d == bestDist && other < best) {
			best, bestDist = other, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

func (v *validator) names(rec ID, names []Name) {
	for i, n := range names {
		if slices.ContainsFunc(names[:i], func(o Name) bool { return o.Kind == n.Kind && o.Text == n.Text && o.Lang == n.Lang }) {
			v.add(n.At, rec, "names", "the %s name %q is listed twice: merge the two entries and their citations", n.Kind, n.Text)
		}
		if strings.TrimSpace(n.Text) == "" {
			v.add(n.At, rec, "names", "a name needs text")
		}
		if !slices.Contains(NameKinds(), n.Kind) {
			v.add(n.At, rec, "names", "unknown name kind %q: use one of %s", n.Kind, joinQuoted(NameKinds()))
		}
		v.cited(n.At, rec, "names", n.Citations)
	}
}

func (v *validator) dated(rec ID, field string, f *DatedFact) {
	if f == nil {
		return
	}
	if f.Date.IsZero() {
		v.add(f.At, rec, field, "a date needs an EDTF value")
	}
	v.cited(f.At, rec, field, f.Citations)
}

func (v *validator) entity(e *Entity) {
	if strings.TrimSpace(e.Name) == "" {
		v.add(e.At, e.ID, "name", "an entity needs a name")
	}
	if e.Wikidata != "" && !wikidataPattern.MatchString(e.Wikidata) {
		v.add(e.At, e.ID, "wikidata", "%q is not a Wikidata item id such as Q855", e.Wikidata)
	}
	var types []string
	switch e.Kind {
	case KindGroup:
		types = GroupTypes()
	case KindPlace:
		types = PlaceTypes()
	case KindWork:
		types = WorkTypes()
	}
	if types != nil && !slices.Contains(types, e.Type) {
		v.add(e.At, e.ID, "type", "unknown %s type %q: use one of %s", e.Kind, e.Type, joinQuoted(types))
	}
	if e.Kind != KindPerson && (e.Born != nil || e.Died != nil) {
		v.add(e.At, e.ID, "born", "only people have birth and death dates")
	}
	v.cited(e.At, e.ID, "cite", e.Citations)
	v.names(e.ID, e.Names)
	v.dated(e.ID, "born", e.Born)
	v.dated(e.ID, "died", e.Died)
	v.dated(e.ID, "date", e.Date)
}

func (v *validator) link(e *Event, field string, l *Link, want Kind) {
	v.ref(l.At, e.ID, field, l.Target, want)
	if l.Target == e.ID {
		v.add(l.At, e.ID, field, "an event cannot be its own %s", field)
	}
	v.cited(l.At, e.ID, field, l.Citations)
}

func (v *validator) event(e *Event) {
	if strings.TrimSpace(e.Name) == "" {
		v.add(e.At, e.ID, "name", "an event needs a name")
	}
	if !slugPattern.MatchString(e.Type) {
		v.add(e.At, e.ID, "type", "an event needs a type in lower-case words joined by hyphens, such as execution or appointment")
	}
	v.cited(e.At, e.ID, "cite", e.Citations)
	v.names(e.ID, e.Names)
	v.dated(e.ID, "date", e.Date)
	if len(e.Participants) == 0 {
		v.add(e.At, e.ID, "participants", "an event needs at least one participant: who did it, or to whom it happened")
	}
	for i, p := range e.Participants {
		if slices.ContainsFunc(e.Participants[:i], func(o Participation) bool { return o.Entity == p.Entity && o.Role == p.Role }) {
			v.add(p.At, e.ID, "participants", "%s is listed twice as %s: merge the two entries and their citations", p.Entity, p.Role)
		}
		v.ref(p.At, e.ID, "participants", p.Entity, KindPerson, KindGroup, KindPlace, KindWork)
		if !slices.Contains(Roles(), p.Role) {
			v.add(p.At, e.ID, "participants", "unknown role %q: use one of %s", p.Role, joinQuoted(Roles()))
		}
		v.cited(p.At, e.ID, "participants", p.Citations)
	}
	if e.Place != nil {
		v.link(e, "place", e.Place, KindPlace)
	}
	if e.Parent != nil {
		v.link(e, "parent", e.Parent, KindEvent)
	}
	for i := range e.Causes {
		v.link(e, "causes", &e.Causes[i], KindEvent)
		v.once(e, "causes", e.Causes, i)
	}
	for i := range e.Consequences {
		v.link(e, "consequences", &e.Consequences[i], KindEvent)
		v.once(e, "consequences", e.Consequences, i)
	}
}

// once reports the i-th link of a list if an earlier one has its target.
func (v *validator) once(e *Event, field string, ls []Link, i int) {
	if slices.ContainsFunc(ls[:i], func(o Link) bool { return o.Target == ls[i].Target }) {
		v.add(ls[i].At, e.ID, field, "%s is listed twice: merge the two entries and their citations", ls[i].Target)
	}
}

// eventParents reports parent chains that loop, which would make an event
// part of itself.
func (v *validator) eventParents() {
	parent := map[ID]ID{}
	at := map[ID]Position{}
	for _, e := range v.ds.Events {
		if e.Parent != nil {
			parent[e.ID] = e.Parent.Target
			at[e.ID] = e.Parent.At
		}
	}
	reported := map[ID]bool{}
	for _, e := range v.ds.Events {
		seen := map[ID]bool{e.ID: true}
		for cur := parent[e.ID]; cur != ""; cur = parent[cur] {
			if cur == e.ID {
				if !reported[e.ID] {
					v.add(at[e.ID], e.ID, "parent", "parent events form a cycle through %s", cur)
				}
				reported[e.ID] = true
				break
			}
			if seen[cur] {
				break
			}
			seen[cur] = true
		}
	}
}

func (v *validator) relation(r *Relation) {
	v.ref(r.At, r.ID, "subject", r.Subject)
	v.ref(r.At, r.ID, "object", r.Object)
	if r.Subject.Kind() == KindSource || r.Object.Kind() == KindSource {
		v.add(r.At, r.ID, "subject", "relations link entities, not sources: cite a source instead")
	}
	if r.Subject != "" && r.Subject == r.Object {
		v.add(r.At, r.ID, "object", "a relation cannot link %s to itself", r.Subject)
	}
	if !slices.Contains(RelationTypes(), r.Type) {
		v.add(r.At, r.ID, "type", "unknown relation type %q: use one of %s", r.Type, joinQuoted(RelationTypes()))
	}
	if !r.Start.IsZero() && !r.End.IsZero() && r.End.Latest.Before(r.Start.Earliest) {
		v.add(r.At, r.ID, "end", "ends (%s) before it starts (%s)", r.End, r.Start)
	}
	v.cited(r.At, r.ID, "cite", r.Citations)
}

func (v *validator) claim(c *Claim) {
	v.ref(c.At, c.ID, "subject", c.Subject, KindPerson, KindGroup, KindPlace, KindEvent, KindWork)
	if !slugPattern.MatchString(c.Property) {
		v.add(c.At, c.ID, "property", "a claim needs a property in lower-case words joined by hyphens, such as deaths or prisoners")
	}
	switch {
	case c.Quantity == nil && c.DateValue.IsZero():
		v.add(c.At, c.ID, "value", "a claim needs a value: value, low and/or high, or date")
	case c.Quantity != nil && !c.DateValue.IsZero():
		v.add(c.At, c.ID, "value", "a claim has either a number or a date, not both")
	case c.Quantity != nil:
		q := c.Quantity
		if q.Value != nil && (q.Low != nil || q.High != nil) {
			v.add(c.At, c.ID, "value", "give either value or low/high, not both")
		}
		if q.Value == nil && q.Low == nil && q.High == nil {
			v.add(c.At, c.ID, "value", "a quantity needs value, low or high")
		}
		if q.Low != nil && q.High != nil && *q.High < *q.Low {
			v.add(c.At, c.ID, "high", "high (%g) is below low (%g)", *q.High, *q.Low)
		}
		if strings.TrimSpace(c.Unit) == "" {
			v.add(c.At, c.ID, "unit", "a number needs a unit, such as people, percent or hours-per-day")
		}
	}
	for _, other := range c.Contradicts {
		if !v.claims[other] {
			v.add(c.At, c.ID, "contradicts", "%q is not a claim in the dataset%s", other, v.suggest(other))
		}
	}
	v.cited(c.At, c.ID, "cite", c.Citations)
}

func joinQuoted[T ~string](vals []T) string {
	q := make([]string, len(vals))
	for i, s := range vals {
		q[i] = string(s)
	}
	return strings.Join(q, ", ")
}
