//! Reading a DevTools HAR file ([HAR 1.2](http://www.softwareishard.com/blog/har-12-spec/)) into
//! cases: each cross-origin request, with the preflight the browser sent for it and the
//! redirects it followed, becomes a [`Case`] that [`crate::Simulation`] can judge.
//!
//! What a HAR does not record is inferred, and every inference is reported as a note: the
//! credentials mode (cookies sent → `include`), the headers the script set (the request's headers
//! minus those the browser adds), the initiator (Chrome's `_resourceType`).
//!
//! Each case also keeps the recorded [`Exchange`]s themselves (headers as sent and received,
//! statuses, timings, the start of each body), which `corsfix-diagnose` reads directly.

use serde::Deserialize;

use crate::Browser;
use crate::case::{Case, Credentials, Hop, Mode, RedirectMode, RequestSpec, ResponseSpec};
use crate::error::Initiator;
use crate::exchange::{Exchange, Purpose, body_snippet};
use crate::headers::is_forbidden_request_header;
use crate::origin::Origin;

/// A HAR that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum HarError {
    /// Not JSON, or not shaped like a HAR.
    #[error("not a HAR file: {0}")]
    Malformed(String),
}

#[derive(Debug, Deserialize)]
struct HarFile {
    log: HarLog,
}

#[derive(Debug, Deserialize)]
struct HarLog {
    #[serde(default)]
    entries: Vec<Entry>,
}

#[derive(Debug, Deserialize)]
struct Entry {
    #[serde(default, rename = "startedDateTime")]
    started: Option<String>,
    request: HarRequest,
    response: HarResponse,
    #[serde(default, rename = "_resourceType")]
    resource_type: Option<String>,
    /// Total time in milliseconds (`-1` or absent when unknown).
    #[serde(default)]
    time: Option<f64>,
    #[serde(default, rename = "serverIPAddress")]
    server_ip: Option<String>,
}

#[derive(Debug, Deserialize)]
struct HarRequest {
    method: String,
    url: String,
    #[serde(default)]
    headers: Vec<NameValue>,
    #[serde(default, rename = "postData")]
    post_data: Option<PostData>,
}

#[derive(Debug, Deserialize)]
struct PostData {
    #[serde(default)]
    text: Option<String>,
}

#[derive(Debug, Deserialize)]
struct HarResponse {
    #[serde(default)]
    status: i64,
    #[serde(default)]
    headers: Vec<NameValue>,
    #[serde(default, rename = "redirectURL")]
    redirect_url: Option<String>,
    #[serde(default, rename = "httpVersion")]
    http_version: Option<String>,
    #[serde(default)]
    content: Option<Content>,
}

#[derive(Debug, Deserialize)]
struct Content {
    #[serde(default)]
    size: Option<i64>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    encoding: Option<String>,
}

#[derive(Debug, Deserialize)]
struct NameValue {
    name: String,
    value: String,
}

/// One cross-origin request found in a HAR, as a case.
#[derive(Debug, Clone, PartialEq)]
pub struct HarCase {
    /// The case (its `id` is `har-<entry index>`).
    pub case: Case,
    /// The index of the request's entry in `log.entries`.
    pub entry: usize,
    /// When it started, as the HAR says.
    pub started: Option<String>,
    /// What had to be inferred, and what was missing.
    pub notes: Vec<String>,
    /// The recorded exchanges, in order: the preflight (when one was recorded), then the
    /// request and each redirect hop.
    pub exchanges: Vec<Exchange>,
}

/// One HAR entry as a recorded exchange.
fn exchange_of(e: &Entry, purpose: Purpose, hop: u32) -> Exchange {
    let mut x = Exchange::new(
        purpose,
        hop,
        e.request.method.clone(),
        e.request.url.clone(),
    );
    x.request_headers = pairs(&e.request.headers);
    x.status = status_of(&e.response);
    x.response_headers = e
        .response
        .headers
        .iter()
        .filter(|h| !h.name.starts_with(':'))
        .map(|h| (h.name.to_ascii_lowercase(), h.value.clone()))
        .collect();
    x.http_version = e.response.http_version.clone().filter(|v| !v.is_empty());
    x.remote_addr = e.server_ip.clone().filter(|v| !v.is_empty());
    x.elapsed_ms = e
        .time
        .filter(|t| t.is_finite() && *t >= 0.0)
        .map_or(0, |t| t.round() as u64);
    if let Some(c) = &e.response.content {
        x.body_bytes = c.size.and_then(|n| usize::try_from(n).ok()).unwrap_or(0);
        if c.encoding.is_none() {
            x.body = c
                .text
                .as_deref()
                .filter(|t| !t.is_empty())
                .map(body_snippet);
        }
    }
    x
}

