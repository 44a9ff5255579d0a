// Broken on purpose: the token check runs before cors(), so the preflight (which never
// carries Authorization) is answered 401 without CORS headers.
'use strict';
const express = require('express');
const cors = require('cors');

const app = express();
app.use('/api/private', (req, res, next) => {
  if (req.get('authorization') !== 'Bearer s3cret') return res.status(401).json({ error: 'unauthorized' });
  return next();
});
app.use(cors({ origin: 'http://localhost:5173', methods: ['GET', 'PUT'], allowedHeaders: ['Content-Type', 'Authorization'] }));
app.use(express.json());
app.all('/api/items', (req, res) => res.json({ ok: true }));
app.all('/api/private', (req, res) => res.json({ ok: true }));
app.listen(Number(process.env.PORT), '127.0.0.1');
