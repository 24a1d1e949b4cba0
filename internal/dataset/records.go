package dataset

import (
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/memoria-history/memoria/internal/history"
)

// A slot is a field a record may have and where its value goes: a pointer
// into the record being read, whose type says how the value is read (see
// set), or for a section of a file the function that reads its records.
// A record's slots are listed in the order the README lists its fields,
// which is the order a message about an unknown field gives them.
type slot struct {
	key string
	to  any
}

// file_ reads a whole document: a mapping of sections to lists of records.
func (r *reader) file_(doc *yaml.Node) {
	if doc.Kind == yaml.DocumentNode {
		if len(doc.Content) == 0 {
			return
		}
		doc = doc.Content[0]
	}
	if doc.Kind == yaml.ScalarNode && doc.Tag == "!!null" {
		return
	}
	sections := []slot{
		{"sources", r.source},
		{"people", func(n *yaml.Node) { r.entity(n, history.KindPerson) }},
		{"groups", func(n *yaml.Node) { r.entity(n, history.KindGroup) }},
		{"places", func(n *yaml.Node) { r.entity(n, history.KindPlace) }},
		{"works", func(n *yaml.Node) { r.entity(n, history.KindWork) }},
		{"events", r.event},
		{"relations", r.relation},
		{"claims", r.claim},
	}
	fs, _ := r.fields(doc, "", "dataset file", sections)
	for _, s := range fs {
		items := resolve(s.value)
		if items.Kind == yaml.ScalarNode && items.Tag == "!!null" {
			continue
		}
		if items.Kind != yaml.SequenceNode {
			r.problem(s.line, "", s.key, "a section must be a list of records (each starting with '- id: ...'), got %s", kindName(items))
			continue
		}
		read := sections[s.slot].to.(func(*yaml.Node))
		for _, item := range items.Content {
			read(item)
		}
	}
}

// record reads the mapping n, a record or a statement nested in one
// called what, into slots, and returns its fields; false if n is not a
// mapping. cite, when not nil, is the record's citations, read before the
// rest because the statements nested in the record inherit them; its
// slot is then only a name.
func (r *reader) record(n *yaml.Node, rec history.ID, what string, slots []slot, cite *[]history.Citation) ([]field, bool) {
	fs, ok := r.fields(n, rec, what, slots)
	if !ok && fs == nil {
		return nil, false
	}
	var cited []history.Citation
	if cite != nil {
		if i := slices.IndexFunc(fs, func(f field) bool { return f.key == "cite" }); i >= 0 {
			*cite = r.citations(fs[i], rec)
		}
		cited = *cite
	}
	for _, f := range fs {
		if cite == nil || f.key != "cite" {
			r.set(f, rec, cited, slots[f.slot].to)
		}
	}
	return fs, true
}

// set reads field f into to, a pointer whose type says how. cited are the
// citations of the record, which the statements nested in it inherit when
// they have none of their own.
func (r *reader) set(f field, rec history.ID, cited []history.Citation, to any) {
	switch to := to.(type) {
	case *string:
		*to = r.text(f, rec)
	case *history.ID:
		*to = r.id(f, rec)
	case *history.SourceKind:
		*to = history.SourceKind(r.text(f, rec))
	case *history.NameKind:
		*to = history.NameKind(r.text(f, rec))
	case *history.RelationType:
		*to = history.RelationType(r.text(f, rec))
	case *history.Role:
		*to = history.Role(r.text(f, rec))
	case *history.Date:
		*to = r.date(f, rec)
	case **float64:
		*to = r.number(f, rec)
	case *bool:
		*to = r.boolean(f, rec)
	case *[]history.ID:
		*to = r.ids(f, rec)
	case *[]history.Citation:
		*to = r.citations(f, rec)
	case *map[string]string:
		*to = r.qualifiers(f, rec)
	case *[]history.Name:
		*to = r.names(f, rec, cited)
	case **history.DatedFact:
		*to = r.dated(f, rec, cited)
	case **history.Link:
		l := r.link(f.value, f.key, f.line, rec, cited)
		*to = &l
	case *[]history.Link:
		*to = r.links(f, rec, cited)
	case *[]history.Participation:
		*to = r.participants(f, rec, cited)
	case **history.Retracted:
		*to = r.retracted(f, rec)
	default:
		panic("dataset: no reader for the type of field " + f.key)
	}
}

