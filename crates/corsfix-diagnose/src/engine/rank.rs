//! The one ranking: from an [`Obs`] to causes, most likely first, and the questions that would
//! separate them. Each failure is ranked once; what a recorded exchange shows makes a cause
//! certain, what a pasted text says makes it likely, and what neither says is asked, not
//! assumed (no status in a paste means no cause is likely by default).

use corsfix_model::cors;
use corsfix_model::error::CorsError as E;
use corsfix_model::headers;
use corsfix_model::method;
use corsfix_model::parse::Kind;
use corsfix_model::{Browser, Origin};

use super::Builder;
use super::observe::Obs;
use crate::catalog::{CauseCode as C, Facts, Likelihood};
use crate::heuristics::{
    Refused, automatic_options, cors_refusal, csrf_refusal, is_app_origin, is_cache_hit,
    is_close_variant, is_object_storage, is_origin_with_path, is_spring_error, is_third_party_host,
    is_tracker_url, looks_like_login, malformed_path, redirect_change,
};
use corsfix_model::exchange::{Exchange, Purpose};

use Likelihood::{Certain, Likely, Possible};

impl Obs<'_> {
    /// How sure a cause is that the evidence shows: certain when recorded, likely when read.
    fn sure(&self) -> Likelihood {
        if self.recorded { Certain } else { Likely }
    }

    /// The facts every cause starts from.
    pub(crate) fn facts(&self) -> Facts {
        Facts {
            origin: self.origin.clone(),
            url: self.url.clone(),
            status: self.status,
            method: self.method.clone(),
            location: self.location.clone(),
            ..Facts::default()
        }
    }

    fn url_is(&self, test: impl Fn(&str) -> bool) -> bool {
        self.url.as_deref().is_some_and(&test) || self.first_url.as_deref().is_some_and(&test)
    }

    /// Whether the request is for a font, a module script or a stylesheet (Chromium's
    /// resource word, or a font file's extension); in a pasted text also an image or a media
    /// file (WebKit's "Cross-origin image load denied", Chromium's `Access to image at`, a
    /// `.png` URL: loaded with `crossorigin`, for a canvas) and a redirect target that is one.
    fn is_asset(&self) -> bool {
        let word = self
            .resource
            .as_deref()
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        // Chromium names a web app manifest's fetch (`<link rel=manifest>`, made without
        // credentials unless `crossorigin="use-credentials"`) "manifest", and before that
        // "internal resource": `Access to manifest at '…'`.
        if matches!(
            word.as_str(),
            "font" | "script" | "stylesheet" | "css stylesheet" | "manifest" | "internal resource"
        ) {
            return true;
        }
        let ends = |u: &str, exts: &[&str]| {
            let path = u
                .split(['?', '#'])
                .next()
                .unwrap_or_default()
                .to_ascii_lowercase();
            exts.iter().any(|x| path.ends_with(x))
        };
        const FONTS: [&str; 5] = [".woff2", ".woff", ".ttf", ".otf", ".eot"];
        if self.url_is(|u| ends(u, &FONTS)) {
            return true;
        }
        if self.recorded {
            return false;
        }
        const FILES: [&str; 19] = [
            ".js", ".mjs", ".css", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".avif",
            ".ico", ".bmp", ".mp3", ".mp4", ".webm", ".ogg", ".wav", ".m4a", ".wasm",
        ];
        matches!(word.as_str(), "image" | "media" | "video" | "audio")
            || self.url_is(|u| ends(u, &FONTS) || ends(u, &FILES))
            || self
                .location
                .as_deref()
                .is_some_and(|u| ends(u, &FONTS) || ends(u, &FILES))
    }

    /// Whether the URL's scheme has no CORS at all (`file:`, an app's custom scheme).
    fn scheme_not_http(&self) -> bool {
        self.url.as_deref().is_some_and(|u| {
            let lower = u.trim().to_ascii_lowercase();
            if ["file:", "data:", "blob:"]
                .iter()
                .any(|s| lower.starts_with(s))
            {
                return true;
            }
            let Some((scheme, _)) = lower.split_once("://") else {
                return false;
            };
            !scheme.is_empty()
                && scheme
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
                && !matches!(scheme, "http" | "https" | "ws" | "wss")
        })
    }

    /// Whether the failing URL is an identity provider's sign-in page (its host, or an
    /// `/authorize`, `/login`, `/signin`, SAML or ADFS path): an API call only ends there
    /// after a redirect to sign in.
    fn is_sign_in_page(&self) -> bool {
        self.url_is(is_sign_in_url)
    }

    /// Whether the method was sent with lower-case letters (`patch`): fetch upper-cases only
    /// six methods, and servers list `PATCH`.
    fn lowercase_method(&self) -> bool {
        self.method
            .as_deref()
            .is_some_and(|m| m.bytes().any(|c| c.is_ascii_lowercase()) && method::normalize(m) == m)
    }

    fn null_origin(&self) -> bool {
        self.origin.as_deref() == Some("null")
    }

    /// A pasted failure from a browser extension's or an app web view's page
    /// ([`is_app_origin`]): the allow-list is the first suspect, unless the text shows an
    /// error status (an error page lacks CORS headers whatever the origin). Not used for a
    /// failed preflight, whose first suspects stay the OPTIONS route and auth (measured: on
    /// preflights it ranked the allow-list above the thread's cause in the second held-out
    /// corpus).
    fn app_origin_refused(&self, b: &mut Builder, f: &Facts) {
        if let Some(origin) = self.origin.as_deref().filter(|o| is_app_origin(o))
            && !self.recorded
            && self.status.is_none_or(|s| s < 400)
        {
            b.add_with(
                C::OriginNotInAllowList,
                Likely,
                f,
                &format!(
                    "`{origin}` is an extension's or an app's own origin, which a server allows only when it is added to its allow-list."
                ),
            );
        }
    }

    /// Whether the request needs a preflight, as far as the evidence tells.
    fn preflighted(&self) -> Option<bool> {
        if self.on_preflight == Some(true) {
            return Some(true);
        }
        if let Some(run) = self.run {
            return Some(corsfix_model::cors::needs_preflight(
                &run.request.method,
                &run.request.headers,
                Browser::Chrome,
            ));
        }
        self.method
            .as_deref()
            .filter(|m| !method::is_cors_safelisted(m))
            .map(|_| true)
    }

    /// Whether the recorded request carried credentials.
    fn credentials(&self) -> bool {
        self.run.is_some_and(|r| r.request.credentials)
    }

    /// The response header value of the failing exchange.
    fn header(&self, name: &str) -> Option<String> {
        self.ex.and_then(|e| e.header(name))
    }

    /// Whether the preflight for the failing URL carried `Access-Control-Allow-Origin`.
    fn preflight_had_acao(&self) -> Option<bool> {
        self.run?;
        Some(
            self.preflight_ex
                .and_then(|e| e.header("access-control-allow-origin"))
                .is_some(),
        )
    }

    /// The `Access-Control-Allow-Origin` an extra probe got, and the origin it sent.
    fn extra_acao(&self, purpose: corsfix_model::exchange::Purpose) -> Option<(String, String)> {
        let e = self.run?.extra.iter().find(|e| e.purpose == purpose)?;
        Some((
            e.request_header("origin").unwrap_or_default().to_owned(),
            e.header("access-control-allow-origin")?,
        ))
    }

    /// A close variant of the page's origin that the server does allow.
    fn allowed_variant(&self) -> Option<String> {
        self.run?.extra.iter().find_map(|e| {
            if e.purpose != corsfix_model::exchange::Purpose::OriginVariant {
                return None;
            }
            let sent = e.request_header("origin").unwrap_or_default();
            let v = e.header("access-control-allow-origin")?;
            (v == sent && v != "*").then_some(v)
        })
    }

    /// The extra probes of one kind that the server let through for the page's origin: a 2xx
    /// with `Access-Control-Allow-Origin` naming the origin (or `*`).
    fn passing(&self, purpose: Purpose) -> Vec<&Exchange> {
        let (Some(run), Some(origin)) = (self.run, self.origin.as_deref()) else {
            return Vec::new();
        };
        run.extra
            .iter()
            .filter(|e| {
                e.purpose == purpose
                    && e.status.is_some_and(|s| (200..300).contains(&s))
                    && admits(e, origin)
            })
            .collect()
    }

    /// A path of the same server that does get CORS headers for the page's origin, when the
    /// failing URL gets none (the "other path" probes).
    fn cors_elsewhere(&self) -> Option<&Exchange> {
        let (run, origin) = (self.run?, self.origin.as_deref()?);
        run.extra
            .iter()
            .find(|e| e.purpose == Purpose::OtherPath && admits(e, origin))
    }

    /// A preflight to a path that does not exist (the "other path" probe after a failed
    /// preflight) that the server answered with CORS headers for the page's origin.
    fn preflight_elsewhere(&self) -> Option<&Exchange> {
        self.passing(Purpose::OtherPath)
            .into_iter()
            .find(|e| e.method == "OPTIONS")
    }

    /// The failing response's body.
    fn body(&self) -> Option<&str> {
        self.ex.and_then(|e| e.body.as_deref())
    }

    /// Whether an unrelated origin gets `Access-Control-Allow-Origin` where ours gets none.
    fn others_are_allowed(&self) -> bool {
        self.extra_acao(corsfix_model::exchange::Purpose::OtherOrigin)
            .is_some()
    }
}

