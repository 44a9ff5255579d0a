// The Express app behind Caddy, still running cors() with its defaults (origin: '*').
'use strict';
const express = require('express');
const cors = require('cors');

const app = express();
app.use(cors());
app.all('/api/items', (req, res) => res.json({ ok: true }));
app.listen(Number(process.env.PORT), '127.0.0.1');
