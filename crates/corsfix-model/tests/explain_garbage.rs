//! Garbage, binary, huge and pathological input: a clear answer, never a panic or a hang.
//!
//! `arbitrary_bytes_never_panic_long_run` is the long local run that stands in for fuzzing
//! on stable (`cargo test -p corsfix-model --test explain_garbage -- --ignored`; set
//! `PROPTEST_CASES` to change its length). The cargo-fuzz target is in `fuzz/`.

use std::time::{Duration, Instant};

use corsfix_model::parse::{MAX_INPUT_BYTES, ParseError, parse, parse_bytes};
use proptest::prelude::*;

/// Pieces of every wording the parser looks for, to steer random input into its deep paths.
const VOCABULARY: &[&str] = &[
    "Access to ",
    "fetch",
    "XMLHttpRequest",
    " at '",
    "' (redirected from '",
    "')",
    "' from origin '",
    " from origin '",
    "'",
    " has been blocked by CORS policy: ",
    "Response to preflight request doesn't pass access control check: ",
    "Method ",
    " is not allowed by Access-Control-Allow-Methods in preflight response.",
    "Request header field ",
    "The 'Access-Control-Allow-Origin' header contains multiple values '",
    "', but only one is allowed.",
    "' that is not equal to the supplied origin.",
    " Have the server send the header with a valid value.",
    " Origin '",
    "' is therefore not allowed access.",
    " The response had HTTP status code ",
    "Request had a target IP address space of `",
    "` yet the resource is in address space `",
    "`.",
    "\\u",
    "\\uD83D",
    "\\uDE00",
    "00E9",
    "Failed to load ",
    ": ",
    ". ",
    "XMLHttpRequest cannot load ",
    "Fetch API cannot load ",
    " due to access control checks.",
    "Redirect from '",
    "' to '",
    "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ",
    ". (Reason: ",
    "CORS header \u{2018}Access-Control-Allow-Origin\u{2019} missing)",
    " does not match \u{2018}",
    "\u{2019})",
    "\u{2018}",
    "\u{2019}",
    "Status code: ",
    "(null).",
    "Origin ",
    " is not allowed by Access-Control-Allow-Origin.",
    "Cross-origin redirection to ",
    " denied by Cross-Origin Resource Sharing policy: ",
    "redirection URL ",
    " has credentials",
    "Preflight response is not successful",
    "Header Access-Control-Allow-Methods has an invalid value: ",
    "Mixed Content: The page at '",
    "' was loaded over HTTPS",
    "requested an insecure ",
    "Refused to connect to ",
    "directive: \"",
    "net::ERR_",
    "CONNECTION_REFUSED",
    "FAILED",
    "GET ",
    "OPTIONS ",
    "XHRPOST ",
    "https://",
    "http://[::1]:8080/",
    "null",
    "404",
    "500 (Internal Server Error)",
    "[HTTP/1.1 ",
    "12:00:01.123 ",
    "[Error] ",
    "Failed to fetch",
    "WebSocket connection to '",
    "' failed",
    "Unsafe attempt to load URL ",
    "The FetchEvent for \"",
    // The tolerant reader's pieces: localized leads, openers and status labels, quotes, line
    // noise, older Chrome containers and suffixes.
    "Quellübergreifende (Cross-Origin) Anfrage blockiert: Die Gleiche-Quelle-Regel verbietet das Lesen der externen Ressource auf ",
    ". (Grund: ",
    "CORS-Kopfzeile 'Access-Control-Allow-Origin' fehlt). ",
    "Statuscode: ",
    "已拦截跨源请求：同源策略禁止读取位于 ",
    " 的远程资源。（原因：",
    "）。",
    "\u{ab} ",
    " \u{bb}",
    "\u{201c}",
    "> ",
    "- ",
    "[12:00:01] ",
    "Origin '",
    "' is therefore not allowed access.",
    " The response had HTTP status code ",
    "Cross-Origin Resource Sharing error: ",
    "CORS error",
    "Font from origin '",
    "' has been blocked from loading by Cross-Origin Resource Sharing policy: ",
    "This can be fixed by moving the resource to the same domain or enabling CORS.",
    "Http failure response for ",
    ": 0 Unknown Error",
    "request header field ",
    "no 'access-control-allow-origin' header is present on the requested resource",
    "ERR_CONNECTION_REFUSED",
    "\n",
    "\r\n",
    " ",
    "é",
    "\u{1F600}",
    "\0",
];

fn soup() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            8 => prop::sample::select(VOCABULARY).prop_map(str::to_owned),
            2 => "[\\PC]{0,6}",
        ],
        0..40,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        let r = parse_bytes(&bytes).unwrap();
        prop_assert_eq!(r.recognized(), r.kind.is_some());
    }

    #[test]
    fn word_soup_never_panics(text in soup()) {
        let r = parse(&text).unwrap();
        let _ = serde_json::to_string(&r).unwrap();
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200_000, ..ProptestConfig::default() })]

    #[test]
    #[ignore = "long run; use --ignored"]
    fn arbitrary_bytes_never_panic_long_run(
        bytes in prop::collection::vec(any::<u8>(), 0..4096),
        text in soup(),
    ) {
        let _ = parse_bytes(&bytes).unwrap();
        let _ = parse(&text).unwrap();
    }
}

