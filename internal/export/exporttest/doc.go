// Package exporttest checks Memoria's exports with readers that are not
// Memoria's: the tools and libraries people open them with. Check writes
// an export to a file, has the format's readers load it, and compares what
// they found with the graph that was exported:
//
//	gexf        xmllint --relaxng against the GEXF 1.3 schema; NetworkX's read_gexf
//	graphml     NetworkX's read_graphml
//	dot         Graphviz: dot, neato and sfdp lay it out without a warning; gvpr reads every node and edge
//	svg         xmllint parses it; its node and edge groups are counted
//	png         Go's image/png decoder
//	cyjs        Cytoscape.js, headless
//	graphology  graphology's Graph.from
//	csv         Python's zipfile and csv, with neo4j-admin's rules for ids and ends
//	nquads      rdflib: statements, their sources' graphs, citations
//	jsonld      rdflib: the same, and the same quads as the N-Quads
//
// The readers are installed by .ci/run (Debian's libxml2-utils, graphviz,
// python3-networkx and python3-rdflib; npm ci in ../testdata/js). A test
// whose reader is missing is skipped, except in CI (CI=true), where it
// fails: CI must really check.
package exporttest
