package history

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
)

// A dataset in JSON has the keys of the dataset's YAML format: sections
// (sources, people, groups, places, works, events, relations, claims) of
// records, each field under its YAML name, citations as "SOURCE LOCATOR"
// and dates as EDTF strings. A statement nested in a record that cites
// what the record cites leaves its cite out, as a curator would, and gets
// the record's citations back when read. Beyond the YAML format, a record
// may carry its revision and its retraction's revision and time, which a
// store sets: the audit records keep a change's records as they were, in
// this form, and what reads them gets the same values back.

type jsonDataset struct {
	Sources   []jsonSource   `json:"sources,omitempty"`
	People    []jsonEntity   `json:"people,omitempty"`
	Groups    []jsonEntity   `json:"groups,omitempty"`
	Places    []jsonEntity   `json:"places,omitempty"`
	Works     []jsonEntity   `json:"works,omitempty"`
	Events    []jsonEvent    `json:"events,omitempty"`
	Relations []jsonRelation `json:"relations,omitempty"`
	Claims    []jsonClaim    `json:"claims,omitempty"`
}

// jsonStored is what every record may carry besides its content.
type jsonStored struct {
	Retracted *jsonRetracted `json:"retracted,omitempty"`
	Revision  uint64         `json:"revision,omitempty"`
}

type jsonRetracted struct {
	Reason   string   `json:"reason"`
	Cite     []string `json:"cite,omitempty"`
	Revision uint64   `json:"revision,omitempty"`
	At       string   `json:"at,omitempty"`
}

type jsonSource struct {
	ID          ID     `json:"id"`
	Title       string `json:"title,omitempty"`
	Author      string `json:"author,omitempty"`
	Published   string `json:"published,omitempty"`
	Kind        string `json:"kind,omitempty"`
	Publisher   string `json:"publisher,omitempty"`
	URL         string `json:"url,omitempty"`
	Description string `json:"description,omitempty"`
	Text        string `json:"text,omitempty"`
	jsonStored
}

type jsonName struct {
	Text string   `json:"text"`
	Kind string   `json:"kind"`
	Lang string   `json:"lang,omitempty"`
	Cite []string `json:"cite,omitempty"`
}

type jsonDated struct {
	Date string   `json:"date"`
	Cite []string `json:"cite,omitempty"`
}

type jsonLink struct {
	ID   ID       `json:"id"`
	Cite []string `json:"cite,omitempty"`
}

type jsonParticipant struct {
	Who  ID       `json:"who"`
	Role string   `json:"role"`
	Cite []string `json:"cite,omitempty"`
}

type jsonEntity struct {
	ID          ID         `json:"id"`
	Name        string     `json:"name,omitempty"`
	Type        string     `json:"type,omitempty"`
	Description string     `json:"description,omitempty"`
	Wikidata    string     `json:"wikidata,omitempty"`
	Names       []jsonName `json:"names,omitempty"`
	Born        *jsonDated `json:"born,omitempty"`
	Died        *jsonDated `json:"died,omitempty"`
	Date        *jsonDated `json:"date,omitempty"`
	Ended       *jsonDated `json:"ended,omitempty"`
	Cite        []string   `json:"cite,omitempty"`
	jsonStored
}

type jsonEvent struct {
	ID           ID                `json:"id"`
	Name         string            `json:"name,omitempty"`
	Type         string            `json:"type,omitempty"`
	Description  string            `json:"description,omitempty"`
	Date         *jsonDated        `json:"date,omitempty"`
	Place        *jsonLink         `json:"place,omitempty"`
	Parent       *jsonLink         `json:"parent,omitempty"`
	Participants []jsonParticipant `json:"participants,omitempty"`
	Causes       []jsonLink        `json:"causes,omitempty"`
	Consequences []jsonLink        `json:"consequences,omitempty"`
	Names        []jsonName        `json:"names,omitempty"`
	Cite         []string          `json:"cite,omitempty"`
	jsonStored
}

type jsonRelation struct {
	ID      ID         `json:"id"`
	Subject ID         `json:"subject"`
	Type    string     `json:"type"`
	Object  ID         `json:"object"`
	Start   *jsonDated `json:"start,omitempty"`
	End     *jsonDated `json:"end,omitempty"`
	Note    string     `json:"note,omitempty"`
	Cite    []string   `json:"cite,omitempty"`
	jsonStored
}

