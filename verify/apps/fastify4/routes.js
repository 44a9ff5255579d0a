  // --- routes spliced in by the verification harness (Fastify 4; before the generated health route) ---
  fastify.register(async (api) => {
    api.addHook('onRequest', async (req, reply) => {
      if (req.headers.authorization !== 'Bearer s3cret') {
        return reply.code(401).send({ error: 'unauthorized' });
      }
      return undefined;
    });
    api.route({ method: ['GET', 'PUT'], url: '/api/private', handler: async () => ({ ok: true }) });
  });
  fastify.route({
    method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    url: '/api/items',
    handler: async (req, reply) => {
      reply.header('X-Total-Count', '42');
      return { ok: true };
    },
  });
  // An unhandled error: Fastify's default error handler answers the rejected handler with 500.
  fastify.get('/api/error', async () => {
    throw new Error('boom');
  });
