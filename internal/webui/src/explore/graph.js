// The drawing: a Cytoscape.js graph holding the elements of the view,
// merged in place so that what was on the screen stays where it was, and
// laid out by fCoSE, a force-directed layout that counts labels as part of
// a node's size so that they do not overlap.
import cytoscape from "cytoscape";
import fcose from "cytoscape-fcose";
import { style } from "./look.js";

cytoscape.use(fcose);

// layoutOptions: randomize lays out from scratch; without it fCoSE starts
// from where the nodes are, and the picture keeps its shape.
function layoutOptions(randomize) {
  return {
    name: "fcose",
    quality: "proof",
    randomize,
    animate: !randomize,
    animationDuration: 350,
    fit: true,
    padding: 48,
    nodeDimensionsIncludeLabels: true,
    uniformNodeDimensions: false,
    packComponents: true,
    nodeRepulsion: 12000,
    idealEdgeLength: 120,
    edgeElasticity: 0.3,
    nestingFactor: 0.1,
    gravity: 0.2,
    numIter: 2500,
    tile: true,
  };
}

export class Graph {
  constructor(container, { onSelect, onExpand, onUnselect }) {
    this.cy = cytoscape({
      container,
      style: style(),
      minZoom: 0.2,
      maxZoom: 3,
      boxSelectionEnabled: false,
      selectionType: "single",
    });
    this.cy.on("tap", "node, edge", (e) => onSelect(e.target.group() === "nodes" ? "node" : "edge", e.target.id()));
    this.cy.on("tap", (e) => {
      if (e.target === this.cy) onUnselect();
    });
    this.cy.on("dbltap", "node", (e) => onExpand(e.target.id()));
    this.cy.on("mouseover", "edge", (e) => e.target.addClass("labelled"));
    this.cy.on("mouseout", "edge", (e) => {
      if (!e.target.selected()) e.target.removeClass("labelled");
    });
  }

  // set makes the graph hold exactly the Cytoscape JSON elements given,
  // and lays it out: new nodes start beside a neighbour already placed.
  // It resolves when the layout has stopped.
  async set(elements, centres) {
    const cy = this.cy;
    const wanted = new Set([...elements.nodes, ...elements.edges].map((e) => e.data.id));
    const first = cy.nodes().length === 0;
    cy.batch(() => {
      cy.elements().filter((e) => !wanted.has(e.id())).remove();
      for (const n of elements.nodes) {
        const old = cy.getElementById(n.data.id);
        if (old.nonempty()) old.data(n.data);
        else cy.add({ group: "nodes", data: n.data });
      }
      for (const e of elements.edges) {
        const old = cy.getElementById(e.data.id);
        if (old.nonempty()) old.data(e.data);
        else cy.add({ group: "edges", data: e.data });
      }
      cy.nodes().forEach((n) => n.toggleClass("centre", centres.has(n.id())));
    });
    const fresh = cy.nodes().filter((n) => n.scratch("placed") !== true);
    if (fresh.empty()) return;
    if (!first) placeBesideNeighbours(fresh);
    fresh.forEach((n) => n.scratch("placed", true));
    await this.layout(first);
  }

  // layout runs the layout and resolves when it stops.
  layout(randomize = false) {
    const l = this.cy.layout(layoutOptions(randomize));
    const done = l.promiseOn("layoutstop");
    l.run();
    return done;
  }

  clear() {
    this.cy.elements().remove();
  }

  // select marks a node or an edge as selected. A node's statements are
  // drawn darker, and named when there are few enough to read.
  select(group, id) {
    this.cy.elements().unselect();
    this.cy.edges().removeClass("labelled near");
    this.cy.nodes().removeClass("near");
    if (!id) return;
    const el = this.cy.getElementById(id);
    if (el.empty()) return;
    el.select();
    if (group === "node") {
      const edges = el.connectedEdges();
      edges.addClass("near");
      if (edges.length <= 12) edges.addClass("labelled");
    } else el.addClass("labelled");
    if (!this.inView(el)) this.cy.animate({ center: { eles: el }, duration: 250 });
  }

  inView(el) {
    const ext = this.cy.extent();
    const bb = el.boundingBox();
    return bb.x1 >= ext.x1 && bb.x2 <= ext.x2 && bb.y1 >= ext.y1 && bb.y2 <= ext.y2;
  }

  // highlight shows a path: its nodes and steps stand out, the rest fades.
  highlight(nodeIDs, statementIDs) {
    const cy = this.cy;
    cy.batch(() => {
      cy.elements().removeClass("path faded");
      if (!nodeIDs) return;
      const nodes = new Set(nodeIDs);
      const steps = new Set(statementIDs);
      cy.nodes().forEach((n) => n.addClass(nodes.has(n.id()) ? "path" : "faded"));
      cy.edges().forEach((e) => e.addClass(steps.has(e.id()) ? "path" : "faded"));
    });
  }

  fit() {
    this.cy.animate({ fit: { padding: 48 }, duration: 250 });
  }
}

// placeBesideNeighbours puts each new node on a small circle around the
// placed neighbours it has, so that the layout grows the picture from
// there instead of from the middle.
function placeBesideNeighbours(fresh) {
  const freshIDs = new Set(fresh.map((n) => n.id()));
  const byAnchor = new Map();
  fresh.forEach((n) => {
    const anchor = n.neighborhood("node").filter((m) => !freshIDs.has(m.id()))[0];
    const key = anchor ? anchor.id() : "";
    if (!byAnchor.has(key)) byAnchor.set(key, { anchor, nodes: [] });
    byAnchor.get(key).nodes.push(n);
  });
  for (const { anchor, nodes } of byAnchor.values()) {
    const c = anchor ? anchor.position() : { x: 0, y: 0 };
    const r = 60 + nodes.length * 6;
    nodes.forEach((n, i) => {
      const a = (2 * Math.PI * i) / nodes.length;
      n.position({ x: c.x + r * Math.cos(a), y: c.y + r * Math.sin(a) });
    });
  }
}
