// /api/private behind bearer-token auth. OPTIONS is exported too and goes through the same
// check, so a preflight that reached the route handler would get 401.
export const dynamic = 'force-dynamic';

type Handler = (request: Request) => Response;

function withAuth(handler: Handler): Handler {
  return (request) => {
    if (request.headers.get('authorization') !== 'Bearer s3cret') {
      return Response.json({ error: 'unauthorized' }, { status: 401 });
    }
    return handler(request);
  };
}

const ok: Handler = () => Response.json({ ok: true });

export const GET = withAuth(ok);
export const PUT = withAuth(ok);
export const OPTIONS = withAuth(ok);
