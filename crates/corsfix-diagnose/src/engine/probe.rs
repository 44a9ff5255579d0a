//! From recorded exchanges to the real cause (a live probe, a HAR entry, a simulated case):
//! the model says *that* the browser blocks and at which check; the exchanges (statuses,
//! `WWW-Authenticate`, `Location`, which response lacks which header) and the extra probes say
//! *why*.

use corsfix_model::exchange::{CheckedRequest, Exchange, NetworkErrorKind, ProbeRun, Purpose};
use corsfix_model::headers::count_lines;
use corsfix_model::simulate::Stage;
use corsfix_model::{CorsError, Mode, Origin, Reason, Simulation};
use url::Url;

use crate::catalog::{Cause, CauseCode, Facts, Likelihood};
use crate::diagnosis::{Diagnosis, Finding, Severity};
use crate::heuristics::{
    cookie_problem, is_cache_hit, is_close_variant, is_origin_with_path, looks_like_login,
    page_address_space, redirect_change, sites_differ,
};

pub(crate) struct Input<'a> {
    pub(crate) request: &'a CheckedRequest,
    pub(crate) page_origin: &'a Origin,
    pub(crate) run: &'a ProbeRun,
    pub(crate) extra: &'a [Exchange],
    pub(crate) sim: Option<&'a Simulation>,
    /// Whether Chromium lets the page read the response.
    pub(crate) allowed: bool,
    /// The origin the extra "other origin" probe sent, when there was one.
    pub(crate) other_origin: String,
}

struct Builder<'a> {
    input: &'a Input<'a>,
    causes: Vec<Cause>,
}

impl Builder<'_> {
    fn facts(&self) -> Facts {
        Facts {
            origin: Some(self.input.request.origin.clone()),
            url: Some(self.input.request.url.clone()),
            method: Some(self.input.request.method.clone()),
            ..Facts::default()
        }
    }

    fn add(&mut self, code: CauseCode, likelihood: Likelihood, facts: &Facts) -> &mut Cause {
        if let Some(i) = self.causes.iter().position(|c| c.code == code.code()) {
            return &mut self.causes[i];
        }
        self.causes.push(Cause::new(code, likelihood, facts));
        let last = self.causes.len() - 1;
        &mut self.causes[last]
    }

    /// Add a cause with a sentence of evidence in front of the catalog's detail.
    fn add_with(&mut self, code: CauseCode, likelihood: Likelihood, facts: &Facts, seen: &str) {
        let c = self.add(code, likelihood, facts);
        if !seen.is_empty() && !c.detail.starts_with(seen) {
            c.detail = format!("{seen} {}", c.detail);
        }
    }
}

fn vary_has_origin(e: &Exchange) -> bool {
    e.header("vary").is_some_and(|v| {
        v.split(',')
            .any(|t| t.trim().eq_ignore_ascii_case("origin") || t.trim() == "*")
    })
}

/// How an allowed-origin value differs from the page's origin.
fn classify_mismatch(value: &str, origin: &str) -> CauseCode {
    if is_origin_with_path(value, origin) {
        CauseCode::TrailingSlashOrigin
    } else {
        CauseCode::OriginMismatch
    }
}

fn exchange_at<'a>(run: &'a ProbeRun, purpose: Purpose, url: &str) -> Option<&'a Exchange> {
    run.exchange_at(purpose, url)
}

