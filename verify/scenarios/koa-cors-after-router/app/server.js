// Broken on purpose: the router is registered before CORS, and router.all() answers every
// method (OPTIONS included) without calling next().
'use strict';
const Koa = require('koa');
const Router = require('@koa/router');
const cors = require('@koa/cors');

const app = new Koa();
const router = new Router();
router.all('/api/items', (ctx) => {
  ctx.body = { ok: true };
});
app.use(router.routes());
app.use(cors({ origin: 'http://localhost:5173' }));
app.listen(Number(process.env.PORT), '127.0.0.1');
