// node:http app for the harness; CORS comes from the generated ./cors.js (withCors).
'use strict';
const http = require('node:http');
const { withCors } = require('./cors');

function json(res, status, body, headers = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function handler(req, res) {
  const path = (req.url || '/').split('?')[0];
  if (path === '/api/private') {
    if (req.headers.authorization !== 'Bearer s3cret') return json(res, 401, { error: 'unauthorized' });
    return json(res, 200, { ok: true });
  }
  if (path === '/api/items') return json(res, 200, { ok: true }, { 'X-Total-Count': '42' });
  // An explicit 500: node:http has no error handler, a throw in the listener is an uncaught
  // exception that ends the process (no answer at all, nothing a CORS layer could decorate).
  if (path === '/api/error') return json(res, 500, { error: 'boom' });
  return json(res, 404, { error: 'not found' });
}

http.createServer(withCors(handler)).listen(Number(process.env.PORT), '127.0.0.1');
