# Broken on purpose: routes added after the cors.add() loop get no CORS.
import os

import aiohttp_cors
from aiohttp import web


async def health(request):
    return web.json_response({"ok": True})


async def items(request):
    return web.json_response({"ok": True}, headers={"X-Total-Count": "42"})


app = web.Application()
app.router.add_get("/api/health", health)

cors = aiohttp_cors.setup(
    app,
    defaults={
        "http://localhost:5173": aiohttp_cors.ResourceOptions(
            allow_credentials=True,
            expose_headers=("X-Total-Count",),
            allow_headers=("Content-Type", "Authorization"),
            allow_methods=["GET", "POST", "PUT", "DELETE"],
        )
    },
)
for route in list(app.router.routes()):
    cors.add(route)

# Added later (another module registering its routes): never passed to cors.add().
app.router.add_route("GET", "/api/items", items)
app.router.add_route("PUT", "/api/items", items)

if __name__ == "__main__":
    web.run_app(app, host="127.0.0.1", port=int(os.environ["PORT"]), print=None)
