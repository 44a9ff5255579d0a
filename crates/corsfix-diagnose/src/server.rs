//! Who answered: the server software and framework, guessed from what the exchanges show
//! (`Server`, `X-Powered-By`, `Via` and friends; error-page bodies), and the `corsfix gen`
//! target that fits.
//!
//! This is the one place for such identification. To teach corsfix a new server or
//! framework, add a header rule to [`identify`]'s table or a body rule to [`BODY_RULES`]
//! (each with the header or text it keys on); nothing else needs to change.

use corsfix_model::exchange::Exchange;
use serde::{Deserialize, Serialize};

/// A guess at the server software, from `Server`, `X-Powered-By`, `Via` and friends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerGuess {
    /// `nginx`, `Express (Node.js)`, `AWS CloudFront`, …
    pub name: String,
    /// A `corsfix gen --target` name that fits, when one does.
    pub target: Option<String>,
    /// The header lines (or body phrases) it is based on.
    pub evidence: Vec<String>,
}

impl ServerGuess {
    /// Whether the software was recognised (not just "some server sent a `Server` header").
    pub fn is_known(&self) -> bool {
        !self.name.starts_with("unknown")
    }
}

/// A rule that names the framework from a response body: when `needle` occurs in the body
/// (case-insensitively), the framework is `name` and the fitting target `target`.
#[derive(Debug, Clone, Copy)]
pub struct BodyRule {
    /// Lower-case text to find in the body.
    pub needle: &'static str,
    /// The framework's name as shown to people.
    pub name: &'static str,
    /// The `corsfix gen --target` name, when one fits.
    pub target: Option<&'static str>,
}

/// Framework fingerprints in error-page bodies (weaker than a header that names the
/// framework, stronger than a generic `Server` header).
pub const BODY_RULES: &[BodyRule] = &[
    BodyRule {
        needle: "<pre>cannot ",
        name: "Express (Node.js)",
        target: Some("express"),
    },
    BodyRule {
        needle: "the requested url was not found on the server. if you entered the url manually",
        name: "Flask (Werkzeug)",
        target: Some("flask"),
    },
    BodyRule {
        needle: "whitelabel error page",
        name: "Spring Boot",
        target: Some("spring"),
    },
    // Spring Boot's JSON error body starts with its timestamp.
    BodyRule {
        needle: "{\"timestamp\":\"",
        name: "Spring Boot",
        target: Some("spring"),
    },
    // Spring's DefaultCorsProcessor refusing a preflight.
    BodyRule {
        needle: "invalid cors request",
        name: "Spring (CORS processor)",
        target: Some("spring"),
    },
    // Tomcat's own error page (Spring Boot's embedded server when Spring's error page is
    // not used, e.g. on a preflight).
    BodyRule {
        needle: "<title>http status ",
        name: "Apache Tomcat (Spring Boot?)",
        target: Some("spring"),
    },
    BodyRule {
        needle: "<pre>error: ",
        name: "Express (Node.js)",
        target: Some("express"),
    },
    BodyRule {
        needle: "{\"message\":\"route ",
        name: "Fastify (Node.js)",
        target: Some("fastify"),
    },
    BodyRule {
        needle: "{\"message\":\"cannot ",
        name: "NestJS (Node.js)",
        target: Some("nestjs"),
    },
    BodyRule {
        needle: "disallowed cors ",
        name: "Starlette / FastAPI (CORSMiddleware)",
        target: Some("fastapi"),
    },
    BodyRule {
        needle: "csrf verification failed",
        name: "Django",
        target: Some("django"),
    },
    BodyRule {
        needle: "origin checking failed",
        name: "Django",
        target: Some("django"),
    },
    // Go's http.NotFound and http.Error texts (net/http, and gin's defaults).
    BodyRule {
        needle: "404 page not found",
        name: "Go (net/http or gin)",
        target: Some("go-net-http"),
    },
];

