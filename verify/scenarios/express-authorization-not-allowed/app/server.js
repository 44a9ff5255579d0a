// Broken on purpose: Authorization is not an allowed request header.
'use strict';
const express = require('express');
const cors = require('cors');

const app = express();
app.use(cors({ origin: 'http://localhost:5173', allowedHeaders: ['Content-Type'] }));
app.use('/api/private', (req, res, next) => {
  if (req.get('authorization') !== 'Bearer s3cret') return res.status(401).json({ error: 'unauthorized' });
  return next();
});
app.all('/api/private', (req, res) => res.json({ ok: true }));
app.listen(Number(process.env.PORT), '127.0.0.1');
