// The `headers` target, followed to the letter by a server that knows nothing else: it reads
// the generated cors-headers.txt (its [origins], [paths] and header sections) and sends
// exactly the lines written there, with the placeholders filled from the request. The
// harness then judges those headers over HTTP and in Chromium like any framework's.
'use strict';
const fs = require('node:fs');
const http = require('node:http');

const sections = {};
let current = null;
for (const raw of fs.readFileSync(`${__dirname}/cors-headers.txt`, 'utf8').split('\n')) {
  const line = raw.trim();
  if (!line || line.startsWith('#')) continue;
  const m = /^\[(.+)\]$/.exec(line);
  if (m) {
    current = m[1];
    sections[current] = [];
  } else if (current) {
    sections[current].push(line);
  }
}
const origins = sections.origins || [];
const allowed = (o) =>
  origins.some((e) => e === '*' || e === o || (e.startsWith('^') && new RegExp(e).test(o)));
const inScope = (path) =>
  (sections.paths || ['/*']).some((p) =>
    p.endsWith('/*') ? path === p.slice(0, -2) || path.startsWith(p.slice(0, -1)) : path === p);

// `Name: value` lines (and `status: N`) with the placeholders filled in.
function lines(name, req) {
  return (sections[name] || []).map((l) => {
    const i = l.indexOf(':');
    const value = l
      .slice(i + 1)
      .trim()
      .replace('{origin}', req.headers.origin || '')
      .replace('{request-method}', req.headers['access-control-request-method'] || '')
      .replace('{request-headers}', req.headers['access-control-request-headers'] || '');
    return [l.slice(0, i), value];
  });
}

function send(res, pairs) {
  for (const [k, v] of pairs) {
    if (k === 'status') continue;
    if (k.toLowerCase() === 'vary') res.appendHeader('Vary', v);
    else res.setHeader(k, v);
  }
}

function json(res, status, body, headers = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function app(req, res) {
  const path = (req.url || '/').split('?')[0];
  if (path === '/api/private') {
    if (req.headers.authorization !== 'Bearer s3cret') return json(res, 401, { error: 'unauthorized' });
    return json(res, 200, { ok: true });
  }
  if (path === '/api/items') return json(res, 200, { ok: true }, { 'X-Total-Count': '42' });
  // An explicit 500: node:http has no error handler (a throw ends the process).
  if (path === '/api/error') return json(res, 500, { error: 'boom' });
  return json(res, 404, { error: 'not found' });
}

http
  .createServer((req, res) => {
    const path = (req.url || '/').split('?')[0];
    const origin = req.headers.origin;
    if (!inScope(path)) return app(req, res);
    const ok = origin !== undefined && allowed(origin);
    const preflight = req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
    if (preflight) {
      const pairs = lines(ok ? 'preflight' : 'preflight refused', req);
      if (ok && req.headers['access-control-request-private-network'] === 'true') {
        pairs.push(...lines('preflight with Access-Control-Request-Private-Network: true', req));
      }
      send(res, pairs);
      const status = pairs.find(([k]) => k === 'status');
      res.statusCode = status ? Number(status[1]) : 204;
      return res.end();
    }
    send(res, lines(ok ? 'response' : 'response refused', req));
    return app(req, res);
  })
  .listen(Number(process.env.PORT), '127.0.0.1');
