// Broken on purpose: CORS per route and no OPTIONS route, so the preflight gets Express's
// automatic OPTIONS answer ("GET, HEAD, PUT") with no CORS headers.
'use strict';
const express = require('express');
const cors = require('cors');

const corsOptions = { origin: 'http://localhost:5173', methods: ['GET', 'PUT'] };
const app = express();
app.use(express.json());
app.get('/api/items', cors(corsOptions), (req, res) => res.json({ ok: true }));
app.put('/api/items', cors(corsOptions), (req, res) => res.json({ ok: true }));
app.listen(Number(process.env.PORT), '127.0.0.1');
