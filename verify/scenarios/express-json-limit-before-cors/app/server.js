// Broken on purpose: the JSON parser (default limit 100 kB) runs before cors(); its 413 for a
// larger body is sent before cors() has added any header.
'use strict';
const express = require('express');
const cors = require('cors');

const app = express();
app.use(express.json());
app.use(cors({ origin: 'http://localhost:5173' }));
app.all('/api/items', (req, res) => res.json({ ok: true }));
app.listen(Number(process.env.PORT), '127.0.0.1');
