package exporttest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/memoria-history/memoria/internal/export"
	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/schema"
)

// rdfFound is what rdf_check.py found.
type rdfFound struct {
	Quads  int      `json:"quads"`
	Graphs []string `json:"graphs"`
	Nodes  map[string]struct {
		Names []string `json:"names"`
	} `json:"nodes"`
	Statements map[string]rdfStatement `json:"statements"`
	// With a reference: whether the quads are the reference's.
	SameAsReference *bool    `json:"sameAsReference"`
	Missing         []string `json:"missing"`
	Extra           []string `json:"extra"`
}

type rdfStatement struct {
	Subject   string   `json:"subject"`
	Predicate string   `json:"predicate"`
	Object    string   `json:"object"`
	StatedIn  []string `json:"statedIn"`
	Role      string   `json:"role"`
	Time      string   `json:"time"`
	Citations int      `json:"citations"`
}

// checkRDF has rdflib parse the export, and compares its statements with
// the graph's edges: each reified with its role, time and citations, read
// the right way round, and stated in the graph of each source it cites
// and no other. A JSON-LD export must parse into the very quads that the
// N-Quads export of the same graph parses into.
func checkRDF(tb testing.TB, f export.Format, file string, want export.Graph, nodes []export.Node, edges []export.Edge) {
	tb.Helper()
	args := []string{string(f), file}
	if f == export.JSONLD {
		var buf bytes.Buffer
		if err := export.Write(tb.Context(), &buf, export.NQuads, want, export.Options{}); err != nil {
			tb.Fatal(err)
		}
		ref := filepath.Join(tb.TempDir(), "reference.nq")
		if err := os.WriteFile(ref, buf.Bytes(), 0o644); err != nil {
			tb.Fatal(err)
		}
		args = append(args, ref)
	}
	var got rdfFound
	if out := python(tb, "rdf_check.py", args...); json.Unmarshal(out, &got) != nil {
		tb.Fatalf("rdf_check.py printed %s", trim(string(out)))
	}
	iri := func(id string) string { return schema.DefaultBase + id }
	var problems []string
	if f == export.JSONLD && (got.SameAsReference == nil || !*got.SameAsReference) {
		problems = append(problems, fmt.Sprintf("the JSON-LD does not parse into the N-Quads' quads: missing %v, extra %v", got.Missing, got.Extra))
	}
	var graphs []string
	for _, e := range edges {
		for _, c := range e.Citations {
			if g := iri(string(c.Source)); !slices.Contains(graphs, g) {
				graphs = append(graphs, g)
			}
		}
	}
	slices.Sort(graphs)
	switch {
	case want.Records == nil && !slices.Equal(got.Graphs, graphs):
		problems = append(problems, fmt.Sprintf("named graphs: got %v, want the sources cited %v", got.Graphs, graphs))
	case want.Records != nil:
		// The records cite sources of their own too: every graph must be
		// a source, and every source an edge cites a graph.
		for _, g := range got.Graphs {
			if _, ok := want.Records.Source(history.ID(strings.TrimPrefix(g, schema.DefaultBase))); !ok {
				problems = append(problems, fmt.Sprintf("named graph %s is not a source", g))
			}
		}
		for _, g := range graphs {
			if !slices.Contains(got.Graphs, g) {
				problems = append(problems, fmt.Sprintf("named graphs %v lack %s, which an edge cites", got.Graphs, g))
			}
		}
	}
	for _, n := range nodes {
		if want := nodeWant(n)["label"]; !slices.Contains(got.Nodes[iri(string(n.ID))].Names, want) {
			problems = append(problems, fmt.Sprintf("node %s: names %v, want %q", n.ID, got.Nodes[iri(string(n.ID))].Names, want))
		}
	}
	if len(got.Statements) != len(edges) {
		problems = append(problems, fmt.Sprintf("%d statements, want one per edge, %d", len(got.Statements), len(edges)))
	}
	// A triple is stated in the graph of every source that cites a
	// statement of it: two relations may say the same thing (Putin led
	// Russia, twice), each on its own sources' word.
	statedBy := map[[3]string][]string{}
	for _, e := range edges {
		if st, ok := got.Statements[iri(string(e.ID))]; ok {
			key := [3]string{st.Subject, st.Predicate, st.Object}
			for _, s := range sourcesOf(e) {
				if !slices.Contains(statedBy[key], iri(s)) {
					statedBy[key] = append(statedBy[key], iri(s))
				}
			}
		}
	}
	for _, e := range edges {
		st, ok := got.Statements[iri(string(e.ID))]
		if !ok {
			problems = append(problems, "statement "+string(e.ID)+" is missing")
			continue
		}
		subj, obj := iri(string(e.From)), iri(string(e.To))
		if e.Relation == "participant" || e.Relation == "caused" && !strings.Contains(string(e.ID), "#consequence/") {
			// event participant entity; event cause earlier-event (a
			// consequence stated by the earlier event reads forward)
			subj, obj = obj, subj
		}
		stated := slices.Sorted(slices.Values(statedBy[[3]string{st.Subject, st.Predicate, st.Object}]))
		wantSt := rdfStatement{Subject: subj, Predicate: st.Predicate, Object: obj, StatedIn: stated, Role: string(e.Role), Time: e.Time.EDTF, Citations: len(e.Citations)}
		if !strings.HasPrefix(st.Predicate, schema.Namespace) || fmt.Sprint(st) != fmt.Sprint(wantSt) {
			problems = append(problems, fmt.Sprintf("statement %s:\n    got  %+v\n    want %+v", e.ID, st, wantSt))
		}
	}
	report(tb, f, problems)
}

func sourcesOf(e export.Edge) []string {
	var out []string
	for _, c := range e.Citations {
		if !slices.Contains(out, string(c.Source)) {
			out = append(out, string(c.Source))
		}
	}
	return out
}
