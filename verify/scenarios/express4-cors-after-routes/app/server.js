// Broken on purpose: the routes are registered before cors(). A route that answers ends the
// chain, so cors() only ever runs for requests no route matched (such as the preflight).
'use strict';
const express = require('express4');
const cors = require('cors');

const app = express();
app.use(express.json());
app.get('/api/items', (req, res) => res.json({ ok: true }));
app.put('/api/items', (req, res) => res.json({ ok: true }));
app.use(cors({ origin: 'http://localhost:5173', methods: ['GET', 'PUT'] }));
app.listen(Number(process.env.PORT), '127.0.0.1');
