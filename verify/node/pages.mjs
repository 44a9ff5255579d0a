// Runs scripts in pages of Debian's headless Chromium and reports what the page saw and what
// Chromium itself said (crates/corsfix-proxy/tests/browser.rs).
//
// Reads one JSON plan on stdin:
//   { "chromium": "/usr/bin/chromium",
//     "steps": [ { "id", "page_url", "script" } ] }
// Each step opens `page_url` in a fresh browser context (no shared cookies or preflight
// cache), runs `script` there as the body of an async function, and writes one JSON line:
//   { "id", "result", "error", "console": [text…],
//     "cors_errors": [ { "url", "cors_error", "failed_parameter" } ] }
// `console` holds the browser's own console lines (DevTools Log.entryAdded: the "Access to
// fetch at … has been blocked by CORS policy: …" lines); `cors_errors` is Chromium's verdict
// per failed request (Network.loadingFailed → corsErrorStatus).
import { chromium } from 'playwright-core';

async function readStdin() {
  const chunks = [];
  for await (const c of process.stdin) chunks.push(c);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

async function runStep(browser, step) {
  const out = { id: step.id, result: null, error: null, console: [], cors_errors: [] };
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const urls = new Map();
    cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, e.request.url));
    cdp.on('Network.loadingFailed', (e) => {
      if (!e.corsErrorStatus) return;
      out.cors_errors.push({
        url: urls.get(e.requestId) ?? null,
        cors_error: e.corsErrorStatus.corsError,
        failed_parameter: e.corsErrorStatus.failedParameter ?? null,
      });
    });
    cdp.on('Log.entryAdded', (e) => out.console.push(e.entry.text));
    await cdp.send('Network.enable');
    await cdp.send('Log.enable');
    await page.goto(step.page_url, { waitUntil: 'load', timeout: 15000 });
    try {
      out.result = await page.evaluate(`(async () => { ${step.script} })()`);
    } catch (e) {
      out.error = e && e.message ? e.message : String(e);
    }
    // DevTools events can arrive after the script settled.
    await new Promise((res) => setTimeout(res, 500));
  } catch (e) {
    out.error = `harness: ${e && e.message ? e.message : String(e)}`;
  } finally {
    await context.close();
  }
  return out;
}

async function main() {
  const plan = await readStdin();
  const browser = await chromium.launch({
    executablePath: plan.chromium,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  for (const step of plan.steps) {
    process.stdout.write(JSON.stringify(await runStep(browser, step)) + '\n');
  }
  await browser.close();
}

main().catch((e) => {
  process.stderr.write(`pages.mjs: ${e && e.stack ? e.stack : String(e)}\n`);
  process.exit(2);
});
