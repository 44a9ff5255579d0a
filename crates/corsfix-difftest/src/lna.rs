//! Local Network Access cases: generated requests from pages in every address space
//! (`public`, `local`, `loopback`), secure and not, with the permission granted and denied, to
//! servers in every space, with preflights, redirects into a more private space,
//! `targetAddressSpace`, iframes and their `allow` attribute, and `https:` pages meeting mixed
//! content.
//!
//! The browser is told which space each loopback port is in: Chromium with
//! `--ip-address-space-overrides=127.0.0.1:PORT=public|local`, Firefox with
//! `network.lna.address_space.{public,private}.override`. A page's space and the permission
//! are per browser launch, so the cases come in [`Group`]s, one launch each.

use corsfix_model::{
    AddressSpace, AddressSpaces, Case, Credentials, Frame, Hop, Initiator, LnaPermission, Mode,
    RedirectMode, RequestSpec, ResponseSpec,
};
use rand::rngs::StdRng;
use rand::{Rng, RngCore, SeedableRng};

use crate::engines::{Engine, Launch};
use crate::server::Replay;

/// The ports of a Local Network Access run: the replay server's page and API ports, its extra
/// ports (one in the `local` space, one in the `public` space) and the TLS front's port.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LnaPorts {
    /// The page (its space is the group's).
    pub page: u16,
    /// A `loopback` server.
    pub loopback: u16,
    /// A second `loopback` server (another origin).
    pub loopback2: u16,
    /// A `local` server.
    pub local: u16,
    /// A `public` server (also where iframes are served from).
    pub public: u16,
    /// The page over https (the TLS front of `tests/browser/run.mjs`), in the `public` space.
    pub tls: u16,
}

impl LnaPorts {
    /// The ports of `replay` (started with [`Replay::start_with`]`(2)`) and a free `tls` port.
    pub fn of(replay: &Replay, tls: u16) -> Self {
        let p = replay.ports();
        let extra = replay.extra_ports();
        Self {
            page: p.page,
            loopback: p.api,
            loopback2: p.api2,
            local: extra.first().copied().unwrap_or(p.api),
            public: extra.get(1).copied().unwrap_or(p.api),
            tls,
        }
    }

    /// The address space a server port is in.
    pub fn space(&self, port: u16) -> AddressSpace {
        if port == self.local {
            AddressSpace::Local
        } else if port == self.public || port == self.tls {
            AddressSpace::Public
        } else {
            AddressSpace::Loopback
        }
    }
}

/// How the page is served.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    /// `http://127.0.0.1:PORT`: a secure context (loopback hosts are potentially trustworthy).
    Secure,
    /// `http://page.test:PORT`: not a secure context.
    Insecure,
    /// `https://page.test:TLS`: a secure context where `http:` requests are mixed content.
    Https,
}

/// One browser launch: the page's space, how it is served, the permission, and its cases.
#[derive(Debug, Clone)]
pub struct Group {
    /// A short name (`public-secure-granted`, …).
    pub name: String,
    /// How to launch the browser.
    pub launch: Launch,
    /// The cases (their `origin` is the group's page).
    pub cases: Vec<Case>,
}

/// The groups an engine runs: every page space, secure and not, granted and denied.
/// `per_group` cases each, ids `l{seed}-{group}-{n}`.
pub fn groups(engine: Engine, seed: u64, per_group: usize, ports: LnaPorts) -> Vec<Group> {
    use AddressSpace::{Local, Loopback, Public};
    use LnaPermission::{Denied, Granted};
    use PageKind::{Https, Insecure, Secure};
    let mut plan = vec![
        (Public, Secure, Denied),
        (Public, Secure, Granted),
        (Local, Secure, Denied),
        (Loopback, Secure, Denied),
        (Public, Insecure, Denied),
        (Public, Insecure, Granted),
        (Local, Insecure, Denied),
    ];
    if engine == Engine::Chromium {
        plan.push((Public, Https, Denied));
        plan.push((Public, Https, Granted));
    }
    let mut rng = StdRng::seed_from_u64(seed);
    plan.into_iter()
        .enumerate()
        .map(|(g, (space, kind, permission))| {
            let name = format!(
                "{}-{}-{}",
                space.name(),
                match kind {
                    Secure => "secure",
                    Insecure => "insecure",
                    Https => "https",
                },
                match permission {
                    Granted => "granted",
                    Denied => "denied",
                }
            );
            let origin = match kind {
                Secure => format!("http://127.0.0.1:{}", ports.page),
                Insecure => format!("http://page.test:{}", ports.page),
                Https => format!("https://page.test:{}", ports.tls),
            };
            let mut case_rng = StdRng::seed_from_u64(rng.next_u64());
            let mut generator = LnaGen {
                rng: &mut case_rng,
                ports,
                engine,
                origin: origin.clone(),
                space,
                kind,
                permission,
            };
            let cases = (0..per_group)
                .map(|n| generator.case(format!("l{seed}-{g}-{n}")))
                .collect();
            Group {
                name,
                launch: launch(engine, ports, space, kind, permission, &origin),
                cases,
            }
        })
        .collect()
}

