//! `Set-Cookie` from the upstream, adjusted only where the browser would otherwise drop the
//! cookie because it now comes from the proxy's host rather than the upstream's
//! ([RFC 6265bis](https://httpwg.org/http-extensions/draft-ietf-httpbis-rfc6265bis.html)):
//!
//! - a `Domain` that does not domain-match the proxy's host is removed, so the cookie belongs
//!   to the proxy's host ([§5.7 step 10](https://httpwg.org/http-extensions/draft-ietf-httpbis-rfc6265bis.html#name-storage-model));
//! - over plain HTTP on a host that is not loopback, `Secure` is removed (browsers keep
//!   `Secure` cookies from `http://localhost`, `127.0.0.1` and `[::1]`, which are potentially
//!   trustworthy, and drop them from any other `http:` origin), and with it `SameSite=None`
//!   becomes `SameSite=Lax` and `Partitioned` goes (both need `Secure`).
//!
//! Everything else (`HttpOnly`, `Path`, `Max-Age`, `SameSite=Lax`, …) is left as the upstream
//! wrote it.

use serde::Serialize;

use crate::upstream::{host_name, is_loopback_host};

/// One change the proxy made to a cookie on its way to the browser.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CookieChange {
    /// The cookie's name.
    pub cookie: String,
    /// What changed (`removed Domain=api.example.com`).
    pub change: String,
    /// Why the browser would have dropped the cookie otherwise.
    pub why: String,
}

impl CookieChange {
    /// The key under which a change is logged once.
    pub(crate) fn key(&self) -> String {
        format!("{}\u{0}{}", self.cookie, self.change)
    }
}

/// Whether `domain` (a `Domain` attribute, leading dot removed, lower case) domain-matches
/// `host` ([RFC 6265bis §5.1.3](https://httpwg.org/http-extensions/draft-ietf-httpbis-rfc6265bis.html#name-domain-matching)).
fn domain_matches(host: &str, domain: &str) -> bool {
    if host == domain {
        return true;
    }
    let is_ip = host.parse::<std::net::IpAddr>().is_ok();
    !is_ip
        && host.len() > domain.len()
        && host.ends_with(domain)
        && host.as_bytes()[host.len() - domain.len() - 1] == b'.'
}

