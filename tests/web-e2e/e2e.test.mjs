// End-to-end tests of `corsfix serve` in real headless Chromium (Debian's /usr/bin/chromium,
// driven by playwright-core; no browser is downloaded). Every request stays on 127.0.0.1.
//
//   CORSFIX_BIN   the corsfix binary (default: ../../target/debug/corsfix)
//   CHROMIUM      the browser (default: /usr/bin/chromium)
//   SCREENSHOTS   where to save screenshots (default: ../../docs/screenshots)
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const BIN = process.env.CORSFIX_BIN || resolve(here, "../../target/debug/corsfix");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const SHOTS = process.env.SCREENSHOTS || resolve(here, "../../docs/screenshots");
mkdirSync(SHOTS, { recursive: true });
const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

const DESKTOP = { name: "desktop", viewport: { width: 1280, height: 900 } };
const PHONE = { name: "phone", viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

// The most common error people paste: a preflight answered without CORS headers.
const PASTED = "Access to fetch at 'http://localhost:3000/api/items' from origin 'http://localhost:5173' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin' header is present on the requested resource.";
const PREFLIGHT_401 = "Access to fetch at 'https://api.example.com/items' from origin 'https://app.example.com' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: It does not have HTTP ok status.";

let server; // the corsfix process
let base; // http://127.0.0.1:PORT
let api; // a scripted API server for Check mode
let apiBase;
let browser;
let features;

function startCorsfix() {
  return new Promise((res, rej) => {
    const proc = spawn(BIN, ["serve", "--bind", "127.0.0.1", "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    const timer = setTimeout(() => rej(new Error("corsfix serve did not print its URL within 20 s")), 20000);
    proc.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/^(http:\/\/127\.0\.0\.1:\d+)\//m);
      if (m) { clearTimeout(timer); res([proc, m[1]]); }
    });
    proc.on("exit", (code) => { clearTimeout(timer); rej(new Error("corsfix serve exited with " + code)); });
  });
}

// An API that allows only http://localhost:5173, GET and POST, no extra headers.
function startApi() {
  return new Promise((res) => {
    const s = createServer((req, resp) => {
      const origin = req.headers.origin;
      const ok = origin === "http://localhost:5173";
      if (req.method === "OPTIONS") {
        if (ok) {
          resp.setHeader("Access-Control-Allow-Origin", origin);
          resp.setHeader("Access-Control-Allow-Methods", "GET, POST");
        }
        resp.setHeader("Vary", "Origin");
        resp.writeHead(204).end();
        return;
      }
      if (ok) resp.setHeader("Access-Control-Allow-Origin", origin);
      resp.setHeader("Vary", "Origin");
      resp.setHeader("Content-Type", "application/json");
      resp.end('{"items":[]}');
    });
    s.listen(0, "127.0.0.1", () => res([s, "http://127.0.0.1:" + s.address().port]));
  });
}

async function newPage(opts = {}) {
  const { name: _name, ...options } = opts;
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  const problems = [];
  page.on("console", (m) => { if (m.type() === "error") problems.push(m.text()); });
  page.on("pageerror", (e) => problems.push(String(e)));
  page.on("request", (r) => {
    const u = new URL(r.url());
    if (u.hostname !== "127.0.0.1" && u.protocol !== "data:") problems.push("request to another host: " + r.url());
  });
  return { context, page, problems };
}

before(async () => {
  [server, base] = await startCorsfix();
  [api, apiBase] = await startApi();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
  features = await (await fetch(base + "/api/v1")).json();
});

after(async () => {
  if (browser) await browser.close();
  if (api) api.close();
  if (server) server.kill("SIGINT");
});

// Elements inside `selector` with a vertical scrollbar of their own (results must grow to
// their content instead).
async function ownScrollbars(page, selector) {
  return page.evaluate((sel) => [...document.querySelectorAll(sel + ", " + sel + " *")].filter((e) => {
    const s = getComputedStyle(e);
    return (s.overflowY === "auto" || s.overflowY === "scroll") && e.scrollHeight > e.clientHeight + 1;
  }).map((e) => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.className ? "." + e.className : "")), selector);
}

