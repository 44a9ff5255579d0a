# Broken on purpose: the token check runs for OPTIONS too.
from flask import Flask, jsonify, request
from flask_cors import CORS

app = Flask(__name__)
CORS(app, origins=["http://localhost:5173"], allow_headers=["Content-Type", "Authorization"],
     methods=["GET", "PUT"])


@app.before_request
def require_token():
    if request.path.startswith("/api/private") and \
            request.headers.get("Authorization") != "Bearer s3cret":
        return jsonify(error="unauthorized"), 401
    return None
