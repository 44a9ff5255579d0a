//! The flags every command spells the same way (one vocabulary):
//!
//! - `--fail-on never|info|low|medium|high` ([`FailOn`]) on `check`, `lint` and `scan`;
//! - `--resolve HOST:PORT:ADDR[,ADDR…]` as curl spells it ([`ResolveRule`]) on `check` and
//!   `scan`;
//! - `--origin` for a page origin read by [`page_origin`] (the same rules and message as a
//!   policy file's `origins` entry, from `corsfix-policy`).

use std::net::IpAddr;

/// How serious a finding is, on the one scale the command line uses.
///
/// The libraries grade on their own scales; this is how they map (documented in the README):
/// | here | `lint` (policy rules) | `scan` | `check` warnings |
/// |---|---|---|---|
/// | high | error | high | high |
/// | medium | warning | medium | medium |
/// | low | — | low | low |
/// | info | info | info | — |
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Level {
    Info,
    Low,
    Medium,
    High,
}

impl Level {
    pub(crate) fn of_lint(s: corsfix_policy::Severity) -> Self {
        match s {
            corsfix_policy::Severity::Error => Self::High,
            corsfix_policy::Severity::Warning => Self::Medium,
            corsfix_policy::Severity::Info => Self::Info,
        }
    }

    /// The scale of `check`'s findings and of `scan` (one type, corsfix-diagnose's).
    pub(crate) fn of_severity(s: corsfix_diagnose::Severity) -> Self {
        match s {
            corsfix_diagnose::Severity::High => Self::High,
            corsfix_diagnose::Severity::Medium => Self::Medium,
            corsfix_diagnose::Severity::Low => Self::Low,
            corsfix_diagnose::Severity::Info => Self::Info,
        }
    }
}

/// `--fail-on`: the least serious finding that makes the command exit 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum FailOn {
    /// Findings never change the exit code
    #[value(alias = "none")]
    Never,
    /// Any finding, facts included
    Info,
    /// Low, medium or high
    Low,
    /// Medium or high (for `lint`: a warning or an error)
    #[value(alias = "warning")]
    Medium,
    /// High only (for `lint`: an error)
    #[value(alias = "error")]
    High,
}

impl FailOn {
    /// Whether a finding at `level` fails the command.
    pub(crate) fn fails(self, level: Level) -> bool {
        match self {
            Self::Never => false,
            Self::Info => true,
            Self::Low => level >= Level::Low,
            Self::Medium => level >= Level::Medium,
            Self::High => level >= Level::High,
        }
    }
}

/// Which host names a `--resolve` rule covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum HostPattern {
    /// One host name (lower case, no trailing dot).
    Exact(String),
    /// `*.example.com`: every name ending in `.example.com` (a corsfix extension of curl's `*`).
    Suffix(String),
    /// `*`: every name (curl 7.64 and later).
    Any,
}

/// `--resolve HOST:PORT:ADDR[,ADDR…]`, as curl spells it: connections to HOST on PORT go to
/// ADDR instead of the address DNS gives; the URL (and the `Host` header, TLS name) is
/// unchanged. A leading `+` (curl's "time out this entry") is accepted and ignored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ResolveRule {
    pub(crate) host: HostPattern,
    pub(crate) port: u16,
    pub(crate) addrs: Vec<IpAddr>,
}

impl ResolveRule {
    /// Whether the rule covers `host` (any case, trailing dot ignored).
    pub(crate) fn covers(&self, host: &str) -> bool {
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        let host = host.trim_start_matches('[').trim_end_matches(']');
        match &self.host {
            HostPattern::Any => true,
            HostPattern::Exact(h) => h == host,
            HostPattern::Suffix(s) => host.len() > s.len() && host.ends_with(s.as_str()),
        }
    }
}

impl std::str::FromStr for ResolveRule {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let bad = |why: &str| {
            format!(
                "`{s}` {why}: write HOST:PORT:ADDR as curl does, e.g. api.example.com:443:127.0.0.1"
            )
        };
        let body = s.trim().strip_prefix('+').unwrap_or(s.trim());
        // The host never holds a colon (an IPv6 literal host would be `[::1]`).
        let (host, rest) = if let Some(after) = body.strip_prefix('[') {
            let (h, rest) = after
                .split_once(']')
                .ok_or_else(|| bad("has an unclosed `[`"))?;
            (h, rest.strip_prefix(':').ok_or_else(|| bad("has no port"))?)
        } else {
            body.split_once(':').ok_or_else(|| bad("has no port"))?
        };
        let (port, addrs) = rest.split_once(':').ok_or_else(|| bad("has no address"))?;
        let port: u16 = port
            .parse()
            .map_err(|_| bad(&format!("has `{port}` where the port goes")))?;
        if host.is_empty() || host.contains(char::is_whitespace) {
            return Err(bad("has no host name"));
        }
        let mut ips = Vec::new();
        for a in addrs.split(',') {
            let a = a.trim();
            let a = a
                .strip_prefix('[')
                .and_then(|x| x.strip_suffix(']'))
                .unwrap_or(a);
            ips.push(
                a.parse::<IpAddr>()
                    .map_err(|_| bad(&format!("has `{a}` where an IP address goes")))?,
            );
        }
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        let host = if host == "*" {
            HostPattern::Any
        } else if let Some(suffix) = host.strip_prefix("*.") {
            HostPattern::Suffix(format!(".{suffix}"))
        } else if host.contains('*') {
            return Err(bad("has a `*` inside the name (only `*` or `*.domain`)"));
        } else {
            HostPattern::Exact(host)
        };
        Ok(Self {
            host,
            port,
            addrs: ips,
        })
    }
}