/// Whether a request header seen on the wire was added by the browser itself, not set by the
/// script: the [forbidden request-headers](https://fetch.spec.whatwg.org/#forbidden-request-header)
/// (Chromium's list), `Sec-*`, HTTP/2 pseudo-headers, and the headers Chromium's network stack
/// adds below Fetch (`User-Agent`, `Accept-Language`, `Cache-Control`, `Pragma`, `Priority`,
/// `Upgrade-Insecure-Requests`). What is left is what the script set, as far as a recording (a
/// HAR, or the request a proxy receives) can tell.
pub fn is_browser_added(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.starts_with(':')
        || lower.starts_with("sec-")
        || matches!(
            lower.as_str(),
            "user-agent"
                | "accept-language"
                | "cache-control"
                | "pragma"
                | "priority"
                | "upgrade-insecure-requests"
        )
        || is_forbidden_request_header(&lower, "", Browser::Chrome)
}

fn get<'a>(headers: &'a [NameValue], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|h| h.name.eq_ignore_ascii_case(name))
        .map(|h| h.value.as_str())
}

fn pairs(headers: &[NameValue]) -> Vec<(String, String)> {
    headers
        .iter()
        .filter(|h| !h.name.starts_with(':'))
        .map(|h| (h.name.clone(), h.value.clone()))
        .collect()
}

fn status_of(resp: &HarResponse) -> Option<u16> {
    u16::try_from(resp.status)
        .ok()
        .filter(|s| (100..=599).contains(s))
}

fn response_spec(resp: &HarResponse) -> ResponseSpec {
    let mut headers = pairs(&resp.headers);
    if let Some(loc) = resp.redirect_url.as_deref().filter(|l| !l.is_empty())
        && !headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("location"))
    {
        headers.push(("Location".to_owned(), loc.to_owned()));
    }
    ResponseSpec {
        status: status_of(resp).unwrap_or(200),
        headers,
        next: None,
    }
}

fn is_preflight(e: &Entry) -> bool {
    e.request.method.eq_ignore_ascii_case("OPTIONS")
        && get(&e.request.headers, "access-control-request-method").is_some()
}

/// The page origin of a request: its `Origin` header, else its `Referer`'s origin.
fn page_origin(e: &Entry) -> Option<String> {
    if let Some(o) = get(&e.request.headers, "origin").filter(|o| *o != "null") {
        return Origin::parse(o).ok().map(|o| o.as_str().to_owned());
    }
    let referer = get(&e.request.headers, "referer")?;
    let url = url::Url::parse(referer).ok()?;
    let origin = Origin::of_url(&url);
    (!origin.is_opaque()).then(|| origin.as_str().to_owned())
}

