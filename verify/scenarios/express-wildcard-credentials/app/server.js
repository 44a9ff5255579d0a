// Broken on purpose: origin '*' (the default) together with credentials.
'use strict';
const express = require('express');
const cors = require('cors');

const app = express();
app.use(cors({ credentials: true }));
app.all('/api/items', (req, res) => res.json({ ok: true }));
app.listen(Number(process.env.PORT), '127.0.0.1');
