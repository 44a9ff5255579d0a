//! What a correct server answers: [`Policy::respond`].

use serde::{Deserialize, Serialize};

use crate::Policy;

/// The CORS-relevant parts of an incoming request.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Request {
    /// The method (`OPTIONS` for a preflight).
    pub method: String,
    /// The path (for the policy's path scope); `/` when unknown.
    #[serde(default = "root")]
    pub path: String,
    /// The `Origin` header, if any.
    #[serde(default)]
    pub origin: Option<String>,
    /// `Access-Control-Request-Method`, if any.
    #[serde(default)]
    pub request_method: Option<String>,
    /// `Access-Control-Request-Headers`, if any.
    #[serde(default)]
    pub request_headers: Option<String>,
    /// `Access-Control-Request-Private-Network: true` was sent.
    #[serde(default)]
    pub request_private_network: bool,
}

fn root() -> String {
    "/".into()
}

impl Request {
    /// A preflight: `OPTIONS` with `Origin`, `Access-Control-Request-Method` and (when not
    /// empty) `Access-Control-Request-Headers`.
    pub fn preflight(origin: &str, method: &str, headers: &str) -> Self {
        Self {
            method: "OPTIONS".into(),
            path: root(),
            origin: Some(origin.into()),
            request_method: Some(method.into()),
            request_headers: (!headers.is_empty()).then(|| headers.into()),
            request_private_network: false,
        }
    }

    /// A CORS request (not a preflight) from `origin`.
    pub fn actual(origin: &str, method: &str) -> Self {
        Self {
            method: method.into(),
            path: root(),
            origin: Some(origin.into()),
            ..Self::default()
        }
    }

    /// Per Fetch: `OPTIONS` + `Origin` + `Access-Control-Request-Method`.
    pub fn is_preflight(&self) -> bool {
        self.method.eq_ignore_ascii_case("OPTIONS")
            && self.origin.is_some()
            && self.request_method.is_some()
    }
}

/// The server's answer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Answer {
    /// `Some(204)` when the CORS layer answers by itself (a preflight); `None` when the
    /// request continues to the application, which adds `headers` to whatever it answers
    /// (errors included).
    pub status: Option<u16>,
    /// Header lines to send, in order (names in lower case). `vary` values are to be
    /// appended to any `Vary` the application sets.
    pub headers: Vec<(String, String)>,
}

impl Answer {
    /// The value of a header (names compared case-insensitively; first line).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn push(&mut self, name: &str, value: impl Into<String>) {
        self.headers.push((name.to_owned(), value.into()));
    }
}

impl Policy {
    /// The headers a correct server answers to `req`.
    ///
    /// - One `Access-Control-Allow-Origin` value: the matched origin echoed (or `*` for a
    ///   public, credential-less policy); none at all for an origin not allowed.
    /// - `Vary: Origin` on every response of the resource whenever the answer depends on
    ///   the origin, allowed or not; plus `Access-Control-Request-Headers` on preflights when
    ///   request headers are reflected.
    /// - With credentials, explicit method and header lists (`*` is literal there).
    /// - A preflight is answered `204` by the CORS layer itself, never reaching auth.
    pub fn respond(&self, req: &Request) -> Answer {
        self.respond_exposing(req, &[])
    }

    /// [`Policy::respond`] for a response that carries the header names `sent`: where the
    /// policy exposes every header (`*`) but credentials make `*` literal, the names in `sent`
    /// that a script could not read otherwise are listed (after the policy's own list), so a
    /// credentialed script still reads every header the server sends. Safelisted names and
    /// `Set-Cookie` are left out, by the model's
    /// [`is_exposed`](corsfix_model::headers::is_exposed).
    pub fn respond_exposing(&self, req: &Request, sent: &[&str]) -> Answer {
        let mut a = Answer::default();
        if !self.in_scope(&req.path) {
            return a;
        }
        let preflight = req.is_preflight();
        let mut vary: Vec<&str> = Vec::new();
        if self.origins().varies() {
            vary.push("Origin");
        }
        if preflight && self.headers_any() {
            vary.push("Access-Control-Request-Headers");
        }
        if preflight && self.methods_any() && self.credentials() {
            vary.push("Access-Control-Request-Method");
        }
        if preflight {
            a.status = Some(204);
        }
        let allowed_origin = req.origin.as_deref().filter(|o| self.origins().allows(o));
        if let Some(origin) = allowed_origin {
            let acao = if self.origins().any && !self.credentials() {
                "*".to_owned()
            } else {
                origin.to_owned()
            };
            a.push("access-control-allow-origin", acao);
            if self.credentials() {
                a.push("access-control-allow-credentials", "true");
            }
            if preflight {
                let methods = if self.methods_any() {
                    if self.credentials() {
                        req.request_method.clone().unwrap_or_default()
                    } else {
                        "*".into()
                    }
                } else {
                    self.methods().join(", ")
                };
                if !methods.is_empty() {
                    a.push("access-control-allow-methods", methods);
                }
                let headers = if self.headers_any() {
                    req.request_headers.clone().unwrap_or_default()
                } else {
                    self.request_headers().join(", ")
                };
                if !headers.is_empty() {
                    a.push("access-control-allow-headers", headers);
                }
                if let Some(m) = self.max_age() {
                    a.push("access-control-max-age", m.to_string());
                }
                if self.private_network() && req.request_private_network {
                    a.push("access-control-allow-private-network", "true");
                }
            } else {
                let mut expose = self.expose_headers().to_vec();
                if self.expose_any() && !self.credentials() {
                    expose = vec!["*".into()];
                } else if self.expose_any() {
                    for name in sent {
                        // Readable only when listed: not safelisted, and not a name no list
                        // can expose (`Set-Cookie`).
                        let needs_listing = !corsfix_model::headers::is_exposed(name, None, true)
                            && corsfix_model::headers::is_exposed(name, Some(name), true);
                        if needs_listing
                            && !name.to_ascii_lowercase().starts_with("access-control-")
                            && !expose.iter().any(|e| e.eq_ignore_ascii_case(name))
                        {
                            expose.push((*name).to_owned());
                        }
                    }
                }
                if !expose.is_empty() {
                    a.push("access-control-expose-headers", expose.join(", "));
                }
            }
        }
        if !vary.is_empty() {
            a.push("vary", vary.join(", "));
        }
        a
    }
}
