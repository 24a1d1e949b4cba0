// page.mjs opens Debian's chromium on one page for the scripts that drive
// the browser pages, and watches it: every request goes through a route
// that refuses and reports one to any host but the server's, and the
// page's console errors, uncaught exceptions and Content-Security-Policy
// violations are kept. The report is printed as one JSON object at the end.
import { chromium } from "playwright-core";

// open launches chromium with a fresh profile and returns the context,
// its page and the report the watchers fill, to which a script adds its
// steps.
export async function open({ base, executablePath, userDataDir, viewport }) {
  const origin = new URL(base).origin;
  const report = { foreign: [], consoleErrors: [], pageErrors: [], cspViolations: [], steps: {} };
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    viewport,
    acceptDownloads: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-quic", "--disable-sync"],
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
  return { context, page, report };
}

// close reads the CSP violations, closes the browser and prints the report.
export async function close({ context, page, report }) {
  report.cspViolations = await page.evaluate(() => window.__cspViolations).catch((err) => [`could not read: ${err}`]);
  await context.close();
  console.log(JSON.stringify(report));
}