#[test]
fn empty_and_blank_input_is_not_recognized() {
    for text in ["", " ", "\n\n\n", "\t \r\n"] {
        let r = parse(text).unwrap();
        assert!(!r.recognized(), "{text:?}");
        assert!(r.url.is_none() && r.browser.is_none());
    }
}

#[test]
fn input_over_the_limit_is_refused_with_its_size() {
    let big = vec![b'a'; MAX_INPUT_BYTES + 10];
    let err = parse_bytes(&big).unwrap_err();
    assert_eq!(
        err,
        ParseError::TooLarge {
            len: MAX_INPUT_BYTES + 10,
            max: MAX_INPUT_BYTES
        }
    );
    assert!(err.to_string().contains("1 MiB"), "{err}");
    // Exactly at the limit is still read.
    assert!(parse_bytes(&big[..MAX_INPUT_BYTES]).is_ok());
}

#[test]
fn binary_around_a_message_does_not_hide_it() {
    let mut bytes: Vec<u8> = (0..=255u8).cycle().take(3000).collect();
    bytes.extend_from_slice(b"\nAccess to fetch at 'https://api.example.com/x' from origin 'https://app.example.com' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.\n");
    bytes.extend((0..=255u8).rev().cycle().take(3000));
    let r = parse_bytes(&bytes).unwrap();
    assert_eq!(r.kind.map(|k| k.name()), Some("MissingAllowOriginHeader"));
    assert_eq!(r.origin.as_deref(), Some("https://app.example.com"));
}

/// Input shaped to make a naive parser quadratic or deep, each 1 MiB: it must finish fast.
#[test]
fn pathological_megabytes_finish_quickly() {
    let fill = |unit: &str| -> String {
        let n = MAX_INPUT_BYTES / unit.len();
        unit.repeat(n)
    };
    let inputs = [
        ("one long line", fill("a")),
        ("newlines only", fill("\n")),
        ("unclosed Chrome heads", fill("Access to fetch at '")),
        (
            "many blocked markers",
            fill(" has been blocked by CORS policy: "),
        ),
        (
            "many origin markers on one line",
            format!(
                "Access to fetch at 'x{} has been blocked by CORS policy: Method m is not allowed by Access-Control-Allow-Methods in preflight response.",
                fill("' from origin '")
                    .get(..MAX_INPUT_BYTES - 200)
                    .unwrap()
            ),
        ),
        ("hint escapes", fill("\\uD800")),
        (
            "wrapped Firefox heads",
            fill("Cross-Origin Request Blocked: x\n"),
        ),
        ("request lines, all different", {
            let mut s = String::new();
            let mut i = 0;
            while s.len() < MAX_INPUT_BYTES - 100 {
                s.push_str(&format!("GET https://h{i}.example/ net::ERR_FAILED 500\n"));
                i += 1;
            }
            s
        }),
        ("generic lines", fill("TypeError: Failed to fetch\n")),
        ("net errors", fill("net::ERR_CONNECTION_REFUSED ")),
        (
            "Safari reasons",
            fill(
                "[Error] Origin null is not allowed by Access-Control-Allow-Origin. Status code: 500\n",
            ),
        ),
        // The tolerant reader: candidates everywhere, most of them failing late.
        (
            "reason ends without their start",
            fill("is not allowed by Access-Control-Allow-Origin. "),
        ),
        (
            "origins that are not origins",
            fill("Origin x'y is not allowed by Access-Control-Allow-Origin"),
        ),
        (
            "a value never closed",
            format!(
                "The 'Access-Control-Allow-Origin' header has a value '{}",
                fill("x' ")
            )
            .get(..MAX_INPUT_BYTES)
            .unwrap()
            .to_owned(),
        ),
        (
            "Firefox leads in German without a reason",
            fill(
                "Quellübergreifende (Cross-Origin) Anfrage blockiert: Die Gleiche-Quelle-Regel verbietet das Lesen der externen Ressource auf ",
            ),
        ),
        ("Chrome leads cut off", fill("has been blocked by CORS policy ")),
        ("CORS words", fill("CORS error ")),
        (
            "a message wrapped after every character",
            fill(
                &"Access to fetch at 'https://a.example/x' from origin 'http://b.example' has been blocked by CORS policy: Method PUT is not allowed by Access-Control-Allow-Methods in preflight response."
                    .chars()
                    .flat_map(|c| [c, '\n'])
                    .collect::<String>(),
            ),
        ),
        (
            "many status labels",
            fill("CORS header ‘Access-Control-Allow-Origin’ missing). Status: Status: "),
        ),
    ];
    for (label, text) in inputs {
        assert!(text.len() <= MAX_INPUT_BYTES, "{label}: {}", text.len());
        let start = Instant::now();
        let r = parse(&text).unwrap();
        let took = start.elapsed();
        eprintln!("{label}: {took:?}");
        // Debug builds on a shared machine: generous, but far below what quadratic work takes.
        assert!(took < Duration::from_secs(20), "{label} took {took:?}");
        assert!(
            r.evidence.len() <= 200,
            "{label}: {} evidence lines",
            r.evidence.len()
        );
    }
}
