// (unused: this scenario configures hono/cors in server.mjs)
export {};
