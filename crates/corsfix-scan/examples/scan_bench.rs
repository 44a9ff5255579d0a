//! Benchmark driver: the scanner engine over a target file against the farm example.
//! `scan_bench TARGETS_FILE PORT [CONCURRENCY]` prints targets/s, requests per target, the
//! number of URLs by highest severity, errors and the process's peak RSS (VmHWM).
//! The same engine as `corsfix scan` (which adds only argument parsing and printing).
#![allow(clippy::unwrap_used, clippy::print_stdout, missing_docs)]

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use corsfix_scan::{ClientConfig, Resolver, ScanConfig, Scanner, Token, output};
use futures::StreamExt;
use tokio::io::AsyncBufReadExt;

fn vm_hwm_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let file = args[1].clone();
    let port: u16 = args[2].parse().unwrap();
    let concurrency: usize = args.get(3).map_or(128, |s| s.parse().unwrap());
    let threads: usize = std::env::var("SCAN_THREADS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(threads)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async move {
        let resolver = Resolver::new()
            .map("*.test", format!("127.0.0.1:{port}").parse().unwrap())
            .no_dns();
        let scanner = Scanner::new(ScanConfig {
            client: ClientConfig {
                timeout: Duration::from_secs(10),
                insecure: true,
                resolver,
                concurrency: concurrency * 4,
                per_host: std::env::var("PER_HOST").ok().and_then(|s| s.parse().ok()).unwrap_or(6),
                ..ClientConfig::default()
            },
            token: Token::random("evil.example"),
        })
        .unwrap();
        let f = tokio::fs::File::open(&file).await.unwrap();
        let lines = tokio_stream_lines(tokio::io::BufReader::new(f));
        let started = Instant::now();
        let mut targets = 0u64;
        let mut requests = 0u64;
        let mut errors = 0u64;
        let mut findings = 0u64;
        let mut by_sev: BTreeMap<String, u64> = BTreeMap::new();
        let mut sink = std::io::sink();
        let mut stream = std::pin::pin!(scanner.scan_stream(lines, concurrency));
        while let Some(r) = stream.next().await {
            targets += 1;
            requests += u64::from(r.requests);
            errors += u64::from(!r.tested);
            findings += r.findings.len() as u64;
            let key = r.max_severity().map_or("none", |s| s.as_str()).to_owned();
            *by_sev.entry(key).or_default() += 1;
            // Serialise like `--format jsonl` does, so that cost is in the figure.
            for f in &r.findings {
                serde_json::to_writer(&mut sink, &output::finding_record(f)).unwrap();
            }
            serde_json::to_writer(&mut sink, &output::summary_record(&r)).unwrap();
        }
        let secs = started.elapsed().as_secs_f64();
        println!(
            "targets={targets} seconds={secs:.3} targets_per_s={:.0} requests={requests} requests_per_target={:.1} requests_per_s={:.0} findings={findings} untested={errors} by_max_severity={by_sev:?} peak_rss_kib={}",
            targets as f64 / secs,
            requests as f64 / targets.max(1) as f64,
            requests as f64 / secs,
            vm_hwm_kib()
        );
    });
}

fn tokio_stream_lines<R: tokio::io::AsyncBufRead + Unpin + Send + 'static>(
    r: R,
) -> impl futures::Stream<Item = String> {
    futures::stream::unfold(r.lines(), |mut lines| async move {
        loop {
            match lines.next_line().await {
                Ok(Some(l)) if l.trim().is_empty() => continue,
                Ok(Some(l)) => return Some((l, lines)),
                _ => return None,
            }
        }
    })
}