/// How each framework or server words the fix for a cause: `(gen target, cause code, step)`.
/// The first matching step is put in front of the cause's generic fix.
pub const FIX_TERMS: &[(&str, &str, &str)] = &[
    (
        "express",
        "auth-before-cors",
        "Express runs middleware in app.use order: put app.use(cors(…)) above the auth middleware.",
    ),
    (
        "express",
        "cors-middleware-not-applied",
        "Express: app.use(cors(…)) must come before the routes and routers; a route that answers ends the chain before a later cors().",
    ),
    (
        "express",
        "options-not-routed",
        "Express: cors() on single routes does not answer the preflight; mount app.use(cors(…)) before the routes, or add app.options(path, cors(…)).",
    ),
    (
        "express",
        "error-response-without-cors",
        "Express: mount cors() first, above express.json() and anything else that can answer an error, so the 4xx/5xx keeps its CORS headers.",
    ),
    (
        "express",
        "origin-mismatch",
        "cors({ origin }): list the page's exact origin; an origin callback that calls back with an Error answers 500 — call back with false for origins you refuse.",
    ),
    (
        "express",
        "origin-not-in-allow-list",
        "cors({ origin }): add the page's origin to the list; an origin callback that calls back with an Error answers 500 — call back with false for origins you refuse.",
    ),
    (
        "koa",
        "cors-middleware-not-applied",
        "Koa: app.use(cors()) must come before app.use(router.routes()).",
    ),
    (
        "fastify",
        "auth-before-cors",
        "Fastify: register @fastify/cors before any onRequest auth hook; hooks run in the order they are added.",
    ),
    (
        "fastify",
        "origin-mismatch",
        "@fastify/cors: list the page's origin; an origin function that calls back with an Error answers 500 — call back with (null, false) for origins you refuse.",
    ),
    (
        "nestjs",
        "auth-before-cors",
        "NestJS: call app.enableCors() right after NestFactory.create(), before any app.use(…).",
    ),
    (
        "flask",
        "no-cors-headers",
        "flask-cors: CORS(app) covers every route; CORS(app, resources={…}) only the paths its patterns match (a blueprint's url_prefix included): make one match this path.",
    ),
    (
        "flask",
        "cors-middleware-not-applied",
        "flask-cors: the resources pattern (CORS(app, resources={r\"/api/*\": …})) must match this path; with blueprints, cover the blueprint's url_prefix.",
    ),
    (
        "flask",
        "auth-before-cors",
        "Flask: let OPTIONS through the before_request auth check (flask-cors answers it).",
    ),
    (
        "fastapi",
        "error-response-without-cors",
        "FastAPI/Starlette: an unhandled exception is answered by ServerErrorMiddleware outside CORSMiddleware; handle exceptions inside it (an exception handler) so the 500 gets CORS headers.",
    ),
    (
        "fastapi",
        "header-not-allowed",
        "CORSMiddleware(allow_headers=[…]) must list the header; it allows none by default.",
    ),
    (
        "fastapi",
        "origin-mismatch",
        "CORSMiddleware(allow_origins=[…]) must list the page's exact origin; Starlette answers other origins' preflights 400 \"Disallowed CORS origin\".",
    ),
    (
        "fastapi",
        "wildcard-with-credentials",
        "Starlette 0.x: allow_origins=[\"*\"] with allow_credentials=True answers `*` unless a cookie is sent; list the origins (or use allow_origin_regex).",
    ),
    (
        "django",
        "cors-middleware-not-applied",
        "Django: put corsheaders.middleware.CorsMiddleware first in MIDDLEWARE, above CommonMiddleware (its APPEND_SLASH redirect) and WhiteNoise.",
    ),
    (
        "django",
        "header-not-allowed",
        "django-cors-headers: CORS_ALLOW_HEADERS = (*default_headers, \"x-api-key\") (from corsheaders.defaults).",
    ),
    (
        "django",
        "not-cors-csrf",
        "Django: add the page's origin to CSRF_TRUSTED_ORIGINS, and send the CSRF token (X-CSRFToken) with unsafe requests.",
    ),
    (
        "go-net-http",
        "options-not-routed",
        "net/http: method patterns (\"PUT /api/items\") make ServeMux answer OPTIONS 405; wrap the mux in a CORS handler that answers OPTIONS first.",
    ),
    (
        "go-net-http",
        "cors-middleware-not-applied",
        "gin: r.Use(cors.New(…)) must be called before the routes are registered (gin copies the middleware chain into each route when it is added).",
    ),
    (
        "nginx",
        "error-response-without-cors",
        "nginx: add `always` to every CORS add_header line; without it nginx adds them only to 2xx and 3xx answers.",
    ),
    (
        "nginx",
        "cors-middleware-not-applied",
        "nginx: an add_header in a location replaces every add_header inherited from the server block; repeat the CORS lines (an include) in each location that has its own add_header.",
    ),
    (
        "nginx",
        "cors-only-on-preflight",
        "nginx: the add_header lines inside `if ($request_method = OPTIONS)` apply to that answer only; add them, with always, for the other methods too.",
    ),
    (
        "nginx",
        "duplicate-allow-origin",
        "nginx: the app behind the proxy already sends CORS headers; drop nginx's add_header lines, or proxy_hide_header the app's ones.",
    ),
    (
        "nginx",
        "origin-not-forwarded",
        "nginx: pass the Origin header to the app (no proxy_set_header Origin \"\"), or answer CORS in nginx and not in the app.",
    ),
    (
        "nginx",
        "options-not-routed",
        "nginx: answer the preflight in nginx (if ($request_method = OPTIONS) { return 204; } with the CORS headers) instead of passing it to an app without an OPTIONS route.",
    ),
    (
        "nginx",
        "preflight-redirect",
        "nginx: the http→https `return 301` also redirects OPTIONS; call the https:// URL from the front end.",
    ),
    (
        "nginx",
        "origin-list-in-header",
        "nginx: map $http_origin to the allowed origin (map … { \"~^https://(app|admin)\\.example\\.com$\" $http_origin; }) and send that one value.",
    ),
    (
        "apache",
        "error-response-without-cors",
        "Apache: use `Header always set`; plain `Header set` (the onsuccess table) is not used for Apache's own error answers (401, 413, 503, …).",
    ),
    (
        "apache",
        "auth-before-cors",
        "Apache: exempt the preflight from authentication: put Require valid-user inside <LimitExcept OPTIONS>.",
    ),
    (
        "caddy",
        "wildcard-with-credentials",
        "Caddy: with credentials, send the request's origin for allowed origins (header Access-Control-Allow-Origin {http.request.header.Origin} under an origin matcher), never *.",
    ),
    (
        "spring",
        "auth-before-cors",
        "Spring Security: add .cors(Customizer.withDefaults()) to the SecurityFilterChain so the CorsFilter answers preflights before authentication.",
    ),
    (
        "spring",
        "wildcard-with-credentials",
        "Spring: with allowCredentials(true) use allowedOriginPatterns(\"*\") or list the origins; allowedOrigins(\"*\") throws.",
    ),
    (
        "spring",
        "method-not-allowed",
        "Spring: a CORS mapping allows GET, HEAD and POST by default; add .allowedMethods(\"GET\", \"PUT\", …).",
    ),
    (
        "spring",
        "origin-mismatch",
        "Spring: @CrossOrigin(origins = …) / allowedOrigins(…) must list the page's exact origin; Spring answers others 403 \"Invalid CORS request\".",
    ),
    (
        "spring",
        "origin-not-in-allow-list",
        "Spring: add the page's origin to @CrossOrigin(origins = …) / allowedOrigins(…); Spring answers others 403 \"Invalid CORS request\".",
    ),
    (
        "spring",
        "redirect-to-login",
        "Spring Security: for API routes answer 401 (exceptionHandling with HttpStatusEntryPoint) instead of the formLogin redirect, and add .cors(…).",
    ),
    (
        "laravel",
        "header-not-allowed",
        "PHP: answer OPTIONS before the routes with Access-Control-Allow-Methods and Access-Control-Allow-Headers, then exit.",
    ),
];

