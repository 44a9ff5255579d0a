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
// An unhandled error: Express 4 catches a synchronous throw and hands it to its default error
// handler (finalhandler), which answers 500. (A rejected async handler is not caught by Express 4.)
app.get('/api/error', () => {
  throw new Error('boom');
});
app.all('/api/private', (req, res) => res.json({ ok: true }));
app.listen(Number(process.env.PORT), '127.0.0.1');
