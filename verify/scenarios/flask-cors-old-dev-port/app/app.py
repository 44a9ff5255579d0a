# Broken on purpose: the allow-list still names the old dev-server port.
from flask import Flask
from flask_cors import CORS

app = Flask(__name__)
CORS(app, origins=["http://localhost:3000"])
