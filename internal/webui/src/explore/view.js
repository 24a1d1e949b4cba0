// The view: which entities are expanded (the centres, each shown with its
// neighbours one statement away), the path asked for, and the time
// window. The server decides what that holds: GraphQL's neighborhood and
// path give the nodes, under the window, and the export of those nodes in
// Cytoscape JSON gives what is drawn, so that a download of the view is
// the view. Only what is shown is fetched.
import { exportJSON, graphql, viewQuery } from "./api.js";
import { yearOf } from "./dates.js";

// maxNodes is the most nodes a view holds: what reads on a screen, and
// the most ids a selection may name (internal/selection's MaxIDs).
export const maxNodes = 100;

// perCentre is the most nodes one expansion brings in, the node expanded
// among them, so that a node with thousands of neighbours leaves room for
// the next; the server cuts its neighbours in id order.
export const perCentre = 50;

export class View {
  constructor(graph, { onChange, onBusy, onError }) {
    this.graph = graph;
    this.on = { onChange, onBusy, onError };
    this.centres = []; // expanded ids, in the order they were expanded
    this.path = null; // { from, to } asked for
    this.during = null; // EDTF interval, or null for all time
    this.hoods = new Map(); // "id|during" → { nodes, truncated }
    this.paths = new Map(); // "from|to|during" → the path found, or null
    this.pathResult = null;
    this.nodes = new Map(); // id → the node's Cytoscape data, for the view
    this.edges = new Map();
    this.selection = null; // the export selection that gives the view
    this.cut = []; // the centres whose neighbours did not all fit
    this.domain = null; // { min, max } years of everything seen unfiltered
    this.seq = 0;
  }

  empty() {
    return this.centres.length === 0 && !this.path;
  }

  expand(id) {
    if (!this.centres.includes(id)) this.centres.push(id);
    return this.refresh();
  }

  collapse(id) {
    this.centres = this.centres.filter((c) => c !== id);
    if (this.path && this.centres.length === 0) this.path = null;
    return this.refresh();
  }

  findPath(from, to) {
    this.path = { from, to };
    return this.refresh();
  }

  clearPath() {
    this.path = null;
    return this.refresh();
  }

  setDuring(during) {
    this.during = during || null;
    return this.refresh();
  }

  clear() {
    this.centres = [];
    this.path = null;
    this.during = null;
    return this.refresh();
  }

  // refresh asks the server for what the view holds now and draws it. A
  // refresh started later wins over one still running.
  async refresh() {
    const seq = ++this.seq;
    const current = () => seq === this.seq;
    this.on.onBusy(true);
    try {
      await this.load(current);
    } catch (err) {
      if (current()) this.on.onError(err);
    } finally {
      if (current()) this.on.onBusy(false);
    }
  }

  async load(current) {
    const during = this.during;
    const key = (id) => `${id}|${during ?? ""}`;
    const pathKey = this.path && `${this.path.from}|${this.path.to}|${during ?? ""}`;
    const missing = this.centres.filter((c) => !this.hoods.has(key(c)));
    const needPath = this.path && !this.paths.has(pathKey);
    if (missing.length > 0 || needPath) {
      const vars = { during };
      missing.forEach((c, i) => (vars[`c${i}`] = c));
      if (needPath) Object.assign(vars, this.path);
      const data = await graphql(viewQuery(missing, needPath, perCentre), vars);
      missing.forEach((c, i) => this.hoods.set(key(c), { nodes: data[`h${i}`].nodes.map((n) => n.id), truncated: data[`h${i}`].truncated }));
      if (needPath) this.paths.set(pathKey, data.path);
    }
    if (!current()) return;
    this.pathResult = this.path ? this.paths.get(pathKey) : null;

    // The nodes in view: the centres, the path's, then each centre's
    // neighbours, nearest first, as many as fit.
    const ids = new Set(this.centres);
    for (const n of this.pathResult?.nodes ?? []) ids.add(n.id);
    const pinned = ids.size;
    this.cut = [];
    for (const c of this.centres) {
      const hood = this.hoods.get(key(c));
      let cut = hood.truncated;
      for (const id of hood.nodes) {
        if (ids.size >= maxNodes && !ids.has(id)) cut = true;
        else ids.add(id);
      }
      if (cut) this.cut.push(c);
    }
    if (ids.size === 0) {
      this.selection = null;
      this.nodes.clear();
      this.edges.clear();
      this.graph.clear();
      this.graph.highlight(null);
      this.on.onChange();
      return;
    }
    // The shortest selection that names the view: the centres and one hop
    // when that is all there is, else every node by id.
    const byHoods = new Set();
    for (const c of this.centres) for (const id of this.hoods.get(key(c)).nodes) byHoods.add(id);
    const compact = this.cut.length === 0 && this.centres.length > 0 && [...ids].slice(0, pinned).every((id) => byHoods.has(id));
    const selection = compact ? { ids: [...this.centres], hops: 1, during } : { ids: [...ids], hops: 0, during };
    const doc = await exportJSON("cyjs", selection);
    if (!current()) return;
    this.selection = selection;
    const elements = doc.elements;
    this.nodes = new Map(elements.nodes.map((n) => [n.data.id, n.data]));
    this.edges = new Map(elements.edges.map((e) => [e.data.id, e.data]));
    if (!during || !this.domain) this.widen(elements, during);
    await this.graph.set(elements, new Set(this.centres));
    if (!current()) return;
    const p = this.pathResult;
    this.graph.highlight(p ? p.nodes.map((n) => n.id) : null, p ? p.steps.map((s) => s.statement) : null);
    this.on.onChange();
  }

  // widen stretches the years the time slider spans to cover what is in
  // view: the dates of its nodes and statements, and the window asked for.
  widen(elements, during) {
    const years = (during ?? "").split("/").map(yearOf).filter(Number.isFinite);
    for (const el of [...elements.nodes, ...elements.edges]) {
      for (const d of [el.data.earliest, el.data.latest]) {
        const y = yearOf(d);
        if (Number.isFinite(y)) years.push(y);
      }
    }
    if (years.length === 0) return;
    const lo = Math.min(...years);
    const hi = Math.max(...years);
    this.domain = this.domain ? { min: Math.min(this.domain.min, lo), max: Math.max(this.domain.max, hi) } : { min: lo, max: hi };
  }

  // The view as URL hash parameters, so that a link or a reload opens it.
  toHash() {
    const q = new URLSearchParams();
    for (const c of this.centres) q.append("id", c);
    if (this.path) q.set("from", this.path.from), q.set("to", this.path.to);
    if (this.during) q.set("during", this.during);
    return q.toString();
  }

  fromHash(hash) {
    const q = new URLSearchParams(hash.replace(/^#/, ""));
    this.centres = q.getAll("id").filter(Boolean).slice(0, maxNodes);
    this.path = q.get("from") && q.get("to") ? { from: q.get("from"), to: q.get("to") } : null;
    this.during = q.get("during") || null;
  }
}
