//! Recorded traffic: the requests a browser (or `corsfix check`, acting as one) sent and what
//! came back, as data. `corsfix-probe` records them live, [`crate::har`] reads them from a
//! DevTools HAR export; `corsfix-diagnose` reads them to say *why* the model's verdict is what
//! it is (a 401 with `WWW-Authenticate`, a `Location` to a login page, a body that names the
//! framework).
//!
//! Nothing here judges anything: the verdict comes from [`crate::simulate`] on the
//! [`Case`] built from the same answers.

use serde::{Deserialize, Serialize};

use crate::case::{Case, Mode};
use crate::headers;

/// The most body text an [`Exchange`] keeps: a framework's whole error page (Django's CSRF
/// page, a development stack trace naming the CORS middleware), a CORS middleware's refusal, a
/// login form; bounded so a large answer is never kept.
pub const MAX_BODY_SNIPPET: usize = 16 * 1024;

/// Why an exchange was sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Purpose {
    /// The `OPTIONS` preflight the browser sends.
    Preflight,
    /// The request itself (on a redirect hop too).
    Actual,
    /// Extra (probe only): the same exchange from an unrelated origin.
    OtherOrigin,
    /// Extra (probe only): the same exchange with `Origin: null`.
    NullOrigin,
    /// Extra (probe only): the same `GET`/`HEAD` without `Origin` (as a plain `<img>` would
    /// load it).
    NoOrigin,
    /// Extra (probe only): a close variant of the page's origin (trailing slash, scheme,
    /// port, host).
    OriginVariant,
    /// Extra (probe only): the refused preflight again from the page's origin, asking for a
    /// simple method (`GET`) instead: it passes when the method is what the server refuses.
    MethodVariant,
    /// Extra (probe only): the refused preflight again from the page's origin, with fewer
    /// request headers (none, or all but one): it passes when a header is what the server
    /// refuses.
    HeaderVariant,
    /// Extra (probe only): a `GET` from the page's origin to a path that does not exist
    /// (beside the URL, and at the root): CORS headers there, and not on the URL, mean CORS is
    /// configured but does not run for this route (registered after the routes, a location
    /// or prefix that loses it). After a failed preflight, the same preflight (`OPTIONS`) to
    /// the path beside the URL too: a CORS layer answering it there answers preflights, just
    /// not in front of this route.
    OtherPath,
}

impl Purpose {
    /// Whether the browser itself would send this exchange.
    pub fn is_browser_exchange(self) -> bool {
        matches!(self, Self::Preflight | Self::Actual)
    }
}

/// Why no HTTP response arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum NetworkErrorKind {
    /// Nothing listens on the host and port.
    ConnectionRefused,
    /// The host name does not resolve.
    NameNotResolved,
    /// The TLS certificate is not trusted (self-signed, expired, wrong name).
    Certificate,
    /// The TLS handshake failed for another reason (often: an http server on an https URL).
    Tls,
    /// No answer within the time limit.
    Timeout,
    /// The connection was reset or closed before a response.
    ConnectionReset,
    /// The response headers were too large or not HTTP.
    InvalidResponse,
    /// The redirect chain was longer than the cap.
    TooManyRedirects,
    /// A redirect's `Location` is not a usable URL.
    InvalidRedirect,
    /// Anything else.
    Other,
}

impl NetworkErrorKind {
    /// The `net::ERR_*` code Chromium shows for it.
    pub fn chrome_code(self) -> &'static str {
        match self {
            Self::ConnectionRefused => "net::ERR_CONNECTION_REFUSED",
            Self::NameNotResolved => "net::ERR_NAME_NOT_RESOLVED",
            Self::Certificate => "net::ERR_CERT_AUTHORITY_INVALID",
            Self::Tls => "net::ERR_SSL_PROTOCOL_ERROR",
            Self::Timeout => "net::ERR_TIMED_OUT",
            Self::ConnectionReset => "net::ERR_CONNECTION_RESET",
            Self::InvalidResponse => "net::ERR_INVALID_HTTP_RESPONSE",
            Self::TooManyRedirects => "net::ERR_TOO_MANY_REDIRECTS",
            Self::InvalidRedirect => "net::ERR_INVALID_REDIRECT",
            Self::Other => "net::ERR_FAILED",
        }
    }
}

/// Why no HTTP response arrived, with the client's own words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NetworkError {
    /// What kind.
    pub kind: NetworkErrorKind,
    /// One line for people (`connection refused: nothing listens on 127.0.0.1:3000`).
    pub message: String,
}

