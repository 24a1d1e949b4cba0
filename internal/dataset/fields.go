package dataset

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/agnivade/levenshtein"
	"go.yaml.in/yaml/v3"

	"github.com/memoria-history/memoria/internal/history"
)

// reader turns one file's YAML nodes into history values, collecting every
// problem instead of stopping at the first.
type reader struct {
	file     string
	ds       *history.Dataset
	problems history.Problems
	dates    map[string]history.Date // parsed EDTF strings, by text
}

func (r *reader) problem(line int, rec history.ID, field, format string, args ...any) {
	r.problems = append(r.problems, history.Problem{
		At:      history.Position{File: r.file, Line: line},
		Record:  history.ID(clip(string(rec))),
		Field:   clip(field),
		Message: fmt.Sprintf(format, args...),
	})
}

func (r *reader) at(n *yaml.Node) history.Position {
	return history.Position{File: r.file, Line: n.Line}
}

// field is one key of a mapping, its value, and the number of the slot
// that its key names.
type field struct {
	key   string
	line  int
	value *yaml.Node
	slot  int
}

// fields returns the key/value pairs of a mapping node, reporting keys that
// name none of slots (with the nearest known key as a hint) and keys given
// twice. what names the record for messages ("event", "name").
func (r *reader) fields(n *yaml.Node, rec history.ID, what string, slots []slot) ([]field, bool) {
	n = resolve(n)
	if n.Kind != yaml.MappingNode {
		r.problem(n.Line, rec, "", "a %s must be a mapping of field: value, got %s", what, kindName(n))
		return nil, false
	}
	ok := true
	seen := map[string]int{}
	out := make([]field, 0, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		key := k.Value
		if first, dup := seen[key]; dup {
			r.problem(k.Line, rec, key, "field given twice in this %s (first on line %d)", what, first)
			ok = false
			continue
		}
		seen[key] = k.Line
		i := slices.IndexFunc(slots, func(s slot) bool { return s.key == key })
		if i < 0 {
			r.problem(k.Line, rec, key, "unknown field in %s%s; known fields: %s", what, nearest(key, slots), keyList(slots))
			ok = false
			continue
		}
		out = append(out, field{key: key, line: k.Line, value: v, slot: i})
	}
	return out, ok
}

// recordID finds the id field of a mapping before the rest is read, so
// that every problem in the record can name it.
func recordID(n *yaml.Node) history.ID {
	n = resolve(n)
	if n.Kind != yaml.MappingNode {
		return ""
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == "id" && n.Content[i+1].Kind == yaml.ScalarNode {
			return history.ID(n.Content[i+1].Value)
		}
	}
	return ""
}

// nearest suggests the key of slots that key may be a misspelling of.
// Neither it nor keyList keeps a slot's key past the call: the slots hold
// pointers into the record being read, which can then stay on the stack.
func nearest(key string, slots []slot) string {
	best, bestDist := -1, 3
	for i, s := range slots {
		if d := levenshtein.ComputeDistance(key, s.key); d < bestDist {
			best, bestDist = i, d
		}
	}
	if best < 0 {
		return ""
	}
	return " (did you mean " + strconv.Quote(slots[best].key) + "?)"
}

// keyList lists the keys of slots: "id, name, cite".
func keyList(slots []slot) string {
	var b strings.Builder
	for i, s := range slots {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(s.key)
	}
	return b.String()
}

// resolve follows YAML aliases, so that anchors may be used in the dataset.
func resolve(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "nothing"
		}
		return excerpt(n.Value)
	}
	return "something else"
}

// str reads a scalar as text.
func (r *reader) str(f field, rec history.ID) (string, bool) {
	n := resolve(f.value)
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		r.problem(f.line, rec, f.key, "want text, got %s", kindName(n))
		return "", false
	}
	return strings.TrimSpace(n.Value), true
}

// text reads a scalar as text, or "" after reporting what else it is.
func (r *reader) text(f field, rec history.ID) string {
	s, _ := r.str(f, rec)
	return s
}

func (r *reader) id(f field, rec history.ID) history.ID {
	return history.ID(r.text(f, rec))
}

func (r *reader) number(f field, rec history.ID) *float64 {
	s, ok := r.str(f, rec)
	if !ok {
		return nil
	}
	v, err := strconv.ParseFloat(strings.ReplaceAll(s, "_", ""), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		r.problem(f.line, rec, f.key, "%s is not a number: write plain digits such as 14000000 or 46.5", excerpt(s))
		return nil
	}
	return &v
}

func (r *reader) boolean(f field, rec history.ID) bool {
	s, ok := r.str(f, rec)
	if !ok {
		return false
	}
	v, err := strconv.ParseBool(s)
	if err != nil {
		r.problem(f.line, rec, f.key, "%s is not true or false", excerpt(s))
	}
	return v
}

