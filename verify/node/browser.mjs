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
//
// Optional per case (the real-server scenarios, crates/corsfix-verify/src/scenarios.rs):
//   "group": cases with the same group share a browser context (default: the origin);
//   "har": a path: the case's requests (preflight included) are written there as a HAR, built
//          from the DevTools protocol's Network events as DevTools' "Save all as HAR" does;
//   and every line Chromium logged to the console during the case is returned in "console".
// An origin `http://host:port` is served over plain HTTP on 127.0.0.1:port.
import http from 'node:http';
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

// Plain-HTTP page servers for `http://host:port` origins (dev servers such as Vite's :5173),
// except origins whose page the app serves itself (`page_url`: a dev server under test already
// listens on that port).
function startHttpPageServers(plan) {
  const own = new Set(plan.cases.filter((c) => c.page_url).map((c) => c.origin));
  const ports = new Set();
  for (const c of plan.cases) {
    if (c.origin.startsWith('http://') && !own.has(c.origin)) {
      ports.add(Number(new URL(c.origin).port || 80));
    }
  }
  return Promise.all(
    [...ports].map(
      (port) =>
        new Promise((resolve, reject) => {
          const server = http.createServer((req, res) => {
            res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
            res.end(PAGE);
          });
          server.once('error', reject);
          server.listen(port, '127.0.0.1', () => resolve(server));
        }),
    ),
  );
}

// CDP headers objects join repeated headers with "\n": one HAR pair per line.
function harHeaders(obj) {
  const out = [];
  for (const [name, value] of Object.entries(obj || {})) {
    for (const v of String(value).split('\n')) out.push({ name, value: v });
  }
  return out;
}

// Collects a context's Network events into request hops (redirects are hops of one request).
function networkRecorder(cdp) {
  const reqs = new Map(); // requestId -> { hops: [...], failed }
  const order = [];
  const hopsOf = (id) => {
    if (!reqs.has(id)) {
      reqs.set(id, { hops: [] });
      order.push(id);
    }
    return reqs.get(id);
  };
  cdp.on('Network.requestWillBeSent', (e) => {
    const r = hopsOf(e.requestId);
    const last = r.hops[r.hops.length - 1];
    if (e.redirectResponse && last) {
      last.status = e.redirectResponse.status;
      last.statusText = e.redirectResponse.statusText;
      last.responseHeaders = last.responseHeaders ?? e.redirectResponse.headers;
      last.redirectURL = e.request.url;
    }
    r.hops.push({
      started: new Date(e.wallTime * 1000).toISOString(),
      method: e.request.method,
      url: e.request.url,
      requestHeaders: e.request.headers,
      postData: e.request.postData,
      preflight: e.type === 'Preflight' || e.initiator?.type === 'preflight',
      resourceType: e.type,
    });
  });
  cdp.on('Network.requestWillBeSentExtraInfo', (e) => {
    const hop = hopsOf(e.requestId).hops.find((h) => !h.extraRequest);
    if (hop) {
      hop.extraRequest = true;
      hop.requestHeaders = e.headers;
    } else {
      hopsOf(e.requestId).pendingRequestHeaders = e.headers;
    }
  });
  cdp.on('Network.responseReceivedExtraInfo', (e) => {
    const r = hopsOf(e.requestId);
    const hop = r.hops.find((h) => !h.extraResponse);
    if (hop) {
      hop.extraResponse = true;
      hop.status = e.statusCode;
      hop.responseHeaders = e.headers;
      const line = (e.headersText || '').split('\r\n')[0].match(/^HTTP\/[\d.]+ \d+ (.*)$/);
      if (line) hop.statusText = line[1];
    }
  });
  cdp.on('Network.responseReceived', (e) => {
    const r = hopsOf(e.requestId);
    const hop = r.hops[r.hops.length - 1];
    if (hop) {
      hop.status = hop.status ?? e.response.status;
      hop.statusText = e.response.statusText;
      hop.responseHeaders = hop.responseHeaders ?? e.response.headers;
      hop.httpVersion = e.response.protocol;
    }
  });
  cdp.on('Network.loadingFailed', (e) => {
    const r = hopsOf(e.requestId);
    r.failed = e.errorText;
    r.corsError = e.corsErrorStatus?.corsError ?? null;
  });
  return { reqs, order };
}

