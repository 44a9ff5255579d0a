//! What recorded exchanges show beyond the blocking check: causes that break the intended use
//! although CORS passes (a header the script reads is not exposed, a cache may serve another
//! origin's answer, a cookie is kept off cross-site requests), the Local Network Access step,
//! and the findings that do not block this request (the server reflects any origin, allows
//! `null`, caches preflights longer than browsers do, …).

use corsfix_model::cors::is_valid_allow_credentials;
use corsfix_model::exchange::{CheckedRequest, Exchange, ProbeRun, Purpose};
use corsfix_model::{Browser, Mode, Origin, Simulation};

use super::Builder;
use crate::catalog::{CauseCode, Facts, Likelihood};
use crate::diagnosis::{Finding, Severity};
use crate::heuristics::{cookie_problem, is_cache_hit, page_address_space, sites_differ};

pub(crate) struct Input<'a> {
    pub(crate) request: &'a CheckedRequest,
    pub(crate) page_origin: &'a Origin,
    pub(crate) run: &'a ProbeRun,
    pub(crate) extra: &'a [Exchange],
    pub(crate) sim: Option<&'a Simulation>,
    /// Whether Chromium lets the page read the response.
    pub(crate) allowed: bool,
    /// The origin the extra "other origin" probe sent, when there was one.
    pub(crate) other_origin: String,
}

impl Input<'_> {
    fn facts(&self) -> Facts {
        Facts {
            origin: Some(self.request.origin.clone()),
            url: Some(self.request.url.clone()),
            method: Some(self.request.method.clone()),
            ..Facts::default()
        }
    }
}

fn vary_has_origin(e: &Exchange) -> bool {
    e.header("vary")
        .is_some_and(|v| corsfix_model::cors::vary_names_origin(&v))
}

/// The request passes CORS (or not), but something else keeps it from working as meant.
pub(super) fn intended_use_causes(b: &mut Builder, input: &Input<'_>) {
    let run = input.run;
    let req = input.request;
    let f = input.facts();
    let final_actual = run
        .exchanges
        .iter()
        .rev()
        .find(|e| e.purpose == Purpose::Actual && e.status.is_some());
    let allowed = input.allowed;

    if req.mode == Mode::NoCors {
        b.add_with(
            CauseCode::NoCorsMode,
            Likelihood::Certain,
            &f,
            "The request ran in no-cors mode: the script gets status 0, no headers and an empty body. Check again without --no-cors to see the real CORS problem.",
        );
        return;
    }
    if allowed
        && let (Some(resp), Some(a)) = (
            input.sim.and_then(|s| s.chrome.response.as_ref()),
            final_actual,
        )
    {
        for (name, value) in &resp.readable_headers {
            if value.is_some() {
                continue;
            }
            if a.header(name).is_some() {
                let mut hf = f.clone();
                hf.header = Some(name.clone());
                let aceh = a.header("access-control-expose-headers");
                let seen = match aceh {
                    Some(v) => format!(
                        "The response has `{name}`, but Access-Control-Expose-Headers is `{v}`."
                    ),
                    None => {
                        format!("The response has `{name}`, but no Access-Control-Expose-Headers.")
                    }
                };
                b.add_with(
                    CauseCode::MissingExposeHeaders,
                    Likelihood::Certain,
                    &hf,
                    &seen,
                );
            }
        }
    }
    let Some(a) = final_actual else { return };
    if !allowed {
        return;
    }
    // CORS passes, and the answer the page reads is a CSRF check's refusal.
    if let (Some(status), Some(what)) = (
        a.status.filter(|s| *s >= 400),
        a.body.as_deref().and_then(crate::heuristics::csrf_refusal),
    ) {
        b.add_with(
            CauseCode::NotCorsCsrf,
            Likelihood::Certain,
            &f,
            &format!("CORS passes (the page can read the answer), but the answer is {status} from the server's CSRF check: `{what}`."),
        );
    }
    let acao = a.header("access-control-allow-origin");
    let echoes = acao.as_deref() == Some(req.origin.as_str()) && req.origin != "*";
    let other = input
        .extra
        .iter()
        .find(|e| e.purpose == Purpose::OtherOrigin && e.hop == 0);
    if echoes && !vary_has_origin(a) {
        // Does a second origin get our origin's answer back (a shared cache ignoring Origin)?
        let poisoned = other.is_some_and(|o| {
            o.header("access-control-allow-origin").as_deref() == Some(req.origin.as_str())
                && is_cache_hit(o)
        });
        let mut vf = f.clone();
        vf.value = acao;
        let reflects = other.is_some_and(|o| {
            o.header("access-control-allow-origin").as_deref() == Some(input.other_origin.as_str())
        });
        if poisoned {
            b.add_with(
                CauseCode::CachedAllowOrigin,
                Likelihood::Certain,
                &vf,
                &format!(
                    "A request from {} got a cached copy with `Access-Control-Allow-Origin: {}`.",
                    input.other_origin, req.origin
                ),
            );
        } else if reflects
            || other.is_none()
            || a.header("access-control-allow-origin")
                != other.and_then(|o| o.header("access-control-allow-origin"))
        {
            // The value depends on the Origin, and no Vary says so.
            b.add_with(
                CauseCode::CachedAllowOrigin,
                Likelihood::Possible,
                &vf,
                &format!("The response echoes `Access-Control-Allow-Origin: {}` but has no `Vary: Origin`, so any cache between the browser and the server may serve it to another origin.", req.origin),
            );
        }
    } else if acao.is_some() && !vary_has_origin(a) {
        // Only with Origin? A copy cached from a plain load then breaks CORS loads.
        let no_origin = input.extra.iter().find(|e| e.purpose == Purpose::NoOrigin);
        if let Some(n) = no_origin
            && n.status.is_some()
            && n.header("access-control-allow-origin").is_none()
            && !vary_has_origin(n)
        {
            b.add_with(
                    CauseCode::BrowserCacheNonCors,
                    Likelihood::Likely,
                    &f,
                    "Without an Origin header (as an <img> or a plain link loads it) the response has no Access-Control-Allow-Origin and no `Vary: Origin`, so a copy cached from such a load is reused for the CORS request and fails.",
                );
        }
    }
    if req.credentials && sites_differ(input.page_origin.as_str(), &a.url) {
        for (n, v) in &a.response_headers {
            if n.eq_ignore_ascii_case("set-cookie")
                && let Some(problem) = cookie_problem(v)
            {
                let code = CauseCode::CookieNotCrossSite;
                match b.causes.iter().position(|c| c.code == code.code()) {
                    Some(i) => b.causes[i].detail.push_str(&format!(" Also: {problem}.")),
                    None => {
                        let facts = Facts {
                            origin: Some(req.origin.clone()),
                            url: Some(a.url.clone()),
                            ..Facts::default()
                        };
                        b.add_with(code, Likelihood::Likely, &facts, &format!("The {problem}."));
                    }
                }
            }
        }
    }
}

