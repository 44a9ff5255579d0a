//! Serving the router on a socket: our own accept loop on hyper so that the limits a public
//! server needs are ours to set (axum's `serve` has no timeouts).
//!
//! - **Header timeout**: a client that has not sent a complete request head within
//!   [`Limits::header_timeout`] of its first byte is disconnected (hyper's timer), and a
//!   connection that reads nothing for that long while no request of it is being answered
//!   (new and never speaking, or idle between keep-alive requests) is closed (ours), so idle
//!   and slow-drip (slowloris) connections cost a task and a socket each, and go away.
//! - **Body timeout**: [`Limits::body_timeout`] between body bytes (in [`crate::app`]).
//! - **Connection cap**: at most [`Limits::max_connections`] at once; more are closed as they
//!   arrive, so the process never runs out of file descriptors for the ones it serves.
//! - **Graceful shutdown**: when the shutdown future completes the listener is closed (new
//!   connections are refused), requests in flight finish, idle connections are closed, and
//!   after [`Limits::shutdown_grace`] whatever is left is dropped.

use std::convert::Infallible;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::extract::ConnectInfo;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::sync::Semaphore;
use tower::ServiceExt as _;

use crate::AppState;

/// The limits of [`serve_with`].
#[derive(Debug, Clone)]
pub struct Limits {
    /// How long a client may take to send a request head (also: how long an idle
    /// keep-alive connection stays open).
    pub header_timeout: Duration,
    /// How long a client may pause between body bytes.
    pub body_timeout: Duration,
    /// Connections served at once; more are closed on arrival.
    pub max_connections: usize,
    /// How long shutdown waits for requests in flight.
    pub shutdown_grace: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(10),
            max_connections: 8192,
            shutdown_grace: Duration::from_secs(10),
        }
    }
}

/// Serve [`crate::app`] on `listener` with `limits` until `shutdown` completes (see the module
/// documentation); each request carries its peer address (`ConnectInfo<SocketAddr>`).
pub async fn serve_with(
    listener: tokio::net::TcpListener,
    state: AppState,
    limits: Limits,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let router = crate::app_with(state, &limits);
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .max_buf_size(64 * 1024);
    builder
        .http2()
        .timer(TokioTimer::new())
        .max_concurrent_streams(64)
        .keep_alive_interval(Some(limits.header_timeout))
        .keep_alive_timeout(limits.header_timeout);
    let builder = Arc::new(builder);
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    let (stopping_tx, stopping) = tokio::sync::watch::channel(false);
    let clock = Instant::now();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                Err(e) => {
                    // Out of descriptors or a connection reset before accept: keep serving the
                    // connections we have and try again shortly.
                    if !is_connection_error(&e) {
                        tokio::time::sleep(Duration::from_millis(50)).await;
                    }
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let Ok(slot) = Arc::clone(&slots).try_acquire_owned() else {
            drop(stream);
            continue;
        };
        let _ = stream.set_nodelay(true);
        let activity = Arc::new(Activity::new(clock));
        let router = router.clone();
        let seen = Arc::clone(&activity);
        let service =
            hyper::service::service_fn(move |req: http::Request<hyper::body::Incoming>| {
                let mut req = req.map(axum::body::Body::new);
                req.extensions_mut().insert(ConnectInfo(peer));
                let router = router.clone();
                let seen = Arc::clone(&seen);
                seen.in_flight.fetch_add(1, Ordering::Relaxed);
                async move {
                    let resp = router.oneshot(req).await.unwrap_or_else(|e| match e {});
                    seen.in_flight.fetch_sub(1, Ordering::Relaxed);
                    Ok::<_, Infallible>(resp)
                }
            });
        let io = Watched {
            inner: stream,
            activity: Arc::clone(&activity),
            clock,
        };
        let builder = Arc::clone(&builder);
        let mut stopping = stopping.clone();
        let idle_limit = limits.header_timeout;
        tokio::spawn(async move {
            let conn = builder.serve_connection_with_upgrades(TokioIo::new(io), service);
            let mut conn = std::pin::pin!(conn);
            let mut tick = tokio::time::interval(idle_limit / 4);
            let mut closing = false;
            loop {
                tokio::select! {
                    // The connection first: bytes already waiting are read before the idle
                    // check looks at the clock.
                    biased;
                    _ = conn.as_mut() => break,
                    changed = stopping.changed(), if !closing => {
                        if changed.is_err() || *stopping.borrow() {
                            closing = true;
                            conn.as_mut().graceful_shutdown();
                        }
                    }
                    _ = tick.tick(), if !closing => {
                        // Idle: nothing read for the header timeout and no request being
                        // answered (hyper's own timer only starts at a request's first byte).
                        if activity.idle_for(clock) >= idle_limit
                            && activity.in_flight.load(Ordering::Relaxed) == 0
                        {
                            closing = true;
                            conn.as_mut().graceful_shutdown();
                        }
                    }
                }
            }
            drop(slot);
        });
    }
    // New connections are refused from here on; idle connections close, requests in flight
    // finish (each connection closes after its current answer).
    drop(listener);
    let _ = stopping_tx.send(true);
    let everyone = u32::try_from(limits.max_connections).unwrap_or(u32::MAX);
    let _ = tokio::time::timeout(limits.shutdown_grace, slots.acquire_many(everyone)).await;
    Ok(())
}