// Where an element is, in page coordinates.
async function box(locator) {
  return locator.evaluate((e) => {
    const r = e.getBoundingClientRect();
    return { top: r.top + window.scrollY, bottom: r.bottom + window.scrollY, height: r.height };
  });
}

// axe-core's WCAG A/AA rules on the page as it is now (injected through DevTools, so the page's
// CSP still applies to the page itself).
async function axeViolations(page) {
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
    return r.violations.map((v) => v.id + ": " + v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", "));
  });
}

function harFile() {
  const entry = (method, url, reqHeaders, status, respHeaders) => ({
    startedDateTime: "2025-01-01T00:00:00.000Z",
    request: { method, url, headers: reqHeaders.map(([name, value]) => ({ name, value })) },
    response: { status, headers: respHeaders.map(([name, value]) => ({ name, value })) },
  });
  const log = { version: "1.2", creator: { name: "e2e", version: "1" }, entries: [
    entry("GET", "https://app.example.com/", [], 200, [["Content-Type", "text/html"]]),
    // Authentication ran before CORS: the preflight got a 401 (with the CORS headers).
    entry("OPTIONS", "https://api.example.com/items", [["Origin", "https://app.example.com"], ["Access-Control-Request-Method", "PUT"], ["Access-Control-Request-Headers", "content-type"]], 401, [["Access-Control-Allow-Origin", "https://app.example.com"]]),
    entry("PUT", "https://api.example.com/items", [["Origin", "https://app.example.com"], ["Content-Type", "application/json"]], 0, []),
    entry("GET", "https://api.example.com/items", [["Origin", "https://app.example.com"]], 200, [["Access-Control-Allow-Origin", "https://app.example.com"], ["Vary", "Origin"]]),
  ] };
  return Buffer.from(JSON.stringify({ log }));
}

