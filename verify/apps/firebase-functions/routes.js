  // --- the route contract, spliced into the generated handler by the verification harness ---
  const path = req.path;
  // Authentication on the whole /api/private path: a preflight that reached the handler
  // would get 401.
  if (path === '/api/private') {
    if (req.get('Authorization') !== 'Bearer s3cret') {
      res.status(401).json({ error: 'unauthorized' });
      return;
    }
    res.json({ ok: true });
    return;
  }
  if (path === '/api/items') {
    res.set('X-Total-Count', '42').json({ ok: true });
    return;
  }
  if (path === '/api/error') {
    res.status(500).json({ error: 'boom' });
    return;
  }