// The HAR of every request of a case whose URL is not the page's own.
function writeHar(path, rec, pageOrigin) {
  const entries = [];
  for (const id of rec.order) {
    const r = rec.reqs.get(id);
    r.hops.forEach((h, i) => {
      if (h.url.startsWith('data:') || h.resourceType === 'Document' || h.url.endsWith('/favicon.ico')) return;
      const last = i === r.hops.length - 1;
      const headers = h.requestHeaders ?? {};
      const entry = {
        startedDateTime: h.started,
        time: 0,
        request: {
          method: h.method,
          url: h.url,
          httpVersion: h.httpVersion ?? 'HTTP/1.1',
          headers: harHeaders(headers),
          queryString: [],
          cookies: [],
          headersSize: -1,
          bodySize: h.postData ? h.postData.length : 0,
        },
        response: {
          status: h.status ?? 0,
          statusText: h.statusText ?? '',
          httpVersion: h.httpVersion ?? 'HTTP/1.1',
          headers: harHeaders(h.responseHeaders),
          cookies: [],
          content: { size: 0, mimeType: '' },
          redirectURL: h.redirectURL ?? '',
          headersSize: -1,
          bodySize: -1,
        },
        cache: {},
        timings: { send: 0, wait: 0, receive: 0 },
        _resourceType: h.preflight ? 'preflight' : (h.resourceType ?? 'other').toLowerCase(),
      };
      if (h.postData) entry.request.postData = { mimeType: headers['Content-Type'] ?? headers['content-type'] ?? '', text: h.postData };
      if (last && r.failed) entry.response._error = r.failed;
      entries.push(entry);
    });
  }
  const har = {
    log: {
      version: '1.2',
      creator: { name: 'corsfix-verify (DevTools protocol)', version: '1' },
      pages: [{ startedDateTime: new Date().toISOString(), id: 'page_1', title: `${pageOrigin}/`, pageTimings: {} }],
      entries,
    },
  };
  fs.writeFileSync(path, JSON.stringify(har, null, 1));
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
    const logged = []; // every console line, in order
    const wantsHar = cases.some((c) => c.har);
    const rec = wantsHar ? networkRecorder(cdp) : null;
    // A network entry ("Failed to load resource: net::ERR_FAILED") is shown by DevTools as the
    // request's line, "PUT http://… net::ERR_FAILED 500 (Internal Server Error)" (the status
    // only when a response arrived): that is the line people copy, so it is rendered so here.
    cdp.on('Log.entryAdded', (e) => {
      const id = e.entry.networkRequestId;
      const r = id && rec ? rec.reqs.get(id) : null;
      const hop = r ? r.hops[r.hops.length - 1] : null;
      if (hop && e.entry.source === 'network') {
        const err = r.failed ?? (e.entry.text.match(/(net::[A-Z_]+)/) || [])[1];
        const status = hop.status ? ` ${hop.status} (${hop.statusText || http.STATUS_CODES[hop.status] || ''})` : '';
        logged.push(err ? `${hop.method} ${hop.url} ${err}${status}` : `${hop.method} ${hop.url}${status}`);
      } else {
        logged.push(e.entry.text);
      }
    });
    cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, e.request.url));
    cdp.on('Network.loadingFailed', (e) => {
      const url = urls.get(e.requestId);
      if (url !== undefined) failures.set(url, e);
    });
    await cdp.send('Network.enable');
    await cdp.send('Log.enable');
    const opaque = origin === 'null';
    // A case may name a page the app serves itself (a dev server proxying the API).
    const own = cases.find((c) => c.page_url)?.page_url;
    const pageUrl =
      own ??
      (opaque
        ? `https://sandbox.example.test:${plan.page_port}/sandbox`
        : origin.startsWith('http://')
          ? `${origin}/`
          : `${origin}:${plan.page_port}/`);
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
      const out = { id: c.id, ok: false, status: null, headers: {}, cors_error: null, failed_parameter: null, error: null, console: [] };
      const logStart = logged.length;
      const recStart = rec ? rec.order.length : 0;
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
        if (!out.ok) {
          // Console lines can trail the failure event: give them a moment.
          await new Promise((res) => setTimeout(res, 150));
        }
        // Identical lines (the DevTools event and its console echo) are kept once.
        out.console = [...new Set(logged.slice(logStart))];
        if (c.har && rec) {
          writeHar(c.har, { reqs: rec.reqs, order: rec.order.slice(recStart) }, origin);
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
  const httpServers = await startHttpPageServers(plan);
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
    const key = c.group ? `${c.origin} ${c.group}` : c.origin;
    if (!groups.has(key)) groups.set(key, { origin: c.origin, cases: [] });
    groups.get(key).cases.push(c);
  }
  const queue = [...groups.values()].map((g) => [g.origin, g.cases]);
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
  for (const s of httpServers) s.close();
}

main().catch((e) => {
  process.stderr.write(`browser.mjs: ${e && e.stack ? e.stack : String(e)}\n`);
  process.exit(2);
});