for (const vp of [DESKTOP, PHONE]) {
  test(`Explain first (${vp.name}): paste → the verdict, the cause and the fix's headers without scrolling more than half a screen`, async () => {
    const { context, page, problems } = await newPage(vp);
    await page.goto(base + "/");
    assert.equal(await page.locator('nav.tabs a[aria-current="page"]').getAttribute("id"), "tab-explain", "a first-time visitor lands on Explain");
    await page.getByLabel(/Paste the error/).fill(PASTED);
    await page.locator("#explain-result .report .verdict-line").waitFor({ timeout: 5000 });
    await page.locator("#explain-result .report-fix pre").first().waitFor();
    assert.match(page.url(), /mode=explain&error=Access/);
    const h = vp.viewport.height;
    const cause = await box(page.locator("#explain-result .report-cause .cause-summary").first());
    const steps = await box(page.locator("#explain-result .report-cause .steps").first());
    const code = await box(page.locator("#explain-result .report-fix pre").first());
    // The cause, and the first three lines of what to send, within one and a half screens.
    assert.ok(cause.bottom <= 1.5 * h, `cause ends at ${cause.bottom}px, the viewport is ${h}px`);
    assert.ok(code.top + 60 <= 1.5 * h, `the fix starts at ${code.top}px, the viewport is ${h}px`);
    if (vp === DESKTOP) {
      // At 1280×900 all of it is above the fold.
      assert.ok(steps.bottom <= h && code.top + 60 <= h, `desktop: steps end at ${steps.bottom}px, headers start at ${code.top}px`);
    }
    assert.deepEqual(await ownScrollbars(page, "#explain-result"), []);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, "horizontal overflow of " + overflow + " px");
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: resolve(SHOTS, vp === DESKTOP ? "explain.png" : "explain-phone.png") });
    assert.deepEqual(await axeViolations(page), []);
    await page.emulateMedia({ colorScheme: "dark" });
    assert.deepEqual(await axeViolations(page), [], "dark");
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test("Explain: the framework picked in place shows its code, stays in the URL and is remembered across visits", async () => {
  const { context, page, problems } = await newPage(DESKTOP);
  await page.goto(base + "/?mode=explain&error=" + encodeURIComponent(PREFLIGHT_401));
  await page.locator("#explain-result .report-fix pre.headers").first().waitFor();
  assert.equal(await page.locator("#explain-result .report-fix figure.file").count(), 0, "no framework yet: the headers are the fix");
  await page.getByLabel("Your server").selectOption("express");
  await page.locator("#explain-result .report-fix figure.file").first().waitFor({ timeout: 5000 });
  assert.match(page.url(), /[?&]target=express(&|$)/);
  assert.match(await page.locator("#explain-result .report-fix").textContent(), /app\.use|cors\(/);
  assert.equal(await page.evaluate(() => localStorage.getItem("corsfix.target")), "express");
  // Reload: the URL carries it (server-rendered).
  await page.reload();
  assert.equal(await page.getByLabel("Your server").inputValue(), "express");
  assert.ok(await page.locator("#explain-result .report-fix figure.file").count() >= 1);
  // Another visit without it in the URL: remembered.
  const again = await context.newPage();
  await again.goto(base + "/?mode=explain&error=" + encodeURIComponent(PASTED));
  await again.locator("#explain-result .report-fix figure.file").first().waitFor({ timeout: 5000 });
  assert.equal(await again.getByLabel("Your server").inputValue(), "express");
  assert.match(again.url(), /[?&]target=express(&|$)/);
  await page.screenshot({ path: resolve(SHOTS, "explain-code.png") });
  // A server not in the list: the raw headers target, its rules shown wrapped.
  await again.getByLabel("Your server").selectOption("headers");
  await again.locator("#explain-result .report-fix pre.code.wrapped").first().waitFor({ timeout: 15000 });
  assert.match(again.url(), /[?&]target=headers(&|$)/);
  assert.deepEqual(await ownScrollbars(again, "#explain-result"), []);
  await again.evaluate(() => window.scrollTo(0, 0));
  await again.screenshot({ path: resolve(SHOTS, "explain-raw-headers.png") });
  assert.deepEqual(problems, []);
  await context.close();
});

test("Explain: a Firefox message names no page origin, so the page asks for it; what you type there survives a result arriving", async () => {
  const { context, page, problems } = await newPage(DESKTOP);
  await page.goto(base + "/");
  await page.getByLabel(/Paste the error/).fill("Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at http://localhost:3000/api/items. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 200.");
  const origin = page.getByLabel("Your page's origin");
  await origin.waitFor({ timeout: 15000 });
  // No headers are made up while the origin is unknown.
  assert.equal(await page.locator("#explain-result .report-fix pre.headers").count(), 0);
  // A slow answer to an earlier change lands while the visitor types the origin.
  await page.route(/\/result\?/, async (route) => { await new Promise((r) => setTimeout(r, 800)); await route.continue(); });
  await page.locator("#error").dispatchEvent("change");
  await origin.pressSequentially("http://localhost:5173");
  await page.waitForTimeout(1500);
  assert.equal(await origin.inputValue(), "http://localhost:5173", "the typed origin was kept");
  await page.unrouteAll({ behavior: "wait" });
  await origin.press("Enter");
  await page.waitForURL(/origin=http%3A%2F%2Flocalhost%3A5173/, { timeout: 15000 });
  await page.locator("#explain-result .report-fix pre.headers", { hasText: "access-control-allow-origin: http://localhost:5173" }).first().waitFor({ timeout: 15000 });
  assert.deepEqual(problems, []);
  await context.close();
});

for (const vp of [DESKTOP, PHONE]) {
  test(`code blocks (${vp.name}): long files fold behind "Show all", wide lines scroll only inside their block until wrapped`, async () => {
    const { context, page, problems } = await newPage(vp);
    await page.goto(base + "/?mode=fix&origins=https%3A%2F%2Fapp.example.com&credentials=on&methods=GET%2C+PUT&headers=Content-Type%2C+Authorization&max_age=600&target=go-net-http");
    await page.locator("#fix-result pre.code.folded").first().waitFor({ timeout: 5000 });
    const folded = page.locator("#fix-result pre.code.folded").first();
    const id = await folded.getAttribute("id");
    const before = await box(folded);
    await page.getByRole("button", { name: /^Show all \d+ lines$/ }).first().click();
    const after = await box(page.locator("#" + id));
    assert.ok(after.height > before.height + 100, `unfolded ${before.height} → ${after.height}`);
    assert.deepEqual(await ownScrollbars(page, "#fix-result"), []);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, "the page itself never scrolls sideways: " + overflow + " px");
    if (vp === PHONE) {
      const wide = await page.locator("#" + id).evaluate((e) => e.scrollWidth > e.clientWidth);
      assert.ok(wide, "on a phone a code line is wider than its block, which scrolls sideways");
      await page.locator("#fix-result figure.file").first().evaluate((e) => e.scrollIntoView());
      await page.screenshot({ path: resolve(SHOTS, "fix-phone.png") });
      await page.locator(`button.wrap[data-wrap="${id}"]`).click();
      const fits = await page.locator("#" + id).evaluate((e) => e.scrollWidth <= e.clientWidth);
      assert.ok(fits, "wrapped, it fits");
    }
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test("Fix mode: the preview updates as you type and the URL follows", async () => {
  const { context, page, problems } = await newPage();
  await page.goto(base + "/?mode=fix");
  assert.match(await page.title(), /corsfix/);
  const verdicts = page.locator("#fix-result .verdict");
  await verdicts.first().waitFor();
  assert.equal(await page.locator("#fix-result .verdict.ok").count(), 3);
  await page.getByText("Try a different request in the preview").click();
  await page.getByLabel("Page origin").fill("https://evil.example");
  await page.locator("#fix-result .verdict.blocked").nth(2).waitFor({ timeout: 5000 });
  const chrome = await page.locator('#fix-result [data-browser="chrome"] pre.console').first().textContent();
  assert.equal(
    chrome,
    "Access to fetch at 'https://api.example.com/v1/items' from origin 'https://evil.example' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin' header is present on the requested resource.",
  );
  assert.match(page.url(), /try_origin=https%3A%2F%2Fevil\.example/);
  // The URL alone reproduces the result (server-rendered).
  const again = await context.newPage();
  await again.goto(page.url());
  assert.equal(await again.locator("#fix-result .verdict.blocked").count(), 3);
  await page.getByLabel("Page origin").fill("");
  await page.getByLabel("Send cookies or HTTP authentication (credentials)").check();
  await page.locator("#fix-result .verdict.ok").nth(2).waitFor({ timeout: 5000 });
  await page.locator("#target").selectOption("spring-mvc");
  await page.locator("#fix-result figure.file").first().waitFor({ timeout: 5000 });
  assert.deepEqual(await ownScrollbars(page, "#fix"), []);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: resolve(SHOTS, "fix.png"), fullPage: false });
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(problems, []);
  await context.close();
});

test("Fix mode: a copy button copies what it sits on", async () => {
  const { context, page, problems } = await newPage();
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: base });
  await page.goto(base + "/?mode=fix&origins=https%3A%2F%2Fapp.example.com&credentials=on&methods=GET%2C+PUT&headers=Content-Type&max_age=600&target=express");
  const button = page.locator("#fix-result button.copy").first();
  await button.waitFor({ state: "visible" });
  const target = await button.getAttribute("data-copy");
  const expected = await page.locator("#" + target).textContent();
  await button.click();
  await page.locator("#fix-result button.copy.done").first().waitFor({ timeout: 3000 });
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(copied, expected);
  assert.ok(copied.length > 10, copied);
  assert.deepEqual(problems, []);
  await context.close();
});

