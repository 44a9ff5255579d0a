// Broken on purpose: the origin check errors out for an origin it does not know.
'use strict';

const fastify = require('fastify')({ logger: false });
const allowlist = ['http://localhost:3000'];

async function main() {
  await fastify.register(require('@fastify/cors'), {
    origin: (origin, cb) => {
      if (!origin || allowlist.includes(origin)) return cb(null, true);
      return cb(new Error('Not allowed'), false);
    },
  });

  fastify.get('/api/items', async () => ({ ok: true }));
  fastify.get('/api/health', async () => ({ ok: true }));

  await fastify.listen({ port: Number(process.env.PORT || 3000), host: '127.0.0.1' });
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