type jsonClaim struct {
	ID          ID                `json:"id"`
	Subject     ID                `json:"subject"`
	Property    string            `json:"property,omitempty"`
	Value       *float64          `json:"value,omitempty"`
	Low         *float64          `json:"low,omitempty"`
	High        *float64          `json:"high,omitempty"`
	Approximate bool              `json:"approximate,omitempty"`
	Date        string            `json:"date,omitempty"`
	Entities    []ID              `json:"entities,omitempty"`
	Unit        string            `json:"unit,omitempty"`
	Time        *jsonDated        `json:"time,omitempty"`
	Qualifiers  map[string]string `json:"qualifiers,omitempty"`
	Contradicts []ID              `json:"contradicts,omitempty"`
	Note        string            `json:"note,omitempty"`
	Cite        []string          `json:"cite,omitempty"`
	jsonStored
}

// MarshalJSON writes the dataset in JSON, with the keys of the dataset
// format (see the comment at the top of recordjson.go).
func (ds *Dataset) MarshalJSON() ([]byte, error) {
	var out jsonDataset
	for _, s := range ds.Sources {
		out.Sources = append(out.Sources, jsonSource{
			ID: s.ID, Title: s.Title, Author: s.Author, Published: s.Published.EDTF, Kind: string(s.Kind),
			Publisher: s.Publisher, URL: s.URL, Description: s.Description, Text: s.Text, jsonStored: storedJSON(s.Revision, s.Retracted),
		})
	}
	for _, e := range ds.Entities {
		j := jsonEntity{
			ID: e.ID, Name: e.Name, Type: e.Type, Description: e.Description, Wikidata: e.Wikidata,
			Names: namesJSON(e.Names, e.Citations), Born: datedJSON(e.Born, e.Citations), Died: datedJSON(e.Died, e.Citations),
			Date: datedJSON(e.Date, e.Citations), Ended: datedJSON(e.Ended, e.Citations), Cite: citesJSON(e.Citations),
			jsonStored: storedJSON(e.Revision, e.Retracted),
		}
		switch e.Kind {
		case KindPerson:
			out.People = append(out.People, j)
		case KindGroup:
			out.Groups = append(out.Groups, j)
		case KindPlace:
			out.Places = append(out.Places, j)
		case KindWork:
			out.Works = append(out.Works, j)
		default:
			return nil, fmt.Errorf("entity %s: %q is not a kind of entity", e.ID, e.Kind)
		}
	}
	for _, e := range ds.Events {
		j := jsonEvent{
			ID: e.ID, Name: e.Name, Type: e.Type, Description: e.Description, Date: datedJSON(e.Date, e.Citations),
			Place: linkJSON(e.Place, e.Citations), Parent: linkJSON(e.Parent, e.Citations),
			Causes: linksJSON(e.Causes, e.Citations), Consequences: linksJSON(e.Consequences, e.Citations),
			Names: namesJSON(e.Names, e.Citations), Cite: citesJSON(e.Citations), jsonStored: storedJSON(e.Revision, e.Retracted),
		}
		for _, p := range e.Participants {
			j.Participants = append(j.Participants, jsonParticipant{Who: p.Entity, Role: string(p.Role), Cite: nestedJSON(p.Citations, e.Citations)})
		}
		out.Events = append(out.Events, j)
	}
	for _, r := range ds.Relations {
		out.Relations = append(out.Relations, jsonRelation{
			ID: r.ID, Subject: r.Subject, Type: string(r.Type), Object: r.Object,
			Start: datedJSON(r.Start, r.Citations), End: datedJSON(r.End, r.Citations),
			Note: r.Note, Cite: citesJSON(r.Citations), jsonStored: storedJSON(r.Revision, r.Retracted),
		})
	}
	for _, c := range ds.Claims {
		j := jsonClaim{
			ID: c.ID, Subject: c.Subject, Property: c.Property, Date: c.DateValue.EDTF, Entities: c.Entities, Unit: c.Unit,
			Time:       datedJSON(c.Time, c.Citations),
			Qualifiers: c.Qualifiers, Contradicts: c.Contradicts, Note: c.Note, Cite: citesJSON(c.Citations),
			jsonStored: storedJSON(c.Revision, c.Retracted),
		}
		if q := c.Quantity; q != nil {
			j.Value, j.Low, j.High, j.Approximate = q.Value, q.Low, q.High, q.Approximate
		}
		out.Claims = append(out.Claims, j)
	}
	return json.Marshal(out)
}

