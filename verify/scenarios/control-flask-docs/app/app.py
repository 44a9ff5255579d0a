# flask-cors as documented: explicit origins, credentials, and the header the page reads.
from flask import Flask
from flask_cors import CORS

app = Flask(__name__)
CORS(app, origins=["http://localhost:5173"], supports_credentials=True,
     expose_headers=["X-Total-Count"])
