//! From a [`Reading`] to a [`Diagnosis`]: what the message means, the causes ranked by what
//! the text shows (the status above all), and the commands that confirm and fix it.

use corsfix_model::error::{CorsError as E, Initiator};
use corsfix_model::parse::{Kind, Reading};
use corsfix_model::{Browser, method};

use crate::catalog::{Cause, CauseCode as C, Facts, Likelihood, status_text};
use crate::diagnosis::Diagnosis;
use crate::heuristics::{is_close_variant, is_object_storage, looks_like_login};

use Likelihood::{Likely, Possible};

pub(crate) fn diagnose(r: &Reading) -> Diagnosis {
    let facts = facts(r);
    let ranked = rank(r);
    let mut causes: Vec<Cause> = Vec::new();
    for (code, likelihood) in ranked {
        if !causes.iter().any(|c| c.code == code.code()) {
            causes.push(Cause::new(code, likelihood, &facts));
        }
    }
    let is_cors = r.kind.is_some_and(Kind::is_cors);
    Diagnosis {
        is_cors,
        headline: headline(r),
        meaning: meaning(r),
        causes,
        questions: Vec::new(),
        findings: Vec::new(),
        server: None,
        facts,
        confirm_with: r.kind.map(|_| crate::commands::check_command(r)),
    }
}

fn facts(r: &Reading) -> Facts {
    let mut f = Facts {
        origin: r.origin.clone(),
        url: r.url.clone(),
        status: r.status,
        method: r.method.clone().filter(|m| m != "OPTIONS"),
        location: r.location.clone(),
        ..Facts::default()
    };
    match r.kind {
        Some(Kind::Cors(e)) => match e.base() {
            E::HeaderDisallowedByPreflightResponse => f.header.clone_from(&r.parameter),
            E::MethodDisallowedByPreflightResponse => {
                if r.parameter.is_some() {
                    f.method.clone_from(&r.parameter);
                }
            }
            _ => f.value.clone_from(&r.parameter),
        },
        Some(_) => f.value.clone_from(&r.parameter),
        None => {}
    }
    f
}

