//! Every heuristic the engine uses, once: what a URL, a header or an origin *suggests* (a login
//! page, a near-miss origin, a loopback page, a storage bucket, a host the user plainly does
//! not own, a cache hit, a cookie kept off cross-site requests). The Fetch rules themselves
//! (is this header exposed, does `Vary` name `Origin`, …) are the model's; these are guesses
//! about intent, and each says what it keys on.

use corsfix_model::exchange::{AddressSpace, Exchange};
use url::Url;

/// The URL's host, lower-cased, when it parses.
pub fn host_of(url: &str) -> Option<String> {
    Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_ascii_lowercase))
}

/// Path segments that name a login or identity-provider step.
const LOGIN_SEGMENTS: &[&str] = &[
    "login",
    "logon",
    "signin",
    "sign-in",
    "sign_in",
    "authorize",
    "oauth",
    "oauth2",
    "auth",
    "sso",
    "saml",
    "saml2",
    "openid",
    "openid-connect",
    "realms",
    "adfs",
    "cas",
    "session",
    "sessions",
];

/// Hosts (or host prefixes / suffixes) of identity providers and login front ends.
const LOGIN_HOSTS: &[&str] = &[
    "login.microsoftonline.com",
    "accounts.google.com",
    "login.live.com",
    "appleid.apple.com",
];
const LOGIN_HOST_PREFIXES: &[&str] = &["login.", "signin.", "auth.", "sso.", "idp."];
const LOGIN_HOST_SUFFIXES: &[&str] = &[".auth0.com", ".okta.com", ".amazoncognito.com"];

/// Whether a URL (or a `Location` value, absolute or not) looks like a login page or an
/// identity provider: a path segment such as `/login`, `/oauth/authorize`, `/realms/…`,
/// `/adfs/…` (or one starting with `login`/`signin`, like `login.php`), or an identity
/// provider's host.
pub fn looks_like_login(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    let (host, path) = match Url::parse(&lower) {
        Ok(u) if u.has_host() => (
            u.host_str().unwrap_or_default().to_owned(),
            u.path().to_owned(),
        ),
        _ => (
            String::new(),
            lower
                .split(['?', '#'])
                .next()
                .unwrap_or_default()
                .to_owned(),
        ),
    };
    if LOGIN_HOSTS.contains(&host.as_str())
        || LOGIN_HOST_PREFIXES.iter().any(|p| host.starts_with(p))
        || LOGIN_HOST_SUFFIXES.iter().any(|s| host.ends_with(s))
    {
        return true;
    }
    path.split('/').any(|seg| {
        LOGIN_SEGMENTS.contains(&seg)
            || seg.starts_with("login")
            || seg.starts_with("signin")
            || seg.starts_with("sign-in")
    })
}

/// Whether a host is this machine by name or address (`localhost`, `*.localhost`,
/// `127.0.0.0/8`, `[::1]`).
pub fn is_loopback_host(host: &str) -> bool {
    let h = host.trim_end_matches('.').to_ascii_lowercase();
    h == "localhost"
        || h.ends_with(".localhost")
        || h == "[::1]"
        || h == "::1"
        || h.parse::<std::net::Ipv4Addr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// What is wrong with a request URL's path, in words, when the path itself shows it: an
/// empty segment (`https://api.example.com//items`, a base URL with a trailing slash joined to
/// a path with a leading one) or a JavaScript value that was never set, stringified into it
/// (`/undefined`, `/null`, `[object Object]`: what `String(undefined)`, `String(null)` and
/// `String({})` give, ECMAScript `ToString`). Only the path counts (not the query, where
/// `//` is common in encoded URLs), and not the `://` of a URL carried in the path (a CORS
/// proxy's prefix).
pub fn malformed_path(url: &str) -> Option<&'static str> {
    let u = url::Url::parse(url.trim()).ok()?;
    if !matches!(u.scheme(), "http" | "https" | "ws" | "wss") {
        return None;
    }
    let path = u.path();
    // A URL carried in the path (`https://proxy.example/https://api.example/x`, how
    // cors-anywhere and its kin are called) has its own `://`: that is no empty segment.
    if path
        .match_indices("//")
        .any(|(i, _)| !path[..i].ends_with(':'))
    {
        return Some("an empty `//` segment in its path");
    }
    let stringified = path.split('/').any(|seg| {
        matches!(seg, "undefined" | "null")
            || seg.contains("%5Bobject%20Object%5D")
            || seg.contains("[object%20Object]")
    });
    stringified.then_some("`undefined`, `null` or `[object Object]` in its path")
}

