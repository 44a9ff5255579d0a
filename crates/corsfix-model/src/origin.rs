//! Origins, as the browser serializes them ([HTML: origin](https://html.spec.whatwg.org/multipage/browsers.html#origin)).

use std::fmt;

use url::Url;

/// A web origin: a (scheme, host, port) tuple, or an opaque origin that serializes as `null`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Origin {
    /// An opaque origin (sandboxed iframe, `file:` page, a request tainted by a redirect).
    Opaque,
    /// A tuple origin, kept in its ASCII serialization (`https://app.example.com:8443`).
    Tuple(String),
}

/// Why a string is not a serialized origin.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ParseOriginError {
    /// The text does not parse as an absolute URL.
    #[error("`{0}` is not an origin: it needs a scheme and a host, like `https://app.example.com`")]
    NotAUrl(String),
    /// The URL has a path, query or fragment.
    #[error("`{0}` is not an origin: an origin has no path, query or fragment (write `{1}`)")]
    HasPath(String, String),
    /// The URL has a user name or password.
    #[error("`{0}` is not an origin: it contains a user name or password")]
    HasCredentials(String),
    /// The scheme has no tuple origin (`file:`, `data:`, …).
    #[error(
        "`{0}` has no tuple origin (only http, https and similar schemes have one); use `null` for an opaque origin"
    )]
    NoTupleOrigin(String),
}

impl Origin {
    /// Parse a serialized origin: `null`, or `scheme://host[:port]` (a single trailing slash is
    /// tolerated). The result is in the browser's serialization: lower-case scheme and host,
    /// no default port.
    pub fn parse(text: &str) -> Result<Self, ParseOriginError> {
        if text == "null" {
            return Ok(Self::Opaque);
        }
        if is_canonical_origin(text) {
            return Ok(Self::Tuple(text.to_owned()));
        }
        let url = Url::parse(text).map_err(|_| ParseOriginError::NotAUrl(text.to_owned()))?;
        if !url.username().is_empty() || url.password().is_some() {
            return Err(ParseOriginError::HasCredentials(text.to_owned()));
        }
        let origin = url.origin();
        if !origin.is_tuple() {
            return Err(ParseOriginError::NoTupleOrigin(text.to_owned()));
        }
        let serialized = origin.ascii_serialization();
        let has_extra = url.query().is_some()
            || url.fragment().is_some()
            || !(url.path() == "/" || url.path().is_empty());
        if has_extra {
            return Err(ParseOriginError::HasPath(text.to_owned(), serialized));
        }
        Ok(Self::Tuple(serialized))
    }

    /// The origin of a URL: a tuple for http(s) and the like, opaque otherwise.
    pub fn of_url(url: &Url) -> Self {
        let origin = url.origin();
        if origin.is_tuple() {
            Self::Tuple(origin.ascii_serialization())
        } else {
            Self::Opaque
        }
    }

    /// The serialization (`null` for an opaque origin).
    pub fn as_str(&self) -> &str {
        match self {
            Self::Opaque => "null",
            Self::Tuple(s) => s,
        }
    }

    /// Whether this is an opaque origin.
    pub fn is_opaque(&self) -> bool {
        matches!(self, Self::Opaque)
    }

    /// Whether `url`'s origin is this origin, without serializing it: scheme, host and port
    /// (a default port is left out of a serialized origin) compared piece by piece.
    pub fn same_origin_url(&self, url: &Url) -> bool {
        let Self::Tuple(s) = self else {
            return false;
        };
        if !matches!(url.scheme(), "http" | "https" | "ws" | "wss" | "ftp") {
            return false;
        }
        let Some(host) = url.host_str() else {
            return false;
        };
        let Some(rest) = s
            .strip_prefix(url.scheme())
            .and_then(|r| r.strip_prefix("://"))
            .and_then(|r| r.strip_prefix(host))
        else {
            return false;
        };
        match url.port() {
            None => rest.is_empty(),
            Some(p) => {
                rest.strip_prefix(':')
                    .filter(|d| d.bytes().all(|b| b.is_ascii_digit()))
                    .and_then(|d| d.parse::<u16>().ok())
                    == Some(p)
            }
        }
    }

