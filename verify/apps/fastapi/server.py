# FastAPI app for the harness: the generated main.py (app + CORSMiddleware) is imported as is,
# then the routes are added; the authenticated route uses a dependency.
from fastapi import Depends, Header, HTTPException
from fastapi.responses import JSONResponse

from main import app


def require_token(authorization: str | None = Header(default=None)):
    if authorization != "Bearer s3cret":
        raise HTTPException(status_code=401, detail="unauthorized")


@app.api_route("/api/items", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
async def items():
    return JSONResponse({"ok": True}, headers={"X-Total-Count": "42"})


# An unhandled error: without help, Starlette's outermost ServerErrorMiddleware answers 500.
@app.get("/api/error")
async def error():
    raise RuntimeError("boom")


@app.api_route("/api/private", methods=["GET", "PUT"], dependencies=[Depends(require_token)])
async def private():
    return {"ok": True}