/// How an allowed-origin value relates to the page's origin.
fn mismatch_code(value: &str, origin: &str) -> C {
    if is_origin_with_path(value, origin) {
        C::TrailingSlashOrigin
    } else {
        C::OriginMismatch
    }
}

/// Whether the host of `value` is one or two edits away from the origin's (a typo in the
/// configured origin rather than another site).
fn is_typo_of(value: &str, origin: &str) -> bool {
    let (Some(a), Some(b)) = (
        crate::heuristics::host_of(value),
        crate::heuristics::host_of(origin),
    ) else {
        return false;
    };
    a != b && a.len() > 3 && corsfix_policy::edit_distance(&a, &b) <= 2
}

/// Whether a URL is an identity provider's sign-in page: a path step that only such a page
/// has (OAuth's `authorize`, SAML, ADFS). Stricter than `looks_like_login`, which also takes
/// an identity provider's host (whose token endpoints are APIs) and `/login`, `/auth` or
/// `/session` (an API's own login route is called with fetch), for URLs that no redirect is
/// known to have led to.
fn is_sign_in_url(url: &str) -> bool {
    if !looks_like_login(url) {
        return false;
    }
    let Ok(u) = url::Url::parse(&url.to_ascii_lowercase()) else {
        return false;
    };
    u.path_segments().is_some_and(|mut segs| {
        segs.any(|seg| matches!(seg, "authorize" | "saml" | "saml2" | "adfs"))
    })
}

/// Whether an allowed-origin value is a pattern sent literally (`https://*.example.com`).
fn is_literal_pattern(value: &str) -> bool {
    value != "*" && (value.contains('*') || value.starts_with('^') || value.ends_with('$'))
}

/// Whether an answer passes the model's CORS check for `origin` without credentials: its
/// `Access-Control-Allow-Origin` is that origin or `*`.
fn admits(e: &Exchange, origin: &str) -> bool {
    let acao = e.header("access-control-allow-origin");
    cors::cors_check(acao.as_deref(), None, origin, false).is_ok()
}

/// The one ranking.
pub(crate) fn rank(b: &mut Builder, o: &Obs<'_>) {
    let Some(kind) = o.kind else { return };
    let f = o.facts();

    // A redirect to a login page is the story whatever the last check says.
    if let Some(login) = &o.login_redirect {
        let mut rf = f.clone();
        rf.location = Some(login.clone());
        let seen = match (&o.chain, o.status) {
            (Some(chain), _) if !chain.is_empty() => {
                format!("The request was redirected to {login} ({chain}).")
            }
            (_, Some(s)) if o.recorded => {
                format!("The request was answered {s} with a redirect to {login}.")
            }
            _ => String::new(),
        };
        b.add_with(C::RedirectToLogin, Likely, &rf, &seen);
    }
    if o.tainted {
        let mut rf = f.clone();
        rf.location.clone_from(&o.url);
        b.add_with(
            C::RedirectTaintedOrigin,
            if o.login_redirect.is_some() {
                Possible
            } else {
                Likely
            },
            &rf,
            &format!(
                "After the cross-origin redirect the browser sent `Origin: null` to {}.",
                o.url.as_deref().unwrap_or_default()
            ),
        );
    }

    // A pasted URL whose path is plainly broken (`//`, `undefined`): the request could never
    // reach its route, whatever the CORS setup. First for a CORS failure or a bare HTTP
    // error; after the look-alike's own cause otherwise.
    let broken_url = if o.recorded {
        None
    } else {
        [o.first_url.as_deref(), o.url.as_deref()]
            .into_iter()
            .flatten()
            .find_map(|u| {
                malformed_path(u).map(|what| {
                    let mut uf = f.clone();
                    uf.url = Some(u.to_owned());
                    uf.value = Some(what.to_owned());
                    uf
                })
            })
    };
    if let Some(uf) = &broken_url
        && (kind.is_cors() || kind == Kind::HttpError)
    {
        b.add(C::WrongRequestUrl, Likely, uf);
    }
    match kind {
        Kind::Cors(e) => cors(b, o, e, &f),
        Kind::OriginNotAllowed => origin_not_allowed(b, o, &f),
        Kind::AccessControlChecks => {
            reason_unknown_hints(b, o, &f);
            for c in [
                C::NoCorsHeaders,
                C::OptionsNotRouted,
                C::OriginMismatch,
                C::ErrorResponseWithoutCors,
                C::HeaderNotAllowed,
                C::WildcardWithCredentials,
            ] {
                b.add(c, Possible, &f);
            }
            b.ask(
                "What does the failing request show in the Network tab (its status, and the OPTIONS row if there is one)?",
                &[
                    ("OPTIONS got 401 or 403", C::AuthBeforeCors),
                    ("OPTIONS got 404 or 405", C::OptionsNotRouted),
                    ("the request got 4xx or 5xx", C::ErrorResponseWithoutCors),
                    ("200, without Access-Control-Allow-Origin", C::NoCorsHeaders),
                    ("200, with Access-Control-Allow-Origin naming another origin", C::OriginMismatch),
                ],
                &f,
            );
        }
        Kind::PreflightMissingAllowPrivateNetwork
        | Kind::PreflightInvalidAllowPrivateNetwork
        | Kind::PreflightMissingPrivateNetworkAccessId
        | Kind::PreflightMissingPrivateNetworkAccessName => {
            b.add(C::PnaMissingAllowPrivateNetwork, Likely, &f);
            b.add(C::LnaPermissionDenied, Possible, &f);
        }
        Kind::UnexpectedPrivateNetworkAccess => b.add(C::LnaAddressSpaceMismatch, Likely, &f),
        Kind::PrivateNetworkAccessPermissionUnavailable => {
            b.add(C::LnaPermissionDenied, Likely, &f);
        }
        Kind::AuthorizationNotCoveredByWildcard => {
            b.add(C::WildcardDoesNotCoverAuthorization, Likely, &f);
        }
        Kind::FetchFailed => fetch_failed(b, &f),
        Kind::CanvasTainted | Kind::UnexposedHeader | Kind::EmptyBody => {
            page_exception(b, o, kind, &f);
        }
        other => lookalike(b, o, other, &f),
    }
    if let Some(uf) = &broken_url {
        b.add(C::WrongRequestUrl, Possible, uf);
    }
}

/// A CORS failure whose reason the text does not carry: what the URL and the resource say
/// still ranks some causes first (each only when its hint is there).
fn reason_unknown_hints(b: &mut Builder, o: &Obs<'_>, f: &Facts) {
    if o.scheme_not_http() {
        b.add(C::UnsupportedScheme, Likely, f);
    }
    if o.null_origin() {
        b.add(C::NullOrigin, Possible, f);
        b.add(C::UnsupportedScheme, Possible, f);
    }
    if o.is_sign_in_page() {
        b.add(C::RedirectToLogin, Likely, f);
    }
    if o.is_asset() {
        b.add(C::StaticAssetCors, Likely, f);
    }
    if o.url_is(is_object_storage) {
        b.add(C::ObjectStorageCors, Likely, f);
    }
    if o.url_is(is_third_party_host) {
        b.add(C::ThirdPartyApi, Likely, f);
    }
    o.app_origin_refused(b, f);
    if o.on_preflight == Some(true) {
        for c in [C::OptionsNotRouted, C::AuthBeforeCors, C::NoCorsHeaders] {
            b.add(c, Possible, f);
        }
    }
}

