// Citations and claims as the side panel shows them: each citation a
// disclosure with its source's title, kind and locator, opening on the
// source's author, publisher, date and description; claims grouped by
// what they measure, the disputed ones side by side.
import { formatDate } from "./dates.js";
import { h } from "./dom.js";

// sourceKind writes a SourceKind for a reader: OPINION_ESSAY → opinion essay.
export function sourceKind(kind) {
  return (kind ?? "").toLowerCase().replaceAll("_", " ");
}

// source is one source with the places in it that a statement cites:
// a disclosure with its title, kind and locators, opening on its author,
// publisher, date and description.
function source(s, locators) {
  const facts = [
    ["Kind", sourceKind(s.kind)],
    ["Author", s.author],
    ["Publisher", s.publisher],
    ["Published", s.published && formatDate(s.published)],
    ["Where in it", locators.join("; ")],
  ].filter(([, v]) => v);
  return h(
    "details",
    { class: "citation", "data-source": s.id },
    h(
      "summary",
      {},
      h("span", { class: "cite-title" }, s.title),
      s.kind && h("span", { class: `source-kind sk-${s.kind.toLowerCase()}` }, sourceKind(s.kind)),
      locators.length > 0 && h("span", { class: "locator" }, locators.join(", ")),
    ),
    h("dl", {}, facts.map(([k, v]) => [h("dt", {}, k), h("dd", {}, v)])),
    s.description && h("p", { class: "source-desc" }, s.description),
    s.url && h("p", {}, h("a", { href: s.url, target: "_blank", rel: "noopener noreferrer" }, "Read the source"), h("span", { class: "muted" }, " (opens another site)")),
  );
}

// citations shows citations ({ locator, source }) grouped by source, in
// the order of their first citation.
export function citations(list) {
  if (!list?.length) return h("p", { class: "muted" }, "No citation.");
  const bySource = new Map();
  for (const c of list) {
    const s = c.source ?? { id: "", title: "(unknown source)" };
    if (!bySource.has(s.id)) bySource.set(s.id, { s, locators: [] });
    if (c.locator) bySource.get(s.id).locators.push(c.locator);
  }
  return h("div", { class: "citations" }, [...bySource.values()].map(({ s, locators }) => source(s, locators)));
}

const numbers = new Intl.NumberFormat("en-GB");

// claimValue writes a claim's value: "about 8,000,000 people",
// "5,500,000–6,500,000 people", "more than 700 camps", a date.
export function claimValue(c) {
  if (c.date) return formatDate(c.date);
  let v;
  if (c.value != null) v = numbers.format(c.value);
  else if (c.low != null && c.high != null) v = `${numbers.format(c.low)}–${numbers.format(c.high)}`;
  else if (c.low != null) v = `more than ${numbers.format(c.low)}`;
  else if (c.high != null) v = `up to ${numbers.format(c.high)}`;
  else v = "no value";
  if (c.approximate) v = "about " + v;
  return c.unit ? `${v} ${c.unit}` : v;
}

function claimCard(c) {
  return h(
    "div",
    { class: "claim", "data-claim": c.id },
    h("p", { class: "claim-value" }, claimValue(c)),
    c.time && h("p", { class: "claim-time" }, "for ", formatDate(c.time)),
    c.qualifiers?.length > 0 && h("p", { class: "claim-qual" }, c.qualifiers.map((q) => `${q.name}: ${q.value}`).join(", ")),
    c.note && h("p", { class: "claim-note" }, c.note),
    citations(c.citations),
  );
}

// claims shows an entity's claims by property. Where sources disagree,
// their claims stand side by side.
export function claims(list) {
  const byProperty = new Map();
  for (const c of list) {
    if (!byProperty.has(c.property)) byProperty.set(c.property, []);
    byProperty.get(c.property).push(c);
  }
  const out = [];
  for (const [property, cs] of byProperty) {
    const disputed = cs.some((c) => c.disputed);
    out.push(
      h(
        "section",
        { class: disputed ? "claims disputed" : "claims", "aria-label": `Claims about ${property}` },
        h("h4", {}, sentence(property), disputed && h("span", { class: "dispute-badge" }, "sources disagree")),
        h("div", { class: disputed ? "side-by-side" : "claim-list" }, cs.map(claimCard)),
      ),
    );
  }
  return out;
}

// sentence writes a property's name as words: start-date → Start date.
function sentence(property) {
  const words = property.replaceAll("-", " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}
