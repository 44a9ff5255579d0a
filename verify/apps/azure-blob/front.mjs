// A path-only proxy in front of Azurite: `/api/private` -> the private container's blob,
// `/api/<name>` -> `/devstoreaccount1/api/<name>`; method, headers and body pass through
// unchanged both ways, so every CORS header the browser sees is Azurite's own.
import http from 'node:http';

const [port, upstream] = process.argv.slice(2);
http
  .createServer((req, res) => {
    const [path, query] = (req.url || '/').split('?');
    const target =
      path === '/api/private'
        ? '/devstoreaccount1/private/private'
        : path.startsWith('/api/')
          ? `/devstoreaccount1${path}`
          : path;
    const up = http.request(
      {
        host: '127.0.0.1',
        port: upstream,
        method: req.method,
        path: query ? `${target}?${query}` : target,
        headers: { ...req.headers, host: `127.0.0.1:${upstream}` },
      },
      (r) => {
        res.writeHead(r.statusCode, r.rawHeaders);
        r.pipe(res);
      },
    );
    up.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(up);
  })
  .listen(Number(port), '127.0.0.1');
