//! The shapes pasted console text comes in, each built around a wording from the browsers'
//! sources (`parse::known_wordings()`): DevTools prefixes and request lines, stack frames and
//! `[Violation]` lines, GitHub `>` quoting, bullets and timestamps, terminal wraps in the
//! middle of a URL, lower case, `…` in place of a URL, a lead without its reason, `ERR_…`
//! without `net::`, CRLF, text copied twice. Each expects what the text itself says.

use corsfix_model::parse::{Missing, parse};

struct Case {
    name: &'static str,
    text: &'static str,
    kind: &'static str,
    url: Option<&'static str>,
    origin: Option<&'static str>,
    parameter: Option<&'static str>,
    status: Option<u16>,
    browser: Option<&'static str>,
}

const CASES: &[Case] = &[
    Case {
        name: "DevTools block: source prefix, OPTIONS request line, rejection, stack, violation",
        text: "localhost/:1 Access to fetch at 'https://api.example.com/users' from origin 'http://localhost:5173' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin' header is present on the requested resource.\n\
api.ts:12  OPTIONS https://api.example.com/users net::ERR_FAILED 401 (Unauthorized)\n\
Uncaught (in promise) TypeError: Failed to fetch\n    at fetchUsers (api.ts:12:9)\n    at onClick (App.tsx:40:5)\n\
[Violation] 'click' handler took 183ms",
        kind: "PreflightMissingAllowOriginHeader",
        url: Some("https://api.example.com/users"),
        origin: Some("http://localhost:5173"),
        parameter: None,
        status: Some(401),
        browser: Some("chrome"),
    },
    Case {
        name: "GitHub issue: quoted and wrapped at spaces",
        text: "> Access to XMLHttpRequest at 'https://api.example.com/v1/login' from origin\n> 'http://localhost:8080' has been blocked by CORS policy: Request header field\n> x-auth-token is not allowed by Access-Control-Allow-Headers in preflight\n> response.",
        kind: "HeaderDisallowedByPreflightResponse",
        url: Some("https://api.example.com/v1/login"),
        origin: Some("http://localhost:8080"),
        parameter: Some("x-auth-token"),
        status: None,
        browser: Some("chrome"),
    },
    Case {
        name: "terminal wrap at 80 columns, in the middle of the URL",
        text: "Access to fetch at 'https://europe-west1-my-project.cloudfunctions.net/api/v2/ord\ners?limit=20' from origin 'https://shop.example.com' has been blocked by CORS pol\nicy: No 'Access-Control-Allow-Origin' header is present on the requested resour\nce.",
        kind: "MissingAllowOriginHeader",
        url: Some("https://europe-west1-my-project.cloudfunctions.net/api/v2/orders?limit=20"),
        origin: Some("https://shop.example.com"),
        parameter: None,
        status: None,
        browser: Some("chrome"),
    },
    Case {
        name: "Firefox line in a bulleted list with a timestamp",
        text: "- 10:42:17.351 Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.example.com/v2/items. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 403. [Learn More]",
        kind: "MissingAllowOriginHeader",
        url: Some("https://api.example.com/v2/items"),
        origin: None,
        parameter: None,
        status: Some(403),
        browser: Some("firefox"),
    },
    Case {
        name: "a bare reason without its final full stop",
        text: "Method DELETE is not allowed by Access-Control-Allow-Methods in preflight response",
        kind: "MethodDisallowedByPreflightResponse",
        url: None,
        origin: None,
        parameter: Some("DELETE"),
        status: None,
        browser: Some("chrome"),
    },
    Case {
        name: "ERR_ without net::",
        text: "GET https://api.example.com/health ERR_CONNECTION_REFUSED",
        kind: "ConnectionRefused",
        url: Some("https://api.example.com/health"),
        origin: None,
        parameter: Some("ERR_CONNECTION_REFUSED"),
        status: None,
        browser: Some("chrome"),
    },
    Case {
        name: "… and xxx in place of the URL and origin",
        text: "Access to fetch at '…' from origin 'xxx' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.",
        kind: "MissingAllowOriginHeader",
        url: None,
        origin: None,
        parameter: None,
        status: None,
        browser: Some("chrome"),
    },
    Case {
        name: "lower case, font",
        text: "access to font at 'https://cdn.example.com/fonts/inter.woff2' from origin 'https://www.example.com' has been blocked by cors policy: no 'access-control-allow-origin' header is present on the requested resource.",
        kind: "MissingAllowOriginHeader",
        url: Some("https://cdn.example.com/fonts/inter.woff2"),
        origin: Some("https://www.example.com"),
        parameter: None,
        status: None,
        browser: Some("chrome"),
    },
    Case {
        name: "a lead without its reason",
        text: "Access to fetch at 'https://api.example.com/x' from origin 'http://localhost:3000' has been blocked by CORS policy",
        kind: "AccessControlChecks",
        url: Some("https://api.example.com/x"),
        origin: Some("http://localhost:3000"),
        parameter: None,
        status: None,
        browser: Some("chrome"),
    },
    Case {
        name: "DevTools Network panel: CORS error and the request line",
        text: "Request URL: https://api.example.com/x\nStatus: CORS error\nGET https://api.example.com/x net::ERR_FAILED 502 (Bad Gateway)",
        kind: "AccessControlChecks",
        url: Some("https://api.example.com/x"),
        origin: None,
        parameter: None,
        status: Some(502),
        browser: Some("chrome"),
    },
    Case {
        name: "Russian Firefox, CRLF",
        text: "Запрос из постороннего источника заблокирован: Политика одного источника запрещает чтение удаленного ресурса на https://api.example.ru/data.\r\n(Причина: заголовок CORS «Access-Control-Allow-Origin» не совпадает с «https://example.ru»).\r\n",
        kind: "AllowOriginMismatch",
        url: Some("https://api.example.ru/data"),
        origin: None,
        parameter: Some("https://example.ru"),
        status: None,
        browser: Some("firefox"),
    },
    Case {
        name: "copied twice",
        text: "Access to XMLHttpRequest at 'https://api.example.com/a' from origin 'http://localhost:4200' has been blocked by CORS policy: The 'Access-Control-Allow-Origin' header contains multiple values 'http://localhost:4200, *', but only one is allowed.\nAccess to XMLHttpRequest at 'https://api.example.com/a' from origin 'http://localhost:4200' has been blocked by CORS policy: The 'Access-Control-Allow-Origin' header contains multiple values 'http://localhost:4200, *', but only one is allowed.",
        kind: "MultipleAllowOriginValues",
        url: Some("https://api.example.com/a"),
        origin: Some("http://localhost:4200"),
        parameter: Some("http://localhost:4200, *"),
        status: None,
        browser: Some("chrome"),
    },
    Case {
        name: "older Chrome, the 2015 font wording",
        text: "Font from origin 'https://cdn.example.com' has been blocked from loading by Cross-Origin Resource Sharing policy: No 'Access-Control-Allow-Origin' header is present on the requested resource. Origin 'https://www.example.com' is therefore not allowed access.",
        kind: "MissingAllowOriginHeader",
        url: Some("https://cdn.example.com"),
        origin: Some("https://www.example.com"),
        parameter: None,
        status: None,
        browser: Some("chrome"),
    },
    Case {
        name: "older Chrome, the 2017 container with the status sentence",
        text: "Failed to load http://localhost:8000/api/token: No 'Access-Control-Allow-Origin' header is present on the requested resource. Origin 'http://localhost:3000' is therefore not allowed access. The response had HTTP status code 500. If an opaque response serves your needs, set the request's mode to 'no-cors' to fetch the resource with CORS disabled.",
        kind: "MissingAllowOriginHeader",
        url: Some("http://localhost:8000/api/token"),
        origin: Some("http://localhost:3000"),
        parameter: None,
        status: Some(500),
        browser: Some("chrome"),
    },
    Case {
        name: "Safari, Failed to load resource",
        text: "[Error] Failed to load resource: Preflight response is not successful. Status code: 404 (items, line 0)\n[Error] Fetch API cannot load https://api.example.com/items due to access control checks.",
        kind: "PreflightInvalidStatus",
        url: Some("https://api.example.com/items"),
        origin: None,
        parameter: None,
        status: Some(404),
        browser: Some("safari"),
    },
    Case {
        name: "Japanese Firefox, wrapped",
        text: "クロスオリジン要求をブロックしました: 同一生成元ポリシーにより、https://api.example.jp/v1/user にあるリモートリソースの読み込みは拒否されます\n(理由: CORS ヘッダー ‘Access-Control-Allow-Origin’ が足りない)。",
        kind: "MissingAllowOriginHeader",
        url: Some("https://api.example.jp/v1/user"),
        origin: None,
        parameter: None,
        status: None,
        browser: Some("firefox"),
    },
    Case {
        name: "a source location pasted between the lead and the reason",
        text: "Access to fetch at 'https://api.example.com/a' from origin 'http://localhost:3000' has been blocked by CORS policy: index.js:12 No 'Access-Control-Allow-Origin' header is present on the requested resource.",
        kind: "MissingAllowOriginHeader",
        url: Some("https://api.example.com/a"),
        origin: Some("http://localhost:3000"),
        parameter: None,
        status: None,
        browser: Some("chrome"),
    },
    Case {
        name: "the paste starts after Access to",
        text: "from origin 'http://localhost:3000' has been blocked by CORS policy: Method PATCH is not allowed by Access-Control-Allow-Methods in preflight response.",
        kind: "MethodDisallowedByPreflightResponse",
        url: None,
        origin: Some("http://localhost:3000"),
        parameter: Some("PATCH"),
        status: None,
        browser: Some("chrome"),
    },
    Case {
        name: "older Chrome container and the OPTIONS request line: the preflight failed",
        text: "OPTIONS http://localhost:8080/api/items 401 (Unauthorized)\nXMLHttpRequest cannot load http://localhost:8080/api/items. No 'Access-Control-Allow-Origin' header is present on the requested resource. Origin 'http://localhost:4200' is therefore not allowed access. The response had HTTP status code 401.",
        kind: "PreflightMissingAllowOriginHeader",
        url: Some("http://localhost:8080/api/items"),
        origin: Some("http://localhost:4200"),
        parameter: None,
        status: Some(401),
        browser: Some("chrome"),
    },
    Case {
        name: "Chrome CSP without the directive (a look-alike)",
        text: "Fetch API cannot load http://localhost:8000/auth/signup. Refused to connect because it violates the document's Content Security Policy.",
        kind: "ContentSecurityPolicy",
        url: Some("http://localhost:8000/auth/signup"),
        origin: None,
        parameter: None,
        status: None,
        browser: Some("chrome"),
    },
    Case {
        name: "Firefox CSP, the older prefix",
        text: "Content Security Policy: The page’s settings blocked the loading of a resource at https://api.example.com/x (“connect-src”).",
        kind: "ContentSecurityPolicy",
        url: Some("https://api.example.com/x"),
        origin: None,
        parameter: None,
        status: None,
        browser: Some("firefox"),
    },
    Case {
        name: "mixed content without its start",
        text: "The page at 'https://app.example.com/' was loaded over HTTPS, but requested an insecure XMLHttpRequest endpoint 'http://api.example.com/x'. This request has been blocked; the content must be served over HTTPS.",
        kind: "MixedContent",
        url: Some("http://api.example.com/x"),
        origin: Some("https://app.example.com"),
        parameter: None,
        status: None,
        browser: Some("chrome"),
    },
    Case {
        name: "Firefox before 2015",
        text: "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at http://localhost:5111/all/on. This can be fixed by moving the resource to the same domain or enabling CORS.",
        kind: "AccessControlChecks",
        url: Some("http://localhost:5111/all/on"),
        origin: None,
        parameter: None,
        status: None,
        browser: Some("firefox"),
    },
    Case {
        name: "Internet Explorer",
        text: "SEC7118: XMLHttpRequest for https://api.example.com/v1/me required Cross-Origin Resource Sharing (CORS).\nSEC7120: Origin https://www.example.com not found in Access-Control-Allow-Origin header.\nSCRIPT7002: XMLHttpRequest: Network Error 0x80070005, Access is denied.",
        kind: "OriginNotAllowed",
        url: None,
        origin: Some("https://www.example.com"),
        parameter: None,
        status: None,
        browser: None,
    },
    Case {
        name: "a Firefox lead in a translation the tables do not have",
        text: "已阻止跨源请求：同源策略禁止读取位于 https://api.example.com/data 的远程资源。（原因：CORS 头缺少 'Access-Control-Allow-Origin'）。",
        kind: "MissingAllowOriginHeader",
        url: Some("https://api.example.com/data"),
        origin: None,
        parameter: None,
        status: None,
        browser: Some("firefox"),
    },
    Case {
        name: "Safari, script",
        text: "[Error] Cross-origin script load denied by Cross-Origin Resource Sharing policy.",
        kind: "AccessControlChecks",
        url: None,
        origin: None,
        parameter: None,
        status: None,
        browser: Some("safari"),
    },
    Case {
        name: "Safari, the origin printed empty",
        text: "[Error] Origin  is not allowed by Access-Control-Allow-Origin. Status code: 204",
        kind: "OriginNotAllowed",
        url: None,
        origin: None,
        parameter: None,
        status: Some(204),
        browser: Some("safari"),
    },
    Case {
        name: "DevTools Issues panel",
        text: "Ensure CORS requesting origin matches resource's allowed origin\nA cross-origin resource sharing (CORS) request was blocked because the `Access-Control-Allow-Origin` response header of the request or the associated preflight request specified an origin different from the origin of the context that initiated the request.",
        kind: "AllowOriginMismatch",
        url: None,
        origin: None,
        parameter: None,
        status: None,
        browser: Some("chrome"),
    },
    Case {
        name: "Angular's rejection",
        text: "ERROR HttpErrorResponse {headers: HttpHeaders, status: 0, statusText: 'Unknown Error', url: 'https://api.example.com/x', ok: false, name: 'HttpErrorResponse', message: 'Http failure response for https://api.example.com/x: 0 Unknown Error'}",
        kind: "FetchFailed",
        url: Some("https://api.example.com/x"),
        origin: None,
        parameter: None,
        status: None,
        browser: None,
    },
];

