//! HTTP/2 over TLS, for hosts whose server picks `h2` in ALPN: one connection (from the same
//! per-host pool and limit as HTTP/1.1) carries a target's probes of one tier as concurrent
//! streams, at most as many as the server allows at once. Built on the `h2` crate; the
//! connection's driver is a tokio task that ends when the connection is dropped (at the latest
//! one timeout later, so a server that stops reading cannot keep it alive).

use std::time::Duration;

use bytes::Bytes;
use futures::StreamExt;
use futures::stream::FuturesUnordered;
use http::header::{HeaderMap, HeaderName, HeaderValue};
use http::{Method, Request, Uri};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::sync::Semaphore;
use tokio::time::Instant;

use crate::client::{Probe, ProbeError, evidence_from_parts};
use crate::finding::Evidence;

/// The largest response header list accepted (as for HTTP/1.1).
const MAX_HEADER_LIST: u32 = 64 * 1024;

/// Headers that have no meaning in HTTP/2 (RFC 9113 §8.2.2) and make the `h2` crate refuse the
/// request: left out of the user's headers.
fn connection_specific(n: &HeaderName) -> bool {
    matches!(
        n.as_str(),
        "connection" | "keep-alive" | "proxy-connection" | "transfer-encoding" | "upgrade" | "te"
    )
}

/// The fixed request headers of every HTTP/2 request (built once), and the `:authority` the
/// user asked for with a `Host` header, if any.
#[derive(Debug, Clone)]
pub(crate) struct H2Fixed {
    headers: HeaderMap,
    host: Option<String>,
}

impl H2Fixed {
    pub(crate) fn new(user: &[(HeaderName, HeaderValue)]) -> Self {
        let mut headers = HeaderMap::new();
        let user_has = |n: &HeaderName| user.iter().any(|(h, _)| h == n);
        if !user_has(&http::header::USER_AGENT) {
            headers.insert(
                http::header::USER_AGENT,
                HeaderValue::from_static(concat!("corsfix-scan/", env!("CARGO_PKG_VERSION"))),
            );
        }
        if !user_has(&http::header::ACCEPT) {
            headers.insert(http::header::ACCEPT, HeaderValue::from_static("*/*"));
        }
        let mut host = None;
        for (n, v) in user {
            if n == http::header::HOST {
                host = v.to_str().ok().map(str::to_owned);
            } else if !connection_specific(n) {
                headers.append(n.clone(), v.clone());
            }
        }
        Self { headers, host }
    }
}

/// One HTTP/2 connection.
pub(crate) struct H2Conn {
    send: h2::client::SendRequest<Bytes>,
    /// Dropped with the connection: tells the driver task to stop (after a grace period).
    _closing: tokio::sync::oneshot::Sender<()>,
    /// Responses read on it so far.
    pub(crate) served: u64,
    pub(crate) idle_since: Instant,
}

/// Starts HTTP/2 on a TLS stream whose ALPN said `h2`.
pub(crate) async fn handshake<T>(
    io: T,
    deadline: Instant,
    grace: Duration,
) -> Result<H2Conn, String>
where
    T: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let mut b = h2::client::Builder::new();
    b.enable_push(false)
        .max_header_list_size(MAX_HEADER_LIST)
        .initial_window_size(1 << 20)
        .max_concurrent_reset_streams(64);
    let (send, conn) = match tokio::time::timeout_at(deadline, b.handshake::<_, Bytes>(io)).await {
        Err(_) => return Err("timed out (HTTP/2 handshake)".to_owned()),
        Ok(Err(e)) => return Err(format!("HTTP/2 handshake: {e}")),
        Ok(Ok(pair)) => pair,
    };
    let (closing, closed) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(async move {
        let stop = async move {
            let _ = closed.await;
            tokio::time::sleep(grace).await;
        };
        futures::pin_mut!(stop);
        let _ = futures::future::select(conn, stop).await;
    });
    Ok(H2Conn {
        send,
        _closing: closing,
        served: 0,
        idle_since: Instant::now(),
    })
}