/// Read a HAR and return every cross-origin request in it, as cases.
pub fn read(text: &str) -> Result<Vec<HarCase>, HarError> {
    let har: HarFile =
        serde_json::from_str(text).map_err(|e| HarError::Malformed(e.to_string()))?;
    let entries = har.log.entries;
    let mut used = vec![false; entries.len()];
    let mut out = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        if used[i] || is_preflight(e) {
            continue;
        }
        let Ok(url) = url::Url::parse(&e.request.url) else {
            continue;
        };
        if !matches!(url.scheme(), "http" | "https") {
            continue;
        }
        let Some(origin) = page_origin(e) else {
            continue;
        };
        let Ok(page) = Origin::parse(&origin) else {
            continue;
        };
        if Origin::of_url(&url).same_origin(&page) {
            continue;
        }
        let mut notes = Vec::new();
        let method = e.request.method.clone();
        let preflight_idx = find_preflight(&entries, &used, i, &e.request.url, &method);
        let mut headers: Vec<(String, String)> = e
            .request
            .headers
            .iter()
            .filter(|h| !is_browser_added(&h.name))
            .map(|h| (h.name.clone(), h.value.clone()))
            .collect();
        if e.request.headers.is_empty()
            && let Some(acrh) = preflight_idx.and_then(|p| {
                get(
                    &entries[p].request.headers,
                    "access-control-request-headers",
                )
            })
        {
            notes.push("the request's headers were not recorded; using the preflight's Access-Control-Request-Headers".to_owned());
            headers = acrh
                .split(',')
                .map(|n| (n.trim().to_owned(), "x".to_owned()))
                .filter(|(n, _)| !n.is_empty())
                .collect();
        }
        let credentials = if get(&e.request.headers, "cookie").is_some() {
            notes.push(
                "cookies were sent, so the request is treated as `credentials: \"include\"`"
                    .to_owned(),
            );
            Credentials::Include
        } else {
            notes.push("no cookies were sent, so the request is treated as `credentials: \"same-origin\"`; re-run with cookies if the page uses `credentials: \"include\"`".to_owned());
            Credentials::SameOrigin
        };
        let initiator = match e.resource_type.as_deref() {
            Some("xhr") => Initiator::XmlHttpRequest,
            _ => Initiator::Fetch,
        };
        let mut exchanges = Vec::new();
        let preflight = preflight_idx.map(|p| {
            used[p] = true;
            exchanges.push(exchange_of(&entries[p], Purpose::Preflight, 0));
            response_spec(&entries[p].response)
        });
        exchanges.push(exchange_of(e, Purpose::Actual, 0));
        if status_of(&e.response).is_none() {
            notes.push(if preflight.is_some() {
                "the request itself has no recorded response (the browser did not send it, or the HAR lost it)".to_owned()
            } else {
                "the request has no recorded response status; its answer is unknown, so the verdict below assumes a 200 without CORS headers".to_owned()
            });
        }
        // Follow recorded redirects: each hop is a later entry for the Location URL.
        let mut specs = vec![response_spec(&e.response)];
        let mut cur = e;
        while let Some(loc) = cur
            .response
            .redirect_url
            .as_deref()
            .filter(|l| !l.is_empty())
        {
            if specs.len() > 20 {
                break;
            }
            let Some(target) = url::Url::parse(&cur.request.url)
                .ok()
                .and_then(|u| u.join(loc).ok())
            else {
                break;
            };
            let next = (i + 1..entries.len()).find(|&j| {
                !used[j] && !is_preflight(&entries[j]) && entries[j].request.url == target.as_str()
            });
            let Some(j) = next else {
                notes.push(format!("the redirect to {target} is not in the HAR"));
                break;
            };
            used[j] = true;
            specs.push(response_spec(&entries[j].response));
            exchanges.push(exchange_of(
                &entries[j],
                Purpose::Actual,
                u32::try_from(specs.len() - 1).unwrap_or(u32::MAX),
            ));
            cur = &entries[j];
        }
        let mut actual: Option<ResponseSpec> = None;
        for mut spec in specs.into_iter().rev() {
            if let Some(t) = actual.take() {
                spec.next = Some(Box::new(Hop {
                    target: None,
                    preflight: None,
                    actual: Some(t),
                }));
            }
            actual = Some(spec);
        }
        let body = e.request.post_data.as_ref().and_then(|p| p.text.clone());
        let case = Case {
            address_space: None,
            lna_permission: None,
            id: Some(serde_json::Value::String(format!("har-{i}"))),
            origin,
            url: e.request.url.clone(),
            request: RequestSpec {
                target_address_space: None,
                method,
                headers,
                credentials,
                mode: Mode::Cors,
                read_headers: Vec::new(),
                redirect: RedirectMode::Follow,
                body,
                initiator,
            },
            preflight,
            actual,
        };
        used[i] = true;
        out.push(HarCase {
            case,
            entry: i,
            started: e.started.clone(),
            notes,
            exchanges,
        });
    }
    Ok(out)
}

