// The time window: one track with two handles, the first and the last
// year, over the years of what has been in view, with its decades marked.
// Moving a handle asks the server again with during=FROM/TO, the interval
// its neighbourhoods, paths and exports filter by, so that the view keeps
// what the server keeps.
import { edtfYear, yearText } from "./dates.js";
import { debounce, fill, h } from "./dom.js";

export function timeBar(el, { onChange }) {
  const from = h("input", { type: "range", id: "time-from", step: 1, "aria-label": "First year" });
  const to = h("input", { type: "range", id: "time-to", step: 1, "aria-label": "Last year" });
  const band = h("span", { class: "band" });
  const ticks = h("span", { class: "ticks", "aria-hidden": "true" });
  const readout = h("output", { id: "time-readout", for: "time-from time-to", "aria-live": "polite" });
  const all = h("button", { type: "button", class: "link", id: "time-all" }, "All time");
  let domain = null;
  let asked; // the last window handed to onChange, which the view may not have yet
  let moving = false; // a handle has moved since the last onChange

  const at = (y) => `${((y - domain.min) / Math.max(1, domain.max - domain.min)) * 100}%`;
  const during = () => {
    const a = Number(from.value);
    const b = Number(to.value);
    if (!domain || (a <= domain.min && b >= domain.max)) return null;
    return `${edtfYear(a)}/${edtfYear(b)}`;
  };
  const show = () => {
    const a = Number(from.value);
    const b = Number(to.value);
    band.style.left = at(a);
    band.style.right = `calc(100% - ${at(b)})`;
    // Where both handles meet at the end, the first must stay on top to
    // be moved back.
    from.style.zIndex = a >= domain.max ? "2" : "1";
    readout.value = during() ? `${yearText(a)} – ${yearText(b)}` : `All time, ${yearText(domain.min)} – ${yearText(domain.max)}`;
    all.hidden = !during();
  };
  const emit = (d) => {
    moving = false;
    asked = d;
    onChange(d);
  };
  const changed = debounce(() => emit(during()), 250);
  from.addEventListener("input", () => {
    moving = true;
    if (Number(from.value) > Number(to.value)) from.value = to.value;
    show();
  });
  to.addEventListener("input", () => {
    moving = true;
    if (Number(to.value) < Number(from.value)) to.value = from.value;
    show();
  });
  from.addEventListener("change", changed);
  to.addEventListener("change", changed);
  all.addEventListener("click", () => {
    from.value = String(domain.min);
    to.value = String(domain.max);
    show();
    emit(null);
  });

  fill(el, h("span", { class: "time-label", id: "time-label" }, "Time"), h("div", { class: "range" }, h("span", { class: "rail" }, h("span", { class: "track" }), band, ticks), from, to), readout, all);
  el.hidden = true;

  // update sets the years the handles span and where they stand.
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
    // The handles move to the view's window, all time being the whole
    // span, unless a reader is moving them: the answer to an earlier move
    // must not pull them back.
    if (!moving && (current !== asked || current === null)) {
      const m = /^(-?\d+)\/(-?\d+)$/.exec(current ?? "");
      from.value = String(m ? Number(m[1]) : domain.min);
      to.value = String(m ? Number(m[2]) : domain.max);
      asked = current;
    }
    // A mark each decade, or each century over a long span.
    const step = domain.max - domain.min > 300 ? 100 : domain.max - domain.min > 120 ? 20 : 10;
    const marks = [];
    for (let y = Math.ceil(domain.min / step) * step; y <= domain.max; y += step) {
      const mark = h("span", { class: "tick" }, yearText(y));
      mark.style.left = at(y);
      marks.push(mark);
    }
    fill(ticks, marks);
    el.hidden = false;
    show();
  };
}
