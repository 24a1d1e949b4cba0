// The side panel: what the view holds when nothing is selected (a list of
// its nodes, which also makes the drawing usable from the keyboard), and
// else the selected node's or statement's names, dates, description,
// sources and claims.
import { formatDate, lifeSpan } from "./dates.js";
import { fill, h } from "./dom.js";
import { icon, kindNames } from "./look.js";
import { maxNodes, perCentre } from "./view.js";
import { citations, claims } from "./sources.js";

// button is a button that calls fn.
const button = (label, fn, attrs = {}) => h("button", { type: "button", onclick: fn, ...attrs }, label);

// nodeButton selects a node of the view.
function nodeButton(data, act) {
  return h("button", { type: "button", class: "link node-link", "data-id": data.id, onclick: () => act.select("node", data.id) }, icon(data.kind), data.name ?? data.id);
}

// overview lists the nodes in view by kind.
export function overview(panel, view, act) {
  if (view.empty()) {
    fill(
      panel,
      h("h2", {}, "Explore the graph"),
      h("p", {}, "Search for a person, group, place, event or work in the box above: a name in any spelling or script will do."),
      h("p", {}, "The one you pick is drawn with everything linked to it by a cited statement. Click a node to read about it and its sources; double-click it, or use Expand, to draw its own links."),
    );
    return;
  }
  const groups = new Map();
  for (const d of view.nodes.values()) {
    if (!groups.has(d.kind)) groups.set(d.kind, []);
    groups.get(d.kind).push(d);
  }
  const sections = [];
  for (const [kind, names] of Object.entries(kindNames)) {
    const list = groups.get(kind);
    if (!list) continue;
    list.sort((a, b) => a.name.localeCompare(b.name));
    sections.push(h("h3", {}, `${list.length} ${list.length === 1 ? names[0] : names[1]}`), h("ul", { class: "node-list" }, list.map((d) => h("li", {}, nodeButton(d, act)))));
  }
  fill(
    panel,
    h("h2", {}, "In view"),
    h("p", { class: "muted" }, `${view.nodes.size} nodes and ${view.edges.size} statements. Click one for its details and sources.`),
    view.cut.length > 0 &&
      h("p", { class: "note" }, `Not every neighbour of ${view.cut.map((id) => view.nodes.get(id)?.name ?? id).join(", ")} is drawn: one expansion brings in at most ${perCentre} nodes, and a view holds ${maxNodes}. Narrow the time window, or collapse a node, to see others.`),
    sections,
  );
}

// statementLine is one statement in a node's list: what links, and to
// what, read from its subject.
function statementLine(e, self, view, act) {
  const outgoing = e.source === self;
  const other = view.nodes.get(outgoing ? e.target : e.source);
  return h(
    "li",
    {},
    h("button", { type: "button", class: "link rel-link", onclick: () => act.select("edge", e.id), title: "The statement and its sources" }, outgoing ? `${e.label} →` : `← ${e.label}`),
    h("span", {}, other ? nodeButton(other, act) : "", e.time && h("span", { class: "muted small" }, ` ${formatDate(e.time)}`)),
  );
}

