//! The one upstream the proxy forwards to, and the host names the proxy answers to.

use std::net::{IpAddr, SocketAddr};

use http::uri::{Authority, Scheme};

/// The upstream origin (`https://api.example.com`, `http://127.0.0.1:9000`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upstream {
    origin: String,
    scheme: Scheme,
    authority: Authority,
}

/// Why an upstream could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum UpstreamError {
    /// Not a URL at all.
    #[error("`{0}` is not a URL: give the upstream's origin, such as https://api.example.com")]
    NotUrl(String),
    /// Not http or https.
    #[error("`{0}` is not an http:// or https:// URL")]
    Scheme(String),
    /// A path, query, fragment or user name after the origin.
    #[error(
        "`{given}` is more than an origin: give `{origin}` (the proxy keeps the paths the page asks for)"
    )]
    NotOrigin {
        /// As given.
        given: String,
        /// The origin to give instead.
        origin: String,
    },
}

impl Upstream {
    /// Parse an origin. A trailing `/` is accepted; a path, query or user name is not.
    pub fn parse(text: &str) -> Result<Self, UpstreamError> {
        let url = url::Url::parse(text.trim()).map_err(|_| UpstreamError::NotUrl(text.into()))?;
        if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
            return Err(UpstreamError::Scheme(text.into()));
        }
        let origin = corsfix_model::Origin::of_url(&url).as_str().to_owned();
        if url.path() != "/"
            || url.query().is_some()
            || url.fragment().is_some()
            || !url.username().is_empty()
            || url.password().is_some()
        {
            return Err(UpstreamError::NotOrigin {
                given: text.into(),
                origin,
            });
        }
        let scheme = if url.scheme() == "https" {
            Scheme::HTTPS
        } else {
            Scheme::HTTP
        };
        let authority = origin[url.scheme().len() + 3..]
            .parse::<Authority>()
            .map_err(|_| UpstreamError::NotUrl(text.into()))?;
        Ok(Self {
            origin,
            scheme,
            authority,
        })
    }

    /// The serialized origin (`https://api.example.com`).
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// Whether it is reached over TLS.
    pub fn is_https(&self) -> bool {
        self.scheme == Scheme::HTTPS
    }

    /// The URI of `path_and_query` on the upstream.
    pub(crate) fn uri(&self, path_and_query: &str) -> http::Uri {
        http::Uri::builder()
            .scheme(self.scheme.clone())
            .authority(self.authority.clone())
            .path_and_query(path_and_query)
            .build()
            .unwrap_or_else(|_| {
                http::Uri::builder()
                    .scheme(self.scheme.clone())
                    .authority(self.authority.clone())
                    .path_and_query("/")
                    .build()
                    .expect("an origin and / make a URI")
            })
    }

    /// The URL of `path_and_query` on the upstream, as text.
    pub(crate) fn url(&self, path_and_query: &str) -> String {
        format!("{}{}", self.origin, path_and_query)
    }
}

/// Whether `host` (a `Host` header or an `:authority`, port included) names this proxy,
/// listening on `local`. The port must be the proxy's; the name must be an IP address the
/// proxy listens on (any address when it listens on all of them), or `localhost` /
/// `*.localhost` when it listens on loopback or on all addresses. Anything else is a request
/// meant for another server (or a DNS-rebinding attempt) and is refused.
pub(crate) fn names_proxy(host: &str, local: SocketAddr) -> bool {
    let Ok(authority) = host.parse::<Authority>() else {
        return false;
    };
    if authority.port_u16().unwrap_or(80) != local.port() {
        return false;
    }
    let name = authority.host();
    let name = name
        .strip_prefix('[')
        .and_then(|n| n.strip_suffix(']'))
        .unwrap_or(name);
    let any = local.ip().is_unspecified();
    if let Ok(ip) = name.parse::<IpAddr>() {
        return any || ip == local.ip() || (local.ip().is_loopback() && ip.is_loopback());
    }
    let lower = name.to_ascii_lowercase();
    let lower = lower.strip_suffix('.').unwrap_or(&lower);
    (any || local.ip().is_loopback()) && (lower == "localhost" || lower.ends_with(".localhost"))
}

