//! Every wording the reader knows, read back from its source string: each entry of
//! `parse::known_wordings()` (Chromium's current and older sentences, WebKit's, DevTools',
//! Firefox's in every language) is filled in with a URL, an origin, a parameter and a status,
//! and must read as the kind its source says, with those values, in the browser that prints
//! it, and in its language. Then the same text worn down the ways people paste it (lower case,
//! wrapped mid-word and mid-URL, `>` quoted, bulleted, timestamped, the other quote
//! characters, no final full stop, CRLF, copied twice) must read the same.
//!
//! Expected values come from the source strings and from what each source says the message
//! means (the Firefox key, the Chromium `CorsError`), never from corsfix's own output.

use corsfix_model::Browser;
use corsfix_model::parse::{KnownWording, Reading, known_wordings, parse};

const URL: &str = "https://api.example.com/v1/items?id=7";
const ORIGIN: &str = "http://localhost:3000";
const LOCATION: &str = "https://login.example.com/sso";

/// What a wording means: the kind, the parameter it is filled with, the status (if the
/// wording prints one).
struct Expect {
    kind: &'static str,
    param: Option<&'static str>,
    status: Option<u16>,
}

const fn e(kind: &'static str, param: Option<&'static str>, status: Option<u16>) -> Expect {
    Expect {
        kind,
        param,
        status,
    }
}