/// The not-CORS failures: one cause each (the network ones from a pasted `net::ERR_…` or a
/// probe's own failure).
fn lookalike(b: &mut Builder, o: &Obs<'_>, kind: Kind, f: &Facts) {
    let sure = o.sure();
    let seen = o
        .detail
        .as_deref()
        .map(|d| format!("{d}."))
        .unwrap_or_default();
    match kind {
        Kind::CorsDisabled => b.add(C::BrowserCorsDisabled, Likely, f),
        Kind::MixedContent => {
            let seen = match (o.recorded, &o.origin, &o.url) {
                (true, Some(origin), Some(target)) => format!(
                    "The page is on {origin} (https) and the request goes to {target} (http); nothing was sent."
                ),
                _ => String::new(),
            };
            b.add_with(C::NotCorsMixedContent, sure, f, &seen);
        }
        Kind::ContentSecurityPolicy => b.add(C::NotCorsCsp, Likely, f),
        Kind::BlockedByResponse => b.add(C::NotCorsCorpCoep, Likely, f),
        Kind::BlockedByOrb => {
            b.add(C::NotCorsOrb, Likely, f);
            b.add(C::NoCorsMode, Possible, f);
        }
        Kind::ConnectionRefused => b.add(C::NotCorsConnectionRefused, sure, f),
        Kind::NameNotResolved => b.add(C::NotCorsNameNotResolved, sure, f),
        Kind::CertificateError => b.add_with(C::NotCorsCertificate, sure, f, &seen),
        Kind::BlockedByClient => b.add(C::NotCorsBlockedByClient, Likely, f),
        Kind::NetworkError => {
            let seen = if o.preflight_unanswered {
                format!(
                    "The OPTIONS preflight was never answered ({}): Chrome shows the request as pending, then fails it. Whatever answers OPTIONS (a proxy, a firewall, a handler that never responds) hangs.",
                    o.detail.as_deref().unwrap_or("no response")
                )
            } else {
                seen
            };
            if !o.recorded && o.url_is(is_tracker_url) {
                // An analytics or error-reporting endpoint: content blockers block those.
                b.add(C::NotCorsBlockedByClient, Likely, f);
            }
            b.add_with(C::NotCorsNetworkError, sure, f, &seen);
            if !o.recorded {
                if o.browser == Some(Browser::Firefox) {
                    b.add(C::NotCorsCertificate, Possible, f);
                }
                b.add(C::NotCorsConnectionRefused, Possible, f);
                b.add(C::NotCorsBlockedByClient, Possible, f);
            }
        }
        Kind::TooManyRedirects => b.add_with(C::NotCorsTooManyRedirects, sure, f, &seen),
        Kind::CsrfOriginCheck => b.add(C::NotCorsCsrf, Likely, f),
        Kind::WebSocket => b.add(C::NotCorsWebsocket, Likely, f),
        Kind::RedirectRefused => b.add(C::NotCorsRedirectMode, Likely, f),
        Kind::FrameRefused => {
            let mut ff = f.clone();
            ff.value.clone_from(&o.parameter);
            b.add(C::NotCorsFrameOptions, Likely, &ff);
        }
        Kind::CrossFrameAccess => b.add(C::NotCorsCrossFrame, Likely, f),
        Kind::PostMessageOrigin => b.add(C::NotCorsPostmessageOrigin, Likely, f),
        Kind::OpenerPolicy => b.add(C::NotCorsOpenerPolicy, Likely, f),
        Kind::StorageBlocked => {
            b.add(C::NotCorsStorageBlocked, Likely, f);
            // A bare `SecurityError` ("The operation is insecure.", WebKit's "DOM Exception
            // 18"): engines throw the same one for a tainted canvas and for a read of another
            // origin's window, so those stay listed and a question separates them.
            if o.parameter.as_deref() == Some("SecurityError") {
                b.add(C::StaticAssetCors, Possible, f);
                b.add(C::NotCorsCrossFrame, Possible, f);
                b.ask(
                    "What did the code touch when it threw: storage (localStorage, cookies, IndexedDB), a canvas (getImageData, toDataURL) or another window or frame?",
                    &[
                        ("storage", C::NotCorsStorageBlocked),
                        ("a canvas", C::StaticAssetCors),
                        ("another window", C::NotCorsCrossFrame),
                    ],
                    f,
                );
            }
        }
        Kind::LocalResource => b.add(C::NotCorsLocalResource, Likely, f),
        Kind::MimeType => {
            let mut mf = f.clone();
            mf.value.clone_from(&o.parameter);
            b.add(C::NotCorsMimeType, Likely, &mf);
        }
        Kind::ForbiddenHeader => {
            let mut hf = f.clone();
            hf.header.clone_from(&o.parameter);
            b.add(C::NotCorsForbiddenHeader, Likely, &hf);
        }
        Kind::SafeBrowsing => b.add(C::NotCorsSafeBrowsing, Likely, f),
        Kind::HttpError => {
            b.add(C::NotCorsHttpError, Likely, f);
            // Older Chrome printed the status line next to its CORS line (without
            // `net::ERR_FAILED`); pasted alone it may be that.
            b.add(C::ErrorResponseWithoutCors, Possible, f);
            b.ask(
                "Is there a red CORS line next to it in the console (\"has been blocked by CORS policy\", \"Cross-Origin Request Blocked\")?",
                &[
                    ("no", C::NotCorsHttpError),
                    ("yes", C::ErrorResponseWithoutCors),
                ],
                f,
            );
        }
        Kind::FetchUnsupported => b.add(C::NotCorsFetchUnsupported, Likely, f),
        Kind::PermissionDenied => b.add(C::NotCorsPermission, Likely, f),
        Kind::CrossOriginIsolation => b.add(C::NotCorsCrossOriginIsolation, Likely, f),
        _ => b.add(C::NoCorsHeaders, Possible, f),
    }
}

/// The page's exceptions that point at a CORS cause.
fn page_exception(b: &mut Builder, o: &Obs<'_>, kind: Kind, f: &Facts) {
    match kind {
        Kind::CanvasTainted => {
            b.add(C::StaticAssetCors, Likely, f);
            b.add(C::BrowserCacheNonCors, Possible, f);
        }
        Kind::UnexposedHeader => {
            let mut hf = f.clone();
            hf.header.clone_from(&o.parameter);
            b.add(C::MissingExposeHeaders, Likely, &hf);
        }
        Kind::EmptyBody => {
            b.add(C::NoCorsMode, Possible, f);
            b.ask(
                "Does the fetch() call pass `mode: 'no-cors'`?",
                &[("yes", C::NoCorsMode)],
                f,
            );
        }
        _ => {}
    }
}

/// Only the page's generic rejection: every candidate, none likely, and the question the
/// Network tab answers. A network failure comes first: a CORS block always prints its own red
/// line naming CORS just above the rejection, and that line is the one people paste; a paste
/// of the rejection alone suggests there was none.
fn fetch_failed(b: &mut Builder, f: &Facts) {
    if f.url.as_deref().is_some_and(is_tracker_url) {
        b.add(C::NotCorsBlockedByClient, Likely, f);
    }
    for c in [
        C::NotCorsNetworkError,
        C::NoCorsHeaders,
        C::NotCorsConnectionRefused,
        C::NotCorsBlockedByClient,
        C::NotCorsCertificate,
        C::NotCorsMixedContent,
    ] {
        b.add(c, Possible, f);
    }
    b.ask(
        "What does the Network tab show for the request (the Status column, or the console line just above this one)?",
        &[
            ("CORS error, or a status with a red CORS line", C::NoCorsHeaders),
            ("(failed) net::ERR_BLOCKED_BY_CLIENT", C::NotCorsBlockedByClient),
            ("(failed) net::ERR_CONNECTION_REFUSED", C::NotCorsConnectionRefused),
            ("(failed) net::ERR_CERT_… or ERR_SSL_…", C::NotCorsCertificate),
            ("(blocked:mixed-content)", C::NotCorsMixedContent),
            ("(failed) with another net::ERR_…", C::NotCorsNetworkError),
        ],
        f,
    );
}

