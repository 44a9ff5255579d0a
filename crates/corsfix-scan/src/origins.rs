//! The probe origins of every check, exactly as `docs/scan.md` lists them.

use crate::finding::{Check, Severity};
use crate::target::registrable_domain;

const THIRD_PARTY: &str = include_str!("../data/third-party-origins.txt");

/// Characters tried after the host (C11); the last two are literal three-character strings.
pub const AFTER_HOST: [&str; 22] = [
    "_", "-", "\"", "{", "}", "+", "^", "`", "!", "~", ";", "|", "&", "'", "(", ")", "*", ",", "$",
    "=", "%60", "%0b",
];

/// Characters tried as a label of their own (C12).
pub const AS_LABEL: [&str; 14] = [
    "$", "~", "=", "+", "&", "*", ")", "(", "'", "!", ";", ",", "-", "_",
];

/// The per-scan random parts of the probe origins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// `K`: a short random label (lower-case letters and digits, starting with a letter).
    pub k: String,
    /// `A`: the attacker's domain.
    pub attacker: String,
    /// The port of C19.
    pub port: u16,
}

impl Token {
    /// A token from a label and an attacker domain; the C19 port is derived from the label.
    pub fn new(k: &str, attacker: &str) -> Self {
        let h = k.bytes().fold(7u32, |acc, b| {
            acc.wrapping_mul(31).wrapping_add(u32::from(b))
        });
        let port = 10_000 + u16::try_from(h % 50_000).unwrap_or(0);
        Self {
            k: k.to_ascii_lowercase(),
            attacker: attacker.to_ascii_lowercase(),
            port,
        }
    }

    /// A fresh random token (5 characters) for one scan.
    pub fn random(attacker: &str) -> Self {
        use std::hash::{BuildHasher, Hasher};
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos()),
        );
        h.write_u32(std::process::id());
        let mut x = h.finish();
        let alpha = b"abcdefghijklmnopqrstuvwxyz";
        let alnum = b"abcdefghijklmnopqrstuvwxyz0123456789";
        let mut k = String::new();
        k.push(char::from(alpha[usize::try_from(x % 26).unwrap_or(0)]));
        x /= 26;
        for _ in 0..4 {
            k.push(char::from(alnum[usize::try_from(x % 36).unwrap_or(0)]));
            x /= 36;
        }
        Self::new(&k, attacker)
    }

    /// `K.A`.
    pub fn attacker_host(&self) -> String {
        format!("{}.{}", self.k, self.attacker)
    }

    /// Whether `k` is a usable label.
    pub fn valid_label(k: &str) -> bool {
        !k.is_empty()
            && k.len() <= 20
            && k.starts_with(|c: char| c.is_ascii_lowercase())
            && k.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
    }
}

/// One planned probe origin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
    /// The check that chose it.
    pub check: Check,
    /// The exact origin.
    pub origin: String,
    /// The severity when it is accepted with credentials, and why.
    pub severity: Severity,
    /// Why that severity.
    pub why: &'static str,
}

fn p(check: Check, origin: String, severity: Severity, why: &'static str) -> Planned {
    Planned {
        check,
        origin,
        severity,
        why,
    }
}

const ANY_ATTACKER: &str = "the origin can be obtained by any attacker";

/// The families built on one trusted host: C4–C12 (for the scanned host and for every
/// discovered trusted origin, C18): [`host_families_core`] then [`char_families`].
pub fn host_families(scheme: &str, host: &str, is_ip: bool, tok: &Token) -> Vec<Planned> {
    let mut v = host_families_core(scheme, host, is_ip, tok);
    v.extend(char_families(scheme, host, tok));
    v
}

/// The C4 (prefix) probe origin of a host, `S://H.K.A`: one of the two gates of C11/C12.
pub fn prefix_origin(scheme: &str, host: &str, tok: &Token) -> String {
    format!("{scheme}://{host}.{}.{}", tok.k, tok.attacker)
}

/// The canary that gates C11/C12 with [`prefix_origin`]: `S://H/.K.A`. Every host extractor
/// that stops at one of the C11 characters (and so yields `H`) also stops at `/`, which no
/// host name contains; it is never reported (an `Origin` with a path is not one a browser
/// sends). See `docs/scan.md`, "Pruning".
pub fn canary_origin(scheme: &str, host: &str, tok: &Token) -> String {
    format!("{scheme}://{host}/.{}.{}", tok.k, tok.attacker)
}

