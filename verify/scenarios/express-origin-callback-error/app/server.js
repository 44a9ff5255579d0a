// Broken on purpose: the README's dynamic-origin example with an allow-list that still names
// the old dev server (port 3000); the page now runs on Vite's 5173. The callback's Error goes
// to Express's default error handler (development mode shows the stack), a 500 without CORS.
'use strict';
const express = require('express');
const cors = require('cors');

const allowlist = ['http://localhost:3000'];
const app = express();
app.set('env', 'development');
app.use(cors({
  origin(origin, callback) {
    if (!origin || allowlist.indexOf(origin) !== -1) callback(null, true);
    else callback(new Error('Not allowed by CORS'));
  },
}));
app.all('/api/items', (req, res) => res.json({ ok: true }));
app.listen(Number(process.env.PORT), '127.0.0.1');