#[allow(clippy::too_many_lines)]
pub(crate) fn diagnose(input: &Input<'_>) -> Diagnosis {
    let mut b = Builder {
        input,
        causes: Vec::new(),
    };
    let run = input.run;
    let req = input.request;
    let origin = req.origin.as_str();
    let mut meaning = String::new();
    let mut is_cors = true;

    if let Some(target) = &run.mixed_content {
        let mut f = b.facts();
        f.url = Some(target.clone());
        b.add_with(
            CauseCode::NotCorsMixedContent,
            Likelihood::Certain,
            &f,
            &format!("The page is on {origin} (https) and the request goes to {target} (http); nothing was sent."),
        );
        is_cors = false;
        meaning = "The browser refuses to load http:// resources from an https:// page before any CORS check happens.".to_owned();
    } else if let Some(err) = &run.network_error {
        let code = match err.kind {
            NetworkErrorKind::ConnectionRefused => CauseCode::NotCorsConnectionRefused,
            NetworkErrorKind::NameNotResolved => CauseCode::NotCorsNameNotResolved,
            NetworkErrorKind::Certificate => CauseCode::NotCorsCertificate,
            NetworkErrorKind::TooManyRedirects => CauseCode::NotCorsTooManyRedirects,
            _ => CauseCode::NotCorsNetworkError,
        };
        let f = b.facts();
        // The catalog already says "refused" and "does not resolve"; the other kinds need the
        // client's own words (which TLS failure, which timeout).
        let seen = if matches!(
            err.kind,
            NetworkErrorKind::ConnectionRefused | NetworkErrorKind::NameNotResolved
        ) {
            String::new()
        } else {
            format!("{}.", err.message)
        };
        b.add_with(code, Likelihood::Certain, &f, &seen);
        is_cors = false;
        meaning = format!(
            "No HTTP response arrived ({}). Firefox still words this as a CORS error (\"CORS request did not succeed\"), but no CORS header could fix it.",
            err.kind.chrome_code()
        );
    } else if let Some(sim) = input.sim
        && let Some(failure) = &sim.chrome.failure
    {
        meaning = sim
            .chrome
            .steps
            .iter()
            .rev()
            .find(|s| !s.passed)
            .map(|s| {
                let which = match failure.stage {
                    Stage::Preflight => "The check Chrome failed, on the preflight response: ",
                    Stage::Redirect => "The check Chrome failed, on the redirect response: ",
                    Stage::Actual => "The check Chrome failed, on the response: ",
                    Stage::Request => "Chrome refused the request itself: ",
                };
                format!("{which}{}.", s.detail)
            })
            .unwrap_or_default();
        blocked_causes(&mut b, failure);
    }

    // Not blocking, but the request does not work as intended.
    if run.network_error.is_none() && run.mixed_content.is_none() {
        intended_use_causes(&mut b);
    }
    lna_causes(&mut b);

    let mut findings = warnings(input);
    findings.sort_by_key(|f| std::cmp::Reverse(f.severity));
    let allowed = input.allowed;
    let headline = match b.causes.first() {
        Some(c) if !is_cors || !allowed => format!("Blocked: {}", c.summary),
        Some(c) => format!("Allowed, but: {}", c.summary),
        None if allowed => {
            if input.request.mode == Mode::NoCors {
                "Allowed (an opaque response)".to_owned()
            } else {
                "Allowed: the page can read the response in Chrome, Firefox and Safari".to_owned()
            }
        }
        None => "Blocked".to_owned(),
    };
    if is_cors
        && b.causes
            .iter()
            .all(|c| !c.cause_code().is_some_and(CauseCode::is_cors))
        && !b.causes.is_empty()
    {
        is_cors = b.causes.iter().any(|c| c.cause_code().is_none());
    }
    let facts = b.facts();
    Diagnosis {
        is_cors,
        headline,
        meaning,
        causes: b.causes,
        questions: Vec::new(),
        findings,
        server: crate::server::identify(&run.exchanges),
        facts,
        confirm_with: None,
    }
}

