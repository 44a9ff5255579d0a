// Drives one real browser through the difftest page and reports what the browser itself said.
//
//   node run.mjs chromium|firefox <page-url> <user-data-dir> [timeout-ms]
//
// The page (served by crates/corsfix-difftest) runs every case on its own and posts the
// script-side results to its server; this harness only launches the browser and collects what
// the page cannot see: for Chromium, the DevTools protocol's Network.loadingFailed
// corsErrorStatus and the console lines (Log.entryAdded); for Firefox, the console and page
// errors that WebDriver BiDi forwards (CORS failures arrive as page errors). It prints one
// JSON object on stdout and exits 0, or prints the problem on stderr and exits 2.
import puppeteer from "puppeteer-core";

const [engine, pageUrl, userDataDir, timeoutArg] = process.argv.slice(2);
const timeout = Number(timeoutArg || 170000);
const executables = {
  chromium: process.env.CORSFIX_CHROMIUM || "/usr/bin/chromium",
  firefox: process.env.CORSFIX_FIREFOX || "/usr/bin/firefox-esr",
};

if (!executables[engine] || !pageUrl || !userDataDir) {
  process.stderr.write("usage: node run.mjs chromium|firefox <page-url> <user-data-dir> [timeout-ms]\n");
  process.exit(2);
}

const out = { engine, version: null, console: [], pageErrors: [], corsErrors: [], requests: {} };

async function launch() {
  if (engine === "chromium") {
    return puppeteer.launch({
      executablePath: executables.chromium,
      ignoreDefaultArgs: true,
      pipe: true,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        `--user-data-dir=${userDataDir}`,
        "about:blank",
      ],
      protocolTimeout: timeout,
    });
  }
  return puppeteer.launch({
    browser: "firefox",
    protocol: "webDriverBiDi",
    executablePath: executables.firefox,
    headless: true,
    userDataDir,
    protocolTimeout: timeout,
  });
}

async function chromiumListeners(page) {
  const cdp = await page.createCDPSession();
  cdp.on("Network.requestWillBeSent", (e) => {
    if (!out.requests[e.requestId]) out.requests[e.requestId] = { url: e.request.url, type: e.type || null };
  });
  cdp.on("Network.loadingFailed", (e) => {
    const r = out.requests[e.requestId] || {};
    out.corsErrors.push({
      url: r.url || null,
      type: e.type || r.type || null,
      errorText: e.errorText || null,
      corsError: e.corsErrorStatus ? e.corsErrorStatus.corsError : null,
      failedParameter: e.corsErrorStatus ? e.corsErrorStatus.failedParameter : null,
    });
  });
  cdp.on("Log.entryAdded", (e) => {
    out.console.push(e.entry.text);
  });
  await cdp.send("Network.enable");
  await cdp.send("Log.enable");
}

function firefoxListeners(page) {
  page.on("console", (m) => out.console.push(m.text()));
  page.on("pageerror", (e) => out.pageErrors.push(e && e.message !== undefined ? e.message : String(e)));
}

let browser;
try {
  browser = await launch();
  out.version = await browser.version();
  const page = await browser.newPage();
  if (engine === "chromium") await chromiumListeners(page);
  else firefoxListeners(page);
  await page.goto(pageUrl, { waitUntil: "load", timeout });
  await page.waitForFunction(() => window.__difftestDone === true, { timeout, polling: 200 });
  // Console events can trail the promise that they explain.
  await new Promise((r) => setTimeout(r, 1000));
  process.stdout.write(JSON.stringify(out) + "\n");
  await browser.close();
  process.exit(0);
} catch (e) {
  process.stderr.write(`${engine}: ${e && e.stack ? e.stack : e}\n`);
  if (browser) await browser.close().catch(() => {});
  process.exit(2);
}
