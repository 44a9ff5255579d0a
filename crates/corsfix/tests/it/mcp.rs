//! `corsfix mcp`: the protocol at the frame level (malformed frames, unknown methods, requests
//! out of order, oversized messages, end of input), and the two official SDK clients
//! (`tests/mcp/client.py` on the Python SDK, `tests/mcp/client.mjs` on the TypeScript SDK),
//! which compare every tool's answer with the CLI's `--json` output.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{Value, json};

const WAIT: Duration = Duration::from_secs(30);

/// A running `corsfix mcp` with its standard output read line by line.
struct Server {
    child: Child,
    stdin: Option<ChildStdin>,
    lines: mpsc::Receiver<String>,
}

impl Server {
    fn start(args: &[&str]) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_corsfix"))
            .arg("mcp")
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start corsfix mcp");
        let stdin = child.stdin.take();
        let stdout = child.stdout.take().expect("stdout");
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Self {
            child,
            stdin,
            lines,
        }
    }

    fn send_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin.write_all(bytes).expect("write");
        stdin.flush().expect("flush");
    }

    fn send(&mut self, msg: &Value) {
        let mut line = serde_json::to_vec(msg).expect("json");
        line.push(b'\n');
        self.send_raw(&line);
    }

    /// The next message on standard output (every line must be one JSON value).
    fn recv(&self) -> Value {
        let line = self
            .lines
            .recv_timeout(WAIT)
            .expect("the server answers in time");
        serde_json::from_str(&line)
            .unwrap_or_else(|e| panic!("standard output carried a non-JSON line ({e}): {line}"))
    }

    /// The response to request `id` (responses may come in any order; others are returned
    /// too, in arrival order, so a test can check them).
    fn response(&self, id: &Value, others: &mut Vec<Value>) -> Value {
        loop {
            let m = self.recv();
            if m.get("id") == Some(id) && (m.get("result").is_some() || m.get("error").is_some()) {
                return m;
            }
            others.push(m);
        }
    }

    fn request(&mut self, id: u64, method: &str, params: Value) -> Value {
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        let mut others = Vec::new();
        let r = self.response(&json!(id), &mut others);
        assert!(others.is_empty(), "unexpected messages: {others:?}");
        r
    }

    fn initialize(&mut self) {
        let r = self.request(
            1,
            "initialize",
            json!({"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "it", "version": "1"}}),
        );
        assert_eq!(r["result"]["serverInfo"]["name"], "corsfix", "{r}");
        self.send(&json!({"jsonrpc": "2.0", "method": "notifications/initialized"}));
    }

    /// Close standard input and wait for the server to exit; its exit code.
    fn finish(mut self) -> Option<i32> {
        drop(self.stdin.take());
        for _ in 0..300 {
            if let Some(status) = self.child.try_wait().expect("wait") {
                assert!(
                    self.lines.recv_timeout(Duration::from_millis(200)).is_err(),
                    "output after the end"
                );
                return status.code();
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = self.child.kill();
        panic!("the server did not exit when its input ended");
    }
}

fn error_code(m: &Value) -> i64 {
    m["error"]["code"]
        .as_i64()
        .unwrap_or_else(|| panic!("not an error: {m}"))
}

#[test]
fn garbage_gets_parse_errors_and_the_server_keeps_serving() {
    let mut s = Server::start(&[]);
    // Not JSON at all, cut-off JSON, bytes that are not UTF-8, two values on one line.
    for garbage in [
        &b"hello\n"[..],
        b"{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\"\n",
        b"\xff\xfe\x00garbage\n",
        b"{} {}\n",
    ] {
        s.send_raw(garbage);
        let m = s.recv();
        assert_eq!(error_code(&m), -32700, "{m}");
        assert_eq!(m["id"], Value::Null, "{m}");
        assert_eq!(m["jsonrpc"], "2.0");
    }
    // Blank lines are skipped without a word.
    s.send_raw(b"\n   \n\r\n");
    s.initialize();
    // JSON that is not a JSON-RPC message: Invalid Request.
    for not_a_message in [json!({"hello": "world"}), json!([1, 2, 3]), json!("text")] {
        s.send(&not_a_message);
        let m = s.recv();
        assert_eq!(error_code(&m), -32600, "{m}");
        assert_eq!(m["id"], Value::Null, "{m}");
    }
    // Unknown methods: Method not found, with the request's id; an unknown notification is
    // ignored.
    s.send(&json!({"jsonrpc": "2.0", "method": "notifications/no-such-thing"}));
    let r = s.request(7, "no/such/method", json!({}));
    assert_eq!(error_code(&r), -32601, "{r}");
    // A tools/call without its params, and with an unknown tool.
    s.send(&json!({"jsonrpc": "2.0", "id": 8, "method": "tools/call"}));
    let r = s.recv();
    assert!(r.get("error").is_some(), "{r}");
    let r = s.request(9, "tools/call", json!({"name": "nope", "arguments": {}}));
    assert_eq!(error_code(&r), -32602, "{r}");
    assert!(
        r["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("unknown tool `nope`")),
        "{r}"
    );
    // An unknown resource.
    let r = s.request(10, "resources/read", json!({"uri": "corsfix://nothing"}));
    assert!(r.get("error").is_some(), "{r}");
    // Bad arguments are a tool error, not a protocol error.
    let r = s.request(
        11,
        "tools/call",
        json!({"name": "lint", "arguments": {"policy": {"origins": 5}}}),
    );
    assert_eq!(r["result"]["isError"], true, "{r}");
    // And after all that, the server still serves.
    let r = s.request(12, "tools/list", json!({}));
    let names: Vec<&str> = r["result"]["tools"]
        .as_array()
        .expect("tools")
        .iter()
        .filter_map(|t| t["name"].as_str())
        .collect();
    assert_eq!(
        names,
        [
            "check", "explain", "generate", "lint", "simulate", "targets"
        ]
    );
    let r = s.request(
        13,
        "tools/call",
        json!({"name": "simulate", "arguments": {"case": {"origin": "https://a.example", "url": "https://b.example/x", "request": {"method": "DELETE"}}}}),
    );
    assert_eq!(r["result"]["isError"], false, "{r}");
    assert_eq!(r["result"]["structuredContent"]["chrome"]["allowed"], false);
    assert_eq!(s.finish(), Some(0));
}

#[test]
fn requests_before_initialize_are_answered_and_the_handshake_still_works() {
    let mut s = Server::start(&[]);
    let r = s.request(1, "ping", json!({}));
    assert_eq!(r["result"], json!({}), "{r}");
    s.send(&json!({"jsonrpc": "2.0", "id": 2, "method": "tools/list"}));
    let r = s.recv();
    assert_eq!(r["id"], 2);
    assert!(r.get("error").is_some(), "{r}");
    s.initialize();
    let r = s.request(3, "tools/list", json!({}));
    assert!(r["result"]["tools"].is_array(), "{r}");
    assert_eq!(s.finish(), Some(0));
}

#[test]
fn an_oversized_message_is_refused_and_the_next_one_read() {
    let mut s = Server::start(&[]);
    let mut big = vec![b'x'; 9 * 1024 * 1024];
    big.push(b'\n');
    s.send_raw(&big);
    let m = s.recv();
    assert_eq!(error_code(&m), -32600, "{m}");
    s.initialize();
    assert_eq!(s.finish(), Some(0));
}

#[test]
fn an_empty_input_ends_the_server_quietly() {
    let out = Command::new(env!("CARGO_BIN_EXE_corsfix"))
        .arg("mcp")
        .stdin(Stdio::null())
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
}

#[test]
fn refuse_private_turns_loopback_checks_into_tool_errors() {
    let mut s = Server::start(&["--refuse-private"]);
    s.initialize();
    let r = s.request(
        2,
        "tools/call",
        json!({"name": "check", "arguments": {"url": "http://127.0.0.1:9/api", "origin": "https://app.example.com"}}),
    );
    assert_eq!(r["result"]["isError"], true, "{r}");
    let text = r["result"]["content"][0]["text"]
        .as_str()
        .unwrap_or_default();
    assert!(text.starts_with("refused:"), "{text}");
    assert_eq!(s.finish(), Some(0));
}

// ---------------------------------------------------------------------------------------------
// The official SDK clients (installed by scripts/setup-test-env.sh)
// ---------------------------------------------------------------------------------------------

fn tests_mcp() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/mcp")
}

fn run_client(program: &Path, script: &str, what: &str) {
    let dir = tests_mcp();
    let out = Command::new(program)
        .arg(dir.join(script))
        .current_dir(&dir)
        .env("CORSFIX_BIN", env!("CARGO_BIN_EXE_corsfix"))
        .env("NO_COLOR", "1")
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "the {what} client cannot start ({}: {e}); run scripts/setup-test-env.sh",
                program.display()
            )
        });
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "the {what} client failed ({}):\n{stdout}\n{stderr}",
        out.status
    );
    assert!(
        stdout.contains(" passed, 0 failed"),
        "the {what} client ran no checks:\n{stdout}\n{stderr}"
    );
    eprintln!("{}", stdout.trim());
}

#[test]
fn the_python_sdk_client_agrees_with_the_cli() {
    let python = tests_mcp().join(".venv/bin/python");
    assert!(
        python.is_file(),
        "the Python MCP SDK is not installed at {}: run scripts/setup-test-env.sh",
        python.display()
    );
    run_client(&python, "client.py", "Python SDK");
}

#[test]
fn the_typescript_sdk_client_agrees_with_the_cli() {
    let sdk = tests_mcp().join("node_modules/@modelcontextprotocol/sdk/package.json");
    assert!(
        sdk.is_file(),
        "the TypeScript MCP SDK is not installed in tests/mcp/node_modules: run scripts/setup-test-env.sh"
    );
    run_client(Path::new("node"), "client.mjs", "TypeScript SDK");
}
