// The graph explorer at /explore: search an entity, see what links to it,
// expand, find a path, narrow the time, read the sources, download the
// view in any export format. Every file it needs is bundled by build.mjs
// and served by the binary; it loads nothing from another host. The parts
// are in explore/.
import "./explore.css";
import { APIError, entityQuery, exportURL, graphql, relationQuery, sourcesQuery } from "./explore/api.js";
import { fill, h, svg } from "./explore/dom.js";
import { Graph } from "./explore/graph.js";
import { edgeColor, formats, icon, kindNames, kinds, pathColor, uncertainLine } from "./explore/look.js";
import * as panel from "./explore/panel.js";
import { searchBox } from "./explore/search.js";
import { timeBar } from "./explore/timebar.js";
import { View } from "./explore/view.js";

const $ = (id) => document.getElementById(id);

// What each export format is for, as the download menu says it.
const formatNames = {
  gexf: ["GEXF", "Gephi, with its timeline"],
  graphml: ["GraphML", "yEd, Cytoscape, Gephi"],
  dot: ["DOT", "Graphviz"],
  svg: ["SVG", "a picture"],
  png: ["PNG", "a picture"],
  cyjs: ["Cytoscape JSON", "Cytoscape, Cytoscape.js"],
  graphology: ["graphology JSON", "sigma.js"],
  csv: ["CSV", "Neo4j import, spreadsheets (zip)"],
  nquads: ["N-Quads", "RDF"],
  jsonld: ["JSON-LD", "RDF"],
  kumu: ["Kumu", "a Kumu blueprint"],
};
for (const f of formats) {
  if (!formatNames[f.name]) throw new Error(`explore.js: the download menu has no name for the export format ${f.name}`);
}

const state = {
  selected: null, // { group, id }
  pathStart: null, // the id a path is being asked from
  entities: new Map(), // id → GraphQL entity, as fetched
  sources: new Map(), // id → GraphQL source
  relations: new Map(),
  version: 0,
};

const graph = new Graph($("cy"), {
  onSelect: (group, id) => select(group, id),
  onExpand: (id) => view.expand(id),
  onUnselect: () => select(null),
});

const view = new View(graph, {
  onChange: changed,
  onBusy: (busy) => {
    document.body.dataset.busy = String(busy);
    if (busy) status("Loading…");
  },
  onError: showError,
});

// The handle for debugging in the browser's console, which the browser
// test also uses to find where a node is drawn.
window.memoriaExplorer = { cy: graph.cy, view };

const act = {
  select: (group, id) => select(group, id),
  back: () => select(null),
  expand: (id) => view.expand(id),
  collapse: (id) => view.collapse(id),
  pathStart: () => state.pathStart,
  pathFrom: (id) => {
    state.pathStart = id;
    fill($("path-from-name"), view.nodes.get(id)?.name ?? id);
    $("pathbar").hidden = false;
    $("path-to").focus();
    render();
  },
  pathTo: (id) => findPath(id),
  clearPath: () => {
    state.pathStart = null;
    view.clearPath();
  },
};

function findPath(to) {
  const from = state.pathStart;
  state.pathStart = null;
  $("pathbar").hidden = true;
  if (from && to && from !== to) view.findPath(from, to);
}

function status(text, isError = false) {
  const el = $("status");
  el.className = isError ? "status error" : "status";
  el.setAttribute("role", isError ? "alert" : "status");
  fill(el, text);
}

function showError(err) {
  if (!(err instanceof APIError) && !(err instanceof TypeError)) throw err;
  status(err instanceof TypeError ? `The server did not answer: ${err.message}` : err.message, true);
}

// changed runs after each refresh of the view.
function changed() {
  state.version++;
  document.body.dataset.version = String(state.version);
  $("empty").hidden = !view.empty();
  $("legend").hidden = view.empty();
  status(caption());
  history.replaceState(null, "", view.empty() ? location.pathname : `#${view.toHash()}`);
  updateTime(view.domain, view.during);
  downloads();
  const s = state.selected;
  if (s && !(s.group === "node" ? view.nodes : view.edges).has(s.id)) state.selected = null;
  graph.select(state.selected?.group, state.selected?.id);
  panel.pathSection($("path"), view, act);
  render();
}

// caption says what the view is: around whom, which path, when, how much.
function caption() {
  if (view.nodes.size === 0) return "";
  const name = (id) => view.nodes.get(id)?.name ?? id;
  const parts = [];
  const cs = view.centres.map(name);
  if (cs.length > 0) parts.push(`Around ${cs.length > 3 ? `${cs.slice(0, 3).join(", ")} and ${cs.length - 3} more` : cs.join(", ")}`);
  if (view.path) parts.push(`path from ${name(view.path.from)} to ${name(view.path.to)}`);
  if (view.during) parts.push(view.during.replace("/", " – "));
  parts.push(`${view.nodes.size} nodes, ${view.edges.size} statements`);
  return parts.join(" · ");
}

function select(group, id) {
  state.selected = group && id ? { group, id } : null;
  graph.select(group, id);
  render();
  const panelEl = $("panel");
  if (state.selected) panelEl.scrollTop = 0;
}

