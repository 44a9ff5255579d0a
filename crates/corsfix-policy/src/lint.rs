//! Lint rules: stable codes (`CORS001`…), kebab-case names, documented in ruff's sections.
//!
//! [`lint`] checks a policy; [`lint_response`] checks what a live server answered (the
//! scanner maps its findings onto the same rules). Findings are data, never `Err`.
//! A code is never reused; retired codes stay reserved.

use serde::Serialize;

use crate::respond::Request;
use crate::{CHROMIUM_MAX_AGE_CAP, PatternKind, Policy};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; nothing is broken.
    Info,
    /// Works, but risky or surprising.
    Warning,
    /// Broken or dangerous: the generator refuses to emit it.
    Error,
}

impl Severity {
    /// `info`, `warning` or `error`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Info => "info",
            Self::Warning => "warning",
            Self::Error => "error",
        }
    }
}

macro_rules! rules {
    ($( $variant:ident = $code:literal, $name:literal, $sev:ident, $summary:literal, $doc:literal; )*) => {
        /// A lint rule.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
        #[non_exhaustive]
        pub enum Rule { $( #[doc = $summary] $variant, )* }

        impl Rule {
            /// Every rule, in code order.
            pub const ALL: &'static [Rule] = &[ $( Rule::$variant, )* ];

            /// The stable code (`CORS001`).
            pub fn code(self) -> &'static str { match self { $( Rule::$variant => $code, )* } }
            /// The kebab-case name (reads as "allow ${name}").
            pub fn name(self) -> &'static str { match self { $( Rule::$variant => $name, )* } }
            /// The default severity.
            pub fn severity(self) -> Severity { match self { $( Rule::$variant => Severity::$sev, )* } }
            /// One line.
            pub fn summary(self) -> &'static str { match self { $( Rule::$variant => $summary, )* } }
            /// The documentation in Markdown (What it does / Why is this bad? / Example /
            /// Use instead / References).
            pub fn doc(self) -> &'static str { match self { $( Rule::$variant => $doc, )* } }
        }
    };
}

rules! {
    WildcardOriginWithCredentials = "CORS001", "wildcard-origin-with-credentials", Error,
        "`Access-Control-Allow-Origin: *` combined with credentials",
        "## What it does\nFlags a policy (or a response) that allows every origin with `*` while also allowing credentials.\n\n## Why is this bad?\nBrowsers reject `Access-Control-Allow-Origin: *` on a credentialed request, so every request with cookies fails. The usual \"fix\" — reflecting whatever `Origin` arrives — lets every website on the internet read your users' data.\n\n## Example\n```toml\norigins = [\"*\"]\ncredentials = true\n```\n\n## Use instead\n```toml\norigins = [\"https://app.example.com\"]\ncredentials = true\n```\n\n## References\n- [Fetch: CORS check](https://fetch.spec.whatwg.org/#cors-check)\n- frameworks reference §0.2 rule 3\n";
    ReflectedOriginWithCredentials = "CORS002", "reflected-origin-with-credentials", Error,
        "Any origin is echoed back while credentials are allowed",
        "## What it does\nFlags an origin pattern that matches arbitrary sites (`^.*$`, `https://.*`), or a response that echoes an origin outside the allowlist, while credentials are allowed.\n\n## Why is this bad?\nEchoing the request's `Origin` with `Access-Control-Allow-Credentials: true` lets any page the user visits read authenticated responses: the classic CORS data-theft misconfiguration.\n\n## Example\n```toml\norigins = [\"^https://.*$\"]\ncredentials = true\n```\n\n## Use instead\n```toml\norigins = [\"https://app.example.com\", \"https://*.example.com\"]\ncredentials = true\n```\n\n## References\n- [PortSwigger: CORS vulnerabilities](https://portswigger.net/web-security/cors)\n- frameworks reference §0.2 rules 1 and 3\n";
    NullOriginAllowed = "CORS003", "null-origin-allowed", Error,
        "`null` is an allowed origin",
        "## What it does\nFlags `null` in the allowed origins, or a response answering `Access-Control-Allow-Origin: null`.\n\n## Why is this bad?\nSandboxed iframes, `file:` pages, `data:` URLs and some redirects all send `Origin: null`. Any attacker can produce it with `<iframe sandbox>`, so allowing it allows everyone.\n\n## Example\n```toml\norigins = [\"https://app.example.com\", \"null\"]\n```\n\n## Use instead\n```toml\norigins = [\"https://app.example.com\"]\n```\n\n## References\n- [HTML: origin](https://html.spec.whatwg.org/multipage/browsers.html#origin)\n- frameworks reference §0.2 rule 8\n";
    InsecureOriginWithCredentials = "CORS004", "insecure-origin-with-credentials", Warning,
        "An `http://` origin is trusted with credentials",
        "## What it does\nFlags plain-`http://` origins (other than loopback) in a policy that allows credentials.\n\n## Why is this bad?\nAnyone on the network path (public Wi-Fi, a compromised router) can inject script into an `http://` page and use it to read your authenticated API responses.\n\n## Example\n```toml\norigins = [\"http://app.example.com\"]\ncredentials = true\n```\n\n## Use instead\n```toml\norigins = [\"https://app.example.com\"]\ncredentials = true\n```\n\n## References\n- [PortSwigger: trusting insecure protocols](https://portswigger.net/web-security/cors)\n";
    UnanchoredOriginPattern = "CORS005", "unanchored-origin-pattern", Error,
        "An origin regex is not anchored with `^…$`",
        "## What it does\nFlags origin regexes that do not start with `^` and end with `$`.\n\n## Why is this bad?\nMany libraries search for the pattern anywhere in the origin (rocket_cors, Traefik, gin's `/regex/` entries, Go `regexp.MatchString`), so `https://app\\.example\\.com` also matches `https://app.example.com.evil.net`.\n\n## Example\n```toml\norigins = ['https://app\\.example\\.com']\n```\n\n## Use instead\n```toml\norigins = ['^https://app\\.example\\.com$']\n```\n\n## References\n- frameworks reference §0.2 rule 9\n";
    UnescapedOriginPattern = "CORS006", "unescaped-origin-pattern", Error,
        "An origin regex has an unescaped `.`",
        "## What it does\nFlags a `.` outside a character class that is not escaped in an origin regex.\n\n## Why is this bad?\nAn unescaped dot matches any character: `^https://app.example.com$` also matches `https://appXexample.com`, a domain anyone can register.\n\n## Example\n```toml\norigins = ['^https://app.example.com$']\n```\n\n## Use instead\n```toml\norigins = ['^https://app\\.example\\.com$']   # or simply \"https://app.example.com\"\n```\n\n## References\n- frameworks reference §0.2 rule 9\n";
    WildcardHeadersExpectingAuthorization = "CORS007", "wildcard-headers-expecting-authorization", Warning,
        "`*` in the allowed request headers is expected to cover `Authorization`",
        "## What it does\nFlags `*` in the allowed request headers when `Authorization` is not listed explicitly (or a response whose `Access-Control-Allow-Headers: *` is meant to cover a requested `Authorization`).\n\n## Why is this bad?\n`Authorization` is never covered by `Access-Control-Allow-Headers: *`, and with credentials `*` is not a wildcard at all. Servers that send a literal `*` make every request with a bearer token fail its preflight.\n\n## Example\n```toml\nrequest_headers = [\"*\"]\n```\n\n## Use instead\n```toml\nrequest_headers = [\"Content-Type\", \"Authorization\"]\n```\n\n## References\n- [Fetch: CORS-preflight fetch](https://fetch.spec.whatwg.org/#cors-preflight-fetch)\n- frameworks reference §0.2 rule 4\n";
    MaxAgeAboveBrowserCap = "CORS008", "max-age-above-browser-cap", Warning,
        "`Access-Control-Max-Age` above Chromium's 7200-second cap",
        "## What it does\nFlags a preflight max-age above 7200 seconds.\n\n## Why is this bad?\nChromium caps the preflight cache at 2 hours and Firefox at 24 hours; a larger value does nothing except suggest a caching that never happens.\n\n## Example\n```toml\nmax_age = 86400\n```\n\n## Use instead\n```toml\nmax_age = 7200\n```\n\n## References\n- [Fetch: Access-Control-Max-Age](https://fetch.spec.whatwg.org/#http-access-control-max-age)\n- frameworks reference §0.2 rule 10\n";
    MissingVaryOrigin = "CORS009", "missing-vary-origin", Error,
        "`Access-Control-Allow-Origin` depends on the request but `Vary: Origin` is missing",
        "## What it does\nFlags a response whose `Access-Control-Allow-Origin` echoes the request's origin (or is omitted for some origins) without `Vary: Origin`.\n\n## Why is this bad?\nShared caches and CDNs then serve one origin's answer to another: users of the second site see CORS errors, or a cached `Access-Control-Allow-Origin` leaks to the wrong site.\n\n## Example\n```http\nAccess-Control-Allow-Origin: https://app.example.com\n```\n\n## Use instead\n```http\nAccess-Control-Allow-Origin: https://app.example.com\nVary: Origin\n```\n\n## References\n- [Fetch: CORS protocol and HTTP caches](https://fetch.spec.whatwg.org/#cors-protocol-and-http-caches)\n- frameworks reference §0.2 rule 2\n";
    MultipleAllowOriginValues = "CORS010", "multiple-allow-origin-values", Error,
        "More than one `Access-Control-Allow-Origin` value",
        "## What it does\nFlags a response with two `Access-Control-Allow-Origin` headers or a comma-separated list in one.\n\n## Why is this bad?\nBrowsers accept exactly one origin and block the response (\"contains multiple values\"). It usually means two layers (a proxy and the app) both add CORS headers, or an allowlist joined with commas.\n\n## Example\n```http\nAccess-Control-Allow-Origin: https://a.example.com, https://b.example.com\n```\n\n## Use instead\nMatch the request's `Origin` against the allowlist and echo that one origin; let exactly one layer own CORS.\n\n## References\n- [Fetch: CORS check](https://fetch.spec.whatwg.org/#cors-check)\n- frameworks reference §0.2 rules 1 and 7\n";
    WildcardMethodsWithCredentials = "CORS011", "wildcard-methods-with-credentials", Warning,
        "`*` in the allowed methods while credentials are allowed",
        "## What it does\nFlags `*` as an allowed method (or `Access-Control-Allow-Methods: *` in a response) when credentials are allowed.\n\n## Why is this bad?\nWith credentials, `*` is taken literally as a method named `*`: `PUT` and `DELETE` preflights fail. corsfix's generated code echoes the requested method instead, but libraries that send `*` break.\n\n## Example\n```toml\nmethods = [\"*\"]\ncredentials = true\n```\n\n## Use instead\n```toml\nmethods = [\"GET\", \"POST\", \"PUT\", \"DELETE\"]\ncredentials = true\n```\n\n## References\n- frameworks reference §0.2 rule 3\n";
    WildcardExposeWithCredentials = "CORS012", "wildcard-expose-with-credentials", Warning,
        "`*` in the exposed headers while credentials are allowed",
        "## What it does\nFlags `*` in the exposed response headers (or `Access-Control-Expose-Headers: *`) when credentials are allowed.\n\n## Why is this bad?\nWith credentials, `*` exposes only a header literally named `*`; scripts still cannot read `X-Total-Count` and friends.\n\n## Example\n```toml\nexpose_headers = [\"*\"]\ncredentials = true\n```\n\n## Use instead\n```toml\nexpose_headers = [\"X-Total-Count\"]\ncredentials = true\n```\n\n## References\n- frameworks reference §0.2 rule 3\n";
    PatternMatchesAnyOrigin = "CORS013", "pattern-matches-any-origin", Warning,
        "An origin pattern matches sites you do not own",
        "## What it does\nFlags an origin regex that matches arbitrary origins such as `https://attacker.invalid` (without credentials; with credentials see CORS002).\n\n## Why is this bad?\nA pattern written to allow a few sites that matches everyone is `*` in disguise, and becomes a data leak the day credentials are turned on.\n\n## Example\n```toml\norigins = ['^https://.*$']\n```\n\n## Use instead\n```toml\norigins = [\"*\"]                       # if the API is really public\norigins = [\"https://*.example.com\"]    # otherwise\n```\n\n## References\n- frameworks reference §0.2 rule 9\n";
    PrivateNetworkAccessEnabled = "CORS014", "private-network-access-enabled", Info,
        "Private Network Access preflights are answered",
        "## What it does\nNotes that the policy answers `Access-Control-Request-Private-Network` with `Access-Control-Allow-Private-Network: true`.\n\n## Why is this bad?\nIt told Chrome 94–141 (Private Network Access, mostly in warning-only trials) that public websites may reach a server on the user's private network (a router, a dev server). That is rarely intended; flask-cors sending it by default was CVE-2024-6221. Chrome 142+ and Firefox 153 no longer send the preflight header nor read this one: a public page needs the user's Local Network Access permission instead, which no header grants. So today it only says something to old Chromes, and what it says is rarely meant.\n\n## Example\n```toml\nprivate_network = true\n```\n\n## Use instead\nOmit it. A public page that must call a device or local service needs the user's Local Network Access permission (served over https).\n\n## References\n- [WICG Local Network Access](https://wicg.github.io/local-network-access/)\n- [Chrome: New permission prompt for Local Network Access](https://developer.chrome.com/blog/local-network-access)\n- [WICG Private Network Access](https://wicg.github.io/private-network-access/) (history)\n- frameworks reference §0.2 rule 14\n";
    LoopbackOriginAlias = "CORS015", "loopback-origin-alias", Info,
        "`http://localhost:PORT` allowed but not `http://127.0.0.1:PORT` (or the reverse)",
        "## What it does\nNotes a loopback origin whose other spelling is not allowed.\n\n## Why is this bad?\nOrigins are compared as exact strings: a page opened at `http://127.0.0.1:5173` is not `http://localhost:5173`, and the request is blocked although \"it is the same machine\".\n\n## Example\n```toml\norigins = [\"http://localhost:5173\"]\n```\n\n## Use instead\n```toml\norigins = [\"http://localhost:5173\", \"http://127.0.0.1:5173\"]\n```\n\n## References\n- frameworks reference §0.2 rule 8\n";
    CredentialedUnsafeMethods = "CORS016", "credentialed-unsafe-methods", Info,
        "Cookie-authenticated state changes still need CSRF protection",
        "## What it does\nNotes a credentialed policy that allows state-changing methods (`POST`, `PUT`, `PATCH`, `DELETE`).\n\n## Why is this bad?\nCORS is not access control: a disallowed origin's simple `POST` still reaches and runs on the server; only reading the response is blocked. Cookie-authenticated endpoints need CSRF defences (tokens, `SameSite` cookies, `Origin` checks) — and those defences (Django `CSRF_TRUSTED_ORIGINS`, Go 1.25 `CrossOriginProtection`, tower-http's `CsrfLayer`) must trust your allowed origins or they block the correct CORS setup.\n\n## Example\n```toml\ncredentials = true\nmethods = [\"POST\"]\n```\n\n## Use instead\nKeep the policy, and add a CSRF defence that trusts the same origins.\n\n## References\n- frameworks reference §0.2 rules 12, 13 and 15\n";
    PreflightNotSuccessful = "CORS017", "preflight-not-successful", Error,
        "The preflight is answered with a non-2xx status",
        "## What it does\nFlags an `OPTIONS` preflight answered with 401, 403, 404, 405, 5xx or any status outside 200–299.\n\n## Why is this bad?\nA preflight carries no cookies or `Authorization`, and must get a 2xx. Authentication, CSRF middleware or a router that only knows `GET` turn it into an error and the browser blocks the real request before it is sent.\n\n## Example\n```http\nOPTIONS /api/items -> 401 Unauthorized\n```\n\n## Use instead\nLet the CORS layer answer preflights before authentication and routing (the generated code does).\n\n## References\n- [Fetch: CORS-preflight fetch](https://fetch.spec.whatwg.org/#cors-preflight-fetch)\n- frameworks reference §0.2 rule 5\n";
    PreflightRedirected = "CORS018", "preflight-redirected", Error,
        "The preflight is answered with a redirect",
        "## What it does\nFlags a preflight answered with a 3xx (HTTPS upgrade, trailing-slash or login redirect).\n\n## Why is this bad?\nBrowsers never follow redirects for preflights: the request fails with \"Redirect is not allowed for a preflight request\".\n\n## Example\n```http\nOPTIONS /api/items -> 301 Location: /api/items/\n```\n\n## Use instead\nCall the final URL, and answer `OPTIONS` before redirect middleware.\n\n## References\n- frameworks reference §0.2 rule 5\n";
    ErrorResponseWithoutCors = "CORS019", "error-response-without-cors", Warning,
        "An error response from an allowed origin carries no CORS headers",
        "## What it does\nFlags a 4xx/5xx answer to an allowed origin without `Access-Control-Allow-Origin`.\n\n## Why is this bad?\nThe browser then reports a CORS error and hides the body, so a plain 401 or 500 looks like a CORS problem and nobody sees the real error.\n\n## Example\n```http\nGET /api/items -> 500 (no Access-Control-Allow-Origin)\n```\n\n## Use instead\nAdd CORS headers \"always\": in the outermost middleware, error handlers, nginx `add_header … always`, Apache `Header always set`.\n\n## References\n- frameworks reference §0.2 rule 6\n";
    AllowCredentialsNotTrue = "CORS020", "allow-credentials-not-true", Error,
        "`Access-Control-Allow-Credentials` is not exactly `true`",
        "## What it does\nFlags `Access-Control-Allow-Credentials` with any value other than the lower-case string `true` (`True`, `1`, `false`).\n\n## Why is this bad?\nThe CORS check compares the value byte for byte with `true`; anything else fails credentialed requests.\n\n## Example\n```http\nAccess-Control-Allow-Credentials: True\n```\n\n## Use instead\n```http\nAccess-Control-Allow-Credentials: true\n```\n\n## References\n- [Fetch: CORS check](https://fetch.spec.whatwg.org/#cors-check)\n";
    UnlistedOriginReflected = "CORS021", "unlisted-origin-reflected", Warning,
        "An origin outside the allowlist is echoed back",
        "## What it does\nFlags a response that echoes an `Origin` the intended policy does not allow (without credentials; with credentials see CORS002).\n\n## Why is this bad?\nThe server trusts more sites than intended — usually a prefix/suffix check without a dot boundary or an origin function that always returns true.\n\n## Example\n```http\nOrigin: https://evil-example.com\nAccess-Control-Allow-Origin: https://evil-example.com\n```\n\n## Use instead\nMatch against exact origins and anchored, dot-escaped patterns only.\n\n## References\n- frameworks reference §0.2 rules 1 and 9\n";
}

impl Rule {
    /// Look a rule up by code (`CORS001`) or name (`null-origin-allowed`).
    pub fn find(code_or_name: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .copied()
            .find(|r| r.code().eq_ignore_ascii_case(code_or_name) || r.name() == code_or_name)
    }
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// The stable code (`CORS001`).
    pub code: &'static str,
    /// The rule's kebab-case name.
    pub name: &'static str,
    /// How serious it is.
    pub severity: Severity,
    /// What is wrong, about this policy or response.
    pub message: String,
    /// Where: the policy field (`origins[1]`) or the response header.
    pub location: Option<String>,
    /// What to do instead.
    pub help: Option<String>,
}

impl Diagnostic {
    fn new(rule: Rule, message: String, location: Option<String>, help: Option<String>) -> Self {
        Self {
            code: rule.code(),
            name: rule.name(),
            severity: rule.severity(),
            message,
            location,
            help,
        }
    }

    /// The rule this finding belongs to.
    pub fn rule(&self) -> Option<Rule> {
        Rule::find(self.code)
    }
}

/// Origins no policy should match: used to tell "a pattern" from "everyone".
const FOREIGN_ORIGINS: &[&str] = &[
    "https://corsfix-attacker.invalid",
    "https://evil.test",
    "http://attacker.example.net",
];

/// Find an unescaped `.` outside a character class that is not a deliberate `.*`/`.+`
/// wildcard (those are judged by CORS002/CORS013, on what they match).
fn has_unescaped_dot(re: &str) -> bool {
    let mut escaped = false;
    let mut in_class = false;
    let chars: Vec<char> = re.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c == '.' && !escaped && !in_class && matches!(chars.get(i + 1), Some('*' | '+')) {
            continue;
        }
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '\\' => escaped = true,
            '[' => in_class = true,
            ']' => in_class = false,
            '.' if !in_class => return true,
            _ => {}
        }
    }
    false
}

