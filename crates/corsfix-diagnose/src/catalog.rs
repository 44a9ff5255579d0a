//! The one catalog of causes: every sentence corsfix says about a cause (its summary, how it
//! arises, the fix step by step) is written here, once, filled in with the [`Facts`] the
//! evidence gave.
//!
//! Codes are stable (documented in `docs/diagnosis.md`): a code is never renamed or reused,
//! and a retired code stays reserved.

use serde::{Deserialize, Serialize};

/// How sure the diagnosis is about a cause.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Likelihood {
    /// The evidence proves it (a live probe saw it).
    Certain,
    /// The most probable reading of the evidence.
    Likely,
    /// Possible; the evidence cannot rule it out.
    Possible,
}

/// One candidate cause.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cause {
    /// A stable kebab-case code (`auth-before-cors`, `options-not-routed`, …), documented in
    /// `docs/diagnosis.md`. Codes are never reused.
    pub code: String,
    /// One line.
    pub summary: String,
    /// Why this is the cause and how it arises, a short paragraph.
    pub detail: String,
    /// How sure we are.
    pub likelihood: Likelihood,
    /// What to change on the server (or the client), step by step.
    pub fix: Vec<String>,
}

// ---------------------------------------------------------------------------------------------
// The catalog of causes.
// ---------------------------------------------------------------------------------------------

/// What is known about the failing request; each cause fills its text in with what it has.
///
/// Every field is optional: a pasted Firefox line names no origin, a Safari line no URL.
/// A text never stands in a made-up value for a missing fact: it names what the evidence gave,
/// in backticks, or words the sentence without it ("the page's origin, as the address bar
/// shows it").
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facts {
    /// The page origin (`https://app.example.com`, or `null`).
    pub origin: Option<String>,
    /// The URL the request went to.
    pub url: Option<String>,
    /// The HTTP status of the failing response (the preflight's when the preflight failed).
    pub status: Option<u16>,
    /// The request method, as sent (`PUT`, `patch`).
    pub method: Option<String>,
    /// The request header at fault (`authorization`).
    pub header: Option<String>,
    /// The response header value at fault (an `Access-Control-Allow-Origin` value, an
    /// `Access-Control-Allow-Credentials` value, an unparsable token).
    pub value: Option<String>,
    /// A redirect's target, when one is known.
    pub location: Option<String>,
}

impl Facts {
    /// The page origin in backticks, or words for it.
    fn origin_words(&self) -> String {
        self.origin
            .as_deref()
            .map_or_else(|| "the page's origin".to_owned(), |o| format!("`{o}`"))
    }

    /// What to allow: the origin in backticks, or how to find it.
    fn allow_origin(&self) -> String {
        self.origin.as_deref().map_or_else(
            || "the page's origin (scheme, host and port as the address bar shows them)".to_owned(),
            |o| format!("`{o}`"),
        )
    }

    fn status_words(&self) -> String {
        self.status.map_or_else(
            || "an error status".to_owned(),
            |s| format!("{s} ({})", status_text(s)),
        )
    }

    /// The method in backticks, or words for it.
    fn method_words(&self) -> String {
        self.method
            .as_deref()
            .map_or_else(|| "the request's method".to_owned(), |m| format!("`{m}`"))
    }

    /// The request header in backticks, or words for it.
    fn header_words(&self) -> String {
        self.header
            .as_deref()
            .map_or_else(|| "a header".to_owned(), |h| format!("`{h}`"))
    }
}

/// The reason phrase of common HTTP statuses, for the texts (`500` → `Internal Server Error`).
pub fn status_text(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        413 => "Payload Too Large",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Content",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => match status / 100 {
            1 => "Informational",
            2 => "Success",
            3 => "Redirect",
            4 => "Client Error",
            5 => "Server Error",
            _ => "Unknown",
        },
    }
}