/// The meaning of each Chrome, Safari and DevTools wording (from the Chromium `CorsError` it
/// names, or the WebKit condition in shared/reference/browser-cors.md §3.2).
fn table_meaning(id: &str) -> Expect {
    match id {
        "chrome/disallowed-by-mode" => e("DisallowedByMode", None, None),
        "chrome/invalid-response"
        | "chrome-2014/invalid-response"
        | "chrome-2017/invalid-response" => e("InvalidResponse", None, None),
        "chrome/wildcard" | "chrome-2014/wildcard" | "webkit/wildcard" => {
            e("WildcardOriginNotAllowed", None, None)
        }
        "chrome/missing-acao" => e("MissingAllowOriginHeader", None, None),
        "chrome/multiple-acao" => e(
            "MultipleAllowOriginValues",
            Some("https://a.example, https://b.example"),
            None,
        ),
        "safari/multiple-acao" => e("MultipleAllowOriginValues", None, None),
        "chrome/invalid-acao" => e("InvalidAllowOriginValue", Some("example.com"), None),
        "chrome/acao-mismatch" => e("AllowOriginMismatch", Some("https://other.example"), None),
        "chrome/acac" | "chrome-2014/acac" => e("InvalidAllowCredentials", Some("TRUE"), None),
        "webkit/acac" => e("InvalidAllowCredentials", None, None),
        "chrome/disabled-scheme" | "webkit/http-only" => e("CorsDisabledScheme", None, None),
        "chrome-2014/redirect-scheme" | "chrome-2017/redirect-scheme" => {
            e("CorsDisabledScheme", Some(LOCATION), None)
        }
        "chrome/preflight-status" | "chrome-2018/preflight-status" => {
            e("PreflightInvalidStatus", None, None)
        }
        "chrome-2017/preflight-status" | "chrome-2014/preflight-status" => {
            e("PreflightInvalidStatus", None, Some(405))
        }
        "safari/preflight-status" => e("PreflightInvalidStatus", None, None),
        "chrome/preflight-redirect" | "chrome-2016/preflight-redirect" => {
            e("PreflightDisallowedRedirect", None, None)
        }
        "chrome-2016/redirect-preflight" => e("PreflightDisallowedRedirect", Some(LOCATION), None),
        "chrome/acam-unparsable" => e("InvalidAllowMethodsPreflightResponse", None, None),
        "chrome/acah-unparsable" => e("InvalidAllowHeadersPreflightResponse", None, None),
        "safari/acam-unparsable" => e(
            "InvalidAllowMethodsPreflightResponse",
            Some("GET;POST"),
            None,
        ),
        "safari/acah-unparsable" => e("InvalidAllowHeadersPreflightResponse", Some("x@y"), None),
        "chrome/method" | "webkit/method" => {
            e("MethodDisallowedByPreflightResponse", Some("PUT"), None)
        }
        "chrome/header" | "webkit/header" => e(
            "HeaderDisallowedByPreflightResponse",
            Some("x-custom-header"),
            None,
        ),
        "chrome/redirect-credentials" => e(
            "RedirectContainsCredentials",
            Some("https://u:p@login.example.com/"),
            None,
        ),
        "chrome-2014/redirect-userinfo" => e("RedirectContainsCredentials", Some(LOCATION), None),
        "chrome/lna-insecure" => e("InsecureLocalNetwork", Some("local"), None),
        "chrome/lna-mismatch" => e("InvalidLocalNetworkAccess", Some("local|loopback"), None),
        "chrome/lna-denied" => e("LocalNetworkAccessPermissionDenied", Some("local"), None),
        "chrome/pna-missing" => e("PreflightMissingAllowPrivateNetwork", Some("local"), None),
        "chrome/pna-invalid" => e("PreflightInvalidAllowPrivateNetwork", Some("false"), None),
        "chrome/pna-unexpected" => e("UnexpectedPrivateNetworkAccess", Some("local"), None),
        "chrome/pna-id" => e(
            "PreflightMissingPrivateNetworkAccessId",
            Some("local"),
            None,
        ),
        "chrome/pna-name" => e(
            "PreflightMissingPrivateNetworkAccessName",
            Some("local"),
            None,
        ),
        "chrome/pna-unavailable" => e(
            "PrivateNetworkAccessPermissionUnavailable",
            Some("local"),
            None,
        ),
        "webkit/origin-not-allowed" => e("OriginNotAllowed", None, None),
        "safari/redirect-refused" => e("RedirectRefused", None, None),
        "safari/same-origin-mode" => e("DisallowedByMode", None, None),
        "devtools/cors-error-name" => e("PreflightMissingAllowOriginHeader", None, None),
        "webkit-2013/unique-origin" | "ie/origin-not-found" => e("OriginNotAllowed", None, None),
        "webkit/image-denied"
        | "safari/script-denied"
        | "safari/media-denied"
        | "devtools/issue-invalid-headers"
        | "devtools/issue-preflight-invalid"
        | "firefox-2014/fix-by-moving" => e("AccessControlChecks", None, None),
        "devtools/issue-origin-mismatch" => e("AllowOriginMismatch", None, None),
        "devtools/issue-credentials" => e("InvalidAllowCredentials", None, None),
        "devtools/issue-insecure-private-network" => e("InsecureLocalNetwork", None, None),
        "devtools/issue-corp" => e("BlockedByResponse", None, None),
        "ie/network-error" => e("FetchFailed", None, None),
        // Read on their own: the look-alikes and the page's exceptions (what each source
        // string reports; wordings.rs names the sources).
        "devtools/issue-corp-required" | "firefox/en-US/CORPBlocked" => {
            e("BlockedByResponse", None, None)
        }
        "devtools/issue-pna-preflight" | "devtools/issue-pna-preflight-fix" => {
            e("PreflightMissingAllowPrivateNetwork", None, None)
        }
        "chrome-2016/same-origin-mode" => e("DisallowedByMode", None, None),
        "chrome/x-frame-options"
        | "firefox/en-US/XFrameOptionsDeny"
        | "firefox/pt-BR/XFrameOptionsDeny" => e("FrameRefused", Some("SAMEORIGIN"), None),
        "chrome/frame-ancestors" | "chrome-2016/frame-ancestors" => {
            e("FrameRefused", Some("frame-ancestors"), None)
        }
        "page/cross-origin-frame" => e("CrossFrameAccess", None, None),
        "webkit/cross-origin-frame" => e("CrossFrameAccess", Some("https://other.example"), None),
        "firefox/cross-origin-object" => e("CrossFrameAccess", Some("document"), None),
        "page/postmessage-target-origin" => {
            e("PostMessageOrigin", Some("https://other.example"), None)
        }
        "chrome/coop-blocked" => e("OpenerPolicy", Some("closed"), None),
        "page/local-resource" => e("LocalResource", None, None),
        "chrome/module-mime"
        | "chrome-2019/module-mime"
        | "chrome/stylesheet-mime"
        | "chrome/script-mime"
        | "firefox/en-US/MimeTypeMismatch2"
        | "firefox/en-US/BlockScriptWithWrongMimeType2"
        | "firefox/en-US/BlockModuleWithWrongMimeType"
        | "firefox/pt-BR/MimeTypeMismatch2"
        | "firefox/pt-BR/BlockModuleWithWrongMimeType" => e("MimeType", Some("text/html"), None),
        "firefox/zh-CN/MimeTypeMismatch" => e("MimeType", None, None),
        "firefox/de/MimeTypeMismatch2"
        | "firefox/de/BlockScriptWithWrongMimeType2"
        | "firefox/de/BlockModuleWithWrongMimeType"
        | "firefox/fr/MimeTypeMismatch2"
        | "firefox/fr/BlockScriptWithWrongMimeType2"
        | "firefox/fr/BlockModuleWithWrongMimeType"
        | "firefox/es-ES/MimeTypeMismatch2"
        | "firefox/es-ES/BlockScriptWithWrongMimeType2"
        | "firefox/es-ES/BlockModuleWithWrongMimeType"
        | "firefox/ru/MimeTypeMismatch2"
        | "firefox/ru/BlockScriptWithWrongMimeType2"
        | "firefox/ru/BlockModuleWithWrongMimeType" => e("MimeType", Some("text/html"), None),
        "firefox/de/XFrameOptionsDeny"
        | "firefox/es-ES/XFrameOptionsDeny"
        | "firefox/ru/XFrameOptionsDeny" => e("FrameRefused", Some("SAMEORIGIN"), None),
        "firefox/de/BlockMixedActiveContent"
        | "firefox/fr/BlockMixedActiveContent"
        | "firefox/es-ES/BlockMixedActiveContent"
        | "firefox/ru/BlockMixedActiveContent" => e("MixedContent", None, None),
        "firefox/pt-BR/BlockMixedActiveContent" | "firefox/zh-CN/BlockMixedActiveContent" => {
            e("MixedContent", None, None)
        }
        "firefox/de/CSPViolationWithURI" => e("ContentSecurityPolicy", Some("connect-src"), None),
        "page/unsafe-header-set" | "firefox/en-US/ForbiddenHeaderWarning" => {
            e("ForbiddenHeader", Some("Origin"), None)
        }
        "page/unsafe-header-get" => e("UnexposedHeader", Some("x-request-id"), None),
        "firefox/en-US/UnsafeUriBlocked" => e("SafeBrowsing", None, None),
        "firefox/en-US/TrackerUriBlocked" => e("BlockedByClient", None, None),
        "firefox/en-US/ResourceBlockedORB" => e("BlockedByOrb", Some("nosniff"), None),
        "firefox/en-US/CookieBlockedTracker"
        | "firefox/en-US/CookieBlockedAll"
        | "firefox/en-US/CookieBlockedForeign"
        | "firefox/en-US/CookieBlockedByPermission"
        | "firefox/en-US/CookiePartitionedForeign2" => e("StorageBlocked", None, None),
        "chrome/storage-denied" => e("StorageBlocked", Some("localStorage"), None),
        "chrome/canvas-tainted"
        | "chrome/canvas-export"
        | "webkit/canvas-tainted"
        | "chrome/webgl-cross-origin-image" => e("CanvasTainted", None, None),
        "safari/fetch-undefined" | "page/fetch-undefined" | "page/xhr-undefined" => {
            e("FetchUnsupported", None, None)
        }
        "chrome/json-empty"
        | "chrome-2016/json-empty"
        | "firefox/json-empty"
        | "safari/json-empty" => e("EmptyBody", None, None),
        "safari/cannot-find-host" | "safari/page-cannot-find" => e("NameNotResolved", None, None),
        "safari/cannot-connect" | "safari/page-cannot-connect" => {
            e("ConnectionRefused", None, None)
        }
        "safari/connection-lost"
        | "safari/timed-out"
        | "safari/offline"
        | "safari/page-dropped" => e("NetworkError", None, None),
        "safari/ssl-failed" => e("CertificateError", None, None),
        other => panic!("no expectation for {other}: add one from its source"),
    }
}