func citesJSON(cs []Citation) []string {
	if len(cs) == 0 {
		return nil
	}
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.String()
	}
	return out
}

// nestedJSON is a nested statement's cite: nothing when it cites what its
// record does.
func nestedJSON(cs, record []Citation) []string {
	if slices.Equal(cs, record) {
		return nil
	}
	return citesJSON(cs)
}

func namesJSON(ns []Name, record []Citation) []jsonName {
	var out []jsonName
	for _, n := range ns {
		out = append(out, jsonName{Text: n.Text, Kind: string(n.Kind), Lang: n.Lang, Cite: nestedJSON(n.Citations, record)})
	}
	return out
}

func datedJSON(f *DatedFact, record []Citation) *jsonDated {
	if f == nil {
		return nil
	}
	return &jsonDated{Date: f.Date.EDTF, Cite: nestedJSON(f.Citations, record)}
}

func linkJSON(l *Link, record []Citation) *jsonLink {
	if l == nil {
		return nil
	}
	return &jsonLink{ID: l.Target, Cite: nestedJSON(l.Citations, record)}
}

func linksJSON(ls []Link, record []Citation) []jsonLink {
	var out []jsonLink
	for _, l := range ls {
		out = append(out, jsonLink{ID: l.Target, Cite: nestedJSON(l.Citations, record)})
	}
	return out
}

func storedJSON(rev uint64, r *Retracted) jsonStored {
	s := jsonStored{Revision: rev}
	if r != nil {
		s.Retracted = &jsonRetracted{Reason: r.Reason, Cite: citesJSON(r.Citations), Revision: r.Revision}
		if !r.At.IsZero() {
			s.Retracted.At = r.At.UTC().Format(time.RFC3339Nano)
		}
	}
	return s
}

// UnmarshalJSON reads a dataset written by MarshalJSON, or by hand in the
// same form. Dates and citations that cannot be read are errors; the
// rules of the model are left to Validate.
func (ds *Dataset) UnmarshalJSON(data []byte) error {
	var in jsonDataset
	if err := json.Unmarshal(data, &in); err != nil {
		return err
	}
	d := jsonDecoder{}
	out := Dataset{}
	for _, s := range in.Sources {
		out.Sources = append(out.Sources, Source{
			ID: s.ID, Title: s.Title, Author: s.Author, Published: d.date(s.ID, s.Published), Kind: SourceKind(s.Kind),
			Publisher: s.Publisher, URL: s.URL, Description: s.Description, Text: s.Text, Revision: s.Revision, Retracted: d.retracted(s.ID, s.Retracted),
		})
	}
	for _, sec := range []struct {
		kind Kind
		es   []jsonEntity
	}{{KindPerson, in.People}, {KindGroup, in.Groups}, {KindPlace, in.Places}, {KindWork, in.Works}} {
		for _, e := range sec.es {
			cites := d.cites(e.ID, e.Cite)
			out.Entities = append(out.Entities, Entity{
				ID: e.ID, Kind: sec.kind, Name: e.Name, Type: e.Type, Description: e.Description, Wikidata: e.Wikidata,
				Names: d.names(e.ID, e.Names, cites), Born: d.dated(e.ID, e.Born, cites), Died: d.dated(e.ID, e.Died, cites),
				Date: d.dated(e.ID, e.Date, cites), Ended: d.dated(e.ID, e.Ended, cites), Citations: cites, Revision: e.Revision, Retracted: d.retracted(e.ID, e.Retracted),
			})
		}
	}
	for _, e := range in.Events {
		cites := d.cites(e.ID, e.Cite)
		ev := Event{
			ID: e.ID, Name: e.Name, Type: e.Type, Description: e.Description, Date: d.dated(e.ID, e.Date, cites),
			Place: d.link(e.ID, e.Place, cites), Parent: d.link(e.ID, e.Parent, cites),
			Causes: d.links(e.ID, e.Causes, cites), Consequences: d.links(e.ID, e.Consequences, cites),
			Names: d.names(e.ID, e.Names, cites), Citations: cites, Revision: e.Revision, Retracted: d.retracted(e.ID, e.Retracted),
		}
		for _, p := range e.Participants {
			ev.Participants = append(ev.Participants, Participation{Entity: p.Who, Role: Role(p.Role), Citations: d.nested(e.ID, p.Cite, cites)})
		}
		out.Events = append(out.Events, ev)
	}
	for _, r := range in.Relations {
		cites := d.cites(r.ID, r.Cite)
		out.Relations = append(out.Relations, Relation{
			ID: r.ID, Subject: r.Subject, Type: RelationType(r.Type), Object: r.Object,
			Start: d.dated(r.ID, r.Start, cites), End: d.dated(r.ID, r.End, cites), Note: r.Note, Citations: cites, Revision: r.Revision, Retracted: d.retracted(r.ID, r.Retracted),
		})
	}
	for _, c := range in.Claims {
		cites := d.cites(c.ID, c.Cite)
		cl := Claim{
			ID: c.ID, Subject: c.Subject, Property: c.Property, DateValue: d.date(c.ID, c.Date), Entities: c.Entities, Unit: c.Unit,
			Time: d.dated(c.ID, c.Time, cites), Qualifiers: c.Qualifiers, Contradicts: c.Contradicts, Note: c.Note, Citations: cites,
			Revision: c.Revision, Retracted: d.retracted(c.ID, c.Retracted),
		}
		if c.Value != nil || c.Low != nil || c.High != nil || c.Approximate {
			cl.Quantity = &Quantity{Value: c.Value, Low: c.Low, High: c.High, Approximate: c.Approximate}
		}
		out.Claims = append(out.Claims, cl)
	}
	if d.err != nil {
		return d.err
	}
	*ds = out
	return nil
}

