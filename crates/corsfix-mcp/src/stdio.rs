//! The stdio transport's frame guard: MCP over stdio is one JSON-RPC message per line. rmcp
//! drops a line that is not JSON without a word; JSON-RPC 2.0 says to answer it with a
//! `-32700 Parse error` (id `null`). This guard sits between the real standard input/output
//! and rmcp: lines that are JSON go through untouched, every other line (and a line longer than
//! [`MAX_LINE`]) is answered here, and the server keeps serving. Replies and rmcp's own output
//! share one writer, one whole line at a time, so they never interleave.

use serde_json::json;
use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncRead, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::sync::mpsc;

/// The longest line read (a request with a 1 MiB pasted console log fits several times).
pub(crate) const MAX_LINE: usize = 8 * 1024 * 1024;

/// What to do with one line of input.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Frame {
    /// A JSON value: pass it on to the protocol layer.
    Json,
    /// Only whitespace: skip it.
    Blank,
    /// Not JSON: answer with this parse error.
    Garbage(String),
}

/// Classify one line (without its newline).
pub(crate) fn classify(line: &[u8]) -> Frame {
    let line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
    if line.iter().all(u8::is_ascii_whitespace) {
        return Frame::Blank;
    }
    match serde_json::from_slice::<serde::de::IgnoredAny>(line) {
        Ok(_) => Frame::Json,
        Err(e) if std::str::from_utf8(line).is_err() => {
            Frame::Garbage(format!("Parse error: the message is not UTF-8 text ({e})"))
        }
        Err(e) => Frame::Garbage(format!("Parse error: the message is not JSON ({e})")),
    }
}

/// The JSON-RPC error response for a line that could not be read.
pub(crate) fn error_line(code: i64, message: &str) -> Vec<u8> {
    let mut v = serde_json::to_vec(&json!({
        "jsonrpc": "2.0",
        "id": null,
        "error": {"code": code, "message": message},
    }))
    .unwrap_or_default();
    v.push(b'\n');
    v
}

/// rmcp answers a message it cannot read as a request with an error that has no `id`;
/// JSON-RPC 2.0 says `"id": null` then. Every other line passes unchanged.
pub(crate) fn with_null_id(line: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    const ID_LESS_ERROR: &[u8] = br#"{"jsonrpc":"2.0","error":"#;
    if !line.starts_with(ID_LESS_ERROR) {
        return std::borrow::Cow::Borrowed(line);
    }
    match serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(line) {
        Ok(mut m) if !m.contains_key("id") => {
            m.insert("id".to_owned(), serde_json::Value::Null);
            let mut v = serde_json::to_vec(&m).unwrap_or_else(|_| line.to_vec());
            v.push(b'\n');
            std::borrow::Cow::Owned(v)
        }
        _ => std::borrow::Cow::Borrowed(line),
    }
}

/// How reading a line ended.
enum Read {
    Line(Vec<u8>),
    TooLong,
    Eof,
}

/// Read one line of at most [`MAX_LINE`] bytes; a longer one is consumed to its end and
/// reported as [`Read::TooLong`].
async fn read_line(r: &mut (impl AsyncBufRead + Unpin)) -> std::io::Result<Read> {
    let mut buf = Vec::new();
    let mut too_long = false;
    loop {
        let chunk = r.fill_buf().await?;
        if chunk.is_empty() {
            return Ok(if too_long {
                Read::TooLong
            } else if buf.is_empty() {
                Read::Eof
            } else {
                Read::Line(buf)
            });
        }
        let (take, done) = match chunk.iter().position(|b| *b == b'\n') {
            Some(i) => (i + 1, true),
            None => (chunk.len(), false),
        };
        if !too_long {
            if buf.len() + take > MAX_LINE + 1 {
                too_long = true;
                buf = Vec::new();
            } else {
                buf.extend_from_slice(&chunk[..take]);
            }
        }
        r.consume(take);
        if done {
            if too_long {
                return Ok(Read::TooLong);
            }
            buf.pop();
            if buf.last() == Some(&b'\r') {
                buf.pop();
            }
            return Ok(Read::Line(buf));
        }
    }
}

/// Pump `input` into `to_server` (the protocol layer's input), answering unreadable lines on
/// `replies`. Ends at the end of `input`, closing `to_server`.
pub(crate) async fn pump_input(
    input: impl AsyncRead + Unpin,
    mut to_server: impl AsyncWrite + Unpin,
    replies: mpsc::Sender<Vec<u8>>,
) -> std::io::Result<()> {
    let mut input = BufReader::with_capacity(64 * 1024, input);
    loop {
        match read_line(&mut input).await? {
            Read::Eof => break,
            Read::TooLong => {
                tracing::warn!("discarded an incoming message longer than {MAX_LINE} bytes");
                let msg = format!("Invalid request: the message is longer than {MAX_LINE} bytes");
                if replies.send(error_line(-32600, &msg)).await.is_err() {
                    break;
                }
            }
            Read::Line(line) => match classify(&line) {
                Frame::Blank => {}
                Frame::Json => {
                    to_server.write_all(&line).await?;
                    to_server.write_all(b"\n").await?;
                    to_server.flush().await?;
                }
                Frame::Garbage(msg) => {
                    tracing::debug!("answered an unreadable line: {msg}");
                    if replies.send(error_line(-32700, &msg)).await.is_err() {
                        break;
                    }
                }
            },
        }
    }
    to_server.shutdown().await
}

