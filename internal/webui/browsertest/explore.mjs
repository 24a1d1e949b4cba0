// explore.mjs drives Debian's chromium through the graph explorer as a
// reader would, at 1280×800, and prints what it found as one JSON object;
// explore_test.go judges it. Usage:
//
//	node explore.mjs BASE_URL CHROMIUM USER_DATA_DIR SCREENSHOT_DIR
//
// page.mjs opens the browser and watches what the page asks for and logs.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { close, open } from "./page.mjs";

const [base, executablePath, userDataDir, shots] = process.argv.slice(2);
const browser = await open({ base, executablePath, userDataDir, viewport: { width: 1280, height: 800 } });
const { page, report } = browser;

let failed = false;
async function step(name, fn) {
  const started = Date.now();
  if (failed) {
    report.steps[name] = { ok: false, error: "skipped: an earlier step failed" };
    return;
  }
  try {
    report.steps[name] = { ok: true, ...(await fn()) };
  } catch (err) {
    failed = true;
    report.steps[name] = { ok: false, error: String(err) };
  }
  report.steps[name].ms = Date.now() - started;
  await page.screenshot({ path: join(shots, `explore-${Object.keys(report.steps).length}-${name}.png`) });
}

// settled waits until the view has refreshed past version v and is idle.
async function settled(v) {
  await page.waitForFunction(
    (v) => Number(document.body.dataset.version ?? 0) > v && document.body.dataset.busy === "false",
    v,
    { timeout: 20000 },
  );
  await page.waitForTimeout(500); // the layout's animation
}
const version = () => page.evaluate(() => Number(document.body.dataset.version ?? 0));
const counts = () => page.evaluate(() => ({ nodes: window.memoriaExplorer.cy.nodes().length, edges: window.memoriaExplorer.cy.edges().length }));
const panelText = () => page.locator("#panel").innerText();

// dblclickNode double-clicks a node where it is drawn.
async function dblclickNode(id) {
  const at = await page.evaluate((id) => {
    const n = window.memoriaExplorer.cy.getElementById(id);
    const box = document.getElementById("cy").getBoundingClientRect();
    const p = n.renderedPosition();
    return { x: box.left + p.x, y: box.top + p.y };
  }, id);
  await page.mouse.dblclick(at.x, at.y);
}

await step("open", async () => {
  const started = Date.now();
  await page.goto(base + "/explore", { waitUntil: "load" });
  await page.locator("#search").waitFor();
  await page.waitForLoadState("networkidle");
  return { loadMs: Date.now() - started, text: await page.locator("#empty").innerText() };
});

await step("search", async () => {
  await page.locator("#search").focus();
  await page.keyboard.type("Ежов");
  const results = page.locator('.top .results [role="option"]');
  await results.first().waitFor({ timeout: 10000 });
  return { options: await results.allInnerTexts() };
});

await step("pick", async () => {
  const v = await version();
  await page.keyboard.press("Enter");
  await settled(v);
  return { ...(await counts()), text: await panelText(), status: await page.locator("#status").innerText() };
});

await step("expand", async () => {
  const v = await version();
  const before = await counts();
  await dblclickNode("group/nkvd");
  await settled(v);
  return { before, after: await counts(), hash: await page.evaluate(() => location.hash) };
});

await step("path", async () => {
  await page.locator("#panel .back").click().catch(() => {});
  await page.locator('#panel button.node-link[data-id="person/nikolai-yezhov"]').first().click();
  await page.getByRole("button", { name: "Path from here" }).click();
  const v = await version();
  await page.locator("#path-to").focus();
  await page.keyboard.type("Trotsky");
  await page.locator('#pathbar .results [role="option"]').first().waitFor({ timeout: 10000 });
  await page.keyboard.press("Enter");
  await settled(v);
  const highlighted = await page.evaluate(() => ({
    nodes: window.memoriaExplorer.cy.nodes(".path").map((n) => n.id()),
    edges: window.memoriaExplorer.cy.edges(".path").length,
  }));
  return { highlighted, steps: await page.locator("#path").innerText(), ...(await counts()) };
});

await step("time", async () => {
  const before = await counts();
  const slider = page.locator("#time-from");
  const to = page.locator("#time-to");
  const { min, max } = await slider.evaluate((el) => ({ min: Number(el.min), max: Number(el.max) }));
  const value = (input) => input.evaluate((el) => Number(el.value));
  const v = await version();
  // With the keyboard, as a reader without a mouse would.
  await slider.focus();
  for (let y = await value(slider); y < 1937; y++) await page.keyboard.press("ArrowRight");
  await to.focus();
  for (let y = await value(to); y > 1938; y--) await page.keyboard.press("ArrowLeft");
  await settled(v);
  await page.waitForFunction(() => decodeURIComponent(location.hash).includes("during=1937/1938"), null, { timeout: 10000 });
  const hrefs = await page.locator("#download-menu a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
  return { min, max, before, after: await counts(), readout: await page.locator("#time-readout").innerText(), hrefs };
});

await step("citation", async () => {
  await page.locator("#path button.step").first().click();
  const cite = page.locator("#panel details.citation").first();
  await cite.waitFor({ timeout: 10000 });
  await page.locator("#panel .cite-title").first().waitFor();
  await page.waitForFunction(() => !document.querySelector("#panel")?.innerText.includes("Loading"), null, { timeout: 10000 });
  await cite.locator("summary").click();
  return { text: await panelText(), open: await cite.evaluate((d) => d.open) };
});

await step("dispute", async () => {
  await page.locator("#panel .back").click();
  await page.locator('#panel button.node-link[data-id="event/great-terror"]').first().click();
  await page.locator("#panel .claims.disputed").first().waitFor({ timeout: 10000 });
  const sides = await page.locator("#panel .claims.disputed").first().locator(".claim").count();
  await page.locator("#panel .claims.disputed").first().scrollIntoViewIfNeeded();
  return { sides, text: await panelText() };
});

await step("download", async () => {
  const view = await counts();
  await page.locator("#download-button").click();
  const link = page.locator('#download-menu a[data-format="gexf"]');
  await link.waitFor();
  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  const file = readFileSync(await download.path(), "utf8");
  return {
    name: download.suggestedFilename(),
    url: download.url(),
    bytes: file.length,
    gexf: file.includes('<gexf xmlns="http://gexf.net/1.3"'),
    nodes: (file.match(/<node /g) ?? []).length,
    edges: (file.match(/<edge /g) ?? []).length,
    view,
  };
});

await close(browser);
