// Koa app for the harness (Koa 3; `koa@2` runs it on Koa 2 through a node_modules redirect); CORS comes from the generated ./cors.js, registered first.
'use strict';
const Koa = require('koa');
const Router = require('@koa/router');

const app = new Koa();
app.use(require('./cors'));
app.use(async (ctx, next) => {
  if (ctx.path === '/api/private' && ctx.get('Authorization') !== 'Bearer s3cret') {
    ctx.status = 401;
    ctx.body = { error: 'unauthorized' };
    return;
  }
  await next();
});
const router = new Router();
router.all('/api/items', (ctx) => {
  ctx.set('X-Total-Count', '42');
  ctx.body = { ok: true };
});
// An unhandled error: Koa's default ctx.onerror answers 500 (and first removes every header
// already set on the response).
router.get('/api/error', () => {
  throw new Error('boom');
});
router.all('/api/private', (ctx) => {
  ctx.body = { ok: true };
});
app.use(router.routes());
app.listen(Number(process.env.PORT), '127.0.0.1');