    /// Same origin, per HTML: opaque origins are never same-origin with anything here
    /// (we do not track opaque origin identity).
    pub fn same_origin(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::Tuple(a), Self::Tuple(b)) => a == b,
            _ => false,
        }
    }
}

/// Whether a URL is [potentially trustworthy](https://w3c.github.io/webappsec-secure-contexts/#is-url-trustworthy)
/// for mixed content: `https:`/`wss:`, or a loopback host (`127.0.0.0/8`, `[::1]`, `localhost`
/// and `*.localhost`). An `https:` page may fetch such a URL; any other `http:` URL is blocked
/// before it is sent.
pub fn is_potentially_trustworthy_url(url: &Url) -> bool {
    if url.scheme() == "https" || url.scheme() == "wss" {
        return true;
    }
    match url.host() {
        Some(url::Host::Ipv4(v4)) => v4.is_loopback(),
        Some(url::Host::Ipv6(v6)) => v6.is_loopback(),
        Some(url::Host::Domain(d)) => {
            let d = d.trim_end_matches('.').to_ascii_lowercase();
            d == "localhost" || d.ends_with(".localhost")
        }
        None => false,
    }
}

/// A URL's [site](https://html.spec.whatwg.org/multipage/browsers.html#sites) as far as it can
/// be told without the public suffix list: the scheme and the last two labels of the host (an
/// IP address or a two-label host stays whole). `a.example.com` and `b.example.com` are one
/// site; `x.github.io` and `y.github.io` are wrongly taken for one (the list would split
/// them), which only makes a request look same-site.
pub fn site_guess(url: &Url) -> (String, String) {
    let host = url
        .host_str()
        .unwrap_or_default()
        .trim_end_matches('.')
        .to_ascii_lowercase();
    let registrable = if host.parse::<std::net::IpAddr>().is_ok() || host.starts_with('[') {
        host
    } else {
        let labels: Vec<&str> = host.split('.').collect();
        if labels.len() <= 2 {
            host.clone()
        } else {
            labels[labels.len() - 2..].join(".")
        }
    };
    (url.scheme().to_owned(), registrable)
}

