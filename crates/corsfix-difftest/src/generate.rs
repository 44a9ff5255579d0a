//! A seeded generator of cross-origin cases in the case format
//! (`shared/reference/case-format.md`), aimed at the corners where browsers and a model of
//! them can differ: method spelling, safelisted and unsafe request headers, every
//! `Access-Control-*` variant, statuses, redirect chains, `no-cors`, redirect modes and XHR.
//!
//! Every case gets its own URL path (`/c/{id}/1`, then `/c/{id}/1/h1`, … for redirect hops), so
//! the browser's preflight cache never carries one case into another, and every request the
//! replay server receives names the case it belongs to.

use corsfix_model::{
    Case, Credentials, Hop, Initiator, Mode, RedirectMode, RequestSpec, ResponseSpec,
};
use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::{Rng, RngCore};

/// The loopback ports the cases are written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ports {
    /// The page's origin `http://127.0.0.1:{page}`.
    pub page: u16,
    /// The API origin the cases start at.
    pub api: u16,
    /// A second API origin that redirects may lead to.
    pub api2: u16,
}

impl Ports {
    /// The page's origin.
    pub fn page_origin(&self) -> String {
        format!("http://127.0.0.1:{}", self.page)
    }
}

/// What an engine's runner can replay; cases outside it are not generated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Profile {
    /// Generate `XMLHttpRequest` cases.
    pub xhr: bool,
}

impl Default for Profile {
    fn default() -> Self {
        Self { xhr: true }
    }
}

/// `count` cases from `seed`, ids `g{seed}-{n}`. The same seed and ports give the same cases.
pub fn generate(seed: u64, count: usize, ports: Ports, profile: Profile) -> Vec<Case> {
    let mut rng = StdRng::seed_from_u64(seed);
    (0..count)
        .map(|n| {
            let mut case_rng = StdRng::seed_from_u64(rng.next_u64());
            Gen {
                rng: &mut case_rng,
                ports,
                profile,
            }
            .case(format!("g{seed}-{n}"))
        })
        .collect()
}

struct Gen<'r> {
    rng: &'r mut StdRng,
    ports: Ports,
    profile: Profile,
}

/// Pick from `(weight, value)` pairs.
fn weighted<T: Clone>(rng: &mut StdRng, items: &[(u32, T)]) -> T {
    let total: u32 = items.iter().map(|(w, _)| w).sum();
    let mut at = rng.random_range(0..total);
    for (w, v) in items {
        if at < *w {
            return v.clone();
        }
        at -= w;
    }
    items[items.len() - 1].1.clone()
}

const METHODS: &[(u32, &str)] = &[
    (22, "GET"),
    (18, "POST"),
    (10, "PUT"),
    (5, "DELETE"),
    (3, "delete"),
    (5, "patch"),
    (4, "PATCH"),
    (3, "PURGE"),
    (3, "OPTIONS"),
    (4, "HEAD"),
    (2, "get"),
    (2, "post"),
    (2, "put"),
    (1, "Post"),
    (1, "Get"),
    (1, "PROPFIND"),
];

