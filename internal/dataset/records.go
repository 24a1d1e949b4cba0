package dataset

import (
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/memoria-history/memoria/internal/history"
)

// The fields each record may have, in the order the README lists them.
var (
	sourceFields   = []string{"id", "title", "author", "published", "kind", "publisher", "url", "description"}
	personFields   = []string{"id", "name", "description", "wikidata", "names", "born", "died", "cite"}
	groupFields    = []string{"id", "name", "type", "description", "wikidata", "names", "cite"}
	workFields     = []string{"id", "name", "type", "description", "wikidata", "names", "date", "cite"}
	eventFields    = []string{"id", "name", "type", "description", "date", "place", "parent", "participants", "causes", "consequences", "names", "cite"}
	relationFields = []string{"id", "subject", "type", "object", "start", "end", "note", "cite"}
	claimFields    = []string{"id", "subject", "property", "value", "low", "high", "approximate", "date", "unit", "time", "qualifiers", "contradicts", "note", "cite"}
	nameFields     = []string{"text", "kind", "lang", "cite"}
	datedFields    = []string{"date", "cite"}
	linkFields     = []string{"id", "cite"}
	partFields     = []string{"who", "role", "cite"}
	sectionNames   = []string{"sources", "people", "groups", "places", "works", "events", "relations", "claims"}
)

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
	sections, _ := r.fields(doc, "", "dataset file", sectionNames)
	for _, s := range sections {
		items := resolve(s.value)
		if items.Kind == yaml.ScalarNode && items.Tag == "!!null" {
			continue
		}
		if items.Kind != yaml.SequenceNode {
			r.problem(s.line, "", s.key, "a section must be a list of records (each starting with '- id: ...'), got %s", kindName(items))
			continue
		}
		for _, item := range items.Content {
			switch s.key {
			case "sources":
				r.source(item)
			case "people":
				r.entity(item, history.KindPerson, personFields)
			case "groups":
				r.entity(item, history.KindGroup, groupFields)
			case "places":
				r.entity(item, history.KindPlace, groupFields)
			case "works":
				r.entity(item, history.KindWork, workFields)
			case "events":
				r.event(item)
			case "relations":
				r.relation(item)
			case "claims":
				r.claim(item)
			}
		}
	}
}

func (r *reader) source(n *yaml.Node) {
	rec := recordID(n)
	fs, ok := r.fields(n, rec, "source", sourceFields)
	if !ok && fs == nil {
		return
	}
	s := history.Source{At: r.at(n)}
	for _, f := range fs {
		switch f.key {
		case "id":
			s.ID = r.id(f, rec)
		case "title":
			s.Title, _ = r.str(f, rec)
		case "author":
			s.Author, _ = r.str(f, rec)
		case "published":
			s.Published = r.date(f, rec)
		case "kind":
			k, _ := r.str(f, rec)
			s.Kind = history.SourceKind(k)
		case "publisher":
			s.Publisher, _ = r.str(f, rec)
		case "url":
			s.URL, _ = r.str(f, rec)
		case "description":
			s.Description, _ = r.str(f, rec)
		}
	}
	r.ds.Sources = append(r.ds.Sources, s)
}

func (r *reader) entity(n *yaml.Node, kind history.Kind, known []string) {
	rec := recordID(n)
	fs, ok := r.fields(n, rec, string(kind), known)
	if !ok && fs == nil {
		return
	}
	e := history.Entity{Kind: kind, At: r.at(n)}
	e.Citations = r.recordCitations(fs, rec)
	for _, f := range fs {
		switch f.key {
		case "id":
			e.ID = r.id(f, rec)
		case "name":
			e.Name, _ = r.str(f, rec)
		case "type":
			e.Type, _ = r.str(f, rec)
		case "description":
			e.Description, _ = r.str(f, rec)
		case "wikidata":
			e.Wikidata, _ = r.str(f, rec)
		case "names":
			e.Names = r.names(f, rec, e.Citations)
		case "born":
			e.Born = r.dated(f, rec, e.Citations)
		case "died":
			e.Died = r.dated(f, rec, e.Citations)
		case "date":
			e.Date = r.dated(f, rec, e.Citations)
		}
	}
	r.ds.Entities = append(r.ds.Entities, e)
}

// recordCitations reads a record's cite field first, because the
// statements nested in the record inherit it.
func (r *reader) recordCitations(fs []field, rec history.ID) []history.Citation {
	for _, f := range fs {
		if f.key == "cite" {
			return r.citations(f, rec)
		}
	}
	return nil
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
		fs, ok := r.fields(item, rec, "name", nameFields)
		if !ok && fs == nil {
			continue
		}
		var own []history.Citation
		for _, nf := range fs {
			switch nf.key {
			case "text":
				name.Text, _ = r.str(nf, rec)
			case "kind":
				k, _ := r.str(nf, rec)
				name.Kind = history.NameKind(k)
			case "lang":
				name.Lang, _ = r.str(nf, rec)
			case "cite":
				own = r.citations(nf, rec)
			}
		}
		name.Citations = inherit(own, cited)
		out = append(out, name)
	}
	return out
}

// dated reads a date given as a bare EDTF string or as {date, cite}.
func (r *reader) dated(f field, rec history.ID, cited []history.Citation) *history.DatedFact {
	n := resolve(f.value)
	out := &history.DatedFact{At: history.Position{File: r.file, Line: f.line}}
	if n.Kind != yaml.MappingNode {
		out.Date = r.date(f, rec)
		out.Citations = inherit(nil, cited)
		return out
	}
	fs, _ := r.fields(n, rec, f.key, datedFields)
	var own []history.Citation
	for _, df := range fs {
		switch df.key {
		case "date":
			out.Date = r.date(field{key: f.key, line: df.line, value: df.value}, rec)
		case "cite":
			own = r.citations(df, rec)
		}
	}
	out.Citations = inherit(own, cited)
	return out
}

