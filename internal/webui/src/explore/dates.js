// Dates as the API gives them: EDTF strings (1938-08-22, 1941-06, 198X,
// 1934/1938, 1923-05?) and ISO days of their bounds, years astronomical
// (0000 is 1 BC).

const months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

// yearOf reads the year of an ISO day or an RFC 3339 instant; NaN for none.
export function yearOf(iso) {
  const m = /^(-?\d{1,6})/.exec(iso ?? "");
  return m ? Number(m[1]) : NaN;
}

// edtfYear writes a year as EDTF does: four digits at least.
export function edtfYear(y) {
  const digits = String(Math.abs(y)).padStart(4, "0");
  return y < 0 ? "-" + digits : digits;
}

// yearText writes a year for a reader: 44 BC for -0043.
export function yearText(y) {
  return y <= 0 ? `${1 - y} BC` : String(y);
}

// humanDate writes one EDTF date in words where it is a plain year, month
// or day, with its qualifiers; anything else is shown as written.
function humanDate(s) {
  let qual = "";
  if (s.endsWith("%")) (qual = "uncertain, approximately "), (s = s.slice(0, -1));
  else if (s.endsWith("?")) (qual = "uncertain: "), (s = s.slice(0, -1));
  else if (s.endsWith("~")) (qual = "about "), (s = s.slice(0, -1));
  if (s === "" || s === "..") return "open";
  const m = /^(-?\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$/.exec(s);
  if (!m) return qual + s;
  const y = yearText(Number(m[1]));
  if (!m[2] || Number(m[2]) > 12) return qual + y;
  const month = months[Number(m[2]) - 1];
  return qual + (m[3] ? `${Number(m[3])} ${month} ${y}` : `${month} ${y}`);
}

// formatDate writes a HistoricalDate (or an EDTF string) for a reader:
// "22 August 1938", "1936 – 1938", "uncertain: May 1923".
export function formatDate(d) {
  const edtf = typeof d === "string" ? d : d?.edtf;
  if (!edtf) return "";
  const parts = edtf.split("/");
  if (parts.length === 2) return `${humanDate(parts[0])} – ${humanDate(parts[1])}`;
  return humanDate(edtf);
}

// lifeSpan writes a person's dates: "1895 – 1940".
export function lifeSpan(born, died) {
  if (!born && !died) return "";
  return `${born ? formatDate(born) : "?"} – ${died ? formatDate(died) : "?"}`;
}