#[test]
fn every_pasted_form_reads_as_the_text_says() {
    let mut problems = Vec::new();
    for c in CASES {
        let r = parse(c.text).unwrap();
        let got = (
            r.kind.map(|k| k.name()),
            r.url.as_deref(),
            r.origin.as_deref(),
            r.parameter.as_deref(),
            r.status,
            r.browser.map(|b| b.name()),
        );
        let want = (
            Some(c.kind),
            c.url,
            c.origin,
            c.parameter,
            c.status,
            c.browser,
        );
        if got != want {
            problems.push(format!("{}:\n  got  {got:?}\n  want {want:?}", c.name));
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
fn what_the_text_did_not_carry_is_said() {
    let r = parse(CASES[8].text).unwrap();
    assert_eq!(r.missing, vec![Missing::Reason, Missing::Status]);
    let r = parse(CASES[6].text).unwrap();
    assert_eq!(
        r.missing,
        vec![Missing::Url, Missing::Origin, Missing::Status]
    );
    let r = parse(CASES[0].text).unwrap();
    assert!(r.missing.is_empty(), "{:?}", r.missing);
    let r = parse("nothing to see here").unwrap();
    assert!(r.missing.contains(&Missing::Reason));
}

#[test]
fn cors_words_are_never_nothing() {
    for text in [
        "CORS error",
        "TypeError: Failed to fetch\nStatus: CORS error",
        "the request was blocked by CORS policy",
        "Cross-Origin Request Blocked",
        "SEC7120: Origin http://localhost:3000 not found in Access-Control-Allow-Origin header.",
    ] {
        let r = parse(text).unwrap();
        assert!(r.recognized(), "{text}");
        assert!(r.kind.is_some_and(|k| k.is_cors()), "{text}: {:?}", r.kind);
    }
}