// link reads a reference given as a bare id or as {id, cite}.
func (r *reader) link(n *yaml.Node, key string, line int, rec history.ID, cited []history.Citation) history.Link {
	n = resolve(n)
	out := history.Link{At: history.Position{File: r.file, Line: line}}
	if n.Kind != yaml.MappingNode {
		out.Target = r.id(field{key: key, line: line, value: n}, rec)
		out.Citations = inherit(nil, cited)
		return out
	}
	fs, _ := r.fields(n, rec, key, linkFields)
	var own []history.Citation
	for _, lf := range fs {
		switch lf.key {
		case "id":
			out.Target = r.id(field{key: key, line: lf.line, value: lf.value}, rec)
		case "cite":
			own = r.citations(lf, rec)
		}
	}
	out.Citations = inherit(own, cited)
	return out
}

func (r *reader) links(f field, rec history.ID, cited []history.Citation) []history.Link {
	var out []history.Link
	for _, item := range r.list(f, rec) {
		out = append(out, r.link(item, f.key, item.Line, rec, cited))
	}
	return out
}

func (r *reader) event(n *yaml.Node) {
	rec := recordID(n)
	fs, ok := r.fields(n, rec, "event", eventFields)
	if !ok && fs == nil {
		return
	}
	e := history.Event{At: r.at(n)}
	e.Citations = r.recordCitations(fs, rec)
	for _, f := range fs {
		switch f.key {
		case "id":
			e.ID = r.id(f, rec)
		case "name":
			e.Name, _ = r.str(f, rec)
		case "type":
			e.Type, _ = r.str(f, rec)
		case "description":
			e.Description, _ = r.str(f, rec)
		case "date":
			e.Date = r.dated(f, rec, e.Citations)
		case "place":
			l := r.link(f.value, f.key, f.line, rec, e.Citations)
			e.Place = &l
		case "parent":
			l := r.link(f.value, f.key, f.line, rec, e.Citations)
			e.Parent = &l
		case "causes":
			e.Causes = r.links(f, rec, e.Citations)
		case "consequences":
			e.Consequences = r.links(f, rec, e.Citations)
		case "participants":
			e.Participants = r.participants(f, rec, e.Citations)
		case "names":
			e.Names = r.names(f, rec, e.Citations)
		}
	}
	r.ds.Events = append(r.ds.Events, e)
}

func (r *reader) participants(f field, rec history.ID, cited []history.Citation) []history.Participation {
	var out []history.Participation
	for _, item := range r.list(f, rec) {
		fs, ok := r.fields(item, rec, "participant", partFields)
		if !ok && fs == nil {
			continue
		}
		p := history.Participation{At: r.at(item)}
		var own []history.Citation
		for _, pf := range fs {
			switch pf.key {
			case "who":
				p.Entity = r.id(pf, rec)
			case "role":
				role, _ := r.str(pf, rec)
				p.Role = history.Role(role)
			case "cite":
				own = r.citations(pf, rec)
			}
		}
		if p.Entity == "" {
			r.problem(item.Line, rec, "participants", "a participant needs who: ID")
		}
		p.Citations = inherit(own, cited)
		out = append(out, p)
	}
	return out
}

func (r *reader) relation(n *yaml.Node) {
	rec := recordID(n)
	fs, ok := r.fields(n, rec, "relation", relationFields)
	if !ok && fs == nil {
		return
	}
	rel := history.Relation{At: r.at(n)}
	for _, f := range fs {
		switch f.key {
		case "id":
			rel.ID = r.id(f, rec)
		case "subject":
			rel.Subject = r.id(f, rec)
		case "type":
			t, _ := r.str(f, rec)
			rel.Type = history.RelationType(t)
		case "object":
			rel.Object = r.id(f, rec)
		case "start":
			rel.Start = r.date(f, rec)
		case "end":
			rel.End = r.date(f, rec)
		case "note":
			rel.Note, _ = r.str(f, rec)
		case "cite":
			rel.Citations = r.citations(f, rec)
		}
	}
	if rel.ID == "" {
		rel.ID = DefaultRelationID(rel.Subject, rel.Type, rel.Object)
	}
	r.ds.Relations = append(r.ds.Relations, rel)
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
	rec := recordID(n)
	fs, ok := r.fields(n, rec, "claim", claimFields)
	if !ok && fs == nil {
		return
	}
	c := history.Claim{At: r.at(n)}
	quantity := func() *history.Quantity {
		if c.Quantity == nil {
			c.Quantity = &history.Quantity{}
		}
		return c.Quantity
	}
	for _, f := range fs {
		switch f.key {
		case "id":
			c.ID = r.id(f, rec)
		case "subject":
			c.Subject = r.id(f, rec)
		case "property":
			c.Property, _ = r.str(f, rec)
		case "value":
			quantity().Value = r.number(f, rec)
		case "low":
			quantity().Low = r.number(f, rec)
		case "high":
			quantity().High = r.number(f, rec)
		case "approximate":
			quantity().Approximate = r.boolean(f, rec)
		case "date":
			c.DateValue = r.date(f, rec)
		case "unit":
			c.Unit, _ = r.str(f, rec)
		case "time":
			c.Time = r.date(f, rec)
		case "qualifiers":
			c.Qualifiers = r.qualifiers(f, rec)
		case "contradicts":
			c.Contradicts = r.ids(f, rec)
		case "note":
			c.Note, _ = r.str(f, rec)
		case "cite":
			c.Citations = r.citations(f, rec)
		}
	}
	r.ds.Claims = append(r.ds.Claims, c)
}
