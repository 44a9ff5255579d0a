//! The upstream for `scripts/bench-proxy.sh`: a hyper HTTP/1.1 server on 127.0.0.1 that
//! answers every request `200` with a small JSON body and no CORS headers, after an optional
//! service time (`--delay-ms N`, default 0: the worst case for the proxy, whose own work is then
//! all there is).
//!
//! `cargo run --release -p corsfix-proxy --example bench_upstream -- PORT [--delay-ms N]`

use std::convert::Infallible;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::Full;
use hyper::{Request, Response};
use hyper_util::rt::{TokioExecutor, TokioIo};

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let port: u16 = args
        .first()
        .and_then(|p| p.parse().ok())
        .expect("usage: bench_upstream PORT [--delay-ms N]");
    let delay = args
        .iter()
        .position(|a| a == "--delay-ms")
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .map_or(Duration::ZERO, Duration::from_millis);
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
        .await
        .expect("bind");
    let body = Bytes::from_static(
        b"{\"items\":[{\"id\":1,\"name\":\"a\"},{\"id\":2,\"name\":\"b\"}],\"total\":2}",
    );
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let _ = stream.set_nodelay(true);
        let body = body.clone();
        tokio::spawn(async move {
            let service =
                hyper::service::service_fn(move |_req: Request<hyper::body::Incoming>| {
                    let body = body.clone();
                    async move {
                        if !delay.is_zero() {
                            tokio::time::sleep(delay).await;
                        }
                        let mut resp = Response::new(Full::new(body));
                        let h = resp.headers_mut();
                        h.insert(
                            "content-type",
                            http::HeaderValue::from_static("application/json"),
                        );
                        h.insert("x-request-id", http::HeaderValue::from_static("bench"));
                        Ok::<_, Infallible>(resp)
                    }
                });
            let _ = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new())
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}
