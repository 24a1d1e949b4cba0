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
	v := NewValidator()
	v.Add(ds)
	return v.Finish()
}

// A Validator checks a dataset that arrives in parts, such as the files of
// a directory read one after another, and keeps only what the rules across
// records need: ids and kinds, event parents, and the references to ids not
// seen yet. Add each part, then Finish. It finds what Validate finds.
type Validator struct {
	v validator
}

// NewValidator returns a Validator with nothing added.
func NewValidator() *Validator {
	return &Validator{v: validator{defined: map[ID]Position{}, kinds: map[ID]Kind{}, claims: map[ID]bool{}, parents: map[ID]Link{}, retracted: map[ID]bool{}}}
}

// Known adds records that are already checked (a store's records), so
// that the parts may refer to them and may not reuse their ids. They are
// not checked again.
func (x *Validator) Known(ds *Dataset) {
	x.v.ds = ds
	x.v.collectIDs()
	for _, e := range ds.Events {
		if e.Parent != nil {
			x.v.parents[e.ID] = *e.Parent
		}
	}
}

// Add checks one part. References to ids that no part has defined yet are
// checked by Finish.
func (x *Validator) Add(ds *Dataset) {
	x.v.ds = ds
	x.v.collectIDs()
	x.v.records()
}

// Problems returns the problems found so far, unsorted; references still
// open are not among them.
func (x *Validator) Problems() Problems { return x.v.problems }

// Waiting is how many references were met before the record they point
// at, and so are kept, with where they were met, until Finish checks them.
// Datasets added in the order of what refers to what keep few.
func (x *Validator) Waiting() int {
	n := 0
	for _, chunk := range x.v.open.chunks {
		n += len(chunk)
	}
	return n
}

// Finish checks the references still open and the chains of event parents,
// and returns every problem, sorted by position.
func (x *Validator) Finish() Problems {
	v := &x.v
	for _, chunk := range v.open.chunks {
		for _, r := range chunk {
			v.resolve(r)
		}
	}
	v.open = openRefs{}
	v.eventParents()
	v.problems.Sort()
	return v.problems
}

// records checks the records of the part being added.
func (v *validator) records() {
	ds := v.ds
	each(ds.Sources, func(r *Source) { v.withdrawn(r.ID, r.At, r.Retracted); v.source(r) })
	each(ds.Entities, func(r *Entity) { v.withdrawn(r.ID, r.At, r.Retracted); v.entity(r) })
	each(ds.Events, func(r *Event) { v.withdrawn(r.ID, r.At, r.Retracted); v.event(r) })
	for _, e := range ds.Events {
		if e.Parent != nil {
			v.parents[e.ID] = *e.Parent
		}
	}
	each(ds.Relations, func(r *Relation) { v.withdrawn(r.ID, r.At, r.Retracted); v.relation(r) })
	each(ds.Claims, func(r *Claim) { v.withdrawn(r.ID, r.At, r.Retracted); v.claim(r) })
	v.inRetracted = false
}

// each calls fn with a pointer to every record of a list.
func each[T any](records []T, fn func(*T)) {
	for i := range records {
		fn(&records[i])
	}
}

type validator struct {
	ds       *Dataset // the part being added
	defined  map[ID]Position
	kinds    map[ID]Kind // what each entity id is; claims and relations are not entities
	claims   map[ID]bool
	parents  map[ID]Link // each event's parent, for cycles
	open     openRefs    // references to ids not defined when they were met
	problems Problems

	// retracted holds the ids of withdrawn records, and inRetracted says
	// that the record being checked is one: a record that stands may not
	// refer to a withdrawn one, and a withdrawn one may.
	retracted   map[ID]bool
	inRetracted bool
	// lookup answers for the stored records no part defines (see
	// Validator.Lookup); looked remembers whom it was asked about.
	lookup        func(ID) (StoredRecord, bool)
	looked        map[ID]bool
	storedParents map[ID]ID // the parents of stored events, for cycles
}