fn is_loopback(origin: &str) -> bool {
    let host = origin
        .split("://")
        .nth(1)
        .unwrap_or("")
        .rsplit_once(':')
        .map_or_else(|| origin.split("://").nth(1).unwrap_or(""), |(h, _)| h);
    host == "localhost" || host.starts_with("127.") || host == "[::1]"
}

/// Check a policy. Findings are sorted by severity (errors first), then code.
pub fn lint(policy: &Policy) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let o = policy.origins();
    let creds = policy.credentials();
    if o.any && creds {
        out.push(Diagnostic::new(
            Rule::WildcardOriginWithCredentials,
            "`*` allows every origin, but credentialed requests need the exact origin: browsers block them all".into(),
            Some("origins".into()),
            Some("list the origins that send cookies (`https://app.example.com`), or turn credentials off for a public API".into()),
        ));
    }
    if o.null {
        out.push(Diagnostic::new(
            Rule::NullOriginAllowed,
            "`null` is allowed: any site can send `Origin: null` from a sandboxed iframe".into(),
            Some("origins".into()),
            Some("remove `null`; serve the page from a real origin instead".into()),
        ));
    }
    let all = o.display_list();
    let loc = |entry: &str| {
        all.iter()
            .position(|e| e == entry)
            .map(|i| format!("origins[{i}]"))
    };
    if creds {
        for e in &o.exact {
            if e.starts_with("http://") && !is_loopback(e) {
                out.push(Diagnostic::new(
                    Rule::InsecureOriginWithCredentials,
                    format!("`{e}` is plain http: anyone on the network can inject script into it and read credentialed responses"),
                    loc(e),
                    Some(format!("serve the app over https and allow `{}`", e.replacen("http://", "https://", 1))),
                ));
            }
        }
    }
    for p in &o.patterns {
        let l = loc(&p.source);
        if p.kind == PatternKind::Regex {
            if !p.is_anchored() {
                out.push(Diagnostic::new(
                    Rule::UnanchoredOriginPattern,
                    format!("`{}` is not anchored: libraries that search inside the origin also accept `https://app.example.com.evil.net`", p.regex),
                    l.clone(),
                    Some(format!("write `^{}$`", p.regex.trim_start_matches('^').trim_end_matches('$'))),
                ));
            }
            if has_unescaped_dot(&p.regex) {
                out.push(Diagnostic::new(
                    Rule::UnescapedOriginPattern,
                    format!("`{}` has an unescaped `.`, which matches any character (`appXexample.com`)", p.regex),
                    l.clone(),
                    Some("escape dots as `\\.`".into()),
                ));
            }
        }
        let foreign = FOREIGN_ORIGINS.iter().find(|f| p.is_match(f));
        if let Some(f) = foreign {
            let rule = if creds {
                Rule::ReflectedOriginWithCredentials
            } else {
                Rule::PatternMatchesAnyOrigin
            };
            out.push(Diagnostic::new(
                rule,
                format!(
                    "`{}` matches `{f}`: it allows sites you do not own{}",
                    p.source,
                    if creds {
                        ", with your users' cookies"
                    } else {
                        ""
                    }
                ),
                l.clone(),
                Some(
                    "list exact origins, or a subdomain pattern like `https://*.example.com`"
                        .into(),
                ),
            ));
        }
        if creds
            && p.scheme.as_deref() == Some("http")
            && !p
                .parent
                .as_deref()
                .is_some_and(|h| h.starts_with("localhost"))
        {
            out.push(Diagnostic::new(
                Rule::InsecureOriginWithCredentials,
                format!("`{}` trusts plain-http sites with credentials", p.source),
                l,
                Some(format!(
                    "use `{}`",
                    p.source.replacen("http://", "https://", 1)
                )),
            ));
        }
    }
    if policy.headers_any()
        && (creds
            || !policy
                .request_headers()
                .iter()
                .any(|h| h.eq_ignore_ascii_case("authorization")))
    {
        out.push(Diagnostic::new(
            Rule::WildcardHeadersExpectingAuthorization,
            if creds {
                "`*` in request_headers is literal with credentials, and never covers `Authorization`: corsfix's code echoes the requested headers, but a server sending `*` fails every preflight".into()
            } else {
                "`*` in request_headers never covers `Authorization`: a server sending `*` fails preflights for bearer tokens".into()
            },
            Some("request_headers".into()),
            Some("list the headers the client sends, `Authorization` included".into()),
        ));
    }
    if let Some(m) = policy.max_age()
        && m > CHROMIUM_MAX_AGE_CAP
    {
        out.push(Diagnostic::new(
            Rule::MaxAgeAboveBrowserCap,
            format!("max_age = {m}, but Chromium caches a preflight for at most 7200 s (Firefox 86400 s)"),
            Some("max_age".into()),
            Some("max_age = 7200".into()),
        ));
    }
    if creds && policy.methods_any() {
        out.push(Diagnostic::new(
            Rule::WildcardMethodsWithCredentials,
            "`*` is a literal method name when credentials are allowed".into(),
            Some("methods".into()),
            Some("list the methods (`GET, POST, PUT, DELETE`)".into()),
        ));
    }
    if creds && policy.expose_any() {
        out.push(Diagnostic::new(
            Rule::WildcardExposeWithCredentials,
            "`*` exposes nothing when credentials are allowed".into(),
            Some("expose_headers".into()),
            Some("list the response headers scripts read".into()),
        ));
    }
    if policy.private_network() {
        out.push(Diagnostic::new(
            Rule::PrivateNetworkAccessEnabled,
            "public sites will be allowed to reach this server on the private network".into(),
            Some("private_network".into()),
            None,
        ));
    }
    for e in &o.exact {
        let alias = if let Some(rest) = e.strip_prefix("http://localhost") {
            Some(format!("http://127.0.0.1{rest}"))
        } else {
            e.strip_prefix("http://127.0.0.1")
                .map(|rest| format!("http://localhost{rest}"))
        };
        if let Some(a) = alias
            && !o.allows(&a)
        {
            out.push(Diagnostic::new(
                Rule::LoopbackOriginAlias,
                format!("`{e}` is allowed but `{a}` is not: a page opened at the other address is blocked"),
                loc(e),
                Some(format!("add `{a}` if you open the page that way")),
            ));
        }
    }
    if creds
        && (policy.methods_any()
            || policy
                .methods()
                .iter()
                .any(|m| matches!(m.as_str(), "POST" | "PUT" | "PATCH" | "DELETE")))
    {
        out.push(Diagnostic::new(
            Rule::CredentialedUnsafeMethods,
            "cookie-authenticated state changes: CORS does not stop a simple cross-site POST from running".into(),
            Some("methods".into()),
            Some("keep CSRF protection on, trusting the same origins (Django `CSRF_TRUSTED_ORIGINS`, Go `CrossOriginProtection.AddTrustedOrigin`)".into()),
        ));
    }
    out.sort_by(|a, b| b.severity.cmp(&a.severity).then(a.code.cmp(b.code)));
    out
}

