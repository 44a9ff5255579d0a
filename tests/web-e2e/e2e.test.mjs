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
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const BIN = process.env.CORSFIX_BIN || resolve(here, "../../target/debug/corsfix");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const SHOTS = process.env.SCREENSHOTS || resolve(here, "../../docs/screenshots");
mkdirSync(SHOTS, { recursive: true });

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
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...opts });
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

test("Fix mode: the preview updates as you type and the URL follows", async () => {
  const { context, page, problems } = await newPage();
  await page.goto(base + "/");
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
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: resolve(SHOTS, "fix.png"), fullPage: false });
  assert.deepEqual(problems, []);
  await context.close();
});

test("Fix mode: a copy button copies what it sits on", async () => {
  const { context, page, problems } = await newPage();
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: base });
  await page.goto(base + "/?mode=fix&origins=https%3A%2F%2Fapp.example.com&credentials=on&methods=GET%2C+PUT&headers=Content-Type&max_age=600");
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

test("Explain mode: a pasted Chrome error gets a diagnosis", async () => {
  const { context, page, problems } = await newPage();
  await page.goto(base + "/?mode=explain");
  const text = "Access to fetch at 'https://api.example.com/items' from origin 'https://app.example.com' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: It does not have HTTP ok status.";
  await page.getByLabel(/Paste the error/).fill(text);
  if (features.features.explain) {
    await page.locator("#explain-result .diagnosis h3").waitFor({ timeout: 5000 });
    const headline = await page.locator("#explain-result .diagnosis h3").textContent();
    assert.ok(headline.length > 5, headline);
    assert.ok(await page.locator("#explain-result .cause").count() >= 1);
    assert.match(page.url(), /mode=explain&error=Access/);
    await page.locator("#explain").screenshot({ path: resolve(SHOTS, "explain.png") });
    // From the explanation straight to a Fix for that origin.
    await page.getByRole("link", { name: "Generate the fix for your backend" }).click();
    await page.waitForURL(/mode=fix&origins=https%3A%2F%2Fapp\.example\.com/);
    assert.equal(await page.locator("#fix-result .verdict").count(), 3);
    await page.goBack();
  } else {
    await page.locator("#explain-result .error").waitFor({ timeout: 5000 });
    assert.match(await page.locator("#explain-result").textContent(), /not available/);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test("Check mode: probing a local API shows the timeline and the verdict", async () => {
  const { context, page, problems } = await newPage();
  await page.goto(base + "/?mode=check");
  await page.getByLabel("API URL").fill(apiBase + "/items");
  await page.getByLabel("Your page's origin").fill("http://localhost:5173");
  await page.getByLabel("Method", { exact: true }).fill("PUT");
  await page.getByRole("button", { name: "Check it" }).click();
  if (features.features.check) {
    await page.locator("#check-result .verdict").first().waitFor({ timeout: 15000 });
    assert.equal(await page.locator("#check-result .verdict.blocked").count(), 3);
    const chrome = await page.locator('#check-result [data-browser="chrome"] pre.console').first().textContent();
    assert.match(chrome, /Method PUT is not allowed by Access-Control-Allow-Methods in preflight response\./);
    assert.ok(await page.locator("#check-result .timeline li").count() >= 1);
  } else {
    await page.locator("#check-result .error").waitFor({ timeout: 5000 });
    assert.match(await page.locator("#check-result").textContent(), /not available/);
  }
  await page.locator("#check").screenshot({ path: resolve(SHOTS, "check.png") });
  assert.deepEqual(problems, []);
  await context.close();
});

test("the guide and the error pages load with good titles", async () => {
  const { context, page, problems } = await newPage();
  await page.goto(base + "/errors/preflight-invalid-status");
  assert.match(await page.title(), /^Response to preflight request does not have HTTP ok status/);
  const desc = await page.locator('meta[name="description"]').getAttribute("content");
  assert.ok(desc.length > 60, desc);
  assert.equal(await page.locator("section.wording pre.console").count() >= 3, true);
  await page.screenshot({ path: resolve(SHOTS, "error-page.png"), fullPage: true });
  await page.goto(base + "/errors");
  const links = await page.locator(".error-index a").count();
  assert.equal(links, 25);
  await page.locator(".error-index a").nth(3).click();
  await page.waitForURL(/\/errors\/[a-z-]+$/);
  assert.ok((await page.locator("h1").textContent()).length > 5);
  await page.goto(base + "/#how");
  const box = await page.locator("#how svg").boundingBox();
  assert.ok(box && box.width > 300 && box.height > 120, "the flow diagram is drawn: " + JSON.stringify(box));
  await page.locator("#how figure").screenshot({ path: resolve(SHOTS, "guide-diagram.png") });
  await page.goto(base + "/#faq");
  await page.locator("#faq-postman summary").click();
  assert.match(await page.locator("#faq-postman").textContent(), /Postman and curl are not browsers/);
  await page.goto(base + "/fix");
  assert.match(await page.title(), /CORS configuration for every framework/);
  assert.deepEqual(problems, []);
  await context.close();
});

test("everything works with JavaScript disabled", async () => {
  const { context, page, problems } = await newPage({ javaScriptEnabled: false });
  await page.goto(base + "/");
  assert.equal(await page.locator("#fix-result .verdict.ok").count(), 3);
  assert.equal(await page.locator("button.copy:visible").count(), 0, "copy buttons need JavaScript and stay hidden");
  await page.getByText("Try a different request in the preview").click();
  await page.getByLabel("Method", { exact: true }).fill("PATCH");
  await page.getByRole("button", { name: "Generate the fix" }).click();
  await page.waitForURL(/try_method=PATCH/);
  assert.equal(await page.locator("#fix-result .verdict.blocked").count(), 3);
  assert.match(
    await page.locator('#fix-result [data-browser="chrome"] pre.console').first().textContent(),
    /Method PATCH is not allowed by Access-Control-Allow-Methods in preflight response\./,
  );
  await page.screenshot({ path: resolve(SHOTS, "fix-no-js.png") });
  await page.goto(base + "/?mode=explain");
  await page.getByLabel(/Paste the error/).fill("Access to fetch at 'https://b.example/x' from origin 'https://a.example' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.");
  await page.getByRole("button", { name: "Explain" }).click();
  await page.waitForURL(/mode=explain&error=/);
  if (features.features.explain) {
    assert.ok(await page.locator("#explain-result .diagnosis").count() === 1);
  } else {
    assert.match(await page.locator("#explain-result").textContent(), /not available/);
  }
  await page.goto(base + "/?mode=check");
  await page.getByLabel("API URL").fill(apiBase + "/items");
  await page.getByLabel("Your page's origin").fill("http://localhost:5173");
  await page.getByRole("button", { name: "Check it" }).click();
  await page.waitForURL(/mode=check&url=/);
  if (features.features.check) {
    assert.equal(await page.locator("#check-result .verdict.ok").count(), 3);
  } else {
    assert.match(await page.locator("#check-result").textContent(), /not available/);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test("the page fits a phone and is keyboard-reachable", async () => {
  const { context, page, problems } = await newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await page.goto(base + "/");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, "horizontal overflow of " + overflow + " px");
  await page.screenshot({ path: resolve(SHOTS, "mobile.png") });
  // Tab from the top: the skip link comes first, then the brand link.
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.textContent), "Skip to content");
  // Every form control has a label.
  const unlabeled = await page.evaluate(() => [...document.querySelectorAll("input:not([type=hidden]), textarea, select")]
    .filter((e) => !e.hidden && !(e.labels && e.labels.length) && !e.getAttribute("aria-label")).map((e) => e.id || e.name));
  assert.deepEqual(unlabeled, []);
  assert.deepEqual(problems, []);
  await context.close();
});

test("the first page is under 100 KB and uses no other host", async () => {
  const { context, page, problems } = await newPage();
  let bytes = 0;
  page.on("response", async (r) => { try { bytes += (await r.body()).length; } catch { /* redirects have no body */ } });
  await page.goto(base + "/", { waitUntil: "networkidle" });
  assert.ok(bytes > 1000 && bytes < 100 * 1024, "first load was " + bytes + " bytes");
  assert.deepEqual(problems, []);
  await context.close();
});
