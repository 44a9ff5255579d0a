//! The loopback test farm as a process, for the benchmark:
//! `cargo run --release -p corsfix-scan --example farm -- N SITES TARGETS_FILE [SECONDS]`
//! writes N target URLs (one per line) to TARGETS_FILE, prints `PORT=<port>` and serves for at
//! most SECONDS (default 900), on 127.0.0.1 only. `FARM_ALPN=h2` makes HTTPS speak only HTTP/2
//! (`both`: h2 and http/1.1), with `FARM_H2_STREAMS` concurrent streams per connection (128);
//! the default is HTTP/1.1 only.
#![allow(clippy::unwrap_used, clippy::print_stdout, missing_docs)]

#[path = "../tests/farm/mod.rs"]
mod farm;

use std::io::Write;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 4 {
        eprintln!("usage: farm N SITES TARGETS_FILE [SECONDS]");
        std::process::exit(2);
    }
    let n: usize = args[1].parse().unwrap();
    let sites: usize = args[2].parse().unwrap();
    let seconds: u64 = args.get(4).map_or(900, |s| s.parse().unwrap());
    let threads: usize = std::env::var("FARM_THREADS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(threads)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let targets = farm::mix(n, sites);
        let mut out = std::io::BufWriter::new(std::fs::File::create(&args[3]).unwrap());
        let mut https = 0;
        for t in &targets {
            writeln!(out, "{}", t.url).unwrap();
            https += usize::from(t.https);
        }
        out.flush().unwrap();
        // FARM_ALPN=h2: HTTPS speaks only HTTP/2 (hyper's server); `both`: h2 and http/1.1.
        let alpn = match std::env::var("FARM_ALPN").as_deref() {
            Ok("h2") => farm::Alpn::H2Only,
            Ok("both") => farm::Alpn::Both,
            _ => farm::Alpn::Http1,
        };
        let streams: u32 = std::env::var("FARM_H2_STREAMS")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(128);
        let f = farm::start_with(Vec::new(), sites, alpn, streams).await;
        println!("PORT={} HTTPS={https}", f.addr.port());
        std::io::stdout().flush().unwrap();
        tokio::time::sleep(std::time::Duration::from_secs(seconds)).await;
    });
}
