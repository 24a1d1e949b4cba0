package exporttest

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/memoria-history/memoria/internal/export"
	"github.com/memoria-history/memoria/internal/history"
)

// found is what a reader found: attributes by node id and by edge id.
type found struct {
	Nodes map[string]map[string]any `json:"nodes"`
	Edges map[string]map[string]any `json:"edges"`
}

func decode(tb testing.TB, out []byte) found {
	tb.Helper()
	var f found
	if err := json.Unmarshal(out, &f); err != nil {
		tb.Fatalf("the reader's output is not JSON: %v\n%s", err, trim(string(out)))
	}
	return f
}

// checkMaps compares the attributes a reader found with the graph's. The
// CSV's column names are mapped to the attribute names first.
func checkMaps(tb testing.TB, f export.Format, got found, nodes []export.Node, edges []export.Edge) {
	tb.Helper()
	if len(got.Nodes) != len(nodes) || len(got.Edges) != len(edges) {
		tb.Errorf("%s: the reader found %d nodes and %d edges, want %d and %d", f, len(got.Nodes), len(got.Edges), len(nodes), len(edges))
	}
	typed := f != export.CSV
	var problems []string
	for _, n := range nodes {
		attrs, ok := got.Nodes[string(n.ID)]
		if !ok {
			problems = append(problems, "node "+string(n.ID)+" is missing")
			continue
		}
		if f == export.CSV {
			attrs = renamed(attrs, map[string]string{"name": "label", ":LABEL": "kind", "uncertain:boolean": "uncertain"})
			if k, _ := attrs["kind"].(string); k != "" {
				attrs["kind"] = strings.ToLower(k)
			}
		}
		problems = append(problems, diff("node "+string(n.ID), attrs, nodeWant(n), typed)...)
	}
	for _, e := range edges {
		attrs, ok := got.Edges[string(e.ID)]
		if !ok {
			problems = append(problems, "edge "+string(e.ID)+" is missing")
			continue
		}
		if f == export.CSV {
			attrs = renamed(attrs, map[string]string{":START_ID": "source", ":END_ID": "target", "uncertain:boolean": "uncertain", "citationCount:int": "citationCount"})
		}
		problems = append(problems, diff("edge "+string(e.ID), attrs, edgeWant(e), typed)...)
	}
	report(tb, f, problems)
}

func renamed(attrs map[string]any, names map[string]string) map[string]any {
	out := maps.Clone(attrs)
	for from, to := range names {
		if v, ok := out[from]; ok {
			out[to] = v
		}
	}
	return out
}

func report(tb testing.TB, f export.Format, problems []string) {
	tb.Helper()
	if len(problems) == 0 {
		return
	}
	if len(problems) > 10 {
		problems = append(problems[:10], fmt.Sprintf("and %d more", len(problems)-10))
	}
	tb.Errorf("%s: the reader disagrees with the graph:\n  %s", f, strings.Join(problems, "\n  "))
}

// nodeWant is what every format must say of a node.
func nodeWant(n export.Node) map[string]string {
	label := n.Label
	if label == "" {
		label = string(n.ID)
	}
	m := map[string]string{"label": label, "kind": string(n.Kind), "uncertain": strconv.FormatBool(uncertain(n.Time))}
	set(m, "category", n.Category)
	set(m, "wikidata", n.Wikidata)
	set(m, "time", n.Time.EDTF)
	return m
}

// edgeWant is what every format must say of an edge.
func edgeWant(e export.Edge) map[string]string {
	label := string(e.Role)
	if label == "" {
		label = e.Relation
	}
	cites := make([]string, len(e.Citations))
	for i, c := range e.Citations {
		cites[i] = string(c.Source) + " " + c.Locator
	}
	m := map[string]string{
		"source": string(e.From), "target": string(e.To), "relation": e.Relation, "label": label,
		"uncertain": strconv.FormatBool(uncertain(e.Time)), "citations": strings.Join(cites, "; "),
		"citationCount": strconv.Itoa(len(e.Citations)),
	}
	set(m, "role", string(e.Role))
	set(m, "time", e.Time.EDTF)
	return m
}

func set(m map[string]string, k, v string) {
	if v != "" {
		m[k] = v
	}
}

func uncertain(d history.Date) bool { return d.Uncertain || d.Approximate }

// diff compares attributes as text. With typed, uncertain must be a
// boolean and citationCount a number, as the formats' typed attributes say.
func diff(what string, got map[string]any, want map[string]string, typed bool) []string {
	var out []string
	for _, k := range slices.Sorted(maps.Keys(want)) {
		if g := text(got[k]); g != want[k] {
			out = append(out, fmt.Sprintf("%s: %s = %q, want %q", what, k, g, want[k]))
		}
	}
	if typed {
		if _, ok := got["uncertain"].(bool); !ok {
			out = append(out, fmt.Sprintf("%s: uncertain is %T, want a boolean", what, got["uncertain"]))
		}
		if _, ok := want["citationCount"]; ok {
			if _, ok := got["citationCount"].(float64); !ok {
				out = append(out, fmt.Sprintf("%s: citationCount is %T, want a number", what, got["citationCount"]))
			}
		}
	}
	return out
}

// text writes a value a reader found as the text the graph would give.
func text(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case bool:
		return strconv.FormatBool(v)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case []any:
		ss := make([]string, len(v))
		for i, x := range v {
			ss[i] = text(x)
		}
		return strings.Join(ss, "; ")
	}
	return fmt.Sprint(v)
}