/// One request and its answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exchange {
    /// Why it was sent.
    pub purpose: Purpose,
    /// The redirect hop it belongs to (0 = the first URL).
    pub hop: u32,
    /// The method sent.
    pub method: String,
    /// The URL.
    pub url: String,
    /// The headers sent, in order.
    pub request_headers: Vec<(String, String)>,
    /// The status (`None` when no response arrived).
    pub status: Option<u16>,
    /// Every response header line, in order, names lower-case.
    pub response_headers: Vec<(String, String)>,
    /// The HTTP version of the response (`HTTP/1.1`, `HTTP/2.0`).
    pub http_version: Option<String>,
    /// The address connected to.
    pub remote_addr: Option<String>,
    /// Milliseconds from sending to the end of the (capped) body.
    pub elapsed_ms: u64,
    /// Body bytes read.
    pub body_bytes: usize,
    /// Whether the body was longer than the cap (the rest was not read).
    pub body_truncated: bool,
    /// The start of the response body as text (at most [`MAX_BODY_SNIPPET`] bytes, cut at a
    /// character boundary), when it was read and is text; `None` otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// Why no response arrived.
    pub error: Option<NetworkError>,
}

impl Exchange {
    /// An exchange with no answer yet: fill in the response fields.
    pub fn new(
        purpose: Purpose,
        hop: u32,
        method: impl Into<String>,
        url: impl Into<String>,
    ) -> Self {
        Self {
            purpose,
            hop,
            method: method.into(),
            url: url.into(),
            request_headers: Vec::new(),
            status: None,
            response_headers: Vec::new(),
            http_version: None,
            remote_addr: None,
            elapsed_ms: 0,
            body_bytes: 0,
            body_truncated: false,
            body: None,
            error: None,
        }
    }

    /// The combined value of a response header (every line joined with `, `).
    pub fn header(&self, name: &str) -> Option<String> {
        headers::get_combined(&self.response_headers, name)
    }

    /// The value of a request header that was sent (the first line with that name).
    pub fn request_header(&self, name: &str) -> Option<&str> {
        self.request_headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The CORS-relevant response headers (and the ones that tell who answered), in order.
    pub fn cors_headers(&self) -> Vec<(&str, &str)> {
        self.response_headers
            .iter()
            .filter(|(n, _)| is_cors_relevant(n))
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect()
    }
}

/// Keep at most [`MAX_BODY_SNIPPET`] bytes of a body, cut at a character boundary.
pub fn body_snippet(body: &str) -> String {
    if body.len() <= MAX_BODY_SNIPPET {
        return body.to_owned();
    }
    let mut end = MAX_BODY_SNIPPET;
    while !body.is_char_boundary(end) {
        end -= 1;
    }
    body[..end].to_owned()
}

/// Response headers worth showing in a CORS timeline.
pub fn is_cors_relevant(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n.starts_with("access-control-")
        || matches!(
            n.as_str(),
            "vary"
                | "location"
                | "www-authenticate"
                | "allow"
                | "server"
                | "x-powered-by"
                | "via"
                | "x-cache"
                | "cf-cache-status"
                | "age"
                | "set-cookie"
                | "content-security-policy"
                | "cross-origin-resource-policy"
        )
}

/// An IP address space, as [Local Network Access](https://wicg.github.io/local-network-access/#ip-address-space)
/// names them: a request to a more private space than the page's needs the user's permission
/// (Chrome 142+).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AddressSpace {
    /// This machine (`127.0.0.0/8`, `::1`).
    Loopback,
    /// The local network (RFC 1918, link-local, unique-local IPv6, CGNAT). Also read as
    /// `private`, its name in Private Network Access and in Firefox.
    #[serde(alias = "private")]
    Local,
    /// Everything else.
    Public,
}

impl AddressSpace {
    /// The spec's name (`loopback`, `local`, `public`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Loopback => "loopback",
            Self::Local => "local",
            Self::Public => "public",
        }
    }
}

