// Next.js config for the harness: nothing CORS-related (the generated proxy/middleware is the
// only layer that sets CORS headers).
const config = {};
export default config;
