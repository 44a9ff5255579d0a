// The API behind the dev-server proxy: the route contract, and no CORS at all (a page on the
// dev server's origin can only reach it through the proxy the generated config sets up).
'use strict';
const http = require('node:http');

function json(res, status, body, headers = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

http
  .createServer((req, res) => {
    const path = (req.url || '/').split('?')[0];
    // Authentication on the whole /api/private path, OPTIONS included.
    if (path === '/api/private') {
      if (req.headers.authorization !== 'Bearer s3cret') return json(res, 401, { error: 'unauthorized' });
      return json(res, 200, { ok: true });
    }
    if (path === '/api/items') {
      if (req.method === 'OPTIONS') return json(res, 405, { error: 'method not allowed' });
      return json(res, 200, { ok: true, via: req.headers.host }, { 'X-Total-Count': '42' });
    }
    if (path === '/api/error') return json(res, 500, { error: 'boom' });
    return json(res, 404, { error: 'not found' });
  })
  .listen(Number(process.argv[2]), '127.0.0.1');