/// `--connect-to HOST:PORT:ADDR:PORT2`, as curl spells it (with ADDR an IP address): connections
/// to HOST on PORT go to ADDR on PORT2; the URL, `Host` header and `Origin`s are unchanged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ConnectTo {
    pub(crate) host: HostPattern,
    pub(crate) port: u16,
    pub(crate) to: std::net::SocketAddr,
}

impl std::str::FromStr for ConnectTo {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let bad = |why: &str| {
            format!(
                "`{s}` {why}: write HOST:PORT:ADDR:PORT2 as curl does, e.g. api.example.com:443:127.0.0.1:8443"
            )
        };
        let (head, port2) = s
            .trim()
            .rsplit_once(':')
            .ok_or_else(|| bad("has no target port"))?;
        let port2: u16 = port2
            .parse()
            .map_err(|_| bad(&format!("has `{port2}` where the target port goes")))?;
        let rule: ResolveRule = head.parse().map_err(|_| bad("is malformed"))?;
        if rule.addrs.len() != 1 {
            return Err(bad("has more than one address"));
        }
        Ok(Self {
            host: rule.host,
            port: rule.port,
            to: std::net::SocketAddr::new(rule.addrs[0], port2),
        })
    }
}

impl HostPattern {
    /// The pattern as the scanner's resolver takes it (`api.example.com`, `*.example.com`, `*`).
    pub(crate) fn as_rule_name(&self) -> String {
        match self {
            Self::Any => "*".to_owned(),
            Self::Suffix(s) => format!("*{s}"),
            Self::Exact(h) => h.clone(),
        }
    }
}

/// A page origin given as `--origin`: `Ok` with the browser's serialization, or the error every
/// command prints for the same mistake (`--origin https://a.com/: … ends with a slash …`, then
/// `help: write …`).
pub(crate) fn page_origin(raw: &str) -> anyhow::Result<String> {
    corsfix_policy::parse_page_origin(raw).map_err(|(message, suggestion)| {
        arg_error("--origin", raw, &message, suggestion.as_deref())
    })
}

/// The error for a flag's bad value, in the one format every command uses.
pub(crate) fn arg_error(
    flag: &str,
    value: &str,
    message: &str,
    suggestion: Option<&str>,
) -> anyhow::Error {
    let e = anyhow::anyhow!("{flag} {}: {message}", crate::render::shell_word(value));
    match suggestion {
        Some(s) => e.context(crate::printer::Hint(format!(
            "write `{flag} {}`",
            crate::render::shell_word(s)
        ))),
        None => e,
    }
}

#[cfg(test)]
mod tests {
    use super::{FailOn, HostPattern, Level, ResolveRule};

    #[test]
    fn resolve_rules_are_spelled_as_curl_spells_them() {
        let r: ResolveRule = "API.example.com:443:127.0.0.1".parse().unwrap();
        assert_eq!(r.host, HostPattern::Exact("api.example.com".into()));
        assert_eq!(r.port, 443);
        assert!(r.covers("api.example.com.") && !r.covers("example.com"));
        let r: ResolveRule = "+*.farm.test:8080:[::1],127.0.0.2".parse().unwrap();
        assert_eq!(r.addrs.len(), 2);
        assert!(r.covers("a.farm.test") && !r.covers("farm.test"));
        let r: ResolveRule = "*:80:10.0.0.1".parse().unwrap();
        assert!(r.covers("anything.example"));
        let c: super::ConnectTo = "*.shop.test:80:127.0.0.1:8080".parse().unwrap();
        assert_eq!(c.port, 80);
        assert_eq!(c.to, "127.0.0.1:8080".parse().unwrap());
        assert!("a.test:80:127.0.0.1".parse::<super::ConnectTo>().is_err());
        for bad in [
            "api.example.com:127.0.0.1",
            "api.example.com=127.0.0.1",
            "a:x:1.2.3.4",
            ":80:1.2.3.4",
            "a:80:nope",
            "a*b:80:1.2.3.4",
        ] {
            let e = bad.parse::<ResolveRule>().unwrap_err();
            assert!(e.contains("HOST:PORT:ADDR"), "{bad}: {e}");
        }
    }

    #[test]
    fn fail_on_thresholds_and_the_old_spellings() {
        use clap::ValueEnum as _;
        assert!(!FailOn::Never.fails(Level::High));
        assert!(FailOn::Medium.fails(Level::High) && !FailOn::Medium.fails(Level::Low));
        assert!(FailOn::Info.fails(Level::Info));
        assert_eq!(FailOn::from_str("none", true), Ok(FailOn::Never));
        assert_eq!(FailOn::from_str("warning", true), Ok(FailOn::Medium));
        assert_eq!(FailOn::from_str("error", true), Ok(FailOn::High));
    }
}