#[allow(clippy::too_many_lines)]
fn cors(b: &mut Builder, o: &Obs<'_>, e: E, f: &Facts) {
    let sure = o.sure();
    let param = o.parameter.clone().unwrap_or_default();
    let origin = o.origin.clone().unwrap_or_default();
    match e {
        E::MissingAllowOriginHeader | E::PreflightMissingAllowOriginHeader => {
            if o.on_preflight == Some(true) || e.is_preflight() {
                missing_acao_preflight(b, o, e, f);
            } else {
                missing_acao(b, o, f);
            }
        }
        E::PreflightInvalidStatus => missing_acao_preflight(b, o, e, f),
        E::AllowOriginMismatch | E::PreflightAllowOriginMismatch => {
            let mut mf = f.clone();
            mf.value = Some(param.clone());
            let redirected = o.first_url.is_some();
            if o.tainted && origin != "null" {
                // Explained by the redirect taint above.
                return;
            }
            if !o.recorded && redirected && param == origin {
                b.add(C::RedirectTaintedOrigin, Likely, &mf);
            }
            if o.null_origin() {
                b.add(C::NullOrigin, Likely, &mf);
            }
            let seen = if o.recorded {
                format!(
                    "The server answers `Access-Control-Allow-Origin: {param}` to `Origin: {origin}`."
                )
            } else {
                String::new()
            };
            if !origin.is_empty() && is_origin_with_path(&param, &origin)
                || origin.is_empty()
                    && param.len() > 1
                    && url::Url::parse(&param)
                        .is_ok_and(|u| u.path() != "/" || param.ends_with('/'))
            {
                b.add_with(C::TrailingSlashOrigin, sure, &mf, &seen);
                b.add(C::OriginMismatch, Possible, &mf);
                return;
            }
            if is_literal_pattern(&param) {
                b.add_with(
                    C::InvalidAllowOrigin,
                    sure,
                    &mf,
                    &format!("`{param}` is a pattern: browsers compare the header with the origin as a plain string, so the server must send the matching origin itself."),
                );
                return;
            }
            // Two pages, each refused with the other's origin: the server reflects the
            // request's Origin, and a cache that does not key on it (no `Vary: Origin`,
            // Fetch "CORS protocol and HTTP caches") served one page's answer to the other.
            if let Some((page, value)) = &o.swapped_origin {
                b.add_with(
                    C::CachedAllowOrigin,
                    Likely,
                    &mf,
                    &format!("The text shows `{page}` refused with `Access-Control-Allow-Origin: {value}`, an origin the other line's page has: each got an answer made for the other."),
                );
                b.add(C::SingleStaticOrigin, Possible, &mf);
                b.add(C::OriginMismatch, Possible, &mf);
                return;
            }
            if o.ex.is_some_and(is_cache_hit)
                && Origin::parse(&param).is_ok()
                && !is_close_variant(&param, &origin)
            {
                b.add_with(
                    C::CachedAllowOrigin,
                    Likely,
                    &mf,
                    &format!("The response came from a cache (Age / X-Cache headers) with `Access-Control-Allow-Origin: {param}`."),
                );
                return;
            }
            let close = origin.is_empty() || param == "null" || is_close_variant(&param, &origin);
            if close || is_typo_of(&param, &origin) {
                b.add_with(C::OriginMismatch, sure, &mf, &seen);
                b.add(C::SingleStaticOrigin, Possible, &mf);
                return;
            }
            // Another site's origin.
            let fixed = o
                .extra_acao(corsfix_model::exchange::Purpose::OtherOrigin)
                .is_some_and(|(_, v)| v == param);
            if o.recorded && fixed {
                let other = o
                    .extra_acao(corsfix_model::exchange::Purpose::OtherOrigin)
                    .map(|(s, _)| s)
                    .unwrap_or_default();
                b.add_with(
                    C::SingleStaticOrigin,
                    Certain,
                    &mf,
                    &format!("The server answers `Access-Control-Allow-Origin: {param}` whatever the request's Origin (it gave the same to {other})."),
                );
                return;
            }
            if !o.recorded && (o.url_is(is_third_party_host) || o.is_asset()) {
                // Someone else's CDN or API echoing whoever came first.
                b.add(C::CachedAllowOrigin, Likely, &mf);
                b.add(C::SingleStaticOrigin, Possible, &mf);
                b.add(C::ThirdPartyApi, Possible, &mf);
                return;
            }
            if o.recorded {
                b.add_with(C::OriginMismatch, Certain, &mf, &seen);
                return;
            }
            b.add(C::SingleStaticOrigin, Likely, &mf);
            b.add(C::CachedAllowOrigin, Possible, &mf);
            b.add(C::OriginMismatch, Possible, &mf);
        }
        E::MultipleAllowOriginValues | E::PreflightMultipleAllowOriginValues => {
            let mut mf = f.clone();
            mf.value = Some(param.clone());
            let lines = o.ex.map_or(0, |x| {
                headers::count_lines(&x.response_headers, "access-control-allow-origin")
            });
            if lines > 1 {
                b.add_with(
                    C::DuplicateAllowOrigin,
                    Certain,
                    &mf,
                    &format!("The response carries {lines} Access-Control-Allow-Origin lines (`{param}`)."),
                );
                return;
            }
            let items: Vec<&str> = param
                .split([',', ' '])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .collect();
            let mut distinct = items.clone();
            distinct.sort_unstable();
            distinct.dedup();
            // The same value twice, or a `*` next to one origin: two layers each adding the
            // header. Many distinct origins: a list configured into one header.
            let duplicate = items.is_empty()
                || distinct.len() == 1
                || (distinct.len() == 2 && distinct.contains(&"*"));
            let seen = if o.recorded {
                format!("Access-Control-Allow-Origin is `{param}`.")
            } else {
                String::new()
            };
            if duplicate {
                b.add_with(C::DuplicateAllowOrigin, sure, &mf, &seen);
                b.add(C::OriginListInHeader, Possible, &mf);
            } else {
                b.add_with(C::OriginListInHeader, sure, &mf, &seen);
                b.add(C::DuplicateAllowOrigin, Possible, &mf);
            }
        }
        E::InvalidAllowOriginValue | E::PreflightInvalidAllowOriginValue => {
            let mut mf = f.clone();
            mf.value = Some(param);
            b.add(C::InvalidAllowOrigin, sure, &mf);
        }
        E::WildcardOriginNotAllowed | E::PreflightWildcardOriginNotAllowed => {
            let seen = if o.recorded {
                "The response says `Access-Control-Allow-Origin: *` and the request carries credentials."
            } else {
                ""
            };
            b.add_with(C::WildcardWithCredentials, sure, f, seen);
        }
        E::InvalidAllowCredentials | E::PreflightInvalidAllowCredentials => {
            let mut mf = f.clone();
            mf.value = Some(param.clone());
            let seen = if !o.recorded {
                String::new()
            } else if param.is_empty() {
                format!(
                    "The {} has no Access-Control-Allow-Credentials header.",
                    if o.on_preflight == Some(true) {
                        "preflight response"
                    } else {
                        "response"
                    }
                )
            } else {
                format!("Access-Control-Allow-Credentials is `{param}`, not `true`.")
            };
            b.add_with(C::CredentialsNotAllowed, sure, &mf, &seen);
        }
        E::MethodDisallowedByPreflightResponse => {
            let m = if param.is_empty() {
                o.method.clone().unwrap_or_default()
            } else {
                param
            };
            let mut mf = f.clone();
            mf.method = Some(m.clone()).filter(|m| !m.is_empty());
            let acam = o.header("access-control-allow-methods");
            let seen = match (&acam, o.recorded) {
                (_, false) => String::new(),
                (None, true) => format!(
                    "The preflight response has no Access-Control-Allow-Methods, so only GET, HEAD and POST pass; `{m}` does not."
                ),
                (Some(v), true) => {
                    // The model's check, with and without credentials: `*` is a wildcard
                    // only without them.
                    let tokens = headers::parse_token_list(v).unwrap_or_default();
                    if o.credentials()
                        && cors::is_method_allowed(&m, &tokens, false)
                        && !cors::is_method_allowed(&m, &tokens, true)
                    {
                        format!(
                            "Access-Control-Allow-Methods is `{v}`: `*` covers `{m}` only for requests without credentials, and this one has them."
                        )
                    } else {
                        format!("Access-Control-Allow-Methods is `{v}`; `{m}` is not in it.")
                    }
                }
            };
            if m.bytes().any(|c| c.is_ascii_lowercase()) {
                b.add_with(C::LowercasePatch, sure, &mf, &seen);
                if !o.recorded {
                    b.add(C::MethodNotAllowed, Possible, &mf);
                }
            } else {
                b.add_with(C::MethodNotAllowed, sure, &mf, &seen);
            }
        }
        E::HeaderDisallowedByPreflightResponse => {
            let mut hf = f.clone();
            hf.header = Some(param.clone()).filter(|h| !h.is_empty());
            let h = param.to_ascii_lowercase();
            let acah = o.header("access-control-allow-headers");
            let seen = match (&acah, o.recorded) {
                (_, false) => String::new(),
                (None, true) => format!(
                    "The preflight asked for `{param}`, and the response has no Access-Control-Allow-Headers."
                ),
                (Some(v), true) => {
                    let tokens = headers::parse_token_list(v).unwrap_or_default();
                    if o.credentials()
                        && cors::is_header_allowed(&param, &tokens, false)
                        && !cors::is_header_allowed(&param, &tokens, true)
                    {
                        format!(
                            "The preflight asked for `{param}`; Access-Control-Allow-Headers is `{v}`, and `*` covers it only for requests without credentials."
                        )
                    } else {
                        format!(
                            "The preflight asked for `{param}`; Access-Control-Allow-Headers is `{v}`."
                        )
                    }
                }
            };
            // `*` in the list (which the standard never lets cover Authorization).
            let wildcard = acah
                .as_deref()
                .is_some_and(|v| headers::parse_token_list(v).is_ok_and(|t| t.contains(&"*")));
            if h.starts_with("access-control-") {
                b.add_with(C::AccessControlHeaderOnRequest, sure, &hf, &seen);
                if !o.recorded {
                    b.add(C::HeaderNotAllowed, Possible, &hf);
                }
            } else if h == "authorization" && wildcard {
                b.add_with(C::WildcardDoesNotCoverAuthorization, sure, &hf, &seen);
            } else {
                b.add_with(C::HeaderNotAllowed, sure, &hf, &seen);
                if h == "authorization" && !o.recorded {
                    b.add(C::WildcardDoesNotCoverAuthorization, Possible, &hf);
                }
            }
        }
        E::InvalidAllowMethodsPreflightResponse => {
            let mut mf = f.clone();
            mf.value = o.parameter.clone();
            b.add(C::InvalidAllowMethods, sure, &mf);
        }
        E::InvalidAllowHeadersPreflightResponse => {
            let mut mf = f.clone();
            mf.value = o.parameter.clone();
            b.add(C::InvalidAllowHeaders, sure, &mf);
        }
        E::PreflightDisallowedRedirect => preflight_redirect(b, o, f),
        E::RedirectContainsCredentials => b.add(C::RedirectWithCredentials, sure, f),
        E::DisallowedByMode => b.add(C::DisallowedByMode, sure, f),
        E::CorsDisabledScheme => {
            b.add(C::UnsupportedScheme, sure, f);
            if o.null_origin() {
                b.add(C::NullOrigin, Possible, f);
            }
        }
        E::InvalidResponse => b.add(C::ServiceWorkerOpaque, sure, f),
        E::InsecureLocalNetwork
        | E::InvalidLocalNetworkAccess
        | E::LocalNetworkAccessPermissionDenied => {
            // The address space(s) the line names.
            let mut lf = f.clone();
            lf.value = o.parameter.clone().filter(|p| !p.is_empty());
            let code = match e.base() {
                E::InsecureLocalNetwork => C::LnaInsecureContext,
                E::InvalidLocalNetworkAccess => C::LnaAddressSpaceMismatch,
                _ => C::LnaPermissionDenied,
            };
            b.add(code, sure, &lf);
        }
        _ => b.add(C::NoCorsHeaders, Possible, f),
    }
}

