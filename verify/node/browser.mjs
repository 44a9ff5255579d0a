// Drives Debian's headless Chromium for crates/corsfix-verify.
//
// Reads one JSON plan on stdin:
//   { "chromium": "/usr/bin/chromium", "page_port": 443, "cert": "…pem", "key": "…pem",
//     "cases": [ { "id", "origin", "url", "method", "headers": {…}, "credentials",
//                  "body"?, "read_headers": [...], "page_url"? } ] }
// Serves a blank page for every origin over HTTPS on 127.0.0.1:page_port (every host name is
// mapped to 127.0.0.1 with --host-resolver-rules) — or opens the case's `page_url`, a page the
// app serves itself (a dev server) — opens one fresh browser context per
// origin, runs fetch() there (a unique URL per case) and writes one JSON line per case:
//   { "id", "ok", "status", "headers": {name: value|null}, "cors_error", "failed_parameter",
//     "error" }
// `cors_error` is Chromium's own verdict, read from the DevTools protocol
// (Network.loadingFailed → corsErrorStatus). The origin "null" is a sandboxed iframe.
import https from 'node:https';
import fs from 'node:fs';
import { chromium } from 'playwright-core';

const PAGE = '<!doctype html><meta charset="utf-8"><title>corsfix verify</title><body>page</body>';
const SANDBOX =
  '<!doctype html><meta charset="utf-8"><title>corsfix verify</title>' +
  '<iframe id="f" sandbox="allow-scripts" srcdoc="<!doctype html><body>sandboxed</body>"></iframe>';

async function readStdin() {
  const chunks = [];
  for await (const c of process.stdin) chunks.push(c);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

function startPageServer(plan) {
  const server = https.createServer(
    { cert: fs.readFileSync(plan.cert), key: fs.readFileSync(plan.key) },
    (req, res) => {
      const body = req.url.startsWith('/sandbox') ? SANDBOX : PAGE;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(body);
    },
  );
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(plan.page_port, '127.0.0.1', () => resolve(server));
  });
}

// Runs in the page: the fetch a front-end would write.
async function pageFetch(c) {
  const init = { method: c.method, headers: c.headers, credentials: c.credentials, mode: 'cors' };
  if (c.body !== undefined && c.body !== null) init.body = c.body;
  try {
    const r = await fetch(c.url, init);
    const headers = {};
    for (const name of c.read_headers) headers[name] = r.headers.get(name);
    await r.text();
    return { ok: true, status: r.status, headers };
  } catch (e) {
    return { ok: false, error: String(e) };
  }
}

// One page per origin (a fresh browser context each, so no shared preflight cache between
// origins); its cases run one after another, each on a unique URL (no preflight-cache hits).
async function runGroup(browser, plan, origin, cases, emit) {
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const urls = new Map(); // requestId -> url
    const failures = new Map(); // url -> loadingFailed event
    cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, e.request.url));
    cdp.on('Network.loadingFailed', (e) => {
      const url = urls.get(e.requestId);
      if (url !== undefined) failures.set(url, e);
    });
    await cdp.send('Network.enable');
    const opaque = origin === 'null';
    // A case may name a page the app serves itself (a dev server proxying the API).
    const own = cases.find((c) => c.page_url)?.page_url;
    const pageUrl = own ?? (opaque ? `https://sandbox.example.test:${plan.page_port}/sandbox` : `${origin}:${plan.page_port}/`);
    await page.goto(pageUrl, { waitUntil: 'load', timeout: own ? 30000 : 15000 });
    let target = page;
    if (opaque) {
      const frame = page.frames().find((f) => f !== page.mainFrame());
      if (!frame) throw new Error('sandboxed iframe did not load');
      target = frame;
      const seen = await frame.evaluate(() => self.origin);
      if (seen !== 'null') throw new Error(`sandboxed iframe origin is ${seen}, not null`);
    } else {
      const seen = await page.evaluate(() => self.origin);
      if (seen !== origin) throw new Error(`page origin is ${seen}, expected ${origin}`);
    }
    for (const c of cases) {
      const out = { id: c.id, ok: false, status: null, headers: {}, cors_error: null, failed_parameter: null, error: null };
      try {
        Object.assign(out, await target.evaluate(pageFetch, c));
        // The DevTools failure event can arrive after the promise settled: wait for it
        // (up to 3 s) when the fetch failed.
        const deadline = Date.now() + 3000;
        while (!out.ok && !failures.has(c.url) && Date.now() < deadline) {
          await new Promise((res) => setTimeout(res, 25));
        }
        const ev = failures.get(c.url);
        if (ev && ev.corsErrorStatus) {
          out.cors_error = ev.corsErrorStatus.corsError;
          out.failed_parameter = ev.corsErrorStatus.failedParameter ?? null;
        } else if (ev && !out.ok) {
          out.error = `${out.error ?? ''} (${ev.errorText})`;
        }
      } catch (e) {
        out.error = `harness: ${e && e.message ? e.message : String(e)}`;
      }
      emit(out);
    }
  } catch (e) {
    for (const c of cases) {
      emit({ id: c.id, ok: false, status: null, headers: {}, cors_error: null, failed_parameter: null, error: `harness: ${e && e.message ? e.message : String(e)}` });
    }
  } finally {
    await context.close();
  }
}

async function main() {
  const plan = await readStdin();
  const server = await startPageServer(plan);
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
      '--disable-features=IsolateSandboxedIframes',
      '--host-resolver-rules=MAP * 127.0.0.1',
    ],
  });
  const groups = new Map();
  for (const c of plan.cases) {
    if (!groups.has(c.origin)) groups.set(c.origin, []);
    groups.get(c.origin).push(c);
  }
  const queue = [...groups.entries()];
  const emit = (r) => process.stdout.write(JSON.stringify(r) + '\n');
  const workers = [];
  const parallel = Math.max(1, Math.min(plan.parallel ?? 4, 8));
  for (let i = 0; i < parallel; i++) {
    workers.push(
      (async () => {
        while (queue.length) {
          const [origin, cases] = queue.shift();
          await runGroup(browser, plan, origin, cases, emit);
        }
      })(),
    );
  }
  await Promise.all(workers);
  await browser.close();
  server.close();
}

main().catch((e) => {
  process.stderr.write(`browser.mjs: ${e && e.stack ? e.stack : String(e)}\n`);
  process.exit(2);
});
