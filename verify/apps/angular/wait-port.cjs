// Wait (up to 20 s) until 127.0.0.1:PORT accepts connections: the backend starts first.
'use strict';
const net = require('node:net');
const port = Number(process.argv[2]);
const deadline = Date.now() + 20000;
(function attempt() {
  const s = net.connect(port, '127.0.0.1');
  s.on('connect', () => { s.destroy(); process.exit(0); });
  s.on('error', () => {
    if (Date.now() > deadline) { console.error(`nothing listens on ${port}`); process.exit(1); }
    setTimeout(attempt, 50);
  });
})();