/// The address space of an IP address, per Local Network Access's
/// [table](https://wicg.github.io/local-network-access/#ip-address-space-heading): loopback for
/// `127.0.0.0/8` and `::1`; local for the private (RFC 1918), shared (`100.64.0.0/10`),
/// link-local, benchmarking (`198.18.0.0/15`) and unique-local IPv6 ranges (and the
/// unspecified address, which reaches this machine); public for everything else. IPv4-mapped
/// IPv6 addresses take their IPv4 address's space.
pub fn ip_address_space(ip: std::net::IpAddr) -> AddressSpace {
    use std::net::IpAddr;
    match ip {
        IpAddr::V4(v4) => {
            let o = v4.octets();
            if o[0] == 127 {
                AddressSpace::Loopback
            } else if o[0] == 10
                || o[0] == 0
                || (o[0] == 100 && (64..128).contains(&o[1]))
                || (o[0] == 172 && (16..32).contains(&o[1]))
                || (o[0] == 192 && o[1] == 168)
                || (o[0] == 169 && o[1] == 254)
                || (o[0] == 198 && (18..20).contains(&o[1]))
            {
                AddressSpace::Local
            } else {
                AddressSpace::Public
            }
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return ip_address_space(IpAddr::V4(v4));
            }
            let s = v6.segments();
            if v6.is_loopback() {
                AddressSpace::Loopback
            } else if v6.is_unspecified() || s[0] & 0xfe00 == 0xfc00 || s[0] & 0xffc0 == 0xfe80 {
                AddressSpace::Local
            } else {
                AddressSpace::Public
            }
        }
    }
}

/// The request as the probe sent it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckedRequest {
    /// The URL (parsed and serialized).
    pub url: String,
    /// The origin (serialized as browsers do).
    pub origin: String,
    /// The method as the browser sends it (after normalization).
    pub method: String,
    /// The headers the browser sends (forbidden ones removed).
    pub headers: Vec<(String, String)>,
    /// Headers the browser would drop (forbidden request headers such as `Cookie`, `Host`).
    pub dropped_headers: Vec<String>,
    /// `credentials: 'include'`.
    pub credentials: bool,
    /// The response headers the script reads.
    pub read_headers: Vec<String>,
    /// `cors` or `no-cors`.
    pub mode: Mode,
    /// The size of the body sent with the request itself, when the script sends one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body_bytes: Option<usize>,
}

/// Everything a live probe recorded about one request: the evidence `corsfix-diagnose`
/// reads (`Evidence::Probe`). `corsfix-probe` produces it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProbeRun {
    /// What was checked (normalized: the method as sent, forbidden headers removed).
    pub request: CheckedRequest,
    /// The exchanges the browser itself would make, in order.
    pub exchanges: Vec<Exchange>,
    /// The extra probes (other origin, `null`, no `Origin`, origin variants).
    pub extra: Vec<Exchange>,
    /// Why the browser got no response, when it got none.
    pub network_error: Option<NetworkError>,
    /// The URL of a hop blocked as mixed content (never sent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mixed_content: Option<String>,
    /// The address spaces the target's addresses are in.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub address_spaces: Vec<AddressSpace>,
    /// The recorded answers as a case (`None` when no response arrived): `corsfix simulate`
    /// gives the same verdict on it.
    pub case: Option<Case>,
}

impl ProbeRun {
    /// The last exchange with `purpose` for `url`.
    pub fn exchange_at(&self, purpose: Purpose, url: &str) -> Option<&Exchange> {
        self.exchanges
            .iter()
            .rev()
            .find(|e| e.purpose == purpose && e.url == url)
    }

    /// The first extra probe with `purpose`.
    pub fn extra(&self, purpose: Purpose) -> Option<&Exchange> {
        self.extra.iter().find(|e| e.purpose == purpose)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn address_spaces_follow_the_local_network_access_table() {
        let space = |s: &str| ip_address_space(s.parse().unwrap());
        assert_eq!(space("127.0.0.1"), AddressSpace::Loopback);
        assert_eq!(space("::1"), AddressSpace::Loopback);
        assert_eq!(space("192.168.1.20"), AddressSpace::Local);
        assert_eq!(space("10.1.2.3"), AddressSpace::Local);
        assert_eq!(space("172.31.0.1"), AddressSpace::Local);
        assert_eq!(space("172.32.0.1"), AddressSpace::Public);
        assert_eq!(space("fd00::1"), AddressSpace::Local);
        assert_eq!(space("::ffff:192.168.0.1"), AddressSpace::Local);
        assert_eq!(space("93.184.215.14"), AddressSpace::Public);
    }

    #[test]
    fn body_snippets_are_cut_at_a_character_boundary() {
        let long = "é".repeat(MAX_BODY_SNIPPET);
        let s = body_snippet(&long);
        assert!(s.len() <= MAX_BODY_SNIPPET && s.len() >= MAX_BODY_SNIPPET - 1);
        assert_eq!(body_snippet("short"), "short");
    }
}