/// The browser switches for one group.
fn launch(
    engine: Engine,
    ports: LnaPorts,
    page_space: AddressSpace,
    kind: PageKind,
    permission: LnaPermission,
    origin: &str,
) -> Launch {
    let page_port = if kind == PageKind::Https {
        ports.tls
    } else {
        ports.page
    };
    let mut l = Launch::default();
    match engine {
        Engine::Chromium => {
            let mut overrides = vec![
                format!("127.0.0.1:{}=local", ports.local),
                format!("127.0.0.1:{}=public", ports.public),
            ];
            if page_space != AddressSpace::Loopback {
                overrides.push(format!("127.0.0.1:{page_port}={}", page_space.name()));
            }
            l.args = vec![
                format!("--ip-address-space-overrides={}", overrides.join(",")),
                "--host-resolver-rules=MAP *.test 127.0.0.1,MAP *.local 127.0.0.1,MAP 10.0.0.7 127.0.0.1".to_owned(),
            ];
        }
        Engine::Firefox | Engine::WebKit => {
            let mut public = vec![format!("127.0.0.1:{}", ports.public)];
            let mut private = vec![format!("127.0.0.1:{}", ports.local)];
            match page_space {
                AddressSpace::Public => public.push(format!("127.0.0.1:{page_port}")),
                AddressSpace::Local => private.push(format!("127.0.0.1:{page_port}")),
                AddressSpace::Loopback => {}
            }
            let prefs = [
                (
                    "network.lna.address_space.public.override",
                    public.join(","),
                ),
                (
                    "network.lna.address_space.private.override",
                    private.join(","),
                ),
                ("network.dns.localDomains", "page.test,api.test".to_owned()),
            ];
            for (k, v) in prefs {
                l.prefs.insert(k.to_owned(), serde_json::Value::String(v));
            }
            l.prefs.insert(
                "network.lna.blocking".to_owned(),
                serde_json::Value::Bool(true),
            );
        }
    }
    let frame_origin = format!("http://127.0.0.1:{}", ports.public);
    match permission {
        LnaPermission::Granted => l.grant = vec![origin.to_owned()],
        LnaPermission::Denied => l.deny = vec![origin.to_owned(), frame_origin],
    }
    if kind != PageKind::Secure {
        l.page_url = Some(format!("{origin}/"));
    }
    if kind == PageKind::Https {
        l.tls_port = Some(ports.tls);
    }
    l
}

struct LnaGen<'r> {
    rng: &'r mut StdRng,
    ports: LnaPorts,
    engine: Engine,
    origin: String,
    space: AddressSpace,
    kind: PageKind,
    permission: LnaPermission,
}

/// Pick from `(weight, value)` pairs.
fn weighted<T: Clone>(rng: &mut StdRng, items: &[(u32, T)]) -> T {
    let total: u32 = items.iter().map(|(w, _)| w).sum();
    let mut at = rng.random_range(0..total);
    for (w, v) in items {
        if at < *w {
            return v.clone();
        }
        at -= w;
    }
    items[items.len() - 1].1.clone()
}

/// What the script asks for: (method, headers, body).
type Ask = (
    &'static str,
    &'static [(&'static str, &'static str)],
    Option<&'static str>,
);

const ASKS: &[(u32, Ask)] = &[
    (30, ("GET", &[], None)),
    (12, ("POST", &[], Some("x=1"))),
    (
        15,
        ("PUT", &[("Content-Type", "application/json")], Some("{}")),
    ),
    (8, ("DELETE", &[], None)),
    (12, ("GET", &[("X-Api-Key", "k")], None)),
    (
        5,
        (
            "POST",
            &[
                ("Content-Type", "application/json"),
                ("Authorization", "Bearer t"),
            ],
            Some("{}"),
        ),
    ),
];

/// How a server answers: as CORS wants it, or one of the usual mistakes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Answer {
    Good,
    Star,
    NoAllowOrigin,
    OtherOrigin,
    PreflightNotFound,
    NoAllowMethods,
}

