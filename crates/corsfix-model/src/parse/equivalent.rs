//! The same failure in the other engines: from a reading of one browser's message, rebuild a
//! server answer that produces it and run all three engines on it, so `explain` can show what
//! Chrome, Firefox and Safari each print (and where they disagree) with the very model the
//! differential tests check against the real browsers.

use crate::case::{Case, Credentials, RequestSpec, ResponseSpec};
use crate::error::CorsError;
use crate::parse::{Kind, Reading};

fn pair(name: &str, value: &str) -> (String, String) {
    (name.to_owned(), value.to_owned())
}

/// A case whose Chromium verdict is the reading's failure, or `None` when the reading does not
/// say enough to rebuild one (no URL or origin, a redirect, a parse failure whose raw header
/// value the message does not print, a look-alike).
pub(crate) fn equivalent_case(r: &Reading) -> Option<Case> {
    let Some(Kind::Cors(error)) = r.kind else {
        return None;
    };
    let url = r.url.clone()?;
    let origin = r.origin.clone().filter(|o| o != "null")?;
    if r.redirected_from.is_some() {
        return None;
    }
    let param = r.parameter.clone().unwrap_or_default();
    let acao = pair("Access-Control-Allow-Origin", &origin);
    let mut method = r.method.clone().unwrap_or_else(|| "GET".to_owned());
    let mut headers = Vec::new();
    let mut credentials = Credentials::SameOrigin;
    let mut preflight = None;
    let mut actual = ResponseSpec {
        status: r.status.unwrap_or(200),
        headers: Vec::new(),
        next: None,
    };
    // A request that certainly preflights, for the preflight-stage errors.
    let preflighted = |method: &mut String| {
        if crate::method::is_cors_safelisted(method) {
            *method = "PUT".to_owned();
        }
    };
    let pf_status = r.status.unwrap_or(204);
    match error.base() {
        CorsError::MissingAllowOriginHeader if !error.is_preflight() => {}
        CorsError::MultipleAllowOriginValues
        | CorsError::InvalidAllowOriginValue
        | CorsError::AllowOriginMismatch
            if !error.is_preflight() =>
        {
            actual
                .headers
                .push(pair("Access-Control-Allow-Origin", &param));
        }
        CorsError::WildcardOriginNotAllowed if !error.is_preflight() => {
            credentials = Credentials::Include;
            actual
                .headers
                .push(pair("Access-Control-Allow-Origin", "*"));
        }
        CorsError::InvalidAllowCredentials if !error.is_preflight() => {
            credentials = Credentials::Include;
            actual.headers.push(acao);
            if !param.is_empty() {
                actual
                    .headers
                    .push(pair("Access-Control-Allow-Credentials", &param));
            }
        }
        base if error.is_preflight() => {
            preflighted(&mut method);
            let mut pf = ResponseSpec {
                status: pf_status,
                headers: Vec::new(),
                next: None,
            };
            match base {
                CorsError::MissingAllowOriginHeader => {}
                CorsError::MultipleAllowOriginValues
                | CorsError::InvalidAllowOriginValue
                | CorsError::AllowOriginMismatch => {
                    pf.headers.push(pair("Access-Control-Allow-Origin", &param));
                }
                CorsError::WildcardOriginNotAllowed => {
                    credentials = Credentials::Include;
                    pf.headers.push(pair("Access-Control-Allow-Origin", "*"));
                }
                CorsError::InvalidAllowCredentials => {
                    credentials = Credentials::Include;
                    pf.headers.push(acao.clone());
                    if !param.is_empty() {
                        pf.headers
                            .push(pair("Access-Control-Allow-Credentials", &param));
                    }
                }
                CorsError::PreflightInvalidStatus => {
                    pf.status = r.status.filter(|s| !(200..300).contains(s)).unwrap_or(500);
                    pf.headers.push(acao.clone());
                }
                CorsError::MethodDisallowedByPreflightResponse => {
                    if !param.is_empty() {
                        method.clone_from(&param);
                    }
                    pf.headers.push(acao.clone());
                    pf.headers
                        .push(pair("Access-Control-Allow-Methods", "GET, POST"));
                }
                CorsError::HeaderDisallowedByPreflightResponse if !param.is_empty() => {
                    method = "GET".to_owned();
                    let value = if param.eq_ignore_ascii_case("content-type") {
                        "application/json"
                    } else {
                        "x"
                    };
                    headers.push(pair(&param, value));
                    pf.headers.push(acao.clone());
                }
                _ => return None,
            }
            preflight = Some(pf);
            actual.headers.push(acao);
            actual.status = 200;
        }
        _ => return None,
    }
    Some(Case {
        address_space: None,
        lna_permission: None,
        id: None,
        origin,
        url,
        request: RequestSpec {
            target_address_space: None,
            method,
            headers,
            credentials,
            mode: crate::case::Mode::Cors,
            read_headers: Vec::new(),
            redirect: crate::case::RedirectMode::Follow,
            body: None,
            initiator: r.initiator.unwrap_or_default(),
        },
        preflight,
        actual: Some(actual),
    })
}