// jsonDecoder reads the values of a JSON dataset, keeping the first error.
type jsonDecoder struct{ err error }

func (d *jsonDecoder) fail(id ID, format string, args ...any) {
	if d.err == nil {
		d.err = fmt.Errorf("%s: %s", id, fmt.Sprintf(format, args...))
	}
}

func (d *jsonDecoder) date(id ID, s string) Date {
	if s == "" {
		return Date{}
	}
	v, err := ParseDate(s)
	if err != nil {
		d.fail(id, "%v", err)
	}
	return v
}

func (d *jsonDecoder) cites(id ID, ss []string) []Citation {
	if len(ss) == 0 {
		return nil
	}
	out := make([]Citation, len(ss))
	for i, s := range ss {
		src, loc, ok := strings.Cut(s, " ")
		if !ok || src == "" || loc == "" {
			d.fail(id, "citation %q is not SOURCE LOCATOR", s)
		}
		out[i] = Citation{Source: ID(src), Locator: loc}
	}
	return out
}

// nested is a nested statement's citations: its own, or a copy of its
// record's.
func (d *jsonDecoder) nested(id ID, ss []string, record []Citation) []Citation {
	if len(ss) > 0 {
		return d.cites(id, ss)
	}
	return slices.Clone(record)
}

func (d *jsonDecoder) names(id ID, ns []jsonName, record []Citation) []Name {
	var out []Name
	for _, n := range ns {
		kind := NameKind(n.Kind)
		if kind == "" {
			kind = NameVariant
		}
		out = append(out, Name{Text: n.Text, Kind: kind, Lang: n.Lang, Citations: d.nested(id, n.Cite, record)})
	}
	return out
}

func (d *jsonDecoder) dated(id ID, f *jsonDated, record []Citation) *DatedFact {
	if f == nil {
		return nil
	}
	return &DatedFact{Date: d.date(id, f.Date), Citations: d.nested(id, f.Cite, record)}
}

func (d *jsonDecoder) link(id ID, l *jsonLink, record []Citation) *Link {
	if l == nil {
		return nil
	}
	return &Link{Target: l.ID, Citations: d.nested(id, l.Cite, record)}
}

func (d *jsonDecoder) links(id ID, ls []jsonLink, record []Citation) []Link {
	var out []Link
	for _, l := range ls {
		out = append(out, Link{Target: l.ID, Citations: d.nested(id, l.Cite, record)})
	}
	return out
}

func (d *jsonDecoder) retracted(id ID, r *jsonRetracted) *Retracted {
	if r == nil {
		return nil
	}
	out := &Retracted{Reason: r.Reason, Citations: d.cites(id, r.Cite), Revision: r.Revision}
	if r.At != "" {
		at, err := time.Parse(time.RFC3339Nano, r.At)
		if err != nil {
			d.fail(id, "retracted at %q: %v", r.At, err)
		}
		out.At = at
	}
	return out
}
