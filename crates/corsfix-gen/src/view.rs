//! The view model: everything a template prints, computed in Rust once, after adapting the
//! policy to what the target can express (and saying what was changed).

use corsfix_policy::{PatternKind, Policy};
use serde::Serialize;

use crate::targets::{Caps, TargetInfo, VersionInfo};
use crate::{GenError, Options};

/// Methods used when the policy says `*` (an explicit list is correct with and without
/// credentials).
const ALL_METHODS: [&str; 6] = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"];
const STANDARD_METHODS: [&str; 7] = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

/// One origin pattern, in every form a template may need.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PatternView {
    /// As written (`https://*.example.com`).
    pub(crate) source: String,
    /// Anchored regex, common dialect.
    pub(crate) regex: String,
    /// Ruby-anchored (`\A…\z`).
    pub(crate) ruby: String,
    /// Without the outer anchors.
    pub(crate) body: String,
    /// Whether it is a subdomain wildcard (`https://*.example.com`).
    pub(crate) subdomain: bool,
}

/// What templates print.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct View {
    pub(crate) target: &'static str,
    pub(crate) version: &'static str,
    /// Public API: `*`, no credentials.
    pub(crate) any: bool,
    /// Exact origins.
    pub(crate) exact: Vec<String>,
    pub(crate) patterns: Vec<PatternView>,
    /// Regexes of every pattern.
    pub(crate) regexes: Vec<String>,
    /// Ruby forms of every pattern.
    pub(crate) ruby_regexes: Vec<String>,
    /// Subdomain wildcards in their native form (`https://*.example.com`).
    pub(crate) wildcards: Vec<String>,
    pub(crate) has_patterns: bool,
    /// One anchored regex for every exact origin and pattern.
    pub(crate) combined_regex: String,
    /// The same regex for Ruby.
    pub(crate) combined_body: String,
    pub(crate) credentials: bool,
    pub(crate) methods: Vec<String>,
    pub(crate) methods_csv: String,
    /// Methods as lower-case symbols for Rails (`get`).
    pub(crate) methods_lower: Vec<String>,
    /// Explicit request headers (may be empty).
    pub(crate) headers: Vec<String>,
    pub(crate) headers_csv: String,
    /// Reflect `Access-Control-Request-Headers` (policy `*`, target can reflect).
    pub(crate) headers_reflect: bool,
    /// The target allows every method (it echoes the preflight's; Azure platform CORS).
    pub(crate) methods_reflect: bool,
    pub(crate) expose: Vec<String>,
    pub(crate) expose_csv: String,
    pub(crate) max_age: Option<u32>,
    pub(crate) private_network: bool,
    /// Path scopes as prefixes without the `/*` (`/api`); empty: everything.
    pub(crate) mounts: Vec<String>,
    /// Path scopes as written (`/api/*`).
    pub(crate) paths: Vec<String>,
    /// One anchored regex over the path scopes (`^/api(/.*)?$`), `^/.*$` when unscoped.
    pub(crate) path_regex: String,
    /// Spring/Ant patterns (`/api/**`).
    pub(crate) ant_paths: Vec<String>,
    /// Next.js / Vercel-style matchers (`/api/:path*`).
    pub(crate) next_matchers: Vec<String>,
    /// Vercel/Firebase sources (`/api/(.*)`), glob form for Firebase/Netlify (`/api/*`).
    pub(crate) regex_sources: Vec<String>,
    pub(crate) glob_paths: Vec<String>,
    /// Laravel paths (`api/*`).
    pub(crate) laravel_paths: Vec<String>,
    /// For dev proxies.
    pub(crate) upstream: String,
    pub(crate) proxy_paths: Vec<String>,
    /// For targets whose values are static: the one origin sent (`*` or an exact origin).
    pub(crate) static_origin: String,
    /// Whether nginx needs its `$dollar` variable.
    pub(crate) nginx_dollar: bool,
    /// Every allowed exact origin as a regex, for engines matching only regexes.
    pub(crate) exact_regexes: Vec<String>,
    /// One anchored regex over the patterns only (empty when none).
    pub(crate) patterns_regex: String,
    /// Dev proxy / Envoy upstream host and port.
    pub(crate) upstream_host: String,
    pub(crate) upstream_port: u16,
    /// Exact origins followed by native subdomain wildcards (S3, IIS, Fiber).
    pub(crate) exact_and_wildcards: Vec<String>,
    /// A per-target structure, built in Rust, printed whole (JSON configs).
    pub(crate) extra: serde_json::Value,
}