/// Whether a page origin is a browser extension's or an app web view's own scheme
/// (`chrome-extension://…`, `moz-extension://…`, `safari-web-extension://…`,
/// `capacitor://localhost`, `ionic://localhost`, `tauri://localhost`): such pages send their
/// own origin, which a server's allow-list holds only when someone added it (Ionic's "CORS
/// Errors" page, <https://ionicframework.com/docs/troubleshooting/cors>: "apps running in
/// Capacitor have capacitor://localhost (iOS) or http://localhost (Android) as their origin",
/// to be allowed on the server; Ollama's `OLLAMA_ORIGINS` takes `chrome-extension://*` the
/// same way). A missing Access-Control-Allow-Origin then most often means the origin is not
/// on the list, not that the server has no CORS.
pub fn is_app_origin(origin: &str) -> bool {
    let lower = origin.trim().to_ascii_lowercase();
    [
        "chrome-extension://",
        "moz-extension://",
        "safari-web-extension://",
        "ms-browser-extension://",
        "extension://",
        "capacitor://",
        "ionic://",
        "tauri://",
    ]
    .iter()
    .any(|s| lower.starts_with(s))
}

/// Whether an allowed-origin value is a near variant of the page's origin (the same host up
/// to `www.` and the localhost / 127.0.0.1 alias, or a scheme, port, case or trailing-slash
/// difference) rather than another site. A value that has no host at all (`localhost:3000`,
/// `null`) cannot be told apart from a typo, so it counts as near.
pub fn is_close_variant(value: &str, origin: &str) -> bool {
    if value.trim_end_matches('/').eq_ignore_ascii_case(origin) {
        return true;
    }
    match (host_of(value), host_of(origin)) {
        (Some(a), Some(b)) => {
            let norm = |h: &str| {
                let h = h.strip_prefix("www.").unwrap_or(h);
                if is_loopback_host(h) {
                    "localhost".to_owned()
                } else {
                    h.to_owned()
                }
            };
            norm(&a) == norm(&b)
        }
        _ => true,
    }
}

/// Whether an allowed-origin value is the page's origin plus a trailing slash or a path
/// (`http://localhost:3000/`, `https://app.example.com/app`).
pub fn is_origin_with_path(value: &str, origin: &str) -> bool {
    let v = value.trim();
    v.len() > origin.len() && v.starts_with(origin) && v[origin.len()..].starts_with('/')
}

/// The address space a page origin's host is in, guessed from its name (no DNS): loopback
/// names and addresses, `.local`/`.internal`/`.lan`/`.home.arpa`/`.intranet`/`.corp` and
/// private addresses as local, anything else public.
pub fn page_address_space(origin: &str) -> Option<AddressSpace> {
    let u = Url::parse(origin).ok()?;
    Some(match u.host()? {
        url::Host::Ipv4(v4) => corsfix_model::exchange::ip_address_space(v4.into()),
        url::Host::Ipv6(v6) => corsfix_model::exchange::ip_address_space(v6.into()),
        url::Host::Domain(d) => {
            let d = d.to_ascii_lowercase();
            if is_loopback_host(&d) {
                AddressSpace::Loopback
            } else if [
                ".local",
                ".internal",
                ".lan",
                ".home.arpa",
                ".intranet",
                ".corp",
            ]
            .iter()
            .any(|s| d.ends_with(s))
            {
                AddressSpace::Local
            } else {
                AddressSpace::Public
            }
        }
    })
}

/// Whether the URL is an object-storage bucket (S3, GCS, R2, Azure Blob, Spaces) or a
/// presigned URL for one (`X-Amz-…`, `X-Goog-…` query parameters).
pub fn is_object_storage(url: &str) -> bool {
    let presigned = url.contains("X-Amz-") || url.contains("X-Goog-");
    let Some(h) = host_of(url) else {
        return presigned;
    };
    ((h.contains(".s3.") || h.contains(".s3-") || h.starts_with("s3."))
        && h.ends_with("amazonaws.com"))
        || h == "storage.googleapis.com"
        // Firebase Storage serves Cloud Storage buckets, whose CORS is the bucket's
        // (`gsutil cors set`, Firebase's "Download files" guide, "CORS configuration").
        || h == "firebasestorage.googleapis.com"
        || h.ends_with(".storage.googleapis.com")
        || h.ends_with(".r2.cloudflarestorage.com")
        || h.ends_with(".blob.core.windows.net")
        || h.ends_with(".digitaloceanspaces.com")
        || presigned
}

