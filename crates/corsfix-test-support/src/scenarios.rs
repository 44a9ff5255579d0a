//! The top 20 failure scenarios of `shared/reference/user-needs.md` as loopback servers.
//!
//! Each [`Scenario`] starts a broken server (the scenario as users hit it) or a fixed one (the
//! fix applied: the server change, or for client-side causes the client change), together
//! with the request the page makes. `code` is the cause `corsfix check` must name first for
//! the broken form; the fixed form must pass.

use std::sync::{Arc, Mutex, PoisonError};

use crate::{Cors, Request, Response, TestServer};

/// The front-end origin of most scenarios (a Vite dev server).
pub const APP: &str = "http://localhost:5173";

/// Which form to start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    /// The scenario as users hit it.
    Broken,
    /// With the fix applied.
    Fixed,
}

/// A running scenario: the servers (stopped on drop) and the request the page makes.
#[derive(Debug)]
pub struct Running {
    /// The URL the page fetches.
    pub url: String,
    /// The page's origin.
    pub origin: String,
    /// The method as the script writes it.
    pub method: String,
    /// Headers the script sets.
    pub headers: Vec<(String, String)>,
    /// `credentials: 'include'`.
    pub credentials: bool,
    /// Response headers the script reads.
    pub read_headers: Vec<String>,
    /// `mode: 'no-cors'`.
    pub no_cors: bool,
    /// The servers.
    pub servers: Vec<TestServer>,
}

impl Running {
    fn get(server: TestServer, path: &str) -> Self {
        Self {
            url: server.url(path),
            origin: APP.to_owned(),
            method: "GET".to_owned(),
            headers: Vec::new(),
            credentials: false,
            read_headers: Vec::new(),
            no_cors: false,
            servers: vec![server],
        }
    }

    fn method(mut self, m: &str) -> Self {
        m.clone_into(&mut self.method);
        self
    }

    fn header(mut self, n: &str, v: &str) -> Self {
        self.headers.push((n.to_owned(), v.to_owned()));
        self
    }

    fn json(self) -> Self {
        self.header("Content-Type", "application/json")
    }

    fn credentials(mut self) -> Self {
        self.credentials = true;
        self
    }

    /// The `corsfix check` arguments for this request (without the binary name).
    pub fn cli_args(&self) -> Vec<String> {
        let mut a = vec![
            "check".to_owned(),
            self.url.clone(),
            "--origin".to_owned(),
            self.origin.clone(),
            "--method".to_owned(),
            self.method.clone(),
        ];
        for (n, v) in &self.headers {
            a.push("-H".to_owned());
            a.push(format!("{n}: {v}"));
        }
        if self.credentials {
            a.push("--credentials".to_owned());
        }
        for h in &self.read_headers {
            a.push("--read-header".to_owned());
            a.push(h.clone());
        }
        if self.no_cors {
            a.push("--no-cors".to_owned());
        }
        a
    }
}

/// One scenario.
#[derive(Debug, Clone, Copy)]
pub struct Scenario {
    /// Its rank in user-needs.md.
    pub rank: u8,
    /// A short name.
    pub name: &'static str,
    /// The cause code `check` must name first for the broken form.
    pub code: &'static str,
    /// Start it.
    pub start: fn(Variant) -> Running,
}