/// Whether `text` is already an origin in the browser's serialization that the URL parser
/// would give back unchanged: `http` or `https`, a lower-case ASCII domain (no IDNA label) or
/// a dotted-quad IPv4 address, and a non-default port without leading zeros. Anything else
/// (IPv6, upper case, default ports, `127.1`, trailing dots, …) goes through the URL parser.
pub(crate) fn is_canonical_origin(text: &str) -> bool {
    let (rest, default_port) = if let Some(r) = text.strip_prefix("https://") {
        (r, 443)
    } else if let Some(r) = text.strip_prefix("http://") {
        (r, 80)
    } else {
        return false;
    };
    let (host, port) = match rest.split_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (rest, None),
    };
    if let Some(p) = port {
        let digits_ok = !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit());
        if !digits_ok || p.starts_with('0') {
            return false;
        }
        match p.parse::<u16>() {
            Ok(n) if n != default_port => {}
            _ => return false,
        }
    }
    if host.is_empty() || host.len() > 253 {
        return false;
    }
    // One pass over the labels: a dotted quad (four decimal labels 0–255 without leading
    // zeros) or a domain (every label non-empty, [a-z0-9-], no punycode; the last label must
    // not look numeric, or the URL parser would try it as an IPv4 address).
    let mut count = 0usize;
    let mut quad_ok = true;
    let mut domain_ok = true;
    let mut last: &[u8] = b"";
    for l in host.as_bytes().split(|&b| b == b'.') {
        count += 1;
        quad_ok = quad_ok
            && !l.is_empty()
            && l.len() <= 3
            && l.iter().all(u8::is_ascii_digit)
            && (l.len() == 1 || l[0] != b'0')
            && l.iter().fold(0u16, |n, &d| n * 10 + u16::from(d - b'0')) <= 255;
        domain_ok = domain_ok
            && !l.is_empty()
            && l.len() <= 63
            && l.iter()
                .all(|&b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !l.starts_with(b"xn--");
        last = l;
    }
    if count == 4 && quad_ok {
        return true;
    }
    domain_ok && last.first().is_some_and(u8::is_ascii_lowercase)
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_serialized_like_browsers_do() {
        let cases = [
            ("https://App.Example.com", "https://app.example.com"),
            ("https://app.example.com:443", "https://app.example.com"),
            ("http://localhost:3000/", "http://localhost:3000"),
            ("http://[::1]:8080", "http://[::1]:8080"),
        ];
        for (input, want) in cases {
            assert_eq!(Origin::parse(input).unwrap().as_str(), want, "{input}");
        }
        assert_eq!(Origin::parse("null").unwrap(), Origin::Opaque);
    }

    /// The shortcut for already-serialized origins gives what the URL parser gives.
    #[test]
    fn the_canonical_shortcut_agrees_with_the_url_parser() {
        let inputs = [
            "http://127.0.0.1:8001",
            "http://127.1:8001",
            "http://127.0.0.01",
            "http://0x7f.0.0.1",
            "http://256.0.0.1",
            "https://app.example.com",
            "https://app.example.com:443",
            "http://app.example.com:80",
            "http://app.example.com:080",
            "http://app.example.com:65536",
            "https://a-b.c0",
            "https://a.123",
            "https://xn--nxasmq6b.example",
            "https://xn--invalid-.example",
            "https://app..example",
            "https://app.example.",
            "https://-a.example",
            "http://localhost:3000",
            "http://localhost:",
            "http://[::1]:8080",
            "https://APP.example",
        ];
        for text in inputs {
            let slow = Url::parse(text)
                .ok()
                .map(|u| u.origin().ascii_serialization());
            if is_canonical_origin(text) {
                assert_eq!(slow.as_deref(), Some(text), "{text}");
            }
            let parsed = Origin::parse(text).ok().map(|o| o.as_str().to_owned());
            if let Some(p) = parsed {
                assert_eq!(Some(p), slow, "{text}");
            }
        }
        assert!(is_canonical_origin("http://127.0.0.1:8001"));
        assert!(is_canonical_origin("https://app.example.com"));
        assert!(!is_canonical_origin("https://app.example.com:443"));
    }

    #[test]
    fn same_origin_url_agrees_with_serializing() {
        let origins = [
            "https://app.example",
            "http://127.0.0.1:8001",
            "http://[::1]:8080",
            "null",
        ];
        let urls = [
            "https://app.example/x",
            "https://app.example:443/x",
            "https://app.example:8443/",
            "http://app.example/",
            "https://APP.example/",
            "http://127.0.0.1:8001/c",
            "http://127.0.0.1:800/c",
            "http://127.0.0.1/c",
            "http://[::1]:8080/",
            "https://app.example.evil/",
        ];
        for o in origins {
            let o = Origin::parse(o).unwrap();
            for u in urls {
                let u = Url::parse(u).unwrap();
                assert_eq!(
                    o.same_origin_url(&u),
                    o.same_origin(&Origin::of_url(&u)),
                    "{o} {u}"
                );
            }
        }
    }

    #[test]
    fn non_origins_are_refused_with_a_reason() {
        assert!(matches!(
            Origin::parse("app.example.com"),
            Err(ParseOriginError::NotAUrl(_))
        ));
        assert!(matches!(
            Origin::parse("https://app.example.com/path"),
            Err(ParseOriginError::HasPath(_, _))
        ));
        assert!(matches!(
            Origin::parse("https://u:p@app.example.com"),
            Err(ParseOriginError::HasCredentials(_))
        ));
        assert!(matches!(
            Origin::parse("file:///tmp/x"),
            Err(ParseOriginError::NoTupleOrigin(_))
        ));
    }
}