// render draws the side panel for what is selected, fetching its details
// once.
function render() {
  const s = state.selected;
  const el = $("panel");
  if (!s) return panel.overview(el, view, act);
  if (s.group === "node") {
    const d = view.nodes.get(s.id);
    if (!d) return fill(el, h("p", { class: "muted" }, "Loading…"));
    panel.node(el, d, state.entities.get(s.id), view, act);
    if (!state.entities.has(s.id)) {
      graphql(entityQuery, { id: s.id })
        .then((data) => {
          state.entities.set(s.id, data.node);
          if (state.selected?.id === s.id) render();
        })
        .catch(showError);
    }
    return;
  }
  const e = view.edges.get(s.id);
  const ids = [...new Set((e.citations ?? []).map((c) => c.split(" ")[0]))];
  const missing = ids.filter((id) => !state.sources.has(id));
  const isRelation = s.id.startsWith("relation/");
  const ready = missing.length === 0 && (!isRelation || state.relations.has(s.id));
  panel.edge(el, e, ready ? state.sources : null, state.relations.get(s.id), view, act);
  if (ready) return;
  Promise.all([
    missing.length ? graphql(sourcesQuery, { ids: missing }) : null,
    isRelation && !state.relations.has(s.id) ? graphql(relationQuery, { id: s.id }) : null,
  ])
    .then(([src, rel]) => {
      for (const node of src?.nodes ?? []) if (node) state.sources.set(node.id, node);
      for (const id of missing) if (!state.sources.has(id)) state.sources.set(id, { id, title: id });
      if (isRelation) state.relations.set(s.id, rel?.node ?? null);
      if (state.selected?.id === s.id) render();
    })
    .catch(showError);
}

// downloads points the download menu at the view's selection.
function downloads() {
  const menu = $("download-menu");
  const sel = view.selection;
  $("download-button").disabled = !sel;
  if (!sel) {
    menu.hidden = true;
    return;
  }
  fill(
    menu,
    h("p", { class: "menu-note" }, `The nodes and statements in view${view.during ? `, ${view.during}` : ""}, as a file:`),
    h(
      "ul",
      {},
      formats.map((f) =>
        h(
          "li",
          {},
          h(
            "a",
            { href: exportURL(f.name, sel), download: "", "data-format": f.name, role: "menuitem" },
            h("span", { class: "fmt" }, formatNames[f.name][0]),
            h("span", { class: "fmt-what" }, formatNames[f.name][1]),
          ),
        ),
      ),
    ),
  );
}

function legend() {
  const line = (dash, color, width) =>
    svg("svg", { width: 28, height: 10, "aria-hidden": "true", class: "icon" }, svg("line", { x1: 1, y1: 5, x2: 27, y2: 5, stroke: color, "stroke-width": width, "stroke-dasharray": dash ? "4 3" : "none" }));
  fill(
    $("legend"),
    h("h2", { class: "sr-only" }, "Legend"),
    h("ul", {}, kinds.map((k) => h("li", {}, icon(k.kind), " ", kindNames[k.kind][0]))),
    h(
      "ul",
      {},
      h("li", {}, line(false, edgeColor, 1.5), " statement"),
      h("li", {}, line(uncertainLine === "dashed", edgeColor, 1.5), " uncertain date"),
      h("li", {}, line(false, pathColor, 4), " path"),
      h("li", {}, svg("svg", { width: 14, height: 14, "aria-hidden": "true", class: "icon" }, svg("circle", { cx: 7, cy: 7, r: 5, fill: "#ffffff", stroke: "#1f2430", "stroke-width": 2.5 })), " expanded"),
    ),
  );
}

const updateTime = timeBar($("timebar"), { onChange: (during) => view.setDuring(during) });

searchBox($("search"), {
  onPick: (node) => {
    select("node", node.id);
    view.expand(node.id);
  },
  onError: showError,
});
searchBox($("path-to"), { onPick: (node) => findPath(node.id), onError: showError });

$("path-cancel").addEventListener("click", () => {
  state.pathStart = null;
  $("pathbar").hidden = true;
  render();
});
$("fit").addEventListener("click", () => graph.fit());
$("relayout").addEventListener("click", () => graph.layout(true));
$("clear").addEventListener("click", () => {
  state.selected = null;
  state.pathStart = null;
  $("pathbar").hidden = true;
  view.clear();
});
$("download-button").addEventListener("click", () => {
  const menu = $("download-menu");
  menu.hidden = !menu.hidden;
  $("download-button").setAttribute("aria-expanded", String(!menu.hidden));
});
document.addEventListener("click", (e) => {
  if (!e.target.closest(".download")) {
    $("download-menu").hidden = true;
    $("download-button").setAttribute("aria-expanded", "false");
  }
});
document.addEventListener("keydown", (e) => {
  const typing = e.target.closest("input, textarea, select");
  if (e.key === "/" && !typing) {
    e.preventDefault();
    $("search").focus();
  } else if (e.key === "Escape") {
    $("download-menu").hidden = true;
    if (!typing) select(null);
  }
});

legend();
document.body.dataset.busy = "false";
if (location.hash.length > 1) {
  view.fromHash(location.hash);
  view.refresh();
} else {
  changed();
}