/// Sites (registrable domains) of big platforms, public APIs and CDNs: a developer calling
/// them from a page plainly does not run them, so their CORS answer cannot be changed from the
/// caller's side.
const THIRD_PARTY_SITES: &[&str] = &[
    // Platforms and their APIs.
    "google.com",
    "googleapis.com",
    "gstatic.com",
    "youtube.com",
    "ytimg.com",
    "facebook.com",
    "fbcdn.net",
    "instagram.com",
    "twitter.com",
    "twimg.com",
    "x.com",
    "github.com",
    "githubusercontent.com",
    "gitlab.com",
    "microsoft.com",
    "microsoftonline.com",
    "live.com",
    "office.com",
    "sharepoint.com",
    "apple.com",
    "icloud.com",
    "spotify.com",
    "openai.com",
    "anthropic.com",
    "stripe.com",
    "paypal.com",
    "linkedin.com",
    "reddit.com",
    "dropbox.com",
    "dropboxapi.com",
    "dropboxusercontent.com",
    "wikipedia.org",
    "wikimedia.org",
    "telegram.org",
    "discord.com",
    "slack.com",
    "notion.com",
    "airtable.com",
    "twilio.com",
    "sendgrid.com",
    "mailchimp.com",
    "vimeo.com",
    "openweathermap.org",
    "newsapi.org",
    "coingecko.com",
    "binance.com",
    "yelp.com",
    "themoviedb.org",
    "yahoo.com",
    "bing.com",
    "mozilla.org",
    "w3.org",
    "archive.org",
    "openstreetmap.org",
    "pinterest.com",
    "tumblr.com",
    "tiktok.com",
    "twitch.tv",
    "soundcloud.com",
    "imgur.com",
    "giphy.com",
    "unsplash.com",
    "flickr.com",
    "steampowered.com",
    "steamcommunity.com",
    "nasa.gov",
    "coinbase.com",
    "coinmarketcap.com",
    "etherscan.io",
    "npmjs.org",
    "npmjs.com",
    "pypi.org",
    // CDNs and hosts of other people's files.
    "jsdelivr.net",
    "unpkg.com",
    "cdnjs.com",
    "bootstrapcdn.com",
    "jquery.com",
];

/// Hosts on those sites that hold the developer's own resources (buckets, functions,
/// databases), which the developer does configure.
const OWN_RESOURCE_HOSTS: &[&str] = &[
    "storage.googleapis.com",
    "firebasestorage.googleapis.com",
    "firestore.googleapis.com",
    "script.google.com",
];

/// Whether the URL is on a site the developer plainly does not run (a big platform, a public
/// API or a CDN), so "fix your server" cannot apply: they must call it from their own backend
/// or proxy it. Buckets and functions hosted on those platforms do not count.
pub fn is_third_party_host(url: &str) -> bool {
    let Ok(u) = Url::parse(url) else {
        return false;
    };
    let host = u.host_str().unwrap_or_default().to_ascii_lowercase();
    if OWN_RESOURCE_HOSTS.contains(&host.as_str())
        || host.ends_with(".storage.googleapis.com")
        || host == "cdnjs.cloudflare.com"
    {
        return host == "cdnjs.cloudflare.com";
    }
    let (_, site) = corsfix_model::origin::site_guess(&u);
    THIRD_PARTY_SITES.contains(&site.as_str())
}

/// Sites of analytics, advertising and error-reporting services, which ad and privacy
/// blockers (uBlock Origin, Privacy Badger, Brave Shields, Firefox's tracking protection)
/// block by default.
const TRACKER_SITES: &[&str] = &[
    "sentry.io",
    "google-analytics.com",
    "googletagmanager.com",
    "googlesyndication.com",
    "doubleclick.net",
    "facebook.net",
    "hotjar.com",
    "segment.io",
    "segment.com",
    "mixpanel.com",
    "amplitude.com",
    "clarity.ms",
    "nr-data.net",
    "datadoghq.com",
    "bugsnag.com",
    "logrocket.com",
    "fullstory.com",
    "matomo.cloud",
    "plausible.io",
    "posthog.com",
];