fn escape_re(s: &str) -> String {
    let mut o = String::new();
    for c in s.chars() {
        if "\\.+*?()|[]{}^$".contains(c) {
            o.push('\\');
        }
        o.push(c);
    }
    o
}

/// Build the view, adapting the policy to the target's capabilities.
pub(crate) fn build(
    policy: &Policy,
    t: &'static TargetInfo,
    v: &'static VersionInfo,
    options: &Options,
) -> Result<(View, Vec<String>), GenError> {
    let caps: Caps = t.caps;
    let mut lim: Vec<String> = Vec::new();
    let o = policy.origins();
    let creds = policy.credentials();
    let any = o.any && !creds;
    let mut exact = o.exact.clone();
    let mut patterns: Vec<PatternView> = o
        .patterns
        .iter()
        .map(|p| PatternView {
            source: p.source.clone(),
            regex: p.regex.clone(),
            ruby: p.ruby_regex(),
            body: p.unanchored_body().to_owned(),
            subdomain: p.kind == PatternKind::Subdomain,
        })
        .collect();

    if !caps.regex {
        let (keep, drop): (Vec<_>, Vec<_>) = patterns
            .into_iter()
            .partition(|p| p.subdomain && caps.subdomain);
        for p in &drop {
            lim.push(format!(
                "{} cannot match the pattern `{}`; it is left out (only the exact origins{} are allowed). Put CORS in your application code to allow it.",
                t.name,
                p.source,
                if keep.is_empty() { "" } else { " and subdomain wildcards" }
            ));
        }
        patterns = keep;
    }
    if !caps.multi_origin && !any && exact.len() + patterns.len() > 1 {
        let first = exact.first().cloned();
        if let Some(first) = first {
            lim.push(format!(
                "{} sends one fixed Access-Control-Allow-Origin value, so only `{first}` is allowed here; the other origins would need CORS in application code (a function or middleware that echoes the matched origin).",
                t.name
            ));
            exact.truncate(1);
            patterns.clear();
        }
    }
    if !caps.multi_origin && exact.is_empty() && !any {
        return Err(GenError::CannotExpress {
            target: t.id,
            reason: "it sends one fixed origin, and the policy allows only patterns; list an exact origin or put CORS in application code".into(),
        });
    }
    if exact.is_empty() && patterns.is_empty() && !any {
        return Err(GenError::CannotExpress {
            target: t.id,
            reason: "none of the allowed origins can be written in its configuration".into(),
        });
    }
    if creds && !caps.credentials {
        lim.push(format!(
            "{} has no setting for Access-Control-Allow-Credentials: requests with `credentials: 'include'` will be blocked. Serve credentialed endpoints from your application code instead.",
            t.name
        ));
    }

    let mut methods: Vec<String> = if policy.methods_any() {
        lim.push(format!(
            "`*` methods are written as the explicit list {} (correct with and without credentials).",
            ALL_METHODS.join(", ")
        ));
        ALL_METHODS.iter().map(|m| (*m).to_owned()).collect()
    } else {
        policy.methods().to_vec()
    };
    if caps.matches_actual_method {
        // The service checks the actual request's method against the rule as well: list the
        // simple methods, which need no preflight but still need CORS headers.
        let mut listed: Vec<String> = ["GET", "HEAD", "POST"].map(str::to_owned).to_vec();
        let rest: Vec<String> = methods
            .iter()
            .filter(|m| !listed.contains(m))
            .cloned()
            .collect();
        listed.extend(rest);
        methods = listed;
    }
    if let Some(allowed) = caps.methods {
        let dropped: Vec<String> = methods
            .iter()
            .filter(|m| !allowed.contains(&m.as_str()))
            .cloned()
            .collect();
        if !dropped.is_empty() {
            lim.push(format!(
                "{} only supports the methods {}; {} left out.",
                t.name,
                allowed.join(", "),
                dropped.join(", ")
            ));
            methods.retain(|m| allowed.contains(&m.as_str()));
        }
    } else if !caps.custom_methods {
        let dropped: Vec<String> = methods
            .iter()
            .filter(|m| !STANDARD_METHODS.contains(&m.as_str()))
            .cloned()
            .collect();
        if !dropped.is_empty() {
            lim.push(format!(
                "{} only knows the standard methods; {} left out.",
                t.name,
                dropped.join(", ")
            ));
            methods.retain(|m| STANDARD_METHODS.contains(&m.as_str()));
        }
    }

    let mut headers: Vec<String> = policy.request_headers().to_vec();
    let mut headers_reflect = false;
    if policy.headers_any() {
        if caps.reflect_headers {
            headers_reflect = true;
        } else if !creds {
            headers.push("*".into());
            lim.push(format!(
                "{} cannot echo the requested headers, so `*` is sent literally: it covers every header except `Authorization`{}.",
                t.name,
                if policy.request_headers().iter().any(|h| h.eq_ignore_ascii_case("authorization")) {
                    " (listed explicitly)"
                } else {
                    ", which must be listed explicitly"
                }
            ));
        } else {
            lim.push(format!(
                "{} cannot echo the requested headers and `*` means nothing with credentials: only the listed headers are allowed.",
                t.name
            ));
        }
    }
    let methods_reflect = caps.echoes_method_and_headers;
    if caps.echoes_method_and_headers {
        headers_reflect = true;
        lim.push(format!(
            "{} allows every method and request header to the allowed origins (it echoes the preflight's Access-Control-Request-Method and -Headers): the method and header lists cannot be enforced here.",
            t.name
        ));
    }
    let mut expose: Vec<String> = policy.expose_headers().to_vec();
    if policy.expose_any() && !creds {
        expose.push("*".into());
    }
    if !caps.expose && !expose.is_empty() {
        lim.push(format!(
            "{} cannot set Access-Control-Expose-Headers: scripts can read only the safelisted response headers.",
            t.name
        ));
        expose.clear();
    }
    let max_age = policy.max_age();
    if max_age.is_some() && !caps.max_age {
        lim.push(format!(
            "{} has no preflight max-age setting; browsers cache preflights for 5 seconds.",
            t.name
        ));
    }
    if policy.private_network() && !caps.private_network {
        lim.push(format!(
            "{} cannot send `Access-Control-Allow-Private-Network` (read only by Chrome 94–141's Private Network Access preflights; today's Chrome asks the user instead: Local Network Access).",
            t.name
        ));
    }
    if !policy.paths().is_empty() && !caps.path_scope {
        lim.push(format!(
            "{} applies CORS to every path; the path scope ({}) is not expressed.",
            t.name,
            policy.paths().join(", ")
        ));
    }

    let paths: Vec<String> = if caps.path_scope {
        policy.paths().to_vec()
    } else {
        Vec::new()
    };
    let mounts: Vec<String> = paths
        .iter()
        .map(|p| p.strip_suffix("/*").unwrap_or(p).to_owned())
        .collect();
    let path_regex = if paths.is_empty() {
        "^/.*$".to_owned()
    } else {
        let alts: Vec<String> = paths
            .iter()
            .map(|p| match p.strip_suffix("/*") {
                Some(pre) => format!("{}(/.*)?", escape_re(pre)),
                None => escape_re(p),
            })
            .collect();
        format!("^({})$", alts.join("|"))
    };
    let ant_paths = if paths.is_empty() {
        vec!["/**".to_owned()]
    } else {
        paths
            .iter()
            .map(|p| {
                p.strip_suffix("/*")
                    .map_or_else(|| p.clone(), |pre| format!("{pre}/**"))
            })
            .collect()
    };
    let next_matchers = if paths.is_empty() {
        vec!["/:path*".to_owned()]
    } else {
        paths
            .iter()
            .map(|p| {
                p.strip_suffix("/*")
                    .map_or_else(|| p.clone(), |pre| format!("{pre}/:path*"))
            })
            .collect()
    };
    let regex_sources = if paths.is_empty() {
        vec!["/(.*)".to_owned()]
    } else {
        paths
            .iter()
            .map(|p| {
                p.strip_suffix("/*")
                    .map_or_else(|| p.clone(), |pre| format!("{pre}/(.*)"))
            })
            .collect()
    };
    let glob_paths = if paths.is_empty() {
        vec!["/*".to_owned()]
    } else {
        paths.clone()
    };
    let laravel_paths = if paths.is_empty() {
        vec!["*".to_owned()]
    } else {
        paths
            .iter()
            .map(|p| p.trim_start_matches('/').to_owned())
            .collect()
    };
    let upstream = match &options.upstream {
        None => "http://localhost:8000".to_owned(),
        Some(u) => match corsfix_model::Origin::parse(u) {
            Ok(corsfix_model::Origin::Tuple(s))
                if (s.starts_with("http://") || s.starts_with("https://"))
                    && s.chars()
                        .all(|c| c.is_ascii_alphanumeric() || ":/.-[]".contains(c)) =>
            {
                s
            }
            _ => return Err(GenError::InvalidUpstream(u.clone())),
        },
    };
    let proxy_paths = if mounts.is_empty() {
        vec!["/api".to_owned()]
    } else {
        mounts.clone()
    };
    let static_origin = if any {
        "*".to_owned()
    } else {
        exact.first().cloned().unwrap_or_default()
    };
    let regexes: Vec<String> = patterns.iter().map(|p| p.regex.clone()).collect();
    let ruby_regexes: Vec<String> = patterns.iter().map(|p| p.ruby.clone()).collect();
    let wildcards: Vec<String> = patterns
        .iter()
        .filter(|p| p.subdomain)
        .map(|p| p.source.clone())
        .collect();
    let exact_regexes: Vec<String> = exact
        .iter()
        .map(|e| format!("^{}$", escape_re(e)))
        .collect();
    let mut alts: Vec<String> = exact.iter().map(|e| escape_re(e)).collect();
    alts.extend(patterns.iter().map(|p| format!("(?:{})", p.body)));
    let combined_body = alts.join("|");
    let combined_regex = format!("^(?:{combined_body})$");
    let nginx_dollar = headers
        .iter()
        .chain(expose.iter())
        .chain(methods.iter())
        .any(|h| h.contains('$'));
    let patterns_regex = if patterns.is_empty() {
        String::new()
    } else {
        let alts: Vec<String> = patterns.iter().map(|p| format!("(?:{})", p.body)).collect();
        format!("^(?:{})$", alts.join("|"))
    };
    let hostport = upstream
        .split("://")
        .nth(1)
        .unwrap_or("localhost")
        .to_owned();
    let (upstream_host, upstream_port) = match hostport.rsplit_once(':') {
        Some((h, p)) if !p.contains(']') => (h.to_owned(), p.parse().unwrap_or(80)),
        _ => (
            hostport.clone(),
            if upstream.starts_with("https") {
                443
            } else {
                80
            },
        ),
    };
    let mut exact_and_wildcards = exact.clone();
    exact_and_wildcards.extend(wildcards.iter().cloned());
    if t.id == "aws-rest-api" {
        let quoted: Vec<&String> = methods
            .iter()
            .chain(headers.iter())
            .filter(|h| h.contains('\''))
            .collect();
        if let Some(q) = quoted.first() {
            return Err(GenError::CannotExpress {
                target: t.id,
                reason: format!(
                    "API Gateway header mappings are single-quoted strings with no escape, so `{q}` cannot be written"
                ),
            });
        }
    }
    let mut view = View {
        target: t.id,
        version: v.major,
        any,
        has_patterns: !patterns.is_empty(),
        exact,
        regexes,
        ruby_regexes,
        wildcards,
        patterns,
        combined_regex,
        combined_body,
        credentials: creds && caps.credentials,
        methods_csv: methods.join(", "),
        methods_lower: methods.iter().map(|m| m.to_ascii_lowercase()).collect(),
        methods,
        headers_csv: headers.join(", "),
        headers,
        headers_reflect,
        methods_reflect,
        expose_csv: expose.join(", "),
        expose,
        max_age: if caps.max_age { max_age } else { None },
        private_network: policy.private_network() && caps.private_network,
        mounts,
        paths,
        path_regex,
        ant_paths,
        next_matchers,
        regex_sources,
        glob_paths,
        laravel_paths,
        upstream,
        proxy_paths,
        static_origin,
        nginx_dollar,
        exact_regexes,
        patterns_regex,
        upstream_host,
        upstream_port,
        exact_and_wildcards,
        extra: serde_json::Value::Null,
    };
    view.extra = if t.id == "headers" {
        raw_headers(policy, &view)
    } else {
        crate::targets::extra(t, &view)
    };
    Ok((view, lim))
}