// node shows an entity or event: d is its data in the view (Cytoscape
// JSON), entity the GraphQL answer, or null while it loads.
export function node(panel, d, entity, view, act) {
  const kind = d.kind;
  const centre = view.centres.includes(d.id);
  const when =
    entity?.__typename === "Person" ? lifeSpan(entity.born, entity.died) : formatDate(entity?.date ?? (d.time ? { edtf: d.time } : null));
  const mine = [...view.edges.values()].filter((e) => e.source === d.id || e.target === d.id);
  const pathStart = act.pathStart();
  const names = entity?.names ?? [];
  fill(
    panel,
    button("← All in view", act.back, { class: "link back" }),
    h("p", { class: "kind-line" }, icon(kind, 16), ` ${kindNames[kind]?.[0] ?? kind}`, d.category && ` · ${d.category}`),
    h("h2", {}, d.name),
    // The EDTF's own marks say how sure the date is: "about 1960", "uncertain: 1923".
    when && h("p", { class: "when" }, when),
    h(
      "div",
      { class: "actions" },
      centre ? button("Collapse", () => act.collapse(d.id), { title: "Remove the neighbours this node brought in" }) : button("Expand", () => act.expand(d.id), { class: "primary", title: "Draw everything linked to this node" }),
      pathStart && pathStart !== d.id ? button("Path to here", () => act.pathTo(d.id), { class: "primary" }) : button("Path from here", () => act.pathFrom(d.id)),
    ),
    d.description && h("p", { class: "description" }, d.description),
    !entity && h("p", { class: "muted" }, "Loading…"),
    entity && [
      entity.place && h("p", {}, "Where: ", entity.place.name),
      entity.parent && h("p", {}, "Part of: ", entity.parent.name),
      names.length > 1 &&
        h(
          "section",
          { "aria-label": "Names" },
          h("h3", {}, "Names"),
          h(
            "table",
            { class: "names" },
            h("tbody", {}, names.map((n) => h("tr", {}, h("td", { lang: n.lang ?? null }, n.text), h("td", { class: "muted" }, n.kind.toLowerCase(), n.lang && ` · ${n.lang}`)))),
          ),
        ),
      entity.claims.length > 0 && h("section", { "aria-label": "Claims" }, h("h3", {}, "Claims"), claims(entity.claims)),
    ],
    mine.length > 0 &&
      h("section", { "aria-label": "Statements in view" }, h("h3", {}, `Statements in view (${mine.length})`), h("ul", { class: "statements" }, mine.map((e) => statementLine(e, d.id, view, act)))),
    entity && [
      h("section", { "aria-label": "Sources" }, h("h3", {}, "Sources"), citations(entity.citations)),
      entity.wikidata && h("p", {}, h("a", { href: `https://www.wikidata.org/wiki/${entity.wikidata}`, target: "_blank", rel: "noopener noreferrer" }, `Wikidata ${entity.wikidata}`)),
    ],
  );
}

// edge shows a statement: e is its data in the view, sources the sources
// its citations name (by id), or null while they load, and relation the
// GraphQL Relation when the statement is one.
export function edge(panel, e, sources, relation, view, act) {
  const from = view.nodes.get(e.source);
  const to = view.nodes.get(e.target);
  const cites = (e.citations ?? []).map((c) => {
    const space = c.indexOf(" ");
    const id = space < 0 ? c : c.slice(0, space);
    return { locator: space < 0 ? "" : c.slice(space + 1), source: sources?.get(id) ?? { id, title: id } };
  });
  fill(
    panel,
    button("← All in view", act.back, { class: "link back" }),
    h("p", { class: "kind-line" }, "Statement · ", e.relation),
    h("h2", {}, from?.name ?? e.source, " ", h("span", { class: "rel" }, e.label), " ", to?.name ?? e.target),
    h("p", { class: "ends" }, from && nodeButton(from, act), h("span", { "aria-hidden": "true" }, " → "), to && nodeButton(to, act)),
    e.role && h("p", {}, "Role: ", e.role),
    h("p", { class: "when" }, e.time ? formatDate(e.time) : "Undated", e.uncertain && h("span", { class: "muted" }, " — the date is uncertain or approximate, so the line is dashed")),
    relation?.note && h("p", { class: "description" }, relation.note),
    h("section", { "aria-label": "Sources" }, h("h3", {}, `Sources (${cites.length})`), sources ? citations(cites) : h("p", { class: "muted" }, "Loading…")),
  );
}

// pathSection shows the path found, step by step, or why there is none.
export function pathSection(el, view, act) {
  if (!view.path) {
    el.hidden = true;
    return;
  }
  el.hidden = false;
  const p = view.pathResult;
  const name = (id) => view.nodes.get(id)?.name ?? id;
  fill(
    el,
    h("div", { class: "path-head" }, h("h3", {}, p ? `Path: ${p.length} ${p.length === 1 ? "step" : "steps"}` : "No path"), button("Clear path", act.clearPath, { class: "link" })),
    !p && h("p", { class: "muted" }, `No chain of statements links ${name(view.path.from)} and ${name(view.path.to)} within 6 steps${view.during ? " in this time window" : ""}.`),
    p &&
      h(
        "ol",
        { class: "path-steps" },
        p.steps.map((s) => {
          // A step followed backwards is still read from its subject.
          const [subject, object] = s.direction === "OUTGOING" ? [s.from, s.to] : [s.to, s.from];
          return h(
            "li",
            {},
            h("span", { class: "step-node" }, subject.name),
            " ",
            h("button", { type: "button", class: "link step", onclick: () => act.select("edge", s.statement), title: "The statement and its sources" }, `${s.role ?? s.label} →`),
            " ",
            h("span", { class: "step-node" }, object.name),
          );
        }),
      ),
  );
}