fn items() -> Response {
    Response::json(r#"[{"id":1}]"#)
}

/// The 20 scenarios, in rank order.
pub fn top20() -> Vec<Scenario> {
    vec![
        Scenario {
            rank: 1,
            name: "no CORS headers at all",
            code: "no-cors-headers",
            start: s01,
        },
        Scenario {
            rank: 2,
            name: "OPTIONS not routed (405)",
            code: "options-not-routed",
            start: s02,
        },
        Scenario {
            rank: 3,
            name: "413 from the proxy without CORS headers",
            code: "error-response-without-cors",
            start: s03,
        },
        Scenario {
            rank: 4,
            name: "auth answers the preflight 401",
            code: "auth-before-cors",
            start: s04,
        },
        Scenario {
            rank: 5,
            name: "allowed origin has a trailing slash",
            code: "trailing-slash-origin",
            start: s05,
        },
        Scenario {
            rank: 6,
            name: "wildcard with credentials",
            code: "wildcard-with-credentials",
            start: s06,
        },
        Scenario {
            rank: 7,
            name: "request header not allowed",
            code: "header-not-allowed",
            start: s07,
        },
        Scenario {
            rank: 8,
            name: "Access-Control-Allow-Credentials missing",
            code: "credentials-not-allowed",
            start: s08,
        },
        Scenario {
            rank: 9,
            name: "ACAO sent twice (proxy and app)",
            code: "duplicate-allow-origin",
            start: s09,
        },
        Scenario {
            rank: 10,
            name: "preflight redirected (trailing slash)",
            code: "preflight-redirect",
            start: s10,
        },
        Scenario {
            rank: 11,
            name: "expired session redirects to a login page",
            code: "redirect-to-login",
            start: s11,
        },
        Scenario {
            rank: 12,
            name: "CORS only on the preflight",
            code: "cors-only-on-preflight",
            start: s12,
        },
        Scenario {
            rank: 13,
            name: "method not allowed",
            code: "method-not-allowed",
            start: s13,
        },
        Scenario {
            rank: 14,
            name: "one static allowed origin",
            code: "single-static-origin",
            start: s14,
        },
        Scenario {
            rank: 15,
            name: "shared cache ignores Origin (no Vary)",
            code: "cached-allow-origin",
            start: s15,
        },
        Scenario {
            rank: 16,
            name: "CORS headers only when Origin is sent, no Vary",
            code: "browser-cache-non-cors",
            start: s16,
        },
        Scenario {
            rank: 17,
            name: "header not exposed",
            code: "missing-expose-headers",
            start: s17,
        },
        Scenario {
            rank: 18,
            name: "mode no-cors as a fix",
            code: "no-cors-mode",
            start: s18,
        },
        Scenario {
            rank: 19,
            name: "session cookie not cross-site",
            code: "cookie-not-cross-site",
            start: s19,
        },
        Scenario {
            rank: 20,
            name: "public page calls a loopback API (Local Network Access)",
            code: "lna-permission-denied",
            start: s20,
        },
    ]
}

fn s01(v: Variant) -> Running {
    let server = match v {
        Variant::Broken => TestServer::start(|_req: &Request| items()),
        Variant::Fixed => TestServer::start(Cors::allow(APP).wrap(|_req: &Request| items())),
    };
    Running::get(server, "/items")
}

fn s02(v: Variant) -> Running {
    let cors = Cors::allow(APP)
        .methods(&["PUT"])
        .headers(&["Content-Type"]);
    let server = match v {
        // CORS attached to the PUT route only: OPTIONS falls through to the router's 405.
        Variant::Broken => TestServer::start(move |req: &Request| {
            if req.method == "OPTIONS" {
                Response::new(405).header("Allow", "GET, PUT")
            } else {
                cors.decorate(req, items())
            }
        }),
        Variant::Fixed => TestServer::start(cors.wrap(|_req: &Request| items())),
    };
    Running::get(server, "/items/1").method("PUT").json()
}

fn s03(v: Variant) -> Running {
    let cors = Cors::allow(APP).headers(&["Content-Type"]);
    let server = match v {
        // nginx answers 413 itself (client_max_body_size), and `add_header` without `always`
        // skips error responses.
        Variant::Broken => TestServer::start(move |req: &Request| {
            if req.is_preflight() {
                cors.preflight(req).header("Server", "nginx/1.24.0")
            } else {
                Response::new(413)
                    .header("Server", "nginx/1.24.0")
                    .header("Content-Type", "text/html")
                    .body("<html><body><h1>413 Request Entity Too Large</h1></body></html>")
            }
        }),
        // `add_header … always`: the 413 now reaches the script, which can say what happened.
        Variant::Fixed => TestServer::start(move |req: &Request| {
            if req.is_preflight() {
                cors.preflight(req).header("Server", "nginx/1.24.0")
            } else {
                cors.decorate(
                    req,
                    Response::new(413)
                        .header("Server", "nginx/1.24.0")
                        .header("Content-Type", "text/html"),
                )
            }
        }),
    };
    Running::get(server, "/upload").method("POST").json()
}

fn s04(v: Variant) -> Running {
    let cors = Cors::allow(APP).headers(&["Authorization"]);
    let authed = |req: &Request| {
        if req.header("authorization") == Some("Bearer t0ken") {
            Response::json(r#"{"name":"ada"}"#)
        } else {
            Response::new(401).header("WWW-Authenticate", "Bearer realm=\"api\"")
        }
    };
    let server = match v {
        // The auth filter runs first and rejects the preflight (no Authorization on it).
        Variant::Broken => TestServer::start(move |req: &Request| {
            let r = authed(req);
            if r.status == 401 {
                return r;
            }
            if req.is_preflight() {
                cors.preflight(req)
            } else {
                cors.decorate(req, r)
            }
        }),
        Variant::Fixed => TestServer::start(cors.wrap(authed)),
    };
    Running::get(server, "/me").header("Authorization", "Bearer t0ken")
}

fn s05(v: Variant) -> Running {
    let configured = match v {
        Variant::Broken => format!("{APP}/"),
        Variant::Fixed => APP.to_owned(),
    };
    let cors = Cors {
        origins: vec![configured],
        ..Cors::allow(APP)
    };
    Running::get(
        TestServer::start(cors.wrap(|_req: &Request| items())),
        "/items",
    )
}

fn s06(v: Variant) -> Running {
    let server = match v {
        Variant::Broken => TestServer::start(|_req: &Request| {
            items()
                .header("Access-Control-Allow-Origin", "*")
                .header("Access-Control-Allow-Credentials", "true")
        }),
        Variant::Fixed => TestServer::start(
            Cors::allow(APP)
                .credentials()
                .wrap(|_req: &Request| items()),
        ),
    };
    Running::get(server, "/cart").credentials()
}

fn s07(v: Variant) -> Running {
    let cors = match v {
        Variant::Broken => Cors::allow(APP).headers(&["Content-Type"]),
        Variant::Fixed => Cors::allow(APP).headers(&["Content-Type", "X-Api-Version"]),
    };
    Running::get(
        TestServer::start(cors.wrap(|_req: &Request| items())),
        "/items",
    )
    .method("POST")
    .json()
    .header("X-Api-Version", "2")
}

fn s08(v: Variant) -> Running {
    let cors = match v {
        Variant::Broken => Cors::allow(APP),
        Variant::Fixed => Cors::allow(APP).credentials(),
    };
    Running::get(
        TestServer::start(cors.wrap(|_req: &Request| items())),
        "/cart",
    )
    .credentials()
}

fn s09(v: Variant) -> Running {
    let cors = Cors::allow(APP);
    let server = match v {
        // nginx adds the header and so does the app behind it.
        Variant::Broken => TestServer::start(move |req: &Request| {
            cors.decorate(req, items())
                .header("Server", "nginx/1.24.0")
                .header("Access-Control-Allow-Origin", APP)
        }),
        Variant::Fixed => TestServer::start(move |req: &Request| {
            cors.decorate(req, items()).header("Server", "nginx/1.24.0")
        }),
    };
    Running::get(server, "/items")
}

fn s10(v: Variant) -> Running {
    let cors = Cors::allow(APP)
        .methods(&["PUT"])
        .headers(&["Content-Type"]);
    let server = match v {
        // APPEND_SLASH: every request to /items is redirected to /items/, OPTIONS included.
        Variant::Broken => TestServer::start(move |req: &Request| {
            if req.path_only().ends_with('/') {
                if req.is_preflight() {
                    cors.preflight(req)
                } else {
                    cors.decorate(req, items())
                }
            } else {
                Response::new(301).header("Location", &format!("{}/", req.path_only()))
            }
        }),
        Variant::Fixed => TestServer::start(cors.wrap(|_req: &Request| items())),
    };
    Running::get(server, "/items").method("PUT").json()
}

fn s11(v: Variant) -> Running {
    let idp = TestServer::start(|_req: &Request| {
        Response::new(200)
            .header("Content-Type", "text/html")
            .body("<form>log in</form>")
    });
    let login = idp.url("/oauth/authorize?client_id=app");
    let cors = Cors::allow(APP).credentials();
    let api = match v {
        // The session expired: the cookie-auth middleware (inside CORS) redirects to the
        // identity provider, which knows nothing about the page's origin.
        Variant::Broken => TestServer::start(
            cors.wrap(move |_req: &Request| Response::new(302).header("Location", &login)),
        ),
        // API requests get 401 (with CORS headers); the page starts the login itself.
        Variant::Fixed => TestServer::start(cors.wrap(|_req: &Request| {
            Response::new(401)
                .header("Content-Type", "application/json")
                .body(r#"{"error":"session expired"}"#)
        })),
    };
    let mut r = Running::get(api, "/api/prefs").credentials();
    r.servers.push(idp);
    r
}

fn s12(v: Variant) -> Running {
    let cors = Cors::allow(APP)
        .methods(&["PUT"])
        .headers(&["Content-Type"]);
    let server = match v {
        // API Gateway's mock OPTIONS; the Lambda behind it returns no CORS headers.
        Variant::Broken => TestServer::start(move |req: &Request| {
            if req.is_preflight() {
                cors.preflight(req).header("x-amz-apigw-id", "Xy1=")
            } else {
                items().header("x-amzn-RequestId", "1234")
            }
        }),
        Variant::Fixed => TestServer::start(cors.wrap(|_req: &Request| items())),
    };
    Running::get(server, "/items/1").method("PUT").json()
}

fn s13(v: Variant) -> Running {
    let cors = match v {
        Variant::Broken => Cors::allow(APP),
        Variant::Fixed => Cors::allow(APP).methods(&["DELETE"]),
    };
    Running::get(
        TestServer::start(cors.wrap(|_req: &Request| Response::new(204))),
        "/items/1",
    )
    .method("DELETE")
}

fn s14(v: Variant) -> Running {
    let server = match v {
        // Hard-coded production origin; the page runs on the dev origin.
        Variant::Broken => TestServer::start(|_req: &Request| {
            items().header("Access-Control-Allow-Origin", "https://app.example.com")
        }),
        Variant::Fixed => TestServer::start(
            Cors {
                origins: vec!["https://app.example.com".into(), APP.into()],
                ..Cors::allow(APP)
            }
            .wrap(|_req: &Request| items()),
        ),
    };
    Running::get(server, "/items")
}

/// A shared cache: (key, stored response).
type Cache = Arc<Mutex<Vec<(Option<String>, Response)>>>;

fn s15(v: Variant) -> Running {
    // A shared cache in front of an app that echoes the Origin. Broken: the cache keys on the
    // URL only and the app sends no Vary. Fixed: Vary: Origin, and the cache honours it.
    let cache: Cache = Arc::default();
    let vary = v == Variant::Fixed;
    let cors = Cors {
        vary,
        origins: vec!["*".into()],
        ..Cors::allow(APP)
    };
    let server = TestServer::start(move |req: &Request| {
        let key = if vary {
            req.origin().map(str::to_owned)
        } else {
            None
        };
        let mut c = cache.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((_, hit)) = c.iter().find(|(k, _)| *k == key) {
            return hit.clone().header("Age", "12").header("X-Cache", "HIT");
        }
        // The app echoes any allowed origin (a reflecting configuration).
        let mut r = items();
        if let Some(o) = req.origin() {
            r = r.header("Access-Control-Allow-Origin", o);
        }
        if cors.vary {
            r = r.header("Vary", "Origin");
        }
        c.push((key, r.clone()));
        r.header("X-Cache", "MISS")
    });
    Running::get(server, "/fonts/inter.woff2")
}

fn s16(v: Variant) -> Running {
    let server = match v {
        // `*` only when the request has an Origin, and no Vary.
        Variant::Broken => TestServer::start(|req: &Request| {
            let r = Response::new(200)
                .header("Content-Type", "image/png")
                .body("PNG");
            if req.origin().is_some() {
                r.header("Access-Control-Allow-Origin", "*")
            } else {
                r
            }
        }),
        Variant::Fixed => TestServer::start(|_req: &Request| {
            Response::new(200)
                .header("Content-Type", "image/png")
                .header("Access-Control-Allow-Origin", "*")
                .body("PNG")
        }),
    };
    Running::get(server, "/logo.png")
}

fn s17(v: Variant) -> Running {
    let cors = match v {
        Variant::Broken => Cors::allow(APP),
        Variant::Fixed => Cors::allow(APP).expose(&["X-Total-Count"]),
    };
    let mut r = Running::get(
        TestServer::start(cors.wrap(|_req: &Request| items().header("X-Total-Count", "1"))),
        "/items",
    );
    r.read_headers.push("X-Total-Count".to_owned());
    r
}

fn s18(v: Variant) -> Running {
    let cors = Cors::allow(APP).headers(&["Content-Type"]);
    let mut r = Running::get(
        TestServer::start(cors.wrap(|_req: &Request| items())),
        "/items",
    )
    .method("POST")
    .json();
    r.no_cors = v == Variant::Broken;
    r
}

fn s19(v: Variant) -> Running {
    let cookie = match v {
        Variant::Broken => "sid=abc123; Path=/; HttpOnly",
        Variant::Fixed => "sid=abc123; Path=/; HttpOnly; Secure; SameSite=None",
    };
    let cors = Cors::allow(APP).credentials();
    Running::get(
        TestServer::start(cors.wrap(move |_req: &Request| {
            Response::json(r#"{"ok":true}"#).header("Set-Cookie", cookie)
        })),
        "/login",
    )
    .credentials()
}

fn s20(v: Variant) -> Running {
    let public_page = "https://app.example.com";
    let cors = Cors {
        origins: vec![public_page.into(), APP.into()],
        ..Cors::allow(APP)
    };
    let mut r = Running::get(
        TestServer::start(cors.wrap(|_req: &Request| items())),
        "/status",
    );
    // The fix is on the page's side: the page that talks to a local service is served locally.
    if v == Variant::Broken {
        public_page.clone_into(&mut r.origin);
    }
    r
}