func (r *reader) date(f field, rec history.ID) history.Date {
	s, ok := r.str(f, rec)
	if !ok {
		return history.Date{}
	}
	if d, ok := r.dates[s]; ok {
		return d
	}
	if len(s) > maxDateText {
		// history.ParseDate quotes the whole text in its error.
		r.problem(f.line, rec, f.key, "%s is not a date: write an EDTF date such as 1938-08-22, 1941-06, 198X, 1934/1938 or 1923-05?", excerpt(s))
		return history.Date{}
	}
	d, err := history.ParseDate(s)
	if err != nil {
		r.problem(f.line, rec, f.key, "%s; write an EDTF date such as 1938-08-22, 1941-06, 198X, 1934/1938 or 1923-05?", errMessage(err))
		return d
	}
	// Parsing EDTF costs microseconds and a file repeats the same few
	// dates many times over.
	if r.dates == nil {
		r.dates = map[string]history.Date{}
	}
	r.dates[s] = d
	return d
}

// maxDateText is the longest text read as a date: an interval of two
// dates with times and zones is about 50 bytes.
const maxDateText = 80

// list returns the items of a sequence; a single scalar counts as a list of
// one, which keeps short statements on one line.
func (r *reader) list(f field, rec history.ID) []*yaml.Node {
	n := resolve(f.value)
	switch {
	case n.Kind == yaml.SequenceNode:
		return n.Content
	case n.Kind == yaml.ScalarNode && n.Tag == "!!null":
		return nil
	case n.Kind == yaml.ScalarNode:
		return []*yaml.Node{n}
	}
	r.problem(f.line, rec, f.key, "want a list, got %s", kindName(n))
	return nil
}

func (r *reader) ids(f field, rec history.ID) []history.ID {
	return readScalars(r, f, rec, "an id", func(s string) (history.ID, error) {
		return history.ID(strings.TrimSpace(s)), nil
	})
}

// citations reads cite: "SOURCE-ID LOCATOR", or a list of them.
func (r *reader) citations(f field, rec history.ID) []history.Citation {
	return readScalars(r, f, rec, `a citation such as "source/essay ¶3"`, ParseCitation)
}

// readScalars reads a list of scalars, or one, each with parse, and
// reports an item that is not a scalar as not being want.
func readScalars[T any](r *reader, f field, rec history.ID, want string, parse func(string) (T, error)) []T {
	var out []T
	for _, item := range r.list(f, rec) {
		item = resolve(item)
		if item.Kind != yaml.ScalarNode {
			r.problem(item.Line, rec, f.key, "want %s, got %s", want, kindName(item))
			continue
		}
		v, err := parse(item.Value)
		if err != nil {
			r.problem(item.Line, rec, f.key, "%s", errMessage(err))
			continue
		}
		out = append(out, v)
	}
	return out
}

// ParseCitation reads the dataset's citation form: a source id, a space,
// and a locator saying where in the source ("source/essay ¶9").
func ParseCitation(s string) (history.Citation, error) {
	src, loc, _ := strings.Cut(strings.TrimSpace(s), " ")
	loc = strings.TrimSpace(loc)
	if src == "" {
		return history.Citation{}, history.Errorf(history.CodeInvalid, "empty citation: write SOURCE-ID LOCATOR, such as source/essay ¶3")
	}
	if loc == "" {
		return history.Citation{}, history.Errorf(history.CodeInvalid, "citation %s has no locator: add where in the source, such as ¶3 or a page", excerpt(s))
	}
	return history.Citation{Source: history.ID(src), Locator: loc}, nil
}

func (r *reader) qualifiers(f field, rec history.ID) map[string]string {
	n := resolve(f.value)
	if n.Kind != yaml.MappingNode {
		r.problem(f.line, rec, f.key, "want a mapping of name: value, got %s", kindName(n))
		return nil
	}
	out := map[string]string{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], resolve(n.Content[i+1])
		if v.Kind != yaml.ScalarNode {
			r.problem(k.Line, rec, f.key, "qualifier %s wants text, got %s", excerpt(k.Value), kindName(v))
			continue
		}
		if _, dup := out[k.Value]; dup {
			r.problem(k.Line, rec, f.key, "qualifier %s given twice", excerpt(k.Value))
		}
		out[k.Value] = strings.TrimSpace(v.Value)
	}
	return out
}

// errMessage is an error's text without the operation prefix, for problems
// that already say where they are.
func errMessage(err error) string {
	var e *history.Error
	if errors.As(err, &e) && e.Op == "" {
		return e.Message
	}
	return err.Error()
}