/// Copy the protocol layer's output (`from_server`, whole lines) and the guard's `replies` to
/// `output`, one whole line at a time. Ends when both are finished.
pub(crate) async fn pump_output(
    from_server: impl AsyncRead + Unpin,
    mut replies: mpsc::Receiver<Vec<u8>>,
    mut output: impl AsyncWrite + Unpin,
) -> std::io::Result<()> {
    let mut from_server = BufReader::new(from_server);
    let mut server_open = true;
    let mut replies_open = true;
    let mut line = Vec::new();
    while server_open || replies_open {
        tokio::select! {
            n = from_server.read_until(b'\n', &mut line), if server_open => {
                if n? == 0 {
                    server_open = false;
                } else {
                    output.write_all(&with_null_id(&line)).await?;
                    output.flush().await?;
                    // Cleared only once a whole line is out: a read cancelled by the other
                    // branch keeps its partial bytes here and resumes (cancel-safe).
                    line.clear();
                }
            }
            reply = replies.recv(), if replies_open => match reply {
                Some(r) => {
                    output.write_all(&r).await?;
                    output.flush().await?;
                }
                None => replies_open = false,
            },
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_without_id_gets_a_null_id() {
        let fixed = with_null_id(
            b"{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32600,\"message\":\"Invalid request\"}}\n",
        );
        let v: serde_json::Value = serde_json::from_slice(&fixed).unwrap();
        assert_eq!(v["id"], serde_json::Value::Null);
        assert_eq!(v["error"]["code"], -32600);
        assert!(fixed.ends_with(b"\n"));
        let ok: &[u8] = b"{\"jsonrpc\":\"2.0\",\"id\":3,\"error\":{}}\n";
        assert_eq!(&*with_null_id(ok), ok);
    }

    #[test]
    fn lines_are_passed_skipped_or_answered() {
        assert_eq!(
            classify(br#"{"jsonrpc":"2.0","method":"ping","id":1}"#),
            Frame::Json
        );
        assert_eq!(classify(b"\xEF\xBB\xBF{}"), Frame::Json);
        assert_eq!(classify(b"[1,2]"), Frame::Json);
        assert_eq!(classify(b"   \t"), Frame::Blank);
        assert!(matches!(classify(b"hello"), Frame::Garbage(_)));
        assert!(matches!(
            classify(br#"{"jsonrpc":"2.0","#),
            Frame::Garbage(_)
        ));
        assert!(matches!(classify(b"{} {}"), Frame::Garbage(_)));
        match classify(b"\xff\xfe{") {
            Frame::Garbage(m) => assert!(m.contains("UTF-8"), "{m}"),
            other => panic!("{other:?}"),
        }
    }

    #[tokio::test]
    async fn garbage_is_answered_and_json_passes_in_order() {
        let input: &[u8] = b"{\"a\":1}\nnot json\n\n{\"b\":2}\r\n{\"c\":3}";
        let mut to_server = Vec::new();
        let (tx, mut rx) = mpsc::channel(8);
        pump_input(input, &mut to_server, tx).await.unwrap();
        assert_eq!(to_server, b"{\"a\":1}\n{\"b\":2}\n{\"c\":3}\n");
        let reply: serde_json::Value = serde_json::from_slice(&rx.recv().await.unwrap()).unwrap();
        assert_eq!(reply["error"]["code"], -32700);
        assert_eq!(reply["id"], serde_json::Value::Null);
        assert!(rx.recv().await.is_none());
    }

    #[tokio::test]
    async fn an_oversized_line_is_refused_and_the_next_one_read() {
        let mut input = vec![b'x'; MAX_LINE + 10];
        input.extend_from_slice(b"\n{\"ok\":true}\n");
        let mut to_server = Vec::new();
        let (tx, mut rx) = mpsc::channel(8);
        pump_input(input.as_slice(), &mut to_server, tx)
            .await
            .unwrap();
        assert_eq!(to_server, b"{\"ok\":true}\n");
        let reply: serde_json::Value = serde_json::from_slice(&rx.recv().await.unwrap()).unwrap();
        assert_eq!(reply["error"]["code"], -32600);
    }
}