/// When a connection last read a byte (milliseconds since the server started), and how many
/// of its requests are being answered.
#[derive(Debug)]
struct Activity {
    last_read_ms: AtomicU64,
    in_flight: AtomicUsize,
}

impl Activity {
    fn new(clock: Instant) -> Self {
        let now = u64::try_from(clock.elapsed().as_millis()).unwrap_or(u64::MAX);
        Self {
            last_read_ms: AtomicU64::new(now),
            in_flight: AtomicUsize::new(0),
        }
    }

    fn idle_for(&self, clock: Instant) -> Duration {
        let now = clock.elapsed();
        now.saturating_sub(Duration::from_millis(
            self.last_read_ms.load(Ordering::Relaxed),
        ))
    }
}

/// A socket that records when it last read something.
struct Watched {
    inner: tokio::net::TcpStream,
    activity: Arc<Activity>,
    clock: Instant,
}

impl AsyncRead for Watched {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.inner).poll_read(cx, buf);
        if buf.filled().len() > before {
            let ms = u64::try_from(self.clock.elapsed().as_millis()).unwrap_or(u64::MAX);
            self.activity.last_read_ms.store(ms, Ordering::Relaxed);
        }
        polled
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

fn is_connection_error(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::ConnectionRefused
            | std::io::ErrorKind::ConnectionAborted
            | std::io::ErrorKind::ConnectionReset
    )
}

/// Completes on Ctrl+C (SIGINT) or SIGTERM (what `kill`, systemd and container runtimes send):
/// the shutdown future for [`serve_with`].
///
/// The handlers are installed when this is called, not when the future is first polled: call it
/// before announcing the address, so a SIGTERM sent as soon as the address is printed is
/// already caught (otherwise the default action would kill the process with status 143).
/// Must be called inside a Tokio runtime.
pub fn shutdown_signal() -> impl std::future::Future<Output = ()> + Send + 'static {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let interrupt = signal(SignalKind::interrupt()).ok();
        let terminate = signal(SignalKind::terminate()).ok();
        async move {
            let wait = |s: Option<tokio::signal::unix::Signal>| async move {
                match s {
                    Some(mut s) => {
                        s.recv().await;
                    }
                    None => std::future::pending::<()>().await,
                }
            };
            tokio::select! {
                () = wait(interrupt) => {}
                () = wait(terminate) => {}
            }
        }
    }
    #[cfg(not(unix))]
    {
        async {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}