/// Check what a server answered to `request` (`status` and header lines).
///
/// `intended`, when given, is the policy the server should implement: an echoed origin it does
/// not allow is then reported (CORS002/CORS021), and so is an error response without CORS
/// headers for an origin it allows (CORS019). Scanners probing with a hostile origin can pass
/// a policy listing only the real front-end origins.
pub fn lint_response(
    request: &Request,
    status: u16,
    headers: &[(String, String)],
    intended: Option<&Policy>,
) -> Vec<Diagnostic> {
    let get_all = |name: &str| -> Vec<&str> {
        headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim())
            .collect()
    };
    let mut out = Vec::new();
    let acao = get_all("access-control-allow-origin");
    let acac = get_all("access-control-allow-credentials");
    let creds = corsfix_model::cors::is_valid_allow_credentials(acac.first().copied());
    let loc = |h: &str| Some(h.to_owned());
    if acao.len() > 1 || acao.first().is_some_and(|v| v.contains(',')) {
        out.push(Diagnostic::new(
            Rule::MultipleAllowOriginValues,
            format!(
                "Access-Control-Allow-Origin has {} values: `{}`",
                acao.len().max(2),
                acao.join("`, `")
            ),
            loc("access-control-allow-origin"),
            Some("echo the one matched origin; make sure only one layer adds CORS headers".into()),
        ));
    }
    if let Some(v) = acac.first()
        && !corsfix_model::cors::is_valid_allow_credentials(Some(v))
    {
        out.push(Diagnostic::new(
            Rule::AllowCredentialsNotTrue,
            format!(
                "Access-Control-Allow-Credentials is `{v}`; only the exact string `true` counts"
            ),
            loc("access-control-allow-credentials"),
            Some("send `Access-Control-Allow-Credentials: true`, or omit it".into()),
        ));
    }
    let origin = request.origin.as_deref();
    if let Some(a) = acao.first().copied() {
        if a == "*" && creds {
            out.push(Diagnostic::new(
                Rule::WildcardOriginWithCredentials,
                "`Access-Control-Allow-Origin: *` with `Access-Control-Allow-Credentials: true`: browsers reject it".into(),
                loc("access-control-allow-origin"),
                Some("echo the matched origin instead of `*`".into()),
            ));
        }
        if a == "null" {
            out.push(Diagnostic::new(
                Rule::NullOriginAllowed,
                "the server allows `Origin: null`, which any sandboxed iframe sends".into(),
                loc("access-control-allow-origin"),
                Some("never allowlist `null`".into()),
            ));
        }
        if a != "*" {
            let vary = get_all("vary").join(",");
            let varies = vary
                .split(',')
                .any(|v| v.trim().eq_ignore_ascii_case("origin") || v.trim() == "*");
            if !varies {
                out.push(Diagnostic::new(
                    Rule::MissingVaryOrigin,
                    format!("Access-Control-Allow-Origin is `{a}` but Vary does not list Origin: caches will serve it to other origins"),
                    loc("vary"),
                    Some("append `Origin` to Vary on every response of the resource".into()),
                ));
            }
        }
        if let (Some(policy), Some(o)) = (intended, origin)
            && a == o
            && a != "null"
            && !policy.origins().allows(o)
        {
            let rule = if creds {
                Rule::ReflectedOriginWithCredentials
            } else {
                Rule::UnlistedOriginReflected
            };
            out.push(Diagnostic::new(
                rule,
                format!(
                    "`{o}` is not an allowed origin but the server echoes it{}",
                    if creds { " with credentials" } else { "" }
                ),
                loc("access-control-allow-origin"),
                Some(
                    "match against the exact allowlist (and anchored patterns) before echoing"
                        .into(),
                ),
            ));
        }
    }
    if request.is_preflight() {
        if (300..400).contains(&status) {
            out.push(Diagnostic::new(
                Rule::PreflightRedirected,
                format!("the preflight was answered with {status}: browsers never follow a preflight redirect"),
                None,
                Some("call the final URL, and answer OPTIONS before redirect middleware".into()),
            ));
        } else if !(200..300).contains(&status) {
            out.push(Diagnostic::new(
                Rule::PreflightNotSuccessful,
                format!("the preflight was answered with {status}; it needs a 2xx"),
                None,
                Some(
                    "answer preflights in the CORS layer, before authentication and routing".into(),
                ),
            ));
        }
        let acah = get_all("access-control-allow-headers").join(",");
        let asks_auth = request.request_headers.as_deref().is_some_and(|h| {
            h.split(',')
                .any(|x| x.trim().eq_ignore_ascii_case("authorization"))
        });
        let wildcard_only = acah.split(',').any(|x| x.trim() == "*")
            && !acah
                .split(',')
                .any(|x| x.trim().eq_ignore_ascii_case("authorization"));
        if asks_auth && wildcard_only {
            out.push(Diagnostic::new(
                Rule::WildcardHeadersExpectingAuthorization,
                "the preflight asks for Authorization, which `Access-Control-Allow-Headers: *` does not cover".into(),
                loc("access-control-allow-headers"),
                Some("list `Authorization` explicitly".into()),
            ));
        }
        let acam = get_all("access-control-allow-methods").join(",");
        if creds && acam.split(',').any(|m| m.trim() == "*") {
            out.push(Diagnostic::new(
                Rule::WildcardMethodsWithCredentials,
                "`Access-Control-Allow-Methods: *` is literal on a credentialed request".into(),
                loc("access-control-allow-methods"),
                Some("list the methods".into()),
            ));
        }
        if let Some(m) = get_all("access-control-max-age")
            .first()
            .and_then(|v| v.parse::<u64>().ok())
            && m > u64::from(CHROMIUM_MAX_AGE_CAP)
        {
            out.push(Diagnostic::new(
                Rule::MaxAgeAboveBrowserCap,
                format!("Access-Control-Max-Age is {m}; Chromium caps it at 7200"),
                loc("access-control-max-age"),
                Some("send 7200 or less".into()),
            ));
        }
    } else {
        if creds
            && get_all("access-control-expose-headers")
                .iter()
                .any(|v| v.split(',').any(|x| x.trim() == "*"))
        {
            out.push(Diagnostic::new(
                Rule::WildcardExposeWithCredentials,
                "`Access-Control-Expose-Headers: *` exposes nothing on a credentialed response"
                    .into(),
                loc("access-control-expose-headers"),
                Some("list the headers".into()),
            ));
        }
        if status >= 400
            && acao.is_empty()
            && let (Some(policy), Some(o)) = (intended, origin)
            && policy.origins().allows(o)
        {
            out.push(Diagnostic::new(
                Rule::ErrorResponseWithoutCors,
                format!("the {status} answer has no Access-Control-Allow-Origin: the browser shows a CORS error instead of it"),
                None,
                Some("add CORS headers to error responses too".into()),
            ));
        }
    }
    out.sort_by(|a, b| b.severity.cmp(&a.severity).then(a.code.cmp(b.code)));
    out
}