// reference is a reference to an id, kept until the id is defined or the
// dataset ends.
type reference struct {
	at    Position
	rec   ID
	field string
	id    ID
	want  kindSet // empty: any kind
	// what the reference points at: an entity (ref), a source (citation),
	// a claim (contradicts).
	to refTarget
	// fromRetracted says that the referring record is withdrawn.
	fromRetracted bool
}

// kindSet is a set of kinds, one bit each in the order of Kinds: a
// reference kept until the end holds one instead of a slice.
type kindSet uint16

func kindSetOf(ks []Kind) kindSet {
	var s kindSet
	for _, k := range ks {
		if i := slices.Index(Kinds(), k); i >= 0 {
			s |= 1 << i
		}
	}
	return s
}

func (s kindSet) has(k Kind) bool {
	i := slices.Index(Kinds(), k)
	return i >= 0 && s&(1<<i) != 0
}

// kinds lists the kinds in s, in the order of Kinds.
func (s kindSet) kinds() []Kind {
	var out []Kind
	for i, k := range Kinds() {
		if s&(1<<i) != 0 {
			out = append(out, k)
		}
	}
	return out
}

type refTarget uint8

const (
	toEntity refTarget = iota
	toSource
	toClaim
)

// check checks a reference now if its id is defined, or keeps it for
// Finish.
func (v *validator) check(r reference) {
	r.fromRetracted = v.inRetracted
	if _, ok := v.defined[r.id]; ok || r.id == "" {
		v.resolve(r)
		return
	}
	v.open.add(r)
}

// openRefs holds the references kept for Finish in chunks of a fixed size.
// A load of a million people keeps millions (every participant of an event
// read before the person), and a slice grown by appending would hold up to
// twice their size, and copy them all at each growth.
type openRefs struct{ chunks [][]reference }

const openRefsChunk = 4096

func (o *openRefs) add(r reference) {
	if n := len(o.chunks); n == 0 || len(o.chunks[n-1]) == cap(o.chunks[n-1]) {
		// The first chunk is small: a change keeps a few references.
		size := openRefsChunk
		if n == 0 {
			size = 16
		} else if c := cap(o.chunks[n-1]); c < openRefsChunk {
			o.chunks[n-1] = append(o.chunks[n-1][:c:c], r)
			return
		}
		o.chunks = append(o.chunks, make([]reference, 0, size))
	}
	last := &o.chunks[len(o.chunks)-1]
	*last = append(*last, r)
}

// resolve reports what is wrong with a reference, now that every id it
// could point at is known.
func (v *validator) resolve(r reference) {
	v.lookUp(r.id)
	if v.retracted[r.id] && !r.fromRetracted {
		v.add(r.at, r.rec, r.field, "%q is retracted: a statement that stands cannot refer to it (refer to another record, or retract this one too)", r.id)
		return
	}
	switch r.to {
	case toSource:
		if k, ok := v.kinds[r.id]; !ok || k != KindSource {
			v.add(r.at, r.rec, r.field, "cites %q, which is not a source in the dataset", r.id)
		}
	case toClaim:
		if !v.claims[r.id] {
			v.add(r.at, r.rec, r.field, "%q is not a claim in the dataset%s", r.id, v.suggest(r.id))
		}
	default:
		k, ok := v.kinds[r.id]
		switch {
		case r.id == "":
			v.add(r.at, r.rec, r.field, "missing reference")
		case !ok:
			v.add(r.at, r.rec, r.field, "%q does not exist%s", r.id, v.suggest(r.id))
		case r.want != 0 && !r.want.has(k):
			v.add(r.at, r.rec, r.field, "%q is a %s, want %s", r.id, k, joinQuoted(r.want.kinds()))
		}
	}
}

func (v *validator) add(at Position, rec ID, field, format string, args ...any) {
	v.problems = append(v.problems, Problem{At: at, Record: rec, Field: field, Message: fmt.Sprintf(format, args...)})
}

