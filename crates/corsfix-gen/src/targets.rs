//! The 52 targets of the frameworks reference: what each can express ([`Caps`]), its
//! versions, and its plan (files, install command, ordering notes).

use serde::Serialize;

use crate::view::View;

/// What a target's CORS mechanism can express.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Caps {
    /// Arbitrary (anchored) origin regexes.
    pub regex: bool,
    /// Subdomain wildcards (`https://*.example.com`), natively or through regexes.
    pub subdomain: bool,
    /// More than one allowed origin, echoing the matched one.
    pub multi_origin: bool,
    /// `Access-Control-Allow-Credentials`.
    pub credentials: bool,
    /// Echo `Access-Control-Request-Headers` (how `*` request headers are honoured).
    pub reflect_headers: bool,
    /// `Access-Control-Expose-Headers`.
    pub expose: bool,
    /// `Access-Control-Max-Age`.
    pub max_age: bool,
    /// Private Network Access.
    pub private_network: bool,
    /// A path scope.
    pub path_scope: bool,
    /// Methods beyond the standard ones.
    pub custom_methods: bool,
    /// Only these methods exist (S3, Lambda URLs).
    pub methods: Option<&'static [&'static str]>,
    /// The service matches the actual request's method against its rule too, not only the
    /// preflight's (S3, GCS, Azure Storage): the simple methods must be listed, or a
    /// cross-origin HEAD or POST gets no CORS headers.
    pub matches_actual_method: bool,
    /// The service allows every method and request header to an allowed origin (it echoes the
    /// preflight's; Azure platform CORS): the policy's lists cannot be enforced.
    pub echoes_method_and_headers: bool,
}

const FULL: Caps = Caps {
    regex: true,
    subdomain: true,
    multi_origin: true,
    credentials: true,
    reflect_headers: true,
    expose: true,
    max_age: true,
    private_network: true,
    path_scope: true,
    custom_methods: true,
    methods: None,
    matches_actual_method: false,
    echoes_method_and_headers: false,
};

/// One supported major version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct VersionInfo {
    /// The major (`5`, `2024`); the first of a target's list is the default.
    pub major: &'static str,
    /// The packages and versions the output was written against.
    pub packages: &'static str,
}

/// One target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TargetInfo {
    /// Id used on the command line (`express`).
    pub id: &'static str,
    /// Other accepted names.
    pub aliases: &'static [&'static str],
    /// Display name.
    pub name: &'static str,
    /// Language or configuration format.
    pub language: &'static str,
    /// The library or feature used.
    pub library: &'static str,
    /// Group (`node`, `python`, `go`, `rust`, `java`, `dotnet`, `ruby-php`, `server`, `cloud`,
    /// `dev-proxy`).
    pub category: &'static str,
    /// Supported majors, current first.
    pub versions: &'static [VersionInfo],
    /// What it can express.
    pub caps: Caps,
}

macro_rules! v {
    ($($m:literal => $p:literal),+ $(,)?) => { &[$(VersionInfo { major: $m, packages: $p }),+] };
}

macro_rules! t {
    ($id:literal [$($a:literal),*], $name:literal, $lang:literal, $lib:literal, $cat:literal, $versions:expr, $caps:expr) => {
        TargetInfo { id: $id, aliases: &[$($a),*], name: $name, language: $lang, library: $lib, category: $cat, versions: $versions, caps: $caps }
    };
}

