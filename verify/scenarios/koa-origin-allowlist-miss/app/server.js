// Broken on purpose: the allow-list names the old dev port.
'use strict';
const Koa = require('koa');
const Router = require('@koa/router');
const cors = require('@koa/cors');

const allowlist = ['http://localhost:3000'];
const app = new Koa();
app.use(cors({
  origin(ctx) {
    const origin = ctx.get('Origin');
    return allowlist.includes(origin) ? origin : '';
  },
}));
const router = new Router();
router.all('/api/items', (ctx) => {
  ctx.body = { ok: true };
});
app.use(router.routes());
app.listen(Number(process.env.PORT), '127.0.0.1');
