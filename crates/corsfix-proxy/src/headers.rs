//! Header handling on the way through: hop-by-hop fields
//! ([RFC 9110 §7.6.1](https://www.rfc-editor.org/rfc/rfc9110#section-7.6.1)), the upstream's
//! own CORS headers, redirects that point at the upstream.

use http::header::{self, HeaderMap, HeaderName, HeaderValue};

/// Fields that describe one connection, not the message
/// ([RFC 9110 §7.6.1](https://www.rfc-editor.org/rfc/rfc9110#section-7.6.1): `Connection`,
/// the fields it names, and the fields that are hop-by-hop by definition: `Proxy-Connection`,
/// `Keep-Alive`, `TE`, `Transfer-Encoding`, `Upgrade`; plus `Proxy-Authenticate` and
/// `Proxy-Authorization`, which are addressed to a proxy, never forwarded
/// ([§11.7](https://www.rfc-editor.org/rfc/rfc9110#section-11.7))).
const HOP_BY_HOP: [HeaderName; 8] = [
    header::CONNECTION,
    HeaderName::from_static("proxy-connection"),
    HeaderName::from_static("keep-alive"),
    header::TE,
    header::TRANSFER_ENCODING,
    header::UPGRADE,
    header::PROXY_AUTHENTICATE,
    header::PROXY_AUTHORIZATION,
];

/// Whether the message asks to switch protocols (`Connection: upgrade` and `Upgrade`), as a
/// WebSocket handshake does ([RFC 9110 §7.8](https://www.rfc-editor.org/rfc/rfc9110#section-7.8)).
pub(crate) fn is_upgrade(headers: &HeaderMap) -> bool {
    headers.contains_key(header::UPGRADE) && connection_names(headers).any(|n| n == "upgrade")
}

/// The field names listed in `Connection`, lower-cased.
fn connection_names(headers: &HeaderMap) -> impl Iterator<Item = String> + '_ {
    headers
        .get_all(header::CONNECTION)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|n| n.trim().to_ascii_lowercase())
        .filter(|n| !n.is_empty())
}

/// Remove the hop-by-hop fields. With `upgrade`, keep `Upgrade` and say `Connection: upgrade`
/// again, so the switch reaches the next hop. `TE: trailers` is kept (it is the one `TE` that
/// HTTP/2 allows and it says something about the whole path).
pub(crate) fn strip_hop_by_hop(headers: &mut HeaderMap, upgrade: bool) {
    let named: Vec<String> = connection_names(headers).collect();
    let te_trailers = headers
        .get(header::TE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .any(|t| t.trim().eq_ignore_ascii_case("trailers"))
        });
    for name in &named {
        if upgrade && name == "upgrade" {
            continue;
        }
        if let Ok(name) = HeaderName::from_bytes(name.as_bytes()) {
            headers.remove(name);
        }
    }
    for name in HOP_BY_HOP {
        if !(upgrade && name == header::UPGRADE) {
            headers.remove(name);
        }
    }
    if te_trailers {
        headers.insert(header::TE, HeaderValue::from_static("trailers"));
    }
    if upgrade {
        headers.insert(header::CONNECTION, HeaderValue::from_static("upgrade"));
    }
}

/// Remove the upstream's own CORS headers (`Access-Control-*`); the proxy answers CORS
/// itself. Also `Alt-Svc`: it advertises the upstream's other endpoints (HTTP/3), which the
/// browser would otherwise try at the proxy's origin.
pub(crate) fn strip_upstream_cors(headers: &mut HeaderMap) {
    let cors: Vec<HeaderName> = headers
        .keys()
        .filter(|n| n.as_str().starts_with("access-control-"))
        .cloned()
        .collect();
    for name in cors {
        headers.remove(name);
    }
    headers.remove(header::ALT_SVC);
}