/// The meaning of each Firefox key (`security.properties`; MDN's page for each reason).
fn firefox_meaning(key: &str) -> Expect {
    match key {
        "CORSDisabled" => e("CorsDisabled", None, None),
        "CORSDidNotSucceed" | "CORSOriginHeaderNotAdded" => e("NetworkError", None, None),
        "CORSDidNotSucceed2" => e("NetworkError", None, Some(404)),
        "CORSExternalRedirectNotAllowed" => e("PreflightDisallowedRedirect", None, None),
        "CORSRequestNotHttp" => e("CorsDisabledScheme", None, None),
        "CORSMissingAllowOrigin" => e("MissingAllowOriginHeader", None, None),
        "CORSMissingAllowOrigin2" => e("MissingAllowOriginHeader", None, Some(404)),
        "CORSMultipleAllowOriginNotAllowed" => e("MultipleAllowOriginValues", None, None),
        "CORSAllowOriginNotMatchingOrigin" => {
            e("AllowOriginMismatch", Some("https://other.example"), None)
        }
        "CORSNotSupportingCredentials" => e("WildcardOriginNotAllowed", None, None),
        "CORSMethodNotFound" => e("MethodDisallowedByPreflightResponse", None, None),
        "CORSMissingAllowCredentials" => e("InvalidAllowCredentials", None, None),
        "CORSPreflightDidNotSucceed" | "CORSPreflightDidNotSucceed2" => {
            e("PreflightInvalidStatus", None, None)
        }
        "CORSPreflightDidNotSucceed3" => e("PreflightInvalidStatus", None, Some(404)),
        "CORSInvalidAllowMethod" => e(
            "InvalidAllowMethodsPreflightResponse",
            Some("GET;POST"),
            None,
        ),
        "CORSInvalidAllowHeader" => e("InvalidAllowHeadersPreflightResponse", Some("x@y"), None),
        "CORSMissingAllowHeaderFromPreflight" | "CORSMissingAllowHeaderFromPreflight2" => e(
            "HeaderDisallowedByPreflightResponse",
            Some("x-custom-header"),
            None,
        ),
        "CORSAllowHeaderFromPreflightDeprecation" => {
            e("AuthorizationNotCoveredByWildcard", None, None)
        }
        other => panic!("no expectation for Firefox key {other}"),
    }
}

