// Serves the generated functions/index.js the way the Functions runtime does: its exported
// `onRequest` function is the whole request handler of an Express app (body parsed first).
'use strict';
const express = require('express');
const functions = require('./functions/index.js');

const app = express();
app.use(express.json());
app.use((req, res) => functions.api(req, res));
app.listen(Number(process.env.PORT), '127.0.0.1');
