//! # corsfix-policy
//!
//! A server's intended CORS policy: which origins may read its responses, with or without
//! credentials, which methods and request headers they may use, which response headers they
//! may read, and how long a preflight may be cached.
//!
//! - [`Policy::parse_toml`], [`Policy::parse_json`] and [`PolicySpec::build`] validate
//!   everything at once and report every problem with what to write instead
//!   ([`PolicyErrors`]).
//! - [`Policy::respond`] gives the headers a correct server answers (one `Access-Control-Allow-Origin`
//!   value echoing the matched origin, `Vary: Origin` whenever the answer depends on it, explicit
//!   lists where credentials forbid `*`).
//! - [`lint`] and [`lint_response`] report dangerous or broken settings as [`Diagnostic`]s with
//!   stable codes ([`Rule::ALL`]).
//!
//! ```
//! use corsfix_policy::{Policy, Request};
//!
//! let policy = Policy::parse_toml(r#"
//!     origins = ["https://app.example.com"]
//!     credentials = true
//!     methods = ["GET", "PUT"]
//!     request_headers = ["Content-Type", "Authorization"]
//! "#).unwrap();
//! let answer = policy.respond(&Request::preflight("https://app.example.com", "PUT", "content-type"));
//! assert_eq!(answer.status, Some(204));
//! assert_eq!(answer.get("access-control-allow-origin"), Some("https://app.example.com"));
//! let findings = corsfix_policy::lint(&policy);
//! assert!(findings.iter().all(|d| d.severity != corsfix_policy::Severity::Error));
//! ```

mod distance;
mod lint;
mod origins;
pub mod portable;
mod respond;

use std::fmt;

use serde::{Deserialize, Serialize};

pub use distance::edit_distance;
pub use lint::{Diagnostic, Rule, Severity, lint, lint_response, rules_markdown};
pub use origins::{OriginPattern, Origins, PatternKind};
pub use respond::{Answer, Request};

/// Chromium's cap on `Access-Control-Max-Age`, in seconds.
pub const CHROMIUM_MAX_AGE_CAP: u32 = 7200;
/// Firefox's cap on `Access-Control-Max-Age`, in seconds.
pub const FIREFOX_MAX_AGE_CAP: u32 = 86400;

/// The policy as written in a file or on the command line, before validation.
///
/// Field names of the TOML/JSON policy file. Unknown fields are an error.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicySpec {
    /// Allowed origins: exact origins, `*`, subdomain patterns (`https://*.example.com`) or
    /// anchored regexes (`^https://(app|admin)\.example\.com$`, or written between slashes).
    #[serde(default)]
    pub origins: Vec<String>,
    /// Whether cookies / HTTP authentication are sent (`credentials: 'include'`).
    #[serde(default)]
    pub credentials: bool,
    /// Methods the client uses (`*` for any); default `GET, HEAD, POST`.
    #[serde(default)]
    pub methods: Vec<String>,
    /// Non-safelisted request headers the client sets (`*` for any).
    #[serde(default, alias = "headers", alias = "allow_headers")]
    pub request_headers: Vec<String>,
    /// Response headers scripts must read.
    #[serde(default, alias = "expose", alias = "expose_headers")]
    pub expose_headers: Vec<String>,
    /// Preflight cache lifetime in seconds.
    #[serde(default)]
    pub max_age: Option<i64>,
    /// Path scope (`/api/*`); empty = every path.
    #[serde(default)]
    pub paths: Vec<String>,
    /// Answer Private Network Access preflights.
    #[serde(default)]
    pub private_network: bool,
}

/// A validated policy. Build it with [`PolicySpec::build`] or the `parse_*` functions.
#[derive(Debug, Clone, Serialize)]
pub struct Policy {
    origins: Origins,
    credentials: bool,
    methods: Vec<String>,
    methods_any: bool,
    request_headers: Vec<String>,
    headers_any: bool,
    expose_headers: Vec<String>,
    expose_any: bool,
    max_age: Option<u32>,
    paths: Vec<String>,
    private_network: bool,
}