/// The framework's own wording of the fix for `code`, when the server was identified.
pub fn fix_terms(guess: &ServerGuess, code: &str) -> Option<&'static str> {
    let target = guess.target.as_deref()?;
    FIX_TERMS
        .iter()
        .find(|(t, c, _)| *t == target && *c == code)
        .map(|(_, _, step)| *step)
}

/// A guess at the server software.
pub fn identify(exchanges: &[Exchange]) -> Option<ServerGuess> {
    let mut evidence: Vec<String> = Vec::new();
    let mut name: Option<(&'static str, Option<&'static str>)> = None;
    let mut set = |n: &'static str, t: Option<&'static str>, line: String, strong: bool| {
        let weak = name.is_none_or(|(current, _)| current.starts_with("unknown"));
        if weak || (strong && !n.starts_with("unknown")) {
            name = Some((n, t));
        }
        if !evidence.contains(&line) {
            evidence.push(line);
        }
    };
    for e in exchanges {
        if let Some(body) = &e.body {
            let lb = body.to_ascii_lowercase();
            for r in BODY_RULES {
                if lb.contains(r.needle) {
                    set(r.name, r.target, format!("body: …{}…", r.needle), true);
                }
            }
        }
        for (h, v) in &e.response_headers {
            let lv = v.to_ascii_lowercase();
            let line = format!("{h}: {v}");
            match h.as_str() {
                "x-powered-by" => {
                    if lv.contains("express") {
                        set("Express (Node.js)", Some("express"), line, true);
                    } else if lv.contains("next.js") {
                        set("Next.js", Some("nextjs"), line, true);
                    } else if lv.contains("php") {
                        set("PHP", Some("laravel"), line, false);
                    } else if lv.contains("asp.net") {
                        set("ASP.NET", Some("aspnetcore"), line, true);
                    } else {
                        set("unknown framework", None, line, false);
                    }
                }
                "server" => {
                    if lv.starts_with("nginx") || lv.starts_with("openresty") {
                        set("nginx", Some("nginx"), line, false);
                    } else if lv.starts_with("apache") {
                        set("Apache httpd", Some("apache"), line, false);
                    } else if lv.starts_with("caddy") {
                        set("Caddy", Some("caddy"), line, false);
                    } else if lv.starts_with("kestrel") {
                        set("ASP.NET Core (Kestrel)", Some("aspnetcore"), line, true);
                    } else if lv.starts_with("microsoft-iis") {
                        set("IIS", Some("iis"), line, false);
                    } else if lv.starts_with("werkzeug") {
                        set("Flask (Werkzeug)", Some("flask"), line, true);
                    } else if lv.starts_with("uvicorn") || lv.starts_with("hypercorn") {
                        set(
                            "an ASGI app (FastAPI or Starlette)",
                            Some("fastapi"),
                            line,
                            true,
                        );
                    } else if lv.starts_with("wsgiserver") {
                        // Python's wsgiref server: Django's runserver.
                        set(
                            "a Python WSGI app (Django's runserver?)",
                            Some("django"),
                            line,
                            false,
                        );
                    } else if lv.starts_with("gunicorn") {
                        set(
                            "a Python WSGI app (Django or Flask)",
                            Some("django"),
                            line,
                            false,
                        );
                    } else if lv.starts_with("cloudflare") {
                        set("Cloudflare", None, line, false);
                    } else if lv.starts_with("amazons3") {
                        set("AWS S3", Some("s3"), line, true);
                    } else if lv.starts_with("vercel") {
                        set("Vercel", Some("vercel"), line, false);
                    } else if lv.starts_with("jetty") || lv.starts_with("apache-coyote") {
                        set("a Java server (Spring?)", Some("spring"), line, false);
                    } else {
                        set("unknown server", None, line, false);
                    }
                }
                "x-amz-apigw-id" | "x-amzn-requestid" => {
                    set("AWS API Gateway", Some("aws-api-gateway"), line, true);
                }
                "x-vercel-id" => set("Vercel", Some("vercel"), line, false),
                // Rack::Runtime, in every Rails middleware stack.
                "x-runtime" => set("Ruby on Rails (Rack)", Some("rails"), line, false),
                // Django's SecurityMiddleware defaults, sent together on every answer.
                "cross-origin-opener-policy"
                    if lv == "same-origin"
                        && e.header("referrer-policy").as_deref() == Some("same-origin")
                        && e.header("x-content-type-options").as_deref() == Some("nosniff") =>
                {
                    set("Django", Some("django"), line, true);
                }
                "via" if lv.contains("cloudfront") => {
                    set("AWS CloudFront", None, line, false);
                }
                _ => {}
            }
        }
    }
    let (n, t) = name?;
    if n.starts_with("unknown") && evidence.is_empty() {
        return None;
    }
    Some(ServerGuess {
        name: n.to_owned(),
        target: t.map(str::to_owned),
        evidence,
    })
}
