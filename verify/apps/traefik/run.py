"""The application behind Traefik (a stdlib HTTP server on the app port, in a thread), then
Traefik itself from the venv's bin directory.

Traefik binds its entry point at once but loads the file provider's routes a moment later (it
answers 404 until then), and the harness probes as soon as its port accepts connections. So
Traefik listens on a port of its own, and the harness's port is opened only once a request
through Traefik reaches the application: from then on it is a byte-for-byte TCP relay to
Traefik's entry point.
"""

import http.client
import http.server
import json
import os
import secrets
import socket
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
# Marks this app's answers: Traefik's port is picked free and released before Traefik binds it,
# so under load another policy's Traefik can hold it (ours then fails to bind and keeps
# running without an entry point). Routes count as loaded only when our own app answers.
INSTANCE = secrets.token_hex(8)
PORT = int("@@PORT@@")
APP_PORT = int("@@APPPORT@@")


class App(http.server.BaseHTTPRequestHandler):
    def answer(self, status, body, extra=()):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for k, v in extra:
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def route(self):
        path = self.path.split("?", 1)[0]
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        if path == "/auth":
            # forward-auth's check: 2xx lets the request through, anything else is the answer.
            if self.headers.get("Authorization") == "Bearer s3cret":
                return self.answer(200, {"ok": True})
            return self.answer(401, {"error": "unauthorized"})
        if path == "/api/items":
            return self.answer(
                200, {"ok": True}, [("X-Total-Count", "42"), ("X-Verify-Instance", INSTANCE)]
            )
        if path == "/api/error":
            # Explicit: an exception in a stdlib handler only drops the connection (Traefik
            # would answer 502), so there is no crash 500 to check here; the point is Traefik
            # decorating the backend's 500.
            return self.answer(500, {"error": "boom"})
        if path == "/api/private":
            return self.answer(200, {"ok": True})
        return self.answer(404, {"error": "not found"})

    do_GET = do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = route

    def log_message(self, *args):
        pass


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def routes_loaded(port):
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        conn.request("GET", "/api/items")
        resp = conn.getresponse()
        return (
            resp.getheader("X-Total-Count") == "42"
            and resp.getheader("X-Verify-Instance") == INSTANCE
        )
    except OSError:
        return False


def pump(src, dst):
    try:
        while data := src.recv(65536):
            dst.sendall(data)
    except OSError:
        pass
    finally:
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def relay(listener, port):
    while True:
        client, _ = listener.accept()
        try:
            upstream = socket.create_connection(("127.0.0.1", port))
        except OSError:
            client.close()
            continue
        for a, b in ((client, upstream), (upstream, client)):
            threading.Thread(target=pump, args=(a, b), daemon=True).start()


def main():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", APP_PORT), App)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    traefik = os.path.join(os.path.dirname(sys.executable), "traefik")
    conf = os.path.join(HERE, "traefik.yml")
    with open(os.path.join(HERE, "traefik.yml.in"), encoding="utf-8") as f:
        template = f.read()
    for _attempt in range(5):
        traefik_port = free_port()
        with open(conf, "w", encoding="utf-8") as f:
            f.write(template.replace("{traefik_port}", str(traefik_port)))
        proc = subprocess.Popen([traefik, f"--configFile={conf}"])
        deadline = time.monotonic() + 20
        while not routes_loaded(traefik_port) and time.monotonic() < deadline:
            if proc.poll() is not None:
                sys.exit(f"traefik exited ({proc.returncode})")
            time.sleep(0.1)
        if routes_loaded(traefik_port):
            break
        # Not ours on that port within 20 s: another process took it. Again on a new port.
        proc.terminate()
        proc.wait()
    else:
        sys.exit("traefik never served this app's routes on a port of its own")
    listener = socket.create_server(("127.0.0.1", PORT))
    threading.Thread(target=relay, args=(listener, traefik_port), daemon=True).start()
    sys.exit(proc.wait())


main()