/// Whether the URL is an analytics, advertising or error-reporting endpoint that content
/// blockers block by default: a known tracker's site, or the query and path marks of one
/// (`sentry_key=`, a self-hosted Sentry's `/api/N/envelope/` or `/store/`, Google
/// Analytics' `/collect`, Matomo's `matomo.php`/`piwik.php`).
pub fn is_tracker_url(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    if lower.contains("sentry_key=")
        || lower.contains("/matomo.php")
        || lower.contains("/piwik.php")
        || lower.contains("/g/collect?")
    {
        return true;
    }
    let Ok(u) = Url::parse(&lower) else {
        return false;
    };
    let (_, site) = corsfix_model::origin::site_guess(&u);
    TRACKER_SITES.contains(&site.as_str())
}

/// Whether the response came out of a cache (`X-Cache: Hit…`, `CF-Cache-Status: HIT`,
/// `X-Cache-Status: HIT`, or an `Age` header).
pub fn is_cache_hit(e: &Exchange) -> bool {
    let hit = |name: &str| {
        e.header(name)
            .is_some_and(|v| v.to_ascii_lowercase().contains("hit"))
    };
    hit("x-cache") || hit("cf-cache-status") || hit("x-cache-status") || e.header("age").is_some()
}

/// Whether the page and the URL are on different sites (scheme plus a two-label guess at the
/// registrable domain; no public-suffix list).
pub fn sites_differ(origin: &str, url: &str) -> bool {
    let (Ok(p), Ok(u)) = (Url::parse(origin), Url::parse(url)) else {
        return true;
    };
    corsfix_model::origin::site_guess(&p) != corsfix_model::origin::site_guess(&u)
}

/// What keeps a `Set-Cookie` line off cross-site requests, in words (`None` when
/// `SameSite=None; Secure`).
pub fn cookie_problem(line: &str) -> Option<String> {
    let mut parts = line.split(';');
    let name = parts
        .next()?
        .split('=')
        .next()
        .unwrap_or_default()
        .trim()
        .to_owned();
    let mut samesite = None;
    let mut secure = false;
    for attr in parts {
        let attr = attr.trim();
        let (k, v) = attr.split_once('=').unwrap_or((attr, ""));
        if k.eq_ignore_ascii_case("samesite") {
            samesite = Some(v.trim().to_ascii_lowercase());
        } else if k.eq_ignore_ascii_case("secure") {
            secure = true;
        }
    }
    match (samesite.as_deref(), secure) {
        (Some("none"), true) => None,
        (Some("none"), false) => Some(format!(
            "cookie `{name}` has SameSite=None without Secure, so browsers reject it"
        )),
        (Some(other), _) => Some(format!(
            "cookie `{name}` is SameSite={other}, so it is not sent on cross-site requests"
        )),
        (None, _) => Some(format!(
            "cookie `{name}` has no SameSite attribute; browsers treat it as SameSite=Lax, so it is not sent on cross-site fetches"
        )),
    }
}

