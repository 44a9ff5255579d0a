// Hono app for the harness; CORS comes from the generated src/cors.ts (transpiled by build.mjs).
import { Hono } from 'hono';
import { serve } from '@hono/node-server';
import { corsMiddleware, corsPaths } from './src/cors.mjs';

const app = new Hono();
for (const path of corsPaths) app.use(path, corsMiddleware);
app.use('/api/private', async (c, next) => {
  if (c.req.header('Authorization') !== 'Bearer s3cret') return c.json({ error: 'unauthorized' }, 401);
  await next();
});
app.on(['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], '/api/items', (c) => {
  c.header('X-Total-Count', '42');
  return c.json({ ok: true });
});
// An unhandled error: Hono's default onError answers 500.
app.get('/api/error', () => {
  throw new Error('boom');
});
app.on(['GET', 'PUT'], '/api/private', (c) => c.json({ ok: true }));
serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: '127.0.0.1' });
