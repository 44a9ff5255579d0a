//! Round trip: every console line the model renders (Chromium's for every `CorsError`, fetch
//! and XHR, with and without a redirect; every Firefox and Safari reason) parses back to the
//! same kind and parameter, for random URLs and origins (ports, IPv6 hosts, quotes, `null`)
//! and random parameters (quotes, spaces, unicode).

use corsfix_model::error::{ALL_CORS_ERRORS, CorsError, Initiator, MessageContext};
use corsfix_model::messages::{FirefoxReason, SafariReason, safari_cannot_load};
use corsfix_model::parse::{Kind, parse};
use corsfix_model::{Browser, Reason};
use proptest::prelude::*;

/// A host: a domain, IPv4, IPv6 or localhost.
fn host() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z][a-z0-9-]{0,10}(\\.[a-z][a-z0-9]{0,6}){0,2}\\.(com|dev|example|io)",
        (0u8..=255, 0u8..=255, 0u8..=255, 1u8..=254)
            .prop_map(|(a, b, c, d)| format!("{a}.{b}.{c}.{d}")),
        Just("[::1]".to_owned()),
        Just("[2001:db8::1:2]".to_owned()),
        Just("localhost".to_owned()),
    ]
}

/// A canonical URL (as browsers print it), with ports, quotes and unicode in the path.
fn url() -> impl Strategy<Value = String> {
    (
        prop_oneof![Just("http"), Just("https")],
        host(),
        proptest::option::of(1u16..=65535),
        "(/[a-zA-Z0-9'\"._~é%-]{0,8}){0,3}",
        proptest::option::of("[a-z0-9=&']{1,12}"),
    )
        .prop_filter_map("parses", |(scheme, host, port, path, query)| {
            let mut s = format!("{scheme}://{host}");
            if let Some(p) = port {
                s.push_str(&format!(":{p}"));
            }
            s.push_str(&path);
            if let Some(q) = query {
                s.push('?');
                s.push_str(&q);
            }
            url::Url::parse(&s).ok().map(|u| u.as_str().to_owned())
        })
}

/// A serialized origin, or `null`.
fn origin() -> impl Strategy<Value = String> {
    prop_oneof![
        1 => Just("null".to_owned()),
        6 => url().prop_map(|u| {
            url::Url::parse(&u).unwrap().origin().ascii_serialization()
        }),
    ]
}

/// A failed parameter: anything on one line, with quotes, spaces and unicode. (Chromium's
/// hint encoding is not injective: a literal `\u0041` reads back as `A`, so none here.)
fn param() -> impl Strategy<Value = String> {
    "[^\\n\\r]{0,24}".prop_filter("no literal \\u escapes", |p| !p.contains("\\u"))
}

/// A header token-ish parameter for Firefox/Safari lines (any text on one line).
fn text() -> impl Strategy<Value = String> {
    "[^\\n\\r]{1,24}"
}

fn status() -> impl Strategy<Value = u16> {
    100u16..=599
}

/// The parameter that `chrome_message` takes for an error (the address space for LNA).
fn chrome_param(e: CorsError) -> BoxedStrategy<String> {
    match e {
        CorsError::InsecureLocalNetwork | CorsError::LocalNetworkAccessPermissionDenied => {
            prop_oneof![
                Just("local".to_owned()),
                Just("loopback".to_owned()),
                Just("public".to_owned()),
                Just("unknown".to_owned()),
            ]
            .boxed()
        }
        CorsError::InvalidLocalNetworkAccess => {
            ("(public|local|loopback|unknown)", "(public|local|loopback)")
                .prop_map(|(a, b)| format!("{a}|{b}"))
                .boxed()
        }
        e if e.has_parameter() => param().boxed(),
        _ => Just(String::new()).boxed(),
    }
}

