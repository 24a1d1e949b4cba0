// build.mjs bundles Memoria's browser pages into dist/, which the Go binary
// embeds (webui.go). Run it through `go generate ./internal/webui`, which
// installs the locked packages first; the output depends only on the
// sources and package-lock.json, so a rebuild of the same commit gives the
// same bytes, and CI checks that it does.
//
// Each page is an HTML file with {{js}} and {{css}} where its bundle goes,
// and an entry script. Its bundle's file names carry a hash of their
// content, so the server may let browsers keep them for a year; the HTML
// names them, and is revalidated on every visit.
import { build } from "esbuild";
import { readFileSync, readdirSync, rmSync, mkdirSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(fileURLToPath(import.meta.url));
const dist = join(root, "dist");

// pages: the HTML file each page is served from (dist/NAME.html is served
// at /NAME, index.html at /), its template and its entry script.
const pages = [
  { name: "index", html: "src/console.html", entry: "src/console.js" },
  { name: "explore", html: "src/explore.html", entry: "src/explore.js" },
];

// examples is a module made at build time: the queries in src/examples, in
// file name order, as an array of strings.
const examples = {
  name: "examples",
  setup(b) {
    b.onResolve({ filter: /^examples:queries$/ }, () => ({ path: "queries", namespace: "examples" }));
    b.onLoad({ filter: /.*/, namespace: "examples" }, () => {
      const dir = join(root, "src", "examples");
      const files = readdirSync(dir).filter((f) => f.endsWith(".graphql")).sort();
      const queries = files.map((f) => readFileSync(join(dir, f), "utf8"));
      return { contents: `export default ${JSON.stringify(queries)};`, loader: "js", watchDirs: [dir] };
    });
  },
};

rmSync(dist, { recursive: true, force: true });
mkdirSync(join(dist, "assets"), { recursive: true });

for (const page of pages) {
  const result = await build({
    absWorkingDir: root,
    entryPoints: { [page.name === "index" ? "console" : page.name]: page.entry },
    bundle: true,
    minify: true,
    format: "iife",
    target: ["es2020", "chrome100", "firefox100", "safari15"],
    define: { "process.env.NODE_ENV": '"production"' },
    outdir: join(dist, "assets"),
    entryNames: "[name]-[hash]",
    assetNames: "[name]-[hash]",
    legalComments: "eof",
    charset: "utf8",
    metafile: true,
    logLevel: "warning",
    plugins: [examples],
  });
  let js, css;
  for (const [file, out] of Object.entries(result.metafile.outputs)) {
    if (!out.entryPoint) continue;
    js = basename(file);
    css = out.cssBundle && basename(out.cssBundle);
  }
  if (!js || !css) throw new Error(`page ${page.name}: esbuild made no script or no stylesheet`);
  const html = readFileSync(join(root, page.html), "utf8")
    .replaceAll("{{js}}", "assets/" + js)
    .replaceAll("{{css}}", "assets/" + css);
  if (html.includes("{{")) throw new Error(`${page.html}: a placeholder is left`);
  writeFileSync(join(dist, page.name + ".html"), html);
}