/// The candidate causes, most likely first.
#[allow(clippy::too_many_lines)]
fn rank(r: &Reading) -> Vec<(C, Likelihood)> {
    let mut out = Vec::new();
    let Some(kind) = r.kind else {
        return out;
    };
    let status = r.status;
    let url = r.url.as_deref();
    let storage = url.is_some_and(is_object_storage)
        || r.redirected_from.as_deref().is_some_and(is_object_storage);
    let null_origin = r.origin.as_deref() == Some("null");
    let asset = matches!(
        r.resource.as_deref(),
        Some("font" | "script" | "stylesheet" | "CSS stylesheet")
    );
    let image = matches!(r.resource.as_deref(), Some("image" | "media" | "video"));
    match kind {
        Kind::Cors(e) => match e {
            E::MissingAllowOriginHeader => {
                if null_origin {
                    out.push((C::NullOrigin, Likely));
                }
                if storage {
                    out.push((C::ObjectStorageCors, Likely));
                }
                if r.redirected_from.is_some() {
                    if url.is_some_and(looks_like_login) {
                        out.push((C::RedirectToLogin, Likely));
                        out.push((C::NoCorsHeaders, Possible));
                    } else {
                        out.push((C::NoCorsHeaders, Likely));
                        out.push((C::RedirectToLogin, Possible));
                    }
                }
                if asset {
                    out.push((C::StaticAssetCors, Likely));
                }
                match status {
                    Some(s) if s >= 400 => {
                        out.push((C::ErrorResponseWithoutCors, Likely));
                        out.push((C::NoCorsHeaders, Possible));
                        out.push((C::CorsMiddlewareNotApplied, Possible));
                    }
                    Some(300..=399) => {
                        out.push((C::RedirectToLogin, Likely));
                        out.push((C::NoCorsHeaders, Possible));
                    }
                    _ => {
                        out.push((C::NoCorsHeaders, Likely));
                        if image {
                            out.push((C::BrowserCacheNonCors, Possible));
                        }
                        let needs_preflight = r
                            .method
                            .as_deref()
                            .is_some_and(|m| m != "OPTIONS" && !method::is_cors_safelisted(m));
                        out.push((
                            C::CorsOnlyOnPreflight,
                            if needs_preflight { Likely } else { Possible },
                        ));
                        out.push((C::CorsMiddlewareNotApplied, Possible));
                        if status.is_none() {
                            out.push((C::ErrorResponseWithoutCors, Possible));
                        }
                        out.push((C::ThirdPartyApi, Possible));
                    }
                }
            }
            E::PreflightMissingAllowOriginHeader | E::PreflightInvalidStatus => {
                if storage {
                    out.push((C::ObjectStorageCors, Likely));
                }
                match status {
                    Some(401 | 403 | 407) => {
                        out.push((C::AuthBeforeCors, Likely));
                        out.push((C::OptionsNotRouted, Possible));
                    }
                    Some(300..=399) => {
                        out.push((C::PreflightRedirect, Likely));
                        if r.location.as_deref().is_some_and(looks_like_login) {
                            out.push((C::RedirectToLogin, Possible));
                        }
                    }
                    Some(s) if s >= 500 && s != 501 => {
                        out.push((C::ErrorResponseWithoutCors, Likely));
                        out.push((C::OptionsNotRouted, Possible));
                    }
                    Some(s) if s >= 400 => {
                        out.push((C::OptionsNotRouted, Likely));
                        out.push((C::AuthBeforeCors, Possible));
                    }
                    _ if e == E::PreflightInvalidStatus => {
                        out.push((C::OptionsNotRouted, Likely));
                        out.push((C::AuthBeforeCors, Possible));
                        out.push((C::ErrorResponseWithoutCors, Possible));
                    }
                    _ => {
                        out.push((C::NoCorsHeaders, Likely));
                        out.push((C::OptionsNotRouted, Possible));
                        out.push((C::AuthBeforeCors, Possible));
                        out.push((C::CorsMiddlewareNotApplied, Possible));
                        out.push((C::ThirdPartyApi, Possible));
                    }
                }
            }
            E::AllowOriginMismatch | E::PreflightAllowOriginMismatch => {
                let v = r.parameter.as_deref().unwrap_or("");
                let o = r.origin.as_deref();
                if r.redirected_from.is_some() && Some(v) == o {
                    out.push((C::RedirectTaintedOrigin, Likely));
                }
                if null_origin {
                    out.push((C::NullOrigin, Likely));
                }
                let trailing = v.len() > 1
                    && url::Url::parse(v).is_ok_and(|u| u.path() != "/" || v.ends_with('/'))
                    && o.is_none_or(|o| v.trim_end_matches('/') == o || v.starts_with(o));
                if trailing {
                    out.push((C::TrailingSlashOrigin, Likely));
                    out.push((C::OriginMismatch, Possible));
                } else if o.is_none_or(|o| is_close_variant(v, o)) || v == "null" {
                    out.push((C::OriginMismatch, Likely));
                    out.push((C::SingleStaticOrigin, Possible));
                } else {
                    out.push((C::SingleStaticOrigin, Likely));
                    out.push((C::CachedAllowOrigin, Possible));
                    out.push((C::OriginMismatch, Possible));
                }
            }
            E::MultipleAllowOriginValues | E::PreflightMultipleAllowOriginValues => {
                let items: Vec<&str> = r
                    .parameter
                    .as_deref()
                    .unwrap_or("")
                    .split([',', ' '])
                    .filter(|s| !s.is_empty())
                    .collect();
                let duplicate = items.is_empty()
                    || items.windows(2).all(|w| w[0] == w[1])
                    || items.contains(&"*");
                if duplicate {
                    out.push((C::DuplicateAllowOrigin, Likely));
                    out.push((C::OriginListInHeader, Possible));
                } else {
                    out.push((C::OriginListInHeader, Likely));
                    out.push((C::DuplicateAllowOrigin, Possible));
                }
            }
            E::InvalidAllowOriginValue | E::PreflightInvalidAllowOriginValue => {
                out.push((C::InvalidAllowOrigin, Likely));
            }
            E::WildcardOriginNotAllowed | E::PreflightWildcardOriginNotAllowed => {
                out.push((C::WildcardWithCredentials, Likely));
            }
            E::InvalidAllowCredentials | E::PreflightInvalidAllowCredentials => {
                out.push((C::CredentialsNotAllowed, Likely));
            }
            E::MethodDisallowedByPreflightResponse => {
                let m = r.parameter.as_deref().or(r.method.as_deref());
                if m.is_some_and(|m| m.bytes().any(|b| b.is_ascii_lowercase())) {
                    out.push((C::LowercasePatch, Likely));
                    out.push((C::MethodNotAllowed, Possible));
                } else {
                    out.push((C::MethodNotAllowed, Likely));
                }
            }
            E::HeaderDisallowedByPreflightResponse => {
                let h = r.parameter.as_deref().unwrap_or("").to_ascii_lowercase();
                if h.starts_with("access-control-") {
                    out.push((C::AccessControlHeaderOnRequest, Likely));
                    out.push((C::HeaderNotAllowed, Possible));
                } else {
                    out.push((C::HeaderNotAllowed, Likely));
                    if h == "authorization" {
                        out.push((C::WildcardDoesNotCoverAuthorization, Possible));
                    }
                }
            }
            E::InvalidAllowMethodsPreflightResponse => out.push((C::InvalidAllowMethods, Likely)),
            E::InvalidAllowHeadersPreflightResponse => out.push((C::InvalidAllowHeaders, Likely)),
            E::PreflightDisallowedRedirect => {
                out.push((C::PreflightRedirect, Likely));
                if r.location
                    .as_deref()
                    .or(r.parameter.as_deref())
                    .is_some_and(looks_like_login)
                {
                    out.push((C::RedirectToLogin, Possible));
                }
            }
            E::RedirectContainsCredentials => out.push((C::RedirectWithCredentials, Likely)),
            E::DisallowedByMode => out.push((C::DisallowedByMode, Likely)),
            E::CorsDisabledScheme => {
                out.push((C::UnsupportedScheme, Likely));
                if null_origin {
                    out.push((C::NullOrigin, Possible));
                }
            }
            E::InvalidResponse => out.push((C::ServiceWorkerOpaque, Likely)),
            E::InsecureLocalNetwork => out.push((C::LnaInsecureContext, Likely)),
            E::InvalidLocalNetworkAccess => out.push((C::LnaAddressSpaceMismatch, Likely)),
            E::LocalNetworkAccessPermissionDenied => out.push((C::LnaPermissionDenied, Likely)),
            _ => out.push((C::NoCorsHeaders, Possible)),
        },
        Kind::OriginNotAllowed => {
            // WebKit says the same for a missing and a mismatched header: every candidate.
            if null_origin {
                out.push((
                    if r.location.is_some() || r.redirected_from.is_some() {
                        C::RedirectTaintedOrigin
                    } else {
                        C::NullOrigin
                    },
                    Likely,
                ));
            }
            if r.location.is_some() && r.location.as_deref().is_some_and(looks_like_login) {
                out.push((C::RedirectToLogin, Likely));
            }
            if storage {
                out.push((C::ObjectStorageCors, Likely));
            }
            match status {
                Some(s) if s >= 400 => {
                    out.push((C::ErrorResponseWithoutCors, Likely));
                    out.push((C::NoCorsHeaders, Possible));
                }
                Some(300..=399) => {
                    out.push((C::RedirectToLogin, Possible));
                    out.push((C::NoCorsHeaders, Likely));
                }
                _ => out.push((C::NoCorsHeaders, Likely)),
            }
            out.push((C::OriginMismatch, Possible));
            out.push((C::TrailingSlashOrigin, Possible));
            out.push((C::SingleStaticOrigin, Possible));
            out.push((C::OriginListInHeader, Possible));
            out.push((C::CorsOnlyOnPreflight, Possible));
            out.push((C::CorsMiddlewareNotApplied, Possible));
            if status.is_none() {
                out.push((C::ErrorResponseWithoutCors, Possible));
            }
            out.push((C::ThirdPartyApi, Possible));
        }
        Kind::AccessControlChecks => {
            for c in [
                C::NoCorsHeaders,
                C::OptionsNotRouted,
                C::OriginMismatch,
                C::ErrorResponseWithoutCors,
                C::HeaderNotAllowed,
                C::WildcardWithCredentials,
            ] {
                out.push((c, Possible));
            }
        }
        Kind::PreflightMissingAllowPrivateNetwork
        | Kind::PreflightInvalidAllowPrivateNetwork
        | Kind::PreflightMissingPrivateNetworkAccessId
        | Kind::PreflightMissingPrivateNetworkAccessName => {
            out.push((C::PnaMissingAllowPrivateNetwork, Likely));
            out.push((C::LnaPermissionDenied, Possible));
        }
        Kind::UnexpectedPrivateNetworkAccess => out.push((C::LnaAddressSpaceMismatch, Likely)),
        Kind::PrivateNetworkAccessPermissionUnavailable => {
            out.push((C::LnaPermissionDenied, Likely));
        }
        Kind::AuthorizationNotCoveredByWildcard => {
            out.push((C::WildcardDoesNotCoverAuthorization, Likely));
        }
        Kind::CorsDisabled => out.push((C::BrowserCorsDisabled, Likely)),
        Kind::MixedContent => out.push((C::NotCorsMixedContent, Likely)),
        Kind::ContentSecurityPolicy => out.push((C::NotCorsCsp, Likely)),
        Kind::BlockedByResponse => out.push((C::NotCorsCorpCoep, Likely)),
        Kind::BlockedByOrb => {
            out.push((C::NotCorsOrb, Likely));
            out.push((C::NoCorsMode, Possible));
        }
        Kind::ConnectionRefused => out.push((C::NotCorsConnectionRefused, Likely)),
        Kind::NameNotResolved => out.push((C::NotCorsNameNotResolved, Likely)),
        Kind::CertificateError => out.push((C::NotCorsCertificate, Likely)),
        Kind::BlockedByClient => out.push((C::NotCorsBlockedByClient, Likely)),
        Kind::NetworkError => {
            out.push((C::NotCorsNetworkError, Likely));
            if r.browser == Some(Browser::Firefox) {
                out.push((C::NotCorsCertificate, Possible));
            }
            out.push((C::NotCorsConnectionRefused, Possible));
            out.push((C::NotCorsBlockedByClient, Possible));
        }
        Kind::TooManyRedirects => out.push((C::NotCorsTooManyRedirects, Likely)),
        Kind::CsrfOriginCheck => out.push((C::NotCorsCsrf, Likely)),
        Kind::WebSocket => out.push((C::NotCorsWebsocket, Likely)),
        Kind::RedirectRefused => out.push((C::NotCorsRedirectMode, Likely)),
        Kind::FetchFailed => {
            out.push((C::NoCorsHeaders, Possible));
            out.push((C::NotCorsNetworkError, Possible));
            out.push((C::NotCorsConnectionRefused, Possible));
            out.push((C::NotCorsBlockedByClient, Possible));
        }
        _ => out.push((C::NoCorsHeaders, Possible)),
    }
    out
}

