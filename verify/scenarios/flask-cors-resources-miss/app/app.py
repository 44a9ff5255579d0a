# Broken on purpose: the resources pattern is for the old /api/v1/ prefix.
from flask import Flask
from flask_cors import CORS

app = Flask(__name__)
CORS(app, resources={r"/api/v1/*": {"origins": ["http://localhost:5173"]}})
