# aiohttp app for the harness: the generated cors_middleware first (outermost), then auth.
import os

from aiohttp import web

from cors import cors_middleware


@web.middleware
async def auth_middleware(request, handler):
    if request.path == "/api/private" and request.headers.get("Authorization") != "Bearer s3cret":
        return web.json_response({"error": "unauthorized"}, status=401)
    return await handler(request)


async def items(request):
    return web.json_response({"ok": True}, headers={"X-Total-Count": "42"})


# An unhandled error: without help, aiohttp's request handler answers 500 outside every
# middleware.
async def error(request):
    raise RuntimeError("boom")


async def private(request):
    return web.json_response({"ok": True})


app = web.Application(middlewares=[cors_middleware, auth_middleware])
for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
    app.router.add_route(method, "/api/items", items)
app.router.add_get("/api/error", error)
app.router.add_route("GET", "/api/private", private)
app.router.add_route("PUT", "/api/private", private)

if __name__ == "__main__":
    web.run_app(app, host="127.0.0.1", port=int(os.environ["PORT"]), print=None)