fn browser_name(b: Option<Browser>) -> &'static str {
    match b {
        Some(Browser::Chrome) => "Chrome",
        Some(Browser::Firefox) => "Firefox",
        Some(Browser::Safari) => "Safari",
        None => "The browser",
    }
}

fn headline(r: &Reading) -> String {
    let Some(kind) = r.kind else {
        return "No browser error was recognized in the text".to_owned();
    };
    let b = browser_name(r.browser);
    let what = match r.initiator {
        Some(Initiator::Fetch) => "a fetch()".to_owned(),
        Some(Initiator::XmlHttpRequest) => "an XMLHttpRequest".to_owned(),
        None => match r.resource.as_deref() {
            Some(res) => format!("a {res} request"),
            None => "a request".to_owned(),
        },
    };
    let from = r
        .origin
        .as_deref()
        .map_or_else(String::new, |o| format!(" from {o}"));
    let to = r
        .url
        .as_deref()
        .map_or_else(String::new, |u| format!(" to {u}"));
    let status = r
        .status
        .map_or_else(String::new, |s| format!(" (status {s} {})", status_text(s)));
    let short = short(r, kind);
    if kind.is_cors() {
        format!("{b} blocked {what}{from}{to}: {short}{status}")
    } else if kind == Kind::FetchFailed {
        format!(
            "{b} reports only that {what}{to} failed; the specific reason is on another console line"
        )
    } else {
        format!("Not a CORS-header problem: {short}{to}{status}")
    }
}