#[allow(clippy::too_many_lines)]
fn blocked_causes(b: &mut Builder<'_>, failure: &corsfix_model::Failure) {
    let input = b.input;
    let run = input.run;
    let req = input.request;
    let origin = req.origin.clone();
    let mut f = b.facts();
    f.status = failure.status;
    f.url = Some(failure.url.clone());

    // A redirect chain that ends somewhere else: the redirect is the story.
    let first_url = req.url.as_str();
    if failure.url != first_url && failure.stage != Stage::Request {
        let hops: Vec<&Exchange> = run
            .exchanges
            .iter()
            .filter(|e| e.purpose == Purpose::Actual && e.header("location").is_some())
            .collect();
        let login = hops
            .iter()
            .filter_map(|e| e.header("location"))
            .any(|l| looks_like_login(&l))
            || looks_like_login(&failure.url);
        let chain = hops
            .iter()
            .map(|e| {
                format!(
                    "{} {} answered {}",
                    e.method,
                    e.url,
                    e.status.unwrap_or_default()
                )
            })
            .collect::<Vec<_>>()
            .join("; ");
        let mut rf = f.clone();
        rf.location = Some(failure.url.clone());
        if login {
            b.add_with(
                CauseCode::RedirectToLogin,
                Likelihood::Likely,
                &rf,
                &format!("The request was redirected to {} ({chain}).", failure.url),
            );
        }
        let tainted = run.exchanges.iter().any(|e| {
            e.url == failure.url
                && e.request_headers
                    .iter()
                    .any(|(n, v)| n.eq_ignore_ascii_case("origin") && v == "null")
        });
        if tainted {
            b.add_with(
                CauseCode::RedirectTaintedOrigin,
                if login {
                    Likelihood::Possible
                } else {
                    Likelihood::Likely
                },
                &rf,
                &format!(
                    "After the cross-origin redirect the browser sent `Origin: null` to {}.",
                    failure.url
                ),
            );
        }
    }

    if failure.stage == Stage::Redirect {
        let location = exchange_at(run, Purpose::Actual, &failure.url)
            .and_then(|e| e.header("location"))
            .unwrap_or_default();
        if looks_like_login(&location) {
            let mut rf = f.clone();
            rf.location = Some(location.clone());
            b.add_with(
                CauseCode::RedirectToLogin,
                Likelihood::Likely,
                &rf,
                &format!(
                    "The request was answered {} with a redirect to {location}.",
                    failure.status.unwrap_or_default()
                ),
            );
        }
    }
    let Some(error) = failure.cors_error() else {
        if let Reason::Network { detail } = &failure.reason {
            let code = if detail.contains("redirects") {
                CauseCode::NotCorsTooManyRedirects
            } else {
                CauseCode::NotCorsNetworkError
            };
            b.add_with(code, Likelihood::Likely, &f, &format!("{detail}."));
        }
        return;
    };
    let parameter = match &failure.reason {
        Reason::Chrome { parameter, .. } => parameter.clone(),
        _ => String::new(),
    };
    let purpose = if failure.stage == Stage::Preflight {
        Purpose::Preflight
    } else {
        Purpose::Actual
    };
    let ex = exchange_at(run, purpose, &failure.url);
    let status = ex.and_then(|e| e.status).or(failure.status);
    let preflight_ex = exchange_at(run, Purpose::Preflight, &failure.url);
    let preflight_had_acao = preflight_ex
        .and_then(|e| e.header("access-control-allow-origin"))
        .is_some();
    use CorsError as E;
    match error {
        E::PreflightInvalidStatus => {
            let e = ex.expect("a preflight failure has a preflight exchange");
            preflight_status_cause(b, status.unwrap_or_default(), e, &f);
        }
        E::PreflightDisallowedRedirect => {
            let location = ex.and_then(|e| e.header("location")).unwrap_or_default();
            let target = Url::parse(&failure.url)
                .and_then(|u| u.join(&location))
                .map_or(location, |u| u.to_string());
            let mut rf = f.clone();
            rf.location = Some(target.clone());
            b.add_with(
                CauseCode::PreflightRedirect,
                Likelihood::Certain,
                &rf,
                &format!(
                    "The OPTIONS preflight got {}: {}.",
                    status.unwrap_or_default(),
                    redirect_change(&failure.url, &target)
                ),
            );
            if looks_like_login(&target) {
                b.add_with(CauseCode::RedirectToLogin, Likelihood::Possible, &rf, "");
            }
        }
        E::MissingAllowOriginHeader | E::PreflightMissingAllowOriginHeader => {
            missing_acao(b, failure, ex, status, preflight_had_acao, &f);
        }
        E::AllowOriginMismatch | E::PreflightAllowOriginMismatch => {
            let mut mf = f.clone();
            mf.value = Some(parameter.clone());
            let other = input
                .extra
                .iter()
                .find(|e| e.purpose == Purpose::OtherOrigin);
            let other_acao = other.and_then(|e| e.header("access-control-allow-origin"));
            let request_origin = ex
                .and_then(|e| {
                    e.request_headers
                        .iter()
                        .find(|(n, _)| n.eq_ignore_ascii_case("origin"))
                        .map(|(_, v)| v.clone())
                })
                .unwrap_or_else(|| origin.clone());
            if request_origin == "null" && origin != "null" {
                // Already explained by the redirect taint.
            } else if ex.is_some_and(is_cache_hit)
                && Origin::parse(&parameter).is_ok()
                && classify_mismatch(&parameter, &origin) == CauseCode::OriginMismatch
            {
                b.add_with(
                    CauseCode::CachedAllowOrigin,
                    Likelihood::Likely,
                    &mf,
                    &format!("The response came from a cache (Age / X-Cache headers) with `Access-Control-Allow-Origin: {parameter}`."),
                );
            } else {
                let code = classify_mismatch(&parameter, &origin);
                let code = if code == CauseCode::OriginMismatch
                    && other_acao.as_deref() == Some(parameter.as_str())
                    && !is_close_variant(&parameter, &origin)
                {
                    CauseCode::SingleStaticOrigin
                } else {
                    code
                };
                let seen = if code == CauseCode::SingleStaticOrigin {
                    format!(
                        "The server answers `Access-Control-Allow-Origin: {parameter}` whatever the request's Origin (it gave the same to {}).",
                        input.other_origin
                    )
                } else {
                    format!(
                        "The server answers `Access-Control-Allow-Origin: {parameter}` to `Origin: {origin}`."
                    )
                };
                b.add_with(code, Likelihood::Certain, &mf, &seen);
            }
        }
        E::MultipleAllowOriginValues | E::PreflightMultipleAllowOriginValues => {
            let mut mf = f.clone();
            mf.value = Some(parameter.clone());
            let lines = ex.map_or(1, |e| {
                count_lines(&e.response_headers, "access-control-allow-origin")
            });
            if lines > 1 {
                b.add_with(
                    CauseCode::DuplicateAllowOrigin,
                    Likelihood::Certain,
                    &mf,
                    &format!("The response carries {lines} Access-Control-Allow-Origin lines (`{parameter}`)."),
                );
            } else {
                let items: Vec<&str> = parameter
                    .split([',', ' '])
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .collect();
                let all_same = items.windows(2).all(|w| w[0] == w[1]);
                let code = if all_same {
                    CauseCode::DuplicateAllowOrigin
                } else {
                    CauseCode::OriginListInHeader
                };
                b.add_with(
                    code,
                    Likelihood::Certain,
                    &mf,
                    &format!("Access-Control-Allow-Origin is `{parameter}`."),
                );
            }
        }
        E::InvalidAllowOriginValue | E::PreflightInvalidAllowOriginValue => {
            let mut mf = f.clone();
            mf.value = Some(parameter);
            b.add_with(CauseCode::InvalidAllowOrigin, Likelihood::Certain, &mf, "");
        }
        E::WildcardOriginNotAllowed | E::PreflightWildcardOriginNotAllowed => {
            b.add_with(
                CauseCode::WildcardWithCredentials,
                Likelihood::Certain,
                &f,
                "The response says `Access-Control-Allow-Origin: *` and the request carries credentials.",
            );
        }
        E::InvalidAllowCredentials | E::PreflightInvalidAllowCredentials => {
            let mut mf = f.clone();
            mf.value = Some(parameter.clone());
            let seen = if parameter.is_empty() {
                format!(
                    "The {} has no Access-Control-Allow-Credentials header.",
                    if failure.stage == Stage::Preflight {
                        "preflight response"
                    } else {
                        "response"
                    }
                )
            } else {
                format!("Access-Control-Allow-Credentials is `{parameter}`, not `true`.")
            };
            b.add_with(
                CauseCode::CredentialsNotAllowed,
                Likelihood::Certain,
                &mf,
                &seen,
            );
        }
        E::MethodDisallowedByPreflightResponse => {
            let mut mf = f.clone();
            mf.method = Some(parameter.clone());
            let acam = ex
                .and_then(|e| e.header("access-control-allow-methods"))
                .unwrap_or_default();
            let lower_patch = parameter != parameter.to_ascii_uppercase()
                && acam
                    .split(',')
                    .any(|m| m.trim() == parameter.to_ascii_uppercase());
            let seen = if acam.is_empty() {
                format!(
                    "The preflight response has no Access-Control-Allow-Methods, so only GET, HEAD and POST pass; `{parameter}` does not."
                )
            } else {
                format!("Access-Control-Allow-Methods is `{acam}`; `{parameter}` is not in it.")
            };
            if lower_patch || parameter == "patch" {
                b.add_with(CauseCode::LowercasePatch, Likelihood::Certain, &mf, &seen);
            } else {
                b.add_with(CauseCode::MethodNotAllowed, Likelihood::Certain, &mf, &seen);
            }
        }
        E::HeaderDisallowedByPreflightResponse => {
            let mut hf = f.clone();
            hf.header = Some(parameter.clone());
            let acah = ex
                .and_then(|e| e.header("access-control-allow-headers"))
                .unwrap_or_default();
            let seen = if acah.is_empty() {
                format!(
                    "The preflight asked for `{parameter}`, and the response has no Access-Control-Allow-Headers."
                )
            } else {
                format!(
                    "The preflight asked for `{parameter}`; Access-Control-Allow-Headers is `{acah}`."
                )
            };
            let code = if parameter.starts_with("access-control-") {
                CauseCode::AccessControlHeaderOnRequest
            } else if parameter == "authorization" && acah.split(',').any(|h| h.trim() == "*") {
                CauseCode::WildcardDoesNotCoverAuthorization
            } else {
                CauseCode::HeaderNotAllowed
            };
            b.add_with(code, Likelihood::Certain, &hf, &seen);
        }
        E::InvalidAllowMethodsPreflightResponse => {
            let mut mf = f.clone();
            mf.value = Some(parameter);
            b.add_with(CauseCode::InvalidAllowMethods, Likelihood::Certain, &mf, "");
        }
        E::InvalidAllowHeadersPreflightResponse => {
            let mut mf = f.clone();
            mf.value = Some(parameter);
            b.add_with(CauseCode::InvalidAllowHeaders, Likelihood::Certain, &mf, "");
        }
        E::RedirectContainsCredentials => {
            b.add_with(
                CauseCode::RedirectWithCredentials,
                Likelihood::Certain,
                &f,
                "",
            );
        }
        E::DisallowedByMode => {
            b.add_with(CauseCode::DisallowedByMode, Likelihood::Certain, &f, "");
        }
        E::CorsDisabledScheme => {
            b.add_with(CauseCode::UnsupportedScheme, Likelihood::Certain, &f, "");
        }
        E::InsecureLocalNetwork => {
            b.add_with(CauseCode::LnaInsecureContext, Likelihood::Certain, &f, "");
        }
        E::InvalidLocalNetworkAccess => {
            b.add_with(
                CauseCode::LnaAddressSpaceMismatch,
                Likelihood::Certain,
                &f,
                "",
            );
        }
        E::LocalNetworkAccessPermissionDenied => {
            b.add_with(CauseCode::LnaPermissionDenied, Likelihood::Certain, &f, "");
        }
        _ => {
            b.add_with(CauseCode::NoCorsHeaders, Likelihood::Possible, &f, "");
        }
    }
}