#[cfg(test)]
mod tests {
    use crate::error::{CorsError, Initiator, MessageContext};
    use crate::parse::parse;

    /// Render Chrome's line for an error, read it back, rebuild the case: Chrome's verdict on
    /// the rebuilt case must print the very same line, for fetch and XHR.
    #[test]
    fn rebuilt_cases_reproduce_the_chrome_line() {
        let cases: &[(CorsError, &str)] = &[
            (CorsError::MissingAllowOriginHeader, ""),
            (CorsError::AllowOriginMismatch, "https://other.example.com"),
            (
                CorsError::MultipleAllowOriginValues,
                "https://app.example.com, https://b.example.com",
            ),
            (CorsError::InvalidAllowOriginValue, "app.example.com"),
            (CorsError::WildcardOriginNotAllowed, ""),
            (CorsError::InvalidAllowCredentials, "false"),
            (CorsError::PreflightMissingAllowOriginHeader, ""),
            (CorsError::PreflightAllowOriginMismatch, "null"),
            (
                CorsError::PreflightMultipleAllowOriginValues,
                "*, https://app.example.com",
            ),
            (CorsError::PreflightWildcardOriginNotAllowed, ""),
            (CorsError::PreflightInvalidAllowCredentials, ""),
            (CorsError::PreflightInvalidStatus, ""),
            (CorsError::MethodDisallowedByPreflightResponse, "patch"),
            (CorsError::HeaderDisallowedByPreflightResponse, "x-api-key"),
            (
                CorsError::HeaderDisallowedByPreflightResponse,
                "content-type",
            ),
        ];
        for initiator in [Initiator::Fetch, Initiator::XmlHttpRequest] {
            for (error, param) in cases {
                let ctx = MessageContext {
                    initiator,
                    url: "https://api.example.com/items",
                    initial_url: None,
                    origin: "https://app.example.com",
                };
                let line = error.chrome_message(param, &ctx);
                let reading = parse(&line).unwrap();
                let (_, sim) = reading.in_every_browser().unwrap_or_else(|| {
                    panic!("{error:?} {param:?} could not be rebuilt from {line}")
                });
                let chrome = sim.chrome.failure.as_ref().and_then(|f| f.first_line());
                assert_eq!(chrome, Some(line.as_str()), "{error:?} {param:?}");
                assert!(
                    !sim.firefox.allowed && !sim.safari.allowed,
                    "{error:?}: every engine blocks it"
                );
            }
        }
    }

    #[test]
    fn look_alikes_and_partial_readings_are_not_rebuilt() {
        let mixed = parse("Mixed Content: The page at 'https://a.example/' was loaded over HTTPS, but requested an insecure resource 'http://b.example/x'. This request has been blocked; the content must be served over HTTPS.").unwrap();
        assert!(mixed.in_every_browser().is_none());
        let no_url = parse("has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.").unwrap();
        assert!(no_url.in_every_browser().is_none());
    }
}
