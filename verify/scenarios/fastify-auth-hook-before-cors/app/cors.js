// Broken on purpose: the auth hook is added before @fastify/cors registers its own onRequest
// hook, so it runs first and refuses the token-less preflight.
'use strict';

const fastify = require('fastify')({ logger: false });

async function main() {
  fastify.addHook('onRequest', async (req, reply) => {
    if (req.url.startsWith('/api/private') && req.headers.authorization !== 'Bearer s3cret') {
      return reply.code(401).send({ error: 'unauthorized' });
    }
    return undefined;
  });
  await fastify.register(require('@fastify/cors'), {
    origin: ['http://localhost:5173'],
    methods: ['GET', 'PUT'],
    allowedHeaders: ['Content-Type', 'Authorization'],
  });

  fastify.put('/api/private', async () => ({ ok: true }));
  fastify.get('/api/health', async () => ({ ok: true }));

  await fastify.listen({ port: Number(process.env.PORT || 3000), host: '127.0.0.1' });
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