/// What the generated configuration deliberately does not allow.
pub(crate) fn not_allowed(_policy: &Policy, view: &View) -> Vec<String> {
    let mut out = Vec::new();
    if !view.any {
        out.push("Any origin not listed gets no Access-Control-Allow-Origin, so its scripts cannot read responses. Its simple requests still reach your handlers: CORS is not access control.".to_owned());
    }
    if !view.any {
        // With `*` every origin reads the answers, the opaque `null` one included.
        out.push("`Origin: null` (sandboxed iframes, file: pages) is never allowed.".to_owned());
    }
    if !view.credentials {
        out.push("Credentialed requests (cookies, HTTP auth with `credentials: 'include'`) are not allowed: no Access-Control-Allow-Credentials is sent.".to_owned());
    }
    let simple = ["GET", "HEAD", "POST"];
    if !view.methods_reflect && !view.methods.iter().any(|m| m == "*") {
        let mut all: Vec<&str> = simple.to_vec();
        all.extend(
            view.methods
                .iter()
                .map(String::as_str)
                .filter(|m| !simple.contains(m)),
        );
        let (last, rest) = all.split_last().unwrap_or((&"POST", &[]));
        out.push(format!(
            "Methods other than {} and {last} fail their preflight.",
            rest.join(", ")
        ));
    }
    // With a literal `*` the limitations already say which header it leaves out.
    if !view.headers_reflect && !view.headers.iter().any(|h| h == "*") {
        out.push(if view.headers.is_empty() {
            "Requests with non-safelisted headers (`Content-Type: application/json`, `Authorization`, custom `X-` headers) fail their preflight.".to_owned()
        } else {
            format!(
                "Request headers other than {} (and the safelisted ones) fail their preflight.",
                view.headers.join(", ")
            )
        });
    }
    if view.expose.is_empty() {
        out.push("Scripts can read only the safelisted response headers (Cache-Control, Content-Language, Content-Length, Content-Type, Expires, Last-Modified, Pragma).".to_owned());
    }
    out
}