/// Every target.
pub(crate) static TARGETS: &[TargetInfo] = &[
    t!(
        "express"["expressjs"],
        "Express + cors",
        "JavaScript",
        "cors",
        "node",
        v!("5" => "express 5.x, cors 2.8.x", "4" => "express 4.x, cors 2.8.x"),
        Caps {
            private_network: false,
            ..FULL
        }
    ),
    t!("fastify" [], "Fastify + @fastify/cors", "JavaScript", "@fastify/cors", "node",
        v!("5" => "fastify 5.x, @fastify/cors 11.x", "4" => "fastify 4.x, @fastify/cors 9.x"),
        Caps { private_network: false, path_scope: false, ..FULL }),
    t!("koa" [], "Koa + @koa/cors", "JavaScript", "@koa/cors", "node",
        v!("3" => "koa 3.x, @koa/cors 5.x", "2" => "koa 2.x, @koa/cors 5.x"),
        Caps { path_scope: false, ..FULL }),
    t!(
        "nestjs"["nest"],
        "NestJS (enableCors)",
        "TypeScript",
        "@nestjs/core enableCors",
        "node",
        v!(
            "12" => "@nestjs/core 12.x (ESM packages; Node 20.19+ or 22.12+), platform-express or platform-fastify",
            "11" => "@nestjs/core 11.x, platform-express or platform-fastify"
        ),
        Caps {
            private_network: false,
            path_scope: false,
            ..FULL
        }
    ),
    t!("nextjs" ["next", "next-js"], "Next.js (proxy / middleware)", "TypeScript", "next/server", "node",
        v!("16" => "next 16.x (proxy.ts)", "15" => "next 15.x (middleware.ts)"),
        FULL),
    t!("hono" [], "Hono + hono/cors", "TypeScript", "hono/cors", "node",
        v!("4" => "hono 4.x"),
        Caps { private_network: false, ..FULL }),
    t!("node-http" ["node", "nodejs", "http"], "Node.js node:http", "JavaScript", "node:http (no library)", "node",
        v!("20" => "Node.js 20+"),
        FULL),
    t!(
        "flask"["flask-cors"],
        "Flask + flask-cors",
        "Python",
        "flask-cors",
        "python",
        v!("3" => "flask 3.x, flask-cors 6.x"),
        FULL
    ),
    t!("fastapi" [], "FastAPI CORSMiddleware", "Python", "fastapi.middleware.cors", "python",
        v!("0" => "fastapi 0.11x+"),
        Caps { private_network: false, path_scope: false, ..FULL }),
    t!("starlette" [], "Starlette CORSMiddleware", "Python", "starlette.middleware.cors", "python",
        v!("1" => "starlette 1.x", "0" => "starlette 0.4x"),
        Caps { private_network: false, path_scope: false, ..FULL }),
    t!(
        "django"["django-cors-headers"],
        "Django + django-cors-headers",
        "Python",
        "django-cors-headers",
        "python",
        v!("5" => "Django 5.2, django-cors-headers 4.x", "4" => "Django 4.2, django-cors-headers 4.x"),
        Caps {
            reflect_headers: false,
            ..FULL
        }
    ),
    t!("aiohttp" [], "aiohttp (middleware)", "Python", "aiohttp middleware", "python",
        v!("3" => "aiohttp 3.x"),
        FULL),
    t!("go-net-http" ["go", "net-http", "golang"], "Go net/http", "Go", "net/http (no library)", "go",
        v!("1" => "Go 1.19+"),
        FULL),
    t!("rs-cors" ["go-cors", "rscors"], "Go rs/cors", "Go", "github.com/rs/cors", "go",
        v!("1" => "github.com/rs/cors v1.11"),
        Caps { path_scope: false, ..FULL }),
    t!(
        "gin"["gin-contrib-cors"],
        "gin + gin-contrib/cors",
        "Go",
        "github.com/gin-contrib/cors",
        "go",
        v!("1" => "gin 1.x, gin-contrib/cors v1.7"),
        Caps {
            reflect_headers: false,
            path_scope: false,
            ..FULL
        }
    ),
    t!("echo" [], "Echo CORS middleware", "Go", "echo middleware.CORSWithConfig", "go",
        v!("5" => "github.com/labstack/echo/v5", "4" => "github.com/labstack/echo/v4"),
        Caps { private_network: false, path_scope: false, ..FULL }),
    t!("fiber" [], "Fiber cors middleware", "Go", "fiber middleware/cors", "go",
        v!("3" => "github.com/gofiber/fiber/v3", "2" => "github.com/gofiber/fiber/v2"),
        Caps { path_scope: false, ..FULL }),
    t!(
        "axum"["tower-http"],
        "axum + tower-http CorsLayer",
        "Rust",
        "tower-http cors",
        "rust",
        v!("0.8" => "axum 0.8, tower-http 0.6/0.7"),
        Caps {
            path_scope: false,
            ..FULL
        }
    ),
    t!("actix" ["actix-web", "actix-cors"], "actix-web + actix-cors", "Rust", "actix-cors", "rust",
        v!("4" => "actix-web 4.x, actix-cors 0.7"),
        Caps { reflect_headers: false, path_scope: false, ..FULL }),
    t!(
        "rocket"["rocket-cors"],
        "Rocket + rocket_cors",
        "Rust",
        "rocket_cors",
        "rust",
        v!("0.5" => "rocket 0.5, rocket_cors 0.6"),
        Caps {
            reflect_headers: false,
            private_network: false,
            path_scope: false,
            custom_methods: false,
            ..FULL
        }
    ),
    t!("warp" [], "warp::cors", "Rust", "warp::cors", "rust",
        v!("0.4" => "warp 0.4 with its `server` feature", "0.3" => "warp 0.3"),
        Caps { regex: false, subdomain: false, reflect_headers: false, private_network: false, path_scope: false, custom_methods: false, ..FULL }),
    t!("spring-mvc" ["spring", "spring-boot", "spring-web"], "Spring MVC (CorsFilter)", "Java", "spring-web CorsFilter", "java",
        v!("7" => "Spring Framework 7 / Boot 4", "6" => "Spring Framework 6 / Boot 3.5"),
        FULL),
    t!("spring-security" [], "Spring Security http.cors()", "Java", "spring-security-config", "java",
        v!("7" => "Spring Security 7 / Boot 4", "6" => "Spring Security 6.2+ / Boot 3.5"),
        FULL),
    t!(
        "spring-webflux"["webflux"],
        "Spring WebFlux (CorsWebFilter)",
        "Java",
        "spring-webflux CorsWebFilter",
        "java",
        v!("7" => "Spring Framework 7 / Boot 4", "6" => "Spring Framework 6 / Boot 3.5"),
        FULL
    ),
    t!("aspnetcore" ["asp-net-core", "dotnet", "aspnet"], "ASP.NET Core CORS", "C#", "Microsoft.AspNetCore.Cors", "dotnet",
        v!("10" => ".NET 10", "8" => ".NET 8 LTS"),
        Caps { private_network: false, path_scope: false, ..FULL }),
    t!("rails" ["rack-cors", "rack", "ruby"], "Rails / Rack + rack-cors", "Ruby", "rack-cors", "ruby-php",
        v!("2" => "rack-cors 2.x/3.x", "1" => "rack-cors 1.1 (Debian)"),
        Caps { private_network: false, ..FULL }),
    t!("laravel" [], "Laravel config/cors.php", "PHP", "HandleCors (fruitcake/php-cors)", "ruby-php",
        v!("12" => "Laravel 11/12", "10" => "Laravel 9.2+/10"),
        Caps { private_network: false, ..FULL }),
    t!("symfony" ["nelmio", "nelmio-cors"], "Symfony + NelmioCorsBundle", "YAML", "nelmio/cors-bundle", "ruby-php",
        v!("2" => "nelmio/cors-bundle 2.x"),
        FULL),
    t!(
        "php"["plain-php"],
        "Plain PHP header()",
        "PHP",
        "header() (no library)",
        "ruby-php",
        v!("8" => "PHP 8.x"),
        FULL
    ),
    t!("nginx" [], "nginx", "nginx", "add_header + map", "server",
        v!("1" => "nginx 1.22+"),
        FULL),
    t!("apache" ["httpd", "apache2"], "Apache httpd", "Apache", "mod_headers + mod_setenvif + mod_rewrite", "server",
        v!("2.4" => "Apache httpd 2.4"),
        FULL),
    t!("caddy" [], "Caddy", "Caddyfile", "header + respond matchers", "server",
        v!("2" => "Caddy 2.6+"),
        Caps { private_network: false, ..FULL }),
    t!("traefik" [], "Traefik headers middleware", "YAML", "headers middleware", "server",
        v!("3" => "Traefik v3", "2" => "Traefik v2"),
        Caps { reflect_headers: false, private_network: false, path_scope: false, ..FULL }),
    t!("haproxy" [], "HAProxy", "HAProxy", "http-request return + http-after-response", "server",
        v!("2" => "HAProxy 2.2+"),
        FULL),
    t!(
        "iis"["web-config"],
        "IIS CORS Module",
        "XML",
        "IIS CORS Module",
        "server",
        v!("10" => "IIS 10 + IIS CORS Module 1.0"),
        Caps {
            regex: false,
            private_network: false,
            path_scope: false,
            ..FULL
        }
    ),
    t!("envoy" [], "Envoy CORS filter", "YAML", "envoy.filters.http.cors", "server",
        v!("1" => "Envoy 1.27+"),
        Caps { reflect_headers: false, path_scope: false, ..FULL }),
    t!("aws-rest-api" ["api-gateway", "api-gateway-rest", "apigateway"], "AWS API Gateway REST API (SAM)", "YAML", "AWS SAM Api Cors + GatewayResponses", "cloud",
        v!("2016-10-31" => "AWS SAM (Transform AWS::Serverless-2016-10-31)"),
        Caps { regex: false, subdomain: false, multi_origin: false, reflect_headers: false, private_network: false, path_scope: false, ..FULL }),
    t!("aws-http-api" ["api-gateway-http", "http-api"], "AWS API Gateway HTTP API (SAM)", "YAML", "CorsConfiguration", "cloud",
        v!("2016-10-31" => "AWS SAM (Transform AWS::Serverless-2016-10-31)"),
        Caps { regex: false, subdomain: false, reflect_headers: false, private_network: false, path_scope: false, ..FULL }),
    t!("aws-lambda-url" ["lambda-url", "function-url"], "AWS Lambda function URL (SAM)", "YAML", "FunctionUrlConfig Cors", "cloud",
        v!("2016-10-31" => "AWS SAM (Transform AWS::Serverless-2016-10-31)"),
        Caps { regex: false, subdomain: false, reflect_headers: false, private_network: false, path_scope: false, methods: Some(&["GET", "PUT", "HEAD", "POST", "PATCH", "DELETE"]), ..FULL }),
    t!(
        "s3"["aws-s3"],
        "Amazon S3 bucket CORS",
        "JSON",
        "PutBucketCors",
        "cloud",
        v!("2006-03-01" => "S3 API 2006-03-01 (aws s3api)"),
        Caps {
            regex: false,
            private_network: false,
            path_scope: false,
            methods: Some(&["GET", "PUT", "POST", "DELETE", "HEAD"]),
            matches_actual_method: true,
            ..FULL
        }
    ),
    t!(
        "gcs"["google-cloud-storage"],
        "Google Cloud Storage bucket CORS",
        "JSON",
        "bucket cors",
        "cloud",
        v!("1" => "gcloud storage (Storage JSON API v1)"),
        Caps {
            regex: false,
            subdomain: false,
            credentials: false,
            reflect_headers: false,
            private_network: false,
            path_scope: false,
            matches_actual_method: true,
            ..FULL
        }
    ),
    t!(
        "azure-blob"["azure-storage"],
        "Azure Blob Storage CORS",
        "Shell",
        "az storage cors add",
        "cloud",
        v!("2" => "Azure CLI 2.x"),
        Caps {
            regex: false,
            subdomain: false,
            reflect_headers: false,
            private_network: false,
            path_scope: false,
            matches_actual_method: true,
            ..FULL
        }
    ),
    t!("azure-functions" [], "Azure Functions platform CORS", "Shell", "az functionapp cors", "cloud",
        v!("4" => "Azure Functions 4.x, Azure CLI 2.x"),
        Caps { regex: false, subdomain: false, expose: false, max_age: false, private_network: false, path_scope: false, echoes_method_and_headers: true, ..FULL }),
    t!("cloudflare-workers" ["cloudflare", "workers"], "Cloudflare Workers", "JavaScript", "fetch handler (no library)", "cloud",
        v!("4" => "wrangler 3/4, module syntax"),
        FULL),
    t!(
        "vercel"["vercel-json"],
        "Vercel vercel.json headers",
        "JSON",
        "vercel.json headers",
        "cloud",
        v!("2" => "vercel.json (platform v2)"),
        Caps {
            regex: false,
            subdomain: false,
            reflect_headers: false,
            private_network: false,
            ..FULL
        }
    ),
    t!("netlify" [], "Netlify _headers", "Text", "_headers", "cloud",
        v!("1" => "Netlify _headers"),
        Caps { regex: false, subdomain: false, multi_origin: false, reflect_headers: false, private_network: false, ..FULL }),
    t!("firebase-hosting" [], "Firebase Hosting firebase.json headers", "JSON", "hosting.headers", "cloud",
        v!("13" => "firebase-tools 13+"),
        Caps { regex: false, subdomain: false, multi_origin: false, reflect_headers: false, private_network: false, ..FULL }),
    t!("firebase-functions" [], "Firebase Functions (v2 onRequest)", "JavaScript", "cors (npm) in onRequest", "cloud",
        v!("6" => "firebase-functions 5/6 (v2 API), cors 2.8"),
        Caps { private_network: false, path_scope: false, ..FULL }),
    t!("headers" ["raw", "raw-headers"], "Raw response headers (any server)", "HTTP", "none: the headers to send, and the rules", "raw",
        v!("1" => "any HTTP server (Fetch standard CORS protocol)"),
        FULL),
    t!("vite" [], "Vite dev server proxy", "JavaScript", "server.proxy", "dev-proxy",
        v!("7" => "vite 5+"),
        FULL),
    t!(
        "webpack-dev-server"["webpack"],
        "webpack-dev-server proxy",
        "JavaScript",
        "devServer.proxy",
        "dev-proxy",
        v!("5" => "webpack-dev-server 5.x"),
        FULL
    ),
    t!(
        "angular"["angular-cli"],
        "Angular CLI proxy.conf.json",
        "JSON",
        "ng serve --proxy-config",
        "dev-proxy",
        v!("20" => "@angular/cli 17+"),
        FULL
    ),
    t!("create-react-app" ["cra", "react-scripts"], "Create React App setupProxy.js", "JavaScript", "http-proxy-middleware 2", "dev-proxy",
        v!("5" => "react-scripts 5, http-proxy-middleware 2"),
        FULL),
];

