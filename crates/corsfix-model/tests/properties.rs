//! Properties of the model that must hold for every input (proptest). Failing inputs are kept
//! in `proptest-regressions/properties.txt` and replayed first.

use corsfix_model::error::encode_hint;
use corsfix_model::{
    ALL_CORS_ERRORS, Browser, Case, CorsError, Credentials, Hop, Initiator, MessageContext, Mode,
    Origin, RedirectMode, RequestSpec, ResponseSpec, Simulation, simulate,
};
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;

const ORIGIN: &str = "https://app.example";
const URL: &str = "https://api.example/items";

fn pair(n: &str, v: &str) -> (String, String) {
    (n.to_owned(), v.to_owned())
}

fn request(method: &str, headers: Vec<(String, String)>, credentials: Credentials) -> RequestSpec {
    RequestSpec {
        target_address_space: None,
        method: method.to_owned(),
        headers,
        credentials,
        mode: Mode::Cors,
        read_headers: Vec::new(),
        redirect: RedirectMode::Follow,
        body: None,
        initiator: Initiator::Fetch,
    }
}

fn response(status: u16, headers: Vec<(String, String)>) -> ResponseSpec {
    ResponseSpec {
        status,
        headers,
        next: None,
    }
}

fn case(req: RequestSpec, preflight: ResponseSpec, actual: ResponseSpec) -> Case {
    Case {
        address_space: None,
        lna_permission: None,
        id: None,
        origin: ORIGIN.to_owned(),
        url: URL.to_owned(),
        request: req,
        preflight: Some(preflight),
        actual: Some(actual),
    }
}

// ---- generators ------------------------------------------------------------------------

fn credentials() -> impl Strategy<Value = Credentials> {
    prop_oneof![
        Just(Credentials::Omit),
        Just(Credentials::SameOrigin),
        Just(Credentials::Include)
    ]
}

fn initiator() -> impl Strategy<Value = Initiator> {
    prop_oneof![Just(Initiator::Fetch), Just(Initiator::XmlHttpRequest)]
}

/// A header name that is a token and not forbidden or safelisted anywhere.
fn custom_header_name() -> impl Strategy<Value = String> {
    "[A-Za-z][A-Za-z0-9]{0,6}".prop_map(|s| format!("X-{s}"))
}

/// A method that is not CORS-safelisted after normalization.
fn unsafe_method() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("PUT".to_owned()),
        Just("DELETE".to_owned()),
        Just("PATCH".to_owned()),
        Just("patch".to_owned()),
        Just("put".to_owned()),
        "[A-Z]{3,8}".prop_filter("not safelisted or forbidden", |m| !matches!(
            m.as_str(),
            "GET" | "HEAD" | "POST" | "CONNECT" | "TRACE" | "TRACK"
        )),
    ]
}

/// One CORS-safelisted request-header (in every engine), value ≤ 128 bytes.
fn safelisted_header() -> impl Strategy<Value = (String, String)> {
    // Accept: any printable ASCII but the unsafe bytes.
    let accept = "[a-zA-Z0-9 */,;=.+-]{0,100}".prop_map(|v| pair("Accept", &v));
    let lang =
        ("(Accept|Content)-Language", "[a-zA-Z0-9 *,.;=-]{0,100}").prop_map(|(n, v)| pair(&n, &v));
    let ctype = (
        prop_oneof![
            Just("text/plain"),
            Just("multipart/form-data"),
            Just("application/x-www-form-urlencoded"),
            Just("TEXT/Plain"),
        ],
        proptest::option::of("[a-z]{1,8}=[a-zA-Z0-9-]{1,12}"),
    )
        .prop_map(|(essence, param)| {
            let v = param.map_or_else(|| essence.to_owned(), |p| format!("{essence}; {p}"));
            pair("Content-Type", &v)
        });
    let range = (0u64..1_000_000, proptest::option::of(0u64..1_000_000)).prop_map(|(a, b)| {
        let v = match b {
            Some(b) => format!("bytes={}-{}", a.min(b), a.max(b)),
            None => format!("bytes={a}-"),
        };
        pair("Range", &v)
    });
    prop_oneof![accept, lang, ctype, range]
}