/// The `headers` target: the exact header lines of each kind of answer, computed by
/// [`Policy::respond`] for a sample allowed origin and a refused one, with the request's own
/// values written as placeholders (`{origin}`, `{request-method}`, `{request-headers}`).
fn raw_headers(policy: &Policy, view: &View) -> serde_json::Value {
    use corsfix_policy::Request;
    let o = policy.origins();
    let sample = if o.any {
        Some("https://app.example.org".to_owned())
    } else {
        o.exact.first().cloned().or_else(|| {
            o.patterns.iter().find_map(|p| {
                corsfix_policy::portable::example_match(&p.regex).filter(|e| p.is_match(e))
            })
        })
    };
    let path = policy
        .paths()
        .first()
        .map_or_else(|| "/".to_owned(), |p| p.trim_end_matches('*').to_owned());
    const METHOD: &str = "X-SAMPLE-METHOD";
    const HEADERS: &str = "x-sample-header";
    let lines = |a: &corsfix_policy::Answer, origin: &str| -> Vec<String> {
        let mut v: Vec<String> = Vec::new();
        if let Some(st) = a.status {
            v.push(format!("status: {st}"));
        }
        for (n, val) in &a.headers {
            let name = canonical(n);
            let val = if val == origin && name == "Access-Control-Allow-Origin" {
                "{origin}".to_owned()
            } else if val == METHOD {
                "{request-method}".to_owned()
            } else if val == HEADERS {
                "{request-headers}".to_owned()
            } else {
                val.clone()
            };
            v.push(format!("{name}: {val}"));
        }
        v
    };
    let refused = "https://not-allowed.example";
    let ask = |origin: &str, preflight: bool, pna: bool| {
        let mut req = if preflight {
            Request::preflight(origin, METHOD, HEADERS)
        } else {
            Request::actual(origin, "GET")
        };
        req.path = path.clone();
        req.request_private_network = pna;
        policy.respond(&req)
    };
    let mut out = serde_json::Map::new();
    if let Some(s) = &sample {
        let pre = ask(s, true, false);
        out.insert("preflight".into(), serde_json::json!(lines(&pre, s)));
        if policy.private_network() {
            let with = lines(&ask(s, true, true), s);
            let extra: Vec<String> = with
                .into_iter()
                .filter(|l| l.starts_with("Access-Control-Allow-Private-Network"))
                .collect();
            out.insert("preflight_pna".into(), serde_json::json!(extra));
        }
        out.insert(
            "response".into(),
            serde_json::json!(lines(&ask(s, false, false), s)),
        );
    }
    out.insert(
        "preflight_refused".into(),
        serde_json::json!(lines(&ask(refused, true, false), refused)),
    );
    out.insert(
        "response_refused".into(),
        serde_json::json!(lines(&ask(refused, false, false), refused)),
    );
    out.insert(
        "origins".into(),
        serde_json::json!(if o.any {
            vec!["*".to_owned()]
        } else {
            let mut v = o.exact.clone();
            v.extend(o.patterns.iter().map(|p| p.regex.clone()));
            v
        }),
    );
    out.insert("sample".into(), serde_json::json!(sample));
    out.insert("credentials".into(), serde_json::json!(view.credentials));
    serde_json::Value::Object(out)
}

/// `access-control-allow-origin` → `Access-Control-Allow-Origin`.
fn canonical(name: &str) -> String {
    name.split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join("-")
}
