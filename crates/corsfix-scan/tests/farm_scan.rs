//! The scanner against its loopback farm: every serious behaviour found for the right reason,
//! nothing at or above `low` on correct servers, evidence from each probe's own response,
//! identical findings across runs, and errors reported as "could not test".
#![allow(clippy::unwrap_used, unreachable_pub)]

mod farm;

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use corsfix_scan::{
    Check, ClientConfig, Finding, ScanConfig, Scanner, Severity, TargetReport, Token,
};
use farm::{B, FarmTarget};
use futures::StreamExt;

fn scanner(
    resolver: corsfix_scan::Resolver,
    token: &str,
    insecure: bool,
    ca: Vec<rustls::pki_types::CertificateDer<'static>>,
) -> Scanner {
    Scanner::new(ScanConfig {
        client: ClientConfig {
            timeout: Duration::from_secs(10),
            insecure,
            ca_certs: ca,
            resolver,
            ..ClientConfig::default()
        },
        token: Token::new(token, "evil.example"),
    })
    .unwrap()
}

async fn scan_all(s: &Scanner, urls: Vec<String>) -> Vec<TargetReport> {
    let mut v: Vec<TargetReport> = s
        .scan_stream(futures::stream::iter(urls), 32)
        .collect()
        .await;
    v.sort_by(|a, b| a.url.cmp(&b.url));
    v
}

/// Each behaviour on http and https (where it applies), on two sites.
fn one_of_each() -> Vec<FarmTarget> {
    let mut v = Vec::new();
    let mut i = 0;
    for b in B::ALL {
        for https in [false, true] {
            if b.https_only() && !https {
                continue;
            }
            for site in [1, 2] {
                v.push(FarmTarget {
                    url: farm::target_url(i, b, https, site),
                    behaviour: b,
                    https,
                });
                i += 1;
            }
        }
    }
    v
}

use Severity::{High, Low, Medium};

/// Ground truth: the checks reported at `low` or above, with their highest severity.
fn expected(b: B, https: bool) -> BTreeMap<Check, Severity> {
    use Check::*;
    let mut m: BTreeMap<Check, Severity> = match b {
        B::None | B::Wildcard | B::Strict | B::StrictNoCreds | B::Static | B::InvalidList => {
            BTreeMap::new()
        }
        B::Reflect => [(C1, High), (C3, High), (C17, High)].into(),
        B::ReflectNoCreds => [(C1, Low), (C3, Low), (C17, Low), (C23, Low)].into(),
        B::Null => [(C3, High)].into(),
        B::Prefix => [(C4, High), (C5, High), (C11, High), (C12, High), (C19, Low)].into(),
        B::Suffix | B::PreflightSuffix => [(C6, High), (C10, High), (C14, Medium)].into(),
        B::Substring => [
            (C4, High),
            (C5, High),
            (C6, High),
            (C8, High),
            (C10, High),
            (C11, High),
            (C12, High),
            (C14, Medium),
            (C19, Low),
        ]
        .into(),
        B::ReverseSubstring => [(C9, High)].into(),
        B::RegexDot => [(C10, High)].into(),
        B::NaiveHost => [(C11, High), (C19, Low)].into(),
        B::ThirdParty => [(C13, High)].into(),
        B::AnySub => [(C14, Medium)].into(),
        B::HttpTrusted => [(C15, Medium)].into(),
        B::HttpAny => [
            (C2, High),
            (C4, High),
            (C5, High),
            (C7, High),
            (C8, High),
            (C9, High),
            (C10, High),
            (C11, High),
            (C12, High),
            (C15, Medium),
            (C16, Low),
        ]
        .into(),
        B::Localhost => [(C16, Low)].into(),
        B::PreflightReflect => [(C17, High)].into(),
        B::TrustedPrefix => [(C4, High), (C5, High), (C11, High), (C12, High)].into(),
        B::PortBlind => [(C19, Low)].into(),
        B::WildcardCreds => [(C21, Low)].into(),
    };
    if https && matches!(b, B::Suffix | B::PreflightSuffix | B::Substring) {
        m.insert(C7, High);
        m.insert(C15, Medium);
    }
    m
}

