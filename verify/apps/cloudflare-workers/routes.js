  // --- the route contract, spliced into the generated `handle` by the verification harness ---
  const path = new URL(request.url).pathname;
  const json = (status, body, headers = {}) =>
    new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json', ...headers },
    });
  // Authentication on the whole /api/private path, OPTIONS included: a preflight that reached
  // `handle` would get 401.
  if (path === '/api/private') {
    if (request.headers.get('Authorization') !== 'Bearer s3cret') {
      return json(401, { error: 'unauthorized' });
    }
    return json(200, { ok: true });
  }
  if (path === '/api/items') return json(200, { ok: true }, { 'X-Total-Count': '42' });
  // An unhandled error: the generated wrapper's catch turns it into the 500.
  if (path === '/api/error') throw new Error('boom');
