# Broken on purpose: CORS allows the credentialed call, but the session cookie has no
# SameSite=None; Secure, so it is not sent back on cross-site requests.
from flask import Flask, jsonify, session
from flask_cors import CORS

app = Flask(__name__)
app.secret_key = "dev-only-secret"
CORS(app, origins=["http://localhost:5173"], supports_credentials=True)


@app.post("/api/login")
def login():
    session["user"] = "ada"
    return jsonify(ok=True)
