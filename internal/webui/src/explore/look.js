// How each kind of node and each edge looks: the colours, sizes and shapes
// of the exports (src/exports.json, which a Go test keeps equal to
// internal/export), turned into Cytoscape.js styles and legend icons.
import facts from "../exports.json";
import { svg } from "./dom.js";

// The exports name shapes in yEd's vocabulary, which Cytoscape.js has
// under other names; the GEXF and Graphviz shapes have no counterpart for
// every kind (Graphviz's note and tab), yEd's do.
const cytoscapeShapes = {
  ellipse: "ellipse",
  rectangle: "rectangle",
  triangle: "triangle",
  roundrectangle: "round-rectangle",
  parallelogram: "rhomboid",
};

// kinds lists each kind of node, in the exports' order, with its look.
export const kinds = facts.kinds.map((k) => {
  const shape = cytoscapeShapes[k.yed];
  if (!shape) throw new Error(`exports.json: no Cytoscape.js shape for yEd's ${k.yed} (kind ${k.kind})`);
  // The exports' sizes (6 to 10) scaled to pixels, with a floor so that
  // the smallest node still takes a click.
  return { kind: k.kind, color: k.color, shape, size: Math.round(14 + k.size * 2.4) };
});

export const edgeColor = facts.edge.color;
export const uncertainLine = facts.edge.uncertain;
export const formats = facts.formats;

// What the page calls each kind, singular and plural.
export const kindNames = {
  person: ["person", "people"],
  group: ["group", "groups"],
  place: ["place", "places"],
  event: ["event", "events"],
  work: ["work", "works"],
};
for (const k of kinds) {
  if (!kindNames[k.kind]) throw new Error(`exports.json: the page has no name for the kind ${k.kind}`);
}

export function lookOf(kind) {
  return kinds.find((k) => k.kind === kind.toLowerCase()) ?? { kind, color: "#bbbbbb", shape: "ellipse", size: 24 };
}

// The highlight of a path, and the text colours: chosen to stand apart
// from every kind's fill.
export const pathColor = "#1d3557";
const selectColor = "#457b9d";
const ink = "#1f2430";

// icon draws a kind's shape as a small SVG, for the legend and the lists.
export function icon(kind, px = 14) {
  const { color, shape } = lookOf(kind);
  const s = 14;
  const attrs = { fill: color, stroke: "#333333", "stroke-width": "0.8" };
  let el;
  switch (shape) {
    case "ellipse":
      el = svg("circle", { cx: 7, cy: 7, r: 6, ...attrs });
      break;
    case "rectangle":
      el = svg("rect", { x: 1.5, y: 1.5, width: 11, height: 11, ...attrs });
      break;
    case "triangle":
      el = svg("polygon", { points: "7,1 13,13 1,13", ...attrs });
      break;
    case "round-rectangle":
      el = svg("rect", { x: 1, y: 3, width: 12, height: 8, rx: 2.5, ...attrs });
      break;
    case "rhomboid":
      el = svg("polygon", { points: "4,2 13,2 10,12 1,12", ...attrs });
      break;
    default:
      el = svg("circle", { cx: 7, cy: 7, r: 6, ...attrs });
  }
  return svg("svg", { width: px, height: px, viewBox: `0 0 ${s} ${s}`, "aria-hidden": "true", class: "icon" }, el);
}

// style is the Cytoscape.js stylesheet.
export function style() {
  const rules = [
    {
      selector: "node",
      style: {
        label: "data(name)",
        "font-family": "system-ui, sans-serif",
        "font-size": 11,
        color: ink,
        "text-valign": "bottom",
        "text-halign": "center",
        "text-margin-y": 4,
        "text-wrap": "wrap",
        "text-max-width": 120,
        "text-background-color": "#ffffff",
        "text-background-opacity": 0.85,
        "text-background-padding": 2,
        "text-background-shape": "roundrectangle",
        "min-zoomed-font-size": 7,
        "border-width": 1,
        "border-color": "#333333",
        "border-opacity": 0.6,
        "overlay-opacity": 0,
      },
    },
  ];
  for (const k of kinds) {
    rules.push({
      selector: `node[kind = "${k.kind}"]`,
      style: { "background-color": k.color, shape: k.shape, width: k.size, height: k.kind === "event" ? Math.round(k.size * 0.75) : k.size },
    });
  }
  rules.push(
    { selector: "node.centre", style: { "border-width": 3, "border-color": ink, "border-opacity": 1, "font-weight": "bold" } },
    { selector: "node:selected", style: { "underlay-color": selectColor, "underlay-opacity": 0.35, "underlay-padding": 7, "underlay-shape": "ellipse" } },
    {
      selector: "edge",
      style: {
        width: 1.5,
        "line-color": edgeColor,
        "target-arrow-color": edgeColor,
        "target-arrow-shape": "triangle",
        "arrow-scale": 0.8,
        "curve-style": "bezier",
        "font-size": 9,
        color: "#4a4e69",
        "text-rotation": "autorotate",
        "text-background-color": "#ffffff",
        "text-background-opacity": 0.9,
        "text-background-padding": 1,
        "overlay-opacity": 0,
      },
    },
    { selector: "edge[?uncertain]", style: { "line-style": uncertainLine } },
    { selector: "edge.labelled, edge:selected", style: { label: "data(label)" } },
    { selector: "edge.near", style: { "line-color": "#5c677d", "target-arrow-color": "#5c677d", "z-index": 5 } },
    { selector: ".faded", style: { opacity: 0.22 } },
    { selector: "node.path", style: { "border-width": 4, "border-color": pathColor, "border-opacity": 1 } },
    { selector: "edge.path", style: { width: 4.5, "line-color": pathColor, "target-arrow-color": pathColor, label: "data(label)", color: pathColor, "font-weight": "bold", "z-index": 10 } },
    { selector: "edge:selected", style: { width: 5, "line-color": selectColor, "target-arrow-color": selectColor, color: selectColor, "z-index": 20 } },
    { selector: ".faded:selected", style: { opacity: 1 } },
  );
  return rules;
}