macro_rules! cause_codes {
    ($( $(#[$doc:meta])* $variant:ident = $code:literal, cors: $cors:literal; )*) => {
        /// A stable cause code. Every code is documented in `docs/diagnosis.md`; codes are
        /// never reused, and a retired code stays reserved.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum CauseCode {
            $( $(#[$doc])* $variant, )*
        }

        impl CauseCode {
            /// Every code, in catalog order.
            pub const ALL: &'static [CauseCode] = &[ $( CauseCode::$variant, )* ];

            /// The kebab-case code (`auth-before-cors`).
            pub fn code(self) -> &'static str {
                match self { $( CauseCode::$variant => $code, )* }
            }

            /// Whether the cause is a CORS problem (false for the look-alikes: mixed content,
            /// a refused connection, CSP, Local Network Access, …).
            pub fn is_cors(self) -> bool {
                match self { $( CauseCode::$variant => $cors, )* }
            }
        }
    };
}

cause_codes! {
    /// The server (or this route) sends no CORS headers at all.
    NoCorsHeaders = "no-cors-headers", cors: true;
    /// The CORS middleware is installed but wired so that it never runs for this route.
    CorsMiddlewareNotApplied = "cors-middleware-not-applied", cors: true;
    /// The preflight `OPTIONS` request is not routed to anything that answers it.
    OptionsNotRouted = "options-not-routed", cors: true;
    /// Authentication rejects the preflight, which never carries credentials.
    AuthBeforeCors = "auth-before-cors", cors: true;
    /// An error response (4xx/5xx, often from a proxy) has no CORS headers.
    ErrorResponseWithoutCors = "error-response-without-cors", cors: true;
    /// CORS headers are on the preflight but not on the actual response.
    CorsOnlyOnPreflight = "cors-only-on-preflight", cors: true;
    /// The allowed origin is not byte-equal to the page's origin (scheme, host, port).
    OriginMismatch = "origin-mismatch", cors: true;
    /// The allowed origin has a trailing slash or a path.
    TrailingSlashOrigin = "trailing-slash-origin", cors: true;
    /// The server allows one fixed origin, and the page is on another.
    SingleStaticOrigin = "single-static-origin", cors: true;
    /// A cache served a response whose allowed origin belongs to another site.
    CachedAllowOrigin = "cached-allow-origin", cors: true;
    /// The page's origin is `null` (`file:` page, sandboxed iframe, `data:` URL).
    NullOrigin = "null-origin", cors: true;
    /// A cross-origin redirect made the request's origin `null`.
    RedirectTaintedOrigin = "redirect-tainted-origin", cors: true;
    /// `Access-Control-Allow-Origin: *` on a request with credentials.
    WildcardWithCredentials = "wildcard-with-credentials", cors: true;
    /// `Access-Control-Allow-Credentials` is missing or not exactly `true`.
    CredentialsNotAllowed = "credentials-not-allowed", cors: true;
    /// Two layers (proxy and app) each add `Access-Control-Allow-Origin`.
    DuplicateAllowOrigin = "duplicate-allow-origin", cors: true;
    /// Several origins are listed in one `Access-Control-Allow-Origin`.
    OriginListInHeader = "origin-list-in-header", cors: true;
    /// `Access-Control-Allow-Origin` is not a valid origin (no scheme, quoted, …).
    InvalidAllowOrigin = "invalid-allow-origin", cors: true;
    /// A request header is not in `Access-Control-Allow-Headers`.
    HeaderNotAllowed = "header-not-allowed", cors: true;
    /// The client sends an `Access-Control-*` header, which is a response header.
    AccessControlHeaderOnRequest = "access-control-header-on-request", cors: true;
    /// `Access-Control-Allow-Headers: *` does not cover `Authorization` (or credentialed requests).
    WildcardDoesNotCoverAuthorization = "wildcard-does-not-cover-authorization", cors: true;
    /// The method is not in `Access-Control-Allow-Methods`.
    MethodNotAllowed = "method-not-allowed", cors: true;
    /// The client sends `patch` in lower case, which no server lists.
    LowercasePatch = "lowercase-patch", cors: true;
    /// `Access-Control-Allow-Methods` does not parse.
    InvalidAllowMethods = "invalid-allow-methods", cors: true;
    /// `Access-Control-Allow-Headers` does not parse.
    InvalidAllowHeaders = "invalid-allow-headers", cors: true;
    /// The preflight is answered with a redirect.
    PreflightRedirect = "preflight-redirect", cors: true;
    /// An expired session redirects the API call to a login page on another origin.
    RedirectToLogin = "redirect-to-login", cors: true;
    /// A redirect points at a URL with a user name and password.
    RedirectWithCredentials = "redirect-with-credentials", cors: true;
    /// A same-origin-mode request was sent (or redirected) to another origin.
    DisallowedByMode = "disallowed-by-mode", cors: true;
    /// The URL's scheme does not support CORS (`file:`, a custom scheme).
    UnsupportedScheme = "unsupported-scheme", cors: true;
    /// A service worker answered a CORS request with an opaque response.
    ServiceWorkerOpaque = "service-worker-opaque", cors: true;
    /// A CORS-mode asset (font, module script) is served without CORS headers.
    StaticAssetCors = "static-asset-cors", cors: true;
    /// The browser reused a cached copy of the resource fetched without CORS.
    BrowserCacheNonCors = "browser-cache-non-cors", cors: true;
    /// An object-storage bucket's CORS rules do not cover the request.
    ObjectStorageCors = "object-storage-cors", cors: true;
    /// The API is someone else's and does not allow browsers on other sites.
    ThirdPartyApi = "third-party-api", cors: true;
    /// The server's CORS allow-list does not hold the page's origin, so it answers without
    /// `Access-Control-Allow-Origin` (or with `null`/`false`).
    OriginNotInAllowList = "origin-not-in-allow-list", cors: true;
    /// A proxy in front of the app drops the `Origin` header, so the CORS layer answers the
    /// preflight without `Access-Control-Allow-Origin`.
    OriginNotForwarded = "origin-not-forwarded", cors: true;
    /// A response header is not listed in `Access-Control-Expose-Headers`.
    MissingExposeHeaders = "missing-expose-headers", cors: true;
    /// `mode: 'no-cors'` gives an opaque, unreadable response.
    NoCorsMode = "no-cors-mode", cors: true;
    /// The browser still uses a preflight result cached before the server was fixed.
    StalePreflightCache = "stale-preflight-cache", cors: true;
    /// A public `http:` page reaches a more private address (Local Network Access).
    LnaInsecureContext = "lna-insecure-context", cors: false;
    /// The Local Network Access permission was denied or could not be asked.
    LnaPermissionDenied = "lna-permission-denied", cors: false;
    /// The declared `targetAddressSpace` does not match the server's address.
    LnaAddressSpaceMismatch = "lna-address-space-mismatch", cors: false;
    /// Older Chrome (Private Network Access): `Access-Control-Allow-Private-Network` missing.
    PnaMissingAllowPrivateNetwork = "pna-missing-allow-private-network", cors: false;
    /// Not CORS: nothing listens on the host and port.
    NotCorsConnectionRefused = "not-cors-connection-refused", cors: false;
    /// Not CORS: the host name does not resolve.
    NotCorsNameNotResolved = "not-cors-name-not-resolved", cors: false;
    /// Not CORS: the TLS certificate is not trusted.
    NotCorsCertificate = "not-cors-certificate", cors: false;
    /// Not CORS: an extension (ad or privacy blocker) blocked the request.
    NotCorsBlockedByClient = "not-cors-blocked-by-client", cors: false;
    /// Not CORS: no HTTP response arrived (reset, timeout, offline).
    NotCorsNetworkError = "not-cors-network-error", cors: false;
    /// Not CORS: an `https:` page requested an `http:` URL (mixed content).
    NotCorsMixedContent = "not-cors-mixed-content", cors: false;
    /// Not CORS: the page's Content Security Policy (`connect-src`) blocks the URL.
    NotCorsCsp = "not-cors-csp", cors: false;
    /// Not CORS: `Cross-Origin-Resource-Policy` / `Cross-Origin-Embedder-Policy` blocked it.
    NotCorsCorpCoep = "not-cors-corp-coep", cors: false;
    /// Not CORS: Opaque Response Blocking (a `no-cors` request for JSON or HTML).
    NotCorsOrb = "not-cors-orb", cors: false;
    /// Not CORS: the redirect chain is too long (a loop).
    NotCorsTooManyRedirects = "not-cors-too-many-redirects", cors: false;
    /// Not CORS: a server-side CSRF origin check (Django and others) refused the request.
    NotCorsCsrf = "not-cors-csrf", cors: false;
    /// Not CORS: a WebSocket handshake was refused (WebSockets have no CORS).
    NotCorsWebsocket = "not-cors-websocket", cors: false;
    /// Not CORS: the page's `fetch()` set `redirect: 'error'` (or `'manual'`) and got a redirect.
    NotCorsRedirectMode = "not-cors-redirect-mode", cors: false;
    /// CORS is switched off in the browser itself (Firefox `content.cors.disable`).
    BrowserCorsDisabled = "browser-cors-disabled", cors: false;
    /// A redirect (not a preflight) led to a URL whose response has no CORS headers: the
    /// first server is fine, the target is not.
    RedirectTargetWithoutCors = "redirect-target-without-cors", cors: true;
    /// The request URL itself is wrong (an empty `//` path segment from a base URL with a
    /// trailing slash, `undefined` or `null` written into it), so the server answers an error
    /// or another page, without CORS headers.
    WrongRequestUrl = "wrong-request-url", cors: true;
    /// Not CORS: the framed page refuses to be shown in a frame (`X-Frame-Options`, CSP
    /// `frame-ancestors`).
    NotCorsFrameOptions = "not-cors-frame-options", cors: false;
    /// Not CORS: a script reached into a frame or window of another origin.
    NotCorsCrossFrame = "not-cors-cross-frame", cors: false;
    /// Not CORS: `postMessage` named a target origin that is not the receiving window's.
    NotCorsPostmessageOrigin = "not-cors-postmessage-origin", cors: false;
    /// Not CORS: `Cross-Origin-Opener-Policy` severed the page from its popup (OAuth sign-in).
    NotCorsOpenerPolicy = "not-cors-opener-policy", cors: false;
    /// Not CORS: cookies or storage blocked or partitioned in a third-party context.
    NotCorsStorageBlocked = "not-cors-storage-blocked", cors: false;
    /// Not CORS: a web page may not load `file:` URLs.
    NotCorsLocalResource = "not-cors-local-resource", cors: false;
    /// Not CORS: a script, module or stylesheet was refused for its MIME type.
    NotCorsMimeType = "not-cors-mime-type", cors: false;
    /// Not CORS: the script set a header only the browser may set (`Origin`, `Connection`, …).
    NotCorsForbiddenHeader = "not-cors-forbidden-header", cors: false;
    /// Not CORS: Safe Browsing blocked the resource.
    NotCorsSafeBrowsing = "not-cors-safe-browsing", cors: false;
    /// Not CORS: the request got an HTTP error status, and no CORS check failed.
    NotCorsHttpError = "not-cors-http-error", cors: false;
    /// Not CORS: the browser (or runtime) has no `fetch()` / `XMLHttpRequest`.
    NotCorsFetchUnsupported = "not-cors-fetch-unsupported", cors: false;
    /// Not CORS: the browser refused a powerful feature (`NotAllowedError`): a clipboard
    /// write, autoplay or a permission outside a user gesture, or a permission the user denied.
    NotCorsPermission = "not-cors-permission", cors: false;
    /// Not CORS: the page is not cross-origin isolated (COOP `same-origin` + COEP
    /// `require-corp`), so `SharedArrayBuffer` is missing.
    NotCorsCrossOriginIsolation = "not-cors-cross-origin-isolation", cors: false;
    /// Not CORS: CORS passes, but the session cookie is not sent on cross-site requests
    /// (`SameSite` missing, `Lax`/`Strict`, or `None` without `Secure`).
    CookieNotCrossSite = "cookie-not-cross-site", cors: false;
}

/// The text is not a cause code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a corsfix cause code (see docs/diagnosis.md)")]
pub struct UnknownCauseCode(pub String);

impl std::str::FromStr for CauseCode {
    type Err = UnknownCauseCode;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .iter()
            .copied()
            .find(|c| c.code() == s)
            .ok_or_else(|| UnknownCauseCode(s.to_owned()))
    }
}

impl std::fmt::Display for CauseCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

impl Cause {
    /// The catalog entry for `code`, filled in with `facts`.
    ///
    /// ```
    /// use corsfix_diagnose::catalog::{Cause, CauseCode, Facts, Likelihood};
    ///
    /// let facts = Facts { status: Some(500), ..Facts::default() };
    /// let cause = Cause::new(CauseCode::ErrorResponseWithoutCors, Likelihood::Likely, &facts);
    /// assert_eq!(cause.code, "error-response-without-cors");
    /// assert!(cause.summary.contains("500"));
    /// ```
    pub fn new(code: CauseCode, likelihood: Likelihood, facts: &Facts) -> Self {
        let (summary, detail, fix) = catalog(code, facts);
        Self {
            code: code.code().to_owned(),
            summary,
            detail,
            likelihood,
            fix,
        }
    }

    /// The cause's code as a [`CauseCode`], when it is one of the catalog's.
    pub fn cause_code(&self) -> Option<CauseCode> {
        self.code.parse().ok()
    }
}

/// The summary, detail and fix of one cause.
fn catalog(code: CauseCode, f: &Facts) -> (String, String, Vec<String>) {
    use CauseCode as C;
    let o = f.origin_words();
    let oc = f.allow_origin();
    let s = |x: &str| x.to_owned();
    match code {
        C::NoCorsHeaders => (
            s("The server sends no CORS headers for this route"),
            format!(
                "The response reached the browser but carried no Access-Control-Allow-Origin, so the page may not read it. Only browsers enforce this, which is why the same request works in curl or Postman. Either CORS is not enabled at all, or it is enabled on another app, route group or prefix than the one serving {}.",
                f.url.as_deref().unwrap_or("this URL")
            ),
            vec![
                format!("Enable the framework's CORS middleware globally, allowing exactly {oc}."),
                s(
                    "Make sure it runs for this route (same app, same prefix, registered before the routes).",
                ),
                s(
                    "If you do not own this API, call it from your own backend instead (see third-party-api).",
                ),
            ],
        ),
        C::CorsMiddlewareNotApplied => (
            s("The CORS middleware is installed but not in effect for this route"),
            s(
                "CORS is configured, but the wiring keeps it from running for this request: Django's CorsMiddleware below CommonMiddleware, ASP.NET UseCors after UseAuthorization, axum's layer added before the routes, rack-cors not at position 0, Spring Security without http.cors(), a Flask blueprint with its own url_prefix, or settings that are only loaded in development.",
            ),
            vec![
                s(
                    "Move the CORS middleware to the outermost position, before routing and authentication.",
                ),
                s(
                    "Check that the production configuration loads the allowed origins (environment variables set).",
                ),
            ],
        ),
        C::OptionsNotRouted => (
            format!(
                "The preflight (OPTIONS) is not handled: the server answers it with {}",
                f.status.map_or_else(
                    || "an error".to_owned(),
                    |x| format!("{x} ({})", status_text(x))
                )
            ),
            s(
                "Before this request the browser sends an OPTIONS preflight. The router only knows the real method for this path, so OPTIONS falls through to 404/405 (or 400/501), and the preflight fails. Typical: CORS attached per route (Express `app.post('/x', cors(), …)`), a gateway that allows only listed methods, or a rate limiter rejecting OPTIONS.",
            ),
            vec![
                s(
                    "Register the CORS middleware globally, ahead of routing, so it answers every preflight itself (204).",
                ),
                s(
                    "Or add an explicit OPTIONS handler for the path (Express 5: `app.options('/{*splat}', cors())`).",
                ),
            ],
        ),
        C::AuthBeforeCors => (
            format!(
                "Authentication rejects the preflight ({})",
                f.status.map_or_else(
                    || "401/403".to_owned(),
                    |x| format!("{x} {}", status_text(x))
                )
            ),
            s(
                "Browsers never send cookies or an Authorization header on the OPTIONS preflight. An auth layer that runs before CORS (Spring Security without http.cors(), ASP.NET UseCors after UseAuthorization, an API-key filter, IIS Windows auth) answers it 401/403 without CORS headers.",
            ),
            vec![
                s("Run CORS before authentication so it answers preflights on its own."),
                s(
                    "If that is impossible, let OPTIONS requests that carry Access-Control-Request-Method through the auth layer unauthenticated.",
                ),
            ],
        ),
        C::ErrorResponseWithoutCors => (
            format!(
                "The real problem is the server's {} response, which has no CORS headers",
                f.status.map_or_else(
                    || "error".to_owned(),
                    |x| format!("{x} ({})", status_text(x))
                )
            ),
            format!(
                "Successful responses get CORS headers, but this one is {}: it came from an error path (an unhandled exception, an auth failure, a proxy limit such as nginx client_max_body_size, a gateway timeout, a WAF) that skips the CORS middleware. The browser then reports a CORS error and hides the real status from the page.",
                f.status_words()
            ),
            vec![
                s("Fix the underlying error first: look at the server log for this request."),
                s(
                    "Add CORS headers to error responses too: nginx `add_header … always`, an exception handler that keeps CORS, the CORS middleware as the outermost layer.",
                ),
            ],
        ),
        C::CorsOnlyOnPreflight => (
            s("The preflight passes, but the actual response has no CORS headers"),
            s(
                "The OPTIONS preflight is answered with CORS headers (by a gateway, a mock integration or an `if ($request_method = OPTIONS)` block), but the real GET/POST/PUT response is not. With AWS API Gateway's \"Enable CORS\" and a Lambda proxy integration, the function itself must return the headers.",
            ),
            vec![s(
                "Send Access-Control-Allow-Origin (and -Credentials, -Expose-Headers) on every actual response, not only on OPTIONS.",
            )],
        ),
        C::OriginMismatch => {
            let summary = match f.value.as_deref() {
                Some(v) => format!("The server allows `{v}`, which is not exactly {o}"),
                None => format!("The allowed origin is not exactly {o}"),
            };
            (
                summary,
                format!(
                    "Origins match as exact strings: scheme, host and port. {}",
                    origin_difference(f.value.as_deref(), f.origin.as_deref())
                ),
                vec![
                    format!("Allow exactly {oc} (scheme, host and port, no trailing slash)."),
                    s(
                        "In development, allow both http://localhost:PORT and http://127.0.0.1:PORT, or browse the one that is allowed.",
                    ),
                ],
            )
        }
        C::TrailingSlashOrigin => (
            s("The configured origin has a trailing slash (or a path)"),
            format!(
                "An origin is `scheme://host[:port]` with nothing after it. The server sends {}, the browser compares it byte by byte with {o}, and they differ. The value was probably copied from the address bar (or produced by a URL type that adds `/`).",
                f.value.as_deref().map_or_else(
                    || "the origin with a slash or path".to_owned(),
                    |v| format!("`{v}`")
                )
            ),
            vec![format!("Write the origin without the slash: {oc}.")],
        ),
        C::SingleStaticOrigin => (
            s("The server allows one fixed origin, and this page is on another"),
            format!(
                "Access-Control-Allow-Origin can hold exactly one origin, and this server always sends {}. Several front ends (production, staging, previews, admin) need an allowlist whose matching entry is echoed per request.",
                f.value
                    .as_deref()
                    .map_or_else(|| "the same one".to_owned(), |v| format!("`{v}`"))
            ),
            vec![
                format!(
                    "Keep an allowlist that includes {oc}, echo the request's Origin when it is on the list, and add `Vary: Origin`."
                ),
                s(
                    "For preview domains use an anchored pattern (no unanchored regexes or suffix tricks).",
                ),
            ],
        ),
        C::CachedAllowOrigin => (
            s("A cache served a response meant for another origin (missing Vary: Origin)"),
            s(
                "The server echoes the request's Origin, but a CDN or shared cache stored one response and serves it to every origin. Whoever hits the cache first works; everyone else fails, and a purge \"fixes\" it for a while.",
            ),
            vec![
                s(
                    "Send `Vary: Origin` on every response whose CORS headers depend on the Origin, including refusals.",
                ),
                s(
                    "Make the CDN key on Origin (CloudFront cache policy) or add the CORS headers at the edge, then purge.",
                ),
            ],
        ),
        C::NullOrigin => (
            s("The page's origin is `null`"),
            s(
                "A page opened from a file (file://), in a sandboxed iframe without allow-same-origin, or from a data: URL has an opaque origin, sent as `Origin: null`. Allowing `null` on the server is unsafe: any sandboxed attacker page can send it too.",
            ),
            vec![
                s(
                    "Serve the page from a local HTTP server (`python3 -m http.server`, Vite) instead of opening the file.",
                ),
                s("Do not add `null` to the allowed origins in production."),
            ],
        ),
        C::RedirectTaintedOrigin => (
            s("A redirect between two other origins made the request's origin `null`"),
            format!(
                "The request went to another origin than the page's, and that server redirected it to yet another origin. A redirect from a URL that is already cross-origin to the page, to a different origin, taints the request (Fetch, HTTP-redirect fetch: https://fetch.spec.whatwg.org/#http-redirect-fetch), so the browser sent `Origin: null` to {} and compared the answer with `null`, not with {o}. A redirect from the page's own origin to the API, or from the API back to the page's origin, does not do this.",
                f.url.as_deref().unwrap_or("the redirect's target")
            ),
            vec![
                s("Call the final URL directly, so no redirect happens."),
                s("Or keep the redirect on the same origin as the first URL."),
            ],
        ),
        C::WildcardWithCredentials => (
            s("`Access-Control-Allow-Origin: *` cannot be used with credentials"),
            s(
                "The request carries credentials (fetch `credentials: 'include'`, axios/XHR `withCredentials`), and for those the browser refuses the wildcard. Spring (allowedOrigins \"*\" with allowCredentials) and tower-http refuse the combination at startup; some libraries silently echo any origin instead, which opens the API to every site.",
            ),
            vec![
                format!(
                    "Answer with the exact origin {oc} from an allowlist, plus `Access-Control-Allow-Credentials: true` and `Vary: Origin`."
                ),
                s("Or stop sending credentials from the client if the API does not need cookies."),
            ],
        ),
        C::CredentialsNotAllowed => (
            format!(
                "Access-Control-Allow-Credentials is {} instead of exactly `true`",
                f.value.as_deref().map_or_else(
                    || "missing".to_owned(),
                    |v| if v.is_empty() {
                        "missing".to_owned()
                    } else {
                        format!("`{v}`")
                    }
                )
            ),
            s(
                "The request carries credentials, so the response must say `Access-Control-Allow-Credentials: true` (lower case, exactly). `True` and `1` fail. The header is needed on the preflight and on the actual response.",
            ),
            vec![s(
                "Enable credentials in the CORS configuration (Express `credentials: true`, django `CORS_ALLOW_CREDENTIALS = True`, flask-cors `supports_credentials=True`), with an explicit origin.",
            )],
        ),
        C::DuplicateAllowOrigin => (
            s("Access-Control-Allow-Origin is sent twice (two layers both add CORS)"),
            format!(
                "The browser sees more than one value{}: CORS is configured in two places at once, for example nginx and the app, a gateway and a Lambda, or two middlewares.",
                f.value
                    .as_deref()
                    .map_or_else(String::new, |v| format!(" (`{v}`)"))
            ),
            vec![
                s("Configure CORS in exactly one layer and remove it from the other."),
                s(
                    "In nginx, `proxy_hide_header Access-Control-Allow-Origin;` before `add_header` if the app's header must go.",
                ),
            ],
        ),
        C::OriginListInHeader => (
            s("Several origins are listed in one Access-Control-Allow-Origin header"),
            s(
                "The header can name exactly one origin (or `*`). A list such as `https://a.example, https://b.example` is invalid for every origin.",
            ),
            vec![s(
                "Keep the list on the server: echo the request's Origin when it is allowed, and add `Vary: Origin`.",
            )],
        ),
        C::InvalidAllowOrigin => (
            format!(
                "Access-Control-Allow-Origin holds an invalid value{}",
                f.value
                    .as_deref()
                    .map_or_else(String::new, |v| format!(" (`{v}`)"))
            ),
            s(
                "The value must be a serialized origin (`https://host[:port]`), `*` or `null`. A missing scheme (`localhost:3000`), quotes, or an empty value never match.",
            ),
            vec![match &f.origin {
                Some(origin) => format!("Send `Access-Control-Allow-Origin: {origin}`."),
                None => format!("Send Access-Control-Allow-Origin with exactly {oc}."),
            }],
        ),
        C::HeaderNotAllowed => (
            match &f.header {
                Some(h) => {
                    format!("The request header `{h}` is not allowed by the preflight response")
                }
                None => s("A request header is not allowed by the preflight response"),
            },
            format!(
                "The request sets {}, which is not a CORS-safelisted header, so the browser asks first; the preflight's Access-Control-Allow-Headers does not list it. Common culprits: Authorization, `Content-Type: application/json`, X-Requested-With, SDK and tracing headers.",
                f.header_words()
            ),
            vec![
                format!(
                    "Add {} to the allowed headers (Access-Control-Allow-Headers).",
                    f.header_words()
                ),
                s("Or drop the header on the client if it is not needed."),
            ],
        ),
        C::AccessControlHeaderOnRequest => (
            match &f.header {
                Some(h) => format!("The client sends `{h}`, which is a response header"),
                None => {
                    s("The client sends an Access-Control-* header, which is a response header")
                }
            },
            s(
                "Access-Control-Allow-* headers are set by the server. Adding them to the request makes them custom request headers, which then need allowing themselves.",
            ),
            vec![s(
                "Remove every Access-Control-* header from the client's request.",
            )],
        ),
        C::WildcardDoesNotCoverAuthorization => (
            s("`Access-Control-Allow-Headers: *` does not cover Authorization"),
            s(
                "Under the Fetch standard, `*` never covers Authorization, and for credentialed requests `*` is taken literally. Browsers are moving to enforce this (Firefox warns, Chrome plans it).",
            ),
            vec![s(
                "List Authorization explicitly: `Access-Control-Allow-Headers: Authorization, Content-Type` (or `*, Authorization`).",
            )],
        ),
        C::MethodNotAllowed => (
            match &f.method {
                Some(m) => format!("The method `{m}` is not allowed by the preflight response"),
                None => s("The request's method is not allowed by the preflight response"),
            },
            s(
                "Access-Control-Allow-Methods lacks the method (it is compared case-sensitively). Many libraries allow only simple methods by default.",
            ),
            vec![format!(
                "Add {} to the allowed methods (Access-Control-Allow-Methods).",
                f.method_words()
            )],
        ),
        C::LowercasePatch => (
            format!(
                "The client sends the method in lower case (`{}`)",
                f.method.as_deref().unwrap_or("patch")
            ),
            s(
                "fetch() and XHR upper-case only DELETE, GET, HEAD, OPTIONS, POST and PUT. `method: 'patch'` goes out as `patch`, and the comparison with `PATCH` in Access-Control-Allow-Methods is case-sensitive.",
            ),
            vec![s(
                "Write the method in upper case on the client: `method: 'PATCH'`.",
            )],
        ),
        C::InvalidAllowMethods => (
            s("Access-Control-Allow-Methods does not parse"),
            format!(
                "The value must be a comma-separated list of tokens{}. Semicolons, quotes, slashes or spaces inside an item make the whole header invalid.",
                f.value
                    .as_deref()
                    .map_or_else(String::new, |v| format!("; `{v}` is not one"))
            ),
            vec![s(
                "Send e.g. `Access-Control-Allow-Methods: GET, POST, PUT, DELETE`.",
            )],
        ),
        C::InvalidAllowHeaders => (
            s("Access-Control-Allow-Headers does not parse"),
            format!(
                "The value must be a comma-separated list of header names{}.",
                f.value
                    .as_deref()
                    .map_or_else(String::new, |v| format!("; `{v}` is not one"))
            ),
            vec![s(
                "Send e.g. `Access-Control-Allow-Headers: Content-Type, Authorization` (commas, no semicolons).",
            )],
        ),
        C::PreflightRedirect => (
            s("The preflight is answered with a redirect"),
            s(
                "A preflight may not be redirected. Typical causes: a trailing-slash redirect (Django APPEND_SLASH, Flask strict_slashes, Next.js trailingSlash), http→https, apex→www, or an auth filter redirecting to /login.",
            ),
            vec![
                s("Call the final URL directly (exact slash, https, right host)."),
                s("Or make the server answer OPTIONS without redirecting."),
            ],
        ),
        C::RedirectToLogin => (
            s("An expired session redirects the API call to a login page"),
            format!(
                "The API answered with a redirect to {}, which sends no CORS headers for the page. It happens when the session expires, so it looks intermittent.",
                f.location
                    .as_deref()
                    .or(f.url.as_deref())
                    .unwrap_or("a login page or identity provider")
            ),
            vec![s(
                "Return 401/403 to API requests (detect them by path, Accept or Sec-Fetch-Mode) and let the page start the login by navigation.",
            )],
        ),
        C::RedirectWithCredentials => (
            s("A redirect points at a URL with a user name and password"),
            s(
                "Browsers refuse to follow a CORS redirect whose Location contains `user:password@`.",
            ),
            vec![s(
                "Redirect to a URL without credentials, and authenticate with a header or cookie instead.",
            )],
        ),
        C::DisallowedByMode => (
            s("A same-origin-mode request went to another origin"),
            s(
                "The request used `mode: 'same-origin'` and was sent or redirected to another origin, which that mode forbids.",
            ),
            vec![s(
                "Use `mode: 'cors'` (the default) with CORS on the server, or avoid the cross-origin redirect.",
            )],
        ),
        C::UnsupportedScheme => (
            s("The request is to a URL scheme without CORS (file:, a custom scheme)"),
            s(
                "CORS only works for http and https. A page opened from a file that loads another file, or a request to a custom scheme, is refused whatever the server sends.",
            ),
            vec![s(
                "Serve both the page and the data over http(s), e.g. `python3 -m http.server` in the folder.",
            )],
        ),
        C::ServiceWorkerOpaque => (
            s("A service worker answered a CORS request with an opaque response"),
            s(
                "The page's service worker served a no-cors (opaque) response, often from its cache, to a request that needs CORS.",
            ),
            vec![s(
                "Fetch cross-origin resources in cors mode inside the worker, do not cache opaque responses for CORS consumers, and bump the cache name.",
            )],
        ),
        C::StaticAssetCors => (
            s("A CORS-mode asset (font, module script) is served without CORS headers"),
            s(
                "Fonts, module scripts and `crossorigin` elements (an image drawn into a canvas and read back, a WebGL texture, audio for Web Audio) are always fetched with CORS, so assets moved to a CDN or another subdomain need Access-Control-Allow-Origin. Often only some file types get it. An image loaded without `crossorigin` does load, but taints the canvas, so reading it back fails.",
            ),
            vec![
                s(
                    "Add Access-Control-Allow-Origin for static assets at the CDN or web server (for fonts and public images `*` is fine), then purge the CDN.",
                ),
                s(
                    "For an image read back from a canvas: set `img.crossOrigin = 'anonymous'` before `img.src` (Safari needs that order), so it is requested with CORS. If the host sends no CORS headers and is not yours, proxy the image through your own server.",
                ),
            ],
        ),
        C::BrowserCacheNonCors => (
            s("The browser reused a cached copy fetched without CORS"),
            s(
                "The same URL was loaded earlier without CORS (a plain <img> or CSS background) and cached without Access-Control-Allow-Origin or Vary; the CORS request now gets that copy. It works with the cache disabled.",
            ),
            vec![
                s(
                    "Always send Access-Control-Allow-Origin for the resource, or add `Vary: Origin`.",
                ),
                s("Use `crossorigin=\"anonymous\"` everywhere the URL is used."),
            ],
        ),
        C::ObjectStorageCors => (
            s("The storage bucket's CORS rules do not cover this request"),
            s(
                "S3, GCS, R2, Azure Blob and similar stores have per-bucket CORS rules. They must list the origin, the method (PUT for presigned uploads) and the headers (Content-Type, x-amz-*); a presigned URL for the wrong region answers a redirect or 403 without CORS.",
            ),
            vec![s(
                "Set the bucket's CORS configuration with the exact origin, methods GET/PUT/POST/HEAD, AllowedHeaders and ExposeHeaders ETag; sign URLs for the bucket's region.",
            )],
        ),
        C::WrongRequestUrl => (
            s("The request URL is wrong, so the server answers without CORS headers"),
            format!(
                "The URL {} has {}: the script built it from a base URL ending in `/` and a path starting with `/`, or wrote a JavaScript value that was not set (`undefined`, `null`) into it. Servers answer such a path with 404, 405 or a redirect, from a layer that adds no CORS headers, so the browser reports a CORS error for a request that was never going to work.",
                f.url
                    .as_deref()
                    .map_or_else(|| "of the request".to_owned(), |u| format!("`{u}`")),
                f.value.as_deref().unwrap_or("a malformed path")
            ),
            vec![
                s(
                    "Fix the URL in the front end: join the base URL and the path with exactly one `/`, and make sure every variable in it is set before the request is sent.",
                ),
                s(
                    "Open the corrected URL in the Network tab: once it reaches the real route, check the CORS answer again.",
                ),
            ],
        ),
        C::ThirdPartyApi => (
            s("The API may not be meant for browsers on other sites"),
            s(
                "If this is someone else's API, it may deliberately refuse cross-origin browser calls, and nothing on your side can change that (public CORS proxies and browser extensions are not a fix). A dev-server proxy hides this until production.",
            ),
            vec![
                s(
                    "Call the API from your own backend (or a serverless function / reverse proxy on your origin) and keep API keys there.",
                ),
                format!(
                    "While you develop, `{}` answers CORS for your page on http://127.0.0.1:8787 and logs what the API's own answers lack (add `--credentials` if the page sends cookies).",
                    crate::commands::proxy_command(f.url.as_deref(), f.origin.as_deref())
                ),
            ],
        ),
        C::OriginNotInAllowList => (
            format!("The server's CORS allow-list does not include {o}"),
            format!(
                "The server has CORS configured with a list of allowed origins, and {o} is not on it. Most CORS libraries then send no Access-Control-Allow-Origin at all (some send `null` or `false`), so the browser reports a missing header, not a mismatch. Typical: a new staging or preview host, a different port in development, an app origin (`capacitor://localhost`, a WebView), or the production list not loaded."
            ),
            vec![
                format!(
                    "Add {oc} to the allowed origins of the CORS configuration (exact scheme, host and port)."
                ),
                s(
                    "Check that the deployed configuration (environment variables, settings file) is the one that is loaded.",
                ),
            ],
        ),
        C::OriginNotForwarded => (
            s("A proxy drops the Origin header before the app's CORS layer sees it"),
            format!(
                "The preflight is answered with Access-Control-Allow-Methods/-Headers, so a CORS layer runs, but without Access-Control-Allow-Origin: it did not receive the request's Origin ({o}). A reverse proxy, gateway or load balancer between the browser and the app removes or rewrites the header (an nginx `proxy_set_header Origin \"\"`, a header allow-list in an API gateway or CDN)."
            ),
            vec![
                s(
                    "Forward the Origin header unchanged to the app (nginx: no `proxy_set_header Origin`; gateways and CDNs: add Origin to the forwarded headers and the cache key).",
                ),
                s("Or answer CORS at the proxy itself, and only there."),
            ],
        ),
        C::MissingExposeHeaders => (
            match &f.header {
                Some(h) => format!("The response header `{h}` is not exposed to JavaScript"),
                None => s("A response header the script reads is not exposed to JavaScript"),
            },
            s(
                "A CORS response only lets the page read Cache-Control, Content-Language, Content-Length, Content-Type, Expires, Last-Modified and Pragma, plus the names in Access-Control-Expose-Headers (`*` does not count with credentials).",
            ),
            vec![match &f.header {
                Some(h) => {
                    format!("Send `Access-Control-Expose-Headers: {h}` on the actual response.")
                }
                None => s(
                    "List the header the script reads in Access-Control-Expose-Headers on the actual response.",
                ),
            }],
        ),
        C::NoCorsMode => (
            s("`mode: 'no-cors'` gives an opaque response"),
            s(
                "no-cors hides the console error but the response is opaque: status 0, no headers, no body. It also drops non-safelisted headers (Authorization, JSON Content-Type) and methods other than GET/HEAD/POST.",
            ),
            vec![s(
                "Remove `mode: 'no-cors'` and fix CORS on the server (or call through your own backend).",
            )],
        ),
        C::StalePreflightCache => (
            s("The browser still uses a preflight result cached before the change"),
            s(
                "A successful preflight is cached for Access-Control-Max-Age (default 5 s; capped at 2 h in Chrome, 24 h in Firefox, 10 min in Safari), and while the entry lasts the browser sends the request without asking again. Failed preflights are not cached (Fetch, CORS-preflight cache: https://fetch.spec.whatwg.org/#cors-preflight-cache), so a stale entry can only make a request pass on old rules, never fail: if a request still fails after a fix, the fix is not what the server answers yet.",
            ),
            vec![s(
                "Keep Max-Age short while iterating (600) and test in a fresh profile or private window.",
            )],
        ),
        C::LnaInsecureContext => (
            format!(
                "Local Network Access: a page that is not a secure context may not reach {}",
                lna_space_words(f)
            ),
            s(
                "Chrome (142+) refuses every request from a page that is not a secure context (plain http on a public host) to the local network or this machine, before anything is sent, and cannot even ask the user. No CORS header changes this. Firefox asks for the permission even there; Safari has no such check.",
            ),
            vec![
                s(
                    "Serve the page over https: Chrome then asks the user once (the Local Network Access permission), and the CORS headers apply after that.",
                ),
                s(
                    "From an https page an `http://` device is mixed content and blocked before that, unless fetch() declares `targetAddressSpace: 'local'` (or `'loopback'`) or the URL names a private IP address or a `.local` host; `http://localhost` and `127.0.0.1` are exempt already.",
                ),
                s(
                    "Or serve the page from the same network as the server (a page on the device itself or on localhost reaches it without a prompt).",
                ),
            ],
        ),
        C::LnaPermissionDenied => (
            format!(
                "Local Network Access: the user has not allowed this site to reach {}",
                lna_space_words(f)
            ),
            format!(
                "Since Chrome 142 (and Firefox 153) a page on the public internet may reach this machine or the local network only after the user allows it. The request was never sent. {} Blocked, dismissed, never answered (a headless or automated browser cannot answer), or asked from an iframe whose `allow` attribute does not delegate the permission: all end here. Once allowed, the CORS headers are checked as usual. Safari has no such check.",
                lna_prompt(f)
            ),
            vec![
                s(
                    "The user allows it: in the prompt, or later in the site settings (the icon left of the address bar → Local network access; chrome://settings/content/localNetworkAccess). On managed Chrome: the policy LocalNetworkAccessAllowedForUrls (and LoopbackNetworkAccessAllowedForUrls for this machine).",
                ),
                s(
                    "From an iframe: embed it with `allow=\"loopback-network; local-network\"` (Chrome also accepts the older `local-network-access`; Firefox does not), and ask from a user gesture in the top page if you can.",
                ),
                s(
                    "From an https page to an http device on the LAN: `fetch(url, {targetAddressSpace: 'local'})` (or `'loopback'`) lets it past mixed-content blocking; the permission prompt still applies.",
                ),
                s(
                    "Or avoid the jump between networks: serve the page from the same network as the server, or call the device through your own backend.",
                ),
            ],
        ),
        C::LnaAddressSpaceMismatch => (
            s("Local Network Access: the server is not in the declared `targetAddressSpace`"),
            format!(
                "{} Chrome holds the request itself (not the preflight) and every redirect hop to the declared space, and refuses it before sending when the server is elsewhere. Firefox ignores the option.",
                lna_mismatch_words(f)
            ),
            vec![s(
                "Declare the space the server is in (`loopback` for this machine, `local` for the LAN) or drop the option: it is only needed for https pages calling http devices on the LAN.",
            )],
        ),
        C::PnaMissingAllowPrivateNetwork => (
            s(
                "Private Network Access (Chrome 94–141): the preflight lacked Access-Control-Allow-Private-Network",
            ),
            s(
                "This wording is history. Chrome 94–141 sent `Access-Control-Request-Private-Network: true` on preflights to private addresses and, mostly in warning-only trials, expected `Access-Control-Allow-Private-Network: true` back. Chrome 142+ sends and reads neither header: a public page now needs the user's Local Network Access permission instead, which no server header can give.",
            ),
            vec![
                s(
                    "Handle Local Network Access: an https page, and the user allows the site (see the Local Network Access cause).",
                ),
                s(
                    "Only for a browser that still prints this line (Chrome 141 or older): answer the preflight with `Access-Control-Allow-Private-Network: true`; it does nothing in current browsers.",
                ),
            ],
        ),
        C::NotCorsConnectionRefused => (
            s("Not a CORS problem: the connection was refused"),
            format!(
                "Nothing accepted the connection to {}: the server is down, listens on another port or interface, or a firewall refuses it. No HTTP response arrived, so there was nothing to check.",
                f.url
                    .as_deref()
                    .map_or_else(|| "the server".to_owned(), url_host_port)
            ),
            vec![s(
                "Start the server, check the port and base URL, and make it listen on the interface you call (0.0.0.0 in containers).",
            )],
        ),
        C::NotCorsNameNotResolved => (
            s("Not a CORS problem: the host name does not resolve"),
            s(
                "DNS has no address for the host: a typo in the base URL, an environment variable not set, or a VPN/private DNS that is not active.",
            ),
            vec![s(
                "Check the host name in the request URL and the DNS or VPN setup.",
            )],
        ),
        C::NotCorsCertificate => (
            s("Not a CORS problem: the TLS certificate is not trusted"),
            s(
                "The HTTPS connection failed (self-signed, expired or wrong-host certificate). Trusting the page's certificate does not trust the API's; Firefox reports this as \"CORS request did not succeed\".",
            ),
            vec![s(
                "Use a valid certificate for the API host, or open the API URL once in the browser and accept it while developing.",
            )],
        ),
        C::NotCorsBlockedByClient => (
            s("Not a CORS problem: a browser extension blocked the request"),
            s(
                "An ad or privacy blocker (uBlock, AdBlock, Brave shields) cancelled the request, typically because the URL looks like analytics, ads or tracking.",
            ),
            vec![s(
                "Disable the extension for the site to confirm, and rename paths that look like tracking (`/analytics`, `/ads`).",
            )],
        ),
        C::NotCorsNetworkError => (
            s("Not (only) a CORS problem: no HTTP response arrived"),
            s(
                "The request failed at the network level (connection reset or refused, timeout, DNS, TLS, offline). Firefox words all of these as \"CORS request did not succeed\"; Chrome and Safari just reject fetch().",
            ),
            vec![
                s(
                    "Open the URL directly in the browser, or run the confirm command, to see the real network error.",
                ),
                s(
                    "Check that the server is up, the port and scheme are right, and the certificate is trusted.",
                ),
            ],
        ),
        C::NotCorsMixedContent => (
            s("Not a CORS problem: an https page requested an http URL (mixed content)"),
            s(
                "Browsers block insecure requests from secure pages before they are sent. Typical: a hard-coded http:// base URL, or a proxy that builds http URLs because it ignores X-Forwarded-Proto.",
            ),
            vec![s(
                "Serve the API over https and use an https (or relative) base URL.",
            )],
        ),
        C::NotCorsCsp => (
            s("Not a CORS problem: the page's Content Security Policy blocks the URL"),
            s(
                "The page's own CSP (connect-src for fetch/XHR) does not list the API's origin, so the browser refused to send the request.",
            ),
            vec![s(
                "Add the API's origin to the page's `connect-src` directive (in the page's Content-Security-Policy header or meta tag).",
            )],
        ),
        C::NotCorsCorpCoep => (
            s(
                "Not a CORS problem: Cross-Origin-Resource-Policy / Embedder-Policy blocked the response",
            ),
            s(
                "The resource sends `Cross-Origin-Resource-Policy: same-origin` (helmet's default), or the page uses COEP `require-corp` and the resource has no CORP header or crossorigin attribute.",
            ),
            vec![s(
                "Send `Cross-Origin-Resource-Policy: cross-origin` on the resource (helmet: `crossOriginResourcePolicy: { policy: 'cross-origin' }`), or load it with CORS (`crossorigin`).",
            )],
        ),
        C::NotCorsOrb => (
            s("Not a CORS problem: Opaque Response Blocking"),
            s(
                "A no-cors request (plain <script>, <img>, or fetch with mode 'no-cors') received JSON, HTML or similar data, which Chrome blocks from reaching the page.",
            ),
            vec![s(
                "Fetch the data with CORS (`fetch(url)` without no-cors) and enable CORS on the server.",
            )],
        ),
        C::NotCorsTooManyRedirects => (
            s("Not a CORS problem: too many redirects"),
            s(
                "The redirect chain is longer than 20 hops, which means a loop (http↔https, slash added and removed, a login loop).",
            ),
            vec![s(
                "Follow the chain with `curl -sIL URL` and fix the rule that loops.",
            )],
        ),
        C::NotCorsCsrf => (
            s("Not a CORS problem: the server's CSRF origin check refused the request"),
            s(
                "CORS passed; the server's own CSRF protection (Django 4+: CSRF_TRUSTED_ORIGINS) rejected the page's Origin with 403.",
            ),
            vec![format!(
                "Add {oc} (with its scheme) to the trusted origins of the CSRF protection."
            )],
        ),
        C::CookieNotCrossSite => (
            s("CORS passes, but the session cookie will not be sent back on cross-site requests"),
            format!(
                "The page ({o}) and the API are on different sites, and the cookie's attributes keep it off cross-site requests: login \"works\" but the next request is unauthenticated. Safari and Firefox may also block third-party cookies whatever the attributes."
            ),
            vec![
                s("Set the cookie with `SameSite=None; Secure` (and serve the API over https)."),
                s(
                    "Better: serve the API on the same site as the page (api.example.com next to app.example.com) or behind a same-origin proxy, or use token auth.",
                ),
            ],
        ),
        C::NotCorsWebsocket => (
            s("Not a CORS problem: the WebSocket handshake was refused"),
            s(
                "WebSockets are not covered by CORS, but servers check the Origin of the handshake (socket.io cors_allowed_origins, Phoenix check_origin, gorilla CheckOrigin).",
            ),
            vec![format!(
                "Add {oc} to the WebSocket server's allowed origins; do not disable the origin check."
            )],
        ),
        C::NotCorsRedirectMode => (
            s("Not a CORS problem: the request's redirect mode refused a redirect"),
            s(
                "fetch() was called with `redirect: 'error'` (or 'manual') and the server answered with a redirect.",
            ),
            vec![s(
                "Call the final URL, or allow redirects in the fetch() options.",
            )],
        ),
        C::RedirectTargetWithoutCors => (
            match &f.location {
                Some(l) => {
                    format!("The request was redirected to {l}, whose response has no CORS headers")
                }
                None => s(
                    "The request was redirected, and the redirect target's response has no CORS headers",
                ),
            },
            s(
                "A CORS request follows redirects, and every response on the way, the last one included, needs Access-Control-Allow-Origin. Here the first server redirected (http→https, a moved path, another host or a CDN edge), and the server at the end answered without CORS headers. Fixing the first server does not help.",
            ),
            vec![
                s(
                    "Request the final URL directly, so there is no redirect (the https URL, the new path, the final host).",
                ),
                s(
                    "If the target is yours, send Access-Control-Allow-Origin there as well; if it is not (a CDN, another company's host), load the resource from your own server or proxy it.",
                ),
            ],
        ),
        C::NotCorsFrameOptions => (
            s("Not a CORS problem: the page refuses to be shown in a frame"),
            format!(
                "The framed page{} sends `X-Frame-Options` (DENY, SAMEORIGIN) or a CSP `frame-ancestors` directive that does not list the embedding page. That is the framed site's anti-clickjacking rule; CORS headers play no part.",
                f.url
                    .as_deref()
                    .map_or_else(String::new, |u| format!(" ({u})"))
            ),
            vec![
                format!(
                    "If you run the framed site: drop X-Frame-Options and send a `Content-Security-Policy: frame-ancestors 'self' …` that lists the origin of the page embedding it ({o})."
                ),
                s(
                    "If you do not, it cannot be framed: link to it or open it in a new window (many sites, such as Google's and banks', forbid framing on purpose).",
                ),
            ],
        ),
        C::NotCorsCrossFrame => (
            s("Not a CORS problem: a script reached into a frame of another origin"),
            s(
                "Scripts may not read or call into a window or iframe of another origin (its document, its variables, `location.href`). That is the same-origin policy for frames; no server header lifts it.",
            ),
            vec![
                s(
                    "Talk to the other frame with `postMessage` (and check `event.origin` on the receiving side).",
                ),
                s("Or serve both pages from the same origin (a reverse proxy path)."),
            ],
        ),
        C::NotCorsPostmessageOrigin => (
            s(
                "Not a CORS problem: postMessage's target origin does not match the receiving window",
            ),
            s(
                "`otherWindow.postMessage(data, targetOrigin)` drops the message when the receiving window's origin is not `targetOrigin` (often the frame has not finished loading yet and is still on about:blank, or the origin differs by scheme, `www` or port).",
            ),
            vec![
                s(
                    "Pass the receiving window's exact origin as targetOrigin, and send after its load event (or after it signals it is ready).",
                ),
                s("On the receiving side, check `event.origin` against the sender's origin."),
            ],
        ),
        C::NotCorsOpenerPolicy => (
            s("Not a CORS problem: Cross-Origin-Opener-Policy cut the page off from its popup"),
            s(
                "With `Cross-Origin-Opener-Policy: same-origin` on the opener or on the popup's pages, the browser puts the popup in another browsing context group: `window.closed`, `window.opener` and `postMessage` between them stop working. OAuth and payment popups break this way.",
            ),
            vec![
                s(
                    "Send `Cross-Origin-Opener-Policy: same-origin-allow-popups` on the page that opens the popup (or no COOP at all there).",
                ),
                s(
                    "If the provider's own pages set COOP, use its redirect flow instead of a popup.",
                ),
            ],
        ),
        C::NotCorsStorageBlocked => (
            s(
                "Not a CORS problem: cookies or storage are blocked for the third-party frame or request",
            ),
            s(
                "The browser blocks (or partitions) cookies and storage for a site embedded in another site: Firefox's Enhanced Tracking Protection and state partitioning, Safari's ITP, Chrome's third-party cookie settings. A login in an iframe, or a cookie on a cross-site API, then seems lost.",
            ),
            vec![
                s(
                    "Serve the API or the embedded app on the same site as the page (a subdomain of it, or a same-origin proxy path).",
                ),
                s(
                    "In an iframe, ask for access with the Storage Access API (`document.requestStorageAccess()`), or use token auth instead of cookies.",
                ),
            ],
        ),
        C::NotCorsLocalResource => (
            s("Not a CORS problem: web pages may not load file: URLs"),
            format!(
                "A page served over http(s) referenced {}. Browsers never let a web page load local files, whatever the headers.",
                f.url
                    .as_deref()
                    .map_or_else(|| "a local file".to_owned(), |u| format!("`{u}`"))
            ),
            vec![s(
                "Serve the file from the web server (or a static route) and reference it with an http(s) or relative URL.",
            )],
        ),
        C::NotCorsMimeType => (
            s("Not a CORS problem: a script, module or stylesheet was refused for its MIME type"),
            format!(
                "The server answered{} with a Content-Type the browser will not run or apply{}: usually an HTML page (a 404 or the single-page app's index.html fallback) where a .js or .css file was expected, or a server that does not know the file type.",
                f.url
                    .as_deref()
                    .map_or_else(String::new, |u| format!(" {u}")),
                f.value
                    .as_deref()
                    .map_or_else(String::new, |v| format!(" (`{v}`)"))
            ),
            vec![
                s(
                    "Open the URL directly: if it shows HTML, fix the path (base href, public path, build output) so the real file is served.",
                ),
                s(
                    "Otherwise serve the file with the right Content-Type (`text/javascript`, `text/css`); `X-Content-Type-Options: nosniff` makes browsers strict about it.",
                ),
            ],
        ),
        C::NotCorsForbiddenHeader => (
            match &f.header {
                Some(h) => format!("Not a CORS problem: scripts may not set the `{h}` header"),
                None => s("Not a CORS problem: the script set a header only the browser may set"),
            },
            s(
                "`Origin`, `Host`, `Connection`, `Content-Length`, `Referer`, `Cookie` and the other forbidden request headers are set by the browser alone; the browser ignores the script's value and logs this. It blocks nothing.",
            ),
            vec![s(
                "Remove the header from the request code (the browser sends the right `Origin` itself); if a server needs a value, send it in a custom header.",
            )],
        ),
        C::NotCorsSafeBrowsing => (
            s("Not a CORS problem: Safe Browsing blocked the resource"),
            format!(
                "The browser's Safe Browsing list flags {} as harmful, so it is not loaded.",
                f.url
                    .as_deref()
                    .map_or_else(|| "the URL".to_owned(), |u| format!("`{u}`"))
            ),
            vec![s(
                "If the site is yours, clean it up and request a review in Google Search Console (Security issues); meanwhile load the resource from an unflagged host.",
            )],
        ),
        C::NotCorsHttpError => (
            match f.status {
                Some(st) => format!(
                    "Not a CORS problem: the server answered {st} ({})",
                    status_text(st)
                ),
                None => s("Not a CORS problem: the server answered with an error status"),
            },
            format!(
                "The request got an HTTP response{} and no browser check failed: the page can read this error. Look at what the server says (the response body, the server's log): a wrong URL (an `undefined` in the path, a missing prefix), a method the route does not accept, or missing authentication.",
                f.url
                    .as_deref()
                    .map_or_else(String::new, |u| format!(" from {u}"))
            ),
            vec![s(
                "Fix the request or the route the status points to (404: the URL, 405: the method, 401/403: the credentials); a CORS error only comes with its own red console line.",
            )],
        ),
        C::NotCorsFetchUnsupported => (
            s("Not a CORS problem: this browser (or runtime) has no fetch()"),
            s(
                "Old browsers (Safari before 10.1, Internet Explorer) and Node.js before 18 have no global fetch (server-side rendering code runs in Node, not in the browser).",
            ),
            vec![s(
                "Load a fetch polyfill for old browsers, or on the server upgrade Node (18+) or import a fetch implementation.",
            )],
        ),
        C::NotCorsPermission => (
            s("Not a CORS problem: the browser refused the feature (NotAllowedError)"),
            s(
                "The browser throws `NotAllowedError` when a powerful feature (clipboard, autoplay with sound, notifications, camera or microphone, fullscreen) is used outside a user gesture (a click, a key press), after an `await` that lost the gesture, in a frame without the permission policy, or after the user denied the permission.",
            ),
            vec![s(
                "Call the feature directly from the click or key handler (before any await), allow it on the iframe (`allow=\"clipboard-write; autoplay\"`), and check the site's permission in the browser's settings.",
            )],
        ),
        C::NotCorsCrossOriginIsolation => (
            s(
                "Not a CORS problem: the page is not cross-origin isolated, so SharedArrayBuffer is missing",
            ),
            s(
                "Browsers give a page `SharedArrayBuffer` (which ffmpeg.wasm, threaded WebAssembly and some game engines need) only when it is cross-origin isolated: its document is served with `Cross-Origin-Opener-Policy: same-origin` and `Cross-Origin-Embedder-Policy: require-corp` (or `credentialless`), over HTTPS or localhost. Chrome has required this since version 92, Firefox since 79. No request was refused.",
            ),
            vec![
                s(
                    "Serve the page's HTML (not the API) with `Cross-Origin-Opener-Policy: same-origin` and `Cross-Origin-Embedder-Policy: require-corp`, and check `self.crossOriginIsolated` is true in the console.",
                ),
                s(
                    "With `require-corp`, every cross-origin script, image or worker the page embeds must be loaded with CORS (`crossorigin`) or send `Cross-Origin-Resource-Policy: cross-origin`; `credentialless` relaxes this for resources loaded without credentials.",
                ),
            ],
        ),
        C::BrowserCorsDisabled => (
            s("CORS is disabled in this browser's settings"),
            s(
                "Firefox's `content.cors.disable` preference is set, so every cross-origin request is blocked.",
            ),
            vec![s("Reset `content.cors.disable` in about:config.")],
        ),
    }
}

/// Host and port of a URL, for texts.
fn url_host_port(url: &str) -> String {
    url::Url::parse(url).map_or_else(
        |_| url.to_owned(),
        |u| match (u.host_str(), u.port_or_known_default()) {
            (Some(h), Some(p)) => format!("{h}:{p}"),
            (Some(h), None) => h.to_owned(),
            _ => url.to_owned(),
        },
    )
}

/// In words, how an allowed-origin value differs from the page origin.
pub fn origin_difference(allowed: Option<&str>, origin: Option<&str>) -> String {
    let (Some(allowed), Some(origin)) = (allowed, origin) else {
        return "Compare the allowed value with the page's origin character by character."
            .to_owned();
    };
    if allowed == origin {
        return "They look equal, so the comparison used another origin: after a cross-origin redirect the browser compares with `null`.".to_owned();
    }
    if allowed.trim_end_matches('/') == origin && allowed.len() > origin.len() {
        return format!("`{allowed}` has a trailing slash; `{origin}` has none.");
    }
    if allowed.eq_ignore_ascii_case(origin) {
        return format!("`{allowed}` differs from `{origin}` only in letter case.");
    }
    if corsfix_model::Origin::parse(allowed).is_err() {
        return format!("`{allowed}` is not a serialized origin like `{origin}`.");
    }
    let (Ok(a), Ok(b)) = (url::Url::parse(allowed), url::Url::parse(origin)) else {
        return format!("`{allowed}` is not a serialized origin like `{origin}`.");
    };
    let mut diffs = Vec::new();
    if a.scheme() != b.scheme() {
        diffs.push(format!("the scheme (`{}` vs `{}`)", a.scheme(), b.scheme()));
    }
    let (ha, hb) = (a.host_str().unwrap_or(""), b.host_str().unwrap_or(""));
    if ha != hb {
        let loopback = |h: &str| matches!(h, "localhost" | "127.0.0.1" | "[::1]");
        if loopback(ha) && loopback(hb) {
            diffs.push(format!(
                "the host (`{ha}` vs `{hb}`: localhost and 127.0.0.1 are different origins)"
            ));
        } else if ha.strip_prefix("www.") == Some(hb) || hb.strip_prefix("www.") == Some(ha) {
            diffs.push(format!("the host (`{ha}` vs `{hb}`: with and without www)"));
        } else {
            diffs.push(format!("the host (`{ha}` vs `{hb}`)"));
        }
    }
    if a.port_or_known_default() != b.port_or_known_default() {
        let p = |u: &url::Url| {
            u.port_or_known_default()
                .map_or_else(|| "none".to_owned(), |p| p.to_string())
        };
        diffs.push(format!("the port ({} vs {})", p(&a), p(&b)));
    }
    if a.path() != "/" || a.query().is_some() {
        diffs.push("a path after the host".to_owned());
    }
    if diffs.is_empty() {
        format!("`{allowed}` and `{origin}` are not byte-equal.")
    } else {
        format!(
            "`{allowed}` differs from `{origin}` in {}.",
            diffs.join(" and ")
        )
    }
}

/// The address space a Local Network Access cause is about, in words (`Facts::value` holds
/// Chromium's parameter: `loopback`, `local`, or `declared|resource` for a mismatch).
fn lna_space_words(f: &Facts) -> &'static str {
    let space = f
        .value
        .as_deref()
        .map(|v| v.rsplit('|').next().unwrap_or(v));
    match space {
        Some("loopback") => "this machine (the `loopback` address space)",
        Some("local") => "the local network (the `local` address space)",
        _ => "this machine or the local network",
    }
}

