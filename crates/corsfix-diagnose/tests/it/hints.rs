//! What a pasted text carries besides its reason (issue #13, "use every hint the text
//! carries"): the resource and the URL's shape, a redirect's target, someone else's host, an
//! analytics endpoint, the browser's own look-alike messages. The texts are the browsers'
//! source strings (crates/corsfix-model/src/parse/wordings.rs names each source) filled in
//! with example values; the expected causes follow from what each message means.

use corsfix_diagnose::{Evidence, Likelihood, diagnose};
use corsfix_model::parse::parse;

fn first(text: &str) -> (String, bool) {
    let d = diagnose(&Evidence::Text(&parse(text).unwrap()));
    (d.primary_code().unwrap_or("-").to_owned(), d.is_cors)
}

#[test]
fn an_asset_ranks_the_asset_cause_first() {
    for text in [
        // Chromium's resource word.
        "Access to image at 'https://cdn.example.net/a.png' from origin 'http://localhost:3000' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.",
        // Firefox names no resource: the file's extension tells.
        "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://static.example.net/fonts/a.woff2. (Reason: CORS header \u{2018}Access-Control-Allow-Origin\u{2019} missing). Status code: 200.",
        // Firefox's web-font loader (gecko's user font set, NS_ERROR_DOM_BAD_URI).
        "downloadable font: download failed (font-family: \"Icons\" style:normal weight:400 stretch:100 src index:1): bad URI or cross-site access not allowed",
        // WebKit's sentence for a CORS-mode script, no reason.
        "Cross-origin script load denied by Cross-Origin Resource Sharing policy.",
        // A redirect whose target is a script on a CDN (Safari).
        "Cross-origin redirection to https://cdn.example.net/lib/app.min.js denied by Cross-Origin Resource Sharing policy: Origin http://localhost:8080 is not allowed by Access-Control-Allow-Origin. Status code: 301",
    ] {
        assert_eq!(first(text).0, "static-asset-cors", "{text}");
    }
}

#[test]
fn a_redirect_to_another_url_blames_its_target_and_a_sign_in_page_the_session() {
    let target = "Access to fetch at 'https://www.example.com/api/items' (redirected from 'http://example.com/api/items') from origin 'https://app.example.org' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.";
    assert_eq!(first(target).0, "redirect-target-without-cors");
    // Firefox gives only the URL it ended on: an identity provider's authorize page is reached
    // by a redirect to sign in, never called on purpose.
    let sign_in = "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://login.example-idp.com/tenant/oauth2/authorize?client_id=x&redirect_uri=y. (Reason: CORS header \u{2018}Access-Control-Allow-Origin\u{2019} missing).";
    assert_eq!(first(sign_in).0, "redirect-to-login");
    // An API's own login route is called with fetch: not a redirect.
    let api_login = "Access to fetch at 'http://localhost:3001/api/auth/login' from origin 'http://localhost:3000' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.";
    assert_ne!(first(api_login).0, "redirect-to-login");
}

#[test]
fn a_blocked_analytics_request_points_at_the_content_blocker() {
    let text = "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://o1.ingest.sentry.io/api/5/envelope/?sentry_key=abc. (Reason: CORS request did not succeed). Status code: (null).";
    assert_eq!(
        first(text),
        ("not-cors-blocked-by-client".to_owned(), false)
    );
}

#[test]
fn firefoxs_mismatch_with_a_wildcard_is_the_credentials_rule() {
    // Before CORSNotSupportingCredentials, Firefox reported `*` with credentials this way.
    let text = "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.example.com/me. (Reason: CORS header 'Access-Control-Allow-Origin' does not match '*').";
    assert_eq!(first(text).0, "wildcard-with-credentials");
}

#[test]
fn a_markdown_mangled_wildcard_still_reads() {
    // An issue tracker turned the `*` into `_`.
    let text = "XMLHttpRequest cannot load http://api.example.com/socket/?t=1. A wildcard '_' cannot be used in the 'Access-Control-Allow-Origin' header when the credentials flag is true. Origin 'http://app.example.com' is therefore not allowed access.";
    assert_eq!(first(text).0, "wildcard-with-credentials");
}