/// Request headers a script might set: safelisted and not, and the awkward values.
const REQUEST_HEADERS: &[(&str, &str)] = &[
    ("Content-Type", "application/json"),
    ("Content-Type", "text/plain"),
    ("Content-Type", "text/plain;charset=UTF-8"),
    ("Content-Type", "application/x-www-form-urlencoded"),
    ("Content-Type", "multipart/form-data; boundary=x"),
    ("Content-Type", "text/plain; charset=\"utf-8\""),
    ("Content-Type", "application/json; charset=utf-8"),
    ("Content-Type", "TEXT/PLAIN"),
    ("Content-Type", "text/csv"),
    ("content-type", "application/json"),
    ("Accept", "application/json"),
    ("Accept", "*/*"),
    ("Accept", "text/html\"x"),
    ("Accept", "text/(html)"),
    ("Accept", "application/{json}"),
    ("Accept-Language", "en-US,en;q=0.9"),
    ("Accept-Language", "en_US"),
    ("Content-Language", "de-DE"),
    ("Content-Language", "en@x"),
    ("Range", "bytes=0-99"),
    ("Range", "bytes=0-"),
    ("Range", "bytes=-500"),
    ("Range", "BYTES=0-1"),
    ("Range", "bytes=0-1,5-6"),
    ("Range", "bytes=5-1"),
    ("Range", "bytes= 0-1"),
    ("Authorization", "Bearer t0k3n"),
    ("Authorization", "Basic Zm9vOmJhcg=="),
    ("X-Api-Key", "k"),
    ("x-api-key", "k"),
    ("X-Trace", "t"),
    ("X-Requested-With", "XMLHttpRequest"),
    ("X-Custom-Header", "v"),
    ("DPR", "2"),
    ("Save-Data", "on"),
    ("Device-Memory", "8"),
    ("Viewport-Width", "1200"),
    ("ECT", "4g"),
    ("Downlink", "1.5"),
    ("RTT", "50"),
    ("Width", "100"),
    ("Intervention", "x"),
    ("Cookie", "a=b"),
    ("Origin", "http://evil.test"),
    ("Sec-Custom", "1"),
    ("Proxy-Custom", "1"),
    ("User-Agent", "corsfix"),
    ("Cache-Control", "no-cache"),
    ("If-None-Match", "\"abc\""),
];

/// Response headers the script may try to read (never `Content-Length`: the replay server
/// writes that one itself).
const READ_HEADERS: &[&str] = &[
    "X-Total",
    "x-total",
    "X-Request-Id",
    "Cache-Control",
    "Content-Type",
    "Content-Language",
    "Expires",
    "Last-Modified",
    "Pragma",
    "ETag",
];

const EXPOSE: &[(u32, Option<&str>)] = &[
    (40, None),
    (15, Some("X-Total")),
    (12, Some("*")),
    (8, Some("x-total, x-request-id")),
    (5, Some("X-Request-Id")),
    (4, Some("ETag, *")),
    (3, Some("X-Total X-Request-Id")),
    (3, Some("")),
    (2, Some("x-total; x-request-id")),
];

