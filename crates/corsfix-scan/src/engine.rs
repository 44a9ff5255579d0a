//! The tiered scan of one URL (reference `scanners.md` §5):
//!
//! 1. every URL: no `Origin`, its own origin, an arbitrary origin `S://K.A`, `null`, and one
//!    preflight with `S://K.A` (5 requests);
//! 2. arbitrary origin reflected, `*` everywhere, or one constant ACAO: nothing more to learn;
//! 3. any other CORS signal (ACAO, ACAC, `Vary: Origin`, a CORS-shaped preflight): the mutation
//!    families C2, C4–C16, C19 of the scanned host, plus the candidate trusted origins of C18 —
//!    with GET, or with preflights when only the preflight shows CORS;
//! 4. every discovered trusted origin is mutated too (C4–C12), reported `via: "C18"`;
//! 5. no signal at all: stop.
//!
//! Every probe is an independent request whose evidence stays with it: nothing is shared
//! between probes or targets except the connection pool.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use futures::{Stream, StreamExt};
use serde::Serialize;

use crate::client::{ClientConfig, Endpoint, Http, Probe, ProbeError};
use crate::error::Error;
use crate::finding::{Check, Evidence, Finding, Severity};
use crate::origins::{self, Planned, Token, split_origin};
use crate::target::Target;

/// Scanner settings.
#[derive(Debug, Clone)]
pub struct ScanConfig {
    /// The HTTP client.
    pub client: ClientConfig,
    /// The random parts of the probe origins (fix it for reproducible runs).
    pub token: Token,
}

/// What one URL's scan found, and whether it could be tested.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TargetReport {
    /// The URL as given.
    pub url: String,
    /// At least one probe got an answer.
    pub tested: bool,
    /// Every probe got an answer.
    pub complete: bool,
    /// Why the URL could not be (fully) tested.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Status of the request without `Origin`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// Where the URL redirects (never followed for the verdict).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redirect: Option<String>,
    /// The endpoint answers CORS at all (GET or preflight).
    pub cors: bool,
    /// Requests sent, retries included.
    pub requests: u32,
    /// Probes that got no answer after retries.
    pub failed_probes: u32,
    /// The findings, most severe first (deterministic order).
    #[serde(skip)]
    pub findings: Vec<Finding>,
}

impl TargetReport {
    /// The most severe finding.
    pub fn max_severity(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).max()
    }
}

/// The scanner: one HTTP client and TLS configuration for the whole run. Cloning it is cheap
/// and shares both.
#[derive(Debug, Clone)]
pub struct Scanner {
    http: Arc<Http>,
    token: Arc<Token>,
}

#[derive(Debug, Clone)]
struct Item {
    planned: Planned,
    method: &'static str,
    base: Option<String>,
    /// A C18 candidate (not a finding when accepted, a discovery).
    candidate: bool,
    /// A gate probe (never a finding): its answer decides whether a family is sent.
    canary: bool,
}

#[derive(Debug)]
struct Sent {
    item: Item,
    result: Result<Evidence, ProbeError>,
}

struct Ctx<'a> {
    target: &'a Target,
    ep: Endpoint,
}

impl Scanner {
    /// Builds the client (TLS configuration included) once.
    pub fn new(cfg: ScanConfig) -> Result<Self, Error> {
        Ok(Self {
            http: Arc::new(Http::new(cfg.client)?),
            token: Arc::new(cfg.token),
        })
    }

    /// The token in use.
    pub fn token(&self) -> &Token {
        &self.token
    }

