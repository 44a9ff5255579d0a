//! The `corsfix simulate` case format (`shared/reference/case-format.md`): what the page asks
//! for and how the server answers each hop, and the result written back.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

use crate::error::Initiator;
use crate::exchange::AddressSpace;
use crate::lna::{AddressSpaces, LnaPermission};

/// One simulated cross-origin request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// Echoed back untouched.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<serde_json::Value>,
    /// The serialized origin of the page (`null` for an opaque origin).
    pub origin: String,
    /// The URL passed to `fetch()` / `open()`.
    pub url: String,
    /// What the script asks for.
    pub request: RequestSpec,
    /// How the server answers an `OPTIONS` preflight (default: 200, no headers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preflight: Option<ResponseSpec>,
    /// How the server answers the request itself (default: 200, no headers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual: Option<ResponseSpec>,
    /// Local Network Access: the address spaces of the page and of the URL (absent: the same
    /// space, no Local Network Access and no mixed-content rule).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address_space: Option<AddressSpaces>,
    /// Local Network Access: the user's answer to the permission prompt (default `denied`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lna_permission: Option<LnaPermission>,
}

/// What the script asks for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestSpec {
    /// The method exactly as passed to `fetch()`.
    pub method: String,
    /// The headers the script sets, in order.
    #[serde(
        default,
        deserialize_with = "ordered_headers",
        serialize_with = "serialize_ordered"
    )]
    pub headers: Vec<(String, String)>,
    /// `omit`, `same-origin` or `include`.
    #[serde(default)]
    pub credentials: Credentials,
    /// `cors` or `no-cors`.
    #[serde(default)]
    pub mode: Mode,
    /// Response header names the script reads with `headers.get()`.
    #[serde(default)]
    pub read_headers: Vec<String>,
    /// `follow`, `error` or `manual`.
    #[serde(default)]
    pub redirect: RedirectMode,
    /// A string body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// `fetch` or `xmlhttprequest`.
    #[serde(default)]
    pub initiator: Initiator,
    /// fetch()'s `targetAddressSpace` option (`local`, `loopback`, `public`); only read with
    /// the case's `address_space`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_address_space: Option<AddressSpace>,
}

impl Case {
    /// What every reader of cases (`corsfix simulate`, the MCP `simulate` tool) refuses before
    /// running one: an origin that does not parse, and a status that is not an HTTP status code
    /// anywhere along a redirect chain. `path` prefixes the field names in the message
    /// (`""` or `"case."`).
    pub fn validate(&self, path: &str) -> Result<(), String> {
        crate::Origin::parse(&self.origin).map_err(|e| format!("`{path}origin`: {e}"))?;
        validate_response(self.preflight.as_ref(), &format!("{path}preflight"))?;
        validate_response(self.actual.as_ref(), &format!("{path}actual"))
    }
}

fn validate_response(resp: Option<&ResponseSpec>, path: &str) -> Result<(), String> {
    let Some(resp) = resp else {
        return Ok(());
    };
    if !(100..=999).contains(&resp.status) {
        return Err(format!(
            "`{path}.status`: {} is not an HTTP status code (100-999)",
            resp.status
        ));
    }
    if let Some(next) = &resp.next {
        validate_response(next.preflight.as_ref(), &format!("{path}.next.preflight"))?;
        validate_response(next.actual.as_ref(), &format!("{path}.next.actual"))?;
    }
    Ok(())
}

/// The request's credentials mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Credentials {
    /// Never send cookies.
    Omit,
    /// Cookies for same-origin URLs only (the `fetch()` default).
    #[default]
    SameOrigin,
    /// Always send cookies: the strict CORS rules apply.
    Include,
}

/// The request mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    /// A CORS request (`fetch()`, XHR).
    #[default]
    Cors,
    /// No CORS: the response is opaque.
    NoCors,
    /// Cross-origin URLs are refused.
    SameOrigin,
}

/// The request's redirect mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RedirectMode {
    /// Follow redirects.
    #[default]
    Follow,
    /// A redirect is a network error.
    Error,
    /// Return an opaque-redirect response.
    Manual,
}

/// How the server answers one request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResponseSpec {
    /// The status code.
    #[serde(default = "default_status")]
    pub status: u16,
    /// Header lines in order; a name may repeat.
    #[serde(default)]
    pub headers: Vec<(String, String)>,
    /// For a redirect: how the server at `Location` answers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<Box<Hop>>,
}

/// How the server at one URL answers the preflight and the request.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Hop {
    /// Local Network Access: the address space of this hop's server (absent: the previous
    /// hop's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<AddressSpace>,
    /// The preflight's answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preflight: Option<ResponseSpec>,
    /// The request's answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual: Option<ResponseSpec>,
}

fn default_status() -> u16 {
    200
}

impl Default for ResponseSpec {
    fn default() -> Self {
        Self {
            status: 200,
            headers: Vec::new(),
            next: None,
        }
    }
}

/// Request headers are a JSON object in order (or a list of pairs); keep the order.
fn ordered_headers<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<(String, String)>, D::Error> {
    struct V;
    impl<'de> Visitor<'de> for V {
        type Value = Vec<(String, String)>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(
                "an object of header names to string values, or a list of [name, value] pairs",
            )
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut out = Vec::new();
            while let Some((k, v)) = map.next_entry::<String, String>()? {
                out.push((k, v));
            }
            Ok(out)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut out = Vec::new();
            while let Some(pair) = seq.next_element::<(String, String)>()? {
                out.push(pair);
            }
            Ok(out)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }
    }
    d.deserialize_any(V)
}

fn serialize_ordered<S: serde::Serializer>(
    h: &[(String, String)],
    s: S,
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut map = s.serialize_map(Some(h.len()))?;
    for (k, v) in h {
        map.serialize_entry(k, v)?;
    }
    map.end()
}

/// One line of `simulate --json`: the result format.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseResult {
    /// The case's `id`, untouched.
    pub id: Option<serde_json::Value>,
    /// Whether the script gets the response.
    pub allowed: bool,
    /// Whether a preflight was sent, and its CORS request headers.
    pub preflight: PreflightResult,
    /// Whether the request itself reached the server.
    pub actual_sent: bool,
    /// Why it was blocked (`null` when allowed).
    pub error: Option<ErrorResult>,
    /// What the script sees (when allowed).
    pub response: Option<ResponseResult>,
}

/// The first preflight.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PreflightResult {
    /// Whether the browser sends one.
    pub sent: bool,
    /// `Access-Control-Request-Method` / `-Headers` as the browser writes them.
    #[serde(default)]
    pub request_headers: Vec<(String, String)>,
}

/// Why the request was blocked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorResult {
    /// Chromium's `CorsError` name, or `NetworkError`.
    pub kind: String,
    /// The first console line of each browser (`null` where it prints none or allows).
    pub messages: Messages,
}

/// One line per browser.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Messages {
    /// Chromium's "Access to fetch at … has been blocked by CORS policy: …".
    pub chrome: Option<String>,
    /// Firefox's first "Cross-Origin Request Blocked: …" line.
    pub firefox: Option<String>,
    /// WebKit's first line.
    pub safari: Option<String>,
}

/// What the script sees when allowed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResponseResult {
    /// The status (0 for opaque responses).
    pub status: u16,
    /// `cors`, `basic`, `opaque` or `opaqueredirect`.
    #[serde(rename = "type")]
    pub kind: String,
    /// What `headers.get(name)` returns for each name in `read_headers`.
    pub readable_headers: BTreeMap<String, Option<String>>,
}
