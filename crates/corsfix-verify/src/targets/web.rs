//! More Node, Python and Ruby frameworks: NestJS, Next.js, Starlette, Rails/rack-cors, and the
//! previous majors of targets already in the first group (Fastify 4, Koa 2, Django 4.2,
//! Fiber v2).

use super::{GO_BUILD, GO_RUN, Target, run, runnable, unverified};
use crate::stacks::Stack::{Go, Node, Python, System};

/// `next start` on the symlink `build.mjs` made (`node_modules/next` → the major under test).
const NEXT_START: &[&str] = &[
    "node",
    "node_modules/next/dist/bin/next",
    "start",
    "--port",
    "{port}",
    "--hostname",
    "127.0.0.1",
];

/// uvicorn on `module:app`.
const fn uvicorn(app: &'static str) -> [&'static str; 10] {
    [
        "{python}",
        "-m",
        "uvicorn",
        app,
        "--host",
        "127.0.0.1",
        "--port",
        "{port}",
        "--log-level",
        "warning",
    ]
}

const UVICORN: &[&str] = &uvicorn("server:app");
const UVICORN_PREV: &[&str] = &uvicorn("server_prev:app");

/// Debian's Ruby, Rails (railties + actionpack only), rack-cors and Puma.
const RUBY_APT: &[&str] = &[
    "ruby",
    "ruby-rack-cors",
    "ruby-railties",
    "ruby-actionpack",
    "puma",
];

/// This group's targets, in report order.
pub(crate) fn targets() -> Vec<Target> {
    let r = runnable;
    vec![
        // Node.
        r(
            "fastify@4",
            run(
                Node,
                "fastify4",
                &["node", "cors.js"],
                &["fastify4", "@fastify/cors9"],
            )
            // `require('fastify')` in the generated file must load Fastify 4: the skeleton's
            // node_modules redirects the two names to the aliased installs.
            .build(&["mv", "node_modules_redirect", "node_modules"])
            .splice("cors.js", r#"fastify.get("/api/health""#, "routes.js"),
            false,
        ),
        r(
            "koa@2",
            run(
                Node,
                "koa2",
                &["node", "server.js"],
                &["koa2", "@koa/cors", "@koa/router"],
            )
            // The `koa` skeleton, with `require('koa')` redirected to Koa 2 (the alias koa2).
            .base(&["koa"])
            .build(&["mv", "node_modules_redirect", "node_modules"]),
            false,
        ),
        r(
            "nestjs",
            run(
                Node,
                "nestjs",
                &["node", "--require", "./listen-local.js", "build/main.js"],
                &[
                    "@nestjs/core",
                    "@nestjs/common",
                    "@nestjs/platform-express",
                    "typescript",
                ],
            )
            .build(&["node", "build.mjs", "12"]),
            false,
        ),
        r(
            "nestjs@11",
            run(
                Node,
                "nestjs",
                &["node", "--require", "./listen-local.js", "build/main.js"],
                &[
                    "@nestjs/core11",
                    "@nestjs/common11",
                    "@nestjs/platform-express11",
                    "typescript",
                ],
            )
            // Nest 11 is installed under npm aliases; build.mjs links it in under the real names.
            .build(&["node", "build.mjs", "11"]),
            false,
        ),
        r(
            "nextjs",
            run(Node, "nextjs", NEXT_START, &["next", "react", "typescript"]).build(&[
                "node",
                "build.mjs",
                "next",
            ]),
            false,
        ),
        r(
            "nextjs@15",
            run(
                Node,
                "nextjs",
                NEXT_START,
                &["next15", "react", "typescript"],
            )
            .build(&["node", "build.mjs", "next15"]),
            false,
        ),
        // Python.
        r(
            "starlette",
            run(Python, "starlette", UVICORN, &["starlette", "uvicorn"]),
            false,
        ),
        r(
            "starlette@0",
            run(
                Python,
                "starlette",
                UVICORN_PREV,
                &["starlette@prev", "uvicorn"],
            ),
            false,
        ),
        r(
            "django@4",
            run(
                Python,
                "django4",
                &[
                    "{python}",
                    "manage.py",
                    "runserver",
                    "127.0.0.1:{port}",
                    "--noreload",
                ],
                &["django@prev", "django-cors-headers@prev"],
            )
            // The `django` skeleton; its own manage.py puts Django 4.2 first on sys.path.
            .base(&["django"]),
            false,
        ),
        // Go.
        r(
            "fiber@2",
            run(Go, "fiber2", GO_RUN, &["github.com/gofiber/fiber/v2"]).build(GO_BUILD),
            false,
        ),
        // Ruby (Debian packages; RubyGems is not reachable from this machine).
        r(
            "rails@1",
            run(
                System,
                "rails",
                &[
                    "puma",
                    "--bind",
                    "tcp://127.0.0.1:{port}",
                    "--environment",
                    "production",
                    "--threads",
                    "1:4",
                    "{dir}/config.ru",
                ],
                &["ruby-rack-cors", "ruby-railties", "puma", "ruby"],
            )
            .apt(RUBY_APT),
            false,
        ),
        unverified(
            "rails",
            "rack-cors 2.x/3.x is only published on RubyGems, which this machine cannot reach; \
             Debian bookworm ships rack-cors 1.1.1 (verified as rails@1)",
        ),
    ]
}
