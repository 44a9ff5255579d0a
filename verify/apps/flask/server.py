# Flask app for the harness: the generated app.py (Flask app + flask-cors) is imported as is,
# then the routes are added; the authenticated route uses a view decorator.
import functools
import os

from flask import jsonify, request

from app import app


def require_token(view):
    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        if request.headers.get("Authorization") != "Bearer s3cret":
            return jsonify(error="unauthorized"), 401
        return view(*args, **kwargs)

    return wrapped


@app.route("/api/items", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
def items():
    return jsonify(ok=True), 200, {"X-Total-Count": "42"}


# An unhandled error: Flask's handle_exception answers 500 (debug is off).
@app.get("/api/error")
def error():
    raise RuntimeError("boom")


@app.route("/api/private", methods=["GET", "PUT"])
@require_token
def private():
    return jsonify(ok=True)


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=int(os.environ["PORT"]), debug=False)