impl Gen<'_> {
    fn chance(&mut self, p: f64) -> bool {
        self.rng.random_bool(p)
    }

    fn case(&mut self, id: String) -> Case {
        let origin = self.ports.page_origin();
        let base = format!("/c/{id}/1");
        let url = format!("http://127.0.0.1:{}{base}", self.ports.api);
        let xhr = self.profile.xhr && self.chance(0.15);
        let initiator = if xhr {
            Initiator::XmlHttpRequest
        } else {
            Initiator::Fetch
        };
        let method = weighted(self.rng, METHODS).to_owned();
        let mut headers: Vec<(String, String)> = Vec::new();
        let n_headers = weighted(self.rng, &[(30, 0usize), (35, 1), (22, 2), (13, 3)]);
        for _ in 0..n_headers {
            let (n, v) = *REQUEST_HEADERS
                .choose(self.rng)
                .unwrap_or(&("X-Api-Key", "k"));
            if headers.iter().any(|(h, _)| h.eq_ignore_ascii_case(n)) {
                continue;
            }
            headers.push((n.to_owned(), v.to_owned()));
        }
        if self.chance(0.02) {
            headers.push(("Accept-Language".to_owned(), "a".repeat(129)));
        }
        let credentials = if xhr {
            weighted(
                self.rng,
                &[(55, Credentials::SameOrigin), (45, Credentials::Include)],
            )
        } else {
            weighted(
                self.rng,
                &[
                    (30, Credentials::Omit),
                    (30, Credentials::SameOrigin),
                    (40, Credentials::Include),
                ],
            )
        };
        let mode = if !xhr && self.chance(0.07) {
            Mode::NoCors
        } else {
            Mode::Cors
        };
        let redirect = if xhr {
            RedirectMode::Follow
        } else {
            weighted(
                self.rng,
                &[
                    (86, RedirectMode::Follow),
                    (7, RedirectMode::Error),
                    (7, RedirectMode::Manual),
                ],
            )
        };
        let upper = method.to_ascii_uppercase();
        let body = if matches!(upper.as_str(), "GET" | "HEAD") {
            // A body on GET/HEAD: a TypeError from fetch(), ignored by XHR.
            self.chance(0.02).then(|| "x=1".to_owned())
        } else {
            self.chance(0.7).then(|| "x=1".to_owned())
        };
        let n_read = weighted(self.rng, &[(35, 0usize), (40, 1), (25, 2)]);
        let mut read_headers: Vec<String> = Vec::new();
        for _ in 0..n_read {
            let name = (*READ_HEADERS.choose(self.rng).unwrap_or(&"X-Total")).to_owned();
            if !read_headers.iter().any(|h| h.eq_ignore_ascii_case(&name)) {
                read_headers.push(name);
            }
        }
        let request = RequestSpec {
            target_address_space: None,
            method,
            headers,
            credentials,
            mode,
            read_headers,
            redirect,
            body,
            initiator,
        };
        let hop = self.hop(&base, self.ports.api, 0);
        Case {
            address_space: None,
            lna_permission: None,
            id: Some(serde_json::Value::String(id)),
            origin,
            url,
            request,
            preflight: hop.preflight,
            actual: hop.actual,
        }
    }

    /// How the server at `path` on `port` answers; `depth` redirects deep.
    fn hop(&mut self, path: &str, port: u16, depth: u32) -> Hop {
        // After a hop through a third origin the request's origin is `null`; offer that value
        // more often on the second API origin.
        let null_bias = port == self.ports.api2;
        let mut preflight = self.response(true, null_bias);
        let mut actual = self.response(false, null_bias);
        let redirect_p = match depth {
            0 => 0.22,
            1 => 0.12,
            _ => 0.0,
        };
        let next_path = format!("{path}/h{}", depth + 1);
        if self.chance(redirect_p) {
            let (location, next_port) = self.location(&next_path, port);
            actual.status = weighted(
                self.rng,
                &[(2, 301), (3, 302), (2, 303), (4, 307), (3, 308), (1, 300)],
            );
            actual.headers.insert(0, ("Location".to_owned(), location));
            let next = self.hop(&next_path, next_port, depth + 1);
            if next.preflight.is_some() || next.actual.is_some() {
                actual.next = Some(Box::new(next));
            }
        } else if self.chance(0.05) {
            let (location, next_port) = self.location(&next_path, port);
            preflight.status = weighted(self.rng, &[(1, 301), (1, 302), (1, 307), (1, 308)]);
            preflight
                .headers
                .insert(0, ("Location".to_owned(), location));
            let next = self.hop(&next_path, next_port, 2);
            if next.preflight.is_some() || next.actual.is_some() {
                preflight.next = Some(Box::new(next));
            }
        }
        let default_hop = depth > 0 && self.chance(0.05);
        if default_hop {
            // Leave the hop to the format's defaults (200, no headers).
            return Hop {
                target: None,
                preflight: None,
                actual: None,
            };
        }
        Hop {
            target: None,
            preflight: Some(preflight),
            actual: Some(actual),
        }
    }

    /// A `Location` for the next hop, and the port it leads to.
    fn location(&mut self, next_path: &str, port: u16) -> (String, u16) {
        let p = self.ports;
        weighted(
            self.rng,
            &[
                (
                    30,
                    (format!("http://127.0.0.1:{}{next_path}", p.api), p.api),
                ),
                (
                    30,
                    (format!("http://127.0.0.1:{}{next_path}", p.api2), p.api2),
                ),
                (10, (next_path.to_owned(), port)),
                (
                    8,
                    (
                        format!("http://user:pw@127.0.0.1:{}{next_path}", p.api),
                        p.api,
                    ),
                ),
                (
                    4,
                    (
                        format!("http://user:pw@127.0.0.1:{}{next_path}", p.api2),
                        p.api2,
                    ),
                ),
                (
                    5,
                    (format!("http://127.0.0.1:{}{next_path}", p.page), p.page),
                ),
                (3, (format!("//127.0.0.1:{}{next_path}", p.api2), p.api2)),
            ],
        )
    }

    fn allow_origin(&mut self, null_bias: bool) -> Vec<String> {
        let o = self.ports.page_origin();
        let other_port = format!("http://127.0.0.1:{}", self.ports.api2);
        let null_w = if null_bias { 25 } else { 4 };
        weighted(
            self.rng,
            &[
                (45, vec![o.clone()]),
                (14, vec!["*".to_owned()]),
                (null_w, vec!["null".to_owned()]),
                (9, vec![]),
                (3, vec![format!("{o}, http://other.test")]),
                (2, vec![format!("{o} {o}")]),
                (3, vec![format!("{o}/")]),
                (3, vec![other_port]),
                (3, vec![o.clone(), o.clone()]),
                (2, vec![o.clone(), "http://other.test".to_owned()]),
                (2, vec!["not a url".to_owned()]),
                (1, vec!["http://".to_owned()]),
                (2, vec![o.to_ascii_uppercase()]),
                (2, vec![format!("http://localhost:{}", self.ports.page)]),
                (1, vec![format!(" {o} ")]),
                (1, vec![String::new()]),
            ],
        )
    }

    fn response(&mut self, preflight: bool, null_bias: bool) -> ResponseSpec {
        let status = if preflight {
            weighted(
                self.rng,
                &[
                    (45, 204),
                    (30, 200),
                    (3, 201),
                    (3, 400),
                    (4, 401),
                    (4, 403),
                    (4, 404),
                    (4, 500),
                    (2, 503),
                    (1, 302),
                ],
            )
        } else {
            weighted(
                self.rng,
                &[
                    (50, 200),
                    (6, 201),
                    (6, 204),
                    (2, 206),
                    (4, 400),
                    (4, 401),
                    (4, 403),
                    (6, 404),
                    (6, 500),
                    (2, 503),
                    (1, 304),
                ],
            )
        };
        let mut headers: Vec<(String, String)> = Vec::new();
        for v in self.allow_origin(null_bias) {
            headers.push(("Access-Control-Allow-Origin".to_owned(), v));
        }
        let acac: Vec<&str> = weighted(
            self.rng,
            &[
                (45, vec!["true"]),
                (35, vec![]),
                (5, vec!["True"]),
                (5, vec!["false"]),
                (3, vec!["true", "true"]),
                (2, vec![" true"]),
            ],
        );
        for v in acac {
            headers.push(("Access-Control-Allow-Credentials".to_owned(), v.to_owned()));
        }
        if preflight {
            let acam: Option<&str> = weighted(
                self.rng,
                &[
                    (22, None),
                    (14, Some("GET, POST, PUT, DELETE, PATCH")),
                    (8, Some("PUT")),
                    (8, Some("*")),
                    (6, Some("get, put, delete, patch")),
                    (5, Some("PUT,DELETE,patch,PURGE,OPTIONS")),
                    (3, Some("PUT;DELETE")),
                    (3, Some("put delete")),
                    (3, Some("PURGE")),
                    (3, Some("OPTIONS, PATCH")),
                    (2, Some("")),
                    (2, Some("GET, ,POST")),
                    (2, Some("*, PUT")),
                ],
            );
            if let Some(v) = acam {
                headers.push(("Access-Control-Allow-Methods".to_owned(), v.to_owned()));
            }
            let acah: Option<&str> = weighted(
                self.rng,
                &[
                    (24, None),
                    (10, Some("*")),
                    (8, Some("Content-Type, X-Api-Key")),
                    (6, Some("x-api-key")),
                    (5, Some("Authorization")),
                    (
                        6,
                        Some(
                            "X-Trace, authorization, content-type, x-api-key, x-requested-with, range, x-custom-header",
                        ),
                    ),
                    (3, Some("content-type; x-api-key")),
                    (3, Some("X-Other")),
                    (3, Some("*, Authorization")),
                    (
                        2,
                        Some(
                            "accept, accept-language, content-language, dpr, user-agent, cache-control",
                        ),
                    ),
                    (2, Some("x-api-key x-trace")),
                    (1, Some("")),
                ],
            );
            if let Some(v) = acah {
                headers.push(("Access-Control-Allow-Headers".to_owned(), v.to_owned()));
            }
            let max_age: Option<&str> = weighted(
                self.rng,
                &[
                    (80, None),
                    (8, Some("600")),
                    (5, Some("0")),
                    (4, Some("abc")),
                    (3, Some("-1")),
                ],
            );
            if let Some(v) = max_age {
                headers.push(("Access-Control-Max-Age".to_owned(), v.to_owned()));
            }
        } else {
            if let Some(v) = weighted(self.rng, EXPOSE) {
                headers.push(("Access-Control-Expose-Headers".to_owned(), v.to_owned()));
            }
            let extra: &[(&str, &str)] = &[
                ("X-Total", "5"),
                ("X-Request-Id", "r-1"),
                ("Cache-Control", "no-store"),
                ("Content-Type", "application/json"),
                ("Content-Language", "en"),
                ("Expires", "0"),
                ("Pragma", "no-cache"),
                ("ETag", "\"v1\""),
            ];
            for (n, v) in extra {
                if self.chance(0.4) {
                    headers.push(((*n).to_owned(), (*v).to_owned()));
                }
            }
        }
        // Header names are case-insensitive: sometimes the server writes them in lower case.
        if self.chance(0.1) {
            for (n, _) in &mut headers {
                if n.starts_with("Access-Control-") {
                    *n = n.to_ascii_lowercase();
                }
            }
        }
        // Header order varies: the browser must not care.
        if self.chance(0.2) {
            let k = self.rng.random_range(0..=headers.len());
            let k = k.min(headers.len());
            headers.rotate_left(k);
        }
        ResponseSpec {
            status,
            headers,
            next: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PORTS: Ports = Ports {
        page: 8001,
        api: 8002,
        api2: 8003,
    };

    #[test]
    fn same_seed_same_cases_other_seed_other_cases() {
        let a = generate(7, 200, PORTS, Profile::default());
        let b = generate(7, 200, PORTS, Profile::default());
        let c = generate(8, 200, PORTS, Profile::default());
        assert_eq!(a, b);
        assert_ne!(
            serde_json::to_string(&a[5].request).ok(),
            serde_json::to_string(&c[5].request).ok()
        );
    }

    #[test]
    fn the_default_run_covers_every_variant() {
        let cases = generate(20_261_128, 2000, PORTS, Profile::default());
        let json: Vec<String> = cases
            .iter()
            .map(|c| serde_json::to_string(c).unwrap_or_default())
            .collect();
        let count = |needle: &str| json.iter().filter(|j| j.contains(needle)).count();
        for needle in [
            "\"method\":\"patch\"",
            "\"method\":\"delete\"",
            "\"method\":\"PURGE\"",
            "\"method\":\"OPTIONS\"",
            "\"initiator\":\"xmlhttprequest\"",
            "\"mode\":\"no-cors\"",
            "\"redirect\":\"error\"",
            "\"redirect\":\"manual\"",
            "\"credentials\":\"omit\"",
            "\"credentials\":\"include\"",
            "http://user:pw@127.0.0.1:",
            "\"Location\",\"http://127.0.0.1:8003/",
            "\"Location\",\"/c/",
            "[\"Access-Control-Allow-Origin\",\"null\"]",
            "[\"Access-Control-Allow-Origin\",\"*\"]",
            "[\"Access-Control-Allow-Credentials\",\"True\"]",
            "[\"Access-Control-Allow-Methods\",\"PUT;DELETE\"]",
            "[\"Access-Control-Allow-Headers\",\"*\"]",
            "[\"Access-Control-Expose-Headers\",\"*\"]",
            "\"Range\":\"BYTES=0-1\"",
            "\"Accept\":\"text/html\\\"x\"",
            "\"Authorization\":",
            "\"status\":503",
            "\"status\":308",
        ] {
            assert!(count(needle) >= 3, "fewer than 3 cases with {needle}");
        }
        // Two Access-Control-Allow-Origin lines on one response.
        assert!(cases.iter().any(|c| c.actual.as_ref().is_some_and(|a| {
            a.headers
                .iter()
                .filter(|(n, _)| n == "Access-Control-Allow-Origin")
                .count()
                == 2
        })));
    }

    #[test]
    fn every_case_has_its_own_path() {
        let cases = generate(1, 500, PORTS, Profile::default());
        let mut paths: Vec<&str> = cases.iter().map(|c| c.url.as_str()).collect();
        paths.sort_unstable();
        paths.dedup();
        assert_eq!(paths.len(), cases.len());
    }
}