fn preflight_redirect(b: &mut Builder, o: &Obs<'_>, f: &Facts) {
    let target = o
        .location
        .clone()
        .or_else(|| o.parameter.clone().filter(|p| p.contains("://")));
    let mut rf = f.clone();
    rf.location.clone_from(&target);
    let seen = match (&target, o.recorded, &o.url) {
        (Some(t), true, Some(u)) => format!(
            "The OPTIONS preflight got {}: {}.",
            o.status.unwrap_or_default(),
            redirect_change(u, t)
        ),
        _ => String::new(),
    };
    b.add_with(C::PreflightRedirect, o.sure(), &rf, &seen);
    if target.as_deref().is_some_and(looks_like_login) {
        b.add(C::RedirectToLogin, Possible, &rf);
    }
}

/// The actual response has no `Access-Control-Allow-Origin`.
#[allow(clippy::too_many_lines)]
fn missing_acao(b: &mut Builder, o: &Obs<'_>, f: &Facts) {
    let origin = o.origin.clone().unwrap_or_default();
    // A pasted 5xx comes from a crash or a gateway (502, 503, 504), whose error pages carry no
    // CORS headers whatever the origin: that is the story before anything about the origin
    // (a `null` one included), which only matters once the server answers normally.
    if !o.recorded && o.status.is_some_and(|s| s >= 500) {
        b.add(C::ErrorResponseWithoutCors, Likely, f);
    }
    if o.null_origin() {
        b.add(C::NullOrigin, Likely, f);
    }
    if o.url_is(is_object_storage) {
        b.add(C::ObjectStorageCors, Likely, f);
    }
    if !o.recorded && o.first_url.is_some() && o.url.as_deref().is_some_and(looks_like_login) {
        b.add(C::RedirectToLogin, Likely, f);
    }
    if !o.recorded && o.first_url.is_none() && o.is_sign_in_page() {
        // An API call does not target a sign-in page: it was redirected there.
        b.add(C::RedirectToLogin, Likely, f);
    }
    if !o.recorded && o.is_asset() {
        b.add(C::StaticAssetCors, Likely, f);
    }
    if o.lowercase_method() {
        b.add(C::LowercasePatch, Likely, f);
    }
    // Someone else's API or CDN: nothing to fix on "your server" (unless it failed with an
    // error status, which is the story then).
    if o.url_is(is_third_party_host) && o.status.is_none_or(|s| s < 500) {
        b.add_with(
            C::ThirdPartyApi,
            Likely,
            f,
            &format!(
                "{} is not a server you run, so its CORS answer is not yours to change.",
                o.url
                    .as_deref()
                    .and_then(crate::heuristics::host_of)
                    .unwrap_or_default()
            ),
        );
    }
    o.app_origin_refused(b, f);
    if !o.recorded && o.first_url.is_some() {
        if o.url.as_deref().is_some_and(looks_like_login) {
            b.add(C::RedirectToLogin, Likely, f);
            b.add(C::NoCorsHeaders, Possible, f);
        } else {
            // The first server redirected; the one at the end sent no CORS headers.
            let mut rf = f.clone();
            rf.location.clone_from(&o.url);
            b.add(C::RedirectTargetWithoutCors, Likely, &rf);
            b.add(C::NoCorsHeaders, Possible, f);
            b.add(C::RedirectToLogin, Possible, f);
        }
    }
    if o.is_asset() {
        b.add(C::StaticAssetCors, Likely, f);
    }
    let image = matches!(
        o.resource
            .as_deref()
            .map(str::to_ascii_lowercase)
            .as_deref(),
        Some("image" | "media" | "video")
    );
    let preflight_had_acao = o.preflight_had_acao();
    if o.recorded && refused_part(b, o, f) {
        return;
    }
    if let (Some(what), Some(s)) = (o.body().and_then(csrf_refusal), o.status)
        && s >= 400
    {
        b.add_with(
            C::NotCorsCsrf,
            o.sure(),
            f,
            &format!("The response is {s} from a CSRF check (`{what}`), and it carries no CORS headers either."),
        );
        b.add(C::ErrorResponseWithoutCors, Likely, f);
        return;
    }
    if o.recorded && o.status.is_some_and(|s| s < 400) && not_applied_here(b, o, f) {
        return;
    }
    // 419 is no IANA status: Laravel answers a missing or stale CSRF token with it ("Page
    // Expired", `TokenMismatchException`, Laravel's CSRF protection docs), and that error page
    // carries no CORS headers.
    if o.status == Some(419) {
        b.add_with(
            C::NotCorsCsrf,
            Likely,
            f,
            "The response is 419, Laravel's answer to a missing or expired CSRF token; it carries no CORS headers either.",
        );
        b.add(C::ErrorResponseWithoutCors, Likely, f);
        return;
    }
    match o.status {
        Some(s) if s >= 400 => {
            let (likelihood, seen) = match preflight_had_acao {
                Some(true) => (
                    Certain,
                    format!(
                        "The preflight passed with CORS headers, but the response is {s} without them."
                    ),
                ),
                Some(false) => (
                    Likely,
                    format!("The response is {s} and has no CORS headers."),
                ),
                None => (Likely, String::new()),
            };
            b.add_with(C::ErrorResponseWithoutCors, likelihood, f, &seen);
            if preflight_had_acao != Some(true) {
                b.add(C::NoCorsHeaders, Possible, f);
            }
            if !o.recorded {
                b.add(C::CorsMiddlewareNotApplied, Possible, f);
            }
        }
        Some(300..=399) if !o.recorded => {
            b.add(C::RedirectToLogin, Likely, f);
            b.add(C::NoCorsHeaders, Possible, f);
        }
        Some(s) if o.recorded => {
            if preflight_had_acao == Some(true) {
                b.add_with(
                    C::CorsOnlyOnPreflight,
                    Certain,
                    f,
                    &format!(
                        "The OPTIONS preflight has Access-Control-Allow-Origin; the {} response ({s}) does not.",
                        o.method.as_deref().unwrap_or("actual")
                    ),
                );
                return;
            }
            if allow_list_refuses(b, o, f, &origin, "response to") {
                return;
            }
            b.add_with(
                C::NoCorsHeaders,
                Certain,
                f,
                &format!(
                    "The {} got {s} with no Access-Control-Allow-Origin. (curl and Postman show the same response; only browsers enforce CORS.)",
                    o.method.as_deref().unwrap_or("request")
                ),
            );
            b.add(C::CorsMiddlewareNotApplied, Possible, f);
        }
        status => {
            // A pasted line: 2xx, or no status at all. Without a status nothing is likely.
            let known = status.is_some();
            let l = if known { Likely } else { Possible };
            b.add(C::NoCorsHeaders, l, f);
            if image {
                b.add(C::BrowserCacheNonCors, Possible, f);
            }
            b.add(C::OriginNotInAllowList, Possible, f);
            let needs_preflight = o.preflighted() == Some(true);
            b.add(
                C::CorsOnlyOnPreflight,
                if needs_preflight && known {
                    Likely
                } else {
                    Possible
                },
                f,
            );
            b.add(C::CorsMiddlewareNotApplied, Possible, f);
            if !known {
                b.add(C::ErrorResponseWithoutCors, Possible, f);
                b.ask(
                    "What status did the request get in the Network tab (the row of the failing request, Status column)?",
                    &[
                        ("200–299", C::NoCorsHeaders),
                        ("400–599 (401, 404, 500, 502, …)", C::ErrorResponseWithoutCors),
                        ("301, 302, 303, 307 or 308", C::RedirectToLogin),
                    ],
                    f,
                );
            }
            b.add(C::ThirdPartyApi, Possible, f);
        }
    }
}