    /// Scans many URLs with at most `parallel` URLs in flight; results come out as they finish.
    /// Memory is bounded by `parallel`, not by the number of URLs.
    pub fn scan_stream<'a, S>(
        &'a self,
        urls: S,
        parallel: usize,
    ) -> impl Stream<Item = TargetReport> + 'a
    where
        S: Stream<Item = String> + 'a,
    {
        // Each URL is its own tokio task when there is a runtime, so a multi-threaded runtime
        // spreads the work over its workers (the stream only collects the reports).
        let runtime = tokio::runtime::Handle::try_current().ok();
        urls.map(move |u| {
            let me = self.clone();
            let runtime = runtime.clone();
            async move {
                let Some(rt) = runtime else {
                    return me.scan(&u).await;
                };
                let url = u.clone();
                match rt.spawn(async move { me.scan(&u).await }).await {
                    Ok(report) => report,
                    Err(e) => TargetReport {
                        url: url.trim().to_owned(),
                        tested: false,
                        complete: false,
                        error: Some(format!("internal error while scanning: {e}")),
                        status: None,
                        redirect: None,
                        cors: false,
                        requests: 0,
                        failed_probes: 0,
                        findings: Vec::new(),
                    },
                }
            }
        })
        .buffer_unordered(parallel.max(1))
    }

    /// Scans one URL.
    pub async fn scan(&self, url: &str) -> TargetReport {
        let mut report = TargetReport {
            url: url.trim().to_owned(),
            tested: false,
            complete: false,
            error: None,
            status: None,
            redirect: None,
            cors: false,
            requests: 0,
            failed_probes: 0,
            findings: Vec::new(),
        };
        let target = match Target::parse(url) {
            Ok(t) => t,
            Err(e) => {
                report.error = Some(e.to_string());
                return report;
            }
        };
        let ep = match Endpoint::new(&target.parsed, &target.host, &format!("x-{}", self.token.k)) {
            Ok(ep) => ep,
            Err(e) => {
                report.error = Some(format!("invalid URL: {e}"));
                return report;
            }
        };
        let ctx = Ctx {
            target: &target,
            ep,
        };
        let mut acc = Collector::new(&target);
        self.run(&ctx, &mut acc, &mut report).await;
        report.findings = acc.finish();
        report
    }

    async fn send_all(
        &self,
        ctx: &Ctx<'_>,
        items: Vec<Item>,
        report: &mut TargetReport,
    ) -> Vec<Sent> {
        let probes: Vec<Probe<'_>> = items
            .iter()
            .map(|item| Probe {
                preflight: item.method == "OPTIONS",
                origin: item.planned_origin(),
            })
            .collect();
        let done = self.http.send_batch(&ctx.ep, &probes).await;
        drop(probes);
        let mut sent = Vec::with_capacity(done.len());
        for (item, (result, attempts)) in items.into_iter().zip(done) {
            let s = Sent { item, result };
            report.requests += attempts;
            match &s.result {
                Ok(_) => report.tested = true,
                Err(e) => {
                    report.failed_probes += 1;
                    if report.error.is_none() {
                        report.error = Some(e.message.clone());
                    }
                }
            }
            sent.push(s);
        }
        sent
    }

    async fn run(&self, ctx: &Ctx<'_>, acc: &mut Collector, report: &mut TargetReport) {
        let t = ctx.target;
        let tok = &self.token;
        let ka = format!("{}://{}", t.scheme, tok.attacker_host());
        let own = t.own_origin();
        let fixed = |check, origin: Option<String>, sev, why, method| Item {
            planned: Planned {
                check,
                origin: origin.unwrap_or_default(),
                severity: sev,
                why,
            },
            method,
            base: None,
            candidate: false,
            canary: false,
        };
        let tier1 = vec![
            fixed(Check::C0, None, Severity::Info, "", "GET"),
            fixed(Check::C0, Some(own.clone()), Severity::Info, "", "GET"),
            fixed(
                Check::C1,
                Some(ka.clone()),
                Severity::High,
                "any origin is reflected",
                "GET",
            ),
            fixed(
                Check::C3,
                Some("null".to_owned()),
                Severity::High,
                "any page can send `Origin: null` from a sandboxed iframe",
                "GET",
            ),
            fixed(
                Check::C17,
                Some(ka.clone()),
                Severity::High,
                "the preflight admits any origin: an attacker's page can send non-simple requests (PUT, DELETE, JSON) and read their answers when they carry the same headers",
                "OPTIONS",
            ),
        ];
        let mut sent_origins: HashSet<(String, &'static str)> = tier1
            .iter()
            .map(|i| (i.planned.origin.clone(), i.method))
            .collect();
        let r = self.send_all(ctx, tier1, report).await;
        let ev = |i: usize| r.get(i).and_then(|s| s.result.as_ref().ok());
        if let Some(e0) = ev(0) {
            report.status = Some(e0.status);
            if (300..400).contains(&e0.status) {
                report.redirect.clone_from(&e0.location);
            }
        }
        if !report.tested {
            return;
        }
        for s in &r {
            acc.observe(s);
        }
        let get_signal = (0..4).any(|i| ev(i).is_some_and(Evidence::has_cors_signal));
        let pf_signal = ev(4).is_some_and(Evidence::has_cors_signal);
        report.cors = get_signal || pf_signal;
        if !report.cors {
            report.complete = report.failed_probes == 0;
            return;
        }
        if let Some(e) = ev(1).filter(|e| e.has_cors_signal()).or_else(|| ev(2)) {
            acc.cors_aware(&own, e);
        }
        let acao = |i: usize| ev(i).and_then(Evidence::acao_single);
        let reflected_get = acao(2) == Some(ka.as_str());
        let reflected_pf = acao(4) == Some(ka.as_str());
        let wildcard_get = acao(2) == Some("*") && matches!(acao(1), Some("*") | None);
        let static_get = match acao(2) {
            Some(v) if v != "*" && v != ka && v != own => {
                acao(0) == Some(v) && acao(1) == Some(v) && acao(3) == Some(v)
            }
            _ => false,
        };
        let method = if get_signal && !(reflected_get || wildcard_get || static_get) {
            Some("GET")
        } else if !get_signal && pf_signal && !reflected_pf && acao(4) != Some("*") {
            Some("OPTIONS")
        } else {
            None
        };
        let Some(method) = method else {
            report.complete = report.failed_probes == 0;
            return;
        };
        let mut push = |items: &mut Vec<Item>,
                        planned: Planned,
                        base: Option<&String>,
                        candidate: bool,
                        canary: bool| {
            if sent_origins.insert((planned.origin.clone(), method)) {
                items.push(Item {
                    planned,
                    method,
                    base: base.cloned(),
                    candidate,
                    canary,
                });
            }
        };
        // Tier 3: the families of the scanned host but C11/C12, the canary that gates those
        // two, and the candidate trusted origins (C18).
        let mut items = Vec::new();
        for planned in origins::target_families(t.scheme, &t.host, t.is_ip, tok) {
            push(&mut items, planned, None, false, false);
        }
        push(
            &mut items,
            canary(t.scheme, &t.host, tok),
            None,
            false,
            true,
        );
        let mut candidates = origins::discovery_candidates(t.scheme, &t.host, t.is_ip);
        candidates.extend(acc.static_values.iter().cloned());
        for c in candidates {
            if split_origin(&c).is_some() {
                let planned = Planned {
                    check: Check::C18,
                    origin: c,
                    severity: Severity::Info,
                    why: "",
                };
                push(&mut items, planned, None, true, false);
            }
        }
        let mut accepted: HashSet<String> = HashSet::new();
        let r3 = self.send_all(ctx, items, report).await;
        let mut trusted = Vec::new();
        for s in &r3 {
            if !s.item.canary {
                acc.observe(s);
            }
            if s.accepted() {
                accepted.insert(s.item.planned.origin.clone());
                if s.item.candidate {
                    trusted.push(s.item.planned.origin.clone());
                }
            }
        }
        // Tier 4: mutate every discovered trusted origin (C18), C11/C12 gated again.
        let mut bases: Vec<(Option<String>, String, String, bool)> =
            vec![(None, t.scheme.to_owned(), t.host.clone(), t.is_ip)];
        let mut items = Vec::new();
        for base in trusted {
            let Some((scheme, host)) = split_origin(&base) else {
                continue;
            };
            let is_ip = host.starts_with('[') || host.parse::<std::net::Ipv4Addr>().is_ok();
            for planned in origins::host_families_core(scheme, host, is_ip, tok) {
                push(&mut items, planned, Some(&base), false, false);
            }
            push(
                &mut items,
                canary(scheme, host, tok),
                Some(&base),
                false,
                true,
            );
            bases.push((
                Some(base.clone()),
                scheme.to_owned(),
                host.to_owned(),
                is_ip,
            ));
        }
        if !items.is_empty() {
            let r4 = self.send_all(ctx, items, report).await;
            for s in &r4 {
                if !s.item.canary {
                    acc.observe(s);
                }
                if s.accepted() {
                    accepted.insert(s.item.planned.origin.clone());
                }
            }
        }
        // Tier 5: C11/C12 only for the hosts whose gate opened: the prefix probe (C4) or the
        // canary `S://H/.K.A` was accepted (docs/scan.md, "Pruning", says why that is sound).
        let mut items = Vec::new();
        for (base, scheme, host, _) in &bases {
            let open = accepted.contains(&origins::prefix_origin(scheme, host, tok))
                || accepted.contains(&origins::canary_origin(scheme, host, tok));
            if open {
                for planned in origins::char_families(scheme, host, tok) {
                    push(&mut items, planned, base.as_ref(), false, false);
                }
            }
        }
        if !items.is_empty() {
            let r5 = self.send_all(ctx, items, report).await;
            for s in &r5 {
                acc.observe(s);
            }
        }
        report.complete = report.failed_probes == 0;
    }
}

