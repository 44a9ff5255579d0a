// Express 4 app for the harness; CORS comes from the generated ./cors.js, wired as its notes say.
'use strict';
const express = require('express4');
const corsMiddleware = require('./cors');

const app = express();
app.use(corsMiddleware); // first, as the generated app.js shows
app.use('/api/private', (req, res, next) => {
  if (req.get('authorization') !== 'Bearer s3cret') return res.status(401).json({ error: 'unauthorized' });
  return next();
});
app.all('/api/items', (req, res) => {
  res.set('X-Total-Count', '42');
  res.json({ ok: true });
});
app.get('/api/error', (req, res) => res.status(500).json({ error: 'boom' }));
app.all('/api/private', (req, res) => res.json({ ok: true }));
app.listen(Number(process.env.PORT), '127.0.0.1');