/// C4–C10 on one trusted host (the probes that are always sent when there is a CORS signal).
pub fn host_families_core(scheme: &str, host: &str, is_ip: bool, tok: &Token) -> Vec<Planned> {
    use Check::{C4, C5, C6, C8, C9, C10};
    use Severity::{High, Medium};
    let k = &tok.k;
    let a = &tok.attacker;
    let r = if is_ip {
        host.to_owned()
    } else {
        registrable_domain(host).to_owned()
    };
    let mut v = vec![
        p(C4, prefix_origin(scheme, host, tok), High, ANY_ATTACKER),
        p(C5, format!("{scheme}://{host}{k}.com"), High, ANY_ATTACKER),
    ];
    if !is_ip {
        v.push(p(C6, format!("{scheme}://{k}{r}"), High, ANY_ATTACKER));
        v.push(p(
            C8,
            format!("{scheme}://{k}{r}.{k}.{a}"),
            High,
            ANY_ATTACKER,
        ));
        let mut first = r.chars();
        first.next();
        let mut last = r.chars();
        last.next_back();
        for cut in [first.as_str(), last.as_str()] {
            if cut.contains('.') && !cut.starts_with('.') && !cut.ends_with('.') {
                v.push(p(
                    C9,
                    format!("{scheme}://{cut}"),
                    High,
                    "an attacker can register the truncated domain",
                ));
            }
        }
        let dots: Vec<usize> = host.match_indices('.').map(|(i, _)| i).collect();
        for (n, &i) in dots.iter().enumerate() {
            let mutated = format!("{}x{}", &host[..i], &host[i + 1..]);
            let last_dot = n + 1 == dots.len();
            if last_dot {
                v.push(p(
                    C10,
                    format!("{scheme}://{mutated}"),
                    Medium,
                    "the unescaped dot is in the top-level domain, so the accepted name cannot be registered",
                ));
            } else {
                v.push(p(
                    C10,
                    format!("{scheme}://{mutated}"),
                    High,
                    "an attacker can register the accepted name",
                ));
            }
        }
    }
    v
}

/// C11 and C12 on one trusted host: 36 probes, sent only when its gate is open (the prefix
/// probe or the canary accepted).
pub fn char_families(scheme: &str, host: &str, tok: &Token) -> Vec<Planned> {
    use Check::{C11, C12};
    let k = &tok.k;
    let a = &tok.attacker;
    let mut v = Vec::with_capacity(AFTER_HOST.len() + AS_LABEL.len());
    for c in AFTER_HOST {
        let (sev, why) = char_severity(c);
        v.push(p(C11, format!("{scheme}://{host}{c}.{k}.{a}"), sev, why));
    }
    for c in AS_LABEL {
        let (sev, why) = char_severity(c);
        v.push(p(C12, format!("{scheme}://{host}.{c}.{k}.{a}"), sev, why));
    }
    v
}

fn char_severity(c: &str) -> (Severity, &'static str) {
    if c == "_" || c == "-" {
        (
            Severity::High,
            "all major browsers accept this character in host names",
        )
    } else {
        (
            Severity::Medium,
            "only Safari accepts this character in host names",
        )
    }
}

/// The mutation probes for the scanned host sent in tier 3: C2, C4–C10, C13–C16, C19 (C11 and
/// C12 come from [`char_families`], behind their gate).
pub fn target_families(target_scheme: &str, host: &str, is_ip: bool, tok: &Token) -> Vec<Planned> {
    use Check::{C2, C7, C13, C14, C15, C16, C19};
    use Severity::{High, Low, Medium};
    let k = &tok.k;
    let a = &tok.attacker;
    let s = target_scheme;
    let r = if is_ip {
        host.to_owned()
    } else {
        registrable_domain(host).to_owned()
    };
    let mut v = Vec::new();
    if s == "https" {
        v.push(p(
            C2,
            format!("http://{k}.{a}"),
            High,
            "any attacker can serve a plain-http page from this origin",
        ));
    }
    v.extend(host_families_core(s, host, is_ip, tok));
    if s == "https" && !is_ip {
        v.push(p(C7, format!("http://{k}{r}"), High, ANY_ATTACKER));
    }
    for line in THIRD_PARTY.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let origin = third_party_origin(line, k);
        v.push(p(
            C13,
            origin,
            High,
            "anyone can publish script on this hosting service",
        ));
    }
    if !is_ip {
        v.push(p(
            C14,
            format!("{s}://{k}.{r}"),
            Medium,
            "needs an XSS or a takeover on some subdomain",
        ));
        if host != r {
            v.push(p(
                C14,
                format!("{s}://{k}.{host}"),
                Medium,
                "needs an XSS or a takeover on some subdomain",
            ));
        }
    }
    if s == "https" {
        v.push(p(
            C15,
            format!("http://{host}"),
            Medium,
            "needs a network attacker (plain-http origin)",
        ));
        if !is_ip {
            v.push(p(
                C15,
                format!("http://{k}.{r}"),
                Medium,
                "needs a network attacker (plain-http origin)",
            ));
        }
    }
    for o in [
        "http://localhost",
        "http://localhost:3000",
        "http://127.0.0.1",
    ] {
        v.push(p(
            C16,
            o.to_owned(),
            Low,
            "needs code running on the victim's machine",
        ));
    }
    v.push(p(
        C16,
        format!("{s}://localhost.{k}.{a}"),
        Medium,
        "a `localhost` pattern without anchors: the attacker's domain is accepted",
    ));
    v.push(p(
        C19,
        format!("{s}://{host}:{}", tok.port),
        Low,
        "needs a service the attacker controls on another port of the host",
    ));
    v
}

