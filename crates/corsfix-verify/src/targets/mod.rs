//! Every `corsfix gen` target and how the harness verifies it: run for real (a stack, an app
//! skeleton under `verify/apps/<app>/`, a start command), checked with the real tool's
//! parser/schema, or listed as unverified with the reason.

use crate::stacks::Stack;

mod java;
mod rust;
mod servers;
mod tooling;
mod web;

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
    /// The skeleton directory under `verify/apps/` (may be absent when `base` holds
    /// everything).
    pub app: &'static str,
    /// Skeletons copied first, in order, before `app` (whose files replace theirs): a previous
    /// major shares its current major's skeleton (`koa@2` is `koa` plus a `node_modules`
    /// redirect), and targets share common parts (`_base/dev-backend`, `_base/spring`).
    pub base: &'static [&'static str],
    /// A build step run in the app directory before starting (tokens as in `cmd`).
    pub build: &'static [&'static str],
    /// The start command. Tokens: `{port}`, `{dir}` (the app directory), `{python}` (the
    /// venv's interpreter), `{bin}` (the built binary), `{stack}` (the stack's install under
    /// `verify/.cache/`).
    pub cmd: &'static [&'static str],
    /// Packages whose versions the report lists (npm / PyPI / Go module / Debian names).
    pub versions: &'static [&'static str],
    /// Debian packages needed (System stack); for the Tooling stack, the npm installs under
    /// `verify/stacks/tooling/<name>/` it needs (`dev`, `cloud`, `angular`, `cra`).
    pub apt: &'static [&'static str],
    /// For generated files that are whole entry points: (generated file, anchor text, skeleton
    /// file) — the skeleton's routes are inserted before the anchor's line.
    pub splice: Option<(&'static str, &'static str, &'static str)>,
    /// A dev-server proxy: the generated config adds no CORS, it makes `/api` same-origin by
    /// proxying it to a backend without CORS. The skeleton starts that backend on
    /// `@@APPPORT@@` and the dev server on `{port}`; the generator gets
    /// `--upstream http://127.0.0.1:APPPORT`; the checks are `crate::proxy`'s (the routes
    /// through the proxy, a same-origin fetch from the dev server's page in Chromium, and the
    /// same fetch straight to the backend, which must be blocked).
    pub proxy: bool,
    /// Rules this target cannot meet, each with the reason: the generator states the
    /// limitation in its output, and the report shows the cell as passing with it, listing
    /// every accepted finding. Every other rule still fails the cell.
    pub known: &'static [Known],
}

/// A harness rule a target cannot meet, and why (shown in the report).
#[derive(Debug, Clone, Copy)]
pub struct Known {
    /// The rule (`vary-origin-preflight`).
    pub rule: &'static str,
    /// Why the framework cannot meet it.
    pub why: &'static str,
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

/// A runnable target's defaults (no build step, no apt packages, no splice).
pub(crate) const fn run(
    stack: Stack,
    app: &'static str,
    cmd: &'static [&'static str],
    versions: &'static [&'static str],
) -> Runnable {
    Runnable {
        stack,
        app,
        base: &[],
        build: &[],
        cmd,
        versions,
        apt: &[],
        splice: None,
        proxy: false,
        known: &[],
    }
}

impl Runnable {
    /// With base skeletons copied before the app's own folder (see [`Runnable::base`]).
    pub(crate) const fn base(mut self, base: &'static [&'static str]) -> Self {
        self.base = base;
        self
    }
    /// With a build step.
    pub(crate) const fn build(mut self, build: &'static [&'static str]) -> Self {
        self.build = build;
        self
    }
    /// With Debian packages.
    pub(crate) const fn apt(mut self, apt: &'static [&'static str]) -> Self {
        self.apt = apt;
        self
    }
    /// With rules it cannot meet (see [`Runnable::known`]).
    pub(crate) const fn known(mut self, known: &'static [Known]) -> Self {
        self.known = known;
        self
    }
    /// A dev-server proxy (see [`Runnable::proxy`]).
    pub(crate) const fn proxy(mut self) -> Self {
        self.proxy = true;
        self
    }
    /// With a splice of the skeleton's routes into a generated entry point.
    pub(crate) const fn splice(
        mut self,
        file: &'static str,
        anchor: &'static str,
        snippet: &'static str,
    ) -> Self {
        self.splice = Some((file, anchor, snippet));
        self
    }
}

