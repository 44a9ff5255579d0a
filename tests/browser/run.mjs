// Drives one real browser through the difftest page and reports what the browser itself said.
//
//   node run.mjs chromium|firefox <page-url> <user-data-dir> [timeout-ms]
//
// <page-url> is the replay server's page; CORSFIX_RUN_CONFIG's `pageUrl` may open the page
// under another name (http://page.test:…/, or the TLS front's https://page.test:…/).
//
// The page (served by crates/corsfix-difftest) runs every case on its own and posts the
// script-side results to its server; this harness only launches the browser and collects what
// the page cannot see: for Chromium, the DevTools protocol's Network.loadingFailed
// corsErrorStatus and the console lines (Log.entryAdded); for Firefox, the console and page
// errors that WebDriver BiDi forwards (CORS failures arrive as page errors). It prints one
// JSON object on stdout and exits 0, or prints the problem on stderr and exits 2.
//
// CORSFIX_RUN_CONFIG (JSON, optional; crates/corsfix-difftest `Launch`) adds what the Local
// Network Access cases need: extra Chromium switches (`args`) or Firefox preferences
// (`prefs`), origins given (`grant`) or refused (`deny`) the permission before the page loads,
// and a TLS front (`tlsPort`) that serves the page over https.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import https from "node:https";
import path from "node:path";
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
const config = Object.assign(
  { args: [], prefs: {}, grant: [], deny: [], pageUrl: null, tlsPort: null },
  JSON.parse(process.env.CORSFIX_RUN_CONFIG || "{}"),
);

// Chromium keeps Local Network Access grants as the `local_network_access` content setting
// (it covers both `loopback-network` and `local-network`); written into the fresh profile,
// it is a real grant, so Permissions Policy still applies to iframes (a DevTools permission
// override would bypass it).
function writeChromiumGrants() {
  if (!config.grant.length) return;
  const exceptions = {};
  for (const origin of config.grant) exceptions[`${origin},*`] = { setting: 1 };
  fs.mkdirSync(path.join(userDataDir, "Default"), { recursive: true });
  fs.writeFileSync(
    path.join(userDataDir, "Default", "Preferences"),
    JSON.stringify({ profile: { content_settings: { exceptions: { local_network_access: exceptions } } } }),
  );
}

// An https front for the page: every request is passed to the replay server's page port.
function startTlsFront() {
  if (!config.tlsPort) return null;
  const key = path.join(userDataDir, "tls-key.pem");
  const cert = path.join(userDataDir, "tls-cert.pem");
  execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
    "-days", "2", "-subj", "/CN=page.test"], { stdio: "ignore" });
  // The replay server's own page URL (the second argument) is the upstream.
  const pagePort = Number(new URL(pageUrl).port);
  const server = https.createServer({ key: fs.readFileSync(key), cert: fs.readFileSync(cert) }, (req, res) => {
    const p = http.request({ host: "127.0.0.1", port: pagePort, path: req.url, method: req.method, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode, r.headers);
      r.pipe(res);
    });
    p.on("error", (e) => { res.writeHead(502); res.end(String(e)); });
    req.pipe(p);
  });
  return new Promise((resolve) => server.listen(config.tlsPort, "127.0.0.1", () => resolve(server)));
}

async function launch() {
  if (engine === "chromium") {
    writeChromiumGrants();
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
        ...(config.tlsPort ? ["--ignore-certificate-errors"] : []),
        ...config.args,
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
    extraPrefsFirefox: config.prefs,
  });
}

// Firefox: the permission for each origin, through WebDriver BiDi.
async function setFirefoxPermissions(page) {
  for (const [origins, state] of [[config.grant, "granted"], [config.deny, "denied"]]) {
    for (const origin of origins) {
      for (const name of ["loopback-network", "local-network"]) {
        await page.browserContext().setPermission(origin, { permission: { name }, state });
      }
    }
  }
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
let tls = null;
try {
  tls = await startTlsFront();
  browser = await launch();
  out.version = await browser.version();
  const page = await browser.newPage();
  if (engine === "chromium") await chromiumListeners(page);
  else {
    firefoxListeners(page);
    await setFirefoxPermissions(page);
  }
  await page.goto(config.pageUrl || pageUrl, { waitUntil: "load", timeout });
  await page.waitForFunction(() => window.__difftestDone === true, { timeout, polling: 200 });
  // Console events can trail the promise that they explain.
  await new Promise((r) => setTimeout(r, 1000));
  process.stdout.write(JSON.stringify(out) + "\n");
  await browser.close();
  if (tls) tls.close();
  process.exit(0);
} catch (e) {
  process.stderr.write(`${engine}: ${e && e.stack ? e.stack : e}\n`);
  if (browser) await browser.close().catch(() => {});
  process.exit(2);
}