func (r *reader) source(n *yaml.Node) {
	s := history.Source{At: r.at(n)}
	slots := []slot{
		{"id", &s.ID}, {"title", &s.Title}, {"author", &s.Author}, {"published", &s.Published},
		{"kind", &s.Kind}, {"publisher", &s.Publisher}, {"url", &s.URL}, {"description", &s.Description}, {"text", &s.Text},
		{"retracted", &s.Retracted},
	}
	if _, ok := r.record(n, recordID(n), "source", slots, nil); ok {
		r.ds.Sources = append(r.ds.Sources, s)
	}
}

// entity reads a person, group, place or work: each kind has fields of
// its own.
func (r *reader) entity(n *yaml.Node, kind history.Kind) {
	e := history.Entity{Kind: kind, At: r.at(n)}
	var slots []slot
	switch kind {
	case history.KindPerson:
		slots = []slot{{"id", &e.ID}, {"name", &e.Name}, {"description", &e.Description}, {"wikidata", &e.Wikidata},
			{"names", &e.Names}, {"born", &e.Born}, {"died", &e.Died}, {"cite", &e.Citations}, {"retracted", &e.Retracted}}
	case history.KindWork:
		slots = []slot{{"id", &e.ID}, {"name", &e.Name}, {"type", &e.Type}, {"description", &e.Description}, {"wikidata", &e.Wikidata},
			{"names", &e.Names}, {"date", &e.Date}, {"ended", &e.Ended}, {"cite", &e.Citations}, {"retracted", &e.Retracted}}
	default:
		slots = []slot{{"id", &e.ID}, {"name", &e.Name}, {"type", &e.Type}, {"description", &e.Description}, {"wikidata", &e.Wikidata},
			{"names", &e.Names}, {"ended", &e.Ended}, {"cite", &e.Citations}, {"retracted", &e.Retracted}}
	}
	if _, ok := r.record(n, recordID(n), string(kind), slots, &e.Citations); ok {
		r.ds.Entities = append(r.ds.Entities, e)
	}
}

func (r *reader) event(n *yaml.Node) {
	e := history.Event{At: r.at(n)}
	slots := []slot{
		{"id", &e.ID}, {"name", &e.Name}, {"type", &e.Type}, {"description", &e.Description}, {"date", &e.Date},
		{"place", &e.Place}, {"parent", &e.Parent}, {"participants", &e.Participants}, {"causes", &e.Causes},
		{"consequences", &e.Consequences}, {"names", &e.Names}, {"cite", &e.Citations}, {"retracted", &e.Retracted},
	}
	if _, ok := r.record(n, recordID(n), "event", slots, &e.Citations); ok {
		r.ds.Events = append(r.ds.Events, e)
	}
}

func (r *reader) relation(n *yaml.Node) {
	rel := history.Relation{At: r.at(n)}
	slots := []slot{
		{"id", &rel.ID}, {"subject", &rel.Subject}, {"type", &rel.Type}, {"object", &rel.Object},
		{"start", &rel.Start}, {"end", &rel.End}, {"note", &rel.Note}, {"cite", &rel.Citations},
		{"retracted", &rel.Retracted},
	}
	if _, ok := r.record(n, recordID(n), "relation", slots, &rel.Citations); !ok {
		return
	}
	if rel.ID == "" {
		rel.ID = DefaultRelationID(rel.Subject, rel.Type, rel.Object)
	}
	r.ds.Relations = append(r.ds.Relations, rel)
}

// inherit returns own, or a copy of the record's citations when a nested
// statement has none of its own.
func inherit(own, record []history.Citation) []history.Citation {
	if len(own) > 0 {
		return own
	}
	if len(record) == 0 {
		return nil
	}
	return append([]history.Citation(nil), record...)
}

func (r *reader) names(f field, rec history.ID, cited []history.Citation) []history.Name {
	var out []history.Name
	for _, item := range r.list(f, rec) {
		item = resolve(item)
		name := history.Name{At: r.at(item), Kind: history.NameVariant}
		if item.Kind == yaml.ScalarNode {
			// A bare string is a variant spelling cited like its record.
			name.Text = strings.TrimSpace(item.Value)
			name.Citations = inherit(nil, cited)
			out = append(out, name)
			continue
		}
		var own []history.Citation
		slots := []slot{{"text", &name.Text}, {"kind", &name.Kind}, {"lang", &name.Lang}, {"cite", &own}}
		if _, ok := r.record(item, rec, "name", slots, nil); !ok {
			continue
		}
		name.Citations = inherit(own, cited)
		out = append(out, name)
	}
	return out
}

