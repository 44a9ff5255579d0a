//! Every `corsfix gen` target and how the harness verifies it: run for real (a stack, an app
//! skeleton under `verify/apps/<app>/`, a start command), checked with the real tool's
//! parser/schema, or listed as unverified with the reason.

use crate::stacks::Stack;

/// How one target is verified.
#[derive(Debug, Clone)]
pub enum Kind {
    /// Run the generated files in the real framework and probe it.
    Run(Runnable),
    /// Validate the generated files with the real tool's parser or schema.
    Parse(Parser),
    /// Cannot be checked on this machine kind.
    Unverified(&'static str),
}

/// A runnable target.
#[derive(Debug, Clone)]
pub struct Runnable {
    /// Which install it uses.
    pub stack: Stack,
    /// The skeleton directory under `verify/apps/`.
    pub app: &'static str,
    /// A build step run in the app directory before starting (tokens as in `cmd`).
    pub build: &'static [&'static str],
    /// The start command. Tokens: `{port}`, `{dir}` (the app directory), `{python}` (the
    /// venv's interpreter), `{bin}` (the built binary).
    pub cmd: &'static [&'static str],
    /// Packages whose versions the report lists (npm / PyPI / Go module / Debian names).
    pub versions: &'static [&'static str],
    /// Debian packages needed (System stack).
    pub apt: &'static [&'static str],
}

/// A parser/schema check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Parser {
    /// `php -l` on every `.php` file.
    PhpLint,
    /// `cfn-lint` on every CloudFormation/SAM template (YAML/JSON).
    CfnLint,
    /// Every YAML file parses (PyYAML) and has the expected top-level key.
    Yaml(&'static str),
    /// Every JSON file parses and matches the target's shape (checked in `parse.rs`).
    Json(JsonShape),
}

/// The JSON shapes checked without the cloud service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonShape {
    /// Google Cloud Storage `Bucket.cors` list.
    GcsCors,
    /// `vercel.json` with `headers` rules.
    VercelHeaders,
    /// Anything that parses as JSON.
    Any,
}

/// One target.
#[derive(Debug, Clone)]
pub struct Target {
    /// The `corsfix gen --target` name.
    pub name: &'static str,
    /// How it is verified.
    pub kind: Kind,
    /// Part of the `--quick` subset (CI).
    pub quick: bool,
}

const fn run(
    stack: Stack,
    app: &'static str,
    build: &'static [&'static str],
    cmd: &'static [&'static str],
    versions: &'static [&'static str],
) -> Kind {
    Kind::Run(Runnable {
        stack,
        app,
        build,
        cmd,
        versions,
        apt: &[],
    })
}

const NODE: &[&str] = &["node", "server.js"];
const GO_BUILD: &[&str] = &["go", "build", "-mod=mod", "-o", "app.bin", "."];
const GO_RUN: &[&str] = &["{dir}/app.bin"];