/// The preflight for request `i`: the nearest earlier unused OPTIONS to the same URL whose
/// `Access-Control-Request-Method` is the method.
fn find_preflight(
    entries: &[Entry],
    used: &[bool],
    i: usize,
    url: &str,
    method: &str,
) -> Option<usize> {
    let matches = |j: usize| {
        let p = &entries[j];
        !used[j]
            && is_preflight(p)
            && p.request.url == url
            && get(&p.request.headers, "access-control-request-method") == Some(method)
    };
    (0..i)
        .rev()
        .find(|&j| matches(j))
        .or_else(|| (i + 1..entries.len()).find(|&j| matches(j)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Browser, Simulation};

    fn entry(
        method: &str,
        url: &str,
        req: &[(&str, &str)],
        status: i64,
        resp: &[(&str, &str)],
        redirect: &str,
    ) -> serde_json::Value {
        let h = |v: &[(&str, &str)]| {
            v.iter()
                .map(|(n, v)| serde_json::json!({"name": n, "value": v}))
                .collect::<Vec<_>>()
        };
        serde_json::json!({
            "startedDateTime": "2026-11-28T10:00:00.000Z",
            "request": {"method": method, "url": url, "headers": h(req)},
            "response": {"status": status, "headers": h(resp), "redirectURL": redirect},
            "_resourceType": "fetch"
        })
    }

    fn har(entries: Vec<serde_json::Value>) -> String {
        serde_json::json!({"log": {"version": "1.2", "entries": entries}}).to_string()
    }

    #[test]
    fn a_preflight_answered_401_is_paired_with_its_request_and_blocks() {
        let text = har(vec![
            entry("GET", "https://app.example.com/", &[], 200, &[], ""),
            entry(
                "OPTIONS",
                "https://api.example.com/items",
                &[
                    ("Origin", "https://app.example.com"),
                    ("Access-Control-Request-Method", "PUT"),
                    ("Access-Control-Request-Headers", "content-type"),
                ],
                401,
                &[("WWW-Authenticate", "Bearer")],
                "",
            ),
            entry(
                "PUT",
                "https://api.example.com/items",
                &[
                    ("Origin", "https://app.example.com"),
                    ("Content-Type", "application/json"),
                    ("Accept", "*/*"),
                ],
                0,
                &[],
                "",
            ),
        ]);
        let cases = read(&text).unwrap();
        assert_eq!(
            cases.len(),
            1,
            "the page itself is same-origin to nobody: only the API call counts"
        );
        let c = &cases[0];
        assert_eq!(c.entry, 2);
        assert_eq!(c.case.preflight.as_ref().unwrap().status, 401);
        let v = Simulation::run(&c.case);
        assert!(!v.chrome.allowed);
        assert_eq!(
            v.chrome.failure.as_ref().unwrap().kind_name(),
            "PreflightMissingAllowOriginHeader"
        );
        assert_eq!(
            v.get(Browser::Safari)
                .failure
                .as_ref()
                .unwrap()
                .first_line(),
            Some("Preflight response is not successful. Status code: 401")
        );
    }

    #[test]
    fn redirects_are_chained_and_cookies_mean_include() {
        let text = har(vec![
            entry(
                "GET",
                "https://api.example.com/a",
                &[("Origin", "https://app.example.com"), ("Cookie", "s=1")],
                302,
                &[
                    ("Access-Control-Allow-Origin", "https://app.example.com"),
                    ("Access-Control-Allow-Credentials", "true"),
                ],
                "https://api.example.com/b",
            ),
            entry(
                "GET",
                "https://api.example.com/b",
                &[("Origin", "https://app.example.com"), ("Cookie", "s=1")],
                200,
                &[("Access-Control-Allow-Origin", "*")],
                "",
            ),
        ]);
        let cases = read(&text).unwrap();
        assert_eq!(cases.len(), 1);
        assert_eq!(cases[0].case.request.credentials, Credentials::Include);
        let v = Simulation::run(&cases[0].case);
        let f = v.chrome.failure.unwrap();
        assert_eq!(f.kind_name(), "WildcardOriginNotAllowed");
        assert!(
            f.first_line()
                .unwrap()
                .contains("(redirected from 'https://api.example.com/a')")
        );
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(read("").is_err());
        assert!(read("{\"log\": 3}").is_err());
        assert!(read("\u{0}\u{1}binary").is_err());
        assert_eq!(read("{\"log\": {\"entries\": []}}").unwrap().len(), 0);
    }
}