/// The kind a table wording reads as, or `""` for a Firefox `CORS*` key.
fn table_meaning_or_cors(id: &str) -> &'static str {
    if id.starts_with("firefox/") && id.rsplit('/').next().is_some_and(|k| k.starts_with("CORS")) {
        return "";
    }
    table_meaning(id).kind
}

/// A wording filled in: the text, and what it must read as.
struct Filled {
    label: String,
    text: String,
    expect: Expect,
    url: Option<String>,
    origin: Option<String>,
    browser: Option<Browser>,
    locale: Option<&'static str>,
}

fn fill(template: &str, expect: &Expect) -> String {
    let p = expect.param.unwrap_or(match template {
        t if t.contains("Cross-Origin Resource Sharing error") => {
            "PreflightMissingAllowOriginHeader"
        }
        _ => "x",
    });
    let (p1, p2) = p.split_once('|').unwrap_or((p, "loopback"));
    template
        .replace("%1$S", URL)
        .replace("{url}", URL)
        .replace("{origin}", ORIGIN)
        .replace("{loc}", LOCATION)
        .replace("{status}", &expect.status.unwrap_or(405).to_string())
        .replace("{any}", "chrome, chrome-extension, data, http, https")
        .replace("{p2}", p2)
        .replace("{p}", p1)
        .replace(
            "%2$S",
            &expect
                .status
                .map_or_else(|| p1.to_owned(), |s| s.to_string()),
        )
}

/// The kinds that are not a CORS check failing (the look-alikes and the page's exceptions):
/// read on their own, never inside a CORS lead or container.
const READ_ALONE: [&str; 22] = [
    "FrameRefused",
    "CrossFrameAccess",
    "PostMessageOrigin",
    "OpenerPolicy",
    "StorageBlocked",
    "LocalResource",
    "MimeType",
    "ForbiddenHeader",
    "SafeBrowsing",
    "FetchUnsupported",
    "CanvasTainted",
    "UnexposedHeader",
    "EmptyBody",
    "BlockedByResponse",
    "BlockedByOrb",
    "BlockedByClient",
    "NameNotResolved",
    "ConnectionRefused",
    "NetworkError",
    "CertificateError",
    "MixedContent",
    "ContentSecurityPolicy",
];