/// What a redirect's `Location` changed, in words.
pub fn redirect_change(from: &str, to: &str) -> String {
    let (Ok(a), Ok(b)) = (Url::parse(from), Url::parse(to)) else {
        return format!("it redirects to {to}");
    };
    let mut changes = Vec::new();
    if a.scheme() != b.scheme() {
        changes.push(format!("{} → {}", a.scheme(), b.scheme()));
    }
    if a.host_str() != b.host_str() {
        changes.push(format!(
            "host {} → {}",
            a.host_str().unwrap_or_default(),
            b.host_str().unwrap_or_default()
        ));
    }
    if a.port_or_known_default() != b.port_or_known_default() && a.scheme() == b.scheme() {
        changes.push("a different port".to_owned());
    }
    if a.path() != b.path() {
        if format!("{}/", a.path()) == b.path() {
            changes.push("a trailing slash added".to_owned());
        } else if format!("{}/", b.path()) == a.path() {
            changes.push("the trailing slash removed".to_owned());
        } else if looks_like_login(b.as_str()) {
            changes.push(format!("a login page ({})", b.path()));
        } else {
            changes.push(format!("path {} → {}", a.path(), b.path()));
        }
    }
    if changes.is_empty() {
        format!("it redirects to {to}")
    } else {
        format!("it redirects to {to} ({})", changes.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn login_urls_are_recognized() {
        for u in [
            "https://id.example.com/oauth/authorize?x",
            "https://login.microsoftonline.com/common",
            "http://localhost:8087/login?error",
            "https://accounts.google.com/o/oauth2",
            "https://kc.example.com/realms/main/protocol/openid-connect/auth",
            "/login.php?next=/api",
            "https://example.okta.com/app/x",
        ] {
            assert!(looks_like_login(u), "{u}");
        }
        for u in [
            "https://api.example.com/items/",
            "https://api.example.com/authors/7",
            "https://lasso.example.com/catalog",
        ] {
            assert!(!looks_like_login(u), "{u}");
        }
    }

    #[test]
    fn close_variants_are_the_same_host_up_to_www_and_loopback_names() {
        let o = "http://localhost:5173";
        assert!(is_close_variant("http://127.0.0.1:5173", o));
        assert!(is_close_variant("http://localhost:5173/", o));
        assert!(is_close_variant("https://localhost:3000", o));
        assert!(is_close_variant(
            "https://www.example.com",
            "https://example.com"
        ));
        assert!(is_close_variant("localhost:5173", o));
        assert!(!is_close_variant("https://app.example.com", o));
        assert!(is_origin_with_path("http://localhost:5173/", o));
        assert!(is_origin_with_path("http://localhost:5173/app", o));
        assert!(!is_origin_with_path("http://localhost:3000", o));
    }

    #[test]
    fn redirect_changes_are_named() {
        let c = redirect_change("http://a.test/items", "http://a.test/items/");
        assert!(c.contains("a trailing slash added"), "{c}");
        let c = redirect_change("http://a.test/items/", "http://a.test/items");
        assert!(c.contains("the trailing slash removed"), "{c}");
        let c = redirect_change("http://a.test/x", "https://a.test/x");
        assert!(c.contains("http → https"), "{c}");
        let c = redirect_change("https://a.test/x", "https://id.test/login?next=/x");
        assert!(
            c.contains("host a.test → id.test") && c.contains("a login page"),
            "{c}"
        );
    }

    #[test]
    fn cookie_attributes_for_cross_site_use() {
        assert_eq!(cookie_problem("sid=1; Path=/; Secure; SameSite=None"), None);
        assert_eq!(cookie_problem("sid=1; secure; samesite=none"), None);
        assert!(
            cookie_problem("sid=1; SameSite=None")
                .unwrap()
                .contains("without Secure")
        );
        assert!(
            cookie_problem("sid=1; SameSite=Strict")
                .unwrap()
                .contains("SameSite=strict")
        );
        assert!(
            cookie_problem("sid=1; HttpOnly")
                .unwrap()
                .contains("no SameSite")
        );
    }

    #[test]
    fn storage_and_third_party_hosts() {
        assert!(is_object_storage(
            "https://my-bucket.s3.eu-west-1.amazonaws.com/a.png"
        ));
        assert!(is_object_storage("https://storage.googleapis.com/b/o"));
        assert!(!is_object_storage("https://api.example.com/x"));
        assert!(is_third_party_host("https://api.github.com/users/x"));
        assert!(is_third_party_host("https://www.youtube.com/oembed?url=x"));
        assert!(is_third_party_host(
            "https://cdnjs.cloudflare.com/ajax/libs/x.js"
        ));
        assert!(!is_third_party_host(
            "https://my-bucket.storage.googleapis.com/a.png"
        ));
        assert!(!is_third_party_host("https://api.example.com/users/x"));
        assert!(is_tracker_url(
            "https://sentry.example.org/api/9/envelope/?sentry_key=abc&sentry_version=7"
        ));
        assert!(is_tracker_url("https://o1.ingest.sentry.io/api/5/store/"));
        assert!(is_tracker_url(
            "https://www.google-analytics.com/g/collect?v=2"
        ));
        assert!(!is_tracker_url("https://api.example.com/collect"));
        assert!(is_loopback_host("127.0.0.1"));
        assert!(is_loopback_host("app.localhost"));
        assert!(!is_loopback_host("example.com"));
    }
}

/// What a CORS layer's own refusal (a response body) says it refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// The origin is not allowed.
    Origin,
    /// The method is not allowed.
    Method,
    /// A request header is not allowed.
    Header,
    /// Something in the request (the message does not say what).
    Unspecified,
}

/// A CORS middleware's refusal message in a response body, with the part it names.
///
/// Keys on the messages the libraries write themselves:
/// Starlette/FastAPI `CORSMiddleware` ("Disallowed CORS origin, method, headers"), Spring's
/// `DefaultCorsProcessor` ("Invalid CORS request"), the `cors` package README's origin callback
/// error ("Not allowed by CORS", shown by Express's development error page), actix-cors'
/// `CorsError` 400 bodies ("Requested method is not allowed", …), warp's `cors()` rejection
/// ("CORS request forbidden: header not allowed", …), and the "CORS origin not allowed" style
/// of hand-written checks.
pub fn cors_refusal(body: &str) -> Option<(Refused, &'static str)> {
    let b = body.to_ascii_lowercase();
    if b.contains("disallowed cors") {
        // Starlette lists every failing part: "Disallowed CORS origin, method, headers".
        let part = if b.contains("disallowed cors origin") {
            Refused::Origin
        } else if b.contains("disallowed cors method") {
            Refused::Method
        } else if b.contains("disallowed cors header") {
            Refused::Header
        } else {
            Refused::Unspecified
        };
        return Some((part, "Disallowed CORS … (Starlette's CORSMiddleware)"));
    }
    if b.trim() == "invalid cors request" {
        return Some((
            Refused::Unspecified,
            "Invalid CORS request (Spring's DefaultCorsProcessor)",
        ));
    }
    REFUSAL_PHRASES
        .iter()
        .find(|(phrase, _, _)| b.contains(phrase))
        .map(|&(_, part, said)| (part, said))
}

/// The refusal phrases found anywhere in a lower-cased body, in the order they are tried: the
/// phrase, the part it names, and how the finding quotes it.
const REFUSAL_PHRASES: &[(&str, Refused, &str)] = &[
    (
        "not allowed by cors",
        Refused::Origin,
        "Not allowed by CORS (the `cors` package's origin callback)",
    ),
    // actix-cors answers a refused preflight 400 with its `CorsError` text.
    (
        "origin is not allowed to make this request",
        Refused::Origin,
        "Origin is not allowed to make this request (actix-cors)",
    ),
    (
        "requested method is not allowed",
        Refused::Method,
        "Requested method is not allowed (actix-cors)",
    ),
    (
        "one or more request headers are not allowed",
        Refused::Header,
        "One or more request headers are not allowed (actix-cors)",
    ),
    // warp's `cors()` filter rejects with "CORS request forbidden: …".
    (
        "cors request forbidden: request-method not allowed",
        Refused::Method,
        "CORS request forbidden: request-method not allowed (warp)",
    ),
    (
        "cors request forbidden: header not allowed",
        Refused::Header,
        "CORS request forbidden: header not allowed (warp)",
    ),
    // Hand-written checks.
    ("origin not allowed", Refused::Origin, "origin not allowed"),
    ("cors origin denied", Refused::Origin, "origin not allowed"),
];

/// A CSRF check's refusal in a response body (Django's CSRF failure page, Django REST
/// framework's `CSRF Failed`, Laravel's "CSRF token mismatch", Rails'
/// `InvalidAuthenticityToken`): the phrase found.
pub fn csrf_refusal(body: &str) -> Option<&'static str> {
    let b = body.to_ascii_lowercase();
    [
        (
            "origin checking failed",
            "Origin checking failed (Django's CsrfViewMiddleware)",
        ),
        (
            "csrf verification failed",
            "CSRF verification failed (Django)",
        ),
        ("csrf failed", "CSRF Failed (Django REST framework)"),
        ("csrf token mismatch", "CSRF token mismatch (Laravel)"),
        (
            "invalidauthenticitytoken",
            "InvalidAuthenticityToken (Rails)",
        ),
        ("invalid csrf token", "invalid csrf token"),
    ]
    .into_iter()
    .find(|(needle, _)| b.contains(needle))
    .map(|(_, what)| what)
}