/// One problem in a policy, with what to write instead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[non_exhaustive]
#[error("{field}: {message}{}", suggestion.as_ref().map(|s| format!(" (write `{s}`)")).unwrap_or_default())]
pub struct PolicyError {
    /// The field (`origins[2]`, `max_age`).
    pub field: String,
    /// The offending value, as written.
    pub value: String,
    /// What is wrong.
    pub message: String,
    /// What to write instead, when there is one answer.
    pub suggestion: Option<String>,
}

/// Every problem found in a policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
pub struct PolicyErrors(pub Vec<PolicyError>);

impl fmt::Display for PolicyErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.len();
        write!(
            f,
            "the policy has {n} problem{}:",
            if n == 1 { "" } else { "s" }
        )?;
        for e in &self.0 {
            write!(f, "\n  - {e}")?;
        }
        Ok(())
    }
}

/// Why a policy file could not be read at all.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ParsePolicyError {
    /// Not valid TOML, or wrong field types.
    #[error("invalid TOML policy: {0}")]
    Toml(#[from] toml::de::Error),
    /// Not valid JSON, or wrong field types.
    #[error("invalid JSON policy: {0}")]
    Json(#[from] serde_json::Error),
    /// Readable, but the values are wrong.
    #[error(transparent)]
    Invalid(#[from] PolicyErrors),
}

/// Whether a script can never set this request header: the Fetch spec's forbidden
/// request-headers, as the model knows them (the spec's list is Firefox's; Chromium also
/// forbids `User-Agent`, which a policy may still list for other browsers), plus the legacy
/// private-network preflight header, which only browsers ever sent.
fn is_forbidden_header(lower: &str) -> bool {
    corsfix_model::headers::is_forbidden_request_header(lower, "", corsfix_model::Browser::Firefox)
        || lower == "access-control-request-private-network"
}

impl PolicySpec {
    /// Validate every field, reporting every problem at once.
    pub fn build(&self) -> Result<Policy, PolicyErrors> {
        let mut errors = Vec::new();
        let mut err = |field: String, value: &str, message: String, suggestion: Option<String>| {
            errors.push(PolicyError {
                field,
                value: value.to_owned(),
                message,
                suggestion,
            });
        };
        let mut origins = Origins::default();
        if self.origins.is_empty() {
            err(
                "origins".into(),
                "",
                "no allowed origin: list the origins of the pages that call this API".into(),
                Some("origins = [\"https://app.example.com\"]".into()),
            );
        }
        for (i, raw) in self.origins.iter().enumerate() {
            let field = format!("origins[{i}]");
            match origins::parse_entry(raw) {
                Ok(origins::Entry::Any) => origins.any = true,
                Ok(origins::Entry::Null) => origins.null = true,
                Ok(origins::Entry::Exact(o)) => {
                    if origins.exact.contains(&o) {
                        err(field, raw, format!("`{o}` is listed twice"), None);
                    } else {
                        origins.exact.push(o);
                    }
                }
                Ok(origins::Entry::Pattern(p)) => origins.patterns.push(p),
                Err(origins::EntryError::Bad(message, suggestion)) => {
                    err(field, raw, message, suggestion);
                }
            }
        }
        if origins.any && self.origins.len() > 1 {
            err(
                "origins".into(),
                "*",
                "`*` allows every origin, so the other entries mean nothing: use `*` alone, or list the origins without it".into(),
                None,
            );
        }

        let (methods, methods_any) = names(&self.methods, "methods", &mut err, |m| {
            let m = corsfix_model::method::normalize(m);
            if corsfix_model::method::is_forbidden(&m) {
                Err(format!("browsers never send `{m}` from scripts"))
            } else {
                Ok(m)
            }
        });
        let methods = if methods.is_empty() && !methods_any {
            vec!["GET".into(), "HEAD".into(), "POST".into()]
        } else {
            methods
        };
        let (request_headers, headers_any) =
            names(&self.request_headers, "request_headers", &mut err, |h| {
                let lower = h.to_ascii_lowercase();
                if is_forbidden_header(&lower) {
                    Err(format!(
                        "`{h}` is a forbidden request header: the browser sets it, scripts cannot"
                    ))
                } else {
                    Ok(h.to_owned())
                }
            });
        let (expose_headers, expose_any) =
            names(&self.expose_headers, "expose_headers", &mut err, |h| {
                Ok(h.to_owned())
            });
        let max_age = match self.max_age {
            None => None,
            Some(n) if n < 0 => {
                err(
                    "max_age".into(),
                    &n.to_string(),
                    "a negative max-age means nothing; omit it, or give seconds".into(),
                    Some("max_age = 600".into()),
                );
                None
            }
            Some(n) => match u32::try_from(n) {
                Ok(v) => Some(v),
                Err(_) => {
                    err(
                        "max_age".into(),
                        &n.to_string(),
                        format!("{n} seconds is beyond what any browser caches (Chromium: 7200)"),
                        Some("max_age = 7200".into()),
                    );
                    None
                }
            },
        };
        let mut paths = Vec::new();
        for (i, p) in self.paths.iter().enumerate() {
            let ok_chars = p
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "/-_.~".contains(c) || c == '*');
            let star_ok = !p.contains('*') || (p.ends_with("/*") && p.matches('*').count() == 1);
            if !p.starts_with('/') || !ok_chars || !star_ok {
                err(
                    format!("paths[{i}]"),
                    p,
                    format!(
                        "`{}` is not a path scope: write an absolute path of letters, digits and `/-_.~`, optionally ending in `/*`",
                        p.escape_debug()
                    ),
                    Some("/api/*".into()),
                );
            } else if !paths.contains(p) {
                paths.push(p.clone());
            }
        }
        if errors.is_empty() {
            Ok(Policy {
                origins,
                credentials: self.credentials,
                methods,
                methods_any,
                request_headers,
                headers_any,
                expose_headers,
                expose_any,
                max_age,
                paths,
                private_network: self.private_network,
            })
        } else {
            Err(PolicyErrors(errors))
        }
    }
}

/// Validate a list of tokens (methods, header names); `*` sets the "any" flag.
fn names(
    list: &[String],
    field: &str,
    err: &mut impl FnMut(String, &str, String, Option<String>),
    check: impl Fn(&str) -> Result<String, String>,
) -> (Vec<String>, bool) {
    let mut out: Vec<String> = Vec::new();
    let mut any = false;
    for (i, raw) in list.iter().enumerate() {
        let item = raw.trim();
        let f = format!("{field}[{i}]");
        if item == "*" {
            any = true;
            continue;
        }
        if item.contains(',') {
            let parts: Vec<&str> = item.split(',').map(str::trim).collect();
            err(
                f,
                raw,
                "one name per entry".into(),
                Some(format!("{parts:?}")),
            );
            continue;
        }
        if !corsfix_model::method::is_token(item) {
            err(
                f,
                raw,
                format!(
                    "`{}` is not a valid name: only letters, digits and ``!#$%&'*+-.^_`|~`` are allowed",
                    raw.escape_debug()
                ),
                None,
            );
            continue;
        }
        match check(item) {
            Ok(v) => {
                if !out.iter().any(|o| o.eq_ignore_ascii_case(&v)) {
                    out.push(v);
                }
            }
            Err(m) => err(f, raw, m, None),
        }
    }
    (out, any)
}

impl Policy {
    /// Parse and validate a TOML policy file.
    pub fn parse_toml(text: &str) -> Result<Self, ParsePolicyError> {
        let spec: PolicySpec = toml::from_str(text)?;
        Ok(spec.build()?)
    }

    /// Parse and validate a JSON policy.
    pub fn parse_json(text: &str) -> Result<Self, ParsePolicyError> {
        let spec: PolicySpec = serde_json::from_str(text)?;
        Ok(spec.build()?)
    }

    /// Parse TOML or JSON (JSON when the text starts with `{`).
    pub fn parse(text: &str) -> Result<Self, ParsePolicyError> {
        if text.trim_start().starts_with('{') {
            Self::parse_json(text)
        } else {
            Self::parse_toml(text)
        }
    }

    /// The allowed origins.
    pub fn origins(&self) -> &Origins {
        &self.origins
    }
    /// Whether credentials are allowed (`Access-Control-Allow-Credentials: true`).
    pub fn credentials(&self) -> bool {
        self.credentials
    }
    /// The allowed methods (normalized; default `GET, HEAD, POST`). Empty when `*`.
    pub fn methods(&self) -> &[String] {
        &self.methods
    }
    /// Whether any method is allowed (`*`).
    pub fn methods_any(&self) -> bool {
        self.methods_any
    }
    /// The allowed request headers, in the case given. Empty when only `*`.
    pub fn request_headers(&self) -> &[String] {
        &self.request_headers
    }
    /// Whether any request header is allowed (`*`); answered by reflecting the request's
    /// `Access-Control-Request-Headers`.
    pub fn headers_any(&self) -> bool {
        self.headers_any
    }
    /// The exposed response headers.
    pub fn expose_headers(&self) -> &[String] {
        &self.expose_headers
    }
    /// Whether `*` is in the exposed headers.
    pub fn expose_any(&self) -> bool {
        self.expose_any
    }
    /// The preflight cache lifetime, as given.
    pub fn max_age(&self) -> Option<u32> {
        self.max_age
    }
    /// The path scope (empty: every path).
    pub fn paths(&self) -> &[String] {
        &self.paths
    }
    /// Whether Private Network Access preflights are answered.
    pub fn private_network(&self) -> bool {
        self.private_network
    }

    /// Back to the file form (normalized).
    pub fn to_spec(&self) -> PolicySpec {
        let mut methods = self.methods.clone();
        if self.methods_any {
            methods.push("*".into());
        }
        let mut headers = self.request_headers.clone();
        if self.headers_any {
            headers.push("*".into());
        }
        let mut expose = self.expose_headers.clone();
        if self.expose_any {
            expose.push("*".into());
        }
        PolicySpec {
            origins: self.origins.display_list(),
            credentials: self.credentials,
            methods,
            request_headers: headers,
            expose_headers: expose,
            max_age: self.max_age.map(i64::from),
            paths: self.paths.clone(),
            private_network: self.private_network,
        }
    }

    /// Whether a request path is inside the policy's scope.
    pub fn in_scope(&self, path: &str) -> bool {
        self.paths.is_empty()
            || self.paths.iter().any(|p| match p.strip_suffix('*') {
                Some(prefix) => path.starts_with(prefix) || path == prefix.trim_end_matches('/'),
                None => path == p,
            })
    }

    /// Whether a method is allowed (safelisted methods always are).
    pub fn allows_method(&self, method: &str) -> bool {
        self.methods_any
            || corsfix_model::method::is_cors_safelisted(method)
            || self.methods.iter().any(|m| m == method)
    }

    /// Whether a request header name is allowed.
    pub fn allows_header(&self, name: &str) -> bool {
        self.headers_any
            || self
                .request_headers
                .iter()
                .any(|h| h.eq_ignore_ascii_case(name))
    }
}

/// The policy the command line (`corsfix gen` without `--methods`/`--headers`/`--max-age`) and
/// the web tool's form start from, for `origins`: a JSON API called with `fetch`, so the
/// methods a REST API uses, `Content-Type` and `Authorization`, a 10-minute preflight cache,
/// and no credentials (opt in with `--credentials`). One definition, used by both.
pub fn default_spec(origins: Vec<String>) -> PolicySpec {
    PolicySpec {
        origins,
        credentials: false,
        methods: ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"]
            .map(str::to_owned)
            .to_vec(),
        request_headers: ["Content-Type", "Authorization"]
            .map(str::to_owned)
            .to_vec(),
        expose_headers: Vec::new(),
        max_age: Some(600),
        paths: Vec::new(),
        private_network: false,
    }
}

/// Read an exact page origin given on a command line or in a form (`--origin`), with the same
/// rules and the same message as an `origins` entry of a policy file: `Err((message,
/// suggestion))` for a trailing slash, a missing scheme, a path… Every command uses this, so
/// the same mistake gets the same answer everywhere. `null` is accepted (sandboxed pages).
pub fn parse_page_origin(raw: &str) -> Result<String, (String, Option<String>)> {
    match origins::parse_entry(raw.trim()) {
        Ok(origins::Entry::Exact(o)) => Ok(o),
        Ok(origins::Entry::Null) => Ok("null".to_owned()),
        Ok(origins::Entry::Any | origins::Entry::Pattern(_)) => Err((
            format!(
                "`{raw}` is a pattern: give the one origin of the page (what its address bar shows up to the port)"
            ),
            None,
        )),
        Err(origins::EntryError::Bad(message, suggestion)) => Err((message, suggestion)),
    }
}

#[cfg(test)]
mod tests;