/// The preflight got a non-2xx status: who answered it, and why.
fn preflight_status_cause(b: &mut Builder<'_>, s: u16, e: &Exchange, f: &Facts) {
    match s {
        401 | 403 | 407 => {
            let www = e.header("www-authenticate");
            let seen = match &www {
                Some(w) => format!("The OPTIONS preflight got {s} with `WWW-Authenticate: {w}`."),
                None => format!("The OPTIONS preflight got {s}."),
            };
            b.add_with(
                CauseCode::AuthBeforeCors,
                if www.is_some() || s == 401 {
                    Likelihood::Certain
                } else {
                    Likelihood::Likely
                },
                f,
                &seen,
            );
            if s == 403 {
                b.add_with(CauseCode::OptionsNotRouted, Likelihood::Possible, f, "");
            }
        }
        404 | 405 | 400 | 501 => {
            let seen = match e.header("allow") {
                Some(a) => format!(
                    "The OPTIONS preflight got {s}; the route only allows `{a}`, so nothing answers OPTIONS with CORS headers."
                ),
                None => format!("The OPTIONS preflight got {s}."),
            };
            b.add_with(CauseCode::OptionsNotRouted, Likelihood::Certain, f, &seen);
        }
        300..=399 => {
            let location = e.header("location").unwrap_or_default();
            let mut rf = f.clone();
            rf.location = Some(location.clone());
            b.add_with(
                CauseCode::PreflightRedirect,
                Likelihood::Certain,
                &rf,
                &format!(
                    "The OPTIONS preflight got {s}: {}.",
                    redirect_change(&e.url, &location)
                ),
            );
        }
        _ => {
            b.add_with(
                CauseCode::ErrorResponseWithoutCors,
                Likelihood::Likely,
                f,
                &format!("The OPTIONS preflight itself failed with {s}: the server (or a proxy in front of it) errors before CORS runs."),
            );
        }
    }
}