/// What Chrome's prompt asks (the permission is split in Chrome 145+: one for this machine,
/// one for the local network).
fn lna_prompt(f: &Facts) -> String {
    let site = f
        .origin
        .as_deref()
        .and_then(|o| o.split_once("://").map(|(_, h)| h.to_owned()))
        .unwrap_or_else(|| "The site".to_owned());
    let space = f
        .value
        .as_deref()
        .map(|v| v.rsplit('|').next().unwrap_or(v));
    match space {
        Some("loopback") => format!(
            "Chrome asks \"{site} wants to: Access other apps and services on this device\" (the `loopback-network` permission)."
        ),
        Some("local") => format!(
            "Chrome asks \"{site} wants to: Look for and connect to any device on your local network\" (the `local-network` permission)."
        ),
        _ => format!(
            "Chrome asks \"{site} wants to: Look for and connect to any device on your local network\" (or, for this machine, \"Access other apps and services on this device\")."
        ),
    }
}

/// A `targetAddressSpace` mismatch in words.
fn lna_mismatch_words(f: &Facts) -> String {
    match f.value.as_deref().and_then(|v| v.split_once('|')) {
        Some((declared, resource)) => format!(
            "The script called fetch() with `targetAddressSpace: '{declared}'`, but the server is in the `{resource}` address space."
        ),
        None => {
            "The script called fetch() with a `targetAddressSpace` the server is not in.".to_owned()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_kebab_case_and_parse_back() {
        let mut seen = std::collections::HashSet::new();
        for c in CauseCode::ALL {
            let code = c.code();
            assert!(seen.insert(code), "duplicate code {code}");
            assert!(
                code.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{code} is not kebab-case"
            );
            assert_eq!(code.parse::<CauseCode>().unwrap(), *c);
        }
        assert!("no-such-code".parse::<CauseCode>().is_err());
    }

    #[test]
    fn serving_the_page_over_https_comes_with_the_mixed_content_caveat() {
        // Issue #20: an https page calling http:// on the LAN is still mixed content unless
        // targetAddressSpace, a private IP literal or a .local name exempts it.
        let c = Cause::new(
            CauseCode::LnaInsecureContext,
            Likelihood::Possible,
            &Facts::default(),
        );
        assert!(
            c.fix
                .iter()
                .any(|f| f.contains("mixed content") && f.contains("targetAddressSpace"))
        );
    }

    #[test]
    fn private_network_access_is_history_and_its_header_no_fix() {
        // Issue #20: PNA preflights were never a blocking requirement and are gone; Local
        // Network Access is a permission, not a header.
        let c = Cause::new(
            CauseCode::PnaMissingAllowPrivateNetwork,
            Likelihood::Possible,
            &Facts::default(),
        );
        assert!(c.detail.contains("history"), "{}", c.detail);
        assert!(!c.fix[0].contains("Answer such preflights"), "{:?}", c.fix);
        assert!(c.fix.iter().any(|f| f.contains("Local Network Access")));
    }

    #[test]
    fn a_stale_preflight_entry_can_only_make_a_request_pass() {
        // Issue #20: failed preflights are not cached (Fetch, "CORS-preflight cache").
        let c = Cause::new(
            CauseCode::StalePreflightCache,
            Likelihood::Possible,
            &Facts::default(),
        );
        assert!(!c.detail.contains("may still fail"), "{}", c.detail);
        assert!(c.detail.contains("Failed preflights are not cached"));
        assert!(c.detail.contains("#cors-preflight-cache"));
    }

    #[test]
    fn only_a_redirect_from_an_already_cross_origin_url_taints_the_origin() {
        // Issue #20: app → api (one cross-origin hop) does not taint; api → cdn does.
        let c = Cause::new(
            CauseCode::RedirectTaintedOrigin,
            Likelihood::Possible,
            &Facts::default(),
        );
        assert!(
            !c.detail
                .starts_with("The request was redirected from one origin to another, so")
        );
        assert!(
            c.detail.contains("already cross-origin to the page"),
            "{}",
            c.detail
        );
        assert!(c.detail.contains("#http-redirect-fetch"));
    }

    #[test]
    fn every_cause_has_text_and_a_fix() {
        let facts = Facts::default();
        for c in CauseCode::ALL {
            let cause = Cause::new(*c, Likelihood::Possible, &facts);
            assert!(!cause.summary.is_empty() && !cause.detail.is_empty(), "{c}");
            assert!(!cause.fix.is_empty(), "{c} has no fix");
            assert_eq!(cause.cause_code(), Some(*c));
        }
    }

    #[test]
    fn texts_read_well_without_facts_and_use_them_when_given() {
        let none = Cause::new(
            CauseCode::OriginMismatch,
            Likelihood::Possible,
            &Facts::default(),
        );
        assert_eq!(
            none.summary,
            "The allowed origin is not exactly the page's origin"
        );
        let facts = Facts {
            origin: Some("http://localhost:3000".into()),
            value: Some("http://localhost:3000/".into()),
            ..Facts::default()
        };
        let some = Cause::new(CauseCode::OriginMismatch, Likelihood::Likely, &facts);
        assert!(
            some.summary.contains("`http://localhost:3000/`"),
            "{}",
            some.summary
        );
        assert!(some.detail.contains("trailing slash"), "{}", some.detail);
    }

    #[test]
    fn no_text_makes_up_a_value_the_evidence_did_not_give() {
        // Placeholders corsfix used to print in place of a missing fact (issue #13).
        let made_up = [
            "your page's origin",
            "your-app.example",
            "`the header`",
            "the header`",
            "`the method`",
            "X-Total-Count",
            "`?`",
        ];
        for c in CauseCode::ALL {
            let cause = Cause::new(*c, Likelihood::Possible, &Facts::default());
            let all = format!("{} {} {}", cause.summary, cause.detail, cause.fix.join(" "));
            for p in made_up {
                assert!(!all.contains(p), "{c}: `{p}` in {all}");
            }
        }
    }

    #[test]
    fn not_cors_codes_say_so() {
        for c in CauseCode::ALL {
            if c.code().starts_with("not-cors-") {
                assert!(!c.is_cors(), "{c}");
            }
        }
    }

    #[test]
    fn origin_differences_are_named() {
        let d = |a, o| origin_difference(Some(a), Some(o));
        assert!(d("http://localhost:3000/", "http://localhost:3000").contains("trailing slash"));
        assert!(d("https://localhost:3000", "http://localhost:3000").contains("scheme"));
        assert!(d("http://localhost:5173", "http://localhost:3000").contains("port"));
        assert!(
            d("http://127.0.0.1:3000", "http://localhost:3000").contains("localhost and 127.0.0.1")
        );
        assert!(d("https://www.example.com", "https://example.com").contains("www"));
        assert!(d("localhost:3000", "http://localhost:3000").contains("not a serialized origin"));
    }
}
