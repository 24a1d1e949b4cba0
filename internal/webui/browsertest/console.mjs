// console.mjs drives Debian's chromium through the console as a newcomer
// would, and prints what it found as one JSON object; browser_test.go
// judges it. Usage:
//
//	node console.mjs BASE_URL CHROMIUM USER_DATA_DIR SCREENSHOT_DIR
//
// Every request the page makes goes through route(): one to any host but
// the server's is refused and reported.
import { chromium } from "playwright-core";
import { join } from "node:path";

const [base, executablePath, userDataDir, shots] = process.argv.slice(2);
const origin = new URL(base).origin;
const report = { foreign: [], consoleErrors: [], pageErrors: [], cspViolations: [], steps: {} };

const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath,
  headless: true,
  viewport: { width: 1400, height: 900 },
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-quic",
    "--disable-sync",
  ],
});
await context.route("**/*", (route) => {
  const url = route.request().url();
  if (url.startsWith("data:") || url.startsWith("blob:") || new URL(url).origin === origin) {
    return route.continue();
  }
  report.foreign.push(url);
  return route.abort("blockedbyclient");
});
// What the Content-Security-Policy refused, as the page saw it.
await context.addInitScript(() => {
  window.__cspViolations = [];
  document.addEventListener("securitypolicyviolation", (e) =>
    window.__cspViolations.push(`${e.violatedDirective}: ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`),
  );
});
const page = context.pages()[0] ?? (await context.newPage());
page.on("console", (msg) => {
  if (msg.type() === "error") report.consoleErrors.push(msg.text());
});
page.on("pageerror", (err) => report.pageErrors.push(String(err)));

async function step(name, fn) {
  const started = Date.now();
  try {
    report.steps[name] = { ok: true, ...(await fn()) };
  } catch (err) {
    report.steps[name] = { ok: false, error: String(err) };
  }
  report.steps[name].ms = Date.now() - started;
  await page.screenshot({ path: join(shots, `console-${Object.keys(report.steps).length}-${name}.png`) });
}

const resultText = () => page.locator(".result-window").innerText();

await step("open", async () => {
  const started = Date.now();
  await page.goto(base + "/", { waitUntil: "load" });
  const loaded = Date.now() - started;
  await page.locator(".graphiql-container .graphiql-query-editor .CodeMirror").first().waitFor({ timeout: 30000 });
  const editor = Date.now() - started;
  // The schema is fetched as the page opens; a failed fetch would show in
  // the result pane.
  await page.waitForLoadState("networkidle");
  const tabs = await page.locator(".graphiql-tab").allInnerTexts();
  return { loadMs: loaded, editorMs: editor, idleMs: Date.now() - started, tabs: tabs.map((t) => t.trim()), result: await resultText() };
});

await step("run", async () => {
  await page.locator(".graphiql-execute-button").click();
  await page.waitForFunction(() => document.querySelector(".result-window")?.innerText.includes('"data"'), null, { timeout: 20000 });
  return { result: (await resultText()).slice(0, 4000) };
});

await step("docs", async () => {
  await page.locator('button[aria-label="Show Documentation Explorer"]').click();
  const docs = page.locator(".graphiql-doc-explorer");
  await docs.waitFor({ timeout: 10000 });
  await docs.getByText("Query", { exact: true }).first().click();
  await page.waitForTimeout(500);
  return { text: (await docs.innerText()).slice(0, 4000) };
});

report.cspViolations = await page.evaluate(() => window.__cspViolations);
await context.close();
console.log(JSON.stringify(report));
