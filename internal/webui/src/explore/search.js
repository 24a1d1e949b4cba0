// A search box over GraphQL's search, as an ARIA combobox: type, move
// through the results with the arrow keys, pick with Enter or a click,
// close with Escape. The server's search forgives typos, transliterations
// and other scripts: Ежов finds Yezhov.
import { graphql, searchQuery } from "./api.js";
import { formatDate, lifeSpan } from "./dates.js";
import { debounce, fill, h } from "./dom.js";
import { icon, kindNames } from "./look.js";

let boxes = 0;

// searchBox wires an input to a listbox below it. onPick gets the node
// picked ({ id, kind, name }).
export function searchBox(input, { onPick, onError }) {
  const n = ++boxes;
  const list = h("ul", { role: "listbox", id: `search-results-${n}`, class: "results", hidden: true, "aria-label": "Search results" });
  input.after(list);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("autocomplete", "off");
  input.setAttribute("spellcheck", "false");

  let hits = [];
  let active = -1;
  let asked = 0;

  const close = () => {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  };
  const setActive = (i) => {
    active = i;
    [...list.children].forEach((li, j) => li.setAttribute("aria-selected", String(j === i)));
    if (i >= 0 && list.children[i]) {
      input.setAttribute("aria-activedescendant", list.children[i].id);
      list.children[i].scrollIntoView({ block: "nearest" });
    }
  };
  const pick = (i) => {
    const hit = hits[i];
    if (!hit) return;
    close();
    input.value = "";
    onPick(hit.node);
  };
  const show = () => {
    if (hits.length === 0) {
      fill(list, h("li", { class: "none", role: "option", "aria-disabled": "true", id: `search-none-${n}` }, "Nothing found"));
    } else {
      fill(list, hits.map((hit, i) => option(hit, `search-${n}-${i}`, () => pick(i))));
    }
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    setActive(hits.length > 0 ? 0 : -1);
  };
  const run = debounce(async () => {
    const text = input.value.trim();
    const mine = ++asked;
    if (text === "") {
      hits = [];
      close();
      return;
    }
    try {
      const data = await graphql(searchQuery, { text });
      if (mine !== asked) return;
      hits = data.search;
      show();
    } catch (err) {
      if (mine === asked) onError(err);
    }
  }, 180);

  input.addEventListener("input", run);
  input.addEventListener("keydown", (e) => {
    if (e.key === "ArrowDown" && hits.length) {
      e.preventDefault();
      if (list.hidden) show();
      else setActive((active + 1) % hits.length);
    } else if (e.key === "ArrowUp" && hits.length) {
      e.preventDefault();
      setActive((active - 1 + hits.length) % hits.length);
    } else if (e.key === "Enter") {
      e.preventDefault();
      if (!list.hidden) pick(Math.max(active, 0));
    } else if (e.key === "Escape") {
      close();
    }
  });
  input.addEventListener("blur", () => setTimeout(close, 150));
  list.addEventListener("mousedown", (e) => e.preventDefault());
}

// option is one result: the name, what kind it is and when, and the name
// that matched when it is another.
function option(hit, id, onClick) {
  const node = hit.node;
  const kind = node.kind.toLowerCase();
  const when = kind === "person" ? lifeSpan(node.born, node.died) : formatDate(node.date);
  const matched = hit.matched !== node.name ? `matched “${hit.matched}” (${hit.matchKind})` : "";
  return h(
    "li",
    { role: "option", id, "aria-selected": "false", onclick: onClick },
    h("span", { class: "opt-main" }, icon(kind), h("span", { class: "opt-name" }, node.name)),
    h("span", { class: "opt-meta" }, [kindNames[kind]?.[0] ?? kind, when].filter(Boolean).join(" · ")),
    matched && h("span", { class: "opt-matched" }, matched),
  );
}
