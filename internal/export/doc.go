// Package export writes a part of Memoria's graph in the formats that
// visualization and graph tools read: GEXF 1.3 (Gephi), GraphML with yEd's
// graphics (yEd, Gephi, Cytoscape, NetworkX), Graphviz DOT, SVG and PNG
// pictures drawn from the DOT, Cytoscape JSON (.cyjs), graphology JSON
// (sigma.js), CSV for Neo4j's bulk import and for spreadsheets, and RDF as
// N-Quads and JSON-LD.
//
// The writers work on a Graph, declared here: nodes with their kind,
// label, category, dates and Wikidata item, and edges with their relation
// or role, time and citations. The caller (internal/selection) resolves
// which part of the knowledge graph to write and guarantees that both ends
// of every edge are among the nodes. Writers read the nodes and then the
// edges once each, and write as they read, so a large export streams
// instead of being built in memory; the pictures are the exception, since
// a layout needs the whole graph (their size is capped by the caller).
//
// Output is deterministic: the same graph gives the same bytes. Nothing
// depends on map order or the clock; positions that sigma.js needs are
// derived from node ids; zip entries carry a fixed time.
//
// The same attributes appear in every format, under the same names:
// nodes have id, label, kind, category, wikidata, time (EDTF), earliest
// and latest (ISO 8601 days), uncertain, ended (when a group, place or
// work ceased to be), timeCitations (the sources of the node's dates) and
// description; edges have id (the statement), source, target, relation (a
// relation type, or participant, place, part-of, caused), role, label (the
// role or else the relation), time, earliest, latest, uncertain,
// timeCitations (the sources of the time), endDerivedFrom (the party whose
// death or end closes a relation no source ends), citations ("SOURCE-ID
// LOCATOR", the notation of the dataset's cite: fields), sources and
// citationCount.
//
// With the graph's Records, the RDF formats also write each node's and
// relation's record, the claims about the nodes and the sources cited, as
// the store holds them (package rdfmap): the RDF of the whole graph holds
// every quad the store holds.
//
// The package depends on history, on the vocabulary in schema and the
// mapping in rdfmap, and for N-Quads on cayleygraph/quad. Drawing SVG and PNG needs a Renderer
// (internal/render), passed in Options.
package export