fn missing_acao(
    b: &mut Builder<'_>,
    failure: &corsfix_model::Failure,
    ex: Option<&Exchange>,
    status: Option<u16>,
    preflight_had_acao: bool,
    f: &Facts,
) {
    let input = b.input;
    let s = status.unwrap_or_default();
    let origin = input.request.origin.clone();
    let on_preflight = failure.stage == Stage::Preflight;
    // Did a close variant of the origin get CORS headers? Then the configuration has a typo.
    let variant = input.extra.iter().find(|e| {
        e.purpose == Purpose::OriginVariant
            && e.header("access-control-allow-origin").is_some_and(|v| {
                let sent = e
                    .request_headers
                    .iter()
                    .find(|(n, _)| n.eq_ignore_ascii_case("origin"))
                    .map(|(_, v)| v.as_str())
                    .unwrap_or_default();
                v == sent && v != "*"
            })
    });
    let reflects_other = input.extra.iter().any(|e| {
        e.purpose == Purpose::OtherOrigin && e.header("access-control-allow-origin").is_some()
    });
    if on_preflight
        && !(200..300).contains(&s)
        && let Some(e) = ex
    {
        preflight_status_cause(b, s, e, f);
        return;
    }
    if s >= 400 && !on_preflight {
        let seen = if preflight_had_acao {
            format!("The preflight passed with CORS headers, but the response is {s} without them.")
        } else {
            format!("The response is {s} and has no CORS headers.")
        };
        b.add_with(
            CauseCode::ErrorResponseWithoutCors,
            if preflight_had_acao {
                Likelihood::Certain
            } else {
                Likelihood::Likely
            },
            f,
            &seen,
        );
        if !preflight_had_acao {
            b.add_with(CauseCode::NoCorsHeaders, Likelihood::Possible, f, "");
        }
        return;
    }
    if !on_preflight && preflight_had_acao {
        b.add_with(
            CauseCode::CorsOnlyOnPreflight,
            Likelihood::Certain,
            f,
            &format!(
                "The OPTIONS preflight has Access-Control-Allow-Origin; the {} response ({s}) does not.",
                input.request.method
            ),
        );
        return;
    }
    if let Some(v) = variant {
        let allowed = v.header("access-control-allow-origin").unwrap_or_default();
        let mut mf = f.clone();
        mf.value = Some(allowed.clone());
        let code = classify_mismatch(&allowed, &origin);
        b.add_with(
            code,
            Likelihood::Likely,
            &mf,
            &format!("The server sends no Access-Control-Allow-Origin to `Origin: {origin}`, but does to `Origin: {allowed}`: its allow-list holds that value instead."),
        );
        return;
    }
    if on_preflight {
        let acrh = ex.and_then(|e| {
            e.request_headers
                .iter()
                .find(|(n, _)| n == "Access-Control-Request-Headers")
                .map(|(_, v)| v.clone())
        });
        if reflects_other {
            // It does CORS for other origins: this origin is just not on the list.
            b.add_with(
                CauseCode::OriginMismatch,
                Likelihood::Likely,
                f,
                &format!("The preflight from `{origin}` gets no Access-Control-Allow-Origin, while other origins do."),
            );
            return;
        }
        if let Some(h) = acrh {
            // Some libraries (rs/cors, gin-contrib/cors) drop every CORS header when a
            // requested header is not allowed.
            let mut hf = f.clone();
            hf.header = Some(h);
            b.add_with(
                CauseCode::NoCorsHeaders,
                Likelihood::Likely,
                f,
                &format!("The OPTIONS preflight got {s} with no CORS headers at all."),
            );
            b.add_with(CauseCode::HeaderNotAllowed, Likelihood::Possible, &hf, "");
            return;
        }
        b.add_with(
            CauseCode::NoCorsHeaders,
            Likelihood::Certain,
            f,
            &format!("The OPTIONS preflight got {s} with no CORS headers at all."),
        );
        b.add_with(
            CauseCode::CorsMiddlewareNotApplied,
            Likelihood::Possible,
            f,
            "",
        );
        return;
    }
    if reflects_other {
        b.add_with(
            CauseCode::OriginMismatch,
            Likelihood::Likely,
            f,
            &format!("The response to `{origin}` has no Access-Control-Allow-Origin, while other origins get one: `{origin}` is not on the allow-list."),
        );
        return;
    }
    b.add_with(
        CauseCode::NoCorsHeaders,
        Likelihood::Certain,
        f,
        &format!(
            "The {} got {s} with no Access-Control-Allow-Origin. (curl and Postman show the same response; only browsers enforce CORS.)",
            input.request.method
        ),
    );
    b.add_with(
        CauseCode::CorsMiddlewareNotApplied,
        Likelihood::Possible,
        f,
        "",
    );
}

