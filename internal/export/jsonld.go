package export

import (
	"strings"

	"github.com/cayleygraph/quad"

	"github.com/memoria-history/memoria/schema"
)

// prefix is a prefix of the JSON-LD context and the namespace it stands
// for.
type prefix struct{ prefix, ns string }

// jsonldPrefixes are the prefixes of the JSON-LD context, longest
// namespace first so that compacting picks the most specific.
func jsonldPrefixes() []prefix {
	return []prefix{
		{"wdt", schema.NSWikidataDirect},
		{"wd", schema.NSWikidataEntity},
		{"memoria", schema.Namespace},
		{"schema", schema.NSSchemaOrg},
		{"sem", schema.NSSEM},
		{"rdf", schema.NSRDF},
		{"rdfs", schema.NSRDFS},
		{"edtf", "http://id.loc.gov/datatypes/edtf/"},
	}
}

// writeJSONLD writes the same quads as writeNQuads as JSON-LD: a context
// of prefixes (no remote context to fetch), then for each node or edge one
// node object per subject in the default graph, and one named graph object
// per citing source holding what that source states. A named graph may
// appear many times; JSON-LD processors merge them. Predicates and classes
// are compact IRIs (schema:name, wdt:P463); nodes keep their full IRIs.
func writeJSONLD(o *out, g Graph, base string) error {
	j := newJSONW(o)
	o.str(`{"@context":{`)
	prefixes := jsonldPrefixes()
	for i, p := range prefixes {
		if i > 0 {
			o.str(",")
		}
		o.str(j.quote(p.prefix), ":", j.quote(p.ns))
	}
	o.str("},")
	j.begin(`"@graph":[`)
	r := newRDFW(base, g.Records)
	write := func(qs []quad.Quad) error {
		jsonldRecord(j, qs, prefixes)
		return o.tick()
	}
	for n := range g.Nodes {
		if err := write(r.node(n)); err != nil {
			return err
		}
		for qs := range r.claims(n) {
			if err := write(qs); err != nil {
				return err
			}
		}
	}
	for e := range g.Edges {
		if err := write(r.edge(e)); err != nil {
			return err
		}
	}
	for qs := range r.sources(g.Sources) {
		if err := write(qs); err != nil {
			return err
		}
	}
	j.end("]}\n")
	return o.err
}

// jsonldRecord writes the quads of one node or edge, grouped by graph and
// then by subject, each group where its first quad stands.
func jsonldRecord(j *jsonw, quads []quad.Quad, prefixes []prefix) {
	var graphs []quad.Value // in order of first appearance; nil is the default graph
	for _, q := range quads {
		if !containsValue(graphs, q.Label) {
			graphs = append(graphs, q.Label)
		}
	}
	for _, gr := range graphs {
		var in []quad.Quad
		for _, q := range quads {
			if q.Label == gr {
				in = append(in, q)
			}
		}
		objects := jsonldObjects(in, prefixes)
		if gr == nil {
			for _, obj := range objects {
				j.element(obj)
			}
			continue
		}
		j.element(orderedMap{{"@id", string(gr.(quad.IRI))}, {"@graph", objects}})
	}
}

// jsonldObjects groups quads of one graph into node objects, one per
// subject, properties in the order of their first quad.
func jsonldObjects(quads []quad.Quad, prefixes []prefix) []orderedMap {
	var subjects []quad.Value
	for _, q := range quads {
		if !containsValue(subjects, q.Subject) {
			subjects = append(subjects, q.Subject)
		}
	}
	out := make([]orderedMap, 0, len(subjects))
	for _, s := range subjects {
		obj := orderedMap{{"@id", string(s.(quad.IRI))}}
		for _, q := range quads {
			if q.Subject != s {
				continue
			}
			key, val := compact(string(q.Predicate.(quad.IRI)), prefixes), jsonldValue(q.Object, prefixes)
			if q.Predicate == rdfType {
				key, val = "@type", compact(string(q.Object.(quad.IRI)), prefixes)
			}
			obj = obj.add(key, val)
		}
		out = append(out, obj)
	}
	return out
}

func containsValue(vs []quad.Value, v quad.Value) bool {
	for _, x := range vs {
		if x == v {
			return true
		}
	}
	return false
}

// jsonldValue writes an RDF term as a JSON-LD value.
func jsonldValue(v quad.Value, prefixes []prefix) any {
	switch v := v.(type) {
	case quad.IRI:
		return map[string]string{"@id": string(v)}
	case quad.TypedString:
		return map[string]string{"@value": string(v.Value), "@type": compact(string(v.Type), prefixes)}
	case quad.LangString:
		return map[string]string{"@value": string(v.Value), "@language": v.Lang}
	case quad.String:
		return string(v)
	}
	return v.String()
}

// compact writes an IRI as prefix:local when a prefix covers it.
func compact(iri string, prefixes []prefix) string {
	for _, p := range prefixes {
		if local, ok := strings.CutPrefix(iri, p.ns); ok && local != "" && !strings.HasPrefix(local, "//") {
			return p.prefix + ":" + local
		}
	}
	return iri
}