const NODE: &[&str] = &["node", "server.js"];
const PY: &[&str] = &["{python}", "server.py"];
const GO_BUILD: &[&str] = &["go", "build", "-mod=mod", "-o", "app.bin", "."];
const GO_RUN: &[&str] = &["{dir}/app.bin"];

/// A target run for real.
pub(crate) fn runnable(name: &'static str, runnable: Runnable, quick: bool) -> Target {
    Target {
        name,
        kind: Kind::Run(runnable),
        quick,
    }
}

/// A target checked with a parser or schema.
pub(crate) fn parsed(name: &'static str, parser: Parser) -> Target {
    Target {
        name,
        kind: Kind::Parse(parser),
        quick: false,
    }
}

/// A target that cannot be checked here, with the reason.
pub(crate) fn unverified(name: &'static str, why: &'static str) -> Target {
    Target {
        name,
        kind: Kind::Unverified(why),
        quick: false,
    }
}

/// Every target the harness knows, in report order: the first groups, then one group module
/// per family (`web`: more Node/Python/Ruby frameworks; `rust`; `java`; `servers`: Apache,
/// Caddy, HAProxy, Traefik, Envoy; `tooling`: dev-server proxies and cloud emulators).
pub fn all() -> Vec<Target> {
    let mut all = first();
    all.extend(web::targets());
    all.extend(rust::targets());
    all.extend(java::targets());
    all.extend(servers::targets());
    all.extend(tooling::targets());
    // Parser-checked and unverified targets close the report.
    let (mut last, first): (Vec<Target>, Vec<Target>) = all
        .into_iter()
        .partition(|t| !matches!(t.kind, Kind::Run(_)));
    let mut out = first;
    out.append(&mut last);
    out
}