fn reported(r: &TargetReport) -> BTreeMap<Check, Severity> {
    let mut m = BTreeMap::new();
    for f in r.findings.iter().filter(|f| f.severity >= Low) {
        let e = m.entry(f.check).or_insert(f.severity);
        *e = (*e).max(f.severity);
    }
    m
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_behaviour_is_found_for_the_right_reason_and_correct_servers_are_clean() {
    let targets = one_of_each();
    let farm = farm::start(targets.clone(), 3).await;
    let s = scanner(farm.resolver(), "k3x9q", true, Vec::new());
    let reports = scan_all(&s, targets.iter().map(|t| t.url.clone()).collect()).await;
    assert_eq!(reports.len(), targets.len());
    let mut problems = Vec::new();
    for t in &targets {
        let r = reports.iter().find(|r| r.url == t.url).unwrap();
        assert!(r.tested && r.complete, "{}: {:?}", t.url, r.error);
        let want = expected(t.behaviour, t.https);
        let got = reported(r);
        if want != got {
            problems.push(format!(
                "{} ({}): want {want:?}\n    got {got:?}",
                t.url,
                t.behaviour.name()
            ));
        }
        // Evidence is the probe's own response: an accepted origin is in its own ACAO.
        for f in &r.findings {
            if f.check >= Check::C1
                && f.check <= Check::C19
                && f.check != Check::C18
                && !f.reason.starts_with("near miss")
            {
                assert_eq!(f.evidence.acao, vec![f.origin.clone().unwrap()], "{f:?}");
            }
            if f.check >= Check::C1 && f.check <= Check::C19 && f.check != Check::C18 {
                assert_eq!(
                    f.credentials,
                    f.evidence.acac.as_deref() == Some("true"),
                    "{f:?}"
                );
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn specific_findings_carry_the_right_probe_method_and_via() {
    let targets = one_of_each();
    let farm = farm::start(targets.clone(), 3).await;
    let s = scanner(farm.resolver(), "k3x9q", true, Vec::new());
    let pick = |b: B, https: bool| {
        targets
            .iter()
            .find(|t| t.behaviour == b && t.https == https)
            .unwrap()
            .url
            .clone()
    };
    // Preflight-only CORS: found by the preflight, with the arbitrary origin.
    let r = s.scan(&pick(B::PreflightReflect, true)).await;
    let f = r.findings.iter().find(|f| f.check == Check::C17).unwrap();
    assert_eq!(f.method, "OPTIONS");
    assert_eq!(f.origin.as_deref(), Some("https://k3x9q.evil.example"));
    assert!(f.credentials);
    assert_eq!(f.evidence.acah.as_deref(), Some("x-k3x9q"));
    // A suffix bug seen only on preflights: mutation probes are preflights too.
    let r = s.scan(&pick(B::PreflightSuffix, false)).await;
    let f = r.findings.iter().find(|f| f.check == Check::C6).unwrap();
    assert_eq!(f.method, "OPTIONS");
    assert_eq!(f.origin.as_deref(), Some("http://k3x9qsite1.test"));
    // A bug keyed on the trusted front-end origin: reported via C18 with its base.
    let r = s.scan(&pick(B::TrustedPrefix, false)).await;
    let f = r.findings.iter().find(|f| f.check == Check::C4).unwrap();
    assert_eq!(f.via, Some("C18"));
    assert_eq!(f.base_origin.as_deref(), Some("https://app.site1.test"));
    assert_eq!(
        f.origin.as_deref(),
        Some("https://app.site1.test.k3x9q.evil.example")
    );
    assert_eq!(f.severity, High);
    assert!(
        r.findings
            .iter()
            .any(|f| f.check == Check::C18 && f.severity == Severity::Info)
    );
    // Reflection stops the budget early; a URL without CORS costs 5 requests.
    let r = s.scan(&pick(B::Reflect, false)).await;
    assert_eq!(r.requests, 5);
    let r = s.scan(&pick(B::None, true)).await;
    assert_eq!(r.requests, 5);
    assert!(r.findings.is_empty());
    // Mutation families only where there is a signal: a strict allowlist costs more (tier 3 and
    // the trusted origin's C4–C10), but not the 2 × 36 C11/C12 probes: neither the prefix probe
    // nor the canary was accepted, on the host or on the trusted origin.
    let r = s.scan(&pick(B::Strict, true)).await;
    assert!((40..76).contains(&r.requests), "{}", r.requests);
    // Where the gate opens (prefix accepted), C11/C12 are sent: 36 more than the strict case.
    let p = s.scan(&pick(B::Prefix, true)).await;
    assert!(
        p.requests >= r.requests + 36,
        "{} vs {}",
        p.requests,
        r.requests
    );
    // The plain-http strict allowlist trusting its own http origin is no finding (Corsy's FP).
    let r = s.scan(&pick(B::Strict, false)).await;
    assert!(
        r.findings.iter().all(|f| f.severity == Severity::Info),
        "{:?}",
        r.findings
    );
    // Informational facts are reported, not dropped.
    let r = s.scan(&pick(B::Static, false)).await;
    assert!(r.findings.iter().any(|f| f.check == Check::C24));
    let r = s.scan(&pick(B::InvalidList, true)).await;
    assert!(r.findings.iter().any(|f| f.check == Check::C22));
    let r = s.scan(&pick(B::Wildcard, true)).await;
    assert!(
        r.findings
            .iter()
            .any(|f| f.check == Check::C20 && f.severity == Severity::Info)
    );
}

fn normalised(reports: &[TargetReport], token: &str) -> Vec<String> {
    let mut v: Vec<String> = reports
        .iter()
        .flat_map(|r| r.findings.iter())
        .map(|f: &Finding| {
            serde_json::to_string(f)
                .unwrap()
                .replace(token, "K")
                .replace(&format!(":{}", Token::new(token, "x").port), ":PORT")
        })
        .collect();
    v.sort();
    v
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_runs_give_identical_findings() {
    let targets = farm::mix(120, 20);
    let farm = farm::start(targets.clone(), 20).await;
    let urls: Vec<String> = targets.iter().map(|t| t.url.clone()).collect();
    let a = scan_all(
        &scanner(farm.resolver(), "k3x9q", true, Vec::new()),
        urls.clone(),
    )
    .await;
    let b = scan_all(
        &scanner(farm.resolver(), "k3x9q", true, Vec::new()),
        urls.clone(),
    )
    .await;
    let c = scan_all(&scanner(farm.resolver(), "zq81m", true, Vec::new()), urls).await;
    assert_eq!(a, b);
    let fa = normalised(&a, "k3x9q");
    assert!(fa.len() > 120, "{}", fa.len());
    assert_eq!(fa, normalised(&c, "zq81m"));
    // Ground truth holds on the benchmark mix too.
    for t in &targets {
        let r = a.iter().find(|r| r.url == t.url).unwrap();
        assert_eq!(reported(r), expected(t.behaviour, t.https), "{}", t.url);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn certificates_are_verified_unless_insecure() {
    let targets: Vec<FarmTarget> = one_of_each()
        .into_iter()
        .filter(|t| t.https && t.behaviour == B::Reflect)
        .collect();
    let farm = farm::start(targets.clone(), 3).await;
    let url = targets[0].url.clone();
    // The farm's CA added: verified HTTPS works.
    use rustls::pki_types::pem::PemObject;
    let ca = rustls::pki_types::CertificateDer::from_pem_slice(farm.ca_pem.as_bytes()).unwrap();
    let r = scanner(farm.resolver(), "k3x9q", false, vec![ca])
        .scan(&url)
        .await;
    assert!(r.tested, "{:?}", r.error);
    assert!(r.findings.iter().any(|f| f.check == Check::C1));
    // Without it: the URL could not be tested, and says why.
    let r = scanner(farm.resolver(), "k3x9q", false, Vec::new())
        .scan(&url)
        .await;
    assert!(!r.tested);
    assert!(r.findings.is_empty());
    let err = r.error.unwrap();
    assert!(err.to_lowercase().contains("certificate"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unreachable_and_invalid_targets_are_reported_not_hidden() {
    // A port nobody listens on (bound then released).
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = l.local_addr().unwrap();
    drop(l);
    let resolver = corsfix_scan::Resolver::new().map("*.test", addr).no_dns();
    let s = Scanner::new(ScanConfig {
        client: ClientConfig {
            timeout: Duration::from_secs(2),
            retries: 1,
            resolver,
            ..ClientConfig::default()
        },
        token: Token::new("k3x9q", "evil.example"),
    })
    .unwrap();
    let r = s.scan("http://down.site1.test/").await;
    assert!(!r.tested);
    assert!(r.error.is_some());
    assert_eq!(r.requests, 10, "5 probes, each retried once");
    let r = s.scan("ftp://x.test/").await;
    assert!(!r.tested);
    assert!(r.error.unwrap().contains("scheme"));
    let r = s.scan("http://unmapped.example/").await;
    assert!(!r.tested);
    assert!(r.error.unwrap().contains("DNS disabled"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_endpoint_times_out_instead_of_hanging() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    // Accepts and never answers.
    let task = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((s, _)) = listener.accept().await {
            held.push(s);
        }
    });
    let s = Scanner::new(ScanConfig {
        client: ClientConfig {
            timeout: Duration::from_millis(300),
            resolver: corsfix_scan::Resolver::new().map("*.test", addr).no_dns(),
            ..ClientConfig::default()
        },
        token: Token::new("k3x9q", "evil.example"),
    })
    .unwrap();
    let started = std::time::Instant::now();
    let r = s.scan("http://tarpit.site1.test/").await;
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(!r.tested);
    assert!(r.error.unwrap().contains("timed out"));
    task.abort();
}

#[test]
fn the_farm_behaviours_are_all_used_by_the_mix() {
    let used: BTreeSet<&str> = farm::mix(2000, 300)
        .iter()
        .map(|t| t.behaviour.name())
        .collect();
    assert_eq!(used.len(), B::ALL.len());
    let https = farm::mix(2000, 300).iter().filter(|t| t.https).count();
    assert!((500..=600).contains(&https), "{https}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_global_rate_limit_spaces_requests() {
    let targets: Vec<FarmTarget> = one_of_each()
        .into_iter()
        .filter(|t| t.behaviour == B::None)
        .collect();
    let farm = farm::start(targets.clone(), 3).await;
    let s = Scanner::new(ScanConfig {
        client: ClientConfig {
            rate: Some(20.0),
            insecure: true,
            resolver: farm.resolver(),
            ..ClientConfig::default()
        },
        token: Token::new("k3x9q", "evil.example"),
    })
    .unwrap();
    let started = std::time::Instant::now();
    let reports = scan_all(&s, targets.iter().take(2).map(|t| t.url.clone()).collect()).await;
    // 10 requests at 20/s: the last one starts 450 ms after the first.
    assert_eq!(reports.iter().map(|r| r.requests).sum::<u32>(), 10);
    assert!(
        started.elapsed() >= Duration::from_millis(440),
        "{:?}",
        started.elapsed()
    );
    assert!(
        Scanner::new(ScanConfig {
            client: ClientConfig {
                rate: Some(-1.0),
                ..ClientConfig::default()
            },
            token: Token::new("k3x9q", "evil.example"),
        })
        .is_err()
    );
}
