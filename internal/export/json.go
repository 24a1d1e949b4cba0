package export

import (
	"bytes"
	"encoding/json"
	"strconv"
)

// jsonw writes a JSON document whose arrays of elements stream: one
// element per line, so that the document is never whole in memory and
// diffs read well.
type jsonw struct {
	o     *out
	buf   bytes.Buffer
	enc   *json.Encoder
	first bool // no element of the current array written yet
}

func newJSONW(o *out) *jsonw {
	j := &jsonw{o: o}
	j.enc = json.NewEncoder(&j.buf)
	j.enc.SetEscapeHTML(false)
	return j
}

// begin starts an array: raw is the text that opens it, such as
// `,"edges":[`.
func (j *jsonw) begin(raw string) {
	j.o.str(raw, "\n")
	j.first = true
}

// element writes one element of the current array.
func (j *jsonw) element(v any) {
	j.buf.Reset()
	if err := j.enc.Encode(v); err != nil {
		if j.o.err == nil {
			j.o.err = err
		}
		return
	}
	if !j.first {
		j.o.str(",\n")
	}
	j.first = false
	j.o.str(string(bytes.TrimSuffix(j.buf.Bytes(), []byte("\n"))))
}

// end closes the current array: raw is the text after it, such as "]".
func (j *jsonw) end(raw string) { j.o.str("\n", raw) }

// quote returns s as a JSON string.
func (j *jsonw) quote(s string) string {
	j.buf.Reset()
	_ = j.enc.Encode(s) // a string always encodes
	return string(bytes.TrimSuffix(j.buf.Bytes(), []byte("\n")))
}

// nodeAttrs are the attributes of a node in the JSON formats.
type nodeAttrs struct {
	Label     string `json:"label"`
	Kind      string `json:"kind"`
	Category  string `json:"category,omitempty"`
	Wikidata  string `json:"wikidata,omitempty"`
	Time      string `json:"time,omitempty"`
	Earliest  string `json:"earliest,omitempty"`
	Latest    string `json:"latest,omitempty"`
	Uncertain bool   `json:"uncertain"`
	Ended     string `json:"ended,omitempty"`
	// TimeCitations are the sources of the node's dates, as citations.
	TimeCitations []string `json:"timeCitations"`
	Description   string   `json:"description,omitempty"`
	Color         string   `json:"color"`
}

func nodeAttrsOf(n Node) nodeAttrs {
	earliest, latest := bounds(n.Time)
	return nodeAttrs{
		Label: label(n), Kind: string(n.Kind), Category: n.Category, Wikidata: n.Wikidata, Time: n.Time.EDTF,
		Earliest: earliest, Latest: latest, Uncertain: uncertain(n.Time), Ended: n.Ended.EDTF, TimeCitations: cites(n.TimeCitations),
		Description: n.Description, Color: styleOf(n.Kind).color,
	}
}

// edgeAttrs are the attributes of an edge in the JSON formats.
type edgeAttrs struct {
	Label         string   `json:"label"`
	Relation      string   `json:"relation"`
	Role          string   `json:"role,omitempty"`
	Time          string   `json:"time,omitempty"`
	Earliest      string   `json:"earliest,omitempty"`
	Latest        string   `json:"latest,omitempty"`
	Uncertain     bool     `json:"uncertain"`
	TimeCitations []string `json:"timeCitations"`
	EndDerived    string   `json:"endDerivedFrom,omitempty"`
	Citations     []string `json:"citations"`
	Sources       []string `json:"sources"`
	CitationCount int      `json:"citationCount"`
}

func edgeAttrsOf(e Edge) edgeAttrs {
	earliest, latest := bounds(e.Time)
	return edgeAttrs{
		Label: caption(e), Relation: e.Relation, Role: string(e.Role), Time: e.Time.EDTF, Earliest: earliest, Latest: latest,
		Uncertain: uncertain(e.Time), TimeCitations: cites(e.TimeCitations), EndDerived: string(e.EndDerivedFrom),
		Citations: cites(e.Citations), Sources: sources(e.Citations), CitationCount: len(e.Citations),
	}
}

// round keeps a coordinate short and the same on every platform.
func round(f float64) json.Number { return json.Number(strconv.FormatFloat(f, 'f', 4, 64)) }

// orderedMap is a JSON object whose keys keep the order they were added
// in; adding a key again turns its value into a list.
type orderedMap []member

type member struct {
	key string
	val any
}

func (m orderedMap) add(key string, val any) orderedMap {
	for i := range m {
		if m[i].key != key {
			continue
		}
		if list, ok := m[i].val.([]any); ok {
			m[i].val = append(list, val)
		} else {
			m[i].val = []any{m[i].val, val}
		}
		return m
	}
	return append(m, member{key, val})
}

// MarshalJSON writes the members in order.
func (m orderedMap) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	buf.WriteByte('{')
	for i, mb := range m {
		if i > 0 {
			buf.WriteByte(',')
		}
		if err := enc.Encode(mb.key); err != nil {
			return nil, err
		}
		buf.Truncate(buf.Len() - 1) // the newline Encode adds
		buf.WriteByte(':')
		if err := enc.Encode(mb.val); err != nil {
			return nil, err
		}
		buf.Truncate(buf.Len() - 1)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}