func (r *reader) participants(f field, rec history.ID, cited []history.Citation) []history.Participation {
	var out []history.Participation
	for _, item := range r.list(f, rec) {
		p := history.Participation{At: r.at(item)}
		var own []history.Citation
		slots := []slot{{"who", &p.Entity}, {"role", &p.Role}, {"cite", &own}}
		if _, ok := r.record(item, rec, "participant", slots, nil); !ok {
			continue
		}
		if p.Entity == "" {
			r.problem(item.Line, rec, "participants", "a participant needs who: ID")
		}
		p.Citations = inherit(own, cited)
		out = append(out, p)
	}
	return out
}

// dated reads a date given as a bare EDTF string or as {date, cite}.
func (r *reader) dated(f field, rec history.ID, cited []history.Citation) *history.DatedFact {
	date, cites := readCited(r, f.value, f.key, f.line, rec, cited, "date", r.date)
	return &history.DatedFact{Date: date, Citations: cites, At: history.Position{File: r.file, Line: f.line}}
}

// link reads a reference given as a bare id or as {id, cite}.
func (r *reader) link(n *yaml.Node, key string, line int, rec history.ID, cited []history.Citation) history.Link {
	target, cites := readCited(r, n, key, line, rec, cited, "id", r.id)
	return history.Link{Target: target, Citations: cites, At: history.Position{File: r.file, Line: line}}
}

func (r *reader) links(f field, rec history.ID, cited []history.Citation) []history.Link {
	var out []history.Link
	for _, item := range r.list(f, rec) {
		out = append(out, r.link(item, f.key, item.Line, rec, cited))
	}
	return out
}

// readCited reads a value given bare or as a mapping {inner: value, cite:
// citations}, the value of field key on line line. A problem with the
// value is reported as one with key; a value without citations of its
// own has those of the record, cited.
func readCited[T any](r *reader, n *yaml.Node, key string, line int, rec history.ID, cited []history.Citation, inner string, read func(field, history.ID) T) (T, []history.Citation) {
	n = resolve(n)
	if n.Kind != yaml.MappingNode {
		return read(field{key: key, line: line, value: n}, rec), inherit(nil, cited)
	}
	var (
		v   T
		own []history.Citation
	)
	fs, _ := r.fields(n, rec, key, []slot{{inner, nil}, {"cite", nil}})
	for _, f := range fs {
		if f.key == "cite" {
			own = r.citations(f, rec)
		} else {
			v = read(field{key: key, line: f.line, value: f.value}, rec)
		}
	}
	return v, inherit(own, cited)
}

// DefaultRelationID is the id of a relation that has none in the dataset:
// "relation/" followed by the slugs of subject, type and object.
func DefaultRelationID(subject history.ID, typ history.RelationType, object history.ID) history.ID {
	slug := func(id history.ID) string {
		_, s, _ := strings.Cut(string(id), "/")
		return s
	}
	return history.ID("relation/" + slug(subject) + "-" + string(typ) + "-" + slug(object))
}

func (r *reader) claim(n *yaml.Node) {
	c := history.Claim{At: r.at(n)}
	var q history.Quantity
	slots := []slot{
		{"id", &c.ID}, {"subject", &c.Subject}, {"property", &c.Property}, {"value", &q.Value}, {"low", &q.Low},
		{"high", &q.High}, {"approximate", &q.Approximate}, {"date", &c.DateValue}, {"entities", &c.Entities}, {"unit", &c.Unit},
		{"time", &c.Time}, {"qualifiers", &c.Qualifiers}, {"contradicts", &c.Contradicts}, {"note", &c.Note},
		{"cite", &c.Citations}, {"retracted", &c.Retracted},
	}
	fs, ok := r.record(n, recordID(n), "claim", slots, &c.Citations)
	if !ok {
		return
	}
	// A claim has a quantity if it gives any part of one, even one that
	// could not be read.
	if slices.ContainsFunc(fs, func(f field) bool {
		return f.key == "value" || f.key == "low" || f.key == "high" || f.key == "approximate"
	}) {
		quantity := q
		c.Quantity = &quantity
	}
	r.ds.Claims = append(r.ds.Claims, c)
}