/// The request passes CORS (or not), but something else keeps it from working as meant.
fn intended_use_causes(b: &mut Builder<'_>) {
    let input = b.input;
    let run = input.run;
    let req = input.request;
    let f = b.facts();
    let final_actual = run
        .exchanges
        .iter()
        .rev()
        .find(|e| e.purpose == Purpose::Actual && e.status.is_some());
    let allowed = input.allowed;

    if req.mode == Mode::NoCors {
        b.add_with(
            CauseCode::NoCorsMode,
            Likelihood::Certain,
            &f,
            "The request ran in no-cors mode: the script gets status 0, no headers and an empty body. Check again without --no-cors to see the real CORS problem.",
        );
        return;
    }
    if allowed
        && let (Some(resp), Some(a)) = (
            input.sim.and_then(|s| s.chrome.response.as_ref()),
            final_actual,
        )
    {
        for (name, value) in &resp.readable_headers {
            if value.is_some() {
                continue;
            }
            if a.header(name).is_some() {
                let mut hf = f.clone();
                hf.header = Some(name.clone());
                let aceh = a.header("access-control-expose-headers");
                let seen = match aceh {
                    Some(v) => format!(
                        "The response has `{name}`, but Access-Control-Expose-Headers is `{v}`."
                    ),
                    None => {
                        format!("The response has `{name}`, but no Access-Control-Expose-Headers.")
                    }
                };
                b.add_with(
                    CauseCode::MissingExposeHeaders,
                    Likelihood::Certain,
                    &hf,
                    &seen,
                );
            }
        }
    }
    let Some(a) = final_actual else { return };
    if !allowed {
        return;
    }
    let acao = a.header("access-control-allow-origin");
    let echoes = acao.as_deref() == Some(req.origin.as_str()) && req.origin != "*";
    let other = input
        .extra
        .iter()
        .find(|e| e.purpose == Purpose::OtherOrigin && e.hop == 0);
    if echoes && !vary_has_origin(a) {
        // Does a second origin get our origin's answer back (a shared cache ignoring Origin)?
        let poisoned = other.is_some_and(|o| {
            o.header("access-control-allow-origin").as_deref() == Some(req.origin.as_str())
                && is_cache_hit(o)
        });
        let mut vf = f.clone();
        vf.value = acao;
        let reflects = other.is_some_and(|o| {
            o.header("access-control-allow-origin").as_deref() == Some(input.other_origin.as_str())
        });
        if poisoned {
            b.add_with(
                CauseCode::CachedAllowOrigin,
                Likelihood::Certain,
                &vf,
                &format!(
                    "A request from {} got a cached copy with `Access-Control-Allow-Origin: {}`.",
                    input.other_origin, req.origin
                ),
            );
        } else if reflects
            || other.is_none()
            || a.header("access-control-allow-origin")
                != other.and_then(|o| o.header("access-control-allow-origin"))
        {
            // The value depends on the Origin, and no Vary says so.
            b.add_with(
                CauseCode::CachedAllowOrigin,
                Likelihood::Possible,
                &vf,
                &format!("The response echoes `Access-Control-Allow-Origin: {}` but has no `Vary: Origin`, so any cache between the browser and the server may serve it to another origin.", req.origin),
            );
        }
    } else if acao.is_some() && !vary_has_origin(a) {
        // Only with Origin? A copy cached from a plain load then breaks CORS loads.
        let no_origin = input.extra.iter().find(|e| e.purpose == Purpose::NoOrigin);
        if let Some(n) = no_origin
            && n.status.is_some()
            && n.header("access-control-allow-origin").is_none()
            && !vary_has_origin(n)
        {
            b.add_with(
                    CauseCode::BrowserCacheNonCors,
                    Likelihood::Likely,
                    &f,
                    "Without an Origin header (as an <img> or a plain link loads it) the response has no Access-Control-Allow-Origin and no `Vary: Origin`, so a copy cached from such a load is reused for the CORS request and fails.",
                );
        }
    }
    if req.credentials && sites_differ(input.page_origin.as_str(), &a.url) {
        for (n, v) in &a.response_headers {
            if n.eq_ignore_ascii_case("set-cookie")
                && let Some(problem) = cookie_problem(v)
            {
                let code = CauseCode::CookieNotCrossSite;
                match b.causes.iter().position(|c| c.code == code.code()) {
                    Some(i) => b.causes[i].detail.push_str(&format!(" Also: {problem}.")),
                    None => {
                        let facts = Facts {
                            origin: Some(req.origin.clone()),
                            url: Some(a.url.clone()),
                            ..Facts::default()
                        };
                        b.add_with(code, Likelihood::Likely, &facts, &format!("The {problem}."));
                    }
                }
            }
        }
    }
}