/// One file of a plan.
pub(crate) struct FilePlan {
    pub(crate) template: &'static str,
    pub(crate) path: String,
    pub(crate) placement: String,
    pub(crate) language: &'static str,
}

/// What a target emits besides the view.
pub(crate) struct Plan {
    pub(crate) files: Vec<FilePlan>,
    pub(crate) install: Vec<String>,
    pub(crate) notes: Vec<String>,
    pub(crate) limitations: Vec<String>,
}

fn f(template: &'static str, path: &str, placement: &str, language: &'static str) -> FilePlan {
    FilePlan {
        template,
        path: path.to_owned(),
        placement: placement.to_owned(),
        language,
    }
}

const ONE_LAYER: &str = "Exactly one layer may add CORS headers: remove any CORS settings from proxies, gateways or other middleware in front of (or behind) this one, or browsers see two Access-Control-Allow-Origin values.";
const DEV_ONLY: &str = "This proxy exists only in development: the browser talks to one origin (the dev server), so no CORS is involved. Production still needs either a same-origin reverse proxy (nginx, Caddy, Vercel/Netlify rewrites) or real CORS on the backend (run `corsfix gen` for your backend's target).";

/// The plan of a target for a view.
pub(crate) fn plan(t: &TargetInfo, v: &VersionInfo, view: &View) -> Plan {
    let mut p = Plan {
        files: Vec::new(),
        install: Vec::new(),
        notes: Vec::new(),
        limitations: Vec::new(),
    };
    let creds = view.credentials;
    let csrf = |p: &mut Plan, how: &str| {
        if creds {
            p.notes.push(format!("CORS does not stop cross-site form posts: keep CSRF protection on for cookie-authenticated state changes, trusting the same origins ({how})."));
        }
    };
    match t.id {
        "express" => {
            p.files.push(f("express/cors.js.j2", "cors.js", "Next to app.js; `app.use(require('./cors'))` before any router, auth, session or rate-limit middleware.", "javascript"));
            p.files.push(f(
                "express/app.js.j2",
                "app.js",
                "Shows where the middleware goes; merge into your app.",
                "javascript",
            ));
            p.install.push(if v.major == "4" {
                "npm install express@4 cors".into()
            } else {
                "npm install express@5 cors".into()
            });
            p.notes.push("Register the cors middleware first: it answers preflights (OPTIONS with Access-Control-Request-Method) with 204 before authentication, body parsers and routers run.".into());
            if v.major == "5" {
                p.notes.push("Express 5: do not add `app.options('*', cors())` — path-to-regexp 8 throws on a bare `*`; `app.use(cors)` already answers every preflight.".into());
            } else {
                p.notes.push("Express 4: `app.use(cors)` already answers every preflight; no separate `app.options('*', …)` route is needed.".into());
            }
            p.notes.push("Headers are set before your handlers run, so error responses from Express's error handler carry them too.".into());
        }
        "fastify" => {
            p.files.push(f(
                "fastify/cors.js.j2",
                "cors.js",
                "Register at the root instance before routes and before any auth hooks.",
                "javascript",
            ));
            p.install.push(if v.major == "4" {
                "npm install fastify@4 @fastify/cors@9".into()
            } else {
                "npm install fastify@5 @fastify/cors@11".into()
            });
            p.notes.push("Register @fastify/cors before auth plugins; an auth `onRequest` hook registered earlier would answer preflights with 401 (or move auth to `preHandler`).".into());
            p.notes
                .push("Do not define your own `OPTIONS *` route: the plugin adds one.".into());
        }
        "koa" => {
            p.files.push(f(
                "koa/cors.js.j2",
                "cors.js",
                "`app.use(require('./cors'))` before the router and any auth middleware.",
                "javascript",
            ));
            p.install
                .push(format!("npm install koa@{} @koa/cors@5", v.major));
            p.notes.push("@koa/cors echoes any Origin when credentials are on and no origin function is given; the generated origin function returns the origin only when it is allowed.".into());
        }
        "nestjs" => {
            p.files.push(f("nestjs/main.ts.j2", "src/main.ts", "Replace your bootstrap (or merge the `enableCors` call into it) — before `app.listen` and before any global `app.use(auth)`.", "typescript"));
            p.install.push(format!(
                "npm install @nestjs/core@{0} @nestjs/common@{0} @nestjs/platform-express@{0}",
                v.major
            ));
            if v.major == "12" {
                p.notes.push("Nest 12 projects are ESM by default: the bootstrap imports `./app.module.js`, which also compiles and runs in a CommonJS project.".into());
            }
            p.notes.push("The options work on both adapters (platform-express passes them to `cors`, platform-fastify to @fastify/cors); methods are listed explicitly because Fastify's default is only GET,HEAD,POST.".into());
            p.notes.push(
                "WebSocket gateways have their own `cors` option in @WebSocketGateway.".into(),
            );
        }
        "nextjs" => {
            let (file, name) = if v.major == "15" {
                ("middleware.ts", "middleware")
            } else {
                ("proxy.ts", "proxy")
            };
            p.files.push(f("nextjs/proxy.ts.j2", file, &format!("At the project root (next to `app/`), or in `src/` when you use it. Exports `{name}`."), "typescript"));
            p.install.push(format!("npm install next@{}", v.major));
            if v.major == "16" {
                p.notes.push("Next 16 renamed middleware to proxy: do not keep a `middleware.ts` beside `proxy.ts` (the build fails).".into());
            }
            p.notes.push("Do not also set CORS headers in next.config `headers()` or in route handlers: one layer only.".into());
            p.notes.push("On Vercel, Deployment Protection answers preflights with 401 unless the path is in the OPTIONS Allowlist.".into());
        }
        "hono" => {
            p.files.push(f(
                "hono/cors.ts.j2",
                "src/cors.ts",
                "`app.use(corsPath, corsMiddleware)` before the routes and before auth middleware.",
                "typescript",
            ));
            p.install.push("npm install hono@4".into());
            p.notes.push("Pin a current hono 4.x: older 4.x releases answered an unlisted origin with the first list entry.".into());
            p.notes.push("Check that responses produced by `app.onError` still carry CORS headers (the middleware sets them on the context before `next()`).".into());
        }
        "node-http" => {
            p.files.push(f(
                "node-http/cors.js.j2",
                "cors.js",
                "Wrap your request listener: `http.createServer(withCors(handler))`.",
                "javascript",
            ));
            p.notes.push("Every response — 404s and error paths included — goes through the wrapper because it sets headers before your handler writes.".into());
        }
        "flask" => {
            p.files.push(f(
                "flask/app.py.j2",
                "app.py",
                "Call `CORS(app, …)` right after creating the app, before registering auth hooks.",
                "python",
            ));
            p.install
                .push("pip install 'flask>=3' 'flask-cors>=6'".into());
            p.notes.push("A `before_request` auth hook must let OPTIONS through (flask-cors answers preflights in its own after/before hooks).".into());
            p.notes.push("flask-cors adds headers to error-handler responses too (`intercept_exceptions`, on by default).".into());
            csrf(&mut p, "Flask-WTF CSRF or SameSite cookies");
        }
        "fastapi" | "starlette" => {
            let file = if t.id == "fastapi" {
                "fastapi/main.py.j2"
            } else {
                "starlette/app.py.j2"
            };
            p.files.push(f(
                file,
                if t.id == "fastapi" {
                    "main.py"
                } else {
                    "app.py"
                },
                "Add the middleware last (it becomes the outermost), after any auth middleware.",
                "python",
            ));
            p.install.push(if t.id == "fastapi" {
                "pip install fastapi uvicorn".into()
            } else {
                "pip install starlette uvicorn".into()
            });
            p.notes.push("Unhandled exceptions become a 500 from Starlette's outermost ServerErrorMiddleware without CORS headers, so crashes look like CORS errors in the browser: the generated exception handler returns a JSON 500 inside the CORS middleware instead.".into());
            p.notes.push(
                "Call the exact URL: a trailing-slash redirect on a preflight fails it.".into(),
            );
            p.notes.push(
                "A disallowed preflight gets 400 \"Disallowed CORS origin\" — expected.".into(),
            );
        }
        "django" => {
            p.files.push(f(
                "django/settings.py.j2",
                "settings.py",
                "Merge into your project's settings.py.",
                "python",
            ));
            p.install
                .push("pip install 'django-cors-headers>=4'".into());
            p.notes.push("`CorsMiddleware` goes first in MIDDLEWARE — in any case before CommonMiddleware (trailing-slash redirects) and WhiteNoise.".into());
            csrf(
                &mut p,
                "`CSRF_TRUSTED_ORIGINS` is set from the same list. Keep Django's default `SESSION_COOKIE_SAMESITE = \"Lax\"`: `app.example.com` calling `api.example.com` is same-site, so the session cookie is sent; `\"None\"` only matters for a page on another site, where Safari blocks third-party cookies and Firefox keeps them in a separate jar per top-level site, and it gives up SameSite's CSRF defence (https://docs.djangoproject.com/en/stable/ref/settings/#session-cookie-samesite)",
            );
        }
        "aiohttp" => {
            p.files.push(f("aiohttp/cors.py.j2", "cors.py", "`web.Application(middlewares=[cors_middleware, …auth…])`: first in the list, so it runs outermost.", "python"));
            p.install.push("pip install 'aiohttp>=3.9'".into());
            p.notes.push("A middleware instead of aiohttp-cors: aiohttp-cors has no regex or subdomain support and misses routes added after its setup loop.".into());
        }
        "go-net-http" => {
            p.files.push(f("go-net-http/cors.go.j2", "cors.go", "Wrap the whole mux: `http.ListenAndServe(addr, CORS(mux))` — outside the mux, so Go 1.22 method patterns never 405 a preflight.", "go"));
            p.notes.push("Go 1.25 `http.CrossOriginProtection` rejects cross-origin unsafe requests: add each allowed origin with `AddTrustedOrigin` if you use it.".into());
        }
        "rs-cors" => {
            p.files.push(f("rs-cors/cors.go.j2", "cors.go", "`handler := corsMiddleware().Handler(mux)` — outermost, around the router and auth.", "go"));
            p.install.push("go get github.com/rs/cors@v1.11.1".into());
            p.notes.push(
                "rs/cors 1.7 (Debian) reflected any origin with credentials for `*`; use v1.11+."
                    .into(),
            );
        }
        "gin" => {
            p.files.push(f("gin/cors.go.j2", "cors.go", "`r.Use(corsMiddleware())` on the engine before registering routes (group middleware never sees unmatched preflights).", "go"));
            p.install
                .push("go get github.com/gin-contrib/cors@latest".into());
            p.notes.push(
                "gin-contrib/cors answers a disallowed origin with 403 (unlike most libraries)."
                    .into(),
            );
        }
        "echo" => {
            p.files.push(f("echo/cors.go.j2", "cors.go", "`e.Use(corsMiddleware())` at the root, before auth middleware (group middleware misses unmatched preflights).", "go"));
            p.install
                .push(format!("go get github.com/labstack/echo/v{}", v.major));
        }
        "fiber" => {
            p.files.push(f(
                "fiber/cors.go.j2",
                "cors.go",
                "`app.Use(corsMiddleware())` before routes and auth.",
                "go",
            ));
            p.install
                .push(format!("go get github.com/gofiber/fiber/v{}", v.major));
            p.notes.push("Fiber panics at startup on an invalid origin or `*` with credentials; the generated config has neither.".into());
            if v.major == "2" && view.private_network {
                p.limitations.push("Fiber v2's cors middleware is not given AllowPrivateNetwork here (only v3 is known to have it): no `Access-Control-Allow-Private-Network` header, which only Chrome 94–141's Private Network Access preflights read (today's Chrome asks the user instead: Local Network Access).".into());
            }
        }
        "axum" => {
            p.files.push(f("axum/cors.rs.j2", "src/cors.rs", "`Router::new()…route(…).layer(auth).layer(cors::layer())` — add it last so it is outermost, and after every route.", "rust"));
            p.install.push(if view.has_patterns {
                "cargo add axum tower-http --features tower-http/cors && cargo add regex".into()
            } else {
                "cargo add axum tower-http --features tower-http/cors".into()
            });
            p.notes.push("CorsLayer answers every OPTIONS request itself; `route_layer` would not run for unmatched paths — use `.layer`.".into());
            p.notes.push(
                "tower-http 0.7's `CsrfLayer` must trust the same origins if you use it.".into(),
            );
        }
        "actix" => {
            p.files.push(f("actix/cors.rs.j2", "src/cors.rs", "`App::new().wrap(auth).wrap(cors::cors())` — the last `.wrap()` is outermost, so wrap Cors after auth.", "rust"));
            p.install.push(if view.has_patterns {
                "cargo add actix-web actix-cors regex".into()
            } else {
                "cargo add actix-web actix-cors".into()
            });
        }
        "rocket" => {
            p.files.push(f("rocket/cors.rs.j2", "src/cors.rs", "`rocket::build().attach(cors::cors()?).attach(cors::VaryOrigin)…` — the fairing answers preflights before routes; `VaryOrigin` adds the `Vary: Origin` rocket_cors leaves out.", "rust"));
            p.install
                .push("cargo add rocket@0.5 rocket_cors@0.6".into());
            p.notes.push(
                "rocket_cors matches regexes unanchored; the generated ones carry `^…$`.".into(),
            );
            p.notes.push(
                "The fairing mounts an error route under `/cors`; keep that path free.".into(),
            );
        }
        "warp" => {
            p.files.push(f("warp/cors.rs.j2", "src/cors.rs", "`let routes = api.recover(handle_rejection).with(cors::cors()).recover(cors::forbidden).map(cors::finish);`", "rust"));
            // warp 0.4 has `warp::serve` only with its `server` feature.
            p.install.push(if v.major == "0.3" {
                "cargo add warp@0.3 tokio --features tokio/full".into()
            } else {
                "cargo add warp@0.4 tokio --features warp/server,tokio/full".into()
            });
            p.notes.push("warp rejects disallowed CORS requests with 403, and decorates only what passes through `.with(cors)`: put `.recover(…)` inside it so errors get headers.".into());
            p.notes.push("warp adds no `Vary: Origin`, and its 403 for a refused origin leaves `with(cors)` as a rejection: `recover(cors::forbidden)` answers it, and `finish` appends `Vary: Origin` to every answer.".into());
            if view.any {
                p.notes.push("warp echoes any Origin, `null` included; `finish` answers `*` instead, as the policy says.".into());
            }
        }
        "spring-mvc" | "spring-security" | "spring-webflux" => {
            let (tmpl, path) = match t.id {
                "spring-mvc" => (
                    "spring-mvc/CorsConfig.java.j2",
                    "src/main/java/com/example/config/CorsConfig.java",
                ),
                "spring-security" => (
                    "spring-security/SecurityConfig.java.j2",
                    "src/main/java/com/example/config/SecurityConfig.java",
                ),
                _ => (
                    "spring-webflux/CorsConfig.java.j2",
                    "src/main/java/com/example/config/CorsConfig.java",
                ),
            };
            p.files.push(f(
                tmpl,
                path,
                "A @Configuration class in a package your application scans (rename the package).",
                "java",
            ));
            p.files.push(f(
                "spring-mvc/PolicyCorsConfiguration.java.j2",
                "src/main/java/com/example/config/PolicyCorsConfiguration.java",
                "Beside it: the origin check (exact origins and anchored regexes).",
                "java",
            ));
            p.install.push(match t.id {
                "spring-webflux" => "Maven: org.springframework.boot:spring-boot-starter-webflux".into(),
                "spring-security" => "Maven: org.springframework.boot:spring-boot-starter-web, org.springframework.boot:spring-boot-starter-security".into(),
                _ => "Maven: org.springframework.boot:spring-boot-starter-web".into(),
            });
            if t.id == "spring-security" {
                p.notes.push("`http.cors(...)` puts the CorsFilter before authentication, so preflights (which carry no credentials) are answered instead of 401/403. `permitAll` on OPTIONS is not needed.".into());
                if v.major == "6" {
                    p.notes.push("Spring Security 6.2.6+/6.3.3+ only picks up a bean typed `UrlBasedCorsConfigurationSource` automatically; the generated config passes it explicitly.".into());
                } else {
                    p.notes.push("Spring Security 7 removed `.and()` and the non-lambda DSL; the generated config uses the lambda DSL only.".into());
                }
                p.notes.push(
                    "Do not also use @CrossOrigin or WebMvcConfigurer.addCorsMappings: one layer."
                        .into(),
                );
                csrf(&mut p, "Spring Security's CSRF protection stays on");
            } else if t.id == "spring-mvc" {
                p.notes.push("A servlet CorsFilter at the highest precedence answers preflights before any other filter; if you use Spring Security, generate `spring-security` instead.".into());
            } else {
                p.notes.push("CorsWebFilter runs before handlers; with Spring Security for WebFlux, call `http.cors(Customizer.withDefaults())` instead.".into());
            }
        }
        "aspnetcore" => {
            p.files.push(f("aspnetcore/Program.cs.j2", "Program.cs", "Merge into Program.cs: `UseCors` after `UseRouting` and before `UseAuthentication`/`UseAuthorization` and response caching.", "csharp"));
            p.notes.push("Behind IIS with Windows authentication, IIS refuses the anonymous preflight (401) before the app sees it: install the IIS CORS Module, which answers preflights before authentication, or allow anonymous access (https://learn.microsoft.com/aspnet/core/security/cors#iis). If OPTIONS still never reaches the app, IIS's `OPTIONSVerbHandler` handler mapping answers it: remove that handler in web.config.".into());
            p.notes.push("On Azure Functions/App Service, empty the platform CORS list (including `*`) so the app owns CORS.".into());
        }
        "rails" => {
            p.files.push(f(
                "rails/cors.rb.j2",
                "config/initializers/cors.rb",
                "Rails initializer (for plain Rack, put the `use Rack::Cors` block in config.ru).",
                "ruby",
            ));
            p.install.push(if v.major == "1" {
                "apt-get install ruby-rack-cors   # or: bundle add rack-cors -v '~> 1.1'".into()
            } else {
                "bundle add rack-cors".into()
            });
            p.notes.push("`insert_before 0` puts Rack::Cors before Warden/Devise, Rack::Attack and Rack::Cache so preflights never reach them.".into());
            csrf(&mut p, "Rails' `protect_from_forgery`");
        }
        "laravel" => {
            p.files.push(f(
                "laravel/cors.php.j2",
                "config/cors.php",
                if v.major == "10" {
                    "Replace config/cors.php (Laravel 9.2 and 10 ship it in new projects).".into()
                } else {
                    "Replace config/cors.php (Laravel 11+ does not ship it: publish it first with `php artisan config:publish cors`).".to_owned()
                }.as_str(),
                "php",
            ));
            p.notes.push(
                "Run `php artisan config:clear` after editing: a cached config hides the change."
                    .into(),
            );
            p.notes
                .push("Routes outside `paths` get no CORS headers.".into());
            if creds {
                p.notes.push("Sanctum SPA auth also needs `SANCTUM_STATEFUL_DOMAINS` and `SameSite=None; Secure` session cookies for cross-site front ends.".into());
            }
        }
        "symfony" => {
            p.files.push(f(
                "symfony/nelmio_cors.yaml.j2",
                "config/packages/nelmio_cors.yaml",
                "Replace the Flex recipe's file.",
                "yaml",
            ));
            p.install.push("composer require nelmio/cors-bundle".into());
            p.notes
                .push("Files served directly by the web server bypass the bundle.".into());
        }
        "php" => {
            p.files.push(f("php/cors.php.j2", "cors.php", "`require __DIR__ . '/cors.php';` as the first line of the front controller (index.php), before sessions, auth and any output.", "php"));
            p.notes.push(
                "Do not also add CORS headers in the web server (Apache/nginx): one layer.".into(),
            );
        }
        "nginx" => {
            p.files.push(f(
                "nginx/cors-map.conf.j2",
                "/etc/nginx/conf.d/cors-map.conf",
                "Loaded in the `http {}` context (conf.d is included there by default).",
                "nginx",
            ));
            p.files.push(f("nginx/cors.conf.j2", "/etc/nginx/snippets/cors.conf", &format!("`include snippets/cors.conf;` inside each location that needs CORS ({}), before `proxy_pass`/`auth_request`.", if view.mounts.is_empty() { "e.g. `location / {`".to_owned() } else { view.mounts.iter().map(|m| format!("`location {m}/`")).collect::<Vec<_>>().join(", ") }), "nginx"));
            p.notes.push("A location with its own `add_header` inherits none from outer levels: keep every CORS header in the snippet, and include it in every location that needs CORS.".into());
            p.notes.push("The same rule removes the server's other headers from those locations: an `add_header Strict-Transport-Security …` (or Content-Security-Policy, X-Frame-Options) in the `server` block no longer reaches responses of a location that includes this snippet. Move them into a snippet of their own (`snippets/security-headers.conf`) and include it next to `snippets/cors.conf` in each such location; from nginx 1.29.3, `add_header_inherit merge;` in the server block keeps them instead (https://nginx.org/en/docs/http/ngx_http_headers_module.html#add_header_inherit).".into());
            p.notes.push("Preflights are answered with 204 before `auth_request`/`auth_basic` (put those after the include, or use `satisfy any` for OPTIONS).".into());
            p.notes
                .push("`always` puts the headers on 4xx/5xx responses too.".into());
            p.notes.push("The snippet hides the upstream's Access-Control-* headers so only nginx sets them.".into());
        }
        "apache" => {
            p.files.push(f("apache/cors.conf.j2", "/etc/apache2/cors.conf", "`Include /etc/apache2/cors.conf` inside each <VirtualHost> that serves the API (rewrite rules are per virtual host).", "apache"));
            p.install
                .push("a2enmod headers setenvif rewrite && systemctl reload apache2".into());
            p.notes.push("`Header always` puts the headers on error responses and on the rewrite-generated 204; the upstream's own Access-Control-* headers are unset so only Apache sets them.".into());
            p.notes.push("Authentication must exclude OPTIONS: `<LimitExcept OPTIONS> Require valid-user </LimitExcept>`.".into());
        }
        "caddy" => {
            p.files.push(f(
                "caddy/Caddyfile.j2",
                "Caddyfile",
                "Defines the `(cors)` snippet; `import cors` at the top of each site block.",
                "caddyfile",
            ));
            p.notes.push("Preflights are answered by a `handle` block in the snippet: `import cors` above the site's own `handle` blocks, so it runs first (a `handle` always runs before `respond` and `reverse_proxy`). Caddy orders `basic_auth` and `forward_auth` before every `handle`: keep authentication inside the `handle` blocks it protects, not at the site's top level, or preflights get authenticated.".into());
            p.notes.push("With `reverse_proxy`, remove the upstream's Access-Control-* headers with `header_down` (shown commented in the site block) so only Caddy sets them.".into());
            p.notes
                .push("Errors handled in `handle_errors` need `import cors` there too.".into());
        }
        "traefik" => {
            p.files.push(f("traefik/dynamic.yml.j2", "dynamic/cors.yml", "File-provider dynamic configuration; attach the `cors` middleware to your routers (first in the chain).", "yaml"));
            p.notes.push("Put `cors` before forward-auth middlewares in the router's chain, or preflights get authenticated.".into());
            p.notes.push("Traefik answers preflights itself and overwrites the backend's Access-Control-Allow-Origin; remove CORS from the backend.".into());
            if !view.any {
                p.limitations.push("Traefik answers preflights without `Vary: Origin` (`addVaryHeader` covers only the other responses, and no middleware can add it there without overwriting the backend's Vary). Browsers are unaffected (their preflight cache is per origin) and HTTP caches do not store OPTIONS answers, but a CDN set to cache OPTIONS must key them on Origin.".into());
            }
        }
        "haproxy" => {
            p.files.push(f("haproxy/cors.cfg.j2", "haproxy-cors.cfg", "Merge the lines into your `frontend` section, before `use_backend` and any auth rules.", "haproxy"));
            p.notes.push("`http-after-response` (HAProxy 2.2+) also covers HAProxy's own responses (the 204, errors, 503 when the backend is down).".into());
            p.notes.push("The backend's own Access-Control-* headers are deleted from every response (`http-response del-header`), for refused origins as well: otherwise a backend that still sends `Access-Control-Allow-Origin: *` would allow every origin HAProxy refuses.".into());
        }
        "iis" => {
            p.files.push(f(
                "iis/web.config.j2",
                "web.config",
                "Site root; requires the IIS CORS Module (separate install).",
                "xml",
            ));
            p.install.push("Install the IIS CORS Module: https://www.iis.net/downloads/microsoft/iis-cors-module".into());
            p.notes.push("The CORS module answers preflights before authentication modules; remove the WebDAV module/handler if PUT/DELETE/OPTIONS are intercepted.".into());
            p.notes
                .push("An ASP.NET Core app behind IIS must not add CORS too.".into());
        }
        "envoy" => {
            p.files.push(f("envoy/envoy.yaml.j2", "envoy-cors.yaml", "Merge into your HttpConnectionManager: the header_mutation and cors filters first (in that order), the policy on the virtual host.", "yaml"));
            p.notes.push("Place `envoy.filters.http.cors` before ext_authz/JWT filters so preflights are not authenticated.".into());
            p.notes.push("The cors filter always echoes the allowed Origin and answers preflights itself (route `response_headers_to_add` never reach them): the `header_mutation` filter before it adds `Vary: Origin` to every response (or, for `*`, turns the echoed origin into `*`).".into());
        }
        "aws-rest-api" => {
            p.files.push(f("aws-rest-api/template.yaml.j2", "template.yaml", "Merge `Globals.Api.Cors`, the `Auth` flags and the `GatewayResponses` into your SAM template; redeploy the stage.", "yaml"));
            p.install.push("sam build && sam deploy".into());
            let mut fn_headers = vec![format!(
                "`Access-Control-Allow-Origin: {}`",
                view.static_origin
            )];
            if !view.any {
                fn_headers.push("`Vary: Origin`".into());
            }
            if creds {
                fn_headers.push("`Access-Control-Allow-Credentials: true`".into());
            }
            if !view.expose.is_empty() {
                fn_headers.push(format!(
                    "`Access-Control-Expose-Headers: {}`",
                    view.expose_csv
                ));
            }
            p.notes.push(format!("With Lambda proxy integrations API Gateway passes the function's response through unchanged: the function must return {} on its own responses (the `Cors` setting only creates the OPTIONS methods, and the GatewayResponses cover API Gateway's own errors).", fn_headers.join(", ")));
            p.notes.push("The generated `Auth` keeps the API's default authorizer and API key requirement off the OPTIONS methods SAM creates (`AddDefaultAuthorizerToCorsPreflight`, `AddApiKeyRequiredToCorsPreflight`, both `true` by default).".into());
        }
        "aws-http-api" => {
            p.files.push(f(
                "aws-http-api/template.yaml.j2",
                "template.yaml",
                "Merge the `CorsConfiguration` into your HttpApi.",
                "yaml",
            ));
            p.install.push("sam build && sam deploy".into());
            p.notes.push("API Gateway answers preflights itself and ignores CORS headers from the backend; with an authorizer on `$default`/`ANY /{proxy+}`, add an unauthenticated `OPTIONS /{proxy+}` route.".into());
        }
        "aws-lambda-url" => {
            p.files.push(f(
                "aws-lambda-url/template.yaml.j2",
                "template.yaml",
                "Merge `FunctionUrlConfig.Cors` into your function's `FunctionUrlConfig`; keep its `AuthType` (the template takes it as a parameter and has no default).",
                "yaml",
            ));
            p.install.push("sam build && sam deploy".into());
            p.notes.push(
                "Do not also return CORS headers from the function: the URL config owns CORS."
                    .into(),
            );
        }
        "s3" => {
            p.files.push(f(
                "s3/cors.json.j2",
                "cors.json",
                "Apply with the command below (replace BUCKET).",
                "json",
            ));
            p.install.push(
                "aws s3api put-bucket-cors --bucket BUCKET --cors-configuration file://cors.json"
                    .into(),
            );
            p.notes.push("With CloudFront in front, forward the Origin header and cache OPTIONS, or cached responses carry the wrong Access-Control-Allow-Origin.".into());
            p.notes
                .push("Use the REST endpoint, not the website endpoint.".into());
        }
        "gcs" => {
            p.files.push(f(
                "gcs/cors.json.j2",
                "cors.json",
                "Apply with the command below (replace BUCKET).",
                "json",
            ));
            p.install
                .push("gcloud storage buckets update gs://BUCKET --cors-file=cors.json".into());
            p.notes.push("CORS does not apply to the authenticated browser endpoint storage.cloud.google.com.".into());
        }
        "azure-blob" => {
            p.files.push(f(
                "azure-blob/cors.sh.j2",
                "cors.sh",
                "Run once (replace ACCOUNT); replaces the Blob service's CORS rules.",
                "shell",
            ));
            p.install
                .push("Azure CLI: https://learn.microsoft.com/cli/azure/install-azure-cli".into());
            if !view.any && !creds {
                p.limitations.push("Azure Storage sends `Access-Control-Allow-Credentials: true` for every listed origin, with no setting to turn it off: credentialed requests from these origins are allowed too. List `*` (never credentialed) if the data is public.".into());
            }
        }
        "azure-functions" => {
            p.files.push(f(
                "azure-functions/cors.sh.j2",
                "cors.sh",
                "Run once (replace APP and RG).",
                "shell",
            ));
            p.files.push(f(
                "azure-functions/local.settings.json.j2",
                "local.settings.json",
                "For `func start` locally: merge the Host section into yours.",
                "json",
            ));
            p.notes.push("Platform CORS and CORS in code conflict: use one. To handle CORS in code, empty the platform list (including `*`).".into());
            p.notes.push("Keep your own `Values` in local.settings.json (FUNCTIONS_WORKER_RUNTIME and the rest): the file shows only the Host section to merge.".into());
        }
        "cloudflare-workers" => {
            p.files.push(f(
                "cloudflare-workers/worker.js.j2",
                "src/index.js",
                "Your Worker entry (module syntax); put your logic in `handle`.",
                "javascript",
            ));
            p.install.push("npm install --save-dev wrangler".into());
            p.notes.push("Responses from `fetch()` have immutable headers; the wrapper copies them into a new Response.".into());
            p.notes.push("Cloudflare Access in front answers preflights with redirects: bypass OPTIONS there.".into());
        }
        "vercel" => {
            p.files.push(f(
                "vercel/vercel.json.j2",
                "vercel.json",
                "Project root; merge into an existing `headers` array.",
                "json",
            ));
            p.notes.push("vercel.json headers only decorate responses: the function must still answer OPTIONS with a 2xx (Vercel Functions do not by themselves).".into());
            p.notes.push("Deployment Protection answers preflights with 401 unless the path is in the OPTIONS Allowlist.".into());
        }
        "netlify" => {
            p.files.push(f(
                "netlify/_headers.j2",
                "_headers",
                "In the publish directory.",
                "text",
            ));
            p.notes.push("Netlify applies custom headers only to files it serves itself — not to Functions, Edge Functions or proxied paths, which must set CORS in code.".into());
        }
        "firebase-hosting" => {
            p.files.push(f(
                "firebase-hosting/firebase.json.j2",
                "firebase.json",
                "Merge `hosting.headers`.",
                "json",
            ));
            p.notes.push("Rewrites to Functions/Cloud Run get their headers from the function, not from this file.".into());
        }
        "firebase-functions" => {
            p.files.push(f(
                "firebase-functions/index.js.j2",
                "functions/index.js",
                "Wrap each HTTPS function's handler.",
                "javascript",
            ));
            p.install.push("npm install firebase-functions cors".into());
            p.notes.push("The `cors` npm package is used directly: the v2 `cors:` option has no credentials setting, and its documented regex example has no dot boundary.".into());
        }
        "headers" => {
            p.files.push(f(
                "headers/cors-headers.txt.j2",
                "cors-headers.txt",
                "For a server not in the list: send exactly these headers, following the rules at the top.",
                "text",
            ));
            p.notes.push("Once the server sends them, `corsfix check URL --origin ORIGIN -X METHOD -H 'Name: value'` sends the browser's preflight and request and says what a browser would do.".into());
        }
        "vite" => {
            p.files.push(f(
                "vite/vite.config.js.j2",
                "vite.config.js",
                "Merge `server.proxy` into your config.",
                "javascript",
            ));
            p.notes.push(DEV_ONLY.into());
            p.notes.push("`changeOrigin` rewrites Host, not Origin: a backend that checks Origin still sees the dev origin.".into());
        }
        "webpack-dev-server" => {
            p.files.push(f(
                "webpack-dev-server/webpack.config.js.j2",
                "webpack.config.js",
                "Merge `devServer.proxy` (v5 takes an array).",
                "javascript",
            ));
            p.notes.push(DEV_ONLY.into());
        }
        "angular" => {
            p.files.push(f("angular/proxy.conf.json.j2", "proxy.conf.json", "Project root; reference it with `\"proxyConfig\": \"proxy.conf.json\"` in angular.json serve options, or `ng serve --proxy-config proxy.conf.json`.", "json"));
            p.notes.push(DEV_ONLY.into());
        }
        "create-react-app" => {
            p.files.push(f(
                "create-react-app/setupProxy.js.j2",
                "src/setupProxy.js",
                "Picked up automatically by react-scripts start.",
                "javascript",
            ));
            p.install
                .push("npm install --save-dev http-proxy-middleware@2".into());
            p.notes.push(DEV_ONLY.into());
            p.notes.push(
                "http-proxy-middleware 3 changed mount-path semantics; this file is for v2.".into(),
            );
        }
        _ => {}
    }
    if t.caps.matches_actual_method {
        p.notes.push(format!("{} matches the method of every cross-origin request against the rule, not only the preflight's: GET, HEAD and POST are listed so that simple requests (a HEAD for the size, a form POST) get their CORS headers too.", t.name));
    }
    if t.category != "dev-proxy" {
        p.notes.push(ONE_LAYER.into());
    }
    p
}