impl LnaGen<'_> {
    fn chance(&mut self, p: f64) -> bool {
        self.rng.random_bool(p)
    }

    fn host_for(&mut self, port: u16) -> String {
        let space = self.ports.space(port);
        // Names that resolve to the test server through the browser's resolver rules: a
        // hostname (mixed content from an https page), a private IP literal and a `.local`
        // name (both exempt from mixed content in Chromium when the server is local).
        let mut choices: Vec<(u32, &str)> = vec![(60, "127.0.0.1"), (20, "api.test")];
        if space == AddressSpace::Local && self.engine == Engine::Chromium {
            choices.push((10, "10.0.0.7"));
            choices.push((10, "printer.local"));
        }
        weighted(self.rng, &choices).to_owned()
    }

    fn case(&mut self, id: String) -> Case {
        let p = self.ports;
        let frame =
            self.kind == PageKind::Secure && self.space == AddressSpace::Public && self.chance(0.2);
        let (origin, page_space, frame) = if frame {
            let allow: Option<&str> = weighted(
                self.rng,
                &[
                    (3, None),
                    (3, Some("local-network-access")),
                    (2, Some("loopback-network")),
                    (2, Some("local-network")),
                    (1, Some("loopback-network; local-network")),
                ],
            );
            (
                format!("http://127.0.0.1:{}", p.public),
                AddressSpace::Public,
                Some(Frame {
                    top: self.origin.clone(),
                    allow: allow.map(str::to_owned),
                }),
            )
        } else {
            (self.origin.clone(), self.space, None)
        };
        let mut ports = vec![(4, p.loopback), (3, p.local)];
        if frame.is_none() {
            ports.push((2, p.public));
        }
        let port = weighted(self.rng, &ports);
        let target = self.ports.space(port);
        let host = if frame.is_some() {
            "127.0.0.1".to_owned()
        } else {
            self.host_for(port)
        };
        let base = format!("/c/{id}/1");
        let url = format!("http://{host}:{port}{base}");
        let xhr = self.chance(0.12);
        let (method, hdrs, body) = weighted(self.rng, ASKS);
        let credentials = weighted(
            self.rng,
            &[
                (3, Credentials::SameOrigin),
                (1, Credentials::Omit),
                (2, Credentials::Include),
            ],
        );
        let credentials = if xhr && credentials == Credentials::Omit {
            Credentials::SameOrigin
        } else {
            credentials
        };
        let simple = hdrs.is_empty() && matches!(method, "GET" | "POST");
        let mode = if !xhr && simple && self.chance(0.1) {
            Mode::NoCors
        } else {
            Mode::Cors
        };
        // fetch()'s targetAddressSpace: mostly absent, often right, sometimes wrong.
        // (XMLHttpRequest has no such option; Firefox ignores it.)
        let declared = if xhr {
            None
        } else {
            weighted(
                self.rng,
                &[
                    (10, None),
                    (5, Some(target)),
                    (1, Some(AddressSpace::Local)),
                    (1, Some(AddressSpace::Loopback)),
                    (1, Some(AddressSpace::Public)),
                ],
            )
        };
        let include = credentials == Credentials::Include;
        let names: Vec<&str> = hdrs.iter().map(|(n, _)| *n).collect();
        let mut first = self.hop(&origin, include, method, &names);
        // A redirect, often into a more private space.
        if self.chance(0.22) {
            let next_port = weighted(self.rng, &[(4, p.loopback2), (3, p.local), (2, p.public)]);
            let next_host = if frame.is_some() {
                "127.0.0.1".to_owned()
            } else {
                self.host_for(next_port)
            };
            let location = format!("http://{next_host}:{next_port}{base}/h1");
            let status = if method == "GET" {
                weighted(self.rng, &[(1, 302), (1, 307)])
            } else {
                307
            };
            // The redirect itself must pass the CORS check for the chain to go on.
            let mut redirect = self.response(false, &origin, include, method, &names, Answer::Good);
            redirect.status = status;
            redirect
                .headers
                .insert(0, ("Location".to_owned(), location));
            // After a cross-origin redirect the request's origin is `null`.
            let mut next = self.hop("null", include, method, &names);
            next.target = Some(self.ports.space(next_port));
            redirect.next = Some(Box::new(next));
            first.actual = Some(redirect);
        }
        let request = RequestSpec {
            method: method.to_owned(),
            headers: hdrs
                .iter()
                .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
                .collect(),
            credentials,
            mode,
            read_headers: Vec::new(),
            redirect: RedirectMode::Follow,
            body: body.map(str::to_owned),
            initiator: if xhr {
                Initiator::XmlHttpRequest
            } else {
                Initiator::Fetch
            },
            target_address_space: declared,
        };
        Case {
            id: Some(serde_json::Value::String(id)),
            origin,
            url,
            request,
            preflight: first.preflight,
            actual: first.actual,
            address_space: Some(AddressSpaces {
                page: page_space,
                target,
                frame,
            }),
            lna_permission: Some(self.permission),
        }
    }

    fn hop(&mut self, origin: &str, include: bool, method: &str, names: &[&str]) -> Hop {
        let answer = weighted(
            self.rng,
            &[
                (12, Answer::Good),
                (2, Answer::Star),
                (2, Answer::NoAllowOrigin),
                (1, Answer::OtherOrigin),
                (1, Answer::PreflightNotFound),
                (1, Answer::NoAllowMethods),
            ],
        );
        Hop {
            target: None,
            preflight: Some(self.response(true, origin, include, method, names, answer)),
            actual: Some(self.response(false, origin, include, method, names, answer)),
        }
    }

    fn response(
        &mut self,
        preflight: bool,
        origin: &str,
        include: bool,
        method: &str,
        names: &[&str],
        answer: Answer,
    ) -> ResponseSpec {
        let mut headers: Vec<(String, String)> = Vec::new();
        let acao = match answer {
            Answer::NoAllowOrigin => None,
            Answer::Star => Some("*".to_owned()),
            Answer::OtherOrigin => Some("http://other.test".to_owned()),
            _ => Some(origin.to_owned()),
        };
        if let Some(v) = acao {
            headers.push(("Access-Control-Allow-Origin".to_owned(), v));
        }
        if include && answer != Answer::Star {
            headers.push((
                "Access-Control-Allow-Credentials".to_owned(),
                "true".to_owned(),
            ));
        }
        let status;
        if preflight {
            status = if answer == Answer::PreflightNotFound {
                404
            } else {
                204
            };
            if answer != Answer::NoAllowMethods {
                headers.push(("Access-Control-Allow-Methods".to_owned(), method.to_owned()));
            }
            if !names.is_empty() {
                headers.push(("Access-Control-Allow-Headers".to_owned(), names.join(", ")));
            }
            if answer == Answer::PreflightNotFound {
                headers.retain(|(n, _)| n != "Access-Control-Allow-Origin");
            }
        } else {
            status = weighted(self.rng, &[(4, 200u16), (1, 201), (1, 404)]);
        }
        ResponseSpec {
            status,
            headers,
            next: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PORTS: LnaPorts = LnaPorts {
        page: 8001,
        loopback: 8002,
        loopback2: 8003,
        local: 8004,
        public: 8005,
        tls: 8006,
    };

    #[test]
    fn the_groups_cover_every_dimension() {
        let groups = groups(Engine::Chromium, 7, 60, PORTS);
        assert_eq!(groups.len(), 9);
        let all: Vec<String> = groups
            .iter()
            .flat_map(|g| g.cases.iter())
            .map(|c| serde_json::to_string(c).unwrap())
            .collect();
        let count = |needle: &str| all.iter().filter(|j| j.contains(needle)).count();
        for needle in [
            "\"target_address_space\":\"local\"",
            "\"target_address_space\":\"loopback\"",
            "\"target_address_space\":\"public\"",
            "\"frame\":{",
            "\"allow\":\"local-network-access\"",
            "\"target\":\"loopback\"",
            "\"target\":\"local\"",
            "\"page\":\"local\"",
            "\"origin\":\"https://page.test:8006\"",
            "\"origin\":\"http://page.test:8001\"",
            "http://10.0.0.7:8004/",
            "http://printer.local:8004/",
            "\"lna_permission\":\"granted\"",
            "\"mode\":\"no-cors\"",
            "\"initiator\":\"xmlhttprequest\"",
            "\"method\":\"PUT\"",
            "\"credentials\":\"include\"",
        ] {
            assert!(count(needle) >= 3, "fewer than 3 cases with {needle}");
        }
        // Same seed, same cases.
        let again = super::groups(Engine::Chromium, 7, 60, PORTS);
        assert_eq!(groups[3].cases, again[3].cases);
        // The cases reach every outcome, so the test can fail on each rule.
        let mut kinds = std::collections::BTreeMap::new();
        for c in groups.iter().flat_map(|g| &g.cases) {
            let v = corsfix_model::simulate(c, corsfix_model::Browser::Chrome);
            let k = v.failure.map_or("allowed", |f| f.kind_name());
            *kinds.entry(k).or_insert(0) += 1;
            if !v.warnings.is_empty() {
                *kinds.entry("mixed-content-warning").or_insert(0) += 1;
            }
        }
        for k in [
            "allowed",
            "LocalNetworkAccessPermissionDenied",
            "InsecureLocalNetwork",
            "InvalidLocalNetworkAccess",
            "NetworkError",
            "MissingAllowOriginHeader",
            "PreflightMissingAllowOriginHeader",
            "mixed-content-warning",
        ] {
            assert!(kinds.get(k).copied().unwrap_or(0) >= 3, "{k}: {kinds:?}");
        }
        // Firefox gets no https page (no TLS front there).
        let ff = super::groups(Engine::Firefox, 7, 60, PORTS);
        assert_eq!(ff.len(), 7);
    }
}
