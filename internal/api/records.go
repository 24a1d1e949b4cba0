package api

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/memoria-history/memoria/internal/history"
)

// Records as mutations take and give them: in the dataset format, as JSON
// with the keys curators write in YAML (history's recordjson.go). A record
// is carried as a dataset that holds it alone, so that one decoder, one
// validator and one store write serve every kind.

// sections names the dataset section of each kind of record.
var sections = map[history.Kind]string{
	history.KindSource: "sources", history.KindPerson: "people", history.KindGroup: "groups",
	history.KindPlace: "places", history.KindWork: "works", history.KindEvent: "events",
	"relation": "relations", "claim": "claims",
}

// recordKeys are the keys a record of each section may have in input. A
// record's revision and retraction are the store's to set.
func recordKeys(section string) []string {
	switch section {
	case "sources":
		return []string{"id", "title", "author", "published", "kind", "publisher", "url", "description", "text"}
	case "events":
		return []string{"id", "name", "type", "description", "date", "place", "parent", "participants", "causes", "consequences", "names", "cite"}
	case "relations":
		return []string{"id", "subject", "type", "object", "start", "end", "note", "cite"}
	case "claims":
		return []string{"id", "subject", "property", "value", "low", "high", "approximate", "date", "entities", "unit", "time", "qualifiers", "contradicts", "note", "cite"}
	}
	return []string{"id", "name", "type", "description", "wikidata", "names", "born", "died", "date", "ended", "cite"}
}

// decodeRecord reads one record of a section from its JSON object, arg
// naming the argument it came in, for errors.
func decodeRecord(section, arg string, rec map[string]any) (*history.Dataset, error) {
	allowed := recordKeys(section)
	for _, k := range slices.Sorted(maps.Keys(rec)) {
		if !slices.Contains(allowed, k) {
			return nil, badInput("argument %s: unknown key %q for a record of %s: use %s", arg, k, section, strings.Join(allowed, ", "))
		}
	}
	norm := singleCites(rec)
	if err := checkValues(arg, norm); err != nil {
		return nil, err
	}
	raw, err := json.Marshal(map[string]any{section: []any{norm}})
	if err != nil {
		return nil, badInput("argument %s: %v", arg, err)
	}
	var ds history.Dataset
	if err := ds.UnmarshalJSON(raw); err != nil {
		return nil, badInput("argument %s: %v", arg, err)
	}
	if ds.Len() != 1 {
		return nil, badInput("argument %s: not a record of %s", arg, section)
	}
	return &ds, nil
}

// singleCites lets a cite be one string, as YAML lets curators write it,
// at any depth.
func singleCites(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			if s, ok := x.(string); ok && k == "cite" {
				out[k] = []any{s}
				continue
			}
			out[k] = singleCites(x)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = singleCites(x)
		}
		return out
	}
	return v
}

// checkValues reads the dates and citations of a record's JSON before
// the dataset decoder does, to name the input path of one it cannot read:
// the decoder names only the record.
func checkValues(path string, v any) error {
	switch v := v.(type) {
	case map[string]any:
		for _, k := range slices.Sorted(maps.Keys(v)) {
			at := path + "." + k
			switch s, isString := v[k].(string); {
			case isString && (k == "date" || k == "published"):
				if _, err := history.ParseDate(s); err != nil {
					return badInput("argument %s: %q is not an EDTF date, such as 1938-08-22, 1941-06 or 1934/1938", at, excerpt(s))
				}
			case k == "cite":
				items, _ := v[k].([]any)
				for i, it := range items {
					if _, err := citationArg(fmt.Sprintf("%s[%d]", at, i), fmt.Sprint(it)); err != nil {
						return err
					}
				}
			default:
				if err := checkValues(at, v[k]); err != nil {
					return err
				}
			}
		}
	case []any:
		for i, x := range v {
			if err := checkValues(fmt.Sprintf("%s[%d]", path, i), x); err != nil {
				return err
			}
		}
	}
	return nil
}

// encodeRecord is the JSON object of the one record ds holds, without
// what the store sets.
func encodeRecord(ds *history.Dataset) (map[string]any, error) {
	raw, err := ds.MarshalJSON()
	if err != nil {
		return nil, err
	}
	var secs map[string][]map[string]any
	if err := json.Unmarshal(raw, &secs); err != nil {
		return nil, err
	}
	for _, recs := range secs {
		if len(recs) == 1 {
			delete(recs[0], "revision")
			delete(recs[0], "retracted")
			return recs[0], nil
		}
	}
	return nil, fmt.Errorf("encode a record: %d sections", len(secs))
}

// mergePatch applies a JSON merge patch (RFC 7386) to target: a key
// given replaces, null removes, an object merges key by key, and
// anything else, lists included, replaces whole.
func mergePatch(target, patch map[string]any) map[string]any {
	out := maps.Clone(target)
	if out == nil {
		out = map[string]any{}
	}
	for k, v := range patch {
		switch v := v.(type) {
		case nil:
			delete(out, k)
		case map[string]any:
			inner, _ := out[k].(map[string]any)
			out[k] = mergePatch(inner, v)
		default:
			out[k] = v
		}
	}
	return out
}

// current is a copy of the record stored under id, which a mutation may
// change, and the revision it was read at.
func current(d *Data, id history.ID) (*history.Dataset, uint64, bool) {
	ds := &history.Dataset{}
	var rev uint64
	switch v, _ := lookupNode(d, id); v := v.(type) {
	case *history.Source:
		ds.Sources, rev = []history.Source{*v}, v.Revision
	case *history.Entity:
		ds.Entities, rev = []history.Entity{*v}, v.Revision
	case *history.Event:
		ds.Events, rev = []history.Event{*v}, v.Revision
	case *relationView:
		ds.Relations, rev = []history.Relation{*v.r}, v.r.Revision
	case *history.Claim:
		ds.Claims, rev = []history.Claim{*v}, v.Revision
	default:
		return nil, 0, false
	}
	// A trip through JSON copies what the shallow copies above share with
	// the read model, which is never written.
	raw, err := ds.MarshalJSON()
	if err != nil {
		return nil, 0, false
	}
	var out history.Dataset
	if err := out.UnmarshalJSON(raw); err != nil {
		return nil, 0, false
	}
	return &out, rev, true
}

// citationArg reads a citation written as in the dataset format,
// "SOURCE LOCATOR".
func citationArg(arg, s string) (history.Citation, error) {
	src, loc, ok := strings.Cut(strings.TrimSpace(s), " ")
	if !ok || src == "" || strings.TrimSpace(loc) == "" {
		return history.Citation{}, badInput("argument %s: %q is not SOURCE LOCATOR, such as source/essay-special-treatment ¶3", arg, excerpt(s))
	}
	return history.Citation{Source: history.ID(src), Locator: strings.TrimSpace(loc)}, nil
}

// citationsArg reads a list of citations; def when the list is left out.
func citationsArg(args map[string]any, arg string, def []history.Citation) ([]history.Citation, error) {
	items, given := args[arg].([]any)
	if !given {
		return slices.Clone(def), nil
	}
	out := make([]history.Citation, 0, len(items))
	for i, it := range items {
		s, _ := it.(string)
		c, err := citationArg(fmt.Sprintf("%s[%d]", arg, i), s)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}