fn first() -> Vec<Target> {
    use Stack::{Go, Node, Python, System};
    let (r, p, u) = (runnable, parsed, unverified);
    vec![
        // Node.
        r(
            "express",
            run(Node, "express", NODE, &["express", "cors"]),
            true,
        ),
        r(
            "express@4",
            run(Node, "express4", NODE, &["express4", "cors"]),
            false,
        ),
        r(
            "fastify",
            run(
                Node,
                "fastify",
                &["node", "cors.js"],
                &["fastify", "@fastify/cors"],
            )
            .splice("cors.js", r#"fastify.get("/api/health""#, "routes.js"),
            false,
        ),
        r(
            "koa",
            run(Node, "koa", NODE, &["koa", "@koa/cors", "@koa/router"]),
            false,
        ),
        r(
            "hono",
            run(
                Node,
                "hono",
                &["node", "server.mjs"],
                &["hono", "@hono/node-server", "typescript"],
            )
            .build(&["node", "build.mjs"]),
            false,
        ),
        r("node-http", run(Node, "node-http", NODE, &[]), false),
        // The raw `headers` target, followed to the letter by a node:http server that reads
        // the generated file and sends exactly its lines.
        r("headers", run(Node, "headers", NODE, &[]), false),
        // Python.
        r(
            "flask",
            run(Python, "flask", PY, &["flask", "flask-cors"]),
            true,
        ),
        r(
            "fastapi",
            run(
                Python,
                "fastapi",
                &[
                    "{python}",
                    "-m",
                    "uvicorn",
                    "server:app",
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
        r(
            "django",
            run(
                Python,
                "django",
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
        r("aiohttp", run(Python, "aiohttp", PY, &["aiohttp"]), false),
        // Go.
        r(
            "go-net-http",
            run(Go, "go-net-http", GO_RUN, &[]).build(GO_BUILD),
            true,
        ),
        r(
            "rs-cors",
            run(Go, "rs-cors", GO_RUN, &["github.com/rs/cors"]).build(GO_BUILD),
            false,
        ),
        r(
            "gin",
            run(
                Go,
                "gin",
                GO_RUN,
                &["github.com/gin-gonic/gin", "github.com/gin-contrib/cors"],
            )
            .build(GO_BUILD),
            false,
        ),
        r(
            "echo",
            run(Go, "echo", GO_RUN, &["github.com/labstack/echo/v5"]).build(GO_BUILD),
            false,
        ),
        r(
            "echo@4",
            run(Go, "echo4", GO_RUN, &["github.com/labstack/echo/v4"]).build(GO_BUILD),
            false,
        ),
        r(
            "fiber",
            run(Go, "fiber", GO_RUN, &["github.com/gofiber/fiber/v3"]).build(GO_BUILD),
            false,
        ),
        // Servers (Debian packages).
        r(
            "nginx",
            run(
                System,
                "nginx",
                &[
                    "nginx",
                    "-p",
                    "{dir}",
                    "-c",
                    "{dir}/nginx.conf",
                    "-g",
                    "daemon off;",
                ],
                &["nginx"],
            )
            .apt(&["nginx"]),
            true,
        ),
        r(
            "php",
            run(
                System,
                "php",
                &[
                    "php",
                    // Production setting (Debian's php.ini too): an uncaught exception is
                    // answered with 500 instead of 200 and the error text.
                    "-d",
                    "display_errors=0",
                    "-S",
                    "127.0.0.1:{port}",
                    "{dir}/router.php",
                ],
                &["php-cli"],
            )
            .apt(&["php-cli"]),
            false,
        ),
        // Parser / schema only.
        Target {
            quick: true,
            ..p("laravel", Parser::PhpLint)
        },
        p("laravel@10", Parser::PhpLint),
        p("symfony", Parser::Yaml("nelmio_cors")),
        p("aws-rest-api", Parser::CfnLint),
        p("aws-http-api", Parser::CfnLint),
        p("aws-lambda-url", Parser::CfnLint),
        p("gcs", Parser::Json(JsonShape::GcsCors)),
        p("vercel", Parser::Json(JsonShape::VercelHeaders)),
        // Not verifiable here.
        u(
            "aspnetcore",
            "needs the .NET SDK and NuGet, which this machine kind does not reach",
        ),
        u(
            "aspnetcore@8",
            "needs the .NET SDK and NuGet, which this machine kind does not reach",
        ),
        u("iis", "IIS and its CORS module run only on Windows"),
        u(
            "azure-functions",
            "the Functions host downloads its runtime at install time; no Azure here",
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every skeleton folder a target names exists, and every folder under `verify/apps/` (and
    /// `verify/apps/_base/`) is some target's app or base: no copy left behind.
    #[test]
    fn every_skeleton_folder_is_used_and_every_named_one_exists() {
        let apps = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../verify/apps");
        let mut named = std::collections::BTreeSet::new();
        for t in all() {
            if let Kind::Run(r) = &t.kind {
                for b in r.base {
                    assert!(apps.join(b).is_dir(), "{}: base {b} is missing", t.name);
                    named.insert((*b).to_owned());
                }
                assert!(
                    apps.join(r.app).is_dir() || !r.base.is_empty(),
                    "{}: verify/apps/{} is missing",
                    t.name,
                    r.app
                );
                named.insert(r.app.to_owned());
            }
        }
        let mut on_disk = Vec::new();
        for dir in [apps.clone(), apps.join("_base")] {
            for e in std::fs::read_dir(&dir).unwrap().flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                if e.path().is_dir() && name != "_base" {
                    on_disk.push(if dir.ends_with("_base") {
                        format!("_base/{name}")
                    } else {
                        name
                    });
                }
            }
        }
        let unused: Vec<_> = on_disk.iter().filter(|d| !named.contains(*d)).collect();
        assert!(
            unused.is_empty(),
            "skeleton folders no target uses: {unused:?}"
        );
    }

    /// Every `corsfix gen` target and each of its majors (`express`, `express@4`) has exactly
    /// one entry: run, parsed or unverified with a reason. Nothing is silently left out.
    #[test]
    fn every_generator_target_and_major_is_in_the_harness() {
        let mut want: Vec<String> = Vec::new();
        for t in corsfix_gen::targets() {
            want.push(t.id.to_owned());
            for v in t.versions.iter().skip(1) {
                want.push(format!("{}@{}", t.id, v.major));
            }
        }
        want.sort();
        let mut have: Vec<String> = all().iter().map(|t| t.name.to_owned()).collect();
        have.sort();
        let mut dedup = have.clone();
        dedup.dedup();
        assert_eq!(have, dedup, "a target is listed twice");
        let missing: Vec<_> = want.iter().filter(|n| !have.contains(n)).collect();
        let unknown: Vec<_> = have.iter().filter(|n| !want.contains(n)).collect();
        assert!(missing.is_empty(), "not in the harness: {missing:?}");
        assert!(unknown.is_empty(), "not generator targets: {unknown:?}");
    }
}
