// Broken on purpose: credentials are not enabled in @koa/cors.
'use strict';
const Koa = require('koa');
const Router = require('@koa/router');
const cors = require('@koa/cors');

const app = new Koa();
app.use(cors({ origin: 'http://localhost:5173' }));
const router = new Router();
router.all('/api/items', (ctx) => {
  ctx.set('X-Total-Count', '42');
  ctx.body = { ok: true };
});
app.use(router.routes());
app.listen(Number(process.env.PORT), '127.0.0.1');