/// Whether Chromium's verdict is a Local Network Access refusal.
fn lna_refused(sim: &Simulation) -> bool {
    sim.chrome.failure.as_ref().is_some_and(|f| {
        matches!(
            f.cors_error(),
            Some(
                corsfix_model::CorsError::InsecureLocalNetwork
                    | corsfix_model::CorsError::InvalidLocalNetworkAccess
                    | corsfix_model::CorsError::LocalNetworkAccessPermissionDenied
            )
        )
    })
}

/// Local Network Access. When the recorded case says where the page and the server are (check
/// fills in `address_space`) and Chromium refused the connection, what happens once the user
/// allows it: the CORS checks then run on the answers the server gave, and their causes
/// follow the Local Network Access one. Without `address_space` (a HAR, a case), a guess from
/// the page's host and the server's addresses.
pub(super) fn lna_causes(b: &mut Builder, input: &Input<'_>) {
    if let (Some(case), Some(sim)) = (input.run.case.as_ref(), input.sim)
        && case.address_space.is_some()
    {
        if lna_refused(sim) && case.lna_permission != Some(corsfix_model::LnaPermission::Granted) {
            after_permission(b, input.run, case);
        }
        return;
    }
    let Some(page) = page_address_space(input.page_origin.as_str()) else {
        return;
    };
    // AddressSpace orders loopback < local < public: more private first.
    let Some(target) = input.run.address_spaces.iter().copied().min() else {
        return;
    };
    if !corsfix_model::lna::is_less_public(target, page) {
        return;
    }
    let mut f = input.facts();
    f.value = Some(target.name().to_owned());
    let seen = format!(
        "The page's origin looks {} and {} resolves to the {} address space: Chrome (142+) and Firefox (153) ask the user before the first request leaves the browser.",
        page.name(),
        input.request.url,
        target.name()
    );
    let secure = corsfix_model::lna::is_secure_context(input.page_origin.as_str(), None);
    let code = if secure {
        CauseCode::LnaPermissionDenied
    } else {
        CauseCode::LnaInsecureContext
    };
    b.add_with(code, Likelihood::Likely, &f, &seen);
}

