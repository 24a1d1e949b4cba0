// console.mjs drives Debian's chromium through the console as a newcomer
// would, and prints what it found as one JSON object; browser_test.go
// judges it. Usage:
//
//	node console.mjs BASE_URL CHROMIUM USER_DATA_DIR SCREENSHOT_DIR
//
// page.mjs opens the browser and watches what the page asks for and logs.
import { join } from "node:path";
import { close, open } from "./page.mjs";

const [base, executablePath, userDataDir, shots] = process.argv.slice(2);
const browser = await open({ base, executablePath, userDataDir, viewport: { width: 1400, height: 900 } });
const { page, report } = browser;

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

await close(browser);
