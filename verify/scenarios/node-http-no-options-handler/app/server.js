// Broken on purpose: CORS headers by hand, but no OPTIONS branch.
'use strict';
const http = require('node:http');

http
  .createServer((req, res) => {
    res.setHeader('Access-Control-Allow-Origin', 'http://localhost:5173');
    const path = (req.url || '/').split('?')[0];
    if (path === '/api/items' && ['GET', 'PUT', 'POST'].includes(req.method)) {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end('{"ok":true}');
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    return res.end('{"error":"not found"}');
  })
  .listen(Number(process.env.PORT), '127.0.0.1');