// collectIDs records every id first, so references may point forward and
// across files.
func (v *validator) collectIDs() {
	define := func(id ID, want string, at Position) {
		if !idPattern.MatchString(string(id)) {
			v.add(at, "", "id", "%q is not a valid id: write %s/ followed by lower-case words joined by hyphens", id, want)
			return
		}
		if got := string(id.Kind()); got != want {
			v.add(at, id, "id", "id starts with %q but the record is a %s: write %s/%s", got+"/", want, want, strings.TrimPrefix(string(id), got+"/"))
		}
		if first, dup := v.defined[id]; dup {
			if first.String() == "" { // records that came from no file, such as a change's
				v.add(at, id, "id", "duplicate id: two records have it")
			} else {
				v.add(at, id, "id", "duplicate id, first defined at %s", first)
			}
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
	v.markRetracted()
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
		v.check(reference{at: at, rec: rec, field: field, id: c.Source, to: toSource})
		if strings.TrimSpace(c.Locator) == "" {
			v.add(at, rec, field, "citation of %s has no locator: say where in the source (a paragraph, page or table)", c.Source)
		}
	}
}

// ref checks that id names an entity of one of the wanted kinds.
func (v *validator) ref(at Position, rec ID, field string, id ID, want ...Kind) {
	v.check(reference{at: at, rec: rec, field: field, id: id, want: kindSetOf(want), to: toEntity})
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
	if e.Kind == KindPerson && e.Ended != nil {
		v.add(e.Ended.At, e.ID, "ended", "a person ends with died, not ended")
	}
	v.cited(e.At, e.ID, "cite", e.Citations)
	v.names(e.ID, e.Names)
	v.dated(e.ID, "born", e.Born)
	v.dated(e.ID, "died", e.Died)
	v.dated(e.ID, "date", e.Date)
	v.dated(e.ID, "ended", e.Ended)
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
	for id, link := range v.parents {
		seen := map[ID]bool{id: true}
		for cur := link.Target; cur != ""; cur = v.parentOf(cur) {
			if cur == id {
				v.add(link.At, id, "parent", "parent events form a cycle through %s", cur)
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
	start, end := r.Start.When(), r.End.When()
	if !start.IsZero() && !end.IsZero() && end.Latest.Before(start.Earliest) {
		v.add(r.At, r.ID, "end", "ends (%s) before it starts (%s)", end, start)
	}
	v.cited(r.At, r.ID, "cite", r.Citations)
	v.dated(r.ID, "start", r.Start)
	v.dated(r.ID, "end", r.End)
}

func (v *validator) claim(c *Claim) {
	v.ref(c.At, c.ID, "subject", c.Subject, KindPerson, KindGroup, KindPlace, KindEvent, KindWork)
	if !slugPattern.MatchString(c.Property) {
		v.add(c.At, c.ID, "property", "a claim needs a property in lower-case words joined by hyphens, such as deaths or prisoners")
	}
	values := 0
	for _, given := range []bool{c.Quantity != nil, !c.DateValue.IsZero(), len(c.Entities) > 0} {
		if given {
			values++
		}
	}
	for _, e := range c.Entities {
		v.ref(c.At, c.ID, "entities", e, KindPerson, KindGroup, KindPlace, KindEvent, KindWork)
	}
	switch {
	case values == 0:
		v.add(c.At, c.ID, "value", "a claim needs a value: value, low and/or high, date, or entities")
	case values > 1:
		v.add(c.At, c.ID, "value", "a claim has a number, a date or entities as its value, not both (nor all three)")
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
		v.check(reference{at: c.At, rec: c.ID, field: "contradicts", id: other, to: toClaim})
	}
	v.cited(c.At, c.ID, "cite", c.Citations)
	v.dated(c.ID, "time", c.Time)
}

func joinQuoted[T ~string](vals []T) string {
	q := make([]string, len(vals))
	for i, s := range vals {
		q[i] = string(s)
	}
	return strings.Join(q, ", ")
}