/// Whether a response is a framework's automatic answer to `OPTIONS` (no handler for it on the
/// route, the framework lists the route's methods in `Allow`), and which framework: Express
/// (`X-Powered-By: Express`, the body is the `Allow` list), Flask/Werkzeug (`Server: Werkzeug`,
/// empty body), or another framework (an `Allow` header on a 2xx without CORS headers).
pub fn automatic_options(e: &Exchange) -> Option<&'static str> {
    let allow = e.header("allow")?;
    if !e.status.is_some_and(|s| (200..300).contains(&s))
        || e.response_headers
            .iter()
            .any(|(n, _)| n.starts_with("access-control-"))
    {
        return None;
    }
    let powered = e
        .header("x-powered-by")
        .unwrap_or_default()
        .to_ascii_lowercase();
    let server = e.header("server").unwrap_or_default().to_ascii_lowercase();
    let norm = |s: &str| s.replace([' ', ','], "").to_ascii_uppercase();
    if powered.contains("express") || e.body.as_deref().is_some_and(|b| norm(b) == norm(&allow)) {
        Some("express")
    } else if server.starts_with("werkzeug") {
        Some("flask")
    } else {
        Some("other")
    }
}

/// Whether a body is Spring Boot's JSON error (`{"timestamp":…,"status":…,"error":…,"path":…}`)
/// or the error page of its embedded Tomcat (`<title>HTTP Status 500 – …`).
pub fn is_spring_error(body: &str) -> bool {
    let b = body.trim_start();
    (b.starts_with('{')
        && b.contains("\"timestamp\"")
        && b.contains("\"status\"")
        && b.contains("\"error\"")
        && b.contains("\"path\""))
        || (b.contains("<title>HTTP Status ") && b.contains("Tahoma,Arial,sans-serif"))
}

