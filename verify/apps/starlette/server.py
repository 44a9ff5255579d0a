# Starlette app for the harness: the generated app.py (the Starlette app with CORSMiddleware
# outermost and ErrorsInsideCors inside it) is imported as is, then the routes are added.
# /api/error raises, so the 500 comes from the generated ErrorsInsideCors; /api/private is a
# raw ASGI endpoint behind a token check that answers every method, OPTIONS included (it would
# reject a preflight that reached it).
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from app import app


async def items(request):
    return JSONResponse({"ok": True}, headers={"X-Total-Count": "42"})


async def error(request):
    raise RuntimeError("boom (the harness's 500 route)")


class Private:
    """Token auth in front of the handler, for every method."""

    async def __call__(self, scope, receive, send):
        request = Request(scope, receive)
        if request.headers.get("authorization") != "Bearer s3cret":
            response = JSONResponse({"error": "unauthorized"}, status_code=401)
        else:
            response = JSONResponse({"ok": True})
        await response(scope, receive, send)


app.router.routes.extend(
    [
        Route("/api/items", items, methods=["GET", "POST", "PUT", "PATCH", "DELETE"]),
        Route("/api/error", error),
        Route("/api/private", Private()),
    ]
)