/// What the extra probes and the refusal's own words say about a refused request: which part
/// of it (the origin, the method, a header) the CORS layer refuses. `true` when that decided.
#[allow(clippy::too_many_lines)]
/// No Access-Control-Allow-Origin for this origin, while the extra probes show a close variant of
/// it, or other origins, getting one: the allow-list is the cause. `what` names the exchange
/// ("response to", "preflight from"). True when a cause was added.
fn allow_list_refuses(b: &mut Builder, o: &Obs<'_>, f: &Facts, origin: &str, what: &str) -> bool {
    if let Some(allowed) = o.allowed_variant() {
        let mut mf = f.clone();
        mf.value = Some(allowed.clone());
        b.add_with(
            mismatch_code(&allowed, origin),
            Likely,
            &mf,
            &format!(
                "The server sends no Access-Control-Allow-Origin to `Origin: {origin}`, but does to `Origin: {allowed}`: its allow-list holds that value instead."
            ),
        );
        return true;
    }
    if o.others_are_allowed() {
        b.add_with(
            C::OriginNotInAllowList,
            Likely,
            f,
            &format!(
                "The {what} `{origin}` gets no Access-Control-Allow-Origin, while other origins do: `{origin}` is not on the allow-list."
            ),
        );
        return true;
    }
    false
}

