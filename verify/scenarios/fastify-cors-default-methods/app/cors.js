// Broken on purpose: no `methods`, so @fastify/cors 11 allows only GET,HEAD,POST.
'use strict';

const fastify = require('fastify')({ logger: false });

async function main() {
  await fastify.register(require('@fastify/cors'), {
    origin: ['http://localhost:5173'],
  });

  const items = async (req, reply) => {
    reply.header('X-Total-Count', '42');
    return { ok: true };
  };
  fastify.get('/api/items', items);
  fastify.put('/api/items', items);
  fastify.get('/api/health', async () => ({ ok: true }));

  await fastify.listen({ port: Number(process.env.PORT || 3000), host: '127.0.0.1' });
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