/// The gate probe of C11/C12 for a host (never reported).
fn canary(scheme: &str, host: &str, tok: &Token) -> Planned {
    Planned {
        check: Check::C11,
        origin: origins::canary_origin(scheme, host, tok),
        severity: Severity::Info,
        why: "",
    }
}

impl Item {
    fn planned_origin(&self) -> Option<&str> {
        if self.planned.origin.is_empty() {
            None
        } else {
            Some(&self.planned.origin)
        }
    }
}

impl Sent {
    fn accepted(&self) -> bool {
        match (&self.result, self.item.planned_origin()) {
            (Ok(e), Some(o)) => e.accepts(o),
            _ => false,
        }
    }
}

/// Per-target accumulation of findings (owned by one scan, never shared).
struct Collector {
    url: String,
    scheme: &'static str,
    internal: bool,
    /// Findings keyed for de-duplication and a deterministic order.
    findings: BTreeMap<(Check, &'static str, String, String), Finding>,
    /// Fixed ACAO values seen (C24), candidates for C18.
    static_values: Vec<String>,
    /// Responses whose ACAO matched their Origin without Vary: Origin (C23 candidates), and
    /// whether ACAO ever differed between GET probes.
    unvaried: Option<(Item, Evidence)>,
    get_acaos: HashSet<Option<String>>,
}

impl Collector {
    fn new(t: &Target) -> Self {
        Self {
            url: t.url.clone(),
            scheme: t.scheme,
            internal: t.looks_internal(),
            findings: BTreeMap::new(),
            static_values: Vec::new(),
            unvaried: None,
            get_acaos: HashSet::new(),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn add(
        &mut self,
        check: Check,
        severity: Severity,
        reason: String,
        item: &Item,
        evidence: &Evidence,
        credentials: bool,
        key: String,
    ) {
        let origin = item.planned_origin().map(str::to_owned);
        let rule = if check == Check::C22 && key == "acac" {
            corsfix_policy::Rule::find("CORS020")
        } else {
            check.lint_rule(credentials)
        };
        let k = (check, item.method, key, origin.clone().unwrap_or_default());
        if self.findings.contains_key(&k) {
            return;
        }
        let finding = Finding {
            url: self.url.clone(),
            check,
            title: check.title(),
            severity,
            reason,
            origin,
            method: item.method,
            via: item.base.as_ref().map(|_| "C18"),
            base_origin: item.base.clone(),
            credentials,
            evidence: evidence.clone(),
            rule: rule.map(|r| r.code()),
            rule_name: rule.map(|r| r.name()),
        };
        self.findings.insert(k, finding);
    }

    fn cors_aware(&mut self, own: &str, e: &Evidence) {
        let item = Item {
            planned: Planned {
                check: Check::C0,
                origin: own.to_owned(),
                severity: Severity::Info,
                why: "",
            },
            method: "GET",
            base: None,
            candidate: false,
            canary: false,
        };
        self.add(
            Check::C0,
            Severity::Info,
            "the endpoint answers CORS (ACAO, ACAC or Vary: Origin)".to_owned(),
            &item,
            e,
            e.credentials_exact(),
            String::new(),
        );
    }

    fn observe(&mut self, s: &Sent) {
        let Ok(e) = &s.result else { return };
        let item = &s.item;
        let origin = item.planned_origin();
        let creds = e.credentials_exact();
        if item.method == "GET" {
            self.get_acaos.insert(e.acao_single().map(str::to_owned));
        }
        // C22: invalid values.
        let echoed = origin.is_some() && e.acao_single() == origin;
        if let Some(why) = invalid_acao(e).filter(|_| !echoed) {
            self.add(
                Check::C22,
                Severity::Info,
                why,
                item,
                e,
                false,
                "acao".to_owned(),
            );
        }
        if let Some(acac) = e.acac.as_ref().filter(|_| !e.credentials_exact()) {
            self.add(
                Check::C22,
                Severity::Info,
                format!(
                    "Access-Control-Allow-Credentials is `{acac}`: only the exact value `true` counts, credentialed reads fail"
                ),
                item,
                e,
                false,
                "acac".to_owned(),
            );
        }
        let Some(acao) = e.acao_single() else { return };
        // C20 / C21: the wildcard.
        if acao == "*" {
            let (sev, why) = if self.internal {
                (
                    Severity::Medium,
                    "`*` on a host that looks internal: any page the victim opens can read it through their browser",
                )
            } else {
                (
                    Severity::Info,
                    "`*` without credentials: only what is public anyway is readable",
                )
            };
            self.add(
                Check::C20,
                sev,
                why.to_owned(),
                item,
                e,
                false,
                String::new(),
            );
            if creds {
                self.add(
                    Check::C21,
                    Severity::Low,
                    "`*` with `Access-Control-Allow-Credentials: true`: browsers refuse it, but the configuration means to share credentials with everyone".to_owned(),
                    item,
                    e,
                    false,
                    String::new(),
                );
            }
            return;
        }
        let Some(o) = origin else {
            // No Origin sent, ACAO present: a fixed value (C24).
            self.static_value(acao, item, e);
            return;
        };
        if acao == o {
            if !e.varies_on_origin() && item.method == "GET" && self.unvaried.is_none() {
                self.unvaried = Some((item.clone(), e.clone()));
            }
            if item.planned.check == Check::C0 {
                return;
            }
            if item.candidate {
                self.discovered(item, e, creds);
                return;
            }
            let (sev, reason) = grade(item, creds, self.internal);
            self.add(
                item.planned.check,
                sev,
                reason,
                item,
                e,
                creds,
                String::new(),
            );
            return;
        }
        if o != "null" && near_miss(acao, o) {
            self.add(
                item.planned.check,
                Severity::Info,
                format!(
                    "near miss, not exploitable: ACAO `{acao}` differs from the Origin sent only in case, a trailing slash or the port, and browsers compare byte for byte"
                ),
                item,
                e,
                false,
                "near-miss".to_owned(),
            );
            return;
        }
        self.static_value(acao, item, e);
    }

    fn static_value(&mut self, acao: &str, item: &Item, e: &Evidence) {
        if acao == "null" || invalid_acao(e).is_some() {
            return;
        }
        if !self.static_values.iter().any(|v| v == acao) {
            self.static_values.push(acao.to_owned());
        }
        let item = Item {
            planned: Planned {
                check: Check::C24,
                origin: item.planned.origin.clone(),
                severity: Severity::Info,
                why: "",
            },
            ..item.clone()
        };
        self.add(
            Check::C24,
            Severity::Info,
            format!("the endpoint names the origin `{acao}` whatever it is sent: a trusted origin to investigate"),
            &item,
            e,
            false,
            acao.to_owned(),
        );
    }

    fn discovered(&mut self, item: &Item, e: &Evidence, creds: bool) {
        let o = &item.planned.origin;
        if self.scheme == "https" && o.starts_with("http://") {
            let (sev, reason) = grade(
                &Item {
                    planned: Planned {
                        check: Check::C15,
                        origin: o.clone(),
                        severity: Severity::Medium,
                        why: "needs a network attacker (plain-http origin)",
                    },
                    ..item.clone()
                },
                creds,
                self.internal,
            );
            self.add(Check::C15, sev, reason, item, e, creds, String::new());
            return;
        }
        self.add(
            Check::C18,
            Severity::Info,
            format!("`{o}` is trusted; its look-alikes are probed too (findings `via: C18`)"),
            item,
            e,
            creds,
            String::new(),
        );
    }

    fn finish(mut self) -> Vec<Finding> {
        // C23: the ACAO depends on the Origin (it changed between probes) but Vary lacks it.
        if let Some((item, e)) = self.unvaried.take().filter(|_| self.get_acaos.len() > 1) {
            let item = Item {
                planned: Planned {
                    check: Check::C23,
                    ..item.planned.clone()
                },
                ..item
            };
            self.add(
                Check::C23,
                Severity::Low,
                "ACAO echoes the request's Origin but Vary does not name Origin: caches can serve one origin's answer to another".to_owned(),
                &item,
                &e,
                e.credentials_exact(),
                String::new(),
            );
        }
        let mut v: Vec<Finding> = self.findings.into_values().collect();
        v.sort_by(|a, b| {
            b.severity
                .cmp(&a.severity)
                .then(a.check.cmp(&b.check))
                .then(a.method.cmp(b.method))
                .then(a.origin.cmp(&b.origin))
                .then(a.reason.cmp(&b.reason))
        });
        v
    }
}

/// The severity of an accepted probe, and why.
fn grade(item: &Item, credentials: bool, internal: bool) -> (Severity, String) {
    let p = &item.planned;
    let via = item
        .base
        .as_ref()
        .map(|b| format!(" (a look-alike of the trusted origin `{b}`)"))
        .unwrap_or_default();
    if credentials {
        (
            p.severity,
            format!("accepted with credentials{via}; {}", p.why),
        )
    } else if internal {
        (
            p.severity.min(Severity::Medium),
            format!(
                "accepted without credentials{via} on a host that looks internal (the browser becomes a proxy into the network); {}",
                p.why
            ),
        )
    } else {
        (
            p.severity.min(Severity::Low),
            format!(
                "accepted without credentials{via}: only data readable without cookies is exposed; {}",
                p.why
            ),
        )
    }
}

/// Why an ACAO is invalid (C22), if it is.
fn invalid_acao(e: &Evidence) -> Option<String> {
    match e.acao.as_slice() {
        [] => None,
        [one] => {
            let v = one.as_str();
            if v == "*" || v == "null" {
                None
            } else if v.contains(',') || v.contains(char::is_whitespace) {
                Some(format!(
                    "ACAO `{v}` holds several values or whitespace: browsers accept exactly one origin"
                ))
            } else if v.contains('*') {
                Some(format!(
                    "ACAO `{v}` is a pattern: browsers do not expand patterns"
                ))
            } else {
                None
            }
        }
        many => Some(format!(
            "{} Access-Control-Allow-Origin headers: browsers reject the response",
            many.len()
        )),
    }
}

fn strip_port(o: &str) -> &str {
    match o.rsplit_once(':') {
        Some((h, p))
            if h.contains("://") && !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) =>
        {
            h
        }
        _ => o,
    }
}

fn near_miss(acao: &str, o: &str) -> bool {
    acao != o
        && (acao.eq_ignore_ascii_case(o)
            || acao.trim_end_matches('/') == o
            || strip_port(acao) == strip_port(o))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_values_are_recognised() {
        let ev = |v: &[&str]| Evidence {
            acao: v.iter().map(|s| (*s).to_owned()).collect(),
            ..Evidence::default()
        };
        assert!(invalid_acao(&ev(&["https://a.com, https://b.com"])).is_some());
        assert!(invalid_acao(&ev(&["https://*.a.com"])).is_some());
        assert!(invalid_acao(&ev(&["https://a.com", "https://a.com"])).is_some());
        assert!(invalid_acao(&ev(&["*"])).is_none());
        assert!(invalid_acao(&ev(&["https://a.com"])).is_none());
    }

    #[test]
    fn near_misses_differ_only_in_case_slash_or_port() {
        assert!(near_miss("HTTPS://A.COM", "https://a.com"));
        assert!(near_miss("https://a.com/", "https://a.com"));
        assert!(near_miss("https://a.com", "https://a.com:8443"));
        assert!(!near_miss("https://a.com", "https://a.com"));
        assert!(!near_miss("https://b.com", "https://a.com"));
    }
}