/// A `Location` that points at the upstream, moved onto the proxy (`proxy_origin`, such as
/// `http://localhost:8787`), so the browser follows the redirect through the proxy. Relative
/// locations and other sites are left alone.
pub(crate) fn rewrite_location(
    location: &str,
    upstream_origin: &str,
    proxy_origin: &str,
) -> Option<String> {
    let url = url::Url::parse(location).ok()?;
    if corsfix_model::Origin::of_url(&url).as_str() != upstream_origin {
        return None;
    }
    let mut out = proxy_origin.to_owned();
    out.push_str(url.path());
    if let Some(q) = url.query() {
        out.push('?');
        out.push_str(q);
    }
    if let Some(f) = url.fragment() {
        out.push('#');
        out.push_str(f);
    }
    Some(out)
}

/// Header lines as (name, value) pairs, values that are not text read as Latin-1 (as
/// browsers read them).
pub(crate) fn pairs(headers: &HeaderMap) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(n, v)| (n.as_str().to_owned(), text(v)))
        .collect()
}

/// A header value as text (Latin-1 for bytes that are not ASCII).
pub(crate) fn text(v: &HeaderValue) -> String {
    match v.to_str() {
        Ok(s) => s.to_owned(),
        Err(_) => v.as_bytes().iter().map(|&b| char::from(b)).collect(),
    }
}

/// The first value of a header, as text.
pub(crate) fn get<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(lines: &[(&str, &str)]) -> HeaderMap {
        let mut m = HeaderMap::new();
        for (n, v) in lines {
            m.append(
                HeaderName::from_bytes(n.as_bytes()).unwrap(),
                HeaderValue::from_str(v).unwrap(),
            );
        }
        m
    }

    #[test]
    fn hop_by_hop_fields_and_the_ones_connection_names_are_removed() {
        let mut h = map(&[
            ("connection", "keep-alive, X-Hop"),
            ("x-hop", "1"),
            ("keep-alive", "timeout=5"),
            ("proxy-connection", "keep-alive"),
            ("te", "trailers, deflate"),
            ("transfer-encoding", "chunked"),
            ("upgrade", "h2c"),
            ("proxy-authorization", "Basic x"),
            ("x-end", "kept"),
            ("content-type", "application/json"),
        ]);
        strip_hop_by_hop(&mut h, false);
        let mut names: Vec<_> = h.keys().map(|n| n.as_str()).collect();
        names.sort_unstable();
        assert_eq!(names, ["content-type", "te", "x-end"]);
        assert_eq!(h["te"], "trailers");
    }

    #[test]
    fn an_upgrade_keeps_upgrade_and_connection() {
        let mut h = map(&[
            ("connection", "Upgrade"),
            ("upgrade", "websocket"),
            ("sec-websocket-key", "k"),
        ]);
        assert!(is_upgrade(&h));
        strip_hop_by_hop(&mut h, true);
        assert_eq!(h["upgrade"], "websocket");
        assert_eq!(h["connection"], "upgrade");
        assert_eq!(h["sec-websocket-key"], "k");
        assert!(!is_upgrade(&map(&[("upgrade", "websocket")])));
    }

    #[test]
    fn the_upstreams_cors_headers_and_alt_svc_go() {
        let mut h = map(&[
            ("Access-Control-Allow-Origin", "*"),
            ("access-control-allow-credentials", "true"),
            ("alt-svc", "h3=\":443\""),
            ("vary", "Accept-Encoding"),
        ]);
        strip_upstream_cors(&mut h);
        assert_eq!(h.keys().map(|n| n.as_str()).collect::<Vec<_>>(), ["vary"]);
    }

    #[test]
    fn redirects_to_the_upstream_stay_on_the_proxy() {
        let up = "https://api.example.com";
        let me = "http://localhost:8787";
        assert_eq!(
            rewrite_location("https://api.example.com/a/b?c=1#f", up, me).as_deref(),
            Some("http://localhost:8787/a/b?c=1#f")
        );
        assert_eq!(
            rewrite_location("https://API.example.com:443/x", up, me).as_deref(),
            Some("http://localhost:8787/x")
        );
        assert_eq!(rewrite_location("http://api.example.com/x", up, me), None);
        assert_eq!(rewrite_location("https://login.example.com/", up, me), None);
        assert_eq!(rewrite_location("/relative", up, me), None);
    }
}