fn param(r: &Reading) -> &str {
    r.parameter.as_deref().unwrap_or("?")
}

fn short(r: &Reading, kind: Kind) -> String {
    let stage = if r.preflight == Some(true) {
        " on the preflight"
    } else {
        ""
    };
    match kind {
        Kind::Cors(e) => match e.base() {
            E::MissingAllowOriginHeader => {
                format!("no Access-Control-Allow-Origin header{stage}")
            }
            E::AllowOriginMismatch => format!(
                "Access-Control-Allow-Origin is `{}`, not the page's origin{stage}",
                param(r)
            ),
            E::MultipleAllowOriginValues => {
                format!("Access-Control-Allow-Origin has several values{stage}")
            }
            E::InvalidAllowOriginValue => format!(
                "Access-Control-Allow-Origin holds the invalid value `{}`{stage}",
                param(r)
            ),
            E::WildcardOriginNotAllowed => {
                format!("Access-Control-Allow-Origin `*` with credentials{stage}")
            }
            E::InvalidAllowCredentials => {
                format!("Access-Control-Allow-Credentials is not `true`{stage}")
            }
            E::PreflightInvalidStatus => "the preflight's status is not 2xx".to_owned(),
            E::PreflightDisallowedRedirect => "the preflight was redirected".to_owned(),
            E::MethodDisallowedByPreflightResponse => match r.parameter.as_deref() {
                Some(m) => format!("the method {m} is not allowed by the preflight response"),
                None => "the method is not allowed by the preflight response".to_owned(),
            },
            E::HeaderDisallowedByPreflightResponse => format!(
                "the request header `{}` is not allowed by the preflight response",
                param(r)
            ),
            E::InvalidAllowMethodsPreflightResponse => {
                "Access-Control-Allow-Methods does not parse".to_owned()
            }
            E::InvalidAllowHeadersPreflightResponse => {
                "Access-Control-Allow-Headers does not parse".to_owned()
            }
            E::RedirectContainsCredentials => {
                "a redirect to a URL with user name and password".to_owned()
            }
            E::DisallowedByMode => "a same-origin-mode request went cross-origin".to_owned(),
            E::CorsDisabledScheme => "the URL's scheme does not support CORS".to_owned(),
            E::InvalidResponse => "a service worker returned an opaque response".to_owned(),
            E::InsecureLocalNetwork => format!(
                "Local Network Access: a non-secure page reached the `{}` address space",
                param(r)
            ),
            E::InvalidLocalNetworkAccess => {
                "Local Network Access: the target address space does not match".to_owned()
            }
            E::LocalNetworkAccessPermissionDenied => {
                "Local Network Access permission denied".to_owned()
            }
            _ => e.name().to_owned(),
        },
        Kind::OriginNotAllowed => {
            "the origin is not allowed (Access-Control-Allow-Origin missing or different)"
                .to_owned()
        }
        Kind::AccessControlChecks => "it failed the access control checks".to_owned(),
        Kind::PreflightMissingAllowPrivateNetwork
        | Kind::PreflightInvalidAllowPrivateNetwork
        | Kind::UnexpectedPrivateNetworkAccess
        | Kind::PreflightMissingPrivateNetworkAccessId
        | Kind::PreflightMissingPrivateNetworkAccessName
        | Kind::PrivateNetworkAccessPermissionUnavailable => {
            "Private Network Access (older Chrome) blocked a request to a private address"
                .to_owned()
        }
        Kind::AuthorizationNotCoveredByWildcard => {
            "`Access-Control-Allow-Headers: *` does not cover Authorization".to_owned()
        }
        Kind::CorsDisabled => "CORS is disabled in the browser".to_owned(),
        Kind::MixedContent => "mixed content (an https page requested an http URL)".to_owned(),
        Kind::ContentSecurityPolicy => {
            "the page's Content Security Policy refused the connection".to_owned()
        }
        Kind::BlockedByResponse => {
            "Cross-Origin-Resource-Policy / Embedder-Policy blocked the response".to_owned()
        }
        Kind::BlockedByOrb => "Opaque Response Blocking".to_owned(),
        Kind::ConnectionRefused => "the connection was refused".to_owned(),
        Kind::NameNotResolved => "the host name does not resolve".to_owned(),
        Kind::CertificateError => format!("a TLS certificate error ({})", param(r)),
        Kind::BlockedByClient => "a browser extension blocked the request".to_owned(),
        Kind::NetworkError => "no HTTP response arrived (network error)".to_owned(),
        Kind::TooManyRedirects => "too many redirects".to_owned(),
        Kind::CsrfOriginCheck => "the server's CSRF origin check refused it".to_owned(),
        Kind::WebSocket => "a WebSocket handshake failed".to_owned(),
        Kind::RedirectRefused => "the request's redirect mode refused a redirect".to_owned(),
        Kind::FetchFailed => "the request failed".to_owned(),
        _ => kind.name().to_owned(),
    }
}