#[cfg(test)]
mod refusal_tests {
    use super::*;

    #[test]
    fn cors_layers_refusals_are_read() {
        assert_eq!(
            cors_refusal("Disallowed CORS origin").map(|r| r.0),
            Some(Refused::Origin)
        );
        assert_eq!(
            cors_refusal("Disallowed CORS headers").map(|r| r.0),
            Some(Refused::Header)
        );
        assert_eq!(
            cors_refusal("Disallowed CORS method, headers").map(|r| r.0),
            Some(Refused::Method)
        );
        assert_eq!(
            cors_refusal("Invalid CORS request").map(|r| r.0),
            Some(Refused::Unspecified)
        );
        assert_eq!(
            cors_refusal("<pre>Error: Not allowed by CORS<br> &nbsp; &nbsp;at origin").map(|r| r.0),
            Some(Refused::Origin)
        );
        // actix-cors 0.7's `CorsError` texts (src/error.rs), its 400 body.
        assert_eq!(
            cors_refusal("Requested method is not allowed").map(|r| r.0),
            Some(Refused::Method)
        );
        assert_eq!(
            cors_refusal("One or more request headers are not allowed").map(|r| r.0),
            Some(Refused::Header)
        );
        assert_eq!(
            cors_refusal("Origin is not allowed to make this request").map(|r| r.0),
            Some(Refused::Origin)
        );
        // warp 0.3's `cors()` rejection (src/filters/cors.rs, `Forbidden`'s Display).
        assert_eq!(
            cors_refusal("CORS request forbidden: request-method not allowed").map(|r| r.0),
            Some(Refused::Method)
        );
        assert_eq!(
            cors_refusal("CORS request forbidden: header not allowed").map(|r| r.0),
            Some(Refused::Header)
        );
        assert_eq!(
            cors_refusal("CORS request forbidden: origin not allowed").map(|r| r.0),
            Some(Refused::Origin)
        );
        assert!(cors_refusal("{\"ok\":true}").is_none());
        assert!(csrf_refusal("<p>CSRF verification failed. Request aborted.</p>").is_some());
        assert!(
            csrf_refusal("Origin checking failed - http://a does not match any trusted origins.")
                .is_some()
        );
        assert!(csrf_refusal("all good").is_none());
        assert!(is_spring_error(
            "{\"timestamp\":\"2026-01-01T00:00:00Z\",\"status\":500,\"error\":\"Internal Server Error\",\"path\":\"/api/items\"}"
        ));
    }
}
