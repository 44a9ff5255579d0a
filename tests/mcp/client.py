"""Drive `corsfix mcp` with the official Python MCP SDK (`mcp` on PyPI).

Starts the server over stdio, initializes, lists the tools and validates every schema
(jsonschema), calls each tool with the valid and invalid inputs of cases.json and compares the
structured answers with the CLI's `--json` output for the same input, reads the resources, and
checks that protocol errors leave the server serving. Exits non-zero on the first failure.

    CORSFIX_BIN=target/debug/corsfix tests/mcp/.venv/bin/python tests/mcp/client.py
"""

from __future__ import annotations

import asyncio
import copy
import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import jsonschema
from jsonschema.validators import validator_for
from referencing import Registry

from mcp import ClientSession, MCPError, StdioServerParameters, stdio_client

HERE = Path(__file__).resolve().parent
BIN = os.environ.get("CORSFIX_BIN") or str(HERE.parent.parent / "target" / "debug" / "corsfix")
TOOLS = {"explain", "simulate", "check", "generate", "lint", "targets"}
PAGE = "https://app.example.com"

passed = 0


def ok(cond: bool, what: str) -> None:
    global passed
    if not cond:
        raise AssertionError(what)
    passed += 1


# --- a CORS test server on 127.0.0.1 (the same one client.mjs runs) ---------------------------


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # keep stderr quiet
        pass

    def send_response(self, code, message=None):  # no Date or Server: answers must repeat exactly
        self.send_response_only(code, message)

    def answer(self, status: int, headers: list[tuple[str, str]], body: bytes = b"") -> None:
        self.send_response(status)
        for n, v in headers:
            self.send_header(n, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def cors(self) -> list[tuple[str, str]]:
        origin = self.headers.get("Origin")
        if origin != PAGE:
            return [("Vary", "Origin")]
        return [
            ("Access-Control-Allow-Origin", origin),
            ("Access-Control-Allow-Credentials", "true"),
            ("Vary", "Origin"),
        ]

    def route(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        if self.path == "/ok":
            if self.command == "OPTIONS":
                self.answer(
                    204,
                    self.cors()
                    + [
                        ("Access-Control-Allow-Methods", "GET, POST, PUT"),
                        ("Access-Control-Allow-Headers", "Content-Type"),
                        ("Access-Control-Max-Age", "600"),
                    ],
                )
            else:
                self.answer(200, self.cors() + [("Content-Type", "application/json")], b'{"items":[]}')
        elif self.path == "/bare":
            if self.command == "OPTIONS":
                self.answer(404, [("Content-Type", "text/plain")], b"not found")
            else:
                self.answer(200, [("Content-Type", "application/json")], b"{}")
        else:
            self.answer(404, [("Content-Type", "text/plain")], b"not found")

    do_GET = do_POST = do_PUT = do_DELETE = do_OPTIONS = do_HEAD = do_PATCH = route


def start_server() -> tuple[ThreadingHTTPServer, str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


# --- helpers ------------------------------------------------------------------------------------


def fill(value, base: str):
    """Replace `{base}` in every string of a JSON value."""
    if isinstance(value, str):
        return value.replace("{base}", base)
    if isinstance(value, list):
        return [fill(v, base) for v in value]
    if isinstance(value, dict):
        return {k: fill(v, base) for k, v in value.items()}
    return value


def cli(spec: dict, base: str):
    args = [BIN] + fill(spec["args"], base)
    run = subprocess.run(
        args,
        input=fill(spec.get("stdin", ""), base).encode(),
        capture_output=True,
        timeout=120,
    )
    text = run.stdout.decode().strip()
    if not text:
        raise AssertionError(f"{args}: no output (exit {run.returncode}): {run.stderr.decode()}")
    return json.loads(text)


def without_elapsed(value):
    """A probe's answer without what changes from run to run (elapsed times)."""
    if isinstance(value, dict):
        return {k: without_elapsed(v) for k, v in value.items() if k != "elapsed_ms"}
    if isinstance(value, list):
        return [without_elapsed(v) for v in value]
    return value


def expected(case: dict, cli_out):
    how = case["compare"]
    if how == "exact":
        return cli_out
    if how == "without-file":
        out = copy.deepcopy(cli_out)
        out.pop("file", None)
        return out
    if how == "targets":
        return {"targets": cli_out}
    if how == "probe":
        return without_elapsed(cli_out)
    raise AssertionError(f"unknown comparison {how}")


def text_of(result) -> str:
    return "\n".join(c.text for c in result.content if getattr(c, "type", None) == "text")


def first_difference(a, b, path="$") -> str:
    if type(a) is not type(b):
        return f"{path}: {a!r} != {b!r}"
    if isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                return f"{path}.{k}: only in {'MCP' if k in a else 'CLI'}"
            d = first_difference(a[k], b[k], f"{path}.{k}")
            if d:
                return d
        return ""
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{path}: {len(a)} items != {len(b)}"
        for i, (x, y) in enumerate(zip(a, b)):
            d = first_difference(x, y, f"{path}[{i}]")
            if d:
                return d
        return ""
    return "" if a == b else f"{path}: {a!r} != {b!r}"


# --- the test -----------------------------------------------------------------------------------


async def main() -> None:
    if not Path(BIN).is_file():
        raise SystemExit(f"client.py: no corsfix binary at {BIN} (set CORSFIX_BIN)")
    cases = json.loads((HERE / "cases.json").read_text())
    http, base = start_server()
    params = StdioServerParameters(command=BIN, args=["mcp"], env={"CORSFIX_LOG": "warn"})
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write) as session:
            init = await session.initialize()
            ok(init.server_info.name == "corsfix", f"server name {init.server_info.name}")
            ok(init.capabilities.tools is not None, "tools capability")
            ok(init.capabilities.resources is not None, "resources capability")

            # Every tool is listed, with valid JSON Schemas for input and output.
            listed = (await session.list_tools()).tools
            names = {t.name for t in listed}
            ok(names == TOOLS, f"tools {sorted(names)}")
            schemas = {}
            for tool in listed:
                ok(bool(tool.description), f"{tool.name}: description")
                for kind, schema in (("input", tool.input_schema), ("output", tool.output_schema)):
                    ok(schema is not None and schema.get("type") == "object", f"{tool.name}: {kind} schema is an object schema")
                    validator_for(schema).check_schema(schema)
                schemas[tool.name] = tool

            def validate(schema: dict, instance, what: str) -> None:
                cls = validator_for(schema)
                errors = list(cls(schema, registry=Registry()).iter_errors(instance))
                ok(not errors, f"{what}: {errors[0].message if errors else ''}")

            # Valid calls: the structured answer validates and equals the CLI's --json.
            for case in cases["valid"]:
                args = fill(case["arguments"], base)
                what = f"{case['tool']} {json.dumps(args)[:80]}"
                validate(schemas[case["tool"]].input_schema, args, f"{what}: arguments match the input schema")
                result = await session.call_tool(case["tool"], args)
                ok(not result.is_error, f"{what}: tool error: {text_of(result)}")
                got = result.structured_content
                validate(schemas[case["tool"]].output_schema, got, f"{what}: output schema")
                ok(bool(text_of(result).strip()), f"{what}: a text answer")
                if isinstance(got, dict) and isinstance(got.get("report"), dict):
                    line = got["report"]["verdict"]["line"]
                    ok(line in text_of(result), f"{what}: the text starts from the report's verdict")
                want = expected(case, cli(case["cli"], base))
                if case["compare"] == "probe":
                    got = without_elapsed(got)
                diff = first_difference(got, want)
                ok(not diff, f"{what}: differs from `corsfix {' '.join(case['cli']['args'])}`: {diff}")

            # Invalid calls: tool errors that say what is wrong; the server keeps serving.
            for case in cases["error"]:
                args = fill(case["arguments"], base)
                what = f"{case['tool']} {json.dumps(args)[:80]}"
                result = await session.call_tool(case["tool"], args)
                ok(result.is_error is True, f"{what}: expected a tool error, got {text_of(result)[:200]}")
                ok(case["says"] in text_of(result), f"{what}: the message {text_of(result)!r} lacks {case['says']!r}")
                if "cli" in case:
                    want = cli(case["cli"], base)
                    diff = first_difference(result.structured_content, want)
                    ok(not diff, f"{what}: differs from the CLI: {diff}")

            # An unknown tool is a protocol error.
            try:
                await session.call_tool("no-such-tool", {})
                ok(False, "an unknown tool must be a protocol error")
            except MCPError as e:
                ok("unknown tool" in str(e), f"unknown tool message: {e}")

            # Resources: the error pages, the rules, the targets.
            resources = (await session.list_resources()).resources
            uris = {str(r.uri) for r in resources}
            for uri in ("corsfix://errors", "corsfix://rules", "corsfix://targets",
                        "corsfix://errors/missing-allow-origin-header", "corsfix://rules/CORS001"):
                ok(uri in uris, f"resource {uri} listed")
            for r in resources:
                read_back = await session.read_resource(r.uri)
                body = read_back.contents[0].text
                ok(body.startswith("# "), f"{r.uri}: markdown")
            templates = (await session.list_resource_templates()).resource_templates
            ok({t.uri_template for t in templates} == {"corsfix://errors/{slug}", "corsfix://rules/{code}"}, "templates")
            page = (await session.read_resource("corsfix://errors/preflight-invalid-status")).contents[0].text
            ok("It does not have HTTP ok status." in page, "the error page carries Chrome's exact line")
            try:
                await session.read_resource("corsfix://errors/no-such-error")
                ok(False, "an unknown resource must be a protocol error")
            except MCPError as e:
                ok("no resource" in str(e), f"unknown resource message: {e}")

            # Still serving after all of the above.
            again = await session.call_tool("targets", {})
            ok(not again.is_error and len(again.structured_content["targets"]) > 10, "still serving")
    http.shutdown()
    print(f"python mcp client: {passed} passed, 0 failed")


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except Exception as e:  # noqa: BLE001 - report the first failure, whatever raised it
        # The SDK runs the session in a task group: the failure may come wrapped in groups.
        leaf: BaseException = e
        while isinstance(leaf, BaseExceptionGroup) and leaf.exceptions:
            leaf = leaf.exceptions[0]
        print(f"python mcp client: FAILED after {passed} checks: {type(leaf).__name__}: {leaf}", file=sys.stderr)
        sys.exit(1)