#[allow(clippy::too_many_lines)]
fn meaning(r: &Reading) -> String {
    let Some(kind) = r.kind else {
        return "The text holds no console line corsfix knows: paste the whole red error line(s) from the browser console, or probe the endpoint with `corsfix check`.".to_owned();
    };
    let mut m = match kind {
        Kind::Cors(e) => {
            let stage = if e.is_preflight() {
                "The browser first sent an OPTIONS preflight to ask whether the real request is allowed; the preflight's answer failed, so the real request was never sent. "
            } else if r.preflight == Some(false) {
                "The response arrived, but the browser refused to hand it to the page. "
            } else {
                ""
            };
            let specific = match e.base() {
                E::MissingAllowOriginHeader => "The response carried no Access-Control-Allow-Origin header, so the page may not read it. The status of the response does not matter to CORS: an error page without CORS headers gives exactly this message.",
                E::AllowOriginMismatch => "The response's Access-Control-Allow-Origin names another origin than the page's; the browser compares them as exact strings.",
                E::MultipleAllowOriginValues => "Access-Control-Allow-Origin must hold exactly one origin; the response had several values (two header lines, or a list in one).",
                E::InvalidAllowOriginValue => "Access-Control-Allow-Origin holds something that is not an origin.",
                E::WildcardOriginNotAllowed => "The request carries credentials (cookies or HTTP auth), and then the browser refuses `Access-Control-Allow-Origin: *`: it needs the exact origin.",
                E::InvalidAllowCredentials => "The request carries credentials, so the response must also say `Access-Control-Allow-Credentials: true`, exactly.",
                E::PreflightInvalidStatus => "The preflight's status was not 2xx. Browsers never send cookies or Authorization on a preflight, and many servers do not route OPTIONS at all.",
                E::PreflightDisallowedRedirect => "The preflight was answered with a redirect, which browsers never follow for a preflight.",
                E::MethodDisallowedByPreflightResponse => "The preflight's Access-Control-Allow-Methods does not list the request's method (compared case-sensitively).",
                E::HeaderDisallowedByPreflightResponse => "The request sets a header outside the CORS safelist, and the preflight's Access-Control-Allow-Headers does not list it.",
                E::InvalidAllowMethodsPreflightResponse => "The preflight's Access-Control-Allow-Methods is not a comma-separated list of method names.",
                E::InvalidAllowHeadersPreflightResponse => "The preflight's Access-Control-Allow-Headers is not a comma-separated list of header names.",
                E::RedirectContainsCredentials => "A redirect pointed at a URL with a user name and password; browsers refuse to follow that for a CORS request.",
                E::DisallowedByMode => "The request was made in same-origin mode and went (or was redirected) to another origin.",
                E::CorsDisabledScheme => "CORS only exists for http(s); this request's URL uses another scheme (typically file:).",
                E::InvalidResponse => "A service worker answered a CORS request with an opaque (no-cors) response.",
                E::InsecureLocalNetwork => "Chrome's Local Network Access rules block a page that is not a secure context from reaching a more private network (the LAN or this machine). This is not about CORS headers: no server header lifts it.",
                E::InvalidLocalNetworkAccess => "Chrome's Local Network Access check found the server in another address space than the request declared. This is not about CORS headers.",
                E::LocalNetworkAccessPermissionDenied => "Chrome's Local Network Access permission for this site is denied (or could not be asked). This is not about CORS headers.",
                _ => "The browser's CORS check failed.",
            };
            format!("{stage}{specific}")
        }
        Kind::OriginNotAllowed => "Safari says the same words whether Access-Control-Allow-Origin is missing or names another origin, so the message alone cannot tell which: every candidate is listed below, and a live probe decides.".to_owned(),
        Kind::AccessControlChecks => "Safari's summary line says only that CORS failed. The line just above it in the console (\"Origin … is not allowed\", \"Preflight response is not successful\", …) names the reason; paste it too, or probe the endpoint.".to_owned(),
        Kind::PreflightMissingAllowPrivateNetwork
        | Kind::PreflightInvalidAllowPrivateNetwork
        | Kind::UnexpectedPrivateNetworkAccess
        | Kind::PreflightMissingPrivateNetworkAccessId
        | Kind::PreflightMissingPrivateNetworkAccessName
        | Kind::PrivateNetworkAccessPermissionUnavailable => "This wording is from Chrome 94–141 (Private Network Access), which guarded requests from public pages to private or loopback addresses. Chrome 142+ replaced it with Local Network Access and a permission prompt.".to_owned(),
        Kind::AuthorizationNotCoveredByWildcard => "A warning, not yet an error: the request sends Authorization and the server allows headers with `*`, which by the standard does not cover Authorization.".to_owned(),
        Kind::CorsDisabled => "Firefox's content.cors.disable preference blocks every cross-origin request.".to_owned(),
        Kind::MixedContent => "The page is https and the request is http. Browsers block it before sending it: no CORS check ever runs, and no CORS header can fix it.".to_owned(),
        Kind::ContentSecurityPolicy => "The page's own Content Security Policy forbids connecting to that URL. The request was never sent; the API's CORS headers are irrelevant.".to_owned(),
        Kind::BlockedByResponse => "The response was blocked by Cross-Origin-Resource-Policy (or the page's Cross-Origin-Embedder-Policy), a separate mechanism from CORS.".to_owned(),
        Kind::BlockedByOrb => "Chrome's Opaque Response Blocking withheld a no-cors response that looked like data (JSON, HTML). It is not a CORS error.".to_owned(),
        Kind::ConnectionRefused => "No HTTP response arrived at all: the connection was refused. Browsers often show this next to a generic \"Failed to fetch\", which looks like CORS but is not.".to_owned(),
        Kind::NameNotResolved => "No HTTP response arrived at all: DNS could not resolve the host.".to_owned(),
        Kind::CertificateError => "No HTTP response arrived at all: the TLS handshake failed on the certificate.".to_owned(),
        Kind::BlockedByClient => "The browser itself (an extension) cancelled the request before it was sent.".to_owned(),
        Kind::NetworkError => "No HTTP response arrived (Firefox's \"CORS request did not succeed\" means exactly this): the server is down or unreachable, the certificate is not trusted, or the connection was cut. A specific reason line above it, if any, is the real error.".to_owned(),
        Kind::TooManyRedirects => "The request kept being redirected (more than 20 times): a redirect loop, not CORS.".to_owned(),
        Kind::CsrfOriginCheck => "CORS passed, but the server's own CSRF protection rejected the request's Origin.".to_owned(),
        Kind::WebSocket => "WebSockets are not covered by CORS; the server refused the handshake (often an Origin allowlist on the server).".to_owned(),
        Kind::RedirectRefused => "The request was made with redirect: 'error' (or similar) and the server answered with a redirect.".to_owned(),
        Kind::FetchFailed => "This is the page's generic rejection; the browser never tells scripts why. The console has a more specific line above it (a CORS message or a net::ERR_… code): paste that one, or probe the endpoint.".to_owned(),
        _ => String::new(),
    };
    if let Some(first) = &r.redirected_from {
        m.push_str(&format!(
            " The request started at {first} and was redirected; the failing response came from {}.",
            r.url.as_deref().unwrap_or("the redirect target")
        ));
    } else if let Some(loc) = &r.location {
        m.push_str(&format!(" The failing step was a redirect to {loc}."));
    }
    if let Some(s) = r.status
        && !matches!(kind, Kind::Cors(E::PreflightInvalidStatus))
        && s >= 400
    {
        m.push_str(&format!(
            " The {} status was {s} ({}): the server (or a proxy in front of it) failed, and that error is the real problem to look at.",
            if r.preflight == Some(true) { "preflight's" } else { "response's" },
            status_text(s)
        ));
    }
    if r.legacy {
        m.push_str(" (This wording is from an older browser version.)");
    }
    m
}