#[test]
fn a_preflight_that_was_not_ok_without_a_status_asks_and_puts_authentication_first() {
    // Chromium checks Access-Control-Allow-Origin before the status: the CORS layer ran.
    let text = "Access to XMLHttpRequest at 'http://localhost:8080/api/todos/3' from origin 'http://localhost:5173' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: It does not have HTTP ok status.";
    let d = diagnose(&Evidence::Text(&parse(text).unwrap()));
    assert_eq!(d.primary_code(), Some("auth-before-cors"));
    assert!(
        d.causes
            .iter()
            .all(|c| c.likelihood == Likelihood::Possible)
    );
    assert!(!d.questions.is_empty());
}

#[test]
fn the_cors_line_wins_over_the_pages_own_exception() {
    let text = "DOMException: Failed to execute 'toBlob' on 'HTMLCanvasElement': Tainted canvases may not be exported.\nAccess to image at 'http://images.example.com/a.jpg' from origin 'http://localhost:8100' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.";
    let r = parse(text).unwrap();
    assert_eq!(r.kind.unwrap().name(), "MissingAllowOriginHeader");
    assert_eq!(first(text).0, "static-asset-cors");
}

#[test]
fn the_look_alikes_are_named_and_not_cors() {
    for (text, code) in [
        (
            "Refused to display 'https://bank.example.com/' in a frame because it set 'X-Frame-Options' to 'sameorigin'.",
            "not-cors-frame-options",
        ),
        (
            "Uncaught DOMException: Blocked a frame with origin \"http://localhost:3000\" from accessing a cross-origin frame.",
            "not-cors-cross-frame",
        ),
        (
            "Failed to execute 'postMessage' on 'DOMWindow': The target origin provided ('https://widget.example.com') does not match the recipient window's origin ('http://localhost:3000').",
            "not-cors-postmessage-origin",
        ),
        (
            "Cross-Origin-Opener-Policy policy would block the window.closed call.",
            "not-cors-opener-policy",
        ),
        (
            "Partitioned cookie or storage access was provided to \u{201c}https://embed.example.com/\u{201d} because it is loaded in the third-party context and dynamic state partitioning is enabled.",
            "not-cors-storage-blocked",
        ),
        (
            "Not allowed to load local resource: file:///C:/Users/me/report.pdf",
            "not-cors-local-resource",
        ),
        (
            "Failed to load module script: Expected a JavaScript module script but the server responded with a MIME type of \"text/html\". Strict MIME type checking is enforced for module scripts per HTML spec.",
            "not-cors-mime-type",
        ),
        (
            "Refused to set unsafe header \"Origin\"",
            "not-cors-forbidden-header",
        ),
        (
            "The resource at \u{201c}https://cdn.example.com/x.js\u{201d} was blocked by Safe Browsing.",
            "not-cors-safe-browsing",
        ),
        (
            // (with `/undefined` in the path, `wrong-request-url` comes first: rank.rs tests)
            "POST http://localhost:8081/api/upload 405 (Method Not Allowed)",
            "not-cors-http-error",
        ),
        (
            "[Error] Failed to load resource: the server responded with a status of 401 (Unauthorized) (api, line 0)",
            "not-cors-http-error",
        ),
        (
            "[Error] ReferenceError: Can't find variable: fetch",
            "not-cors-fetch-unsupported",
        ),
        (
            "[Error] Unhandled Promise Rejection: NotAllowedError: The request is not allowed by the user agent or the platform in the current context, possibly because the user denied permission.",
            "not-cors-permission",
        ),
        (
            "Uncaught ReferenceError: SharedArrayBuffer is not defined",
            "not-cors-cross-origin-isolation",
        ),
        (
            "Refused to load https://cdn.example.com/a.woff2 because it does not appear in the font-src directive of the Content Security Policy.",
            "not-cors-csp",
        ),
        (
            "Load denied by X-Frame-Options: https://www.example.com/ does not permit cross-origin framing.",
            "not-cors-frame-options",
        ),
        (
            "Security Error: Content at http://localhost:8000/ may not load or link to file:///C:/a.png.",
            "not-cors-local-resource",
        ),
        (
            "WebSocket is closed before the connection is established.",
            "not-cors-websocket",
        ),
        (
            "Missing required request header. Must specify one of: origin,x-requested-with",
            "not-cors-http-error",
        ),
        (
            "[Error] Failed to load resource: A server with the specified hostname could not be found. (tiles, line 0)",
            "not-cors-name-not-resolved",
        ),
        (
            "\"https://example.com/\" was loaded over HTTPS, but requested an insecure XMLHttpRequest endpoint 'http://api.example.com/geoip'. This request has been blocked; the content must be served over HTTPS.",
            "not-cors-mixed-content",
        ),
        (
            "webSocket connection to 'ws://127.0.0.1:8005/' failed: Unexpected response code: 403",
            "not-cors-websocket",
        ),
    ] {
        assert_eq!(first(text), (code.to_owned(), false), "{text}");
    }
}