fn cases() -> Vec<Filled> {
    let mut out = Vec::new();
    for w in known_wordings() {
        let KnownWording {
            id,
            browser,
            locale,
            text,
            ..
        } = w;
        let alone = READ_ALONE.contains(&table_meaning_or_cors(&id));
        if alone {
            // A look-alike or the page's exception: the sentence, in whichever browser (and
            // language) prints it.
            let expect = table_meaning(&id);
            out.push(Filled {
                label: format!("{id} (alone)"),
                text: fill(text, &expect),
                url: text.contains("{url}").then(|| URL.to_owned()),
                origin: text.contains("{origin}").then(|| ORIGIN.to_owned()),
                expect,
                browser: if id.starts_with("devtools/") {
                    Some(Browser::Chrome)
                } else {
                    browser
                },
                locale,
            });
            continue;
        }
        if let Some(locale) = locale {
            let key = id.rsplit('/').next().unwrap();
            let expect = firefox_meaning(key);
            out.push(Filled {
                label: id.clone(),
                text: fill(text, &expect),
                expect,
                url: Some(URL.to_owned()),
                origin: None,
                browser: Some(Browser::Firefox),
                locale: Some(locale),
            });
            continue;
        }
        let expect = table_meaning(&id);
        let detail = fill(text, &expect);
        let detail_url = text.contains("{url}").then(|| URL.to_owned());
        let detail_origin = text.contains("{origin}").then(|| ORIGIN.to_owned());
        // The sentence alone (but the few that say too little to be read without a Chromium
        // lead around them: "The response is invalid.", "Invalid HTTP status code 405").
        let needs_lead = [
            "chrome/invalid-response",
            "chrome-2014/invalid-response",
            "chrome-2017/invalid-response",
            "chrome-2014/preflight-status",
        ]
        .contains(&id.as_str());
        if !needs_lead {
            out.push(Filled {
                label: format!("{id} (alone)"),
                text: detail.clone(),
                expect: table_meaning(&id),
                url: detail_url.clone(),
                origin: detail_origin.clone(),
                browser: if id.starts_with("ie/") {
                    None
                } else {
                    Some(browser.unwrap_or(Browser::Safari))
                },
                locale: None,
            });
        }
        if browser == Some(Browser::Chrome) && !id.starts_with("devtools") {
            // After the current lead (older details were printed there too, 2018-2019).
            out.push(Filled {
                label: format!("{id} (current lead)"),
                text: format!(
                    "Access to XMLHttpRequest at '{URL}' from origin '{ORIGIN}' has been blocked by CORS policy: {detail}"
                ),
                expect: table_meaning(&id),
                url: Some(URL.to_owned()),
                origin: Some(ORIGIN.to_owned()),
                browser: Some(Browser::Chrome),
                locale: None,
            });
        }
        if id.starts_with("chrome-") || (browser.is_none() && id.starts_with("webkit/")) {
            // Inside the older container, with the older origin sentence.
            let then = match id.as_str() {
                "webkit/origin-not-allowed"
                | "webkit/wildcard"
                | "webkit/acac"
                | "webkit/image-denied" => Browser::Safari,
                _ => Browser::Chrome,
            };
            let origin_sentence = if then == Browser::Chrome {
                format!(" Origin '{ORIGIN}' is therefore not allowed access.")
            } else {
                String::new()
            };
            out.push(Filled {
                label: format!("{id} (XMLHttpRequest cannot load)"),
                text: format!("XMLHttpRequest cannot load {URL}. {detail}{origin_sentence}"),
                expect: table_meaning(&id),
                url: Some(URL.to_owned()),
                origin: if then == Browser::Chrome {
                    Some(ORIGIN.to_owned())
                } else {
                    detail_origin.clone()
                },
                browser: Some(then),
                locale: None,
            });
        }
    }
    out
}

