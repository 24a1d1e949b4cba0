// The time window: two sliders, the first and the last year, over the
// years of what has been in view. Moving one asks the server again with
// during=FROM/TO, the interval its neighbourhoods, paths and exports
// filter by, so that the view keeps what the server keeps.
import { edtfYear, yearText } from "./dates.js";
import { debounce, fill, h } from "./dom.js";

export function timeBar(el, { onChange }) {
  const from = h("input", { type: "range", id: "time-from", step: 1, "aria-label": "First year" });
  const to = h("input", { type: "range", id: "time-to", step: 1, "aria-label": "Last year" });
  const readout = h("output", { id: "time-readout", for: "time-from time-to", "aria-live": "polite" });
  const all = h("button", { type: "button", class: "link", id: "time-all" }, "All time");
  let domain = null;

  const during = () => {
    const a = Number(from.value);
    const b = Number(to.value);
    if (!domain || (a <= domain.min && b >= domain.max)) return null;
    return `${edtfYear(a)}/${edtfYear(b)}`;
  };
  const show = () => {
    const a = Number(from.value);
    const b = Number(to.value);
    readout.value = during() ? `${yearText(a)} – ${yearText(b)}` : `All time (${yearText(domain.min)} – ${yearText(domain.max)})`;
    all.hidden = !during();
  };
  const changed = debounce(() => onChange(during()), 250);
  from.addEventListener("input", () => {
    if (Number(from.value) > Number(to.value)) to.value = from.value;
    show();
  });
  to.addEventListener("input", () => {
    if (Number(to.value) < Number(from.value)) from.value = to.value;
    show();
  });
  from.addEventListener("change", changed);
  to.addEventListener("change", changed);
  all.addEventListener("click", () => {
    from.value = String(domain.min);
    to.value = String(domain.max);
    show();
    onChange(null);
  });

  fill(
    el,
    h("span", { class: "time-label", id: "time-label" }, "Time"),
    h("label", { class: "slider" }, h("span", { class: "sr-only" }, "First year"), from),
    h("label", { class: "slider" }, h("span", { class: "sr-only" }, "Last year"), to),
    readout,
    all,
  );
  el.hidden = true;

  // update sets the years the sliders span and where they stand.
  return function update(newDomain, current) {
    if (!newDomain) {
      el.hidden = true;
      return;
    }
    domain = { min: Math.floor(newDomain.min), max: Math.ceil(newDomain.max) };
    for (const input of [from, to]) {
      input.min = String(domain.min);
      input.max = String(domain.max);
    }
    const m = /^(-?\d+)\/(-?\d+)$/.exec(current ?? "");
    from.value = String(m ? Number(m[1]) : domain.min);
    to.value = String(m ? Number(m[2]) : domain.max);
    el.hidden = false;
    show();
  };
}