/// How one stream ended without evidence.
enum StreamErr {
    /// The deadline passed.
    Timeout,
    /// The connection failed, went away or refused the stream: the probe may go again on
    /// another connection.
    Connection(String),
    /// The server refused the stream before processing it (more streams than it allows):
    /// it goes again, on the same connection.
    Refused,
    /// This stream only (reset by the server, a request we cannot send).
    Stream(String),
}

fn classify(e: &h2::Error) -> StreamErr {
    if e.is_reset() && e.is_remote() && e.reason() == Some(h2::Reason::REFUSED_STREAM) {
        StreamErr::Refused
    } else if e.is_go_away() && e.is_remote() {
        let why = e
            .reason()
            .filter(|r| *r != h2::Reason::NO_ERROR)
            .map_or(String::new(), |r| format!(" ({r:?})"));
        StreamErr::Connection(format!(
            "HTTP/2: the server closed the connection (GOAWAY{why}) before answering"
        ))
    } else if e.is_io() || e.is_go_away() || e.reason() == Some(h2::Reason::REFUSED_STREAM) {
        StreamErr::Connection(format!("HTTP/2: {e}"))
    } else {
        StreamErr::Stream(format!("HTTP/2: {e}"))
    }
}

/// What a round of streams on one connection left.
pub(crate) struct Round {
    /// Probes answered (with evidence or a stream error) on this connection.
    pub(crate) answered: usize,
    /// The connection failed: the probes still pending go again elsewhere; `sent` are the ones
    /// that were on the wire when it did.
    pub(crate) broken: Option<(String, Vec<usize>)>,
    /// A stream timed out: every probe still pending fails with this error (not retried).
    pub(crate) timeout: Option<ProbeError>,
}

/// What the round needs from the client.
pub(crate) struct RoundCtx<'a> {
    pub(crate) fixed: &'a H2Fixed,
    pub(crate) global: &'a Semaphore,
    pub(crate) timeout: Duration,
    pub(crate) max_body: usize,
    pub(crate) max_depth: usize,
    /// `https://authority`, path and `Access-Control-Request-Headers`.
    pub(crate) uri: &'a Uri,
    pub(crate) acrh: &'a str,
}

/// One probe as an HTTP/2 request.
fn request(
    ctx: &RoundCtx<'_>,
    preflight: bool,
    origin: Option<&str>,
) -> Result<Request<()>, String> {
    let mut req = Request::new(());
    *req.method_mut() = if preflight {
        Method::OPTIONS
    } else {
        Method::GET
    };
    *req.uri_mut() = ctx.uri.clone();
    let h = req.headers_mut();
    h.clone_from(&ctx.fixed.headers);
    if let Some(o) = origin {
        let v = HeaderValue::from_str(o)
            .map_err(|_| format!("origin `{o}` is not a valid header value"))?;
        h.insert(http::header::ORIGIN, v);
    }
    if preflight {
        h.insert(
            http::header::ACCESS_CONTROL_REQUEST_METHOD,
            HeaderValue::from_static("PUT"),
        );
        let v = HeaderValue::from_str(ctx.acrh)
            .map_err(|_| "the preflight header list is not a valid header value".to_owned())?;
        h.insert(http::header::ACCESS_CONTROL_REQUEST_HEADERS, v);
    }
    Ok(req)
}

/// The request URI of an endpoint over HTTP/2.
pub(crate) fn uri(fixed: &H2Fixed, authority: &str, path: &str) -> Result<Uri, String> {
    let authority = fixed.host.as_deref().unwrap_or(authority);
    format!("https://{authority}{path}")
        .parse::<Uri>()
        .map_err(|e| format!("the URL cannot be sent over HTTP/2: {e}"))
}