/// The rules reference (`docs/rules.md`), generated from [`Rule::doc`].
pub fn rules_markdown() -> String {
    let mut s = String::from(
        "# corsfix lint rules\n\nGenerated from `corsfix-policy` (`Rule::doc`); do not edit by hand \
         (`UPDATE_DOCS=1 cargo test -p corsfix-policy rules_doc` rewrites it).\n\n\
         `corsfix lint POLICY` checks a policy file; `corsfix gen` runs the same rules first and \
         refuses to generate code for a policy with an `error` finding. The scanner reports what \
         live servers answer under the same codes. Codes are never reused.\n\n\
         | code | name | severity | summary |\n|---|---|---|---|\n",
    );
    for r in Rule::ALL {
        s.push_str(&format!(
            "| {} | [`{}`](#{}-{}) | {} | {} |\n",
            r.code(),
            r.name(),
            r.code().to_ascii_lowercase(),
            r.name(),
            r.severity().as_str(),
            r.summary().replace('|', "\\|")
        ));
    }
    for r in Rule::ALL {
        s.push_str(&format!("\n## {} {}\n\n", r.code(), r.name()));
        s.push_str(
            &r.doc()
                .replace("\n## ", "\n### ")
                .replacen("## ", "### ", 1),
        );
    }
    s
}
