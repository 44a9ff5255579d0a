//! Dev-server proxies (Vite, webpack-dev-server, Angular CLI, Create React App) and cloud runtimes/emulators (S3 via moto, Azure Blob via Azurite, Cloudflare Workers, Firebase, Netlify).
//!
//! The dev proxies are [`Runnable::proxy`] targets: each app's `start.sh` starts a backend
//! without CORS on `@@APPPORT@@` and then the real dev server with the generated config on
//! `{port}`, linking `node_modules` to its npm install under `verify/.cache/tooling/`.

use super::{Runnable, Target, run, runnable};
use crate::stacks::Stack::Tooling;

const START: &[&str] = &["sh", "{dir}/start.sh"];

fn dev_proxy(
    app: &'static str,
    versions: &'static [&'static str],
    install: &'static [&'static str],
) -> Runnable {
    run(Tooling, app, START, versions).apt(install).proxy()
}

/// This group's targets, in report order.
pub(crate) fn targets() -> Vec<Target> {
    vec![
        runnable("vite", dev_proxy("vite", &["vite"], &["dev"]), false),
        runnable(
            "webpack-dev-server",
            dev_proxy(
                "webpack-dev-server",
                &["webpack-dev-server", "webpack", "webpack-cli"],
                &["dev"],
            ),
            false,
        ),
        runnable(
            "angular",
            dev_proxy(
                "angular",
                &["@angular/cli", "@angular/build", "@angular/core"],
                &["angular"],
            ),
            false,
        ),
        runnable(
            "create-react-app",
            dev_proxy(
                "create-react-app",
                &[
                    "react-scripts",
                    "http-proxy-middleware",
                    "webpack-dev-server",
                ],
                &["cra"],
            ),
            false,
        ),
        runnable(
            "cloudflare-workers",
            run(
                Tooling,
                "cloudflare-workers",
                START,
                &["wrangler", "@cloudflare/workerd-linux-64"],
            )
            .apt(&["cloud"])
            .splice(
                "src/index.js",
                "  return new Response(JSON.stringify({ ok: true }), {",
                "routes.js",
            ),
            false,
        ),
        runnable(
            "firebase-functions",
            run(
                Tooling,
                "firebase-functions",
                START,
                &["firebase-functions", "cors", "express"],
            )
            .apt(&["cloud"])
            .splice(
                "functions/index.js",
                "  res.json({ ok: true });",
                "routes.js",
            ),
            false,
        ),
    ]
}