/// Every target the harness knows, in report order.
pub fn all() -> Vec<Target> {
    use Stack::*;
    let t = |name, kind, quick| Target { name, kind, quick };
    vec![
        // Node.
        t(
            "express",
            run(Node, "express", &[], NODE, &["express", "cors"]),
            true,
        ),
        t(
            "express@4",
            run(Node, "express4", &[], NODE, &["express4", "cors"]),
            false,
        ),
        t(
            "fastify",
            run(Node, "fastify", &[], NODE, &["fastify", "@fastify/cors"]),
            false,
        ),
        t(
            "koa",
            run(Node, "koa", &[], NODE, &["koa", "@koa/cors", "@koa/router"]),
            false,
        ),
        t(
            "hono",
            run(Node, "hono", &[], NODE, &["hono", "@hono/node-server"]),
            false,
        ),
        t("node-http", run(Node, "node-http", &[], NODE, &[]), false),
        // Python.
        t(
            "flask",
            run(
                Python,
                "flask",
                &[],
                &["{python}", "app.py"],
                &["flask", "flask-cors"],
            ),
            true,
        ),
        t(
            "fastapi",
            run(
                Python,
                "fastapi",
                &[],
                &[
                    "{python}",
                    "-m",
                    "uvicorn",
                    "app:app",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    "{port}",
                    "--log-level",
                    "warning",
                ],
                &["fastapi", "starlette", "uvicorn"],
            ),
            false,
        ),
        t(
            "django",
            run(
                Python,
                "django",
                &[],
                &[
                    "{python}",
                    "manage.py",
                    "runserver",
                    "127.0.0.1:{port}",
                    "--noreload",
                ],
                &["django", "django-cors-headers"],
            ),
            false,
        ),
        t(
            "aiohttp",
            run(
                Python,
                "aiohttp",
                &[],
                &["{python}", "app.py"],
                &["aiohttp", "aiohttp-cors"],
            ),
            false,
        ),
        // Go.
        t(
            "go-net-http",
            run(Go, "go-net-http", GO_BUILD, GO_RUN, &[]),
            true,
        ),
        t(
            "rs-cors",
            run(Go, "rs-cors", GO_BUILD, GO_RUN, &["github.com/rs/cors"]),
            false,
        ),
        t(
            "gin",
            run(
                Go,
                "gin",
                GO_BUILD,
                GO_RUN,
                &["github.com/gin-gonic/gin", "github.com/gin-contrib/cors"],
            ),
            false,
        ),
        t(
            "echo",
            run(
                Go,
                "echo",
                GO_BUILD,
                GO_RUN,
                &["github.com/labstack/echo/v5"],
            ),
            false,
        ),
        t(
            "echo@4",
            run(
                Go,
                "echo4",
                GO_BUILD,
                GO_RUN,
                &["github.com/labstack/echo/v4"],
            ),
            false,
        ),
        t(
            "fiber",
            run(
                Go,
                "fiber",
                GO_BUILD,
                GO_RUN,
                &["github.com/gofiber/fiber/v3"],
            ),
            false,
        ),
        // Servers.
        t(
            "nginx",
            Kind::Run(Runnable {
                stack: System,
                app: "nginx",
                build: &[],
                cmd: &[
                    "nginx",
                    "-p",
                    "{dir}",
                    "-c",
                    "{dir}/nginx.conf",
                    "-g",
                    "daemon off;",
                ],
                versions: &["nginx"],
                apt: &["nginx"],
            }),
            true,
        ),
        t(
            "apache",
            Kind::Run(Runnable {
                stack: System,
                app: "apache",
                build: &[],
                cmd: &[
                    "apache2",
                    "-d",
                    "{dir}",
                    "-f",
                    "{dir}/httpd.conf",
                    "-DFOREGROUND",
                ],
                versions: &["apache2"],
                apt: &["apache2"],
            }),
            false,
        ),
        t(
            "caddy",
            Kind::Run(Runnable {
                stack: System,
                app: "caddy",
                build: &[],
                cmd: &[
                    "caddy",
                    "run",
                    "--config",
                    "{dir}/Caddyfile",
                    "--adapter",
                    "caddyfile",
                ],
                versions: &["caddy"],
                apt: &["caddy"],
            }),
            false,
        ),
        t(
            "php",
            Kind::Run(Runnable {
                stack: System,
                app: "php",
                build: &[],
                cmd: &["php", "-S", "127.0.0.1:{port}", "{dir}/router.php"],
                versions: &["php-cli"],
                apt: &["php-cli"],
            }),
            false,
        ),
        // Parser / schema only.
        t("laravel", Kind::Parse(Parser::PhpLint), true),
        t("symfony", Kind::Parse(Parser::Yaml("nelmio_cors")), false),
        t("aws-api-gateway-rest", Kind::Parse(Parser::CfnLint), false),
        t("aws-api-gateway-http", Kind::Parse(Parser::CfnLint), false),
        t("aws-lambda-url", Kind::Parse(Parser::CfnLint), false),
        t("gcs", Kind::Parse(Parser::Json(JsonShape::GcsCors)), false),
        t(
            "vercel",
            Kind::Parse(Parser::Json(JsonShape::VercelHeaders)),
            false,
        ),
        // Not verifiable here.
        t(
            "aspnet-core",
            Kind::Unverified(
                "needs the .NET SDK and NuGet, which this machine kind does not reach",
            ),
            false,
        ),
        t(
            "iis",
            Kind::Unverified("IIS and its CORS module run only on Windows"),
            false,
        ),
        t(
            "azure-functions",
            Kind::Unverified(
                "the Functions host downloads its runtime at install time; no Azure here",
            ),
            false,
        ),
    ]
}
