// A plain node:http app with hand-written CORS for the exact-credentials fixture policy, used by
// crates/corsfix-verify/tests/selftest.rs to prove the harness passes a correct server and
// catches broken ones. MODE (argv[2]) picks the behaviour:
//   good            correct CORS (allowlist, Vary, headers on errors, preflight before auth)
//   reflect-any     echoes any Origin with credentials (the classic hole)
//   no-error-cors   CORS headers missing on the 500 and the 401
//   auth-first      authentication runs before the preflight is answered
//   double-acao     a second layer adds another Access-Control-Allow-Origin
const http = require('node:http');

const mode = process.argv[2] || 'good';
const ALLOWED = new Set(['https://app.example.com']);

function cors(req, res) {
  const origin = req.headers.origin;
  res.setHeader('Vary', 'Origin');
  const ok = origin !== undefined && (mode === 'reflect-any' || ALLOWED.has(origin));
  if (!ok) return false;
  res.setHeader('Access-Control-Allow-Origin', origin);
  if (mode === 'double-acao') res.appendHeader('Access-Control-Allow-Origin', origin);
  res.setHeader('Access-Control-Allow-Credentials', 'true');
  res.setHeader('Access-Control-Expose-Headers', 'X-Total-Count');
  return true;
}

function app(req, res) {
  const path = req.url.split('?')[0];
  const preflight = req.method === 'OPTIONS' && req.headers['access-control-request-method'];
  if (mode === 'auth-first' && path === '/api/private' && req.headers.authorization !== 'Bearer s3cret') {
    res.writeHead(401, { 'content-type': 'text/plain' });
    return res.end('unauthorized');
  }
  const allowed = cors(req, res);
  if (preflight) {
    if (allowed) {
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, DELETE');
      res.setHeader('Access-Control-Allow-Headers', 'Content-Type, Authorization, X-Custom');
      res.setHeader('Access-Control-Max-Age', '600');
    }
    res.writeHead(204);
    return res.end();
  }
  if (mode === 'no-error-cors' && (path === '/api/error' || path === '/api/private')) {
    for (const h of res.getHeaderNames()) if (h.startsWith('access-control-')) res.removeHeader(h);
  }
  if (path === '/api/error') {
    res.writeHead(500, { 'content-type': 'application/json' });
    return res.end('{"error":"boom"}');
  }
  if (path === '/api/private' && req.headers.authorization !== 'Bearer s3cret') {
    res.writeHead(401, { 'content-type': 'application/json' });
    return res.end('{"error":"unauthorized"}');
  }
  res.setHeader('X-Total-Count', '42');
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end('{"ok":true}');
}

http.createServer(app).listen(Number(process.env.PORT), '127.0.0.1');
