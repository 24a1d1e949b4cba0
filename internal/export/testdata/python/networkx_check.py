"""Reads a Memoria export with NetworkX and prints what it found as JSON,
for internal/export/exporttest to compare:

    python3 networkx_check.py gexf FILE
    python3 networkx_check.py graphml FILE

NetworkX 2.8 knows GEXF 1.1 and 1.2 only; GEXF 1.3 is read by giving its
reader the 1.3 namespaces, which changes nothing else in how it reads.
"""
import json
import sys

import networkx as nx
from networkx.readwrite import gexf

fmt, path = sys.argv[1], sys.argv[2]
if fmt == "gexf":
    gexf.GEXF.versions["1.3"] = {
        "NS_GEXF": "http://gexf.net/1.3",
        "NS_VIZ": "http://gexf.net/1.3/viz",
        "NS_XSI": "http://www.w3.org/2001/XMLSchema-instance",
        "SCHEMALOCATION": "",
        "VERSION": "1.3",
    }
    g = nx.read_gexf(path, version="1.3")
elif fmt == "graphml":
    g = nx.read_graphml(path)
else:
    sys.exit(f"unknown format {fmt}")

out = {"directed": g.is_directed(), "multigraph": g.is_multigraph(), "nodes": {}, "edges": {}}
for node, data in g.nodes(data=True):
    out["nodes"][node] = {k: v for k, v in data.items() if k != "viz"}
# A graph without parallel edges comes back as a DiGraph, whose edges have
# no keys: their ids are then among their data.
if g.is_multigraph():
    edges = ((s, t, k, d) for s, t, k, d in g.edges(keys=True, data=True))
else:
    edges = ((s, t, d.get("id"), d) for s, t, d in g.edges(data=True))
for source, target, key, data in edges:
    if source not in out["nodes"] or target not in out["nodes"]:
        sys.exit(f"edge {key} has an end that is not a node")
    out["edges"][str(key)] = dict(data, source=source, target=target)
json.dump(out, sys.stdout, ensure_ascii=False)
