#!/usr/bin/env python3
"""Seed the fuzz corpora under fuzz/corpus/ from the repository's fixtures (run once; the
fuzzer grows the corpora and `scripts/fuzz.sh cmin` minimises them). Idempotent: files are
named by the hash of their content."""
import hashlib, json, pathlib, tomllib

root = pathlib.Path(__file__).resolve().parent.parent
corpus = root / "fuzz" / "corpus"

def put(target, data: bytes):
    d = corpus / target
    d.mkdir(parents=True, exist_ok=True)
    (d / hashlib.sha1(data).hexdigest()).write_bytes(data)

# The case format: every recorded Chromium case.
for line in (root / "fixtures/chromium-sample/cases.jsonl").read_text().splitlines():
    if line.strip():
        put("case_json", line.encode())

# Policies: TOML files as they are, the same policies as JSON; one selector byte first.
for i, p in enumerate(sorted((root / "fixtures/policy").rglob("*.toml"))):
    text = p.read_bytes()
    put("policy_toml", bytes([i % 256]) + text)
    try:
        put("policy_json", bytes([i % 256]) + json.dumps(tomllib.loads(text.decode())).encode())
    except Exception:
        pass

# HAR files.
for p in sorted(root.glob("fixtures/**/*.har")):
    put("har", p.read_bytes())

# HTTP/1.1 responses as servers send them (scanner).
responses = [
    b"HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: https://evil.example\r\nAccess-Control-Allow-Credentials: true\r\nVary: Origin\r\nContent-Length: 2\r\n\r\nok",
    b"HTTP/1.1 204 No Content\r\nAccess-Control-Allow-Methods: GET, PUT\r\nAccess-Control-Allow-Headers: x-a\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
    b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\nX-Trailer: 1\r\n\r\n",
    b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 301 Moved\r\nLocation: http://127.0.0.1/\r\nConnection: close\r\n\r\n",
    b"HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 3\r\n\r\nabcHTTP/1.0 200 OK\r\n\r\nbody until close",
    b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n",
    b"HTTP/1.1 200 OK\r\nStrict-Transport-Security: max-age=1\r\nAccess-Control-Allow-Origin: *\r\nAccess-Control-Allow-Origin: null\r\n\r\n",
]
for r in responses:
    put("scan_response", r)

# API bodies: selector byte (route % 4: simulate, generate, explain, check).
gen = {"policy": {"origins": ["https://app.example.com", "https://admin.example.com"],
                  "credentials": True, "methods": ["GET", "POST", "PUT", "DELETE"],
                  "request_headers": ["Content-Type", "Authorization"],
                  "expose_headers": ["X-Total-Count"], "max_age": 600}, "target": "express"}
put("web_api", bytes([1]) + json.dumps(gen).encode())
for line in (root / "fixtures/chromium-sample/cases.jsonl").read_text().splitlines()[:20]:
    put("web_api", bytes([0]) + json.dumps({"case": json.loads(line)}).encode())
    put("web_api", bytes([0]) + line.encode())
for p in sorted((root / "fixtures/explain").glob("*.txt"))[:30]:
    put("web_api", bytes([2]) + json.dumps({"text": p.read_text(errors="replace")}).encode())
put("web_api", bytes([3]) + json.dumps({"url": "https://api.example.com/x", "origin": "https://app.example.com", "method": "PUT"}).encode())

# Page targets: selector byte (prefix % 7: "/?", "/errors/", "/fix/", "/rules/", "/assets/", "/api/v1/", "/").
for sel, rest in [
    (0, "mode=fix&origins=https%3A%2F%2Fapp.example.com&credentials=on&methods=GET%2CPUT&target=express"),
    (0, "mode=explain&text=Access+to+fetch+at+%27https%3A%2F%2Fa.example%2F%27+from+origin+%27https%3A%2F%2Fb.example%27+has+been+blocked+by+CORS+policy"),
    (0, "mode=check&url=https%3A%2F%2Fapi.example.com&origin=https%3A%2F%2Fapp.example.com"),
    (1, "no-allow-origin"), (2, "express"), (3, "CORS003"), (4, "style.css"), (5, "openapi.json"),
    (6, "errors"), (6, "fix"),
]:
    put("web_query", bytes([sel]) + rest.encode())