test("Explain mode: from the explanation to a Fix for that origin", async () => {
  const { context, page, problems } = await newPage();
  await page.goto(base + "/?mode=explain");
  await page.getByLabel(/Paste the error/).fill(PREFLIGHT_401);
  await page.locator("#explain-result .verdict-line").waitFor({ timeout: 5000 });
  const headline = await page.locator("#explain-result .verdict-line").textContent();
  assert.ok(headline.length > 5, headline);
  assert.ok(await page.locator("#explain-result .cause-summary").count() >= 1);
  assert.match(page.url(), /mode=explain&error=Access/);
  await page.getByRole("link", { name: /Change the policy/ }).click();
  await page.waitForURL(/mode=fix&origins=https%3A%2F%2Fapp\.example\.com/);
  assert.equal(await page.locator("#fix-result .verdict").count(), 3);
  assert.deepEqual(problems, []);
  await context.close();
});

for (const vp of [DESKTOP, PHONE]) {
  test(`Check mode (${vp.name}): probing a local API shows the verdict, the cause, the headers to send and the timeline`, async () => {
    const { context, page, problems } = await newPage(vp);
    await page.goto(base + "/?mode=check");
    await page.getByLabel("API URL").fill(apiBase + "/items");
    await page.getByLabel("Your page's origin").fill("http://localhost:5173");
    await page.getByLabel("Method", { exact: true }).fill("PUT");
    await page.getByRole("button", { name: "Check it" }).click();
    await page.locator("#check-result .verdict").first().waitFor({ timeout: 15000 });
    assert.equal(await page.locator("#check-result .verdict.blocked").count(), 3);
    const chrome = await page.locator('#check-result [data-browser="chrome"] pre.console').first().textContent();
    assert.match(chrome, /Method PUT is not allowed by Access-Control-Allow-Methods in preflight response\./);
    assert.ok(await page.locator("#check-result .timeline li").count() >= 1);
    // The headers that would fix it allow PUT.
    assert.match(await page.locator("#check-result .report-fix").textContent(), /access-control-allow-methods: [^\n]*PUT/i);
    assert.deepEqual(await ownScrollbars(page, "#check-result"), []);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: resolve(SHOTS, vp === DESKTOP ? "check.png" : "check-phone.png") });
    assert.deepEqual(problems, []);
    await context.close();
  });
}