fn check(label: &str, r: &Reading, c: &Filled, fold_case: bool) -> Vec<String> {
    let mut problems = Vec::new();
    let eq = |a: Option<&str>, b: Option<&str>| {
        if fold_case {
            a.map(str::to_lowercase) == b.map(str::to_lowercase)
        } else {
            a == b
        }
    };
    let kind = r.kind.map(|k| k.name());
    if kind != Some(c.expect.kind) {
        problems.push(format!(
            "{label}: kind {kind:?}, expected {}",
            c.expect.kind
        ));
        return problems;
    }
    if let Some(p) = c.expect.param
        && !eq(r.parameter.as_deref(), Some(p))
    {
        problems.push(format!(
            "{label}: parameter {:?}, expected {p:?}",
            r.parameter
        ));
    }
    if r.status != c.expect.status {
        problems.push(format!(
            "{label}: status {:?}, expected {:?}",
            r.status, c.expect.status
        ));
    }
    if c.url.is_some() && !eq(r.url.as_deref(), c.url.as_deref()) {
        problems.push(format!("{label}: url {:?}, expected {:?}", r.url, c.url));
    }
    if c.origin.is_some() && !eq(r.origin.as_deref(), c.origin.as_deref()) {
        problems.push(format!(
            "{label}: origin {:?}, expected {:?}",
            r.origin, c.origin
        ));
    }
    if r.browser != c.browser {
        problems.push(format!(
            "{label}: browser {:?}, expected {:?}",
            r.browser, c.browser
        ));
    }
    // Locales that print the very same message cannot be told apart: any of them will do.
    if let Some(want) = c.locale
        && r.locale.as_deref() != Some(want)
    {
        let same_text = known_wordings().iter().any(|w| {
            w.locale == r.locale.as_deref()
                && w.id.rsplit('/').next()
                    == label.split(' ').next().and_then(|l| l.rsplit('/').next())
                && fill(w.text, &c.expect) == c.text
        });
        if !same_text {
            problems.push(format!("{label}: locale {:?}, expected {want:?}", r.locale));
        }
    }
    problems
}

#[test]
fn every_known_wording_reads_as_its_source_says() {
    let mut problems = Vec::new();
    for c in cases() {
        let r = parse(&c.text).unwrap();
        problems.extend(check(&c.label, &r, &c, false));
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

/// Hard line breaks every `n` characters, as a terminal or an e-mail wraps.
fn wrap_every(s: &str, n: usize) -> String {
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && i % n == 0 {
            out.push('\n');
        }
        out.push(c);
    }
    out
}

/// Breaks at spaces (the space replaced by the break) near every `n` characters, each new
/// line quoted with `> `.
fn wrap_quoted(s: &str, n: usize) -> String {
    let mut out = String::from("> ");
    let mut col = 0;
    for c in s.chars() {
        if c == ' ' && col >= n {
            out.push_str("\n> ");
            col = 0;
            continue;
        }
        out.push(c);
        col += 1;
    }
    out
}

fn swap_quotes(s: &str) -> String {
    let mut out = String::new();
    let mut open = true;
    for c in s.chars() {
        match c {
            '\'' => {
                out.push(if open { '\u{2018}' } else { '\u{2019}' });
                open = !open;
            }
            '\u{2018}' | '\u{2019}' => out.push('\''),
            c => out.push(c),
        }
    }
    out
}

fn worn_down(text: &str) -> Vec<(&'static str, String, bool)> {
    vec![
        ("lower case", text.to_lowercase(), true),
        ("wrapped every 37 characters", wrap_every(text, 37), false),
        ("wrapped every 23 characters", wrap_every(text, 23), false),
        ("wrapped at spaces and quoted", wrap_quoted(text, 30), false),
        ("other quotes", swap_quotes(text), false),
        (
            "no final full stop",
            text.trim_end_matches(['.', '\u{3002}']).to_owned(),
            false,
        ),
        (
            "bullets and timestamps",
            format!(
                "- 12:00:01.037 {}",
                wrap_quoted(text, 40).replace("\n> ", "\n  - [12:00:02] ")
            ),
            false,
        ),
        ("CRLF", wrap_every(text, 41).replace('\n', "\r\n"), false),
        ("copied twice", format!("{text}\n\n{text}"), false),
    ]
}

#[test]
fn every_known_wording_reads_the_same_when_worn_down() {
    let mut problems = Vec::new();
    for c in cases() {
        for (how, text, fold_case) in worn_down(&c.text) {
            // A status or URL cut in two by a wrap is not the status or URL any more.
            if how.starts_with("wrapped every") && c.expect.param.is_some_and(|p| p.contains(' ')) {
                continue;
            }
            let r = parse(&text).unwrap();
            problems.extend(check(&format!("{} [{how}]", c.label), &r, &c, fold_case));
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn firefox_locales_cover_the_brief() {
    let locales: Vec<&str> = known_wordings().iter().filter_map(|w| w.locale).collect();
    for l in [
        "en-US", "de", "fr", "es-ES", "es-AR", "es-MX", "es-CL", "ja", "zh-CN", "ru", "pt-BR",
    ] {
        assert!(locales.contains(&l), "no Firefox wording in {l}");
    }
}