fn lna_causes(b: &mut Builder<'_>) {
    let input = b.input;
    let Some(page) = page_address_space(input.page_origin.as_str()) else {
        return;
    };
    // AddressSpace orders loopback < local < public: more private first.
    let Some(target) = input.run.address_spaces.iter().copied().min() else {
        return;
    };
    if page <= target {
        return;
    }
    let mut f = b.facts();
    f.value = Some(target.name().to_owned());
    let seen = format!(
        "The page's origin is in the {} address space and {} resolves to the {} address space: Chrome (Local Network Access, 142+) asks the user for permission first, and older Chrome sends a Private Network Access preflight.",
        page.name(),
        input.request.url,
        target.name()
    );
    let code = if input.page_origin.as_str().starts_with("https://") {
        CauseCode::LnaPermissionDenied
    } else {
        CauseCode::LnaInsecureContext
    };
    b.add_with(code, Likelihood::Likely, &f, &seen);
}

fn warnings(input: &Input<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    let req = input.request;
    for name in &req.dropped_headers {
        out.push(Finding {
            code: "forbidden-header-dropped".to_owned(),
            severity: Severity::Low,
            message: format!("`{name}` is a forbidden request header: browsers never send what a script sets there, so it was left out."),
        });
    }
    let other = input.other_origin.as_str();
    for e in input.extra {
        let acao = e.header("access-control-allow-origin");
        let acac = e.header("access-control-allow-credentials").as_deref() == Some("true");
        match e.purpose {
            Purpose::OtherOrigin if acao.as_deref() == Some(other) => {
                out.push(Finding {
                    code: if acac { "reflects-any-origin-with-credentials" } else { "reflects-any-origin" }.to_owned(),
                    severity: if acac { Severity::High } else { Severity::Medium },
                    message: if acac {
                        format!("The server echoes any Origin ({other} was allowed) together with `Access-Control-Allow-Credentials: true`: every website can read this API with the user's cookies. Allow a fixed list of origins.")
                    } else {
                        format!("The server echoes any Origin ({other} was allowed). If that is intended, `*` says it more plainly; otherwise allow a fixed list.")
                    },
                });
            }
            Purpose::NullOrigin if acao.as_deref() == Some("null") => {
                out.push(Finding {
                    code: "allows-null-origin".to_owned(),
                    severity: if acac { Severity::High } else { Severity::Medium },
                    message: format!("The server allows `Origin: null`{}: sandboxed iframes and data: pages on any site send that origin. Remove `null` from the allowed origins.", if acac { " with credentials" } else { "" }),
                });
            }
            _ => {}
        }
    }
    for e in input
        .run
        .exchanges
        .iter()
        .filter(|e| e.purpose == Purpose::Preflight)
    {
        if let Some(v) = e.header("access-control-max-age")
            && let Ok(secs) = v.trim().parse::<u64>()
            && secs > 7200
        {
            out.push(Finding {
                        code: "max-age-above-cap".to_owned(),
                        severity: Severity::Low,
                        message: format!("Access-Control-Max-Age is {secs} s; Chrome caps it at 7200 s (2 h), Firefox at 86400 s (24 h), Safari at 600 s. While you change the CORS configuration, browsers may keep using an old preflight result for that long."),
                    });
        }
        if e.header("access-control-allow-origin").as_deref() == Some("*")
            && e.header("access-control-allow-credentials").as_deref() == Some("true")
            && !req.credentials
        {
            out.push(Finding {
                code: "wildcard-with-credentials-header".to_owned(),
                severity: Severity::Low,
                message: "The server sends `Access-Control-Allow-Origin: *` with `Access-Control-Allow-Credentials: true`; any request with credentials will be blocked.".to_owned(),
            });
        }
    }
    if let Some(resp) = input.sim.and_then(|s| s.chrome.response.as_ref()) {
        let last = input
            .run
            .exchanges
            .iter()
            .rev()
            .find(|e| e.purpose == Purpose::Actual);
        for (name, value) in &resp.readable_headers {
            if value.is_none() && last.is_some_and(|a| a.header(name).is_none()) {
                out.push(Finding {
                    code: "read-header-absent".to_owned(),
                    severity: Severity::Low,
                    message: format!("The response has no `{name}` header at all, so the script cannot read it whatever CORS allows."),
                });
            }
        }
    }
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mismatches_with_a_slash_are_trailing_slash_origins() {
        let o = "http://localhost:5173";
        assert_eq!(
            classify_mismatch("http://localhost:5173/", o),
            CauseCode::TrailingSlashOrigin
        );
        assert_eq!(
            classify_mismatch("http://localhost:5173/app", o),
            CauseCode::TrailingSlashOrigin
        );
        assert_eq!(
            classify_mismatch("http://localhost:3000", o),
            CauseCode::OriginMismatch
        );
    }
}