/// Whether the host part of `host` (a `Host` value) is a loopback name or address: a page
/// served from there is a [potentially trustworthy
/// origin](https://w3c.github.io/webappsec-secure-contexts/#is-origin-trustworthy), where
/// browsers keep `Secure` cookies even over plain HTTP.
pub(crate) fn is_loopback_host(host: &str) -> bool {
    let name = host_name(host);
    if let Ok(ip) = name.parse::<IpAddr>() {
        return ip.is_loopback();
    }
    let lower = name.to_ascii_lowercase();
    lower == "localhost" || lower.ends_with(".localhost")
}

/// The name in a `Host` value, without port or IPv6 brackets.
pub(crate) fn host_name(host: &str) -> &str {
    if let Some(rest) = host.strip_prefix('[') {
        return rest.split(']').next().unwrap_or(rest);
    }
    host.rsplit_once(':')
        .filter(|(_, p)| p.bytes().all(|b| b.is_ascii_digit()))
        .map_or(host, |(h, _)| h)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_upstream_is_an_origin() {
        let u = Upstream::parse("https://API.example.com:443/").unwrap();
        assert_eq!(u.origin(), "https://api.example.com");
        assert_eq!(u.url("/a?b"), "https://api.example.com/a?b");
        assert_eq!(u.uri("/a?b").to_string(), "https://api.example.com/a?b");
        let u = Upstream::parse("http://127.0.0.1:9000").unwrap();
        assert_eq!(u.origin(), "http://127.0.0.1:9000");
        assert!(matches!(
            Upstream::parse("https://api.example.com/v1"),
            Err(UpstreamError::NotOrigin { origin, .. }) if origin == "https://api.example.com"
        ));
        assert!(matches!(
            Upstream::parse("ftp://x.example"),
            Err(UpstreamError::Scheme(_))
        ));
        assert!(matches!(
            Upstream::parse("api.example.com"),
            Err(UpstreamError::NotUrl(_)) | Err(UpstreamError::Scheme(_))
        ));
    }

    #[test]
    fn the_proxy_answers_to_its_own_names_only() {
        let lo: SocketAddr = "127.0.0.1:8787".parse().unwrap();
        for ok in [
            "127.0.0.1:8787",
            "localhost:8787",
            "app.localhost:8787",
            "LOCALHOST:8787",
        ] {
            assert!(names_proxy(ok, lo), "{ok}");
        }
        for bad in [
            "evil.example:8787",
            "127.0.0.1:8788",
            "localhost",
            "10.0.0.1:8787",
            "127.0.0.1.nip.io:8787",
            "",
        ] {
            assert!(!names_proxy(bad, lo), "{bad}");
        }
        let all: SocketAddr = "0.0.0.0:8787".parse().unwrap();
        assert!(names_proxy("192.168.1.5:8787", all));
        assert!(!names_proxy("rebind.example:8787", all));
        let v6: SocketAddr = "[::1]:8787".parse().unwrap();
        assert!(names_proxy("[::1]:8787", v6));
        let port80: SocketAddr = "127.0.0.1:80".parse().unwrap();
        assert!(names_proxy("localhost", port80));
    }

    #[test]
    fn loopback_hosts() {
        assert!(is_loopback_host("127.0.0.1:8787"));
        assert!(is_loopback_host("localhost:1"));
        assert!(is_loopback_host("[::1]:8787"));
        assert!(is_loopback_host("app.localhost"));
        assert!(!is_loopback_host("192.168.1.5:8787"));
        assert_eq!(host_name("[::1]:80"), "::1");
        assert_eq!(host_name("a.example:80"), "a.example");
        assert_eq!(host_name("a.example"), "a.example");
    }
}
