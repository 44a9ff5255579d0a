//! The fixture policies every runnable target is verified with (issue 4: an exact origin with
//! credentials, methods, headers, expose and max-age; several origins; public `*` without
//! credentials; a subdomain pattern).

use anyhow::{Result, anyhow};
use corsfix_policy::{Policy, PolicySpec};

/// One fixture policy.
#[derive(Debug, Clone)]
pub struct Fixture {
    /// Short kebab-case name used in reports and directory names.
    pub name: &'static str,
    /// What it exercises.
    pub about: &'static str,
    /// The policy as `corsfix gen` receives it.
    pub spec: PolicySpec,
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| (*s).to_owned()).collect()
}

/// The request headers every fixture allows: the front-end sends JSON, a custom header, and
/// (on the authenticated route) a bearer token.
pub const CLIENT_HEADERS: [&str; 3] = ["Content-Type", "Authorization", "X-Custom"];
/// The header the app sets and the page must be able to read.
pub const EXPOSED: &str = "X-Total-Count";
/// Its value, set by every app skeleton.
pub const EXPOSED_VALUE: &str = "42";

/// Every fixture, in report order.
pub fn all() -> Vec<Fixture> {
    let spec = |origins: &[&str], credentials: bool, methods: &[&str], max_age: i64| PolicySpec {
        origins: strings(origins),
        credentials,
        methods: strings(methods),
        request_headers: strings(&CLIENT_HEADERS),
        expose_headers: strings(&[EXPOSED]),
        max_age: Some(max_age),
        ..PolicySpec::default()
    };
    vec![
        Fixture {
            name: "exact-credentials",
            about: "one exact origin, credentials, methods, headers, expose, max-age",
            spec: spec(
                &["https://app.example.com"],
                true,
                &["GET", "POST", "PUT", "DELETE"],
                600,
            ),
        },
        Fixture {
            name: "several-origins",
            about: "two exact origins with credentials",
            spec: spec(
                &["https://app.example.com", "https://admin.example.com"],
                true,
                &["GET", "PUT", "PATCH"],
                300,
            ),
        },
        Fixture {
            name: "public",
            about: "`*` without credentials",
            spec: spec(&["*"], false, &["GET", "PUT"], 600),
        },
        Fixture {
            name: "subdomain",
            about: "`https://*.example.com` with credentials",
            spec: spec(&["https://*.example.com"], true, &["GET", "PUT"], 600),
        },
    ]
}

impl Fixture {
    /// The validated policy (the oracle's input).
    pub fn policy(&self) -> Result<Policy> {
        self.spec
            .build()
            .map_err(|e| anyhow!("fixture policy `{}` is invalid: {e}", self.name))
    }
}

/// Origins the probes send: samples that the fixture should allow, plus hostile and
/// look-alike ones. Which of them are allowed is decided by `Policy::respond`, never here.
pub fn probe_origins(spec: &PolicySpec) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for o in &spec.origins {
        if o.contains('*') {
            // A sample that a pattern (or `*`) should match.
            for sample in ["https://app.example.com", "https://admin.example.com"] {
                if !out.iter().any(|x| x == sample) {
                    out.push(sample.to_owned());
                }
            }
        } else if !out.contains(o) {
            out.push(o.clone());
        }
    }
    for hostile in [
        "https://evil.test",
        "null",
        "https://app.example.com.evil.test",
        "https://evilapp.example.com",
        "http://app.example.com",
        "https://example.com",
    ] {
        if !out.iter().any(|x| x == hostile) {
            out.push(hostile.to_owned());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_fixture_is_a_valid_policy() {
        for f in all() {
            f.policy().unwrap();
        }
    }

    #[test]
    fn probes_include_allowed_samples_and_every_look_alike() {
        let f = all().into_iter().find(|f| f.name == "subdomain").unwrap();
        let o = probe_origins(&f.spec);
        assert_eq!(o[0], "https://app.example.com");
        assert!(o.contains(&"https://app.example.com.evil.test".to_owned()));
        assert!(o.contains(&"null".to_owned()));
        let p = f.policy().unwrap();
        assert!(p.origins().allows("https://admin.example.com"));
        assert!(!p.origins().allows("https://app.example.com.evil.test"));
    }
}
