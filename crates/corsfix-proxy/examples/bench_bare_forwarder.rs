//! The floor for `scripts/bench-proxy.sh`: the least a hyper / hyper-util reverse proxy does
//! (accept, forward to the upstream on a pooled connection, stream the answer back), with none
//! of corsfix proxy's work (no CORS, no judging, no log), on the same one-thread runtime.
//!
//! `cargo run --release -p corsfix-proxy --example bench_bare_forwarder -- PORT UPSTREAM_PORT`

use hyper::Request;
use hyper::body::Incoming;
use hyper_util::client::legacy::Client;
use hyper_util::rt::{TokioExecutor, TokioIo};

fn main() {
    let args: Vec<u16> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let [port, upstream] = args[..] else {
        panic!("usage: bench_bare_forwarder PORT UPSTREAM_PORT");
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async move {
        let client: Client<_, Incoming> = Client::builder(TokioExecutor::new()).build_http();
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
            .await
            .expect("bind");
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                continue;
            };
            let _ = stream.set_nodelay(true);
            let client = client.clone();
            tokio::spawn(async move {
                let service = hyper::service::service_fn(move |req: Request<Incoming>| {
                    let client = client.clone();
                    async move {
                        let (mut parts, body) = req.into_parts();
                        parts.uri = format!(
                            "http://127.0.0.1:{upstream}{}",
                            parts.uri.path_and_query().map_or("/", |p| p.as_str())
                        )
                        .parse()
                        .expect("uri");
                        parts.headers.remove(http::header::HOST);
                        client.request(Request::from_parts(parts, body)).await
                    }
                });
                let _ = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new())
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
}
