//! Fix mode's "what the browser will do": the policy from the form, the headers a correct
//! server with that policy answers ([`corsfix_policy::Policy::respond`]), and the model's
//! verdict in each browser on a sample request.

use corsfix_model::{
    Browser, Case, Credentials, Origin, RequestSpec, ResponseSpec, Simulation, headers, method,
};
use corsfix_policy::{Policy, PolicySpec, Request};
use serde::{Deserialize, Serialize};

use crate::error::ApiError;

/// The request the preview tries.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SampleInput {
    /// The page origin (default: the first allowed origin).
    #[serde(default)]
    pub(crate) origin: Option<String>,
    /// The method (default: the first allowed method that needs a preflight, else `GET`).
    #[serde(default)]
    pub(crate) method: Option<String>,
    /// The request headers the script sets (default: every allowed header).
    #[serde(default)]
    pub(crate) headers: Option<Vec<String>>,
}

/// Split a form field on commas, newlines and spaces; drop empties.
pub(crate) fn split_list(text: &str) -> Vec<String> {
    text.split([',', '\n', '\r', ' ', '\t'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Validate a policy spec, every problem at once.
pub(crate) fn build(spec: &PolicySpec) -> Result<Policy, ApiError> {
    spec.build().map_err(|errs| {
        ApiError::InvalidInput(
            errs.0
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; "),
        )
    })
}

/// The URL the sample request goes to.
pub(crate) const SAMPLE_URL: &str = "https://api.example.com/v1/items";

/// One browser's answer, flattened for the page and the API.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct BrowserVerdict {
    pub(crate) browser: Browser,
    pub(crate) allowed: bool,
    pub(crate) preflight_sent: bool,
    pub(crate) kind: Option<String>,
    pub(crate) lines: Vec<String>,
}

impl BrowserVerdict {
    pub(crate) fn all(sim: &Simulation) -> Vec<Self> {
        Browser::ALL
            .iter()
            .map(|&b| {
                let v = sim.get(b);
                Self {
                    browser: b,
                    allowed: v.allowed,
                    preflight_sent: v.preflight_sent,
                    kind: v.failure_kind().map(str::to_owned),
                    lines: v.console_lines().to_vec(),
                }
            })
            .collect()
    }
}

/// What the preview shows.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Preview {
    /// The sample request.
    pub(crate) request: SampleRequest,
    /// What the server answers to the preflight (when the browser sends one) and the request.
    pub(crate) preflight_response: Vec<(String, String)>,
    pub(crate) actual_response: Vec<(String, String)>,
    /// The three verdicts.
    pub(crate) verdicts: Vec<BrowserVerdict>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct SampleRequest {
    pub(crate) origin: String,
    pub(crate) url: String,
    pub(crate) method: String,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) credentials: Credentials,
}

fn sample_value(name: &str) -> &'static str {
    match name.to_ascii_lowercase().as_str() {
        "content-type" | "accept" => "application/json",
        "authorization" => "Bearer eyJhbGciOi…",
        _ => "1",
    }
}

/// An origin the policy allows, to try by default: the first exact origin, or a name made up
/// for a subdomain pattern.
fn default_origin(spec: &PolicySpec) -> String {
    for o in &spec.origins {
        let candidate = if o.contains("://*.") {
            o.replacen("://*.", "://app.", 1)
        } else if o.contains('*') || o.starts_with('^') || o.starts_with('/') {
            continue;
        } else {
            o.clone()
        };
        if let Ok(origin @ Origin::Tuple(_)) = Origin::parse(&candidate) {
            return origin.as_str().to_owned();
        }
    }
    "https://app.example.com".to_owned()
}

