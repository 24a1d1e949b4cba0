"""Parses Memoria's RDF export with rdflib and prints what it found as
JSON, for internal/export/exporttest to compare:

    python3 rdf_check.py nquads FILE [REFERENCE.nq]
    python3 rdf_check.py jsonld FILE [REFERENCE.nq]

It reports the quads, the named graphs, each node's classes and names, and
each statement node (rdf:Statement) with its subject, predicate and object
and the graphs in which that triple is stated. With a reference N-Quads
file it also says whether both parse into the same quads.
"""
import json
import sys

from rdflib import ConjunctiveGraph, Namespace, URIRef
from rdflib.namespace import RDF

MEMORIA = Namespace("https://w3id.org/memoria/vocab#")
# rdflib puts the default graph of a parsed file in a graph named after the
# file; naming it this way lets quads from two files be compared.
DEFAULT = URIRef("urn:x-memoria:default-graph")


def load(fmt, path):
    g = ConjunctiveGraph()
    g.parse(path, format={"nquads": "nquads", "jsonld": "json-ld"}[fmt], publicID=DEFAULT)
    return g


def quads(g):
    return {(s, p, o, c.identifier) for s, p, o, c in g.quads((None, None, None, None))}


fmt, path = sys.argv[1], sys.argv[2]
g = load(fmt, path)
qs = quads(g)
default = DEFAULT
out = {"quads": len(qs), "graphs": sorted({str(c) for (_, _, _, c) in qs if c != default}), "nodes": {}, "statements": {}}

for s in set(g.subjects(MEMORIA.name, None)):
    out["nodes"][str(s)] = {
        "types": sorted(str(t) for t in g.objects(s, RDF.type)),
        "names": sorted(str(n) for n in g.objects(s, MEMORIA.name)),
    }
for st in set(g.subjects(RDF.type, RDF.Statement)):
    s, p, o = g.value(st, RDF.subject), g.value(st, RDF.predicate), g.value(st, RDF.object)
    stated = sorted(str(c) for (qs_, qp, qo, c) in qs if (qs_, qp, qo) == (s, p, o) and c != default)
    out["statements"][str(st)] = {
        "subject": str(s), "predicate": str(p), "object": str(o), "statedIn": stated,
        "role": str(g.value(st, MEMORIA.role) or ""),
        "time": str(g.value(st, MEMORIA.time) or ""),
        # A citation is a locator in the graph of its source.
        "citations": len({(qo, c) for (qs_, qp, qo, c) in qs if qs_ == st and qp == MEMORIA.locator}),
    }
if len(sys.argv) > 3:
    ref = quads(load("nquads", sys.argv[3]))
    out["sameAsReference"] = qs == ref
    out["missing"] = sorted(str(q) for q in ref - qs)[:5]
    out["extra"] = sorted(str(q) for q in qs - ref)[:5]
json.dump(out, sys.stdout, ensure_ascii=False)
