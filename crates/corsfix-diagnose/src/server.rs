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
];

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