fn chrome_case()
-> impl Strategy<Value = (CorsError, String, Initiator, String, Option<String>, String)> {
    (0..ALL_CORS_ERRORS.len()).prop_flat_map(|i| {
        let e = ALL_CORS_ERRORS[i];
        (
            Just(e),
            chrome_param(e),
            prop_oneof![Just(Initiator::Fetch), Just(Initiator::XmlHttpRequest)],
            url(),
            proptest::option::of(url()),
            origin(),
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn every_chrome_message_reads_back((e, p, initiator, u, initial, o) in chrome_case()) {
        let initial = initial.filter(|i| *i != u);
        let ctx = MessageContext { initiator, url: &u, initial_url: initial.as_deref(), origin: &o };
        let line = e.chrome_message(&p, &ctx);
        let r = parse(&line).unwrap();
        prop_assert_eq!(r.kind, Some(Kind::Cors(e)), "{}", line);
        prop_assert_eq!(r.browser, Some(Browser::Chrome));
        prop_assert_eq!(r.url.as_deref(), Some(u.as_str()));
        prop_assert_eq!(r.redirected_from.as_deref(), initial.as_deref());
        prop_assert_eq!(r.origin.as_deref(), Some(o.as_str()));
        prop_assert_eq!(r.initiator, Some(initiator));
        prop_assert_eq!(r.parameter.as_deref().unwrap_or_default(), p.as_str());
        prop_assert_eq!(r.native, Some(Reason::Chrome { error: e, parameter: p }));
        prop_assert!(!r.legacy);
        prop_assert_eq!(r.preflight, Some(e.is_preflight()));
    }

    #[test]
    fn chrome_messages_read_back_inside_a_console_block(
        (e, p, initiator, u, initial, o) in chrome_case(),
        st in status(),
    ) {
        let initial = initial.filter(|i| *i != u);
        let ctx = MessageContext { initiator, url: &u, initial_url: initial.as_deref(), origin: &o };
        let line = e.chrome_message(&p, &ctx);
        let method = if e.is_preflight() { "OPTIONS" } else { "POST" };
        let block = format!(
            "12:01:33.123 index.html:1 {line}\n\
             12:01:33.124 app.js:17  {method} {u} net::ERR_FAILED {st} (Whatever)\n\
             12:01:33.125 Uncaught (in promise) TypeError: Failed to fetch\n\
             \x20   at load (app.js:17:5)\n"
        );
        let r = parse(&block).unwrap();
        prop_assert_eq!(r.kind, Some(Kind::Cors(e)), "{}", block);
        prop_assert_eq!(r.parameter.clone().unwrap_or_default(), p);
        prop_assert_eq!(r.status, Some(st));
        prop_assert_eq!(r.url.as_deref(), Some(u.as_str()));
    }
}

fn firefox_reason() -> impl Strategy<Value = FirefoxReason> {
    prop_oneof![
        status().prop_map(|status| FirefoxReason::MissingAllowOrigin { status }),
        Just(FirefoxReason::MultipleAllowOrigin),
        text().prop_map(FirefoxReason::AllowOriginNotMatchingOrigin),
        Just(FirefoxReason::NotSupportingCredentials),
        Just(FirefoxReason::MissingAllowCredentials),
        status().prop_map(|status| FirefoxReason::PreflightDidNotSucceed { status }),
        text().prop_map(FirefoxReason::InvalidAllowMethod),
        Just(FirefoxReason::MethodNotFound),
        text().prop_map(FirefoxReason::InvalidAllowHeader),
        text().prop_map(FirefoxReason::MissingAllowHeaderFromPreflight),
        Just(FirefoxReason::ExternalRedirectNotAllowed),
        proptest::option::of(status()).prop_map(|status| FirefoxReason::DidNotSucceed { status }),
        Just(FirefoxReason::RequestNotHttp),
    ]
}

/// The parameter a Firefox reason carries.
fn firefox_param(r: &FirefoxReason) -> Option<String> {
    match r {
        FirefoxReason::AllowOriginNotMatchingOrigin(v)
        | FirefoxReason::InvalidAllowMethod(v)
        | FirefoxReason::InvalidAllowHeader(v)
        | FirefoxReason::MissingAllowHeaderFromPreflight(v) => Some(v.clone()),
        _ => None,
    }
}

fn safari_simple() -> impl Strategy<Value = SafariReason> {
    prop_oneof![
        Just(SafariReason::WildcardWithCredentials),
        Just(SafariReason::MultipleOrigins),
        (origin(), status())
            .prop_map(|(origin, status)| SafariReason::OriginNotAllowed { origin, status }),
        Just(SafariReason::AllowCredentials),
        status().prop_map(|status| SafariReason::PreflightNotSuccessful { status }),
        text().prop_map(SafariReason::InvalidAllowMethods),
        text().prop_map(SafariReason::InvalidAllowHeaders),
        text().prop_map(SafariReason::MethodNotAllowed),
        text().prop_map(SafariReason::HeaderNotAllowed),
    ]
}

fn safari_reason() -> impl Strategy<Value = SafariReason> {
    prop_oneof![
        4 => safari_simple(),
        1 => (url(), safari_simple()).prop_map(|(url, inner)| SafariReason::RedirectDenied { url, inner: Box::new(inner) }),
        1 => (url(), "[a-z]{1,6}", "[a-z0-9]{1,6}").prop_map(|(u, user, pw)| {
            let mut parsed = url::Url::parse(&u).unwrap();
            let _ = parsed.set_username(&user);
            let _ = parsed.set_password(Some(&pw));
            SafariReason::RedirectHasCredentials { url: parsed.as_str().to_owned() }
        }),
        1 => url().prop_map(|url| SafariReason::RedirectNotAllowed { url }),
    ]
}

/// The kind a Safari reason reads as.
fn safari_kind(r: &SafariReason) -> Kind {
    use CorsError as E;
    match r {
        SafariReason::WildcardWithCredentials => Kind::Cors(E::WildcardOriginNotAllowed),
        SafariReason::MultipleOrigins => Kind::Cors(E::MultipleAllowOriginValues),
        SafariReason::OriginNotAllowed { .. } => Kind::OriginNotAllowed,
        SafariReason::AllowCredentials => Kind::Cors(E::InvalidAllowCredentials),
        SafariReason::PreflightNotSuccessful { status: 300..=399 } => {
            Kind::Cors(E::PreflightDisallowedRedirect)
        }
        SafariReason::PreflightNotSuccessful { .. } => Kind::Cors(E::PreflightInvalidStatus),
        SafariReason::InvalidAllowMethods(_) => Kind::Cors(E::InvalidAllowMethodsPreflightResponse),
        SafariReason::InvalidAllowHeaders(_) => Kind::Cors(E::InvalidAllowHeadersPreflightResponse),
        SafariReason::MethodNotAllowed(_) => Kind::Cors(E::MethodDisallowedByPreflightResponse),
        SafariReason::HeaderNotAllowed(_) => Kind::Cors(E::HeaderDisallowedByPreflightResponse),
        SafariReason::RedirectDenied { inner, .. } => safari_kind(inner),
        SafariReason::RedirectHasCredentials { .. } => Kind::Cors(E::RedirectContainsCredentials),
        SafariReason::RedirectNotAllowed { .. } => Kind::RedirectRefused,
        _ => unreachable!("a reason this test does not generate"),
    }
}

fn safari_param(r: &SafariReason) -> Option<String> {
    match r {
        SafariReason::InvalidAllowMethods(v)
        | SafariReason::InvalidAllowHeaders(v)
        | SafariReason::MethodNotAllowed(v)
        | SafariReason::HeaderNotAllowed(v) => Some(v.clone()),
        SafariReason::RedirectDenied { inner, .. } => safari_param(inner),
        SafariReason::RedirectHasCredentials { url } => Some(url.clone()),
        _ => None,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn every_firefox_line_reads_back(reason in firefox_reason(), u in url(), preflight_failed in any::<bool>()) {
        let line = reason.line(&u);
        let mut text = line.clone();
        if preflight_failed {
            text.push('\n');
            text.push_str(&FirefoxReason::DidNotSucceed { status: None }.line(&u));
        }
        let r = parse(&text).unwrap();
        prop_assert_eq!(r.browser, Some(Browser::Firefox));
        prop_assert_eq!(r.native, Some(Reason::Firefox(reason.clone())), "{}", line);
        prop_assert_eq!(r.url.as_deref(), Some(u.as_str()));
        prop_assert_eq!(r.parameter, firefox_param(&reason));
        match reason {
            FirefoxReason::DidNotSucceed { .. } => prop_assert_eq!(r.kind, Some(Kind::NetworkError)),
            _ => prop_assert!(r.kind.is_some_and(Kind::is_cors), "{:?}", r.kind),
        }
        if let FirefoxReason::MissingAllowOrigin { status } | FirefoxReason::PreflightDidNotSucceed { status } = reason {
            prop_assert_eq!(r.status, Some(status));
        }
    }

    #[test]
    fn every_safari_line_reads_back(
        reason in safari_reason(),
        u in url(),
        initiator in prop_oneof![Just(Initiator::Fetch), Just(Initiator::XmlHttpRequest)],
        prefixed in any::<bool>(),
    ) {
        let p = if prefixed { "[Error] " } else { "" };
        let text = format!("{p}{}\n{p}{}", reason.line(), safari_cannot_load(initiator, &u));
        let r = parse(&text).unwrap();
        prop_assert_eq!(r.browser, Some(Browser::Safari));
        prop_assert_eq!(r.native, Some(Reason::Safari(reason.clone())), "{}", text);
        prop_assert_eq!(r.kind, Some(safari_kind(&reason)));
        prop_assert_eq!(r.parameter, safari_param(&reason));
        prop_assert_eq!(r.initiator, Some(initiator));
        if let SafariReason::OriginNotAllowed { origin, status } = &reason {
            prop_assert_eq!(r.origin.as_deref(), Some(origin.as_str()));
            prop_assert_eq!(r.status, Some(*status));
        }
    }
}
