// Preloaded by the harness: the generated bootstrap calls `app.listen(port)`, which binds every
// interface; harness apps listen on 127.0.0.1 only, so a listen() given just a port gets that host.
'use strict';
const net = require('node:net');

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function listenLocal(...args) {
  if (typeof args[0] === 'number' && (args.length === 1 || typeof args[1] === 'function')) {
    args.splice(1, 0, '127.0.0.1');
  }
  return listen.apply(this, args);
};