async fn one(
    ctx: &RoundCtx<'_>,
    send: h2::client::SendRequest<Bytes>,
    preflight: bool,
    origin: Option<&str>,
) -> Result<Evidence, StreamErr> {
    let req = request(ctx, preflight, origin).map_err(StreamErr::Stream)?;
    let _permit = ctx
        .global
        .acquire()
        .await
        .map_err(|_| StreamErr::Stream("the client is shutting down".to_owned()))?;
    let deadline = Instant::now() + ctx.timeout;
    let work = async {
        let mut send = send.ready().await.map_err(|e| classify(&e))?;
        let (resp, _) = send.send_request(req, true).map_err(|e| classify(&e))?;
        let resp = resp.await.map_err(|e| classify(&e))?;
        let (parts, mut body) = resp.into_parts();
        let ev = evidence_from_parts(parts.status.as_u16(), &parts.headers);
        // Read the body (the window is given back as it comes) so that the stream ends
        // normally; past `max_body` it is cancelled instead.
        let mut total = 0usize;
        while let Some(chunk) = body.data().await {
            let chunk = chunk.map_err(|e| classify(&e))?;
            let _ = body.flow_control().release_capacity(chunk.len());
            total = total.saturating_add(chunk.len());
            if total > ctx.max_body {
                break;
            }
        }
        Ok(ev)
    };
    match tokio::time::timeout_at(deadline, work).await {
        Err(_) => Err(StreamErr::Timeout),
        Ok(r) => r,
    }
}

/// Sends the pending probes as concurrent streams (at most `max_depth`, and at most what the
/// server allows at once). Answered probes leave `pending`; the rest stay, in order.
pub(crate) async fn round(
    ctx: &RoundCtx<'_>,
    conn: &mut H2Conn,
    probes: &[Probe<'_>],
    pending: &mut std::collections::VecDeque<usize>,
    out: &mut [Option<Result<Evidence, ProbeError>>],
    attempts: &mut [u32],
) -> Round {
    let todo: Vec<usize> = pending.drain(..).collect();
    let mut next = 0;
    let mut inflight = FuturesUnordered::new();
    let mut answered = 0;
    let mut broken: Option<(String, Vec<usize>)> = None;
    let mut timeout: Option<ProbeError> = None;
    let mut refused = Vec::new();
    loop {
        // A fresh connection carries one stream until its first answer: by then the server's
        // SETTINGS (its stream limit) have arrived, so no stream is sent only to be refused.
        let limit = if conn.served == 0 && answered == 0 {
            1
        } else {
            ctx.max_depth
                .min(conn.send.current_max_send_streams())
                .max(1)
        };
        while broken.is_none()
            && timeout.is_none()
            && inflight.len() < limit
            && let Some(&i) = todo.get(next)
        {
            next += 1;
            let Probe { preflight, origin } = probes[i];
            let send = conn.send.clone();
            inflight.push(async move { (i, one(ctx, send, preflight, origin).await) });
        }
        let Some((i, r)) = inflight.next().await else {
            break;
        };
        match r {
            Ok(ev) => {
                attempts[i] += 1;
                out[i] = Some(Ok(ev));
                answered += 1;
                conn.served += 1;
            }
            Err(StreamErr::Stream(message)) => {
                attempts[i] += 1;
                out[i] = Some(Err(ProbeError {
                    timeout: false,
                    message,
                }));
                answered += 1;
            }
            Err(StreamErr::Timeout) => {
                attempts[i] += 1;
                let e = ProbeError {
                    timeout: true,
                    message: format!("timed out after {:?}", ctx.timeout),
                };
                out[i] = Some(Err(e.clone()));
                timeout.get_or_insert(e);
            }
            Err(StreamErr::Refused) => refused.push(i),
            Err(StreamErr::Connection(m)) => {
                broken.get_or_insert_with(|| (m, Vec::new())).1.push(i);
            }
        }
    }
    // Not answered: the ones whose connection failed and the ones never sent, in order.
    let mut left: Vec<usize> = broken.as_ref().map(|(_, v)| v.clone()).unwrap_or_default();
    left.extend_from_slice(&todo[next..]);
    // Refused streams go again on this connection while it makes progress; a server that
    // refuses every stream is a broken connection.
    if answered == 0 && broken.is_none() && timeout.is_none() && !refused.is_empty() {
        broken = Some((
            "HTTP/2: the server refused every stream".to_owned(),
            refused.clone(),
        ));
    }
    left.extend_from_slice(&refused);
    left.sort_unstable();
    pending.extend(left);
    Round {
        answered,
        broken,
        timeout,
    }
}