/// Run the sample request against a correct server with `policy`.
pub(crate) fn preview(
    spec: &PolicySpec,
    policy: &Policy,
    sample: &SampleInput,
) -> Result<Preview, ApiError> {
    let origin = match sample
        .origin
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        Some(o) => Origin::parse(o)
            .map_err(|e| ApiError::InvalidInput(e.to_string()))?
            .as_str()
            .to_owned(),
        None => default_origin(spec),
    };
    let method = match sample
        .method
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        Some(m) if method::is_token(m) => m.to_owned(),
        Some(m) => {
            return Err(ApiError::InvalidInput(format!(
                "`{m}` is not a valid HTTP method name"
            )));
        }
        None => policy
            .methods()
            .iter()
            .find(|m| !method::is_cors_safelisted(&method::normalize(m)))
            .cloned()
            .unwrap_or_else(|| "GET".to_owned()),
    };
    let header_names: Vec<String> = match &sample.headers {
        Some(h) => h.clone(),
        None => policy
            .request_headers()
            .iter()
            .filter(|h| *h != "*")
            .cloned()
            .collect(),
    };
    for h in &header_names {
        if !method::is_token(h) {
            return Err(ApiError::InvalidInput(format!(
                "`{h}` is not a valid request header name"
            )));
        }
    }
    let req_headers: Vec<(String, String)> = header_names
        .iter()
        .map(|h| (h.clone(), sample_value(h).to_owned()))
        .collect();
    let credentials = if policy.credentials() {
        Credentials::Include
    } else {
        Credentials::SameOrigin
    };
    let acrh = headers::cors_unsafe_request_header_names(&req_headers, Browser::Chrome).join(",");
    let sent_method = method::normalize(&method);
    let pre = policy.respond(&Request::preflight(&origin, &sent_method, &acrh));
    let act = policy.respond(&Request::actual(&origin, &sent_method));
    let case = Case {
        address_space: None,
        lna_permission: None,
        id: None,
        origin: origin.clone(),
        url: SAMPLE_URL.to_owned(),
        request: RequestSpec {
            target_address_space: None,
            method: method.clone(),
            headers: req_headers.clone(),
            credentials,
            mode: corsfix_model::Mode::Cors,
            read_headers: policy
                .expose_headers()
                .iter()
                .filter(|h| *h != "*")
                .cloned()
                .collect(),
            redirect: corsfix_model::RedirectMode::Follow,
            body: None,
            initiator: corsfix_model::Initiator::Fetch,
        },
        preflight: Some(ResponseSpec {
            status: pre.status.unwrap_or(204),
            headers: pre.headers.clone(),
            next: None,
        }),
        actual: Some(ResponseSpec {
            status: act.status.unwrap_or(200),
            headers: act.headers.clone(),
            next: None,
        }),
    };
    let sim = Simulation::run(&case);
    Ok(Preview {
        request: SampleRequest {
            origin,
            url: SAMPLE_URL.to_owned(),
            method,
            headers: req_headers,
            credentials,
        },
        preflight_response: pre.headers,
        actual_response: act.headers,
        verdicts: BrowserVerdict::all(&sim),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> PolicySpec {
        PolicySpec {
            origins: vec!["https://app.example.com".into()],
            credentials: true,
            methods: vec!["GET".into(), "PUT".into()],
            request_headers: vec!["Content-Type".into(), "Authorization".into()],
            expose_headers: vec!["X-Total-Count".into()],
            max_age: Some(600),
            ..PolicySpec::default()
        }
    }

    fn run(spec: &PolicySpec, sample: &SampleInput) -> Preview {
        let policy = build(spec).unwrap();
        preview(spec, &policy, sample).unwrap()
    }

    #[test]
    fn the_listed_origin_passes_in_every_browser() {
        let p = run(&spec(), &SampleInput::default());
        assert_eq!(p.request.method, "PUT");
        assert!(
            p.verdicts.iter().all(|v| v.allowed && v.preflight_sent),
            "{p:?}"
        );
    }

    #[test]
    fn another_origin_is_blocked_with_each_browsers_own_words() {
        let sample = SampleInput {
            origin: Some("https://evil.example".into()),
            ..SampleInput::default()
        };
        let p = run(&spec(), &sample);
        assert!(p.verdicts.iter().all(|v| !v.allowed));
        assert_eq!(
            p.verdicts[0].kind.as_deref(),
            Some("PreflightMissingAllowOriginHeader")
        );
        assert!(p.verdicts[1].lines[0].starts_with("Cross-Origin Request Blocked"));
    }

    #[test]
    fn a_method_not_listed_is_blocked() {
        let sample = SampleInput {
            method: Some("DELETE".into()),
            ..SampleInput::default()
        };
        let p = run(&spec(), &sample);
        assert_eq!(
            p.verdicts[0].kind.as_deref(),
            Some("MethodDisallowedByPreflightResponse")
        );
    }

    #[test]
    fn a_subdomain_pattern_is_tried_with_a_matching_origin() {
        let mut s = spec();
        s.origins = vec!["https://*.example.com".into()];
        let p = run(&s, &SampleInput::default());
        assert_eq!(p.request.origin, "https://app.example.com");
        assert!(p.verdicts.iter().all(|v| v.allowed), "{p:?}");
    }

    #[test]
    fn bad_input_is_reported_all_at_once() {
        let s = PolicySpec {
            origins: vec!["app.example.com".into()],
            methods: vec!["PU T".into()],
            ..PolicySpec::default()
        };
        let err = build(&s).unwrap_err().to_string();
        assert!(
            err.contains("app.example.com") && err.contains("PU T"),
            "{err}"
        );
    }
}
