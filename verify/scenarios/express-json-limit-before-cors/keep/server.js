// The developer's app after the fix: the generated ./cors.js first (as its notes say), then the
// same JSON parser with the same 100 kB limit, then the routes.
'use strict';
const express = require('express');
const corsMiddleware = require('./cors');

const app = express();
app.use(corsMiddleware);
app.use(express.json());
app.all('/api/items', (req, res) => {
  res.set('X-Total-Count', '42');
  res.json({ ok: true });
});
app.listen(Number(process.env.PORT), '127.0.0.1');