/// Per-target structures printed whole by JSON templates (the view model of those targets).
pub(crate) fn extra(t: &TargetInfo, v: &View) -> serde_json::Value {
    use serde_json::{Map, Value, json};
    let kv = |k: &str, val: &str| json!({ "key": k, "value": val });
    let common_headers = |v: &View, origin: &str| -> Vec<Value> {
        let mut h = vec![kv("Access-Control-Allow-Origin", origin)];
        if v.credentials {
            h.push(kv("Access-Control-Allow-Credentials", "true"));
        }
        h.push(kv("Access-Control-Allow-Methods", &v.methods_csv));
        if !v.headers.is_empty() {
            h.push(kv("Access-Control-Allow-Headers", &v.headers_csv));
        }
        if !v.expose.is_empty() {
            h.push(kv("Access-Control-Expose-Headers", &v.expose_csv));
        }
        if let Some(m) = v.max_age {
            h.push(kv("Access-Control-Max-Age", &m.to_string()));
        }
        h
    };
    match t.id {
        "s3" => {
            let mut rule = Map::new();
            rule.insert(
                "AllowedOrigins".into(),
                json!(if v.any {
                    vec!["*".to_owned()]
                } else {
                    v.exact_and_wildcards.clone()
                }),
            );
            rule.insert("AllowedMethods".into(), json!(v.methods));
            let headers = if v.headers_reflect {
                vec!["*".to_owned()]
            } else {
                v.headers.clone()
            };
            if !headers.is_empty() {
                rule.insert("AllowedHeaders".into(), json!(headers));
            }
            if !v.expose.is_empty() {
                rule.insert("ExposeHeaders".into(), json!(v.expose));
            }
            if let Some(m) = v.max_age {
                rule.insert("MaxAgeSeconds".into(), json!(m));
            }
            json!({ "CORSRules": [rule] })
        }
        "gcs" => {
            let mut rule = Map::new();
            rule.insert(
                "origin".into(),
                json!(if v.any {
                    vec!["*".to_owned()]
                } else {
                    v.exact.clone()
                }),
            );
            rule.insert("method".into(), json!(v.methods));
            let mut rh = v.headers.clone();
            rh.extend(v.expose.iter().cloned());
            if !rh.is_empty() {
                rule.insert("responseHeader".into(), json!(rh));
            }
            if let Some(m) = v.max_age {
                rule.insert("maxAgeSeconds".into(), json!(m));
            }
            json!([rule])
        }
        "vercel" => {
            let mut rules = Vec::new();
            for src in &v.regex_sources {
                if v.any {
                    rules.push(json!({ "source": src, "headers": common_headers(v, "*") }));
                } else {
                    rules.push(json!({ "source": src, "headers": [kv("Vary", "Origin")] }));
                    for (o, re) in v.exact.iter().zip(&v.exact_regexes) {
                        rules.push(json!({
                            "source": src,
                            "has": [{ "type": "header", "key": "origin", "value": re }],
                            "headers": common_headers(v, o),
                        }));
                    }
                }
            }
            json!({ "headers": rules })
        }
        "firebase-hosting" => {
            let sources: Vec<String> = if v.paths.is_empty() {
                vec!["**".to_owned()]
            } else {
                v.paths
                    .iter()
                    .map(|p| {
                        p.strip_suffix("/*")
                            .map_or_else(|| p.clone(), |pre| format!("{pre}/**"))
                    })
                    .collect()
            };
            let rules: Vec<Value> = sources
                .iter()
                .map(|s| json!({ "source": s, "headers": common_headers(v, &v.static_origin) }))
                .collect();
            json!({ "hosting": { "headers": rules } })
        }
        "angular" => {
            let mut m = Map::new();
            for p in &v.proxy_paths {
                m.insert(p.clone(), json!({ "target": v.upstream, "secure": v.upstream.starts_with("https"), "changeOrigin": true }));
            }
            Value::Object(m)
        }
        "azure-functions" => {
            // Only the Host section: `Values` (FUNCTIONS_WORKER_RUNTIME, connection strings)
            // belongs to the project, whatever its language.
            json!({
                "IsEncrypted": false,
                "Host": {
                    "CORS": if v.any { "*".to_owned() } else { v.exact.join(",") },
                    "CORSCredentials": v.credentials,
                }
            })
        }
        _ => Value::Null,
    }
}