/// Strings of any characters, weighted towards the interesting ASCII ones.
fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        ".{0,40}",
        "[ -~]{0,40}",
        "(https?|ftp|data|null|\\*)(://)?[a-z0-9.:@/-]{0,20}",
    ]
}

fn any_headers() -> impl Strategy<Value = Vec<(String, String)>> {
    let name = prop_oneof![
        any_text(),
        Just("Access-Control-Allow-Origin".to_owned()),
        Just("Access-Control-Allow-Credentials".to_owned()),
        Just("Access-Control-Allow-Methods".to_owned()),
        Just("Access-Control-Allow-Headers".to_owned()),
        Just("Access-Control-Expose-Headers".to_owned()),
        Just("Access-Control-Max-Age".to_owned()),
        Just("Location".to_owned()),
        Just("Content-Type".to_owned()),
        Just("Authorization".to_owned()),
        Just("Range".to_owned()),
    ];
    let value = prop_oneof![
        any_text(),
        Just("*".to_owned()),
        Just("true".to_owned()),
        Just(ORIGIN.to_owned()),
        Just("null".to_owned()),
        Just("https://user:pw@api.example/x".to_owned()),
        Just("https://cdn.example/y".to_owned()),
        Just("/relative".to_owned()),
    ];
    proptest::collection::vec((name, value), 0..6)
}

fn any_status() -> impl Strategy<Value = u16> {
    prop_oneof![
        any::<u16>(),
        Just(200u16),
        Just(204),
        Just(301),
        Just(302),
        Just(303),
        Just(307),
        Just(308),
        Just(404),
        Just(500),
    ]
}

fn any_response() -> impl Strategy<Value = ResponseSpec> {
    let leaf = (any_status(), any_headers()).prop_map(|(s, h)| response(s, h));
    leaf.prop_recursive(3, 8, 2, |inner| {
        (
            any_status(),
            any_headers(),
            proptest::option::of(inner.clone()),
            proptest::option::of(inner),
        )
            .prop_map(|(s, h, p, a)| ResponseSpec {
                status: s,
                headers: h,
                next: Some(Box::new(Hop {
                    target: None,
                    preflight: p,
                    actual: a,
                })),
            })
    })
}

fn any_case() -> impl Strategy<Value = Case> {
    let req = (
        (
            any_text(),
            any_headers(),
            credentials(),
            prop_oneof![Just(Mode::Cors), Just(Mode::NoCors), Just(Mode::SameOrigin)],
        ),
        (
            proptest::collection::vec(any_text(), 0..3),
            prop_oneof![
                Just(RedirectMode::Follow),
                Just(RedirectMode::Error),
                Just(RedirectMode::Manual)
            ],
            proptest::option::of(any_text()),
            initiator(),
        ),
    )
        .prop_map(
            |((method, headers, credentials, mode), (read_headers, redirect, body, initiator))| {
                RequestSpec {
                    target_address_space: None,
                    method,
                    headers,
                    credentials,
                    mode,
                    read_headers,
                    redirect,
                    body,
                    initiator,
                }
            },
        );
    let origin = prop_oneof![Just(ORIGIN.to_owned()), Just("null".to_owned()), any_text()];
    let url = prop_oneof![
        Just(URL.to_owned()),
        Just("https://app.example/same".to_owned()),
        any_text()
    ];
    (
        origin,
        url,
        req,
        proptest::option::of(any_response()),
        proptest::option::of(any_response()),
    )
        .prop_map(|(origin, url, request, preflight, actual)| Case {
            address_space: None,
            lna_permission: None,
            id: None,
            origin,
            url,
            request,
            preflight,
            actual,
        })
}

/// 256 cases per property; failures are saved to `proptest-regressions/properties.txt`
/// (relative to the crate, where `cargo test` runs) and replayed first.
fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 256,
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "proptest-regressions/properties.txt",
        ))),
        ..ProptestConfig::default()
    }
}

// ---- properties ------------------------------------------------------------------------