/// Adjust one `Set-Cookie` value for a browser talking to the proxy at `proxy_host` (the
/// `Host` the browser used, port included). Returns the new value when something changed,
/// and the changes.
pub(crate) fn adjust(value: &str, proxy_host: &str) -> (Option<String>, Vec<CookieChange>) {
    let mut parts = value.split(';');
    let pair = parts.next().unwrap_or_default();
    let name = pair.split('=').next().unwrap_or_default().trim().to_owned();
    let host = host_name(proxy_host).to_ascii_lowercase();
    let trustworthy = is_loopback_host(proxy_host);
    let mut changes = Vec::new();
    let mut change = |what: String, why: &str| {
        changes.push(CookieChange {
            cookie: name.clone(),
            change: what,
            why: why.to_owned(),
        });
    };
    let mut kept: Vec<String> = Vec::new();
    let mut removed_secure = false;
    let mut attrs: Vec<&str> = parts.collect();
    let has_secure = attrs
        .iter()
        .any(|a| a.trim().eq_ignore_ascii_case("secure"));
    if has_secure && !trustworthy {
        removed_secure = true;
    }
    for attr in attrs.drain(..) {
        let trimmed = attr.trim();
        let (key, val) = trimmed
            .split_once('=')
            .map_or((trimmed, ""), |(k, v)| (k.trim(), v.trim()));
        if key.eq_ignore_ascii_case("domain") {
            let domain = val.trim_start_matches('.').to_ascii_lowercase();
            if !domain.is_empty() && !domain_matches(&host, &domain) {
                change(
                    format!("removed Domain={val}"),
                    "the browser drops a cookie whose Domain is not the host it came from (here the proxy's)",
                );
                continue;
            }
        } else if key.eq_ignore_ascii_case("secure") && removed_secure {
            change(
                "removed Secure".into(),
                "over plain HTTP the browser keeps Secure cookies only from localhost; this proxy is reached by another name",
            );
            continue;
        } else if key.eq_ignore_ascii_case("samesite")
            && val.eq_ignore_ascii_case("none")
            && removed_secure
        {
            change(
                "SameSite=None became SameSite=Lax".into(),
                "SameSite=None needs Secure, which plain HTTP on this host cannot keep",
            );
            kept.push(" SameSite=Lax".into());
            continue;
        } else if key.eq_ignore_ascii_case("partitioned") && removed_secure {
            change(
                "removed Partitioned".into(),
                "Partitioned needs Secure, which plain HTTP on this host cannot keep",
            );
            continue;
        }
        kept.push(attr.to_owned());
    }
    if removed_secure && (name.starts_with("__Secure-") || name.starts_with("__Host-")) {
        changes.push(CookieChange {
            cookie: name.clone(),
            change: "kept as sent; the browser will drop it".into(),
            why: "a __Secure- or __Host- cookie needs Secure, which the browser keeps over plain HTTP only on localhost: reach the proxy as localhost".into(),
        });
    }
    if changes.is_empty() {
        return (None, changes);
    }
    let mut out = pair.to_owned();
    for a in kept {
        out.push(';');
        out.push_str(&a);
    }
    (Some(out), changes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_foreign_domain_is_removed_and_the_rest_kept() {
        let (v, c) = adjust(
            "sid=abc; Domain=.api.example.com; Path=/; Secure; HttpOnly; SameSite=None",
            "localhost:8787",
        );
        assert_eq!(
            v.as_deref(),
            Some("sid=abc; Path=/; Secure; HttpOnly; SameSite=None")
        );
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].cookie, "sid");
        assert_eq!(c[0].change, "removed Domain=.api.example.com");
    }

    #[test]
    fn nothing_changes_when_the_browser_would_keep_the_cookie() {
        for (cookie, host) in [
            ("a=1; Path=/; Secure; SameSite=None", "127.0.0.1:8787"),
            ("a=1; Domain=localhost", "localhost:8787"),
            ("a=1; Domain=example.test", "app.example.test:8787"),
            ("__Host-a=1; Path=/; Secure", "[::1]:8787"),
            ("a=1; Secure", "app.localhost:8787"),
            ("a=1", "192.168.1.5:8787"),
        ] {
            assert_eq!(adjust(cookie, host), (None, vec![]), "{cookie} on {host}");
        }
    }

    #[test]
    fn secure_goes_only_where_plain_http_drops_it() {
        let (v, c) = adjust(
            "a=1; Secure; SameSite=None; Partitioned",
            "192.168.1.5:8787",
        );
        assert_eq!(v.as_deref(), Some("a=1; SameSite=Lax"));
        let what: Vec<_> = c.iter().map(|c| c.change.as_str()).collect();
        assert_eq!(
            what,
            [
                "removed Secure",
                "SameSite=None became SameSite=Lax",
                "removed Partitioned"
            ]
        );
        let (_, c) = adjust("__Host-a=1; Secure; Path=/", "192.168.1.5:8787");
        assert_eq!(
            c.last().unwrap().change,
            "kept as sent; the browser will drop it"
        );
    }

    #[test]
    fn an_ip_host_matches_only_itself() {
        assert!(domain_matches("127.0.0.1", "127.0.0.1"));
        assert!(!domain_matches("127.0.0.1", "0.0.1"));
        assert!(domain_matches("a.b.example", "b.example"));
        assert!(!domain_matches("ab.example", "b.example"));
        let (v, _) = adjust("a=1; Domain=example.com", "127.0.0.1:8787");
        assert_eq!(v.as_deref(), Some("a=1"));
    }
}