/// A third-party list line with `K` labels replaced by the token.
pub fn third_party_origin(line: &str, k: &str) -> String {
    match line.split_once("://") {
        Some((scheme, rest)) => {
            let host: Vec<&str> = rest
                .split('.')
                .map(|label| if label == "K" { k } else { label })
                .collect();
            format!("{scheme}://{}", host.join("."))
        }
        None => line.to_owned(),
    }
}

/// Candidate trusted origins (C18): the site's apex, `www.` and `app.` over both schemes.
pub fn discovery_candidates(target_scheme: &str, host: &str, is_ip: bool) -> Vec<String> {
    if is_ip {
        return Vec::new();
    }
    let r = registrable_domain(host);
    let mut v = Vec::new();
    let schemes: &[&str] = if target_scheme == "https" {
        &["https", "http"]
    } else {
        &["http", "https"]
    };
    for s in schemes {
        for name in [r.to_owned(), format!("www.{r}"), format!("app.{r}")] {
            let o = format!("{s}://{name}");
            if !v.contains(&o) {
                v.push(o);
            }
        }
    }
    v
}

/// Splits a serialised origin into scheme and host (no port); `None` for `null` and junk.
pub fn split_origin(origin: &str) -> Option<(&str, &str)> {
    let (scheme, rest) = origin.split_once("://")?;
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let host = match rest.rsplit_once(':') {
        Some((h, port)) if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) => h,
        _ => rest,
    };
    if host.is_empty()
        || !host.chars().all(|c| {
            c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '[' || c == ']' || c == ':'
        })
    {
        return None;
    }
    Some((scheme, host))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tok() -> Token {
        Token::new("k3x9q", "evil.example")
    }

    #[test]
    fn host_families_use_the_exact_reference_shapes() {
        let v = host_families("https", "api.shop.com", false, &tok());
        let has = |c: Check, o: &str| v.iter().any(|p| p.check == c && p.origin == o);
        assert!(has(Check::C4, "https://api.shop.com.k3x9q.evil.example"));
        assert!(has(Check::C5, "https://api.shop.comk3x9q.com"));
        assert!(has(Check::C6, "https://k3x9qshop.com"));
        assert!(has(Check::C8, "https://k3x9qshop.com.k3x9q.evil.example"));
        assert!(has(Check::C9, "https://hop.com"));
        assert!(has(Check::C9, "https://shop.co"));
        assert!(has(Check::C10, "https://apixshop.com"));
        assert!(has(Check::C10, "https://api.shopxcom"));
        assert!(has(Check::C11, "https://api.shop.com_.k3x9q.evil.example"));
        assert!(has(
            Check::C11,
            "https://api.shop.com%60.k3x9q.evil.example"
        ));
        assert!(has(Check::C12, "https://api.shop.com.$.k3x9q.evil.example"));
        assert_eq!(v.iter().filter(|p| p.check == Check::C11).count(), 22);
        assert_eq!(v.iter().filter(|p| p.check == Check::C12).count(), 14);
        let tld = v
            .iter()
            .find(|p| p.origin == "https://api.shopxcom")
            .unwrap();
        assert_eq!(tld.severity, Severity::Medium);
    }

    #[test]
    fn target_families_add_scheme_and_hosting_checks() {
        let v = target_families("https", "api.shop.com", false, &tok());
        let has = |c: Check, o: &str| v.iter().any(|p| p.check == c && p.origin == o);
        assert!(has(Check::C2, "http://k3x9q.evil.example"));
        assert!(has(Check::C7, "http://k3x9qshop.com"));
        assert!(has(Check::C13, "https://k3x9q.github.io"));
        assert!(has(Check::C13, "https://codepen.io"));
        assert!(has(Check::C14, "https://k3x9q.shop.com"));
        assert!(has(Check::C14, "https://k3x9q.api.shop.com"));
        assert!(has(Check::C15, "http://api.shop.com"));
        assert!(has(Check::C15, "http://k3x9q.shop.com"));
        assert!(has(Check::C16, "http://localhost:3000"));
        assert!(has(
            Check::C19,
            &format!("https://api.shop.com:{}", tok().port)
        ));
        let plain = target_families("http", "api.shop.com", false, &tok());
        assert!(
            !plain
                .iter()
                .any(|p| matches!(p.check, Check::C2 | Check::C7 | Check::C15))
        );
    }

    #[test]
    fn origins_split_into_scheme_and_host() {
        assert_eq!(
            split_origin("https://app.x.com"),
            Some(("https", "app.x.com"))
        );
        assert_eq!(
            split_origin("http://app.x.com:8080"),
            Some(("http", "app.x.com"))
        );
        assert_eq!(split_origin("null"), None);
        assert_eq!(split_origin("https://a b"), None);
    }

    #[test]
    fn random_tokens_are_valid_labels() {
        let t = Token::random("evil.example");
        assert!(Token::valid_label(&t.k), "{}", t.k);
        assert!((10_000..60_000).contains(&t.port));
    }
}