for (const vp of [DESKTOP, PHONE]) {
  test(`HAR upload (${vp.name}): a recording's cross-origin requests get their verdicts, and the page says the file is not kept`, async () => {
    const { context, page, problems } = await newPage(vp);
    await page.goto(base + "/?mode=har");
    assert.match(await page.locator("#har-privacy").textContent(), /never stored or logged/);
    // With JavaScript, choosing the file sends it.
    await page.locator("#har-file").setInputFiles({ name: "session.har", mimeType: "application/json", buffer: harFile() });
    await page.locator("#har-result .har-request.blocked").first().waitFor({ timeout: 10000 });
    assert.equal(await page.locator("#har-result .har-request.blocked").count(), 1);
    assert.match(await page.locator("#har-summary").textContent(), /1 blocked · 1 allowed/);
    const line = await page.locator('#har-result .har-request.blocked [data-browser="chrome"] pre.console').first().textContent();
    assert.equal(line, "Access to fetch at 'https://api.example.com/items' from origin 'https://app.example.com' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: It does not have HTTP ok status.");
    assert.deepEqual(await ownScrollbars(page, "#har-result"), []);
    await page.screenshot({ path: resolve(SHOTS, vp === DESKTOP ? "har.png" : "har-phone.png") });
    // Its fix link opens Fix with what the request needs.
    await page.getByRole("link", { name: "The fix for this request" }).first().click();
    await page.waitForURL(/mode=fix&origins=https%3A%2F%2Fapp\.example\.com/);
    assert.match(page.url(), /PUT/);
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test("the guide and the error pages load with good titles", async () => {
  const { context, page, problems } = await newPage();
  await page.goto(base + "/errors/preflight-invalid-status");
  assert.match(await page.title(), /^Response to preflight request does not have HTTP ok status/);
  const desc = await page.locator('meta[name="description"]').getAttribute("content");
  assert.ok(desc.length > 60, desc);
  assert.equal(await page.locator("section.wording pre.console").count() >= 3, true);
  await page.screenshot({ path: resolve(SHOTS, "error-page.png"), fullPage: true });
  assert.deepEqual(await axeViolations(page), []);
  await page.goto(base + "/errors");
  const links = await page.locator(".error-index a").count();
  assert.equal(links, 25);
  await page.locator(".error-index a").nth(3).click();
  await page.waitForURL(/\/errors\/[a-z-]+$/);
  assert.ok((await page.locator("h1").textContent()).length > 5);
  await page.goto(base + "/#how");
  const size = await page.locator("#how svg").first().boundingBox();
  assert.ok(size && size.width > 300 && size.height > 120, "the flow diagram is drawn: " + JSON.stringify(size));
  await page.locator("#how figure").screenshot({ path: resolve(SHOTS, "guide-diagram.png") });
  await page.goto(base + "/#faq");
  await page.locator("#faq-postman summary").click();
  assert.match(await page.locator("#faq-postman").textContent(), /Postman and curl are not browsers/);
  await page.goto(base + "/fix");
  assert.match(await page.title(), /CORS configuration for every framework/);
  await page.goto(base + "/rules/CORS001");
  assert.match(await page.title(), /^CORS001 wildcard-origin-with-credentials/);
  assert.match(await page.locator("main").textContent(), /Why is this bad\?/);
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(problems, []);
  await context.close();
});

test("the guide's articles: weight, axe on desktop and phone, no sideways scrolling, readable without JavaScript", async () => {
  const { context, page, problems } = await newPage();
  await page.goto(base + "/guide");
  assert.match(await page.title(), /CORS guide/);
  const articles = await page.locator("main .error-index a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
  assert.ok(articles.length >= 10, "the guide lists its articles: " + articles.length);
  const pages = ["/guide", "/guide/cases", "/errors/header-disallowed-by-preflight-response", "/errors/cors-disabled-scheme", ...articles];
  const phone = await newPage(PHONE);
  const nojs = await newPage({ javaScriptEnabled: false });
  for (const url of pages) {
    const resp = await page.goto(base + url);
    assert.equal(resp.status(), 200, url);
    const bytes = (await resp.body()).length;
    console.log(`# ${url}: ${bytes} bytes`);
    assert.ok(bytes < (url === "/guide/cases" ? 400 : 100) * 1024, url + " weighs " + bytes + " bytes");
    assert.deepEqual(await axeViolations(page), [], url);
    await phone.page.goto(base + url);
    assert.deepEqual(await axeViolations(phone.page), [], url + " (phone)");
    const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, url + ": horizontal overflow of " + overflow + " px on a phone");
    await nojs.page.goto(base + url);
    assert.ok((await nojs.page.locator("main h1").textContent()).length > 3, url + " without JavaScript");
    if (await nojs.page.locator("figure.example").count()) {
      assert.ok(await nojs.page.locator("figure.example pre.console, figure.example .outcome").first().isVisible(), url + ": examples visible without JavaScript");
    }
  }
  await page.goto(base + "/guide/credentials-and-cookies");
  await page.screenshot({ path: resolve(SHOTS, "guide-article.png"), fullPage: false });
  await phone.page.goto(base + "/errors/not-cors");
  await phone.page.screenshot({ path: resolve(SHOTS, "guide-not-cors-phone.png"), fullPage: false });
  assert.deepEqual(problems, []);
  assert.deepEqual(phone.problems, []);
  await phone.context.close();
  await nojs.context.close();
  await context.close();
});

test("the guide's diagram is readable on a phone: no label under 11 px", async () => {
  const { context, page, problems } = await newPage(PHONE);
  await page.goto(base + "/#how");
  const sizes = await page.evaluate(() => [...document.querySelectorAll("#how svg text")].map((t) => {
    const scale = t.getScreenCTM().a;
    return { text: t.textContent, px: scale * parseFloat(getComputedStyle(t).fontSize) };
  }));
  assert.ok(sizes.length > 10, "the diagram has its labels");
  const small = sizes.filter((s) => s.px < 11);
  assert.deepEqual(small, [], "labels rendered under 11 px");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, "horizontal overflow of " + overflow + " px");
  await page.locator("#how figure").screenshot({ path: resolve(SHOTS, "guide-diagram-phone.png") });
  assert.deepEqual(problems, []);
  await context.close();
});

test("headings never show raw backticks", async () => {
  const { context, page, problems } = await newPage();
  for (const url of [
    "/?mode=explain&error=" + encodeURIComponent(PREFLIGHT_401) + "&target=express",
    "/?mode=fix&origins=*&credentials=on&methods=GET&target=express",
    "/rules/CORS007",
    "/errors/header-disallowed-by-preflight-response",
    "/",
  ]) {
    await page.goto(base + url);
    const raw = await page.evaluate(() => [...document.querySelectorAll("h1, h2, h3, h4, h5, h6, title")]
      .map((h) => h.textContent).filter((t) => t.includes("`")));
    assert.deepEqual(raw, [], url);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test("a misspelt address is a 404 that says what you probably meant, with real links", async () => {
  const { context, page, problems } = await newPage();
  const resp = await page.goto(base + "/errors/preflight-status");
  assert.equal(resp.status(), 404);
  assert.match(await page.locator("h2.did-you-mean").textContent(), /Did you mean/);
  await page.locator(".suggestions a").first().click();
  await page.waitForURL(/\/errors\/preflight-invalid-status$/);
  // A name with one obvious meaning is a redirect, not a 404.
  const named = await page.goto(base + "/errors/PreflightInvalidStatus");
  assert.equal(named.status(), 200);
  assert.match(page.url(), /\/errors\/preflight-invalid-status$/);
  const lost = await page.goto(base + "/rule/cors001");
  assert.equal(lost.status(), 404);
  assert.equal(await page.locator(".suggestions a").first().getAttribute("href"), "/rules/CORS001");
  await page.screenshot({ path: resolve(SHOTS, "not-found.png") });
  // The console reports the 404s themselves; nothing else.
  assert.deepEqual(problems.filter((p) => !/404/.test(p)), []);
  await context.close();
});

test("everything works with JavaScript disabled", async () => {
  const { context, page, problems } = await newPage({ javaScriptEnabled: false });
  await page.goto(base + "/?mode=fix");
  assert.equal(await page.locator("#fix-result .verdict.ok").count(), 3);
  assert.equal(await page.locator("button.copy:visible").count(), 0, "copy buttons need JavaScript and stay hidden");
  await page.getByText("Try a different request in the preview").click();
  await page.getByLabel("Method", { exact: true }).fill("PURGE");
  await page.getByRole("button", { name: "Generate the fix" }).click();
  await page.waitForURL(/try_method=PURGE/);
  assert.equal(await page.locator("#fix-result .verdict.blocked").count(), 3);
  assert.match(
    await page.locator('#fix-result [data-browser="chrome"] pre.console').first().textContent(),
    /Method PURGE is not allowed by Access-Control-Allow-Methods in preflight response\./,
  );
  await page.screenshot({ path: resolve(SHOTS, "fix-no-js.png") });
  // Explain, then pick a framework in place.
  await page.goto(base + "/");
  await page.getByLabel(/Paste the error/).fill(PASTED);
  await page.getByRole("button", { name: "Explain" }).click();
  await page.waitForURL(/mode=explain&error=/);
  assert.equal(await page.locator("#explain-result .report-fix pre.headers").count() >= 1, true);
  await page.getByLabel("Your server").selectOption("flask");
  await page.getByRole("button", { name: "Show" }).click();
  await page.waitForURL(/target=flask/);
  assert.ok(await page.locator("#explain-result .report-fix figure.file").count() >= 1);
  // Every code block shows all of itself without JavaScript (no fold, no inner scrollbar).
  assert.equal(await page.locator("pre.code.folded").count(), 0);
  assert.deepEqual(await ownScrollbars(page, "#explain-result"), []);
  // Check.
  await page.goto(base + "/?mode=check");
  await page.getByLabel("API URL").fill(apiBase + "/items");
  await page.getByLabel("Your page's origin").fill("http://localhost:5173");
  await page.getByRole("button", { name: "Check it" }).click();
  await page.waitForURL(/mode=check&url=/);
  assert.equal(await page.locator("#check-result .verdict.ok").count(), 3);
  // HAR: the button sends it.
  await page.goto(base + "/?mode=har");
  await page.locator("#har-file").setInputFiles({ name: "session.har", mimeType: "application/json", buffer: harFile() });
  await page.getByRole("button", { name: "Judge its requests" }).click();
  await page.locator("#har-result .har-request.blocked").first().waitFor({ timeout: 10000 });
  assert.deepEqual(problems, []);
  await context.close();
});

test("the page fits a phone and is keyboard-reachable", async () => {
  const { context, page, problems } = await newPage(PHONE);
  await page.goto(base + "/");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, "horizontal overflow of " + overflow + " px");
  // Tab from the top: the skip link comes first, then the brand link.
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.textContent), "Skip to content");
  // Every form control has a label.
  for (const mode of ["explain", "fix", "check", "har"]) {
    await page.goto(base + "/?mode=" + mode);
    const unlabeled = await page.evaluate(() => [...document.querySelectorAll("input:not([type=hidden]), textarea, select")]
      .filter((e) => !e.hidden && !(e.labels && e.labels.length) && !e.getAttribute("aria-label")).map((e) => e.id || e.name));
    assert.deepEqual(unlabeled, [], mode);
    assert.deepEqual(await axeViolations(page), [], mode);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test("the first page is under 100 KB and uses no other host", async () => {
  const { context, page, problems } = await newPage();
  // Every response's body, read once it has arrived (redirects have none).
  let bodies = [];
  page.on("response", (r) => bodies.push(r.body().then((b) => ({ url: r.url(), n: b.length }), () => ({ url: r.url(), n: 0 }))));
  const sum = async () => { const all = await Promise.all(bodies); bodies = []; return all; };
  await page.goto(base + "/", { waitUntil: "networkidle" });
  const first = await sum();
  const bytes = first.reduce((a, b) => a + b.n, 0);
  console.log(`# first load of / : ${bytes} bytes (${first.map((b) => new URL(b.url).pathname + " " + b.n).join(", ")})`);
  assert.ok(bytes > 1000 && bytes < 100 * 1024, "first load was " + bytes + " bytes");
  await page.getByLabel(/Paste the error/).fill(PASTED);
  await page.locator("#explain-result .report").waitFor({ timeout: 5000 });
  await page.waitForLoadState("networkidle");
  const fragments = (await sum()).filter((b) => b.url.includes("/result?"));
  assert.ok(fragments.length >= 1, "the result came from /result");
  const result = fragments[fragments.length - 1].n;
  console.log(`# an Explain result (fragment): ${result} bytes`);
  assert.ok(result < 40 * 1024, "an Explain result weighs " + result + " bytes");
  assert.deepEqual(problems, []);
  await context.close();
});
