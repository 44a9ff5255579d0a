// A correct configuration, as Hono's CORS middleware documentation shows it.
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { serve } from '@hono/node-server';

const app = new Hono();
app.use(
  '/api/*',
  cors({
    origin: 'http://localhost:5173',
    allowHeaders: ['Content-Type', 'Authorization'],
    allowMethods: ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS'],
    exposeHeaders: ['X-Total-Count'],
    maxAge: 600,
    credentials: true,
  }),
);
app.on(['GET', 'PUT'], '/api/items', (c) => {
  c.header('X-Total-Count', '42');
  return c.json({ ok: true });
});
serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: '127.0.0.1' });