/// The causes once the permission is granted, after the Local Network Access cause.
fn after_permission(b: &mut Builder, run: &ProbeRun, case: &corsfix_model::Case) {
    let mut granted = case.clone();
    granted.lna_permission = Some(corsfix_model::LnaPermission::Granted);
    let sim = Simulation::run(&granted);
    if lna_refused(&sim) {
        // Still refused (not a secure context, a wrong targetAddressSpace): nothing to add.
        return;
    }
    let sentence = if sim.chrome.allowed {
        "With the answers the server gives now, the CORS checks then pass.".to_owned()
    } else {
        let mut after = Builder::default();
        let mut run = run.clone();
        run.case = Some(granted);
        let o = super::observe::of_run(&run, Some(&sim));
        super::rank::rank(&mut after, &o);
        let first = after.causes.first().map(|c| c.summary.clone());
        for mut c in after.causes {
            if !b.causes.iter().any(|x| x.code == c.code) {
                c.detail = format!("Once Local Network Access is allowed: {}", c.detail);
                b.causes.push(c);
            }
        }
        first.map_or_else(
            || "With the answers the server gives now, the CORS checks then fail.".to_owned(),
            |s| format!("With the answers the server gives now, the CORS checks then fail: {s}."),
        )
    };
    if let Some(c) = b.causes.iter_mut().find(|c| {
        c.cause_code()
            .is_some_and(|k| matches!(k, CauseCode::LnaPermissionDenied))
    }) {
        c.detail = format!("{} {sentence}", c.detail);
    }
}

pub(super) fn findings(input: &Input<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    let req = input.request;
    for name in &req.dropped_headers {
        out.push(Finding {
            code: "forbidden-header-dropped".to_owned(),
            severity: Severity::Low,
            message: format!("`{name}` is a forbidden request header: browsers never send what a script sets there, so it was left out."),
        });
    }
    let other = input.other_origin.as_str();
    for e in input.extra {
        let acao = e.header("access-control-allow-origin");
        let acac =
            is_valid_allow_credentials(e.header("access-control-allow-credentials").as_deref());
        match e.purpose {
            Purpose::OtherOrigin if acao.as_deref() == Some(other) => {
                out.push(Finding {
                    code: if acac { "reflects-any-origin-with-credentials" } else { "reflects-any-origin" }.to_owned(),
                    severity: if acac { Severity::High } else { Severity::Medium },
                    message: if acac {
                        format!("The server echoes any Origin ({other} was allowed) together with `Access-Control-Allow-Credentials: true`: every website can read this API with the user's cookies. Allow a fixed list of origins.")
                    } else {
                        format!("The server echoes any Origin ({other} was allowed). If that is intended, `*` says it more plainly; otherwise allow a fixed list.")
                    },
                });
            }
            Purpose::NullOrigin if acao.as_deref() == Some("null") => {
                out.push(Finding {
                    code: "allows-null-origin".to_owned(),
                    severity: if acac { Severity::High } else { Severity::Medium },
                    message: format!("The server allows `Origin: null`{}: sandboxed iframes and data: pages on any site send that origin. Remove `null` from the allowed origins.", if acac { " with credentials" } else { "" }),
                });
            }
            _ => {}
        }
    }
    for e in input
        .run
        .exchanges
        .iter()
        .filter(|e| e.purpose == Purpose::Preflight)
    {
        let value = e.header("access-control-max-age");
        if corsfix_model::max_age::parse(value.as_deref(), Browser::Chrome).source
            == corsfix_model::max_age::MaxAgeSource::Capped
        {
            let secs = value.unwrap_or_default();
            out.push(Finding {
                code: "max-age-above-cap".to_owned(),
                severity: Severity::Low,
                message: format!(
                    "Access-Control-Max-Age is {secs} s; Chrome caps it at {} s (2 h), Firefox at {} s (24 h), Safari at {} s. While you change the CORS configuration, browsers may keep using an old preflight result for that long.",
                    corsfix_model::max_age::CHROME_CAP_SECONDS,
                    corsfix_model::max_age::FIREFOX_CAP_SECONDS,
                    corsfix_model::max_age::SAFARI_CAP_SECONDS,
                ),
            });
        }
        if e.header("access-control-allow-origin").as_deref() == Some("*")
            && is_valid_allow_credentials(e.header("access-control-allow-credentials").as_deref())
            && !req.credentials
        {
            out.push(Finding {
                code: "wildcard-with-credentials-header".to_owned(),
                severity: Severity::Low,
                message: "The server sends `Access-Control-Allow-Origin: *` with `Access-Control-Allow-Credentials: true`; any request with credentials will be blocked.".to_owned(),
            });
        }
    }
    if let Some(resp) = input.sim.and_then(|s| s.chrome.response.as_ref()) {
        let last = input
            .run
            .exchanges
            .iter()
            .rev()
            .find(|e| e.purpose == Purpose::Actual);
        for (name, value) in &resp.readable_headers {
            if value.is_none() && last.is_some_and(|a| a.header(name).is_none()) {
                out.push(Finding {
                    code: "read-header-absent".to_owned(),
                    severity: Severity::Low,
                    message: format!("The response has no `{name}` header at all, so the script cannot read it whatever CORS allows."),
                });
            }
        }
    }
    out.dedup();
    out
}