proptest! {
    #![proptest_config(config())]

    /// A safelisted method with only safelisted headers never preflights, in any engine.
    #[test]
    fn safelisted_requests_never_preflight(
        method in prop_oneof![Just("GET"), Just("HEAD"), Just("POST"), Just("get"), Just("post"), Just("head")],
        headers in proptest::collection::vec(safelisted_header(), 0..4),
        creds in credentials(),
        init in initiator(),
        pf in any_response(),
        actual_status in any_status(),
    ) {
        // One header per name: the browser combines repeats into one longer value.
        let mut seen = std::collections::BTreeSet::new();
        let headers: Vec<_> = headers.into_iter().filter(|(n, _)| seen.insert(n.to_ascii_lowercase())).collect();
        let mut req = request(method, headers, creds);
        req.initiator = init;
        let c = case(req, pf, response(actual_status, vec![]));
        for b in Browser::ALL {
            let v = simulate(&c, b);
            prop_assert!(!v.preflight_sent, "{b:?} preflighted: {:?}", v.steps);
            prop_assert!(v.actual_sent, "{b:?} did not send");
        }
    }

    /// `Access-Control-Allow-Origin: *` never lets a credentialed request through.
    #[test]
    fn wildcard_origin_never_passes_with_include(
        method in prop_oneof![Just("GET".to_owned()), unsafe_method()],
        extra in proptest::collection::vec((custom_header_name(), "[a-z]{1,5}"), 0..3),
        acac in prop_oneof![Just("true"), Just("TRUE"), Just("")],
        pf_star in any::<bool>(),
        status in prop_oneof![Just(200u16), Just(204), Just(404), Just(500)],
    ) {
        let mut cors = vec![
            pair("Access-Control-Allow-Origin", "*"),
            pair("Access-Control-Allow-Credentials", acac),
            pair("Access-Control-Allow-Methods", &method),
        ];
        let names: Vec<&str> = extra.iter().map(|(n, _)| n.as_str()).collect();
        cors.push(pair("Access-Control-Allow-Headers", &names.join(", ")));
        let mut pf_headers = cors.clone();
        if !pf_star {
            pf_headers[0] = pair("Access-Control-Allow-Origin", ORIGIN);
        }
        let c = case(
            request(&method, extra.clone(), Credentials::Include),
            response(204, pf_headers),
            response(status, cors),
        );
        for b in Browser::ALL {
            let v = simulate(&c, b);
            prop_assert!(!v.allowed, "{b:?} allowed ACAO * with include");
        }
        let chrome = simulate(&c, Browser::Chrome).failure.unwrap().cors_error().unwrap();
        prop_assert!(
            matches!(chrome.base(), CorsError::WildcardOriginNotAllowed | CorsError::InvalidAllowCredentials | CorsError::MethodDisallowedByPreflightResponse),
            "{chrome:?}"
        );
    }

    /// Any ACAO that is not byte-equal to the origin (and not `*`) blocks; the exact origin passes.
    #[test]
    fn allow_origin_must_byte_equal_the_origin(
        acao in prop_oneof![
            Just(format!("{ORIGIN}/")),
            Just("https://APP.example".to_owned()),
            Just("HTTPS://app.example".to_owned()),
            Just("https://app.example:443".to_owned()),
            Just("http://app.example".to_owned()),
            Just(format!(" {ORIGIN}x")),
            "[ -~]{0,30}",
        ],
        creds in credentials(),
    ) {
        prop_assume!(acao.trim() != ORIGIN && acao.trim() != "*");
        let acac = vec![pair("Access-Control-Allow-Credentials", "true")];
        let mut bad = acac.clone();
        bad.push(pair("Access-Control-Allow-Origin", &acao));
        let c = case(request("GET", vec![], creds), response(204, vec![]), response(200, bad));
        for b in Browser::ALL {
            prop_assert!(!simulate(&c, b).allowed, "{b:?} allowed ACAO {acao:?}");
        }
        let mut good = acac;
        good.push(pair("Access-Control-Allow-Origin", ORIGIN));
        let c = case(request("GET", vec![], creds), response(204, vec![]), response(200, good));
        for b in Browser::ALL {
            prop_assert!(simulate(&c, b).allowed, "{b:?} refused the exact origin");
        }
    }

    /// Adding names to Access-Control-Allow-Methods / -Headers never turns a pass into a block.
    #[test]
    fn allowing_more_never_blocks(
        method in prop_oneof![Just("GET".to_owned()), Just("POST".to_owned()), unsafe_method()],
        req_headers in proptest::collection::vec((custom_header_name(), "[a-z]{1,5}"), 0..3),
        listed_methods in proptest::collection::vec(prop_oneof![Just("PUT"), Just("DELETE"), Just("PATCH"), Just("patch"), Just("*")], 0..3),
        list_request_method in any::<bool>(),
        listed_header_count in 0usize..4,
        more_methods in proptest::collection::vec(prop_oneof![Just("*".to_owned()), unsafe_method()], 1..3),
        more_headers in proptest::collection::vec(prop_oneof![Just("*".to_owned()), custom_header_name()], 1..3),
        creds in credentials(),
    ) {
        let mut acam: Vec<String> = listed_methods.iter().map(|m| (*m).to_owned()).collect();
        if list_request_method {
            acam.push(method.clone());
        }
        let acah: Vec<String> = req_headers.iter().take(listed_header_count).map(|(n, _)| n.clone()).collect();
        let cors = |acam: &[String], acah: &[String]| vec![
            pair("Access-Control-Allow-Origin", ORIGIN),
            pair("Access-Control-Allow-Credentials", "true"),
            pair("Access-Control-Allow-Methods", &acam.join(", ")),
            pair("Access-Control-Allow-Headers", &acah.join(", ")),
        ];
        let actual = response(200, vec![pair("Access-Control-Allow-Origin", ORIGIN), pair("Access-Control-Allow-Credentials", "true")]);
        let before = case(request(&method, req_headers.clone(), creds), response(204, cors(&acam, &acah)), actual.clone());
        let mut acam2 = acam.clone();
        acam2.extend(more_methods);
        let mut acah2 = acah.clone();
        acah2.extend(more_headers);
        let after = case(request(&method, req_headers, creds), response(204, cors(&acam2, &acah2)), actual);
        for b in Browser::ALL {
            if simulate(&before, b).allowed {
                prop_assert!(simulate(&after, b).allowed, "{b:?}: ACAM {acam2:?} ACAH {acah2:?} blocks what {acam:?} {acah:?} allowed");
            }
        }
    }

    /// With credentials, `*` in Access-Control-Allow-Headers covers no request header.
    #[test]
    fn star_in_allow_headers_covers_nothing_with_include(
        name in prop_oneof![custom_header_name(), Just("Authorization".to_owned()), Just("Content-Type".to_owned())],
        value in prop_oneof![Just("application/json".to_owned()), "[a-z]{1,8}"],
        method in prop_oneof![Just("GET".to_owned()), unsafe_method()],
    ) {
        prop_assume!(!(name == "Content-Type" && value != "application/json"));
        let pf = response(204, vec![
            pair("Access-Control-Allow-Origin", ORIGIN),
            pair("Access-Control-Allow-Credentials", "true"),
            pair("Access-Control-Allow-Methods", &corsfix_model::method::normalize(&method)),
            pair("Access-Control-Allow-Headers", "*"),
        ]);
        let actual = response(200, vec![pair("Access-Control-Allow-Origin", ORIGIN), pair("Access-Control-Allow-Credentials", "true")]);
        let c = case(request(&method, vec![pair(&name, &value)], Credentials::Include), pf, actual);
        for b in Browser::ALL {
            let v = simulate(&c, b);
            prop_assert!(!v.allowed, "{b:?} let `*` cover {name} with include");
            prop_assert!(!v.actual_sent);
        }
        let chrome = simulate(&c, Browser::Chrome);
        prop_assert_eq!(chrome.failure.unwrap().cors_error(), Some(CorsError::HeaderDisallowedByPreflightResponse));
    }

    /// Every Chromium message starts with the template, has the preflight prefix exactly for
    /// the eight preflight-stage access errors, and the right initiator suffix.
    #[test]
    fn chromium_messages_have_the_right_prefix_and_suffix(
        param in ".{0,30}",
        path in "[a-z0-9/]{0,12}",
        xhr in any::<bool>(),
        redirected in any::<bool>(),
    ) {
        let initiator = if xhr { Initiator::XmlHttpRequest } else { Initiator::Fetch };
        let url = format!("https://api.example/{path}");
        let initial = "https://first.example/start";
        let ctx = MessageContext {
            initiator,
            url: &url,
            initial_url: redirected.then_some(initial),
            origin: ORIGIN,
        };
        let word = if xhr { "XMLHttpRequest" } else { "fetch" };
        let redirect_part = if redirected { format!("(redirected from '{initial}') ") } else { String::new() };
        let head = format!("Access to {word} at '{url}' {redirect_part}from origin '{ORIGIN}' has been blocked by CORS policy: ");
        const PREFIX: &str = "Response to preflight request doesn't pass access control check: ";
        const FETCH_SUFFIX: &str = " Have the server send the header with a valid value.";
        const XHR_SUFFIX: &str = " The credentials mode of requests initiated by the XMLHttpRequest is controlled by the withCredentials attribute.";
        for e in ALL_CORS_ERRORS {
            let line = e.chrome_message(&param, &ctx);
            prop_assert!(line.starts_with(&head), "{e:?}: {line}");
            let detail = &line[head.len()..];
            let eight = matches!(e,
                CorsError::PreflightWildcardOriginNotAllowed | CorsError::PreflightMissingAllowOriginHeader
                | CorsError::PreflightMultipleAllowOriginValues | CorsError::PreflightInvalidAllowOriginValue
                | CorsError::PreflightAllowOriginMismatch | CorsError::PreflightInvalidAllowCredentials
                | CorsError::PreflightInvalidStatus | CorsError::PreflightDisallowedRedirect);
            prop_assert_eq!(detail.starts_with(PREFIX), eight, "{:?}: {}", e, line);
            let base = e.base();
            let fetch_suffix = !xhr && matches!(base, CorsError::MultipleAllowOriginValues | CorsError::InvalidAllowOriginValue | CorsError::AllowOriginMismatch);
            let xhr_suffix = xhr && matches!(base, CorsError::WildcardOriginNotAllowed | CorsError::InvalidAllowCredentials);
            prop_assert_eq!(line.ends_with(FETCH_SUFFIX), fetch_suffix, "{:?}: {}", e, line);
            prop_assert_eq!(line.ends_with(XHR_SUFFIX), xhr_suffix, "{:?}: {}", e, line);
            prop_assert_eq!(line.matches("has been blocked by CORS policy: ").count(), 1);
            if e.has_parameter() && !matches!(e, CorsError::RedirectContainsCredentials) {
                prop_assert!(line.contains(&encode_hint(&param)), "{e:?} lost its parameter: {line}");
            }
            // The parameter is hint-encoded: nothing outside printable ASCII reaches the line.
            if !matches!(e, CorsError::InsecureLocalNetwork | CorsError::InvalidLocalNetworkAccess | CorsError::LocalNetworkAccessPermissionDenied) {
                prop_assert!(line.chars().all(|c| (' '..='~').contains(&c)), "{e:?}: {line:?}");
            }
        }
    }

    /// Access-Control-Request-Headers is the unsafe names, lower-case, sorted, de-duplicated,
    /// joined with "," and no space.
    #[test]
    fn request_headers_are_sorted_lowercase_and_comma_joined(
        headers in proptest::collection::vec(
            (prop_oneof![custom_header_name(), "[A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]{0,10}"], "[ -~]{0,20}"),
            1..6,
        ),
        method in prop_oneof![Just("GET".to_owned()), unsafe_method()],
    ) {
        let c = case(request(&method, headers, Credentials::Omit), response(204, vec![]), response(200, vec![]));
        for b in Browser::ALL {
            let v = simulate(&c, b);
            if let Some((_, acrh)) = v.preflight_request_headers.iter().find(|(n, _)| n == "Access-Control-Request-Headers") {
                prop_assert!(!acrh.contains(' '), "{acrh:?}");
                prop_assert_eq!(acrh.to_ascii_lowercase(), acrh.clone());
                let items: Vec<&str> = acrh.split(',').collect();
                prop_assert!(items.iter().all(|i| !i.is_empty()), "{acrh:?}");
                prop_assert!(items.windows(2).all(|w| w[0] < w[1]), "not sorted/unique: {acrh:?}");
            }
            if let Some((_, acrm)) = v.preflight_request_headers.first() {
                prop_assert_eq!(acrm, &corsfix_model::method::normalize(&method));
            }
        }
    }

    /// Parsing a serialized origin gives the same origin back.
    #[test]
    fn origins_round_trip(
        scheme in prop_oneof![Just("http"), Just("https"), Just("HTTPS"), Just("ws")],
        host in prop_oneof![
            "[a-zA-Z0-9]([a-zA-Z0-9-]{0,8}[a-zA-Z0-9])?(\\.[a-z]{2,6}){0,2}",
            (0u8..=255, 0u8..=255, 0u8..=255, 0u8..=255).prop_map(|(a, b, c, d)| format!("{a}.{b}.{c}.{d}")),
            Just("[::1]".to_owned()),
        ],
        port in proptest::option::of(1u16..),
        slash in any::<bool>(),
    ) {
        let text = format!(
            "{scheme}://{host}{}{}",
            port.map(|p| format!(":{p}")).unwrap_or_default(),
            if slash { "/" } else { "" }
        );
        if let Ok(o) = Origin::parse(&text) {
            let again = Origin::parse(o.as_str());
            prop_assert_eq!(again.as_ref(), Ok(&o), "{} → {}", text, o);
            prop_assert!(!o.as_str().ends_with('/'));
            prop_assert_eq!(o.as_str().to_ascii_lowercase(), o.as_str());
        }
    }

    /// `Origin::parse` (which skips the URL parser for text that is already a serialized
    /// origin) agrees with the URL parser's serialization on origin-like text.
    #[test]
    fn origin_parse_agrees_with_the_url_parser(
        scheme in prop_oneof![Just("http"), Just("https"), Just("HTTP")],
        host in prop_oneof![
            "[a-z0-9-]{1,6}(\\.[a-z0-9-]{1,6}){0,2}\\.?",
            "(0|1|01|127|255|256|0x7f)(\\.(0|1|00|255|256)){0,3}",
            "xn--[a-z0-9-]{1,8}\\.example",
            "[A-Za-z]{1,5}\\.example",
        ],
        port in proptest::option::of(prop_oneof![Just("80".to_owned()), Just("443".to_owned()), Just("0".to_owned()), Just("08001".to_owned()), Just("65536".to_owned()), (1u16..).prop_map(|p| p.to_string())]),
    ) {
        let text = format!("{scheme}://{host}{}", port.map(|p| format!(":{p}")).unwrap_or_default());
        let by_url = url::Url::parse(&text).ok().map(|u| u.origin().ascii_serialization());
        match Origin::parse(&text) {
            Ok(o) => prop_assert_eq!(Some(o.as_str().to_owned()), by_url, "{}", text),
            Err(_) => prop_assert!(by_url.is_none() || by_url.as_deref() == Some("null"), "{} refused, URL parser gives {:?}", text, by_url),
        }
    }

    /// The model answers every case, whatever it holds, without panicking.
    #[test]
    fn never_panics(c in any_case()) {
        let sim = Simulation::run(&c);
        for b in Browser::ALL {
            let v = sim.get(b);
            prop_assert_eq!(v.allowed, v.failure.is_none());
            prop_assert_eq!(v.allowed, v.response.is_some());
            let r = sim.result(None, b);
            prop_assert!(serde_json::to_string(&r).is_ok());
        }
    }
}

/// `Origin::parse` on arbitrary text never panics either.
#[test]
fn origin_parse_accepts_or_refuses_anything() {
    proptest!(|(s in ".{0,60}")| {
        let _ = Origin::parse(&s);
    });
}