#[test]
fn the_pages_exceptions_that_point_at_cors_name_the_cors_cause() {
    for (text, code) in [
        (
            "Uncaught SecurityError: Failed to execute 'getImageData' on 'CanvasRenderingContext2D': The canvas has been tainted by cross-origin data.",
            "static-asset-cors",
        ),
        (
            "Refused to get unsafe header \"X-Request-Id\"",
            "missing-expose-headers",
        ),
        (
            "Uncaught (in promise) SyntaxError: Unexpected end of JSON input",
            "no-cors-mode",
        ),
    ] {
        assert_eq!(first(text), (code.to_owned(), true), "{text}");
    }
}

#[test]
fn firefox_in_a_translation_no_table_has_still_reads_as_a_cors_failure() {
    // The shape every translation keeps: the URL, then the reason in parentheses with "CORS".
    let text = "Requisi\u{e7}\u{e3}o cross-origin bloqueada: A pol\u{ed}tica de mesma origem impede a leitura do recurso remoto em https://api.example.com/v1/cars. (Motivo: a pr\u{e9}-conex\u{e3}o CORS falhou).";
    let r = parse(text).unwrap();
    assert_eq!(r.kind.unwrap().name(), "AccessControlChecks");
    assert_eq!(r.url.as_deref(), Some("https://api.example.com/v1/cars"));
    // A reason that names the preflight says which request failed.
    let de = "Quell\u{fc}bergreifende (Cross-Origin) Anfrage blockiert: Die Gleiche-Quelle-Regel verbietet das Lesen der externen Ressource auf https://api.example.com/ws. (Grund: CORS-Preflight-Kanal war nicht erfolgreich).";
    let r = parse(de).unwrap();
    assert_eq!(r.preflight, Some(true));
    assert_eq!(first(de).0, "options-not-routed");
}

/// The rules added for the held-out pastes (issue #13): each from what the status, the
/// resource word or the host means, with the browsers' sentences filled in.
#[test]
fn statuses_resources_and_hosts_that_name_their_cause() {
    // Laravel's 419 ("Page Expired", a missing or stale CSRF token) without CORS headers.
    let csrf = "Access to XMLHttpRequest at 'http://localhost:8000/api/login' from origin 'http://localhost:8080' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource. The response had HTTP status code 419.";
    assert_eq!(first(csrf).0, "not-cors-csrf");
    // A preflight refused by the route's content negotiation, media type or validation:
    // the route ran on the OPTIONS (Chromium before 2018 printed the status).
    for st in [406, 415, 422] {
        let text = format!(
            "XMLHttpRequest cannot load http://localhost:9000/upload. Response for preflight has invalid HTTP status code {st}"
        );
        assert_eq!(first(&text).0, "options-not-routed", "{text}");
    }
    // A web app manifest is an asset, named "manifest" (before: "internal resource").
    for word in ["manifest", "internal resource"] {
        let text = format!(
            "Access to {word} at 'https://assets.example.net/site.webmanifest' from origin 'https://www.example.org' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource."
        );
        assert_eq!(first(&text).0, "static-asset-cors", "{text}");
    }
    // Firebase Storage is a Cloud Storage bucket: its CORS is the bucket's.
    let bucket = "Access to image at 'https://firebasestorage.googleapis.com/v0/b/app.appspot.com/o/a.png?alt=media' from origin 'https://app.example.org' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.";
    assert_eq!(first(bucket).0, "object-storage-cors");
}

/// A bare `SecurityError` reads as storage blocked, and keeps the canvas and the other
/// window listed with the question that separates them.
#[test]
fn a_bare_security_error_asks_what_threw() {
    let d = diagnose(&Evidence::Text(
        &parse("SecurityError: The operation is insecure.").unwrap(),
    ));
    assert_eq!(d.primary_code(), Some("not-cors-storage-blocked"));
    assert!(!d.is_cors);
    let codes: Vec<&str> = d.causes.iter().map(|c| c.code.as_str()).collect();
    assert!(codes.contains(&"static-asset-cors"), "{codes:?}");
    assert!(codes.contains(&"not-cors-cross-frame"), "{codes:?}");
    assert!(!d.questions.is_empty());
}