fn refused_part(b: &mut Builder, o: &Obs<'_>, f: &Facts) -> bool {
    if !o.recorded {
        return false;
    }
    let origin = o.origin.clone().unwrap_or_default();
    let status = o.status.unwrap_or_default();
    let refusal = o.body().and_then(cors_refusal);
    let said = refusal.map_or(String::new(), |(_, what)| format!(" (it says `{what}`)"));
    let what = if o.on_preflight == Some(true) {
        "The OPTIONS preflight"
    } else {
        "The request"
    };
    // The same request from a close variant of the origin passes.
    if let Some(allowed) = o.allowed_variant() {
        let mut mf = f.clone();
        mf.value = Some(allowed.clone());
        b.add_with(
            mismatch_code(&allowed, &origin),
            Certain,
            &mf,
            &format!(
                "{what} from `{origin}` is refused ({status}, no Access-Control-Allow-Origin){said}, while the same request from `{allowed}` is allowed: the allow-list holds `{allowed}`, not `{origin}`."
            ),
        );
        return true;
    }
    // The same preflight asking for GET passes: the method is refused.
    if o.on_preflight == Some(true)
        && let Some(m) = o.method.clone().filter(|m| !method::is_cors_safelisted(m))
        && !o.passing(Purpose::MethodVariant).is_empty()
    {
        let mut mf = f.clone();
        mf.method = Some(m.clone());
        b.add_with(
            C::MethodNotAllowed,
            Certain,
            &mf,
            &format!(
                "The preflight asking for `{m}` is refused ({status}){said}; the same preflight asking for `GET` is allowed: the CORS configuration does not list `{m}`."
            ),
        );
        return true;
    }
    // The same preflight with fewer request headers passes: a header is refused.
    if o.on_preflight == Some(true) {
        let asked: Vec<String> = o
            .preflight_ex
            .or(o.ex)
            .and_then(|e| e.request_header("Access-Control-Request-Headers"))
            .map(|h| {
                h.split(',')
                    .map(|x| x.trim().to_owned())
                    .filter(|x| !x.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        let passing = o.passing(Purpose::HeaderVariant);
        if !passing.is_empty() && !asked.is_empty() {
            // A variant that left out exactly one header and passes names it; otherwise every
            // header asked for is suspect.
            let culprit = passing.iter().find_map(|e| {
                let sent: Vec<String> = e
                    .request_header("Access-Control-Request-Headers")
                    .map(|h| h.split(',').map(|x| x.trim().to_owned()).collect())
                    .unwrap_or_default();
                if sent.is_empty() {
                    return None;
                }
                let missing: Vec<&String> = asked.iter().filter(|a| !sent.contains(a)).collect();
                (missing.len() == 1).then(|| missing[0].clone())
            });
            let name = culprit.unwrap_or_else(|| asked.join(", "));
            let mut hf = f.clone();
            hf.header = Some(name.clone());
            b.add_with(
                C::HeaderNotAllowed,
                Certain,
                &hf,
                &format!(
                    "The preflight asking for `{}` is refused ({status}){said}; without `{name}` it is allowed: the CORS configuration does not allow `{name}`.",
                    asked.join(", ")
                ),
            );
            return true;
        }
    }
    // The refusal says what it refused.
    match refusal {
        Some((Refused::Origin, w)) => {
            b.add_with(
                C::OriginNotInAllowList,
                Certain,
                f,
                &format!("{what} got {status}: the CORS layer refused `Origin: {origin}` (`{w}`)."),
            );
            b.add(C::OriginMismatch, Possible, f);
            true
        }
        Some((Refused::Method, w)) => {
            b.add_with(
                C::MethodNotAllowed,
                Certain,
                f,
                &format!("{what} got {status}: the CORS layer refused the method (`{w}`)."),
            );
            true
        }
        Some((Refused::Header, w)) => {
            b.add_with(
                C::HeaderNotAllowed,
                Certain,
                f,
                &format!("{what} got {status}: the CORS layer refused a request header (`{w}`)."),
            );
            true
        }
        Some((Refused::Unspecified, w)) => {
            // The CORS layer refused, without saying what: the origin, unless another origin
            // passes.
            b.add_with(
                C::OriginNotInAllowList,
                Likely,
                f,
                &format!("{what} got {status} from the CORS layer itself (`{w}`): the origin, the method or a header is not in its configuration."),
            );
            b.add(C::MethodNotAllowed, Possible, f);
            b.add(C::HeaderNotAllowed, Possible, f);
            true
        }
        None => false,
    }
}

/// CORS runs on this server, but not for this URL: a path that does not exist gets CORS
/// headers (the CORS layer answers what no route answered), the failing URL none.
fn not_applied_here(b: &mut Builder, o: &Obs<'_>, f: &Facts) -> bool {
    let Some(e) = o.cors_elsewhere() else {
        return false;
    };
    let path = url::Url::parse(&e.url).map_or(e.url.clone(), |u| u.path().to_owned());
    let failing = if o.on_preflight == Some(true) {
        "the OPTIONS preflight"
    } else {
        "the response"
    };
    b.add_with(
        C::CorsMiddlewareNotApplied,
        Certain,
        f,
        &format!(
            "A GET to {path}, a path that does not exist, gets Access-Control-Allow-Origin ({} {}), but {failing} for {} gets none: CORS is configured on this server and runs only where no route answered first.",
            e.status.unwrap_or_default(),
            crate::catalog::status_text(e.status.unwrap_or_default()),
            o.url.as_deref().unwrap_or("this URL"),
        ),
    );
    if o.preflight_had_acao() == Some(true) {
        b.add(C::CorsOnlyOnPreflight, Possible, f);
    }
    true
}

/// What a framework's own answer to a preflight says (before the generic status rules).
fn preflight_framework_rules(b: &mut Builder, o: &Obs<'_>, f: &Facts) -> bool {
    if !o.recorded {
        return false;
    }
    let Some(ex) = o.ex else { return false };
    let status = o.status.unwrap_or_default();
    // Spring: a preflight never reaches a controller, so its 500 comes from the CORS
    // processing itself; the one configuration that throws there is `*` with credentials.
    if status == 500 && o.body().is_some_and(is_spring_error) {
        b.add_with(
            C::WildcardWithCredentials,
            Likely,
            f,
            "The OPTIONS preflight got Spring Boot's 500 error: Spring answers preflights in its CORS processing, before any controller, and the configuration that throws there is allowedOrigins(\"*\") with allowCredentials(true) (IllegalArgumentException: `When allowCredentials is true, allowedOrigins cannot contain the special value \"*\"`).",
        );
        b.add(C::ErrorResponseWithoutCors, Possible, f);
        return true;
    }
    // An error status has its own story (auth, a missing route, a crash).
    if status < 400 && not_applied_here(b, o, f) {
        return true;
    }
    // A router's "no handler for OPTIONS here" (404, 405, 501), while the same preflight to a
    // path that does not exist is answered with CORS headers: a CORS layer answers preflights
    // on this server, only not in front of this route (axum's `Router::layer` called before
    // the route was added, a layer on another router or prefix). Refused there too, nothing
    // answers OPTIONS (a route-level CORS, a gateway's method list): the rules below.
    if matches!(status, 404 | 405 | 501)
        && let Some(e) = o.preflight_elsewhere()
    {
        let path = url::Url::parse(&e.url).map_or(e.url.clone(), |u| u.path().to_owned());
        b.add_with(
            C::CorsMiddlewareNotApplied,
            Certain,
            f,
            &format!(
                "The same preflight to {path}, a path that does not exist, is answered {} with Access-Control-Allow-Origin, but the one for {} gets {status} without it: a CORS layer answers preflights on this server, only not in front of this route.",
                e.status.unwrap_or_default(),
                o.url.as_deref().unwrap_or("this URL"),
            ),
        );
        b.add(C::OptionsNotRouted, Possible, f);
        return true;
    }
    match automatic_options(ex) {
        Some("express") => {
            b.add_with(
                C::OptionsNotRouted,
                Certain,
                f,
                &format!(
                    "Express answered the OPTIONS preflight itself ({status}, `Allow: {}`): no route and no CORS middleware handles OPTIONS for this path, so cors() is attached to single routes (or not at all).",
                    ex.header("allow").unwrap_or_default()
                ),
            );
            b.add(C::NoCorsHeaders, Possible, f);
            true
        }
        Some("flask") => {
            // The catalog puts "CORS enabled on another prefix" under no-cors-headers: the
            // route gets none, whichever way flask-cors misses it.
            b.add_with(
                C::NoCorsHeaders,
                Certain,
                f,
                &format!(
                    "Flask answered the OPTIONS preflight itself ({status}, `Allow: {}`) and nothing added CORS headers: flask-cors decorates every route it covers, OPTIONS included, so it does not cover this path (a `resources` pattern or blueprint prefix that misses it), or it is not set up.",
                    ex.header("allow").unwrap_or_default()
                ),
            );
            b.add(C::CorsMiddlewareNotApplied, Possible, f);
            true
        }
        _ => false,
    }
}

/// The preflight failed: no `Access-Control-Allow-Origin` on it, or a status that is not 2xx.
#[allow(clippy::too_many_lines)]
fn missing_acao_preflight(b: &mut Builder, o: &Obs<'_>, e: E, f: &Facts) {
    let origin = o.origin.clone().unwrap_or_default();
    // Chrome names the URL the request was redirected to (`… (redirected from '…')`): when
    // that is a sign-in page, its preflight failed because the API call was sent to log in,
    // as for an actual request (`missing_acao`).
    if !o.recorded && o.first_url.is_some() && o.url.as_deref().is_some_and(looks_like_login) {
        b.add(C::RedirectToLogin, Likely, f);
    }
    if o.url_is(is_object_storage) {
        b.add(C::ObjectStorageCors, Likely, f);
    }
    if o.url_is(is_third_party_host) && o.status.is_none_or(|s| s < 500) {
        b.add(C::ThirdPartyApi, Likely, f);
    }
    if o.lowercase_method() {
        b.add(C::LowercasePatch, Likely, f);
    }
    let s = o.status;
    let ex = o.ex;
    if !matches!(s, Some(300..=399)) && refused_part(b, o, f) {
        return;
    }
    if preflight_framework_rules(b, o, f) {
        return;
    }
    match s {
        Some(401 | 403 | 407) => {
            let www = ex.and_then(|x| x.header("www-authenticate"));
            let seen = match (&www, o.recorded) {
                (Some(w), _) => format!(
                    "The OPTIONS preflight got {} with `WWW-Authenticate: {w}`.",
                    s.unwrap_or_default()
                ),
                (None, true) => format!("The OPTIONS preflight got {}.", s.unwrap_or_default()),
                _ => String::new(),
            };
            // Auth runs before CORS only with an auth signal: 401, 407, WWW-Authenticate.
            let auth_signal = www.is_some() || s != Some(403);
            if auth_signal {
                b.add_with(
                    C::AuthBeforeCors,
                    if o.recorded { Certain } else { Likely },
                    f,
                    &seen,
                );
                if s == Some(403) || !o.recorded {
                    b.add(C::OptionsNotRouted, Possible, f);
                }
            } else {
                // A bare 403 (no WWW-Authenticate, no login redirect) is no auth signal: CORS
                // layers refuse with it too (gin-contrib/cors, Spring's "Invalid CORS
                // request", Tomcat's CorsFilter), as do WAFs and gateways' method lists.
                if o.recorded {
                    b.add_with(
                        C::OriginNotInAllowList,
                        Likely,
                        f,
                        &format!("{seen} It carries no WWW-Authenticate, so it is no sign of authentication: CORS layers answer 403 to an origin, method or header they do not allow."),
                    );
                    b.add(C::AuthBeforeCors, Possible, f);
                } else {
                    // A pasted 403 cannot tell whether WWW-Authenticate came with it.
                    b.add(C::AuthBeforeCors, Possible, f);
                    b.add(C::OriginNotInAllowList, Possible, f);
                }
                b.add(C::OptionsNotRouted, Possible, f);
            }
        }
        Some(300..=399) => preflight_redirect(b, o, f),
        // 406 (content negotiation), 415 (media type) and 422 (validation) come from a route
        // that ran on the OPTIONS as if it were the request: nothing answered the preflight
        // ahead of it.
        Some(st @ (404 | 405 | 400 | 406 | 415 | 422 | 501)) => {
            let seen = match ex.and_then(|x| x.header("allow")) {
                Some(a) => format!(
                    "The OPTIONS preflight got {st}; the route only allows `{a}`, so nothing answers OPTIONS with CORS headers."
                ),
                None if o.recorded => format!("The OPTIONS preflight got {st}."),
                None => String::new(),
            };
            b.add_with(C::OptionsNotRouted, o.sure(), f, &seen);
            if !o.recorded {
                b.add(C::AuthBeforeCors, Possible, f);
            }
        }
        Some(st) if st >= 400 => {
            let seen = if o.recorded {
                format!(
                    "The OPTIONS preflight itself failed with {st}: the server (or a proxy in front of it) errors before CORS runs."
                )
            } else {
                String::new()
            };
            b.add_with(C::ErrorResponseWithoutCors, Likely, f, &seen);
            b.add(C::OptionsNotRouted, Possible, f);
        }
        Some(st) if o.recorded => {
            // A 2xx preflight without Access-Control-Allow-Origin.
            let acam = ex.and_then(|x| x.header("access-control-allow-methods"));
            let acah = ex.and_then(|x| x.header("access-control-allow-headers"));
            if acam.is_some() || acah.is_some() {
                let what: Vec<String> = [
                    acam.map(|v| format!("`Access-Control-Allow-Methods: {v}`")),
                    acah.map(|v| format!("`Access-Control-Allow-Headers: {v}`")),
                ]
                .into_iter()
                .flatten()
                .collect();
                b.add_with(
                    C::OriginNotForwarded,
                    Likely,
                    f,
                    &format!(
                        "The OPTIONS preflight got {st} with {} but no Access-Control-Allow-Origin: the CORS layer ran, but did not see `Origin: {origin}`.",
                        what.join(" and ")
                    ),
                );
                b.add(C::OriginNotInAllowList, Possible, f);
                return;
            }
            if allow_list_refuses(b, o, f, &origin, "preflight from") {
                return;
            }
            let acrh = ex
                .and_then(|x| x.request_header("Access-Control-Request-Headers"))
                .map(str::to_owned);
            if let Some(h) = acrh {
                // Some libraries (rs/cors, gin-contrib/cors) drop every CORS header when a
                // requested header is not allowed.
                let mut hf = f.clone();
                hf.header = Some(h);
                b.add_with(
                    C::NoCorsHeaders,
                    Likely,
                    f,
                    &format!("The OPTIONS preflight got {st} with no CORS headers at all."),
                );
                b.add(C::HeaderNotAllowed, Possible, &hf);
                return;
            }
            b.add_with(
                C::NoCorsHeaders,
                Certain,
                f,
                &format!("The OPTIONS preflight got {st} with no CORS headers at all."),
            );
            b.add(C::CorsMiddlewareNotApplied, Possible, f);
        }
        Some(_) => {
            // A pasted 2xx preflight without the header.
            b.add(C::NoCorsHeaders, Likely, f);
            b.add(C::OriginNotInAllowList, Possible, f);
            b.add(C::OriginNotForwarded, Possible, f);
            b.add(C::CorsMiddlewareNotApplied, Possible, f);
        }
        None => {
            // No status in the paste: nothing is likely; ask. The order is the likelier
            // first, from what the message implies.
            if e == E::PreflightInvalidStatus {
                // Chrome checks Access-Control-Allow-Origin before the status: this preflight
                // carried an allowed origin, so a CORS layer ran and something after it
                // refused the OPTIONS request (authentication, which a preflight never
                // satisfies, most often), or no route took it.
                b.add(C::AuthBeforeCors, Possible, f);
                b.add(C::OptionsNotRouted, Possible, f);
                b.add(C::ErrorResponseWithoutCors, Possible, f);
                b.add(C::PreflightRedirect, Possible, f);
            } else {
                b.add(C::NoCorsHeaders, Possible, f);
                b.add(C::AuthBeforeCors, Possible, f);
                b.add(C::OptionsNotRouted, Possible, f);
                b.add(C::OriginNotInAllowList, Possible, f);
                b.add(C::ErrorResponseWithoutCors, Possible, f);
                b.add(C::CorsMiddlewareNotApplied, Possible, f);
            }
            b.add(C::ThirdPartyApi, Possible, f);
            b.ask(
                "What status did the OPTIONS request get in the Network tab (the preflight row, Status column)?",
                &[
                    ("401 or 403", C::AuthBeforeCors),
                    ("404, 405 or 501", C::OptionsNotRouted),
                    ("500, 502, 503 or 504", C::ErrorResponseWithoutCors),
                    ("301, 302, 307 or 308", C::PreflightRedirect),
                    ("200 or 204", C::NoCorsHeaders),
                ],
                f,
            );
        }
    }
}

/// Safari's "Origin … is not allowed by Access-Control-Allow-Origin": missing or another
/// value, WebKit does not say which.
fn origin_not_allowed(b: &mut Builder, o: &Obs<'_>, f: &Facts) {
    if o.null_origin() {
        b.add(
            if o.location.is_some() || o.first_url.is_some() {
                C::RedirectTaintedOrigin
            } else {
                C::NullOrigin
            },
            Likely,
            f,
        );
    }
    let redirect_target = o.location.as_deref().filter(|_| !o.recorded);
    if redirect_target.is_some_and(looks_like_login) {
        b.add(C::RedirectToLogin, Likely, f);
    }
    if o.is_asset() {
        b.add(C::StaticAssetCors, Likely, f);
    }
    if o.url_is(is_object_storage) {
        b.add(C::ObjectStorageCors, Likely, f);
    }
    if redirect_target.is_some() {
        // "Cross-origin redirection to X denied": the target answered without CORS.
        b.add(C::RedirectTargetWithoutCors, Likely, f);
    }
    if (o.url_is(is_third_party_host) || redirect_target.is_some_and(is_third_party_host))
        && o.status.is_none_or(|s| s < 500 || (300..400).contains(&s))
    {
        b.add(C::ThirdPartyApi, Likely, f);
    }
    if o.is_sign_in_page() {
        b.add(C::RedirectToLogin, Likely, f);
    }
    o.app_origin_refused(b, f);
    match o.status {
        Some(s) if s >= 400 => {
            b.add(C::ErrorResponseWithoutCors, Likely, f);
            b.add(C::NoCorsHeaders, Possible, f);
        }
        Some(300..=399) => {
            b.add(C::RedirectTargetWithoutCors, Likely, f);
            b.add(C::RedirectToLogin, Possible, f);
            b.add(C::NoCorsHeaders, Possible, f);
        }
        Some(_) => b.add(C::NoCorsHeaders, Likely, f),
        None => b.add(C::NoCorsHeaders, Possible, f),
    }
    for c in [
        C::OriginMismatch,
        C::OriginNotInAllowList,
        C::TrailingSlashOrigin,
        C::SingleStaticOrigin,
        C::OriginListInHeader,
        C::CorsOnlyOnPreflight,
        C::CorsMiddlewareNotApplied,
    ] {
        b.add(c, Possible, f);
    }
    if o.status.is_none() {
        b.add(C::ErrorResponseWithoutCors, Possible, f);
    }
    b.add(C::ThirdPartyApi, Possible, f);
    b.ask(
        "What does the failing response carry in the Network tab (Response Headers)?",
        &[
            ("no Access-Control-Allow-Origin at all", C::NoCorsHeaders),
            (
                "Access-Control-Allow-Origin with another value",
                C::OriginMismatch,
            ),
            ("a 4xx or 5xx status", C::ErrorResponseWithoutCors),
        ],
        f,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_and_patterns_are_told_apart_from_other_sites() {
        assert!(is_typo_of(
            "https://app.exmaple.com",
            "https://app.example.com"
        ));
        assert!(!is_typo_of(
            "https://admin.other.org",
            "https://app.example.com"
        ));
        assert!(is_literal_pattern("https://*.example.com"));
        assert!(!is_literal_pattern("*"));
        assert!(!is_literal_pattern("https://app.example.com"));
        assert_eq!(
            mismatch_code("http://localhost:5173/", "http://localhost:5173"),
            C::TrailingSlashOrigin
        );
        assert_eq!(
            mismatch_code("http://localhost:3000", "http://localhost:5173"),
            C::OriginMismatch
        );
    }

    fn first_cause(text: &str) -> String {
        let r = corsfix_model::parse::parse(text).unwrap();
        let d = crate::diagnose(&crate::Evidence::Text(&r));
        d.causes.first().map(|c| c.code.clone()).unwrap_or_default()
    }

    #[test]
    fn families_of_pasted_hints() {
        // An extension's or an app web view's origin: its allow-list first.
        assert_eq!(
            first_cause(
                "Access to fetch at 'http://192.168.1.5:8080/api' from origin 'chrome-extension://abcdefghijklmnop' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource."
            ),
            "origin-not-in-allow-list"
        );
        assert_eq!(
            first_cause(
                "[Error] Origin capacitor://localhost is not allowed by Access-Control-Allow-Origin. Status code: 200"
            ),
            "origin-not-in-allow-list"
        );
        // ... but an error status is its own story.
        assert_eq!(
            first_cause(
                "[Error] Origin capacitor://localhost is not allowed by Access-Control-Allow-Origin. Status code: 500"
            ),
            "error-response-without-cors"
        );
        // A 5xx before a null origin.
        assert_eq!(
            first_cause(
                "Access to XMLHttpRequest at 'https://api.example.com/x' from origin 'null' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.\nGET https://api.example.com/x net::ERR_FAILED 502 (Bad Gateway)"
            ),
            "error-response-without-cors"
        );
        // Two pages refused with each other's origin: a cache without Vary: Origin.
        assert_eq!(
            first_cause(
                "Failed to load https://api.example.com/x: The 'Access-Control-Allow-Origin' header has a value 'https://a.example.com' that is not equal to the supplied origin. Origin 'https://b.example.com' is therefore not allowed access.\nFailed to load https://api.example.com/y: The 'Access-Control-Allow-Origin' header has a value 'https://b.example.com' that is not equal to the supplied origin. Origin 'https://a.example.com' is therefore not allowed access."
            ),
            "cached-allow-origin"
        );
        // A URL path that could never reach its route.
        assert_eq!(
            first_cause(
                "Access to fetch at 'https://api.example.com//v1/items' from origin 'https://app.example.com' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource."
            ),
            "wrong-request-url"
        );
        assert_eq!(
            first_cause("POST http://localhost:8081/undefined 405 (Method Not Allowed)"),
            "wrong-request-url"
        );
        // Nor is a URL carried in the path (a CORS proxy's prefix).
        assert_ne!(
            first_cause(
                "Access to fetch at 'https://proxy.example.com/https://api.example.com/x' from origin 'https://app.example.com' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource."
            ),
            "wrong-request-url"
        );
        // `//` in the query is no sign.
        assert_ne!(
            first_cause(
                "Access to fetch at 'https://api.example.com/v1/go?to=https://b.example/' from origin 'https://app.example.com' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource."
            ),
            "wrong-request-url"
        );
        // A preflight that failed at the sign-in page the request was redirected to.
        assert_eq!(
            first_cause(
                "Access to fetch at 'https://auth.example.com/login?next=%2Fapi' (redirected from 'https://app.example.com/api/items') from origin 'https://app.example.com' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin' header is present on the requested resource."
            ),
            "redirect-to-login"
        );
    }
}
