// Loads a Memoria export with an independent JavaScript reader and prints
// what it found as JSON, for internal/export/exporttest to compare:
//
//   node check.mjs cyjs FILE        Cytoscape.js, headless
//   node check.mjs graphology FILE  graphology's Graph.from (what sigma.js draws)
//   node check.mjs kumu FILE        a Kumu blueprint, checked against Kumu's import rules
//
// The readers throw on an edge whose source or target is not a node. No
// reader of Kumu's is published, so its blueprint is loaded into graphology,
// which enforces the same rule, after checking the fields Kumu requires.
import { readFileSync } from "node:fs";
import cytoscape from "cytoscape";
import graphology from "graphology";

const [format, file] = process.argv.slice(2);
const doc = JSON.parse(readFileSync(file, "utf8"));
const out = { nodes: {}, edges: {} };

if (format === "cyjs") {
  const cy = cytoscape({ headless: true, elements: doc.elements });
  cy.nodes().forEach((n) => { out.nodes[n.id()] = n.data(); });
  cy.edges().forEach((e) => {
    if (e.source().empty() || e.target().empty()) throw new Error(`dangling edge ${e.id()}`);
    out.edges[e.id()] = { ...e.data(), source: e.source().id(), target: e.target().id() };
  });
  out.name = cy.data("name") ?? doc.data?.name;
} else if (format === "graphology") {
  const graph = graphology.from(doc);
  if (graph.type !== "directed" || !graph.multi) throw new Error(`graph is ${graph.type}, multi ${graph.multi}; want a directed multigraph`);
  graph.forEachNode((key, attrs) => {
    for (const k of ["x", "y", "size"]) {
      if (typeof attrs[k] !== "number") throw new Error(`node ${key}: ${k} is not a number; sigma.js needs it`);
    }
    out.nodes[key] = attrs;
  });
  graph.forEachEdge((key, attrs, source, target) => { out.edges[key] = { ...attrs, source, target }; });
  out.name = graph.getAttribute("name");
} else if (format === "kumu") {
  if (!Array.isArray(doc.elements) || !Array.isArray(doc.connections)) throw new Error("a blueprint needs elements and connections");
  const graph = new graphology.MultiDirectedGraph();
  for (const el of doc.elements) {
    if (typeof el.id !== "string" || typeof el.label !== "string" || typeof el.type !== "string") throw new Error(`element without id, label or type: ${JSON.stringify(el)}`);
    const { id, ...attrs } = el;
    graph.addNode(id, attrs);
    out.nodes[id] = attrs;
  }
  for (const c of doc.connections) {
    if (c.direction !== "directed") throw new Error(`connection ${c.id}: direction ${c.direction}`);
    const { id, from, to, ...attrs } = c;
    graph.addEdgeWithKey(id, from, to, attrs); // throws on a missing end
    out.edges[id] = { ...attrs, source: from, target: to };
  }
} else {
  throw new Error(`unknown format ${format}`);
}
process.stdout.write(JSON.stringify(out));
