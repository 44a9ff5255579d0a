//! What the evidence shows, in one shape: an [`Obs`]. A pasted text fills in what its words
//! say (and leaves the rest unknown); recorded exchanges fill in everything the browser saw,
//! with the model's verdict saying which response failed. The ranking then reads one shape,
//! so a pasted line and a probe that saw the same answer get the same causes, and the probe's
//! are certain.

use corsfix_model::exchange::{Exchange, NetworkErrorKind, ProbeRun, Purpose};
use corsfix_model::parse::{Kind, Reading};
use corsfix_model::simulate::Stage;
use corsfix_model::{Browser, Reason, Simulation};

use crate::heuristics::looks_like_login;

/// What the evidence shows about the failing request.
#[derive(Debug, Default)]
pub(crate) struct Obs<'a> {
    /// Whether this was recorded (a probe, a HAR, a case) rather than read from words: what
    /// it shows is certain.
    pub(crate) recorded: bool,
    /// The failure: a Chromium `CorsError`, or a look-alike.
    pub(crate) kind: Option<Kind>,
    /// Who printed it (text).
    pub(crate) browser: Option<Browser>,
    /// Whether the preflight failed (`None`: the words cannot tell).
    pub(crate) on_preflight: Option<bool>,
    /// The failing response's status.
    pub(crate) status: Option<u16>,
    /// The page origin.
    pub(crate) origin: Option<String>,
    /// The URL whose response failed (after redirects).
    pub(crate) url: Option<String>,
    /// The first URL, when the request was redirected.
    pub(crate) first_url: Option<String>,
    /// A redirect target the evidence names.
    pub(crate) location: Option<String>,
    /// The request method (never `OPTIONS`).
    pub(crate) method: Option<String>,
    /// The failed parameter (header name, method, header value, address space).
    pub(crate) parameter: Option<String>,
    /// Chromium's resource word (`font`, `image`, …), from a pasted line.
    pub(crate) resource: Option<String>,
    /// The client's own words for a network failure.
    pub(crate) detail: Option<String>,
    /// The recorded run, when there is one.
    pub(crate) run: Option<&'a ProbeRun>,
    /// The failing response's exchange.
    pub(crate) ex: Option<&'a Exchange>,
    /// The preflight exchange for the failing URL.
    pub(crate) preflight_ex: Option<&'a Exchange>,
    /// The request went out with `Origin: null` after a cross-origin redirect.
    pub(crate) tainted: bool,
    /// The redirect hops before the failure, in words (`GET … answered 302; …`).
    pub(crate) chain: Option<String>,
    /// A redirect to what looks like a login page was followed or refused.
    pub(crate) login_redirect: Option<String>,
    /// The preflight itself got no answer (Chrome leaves the request pending).
    pub(crate) preflight_unanswered: bool,
    /// A pasted text shows one page refused with another page's origin as the
    /// Access-Control-Allow-Origin value (`(other origin, value)`): the server reflects
    /// origins, and one origin's answer was served to the other.
    pub(crate) swapped_origin: Option<(String, String)>,
}

/// What a pasted text says.
pub(crate) fn of_reading(r: &Reading) -> Obs<'_> {
    let preflight_error = matches!(r.kind, Some(Kind::Cors(e)) if e.is_preflight());
    Obs {
        recorded: false,
        kind: r.kind,
        browser: r.browser,
        on_preflight: if preflight_error {
            Some(true)
        } else {
            r.preflight
        },
        status: r.status,
        origin: r.origin.clone(),
        url: r.url.clone(),
        first_url: r.redirected_from.clone(),
        location: r.location.clone(),
        method: r.method.clone().filter(|m| m != "OPTIONS"),
        parameter: r.parameter.clone(),
        resource: r.resource.clone(),
        swapped_origin: r.mismatches.iter().find_map(|(origin, value)| {
            r.mismatches
                .iter()
                .any(|(other, _)| other != origin && other == value)
                .then(|| (origin.clone(), value.clone()))
        }),
        ..Obs::default()
    }
}

/// The look-alike a network failure of a run is.
fn network_kind(k: NetworkErrorKind) -> Kind {
    match k {
        NetworkErrorKind::ConnectionRefused => Kind::ConnectionRefused,
        NetworkErrorKind::NameNotResolved => Kind::NameNotResolved,
        NetworkErrorKind::Certificate => Kind::CertificateError,
        NetworkErrorKind::TooManyRedirects => Kind::TooManyRedirects,
        _ => Kind::NetworkError,
    }
}

/// What recorded exchanges show, with the model's verdict on them.
pub(crate) fn of_run<'a>(run: &'a ProbeRun, sim: Option<&Simulation>) -> Obs<'a> {
    let req = &run.request;
    let mut o = Obs {
        recorded: true,
        origin: Some(req.origin.clone()),
        url: Some(req.url.clone()),
        method: Some(req.method.clone()),
        run: Some(run),
        ..Obs::default()
    };
    if let Some(target) = &run.mixed_content {
        o.kind = Some(Kind::MixedContent);
        o.url = Some(target.clone());
        return o;
    }
    if let Some(err) = &run.network_error {
        o.kind = Some(network_kind(err.kind));
        o.detail = Some(err.message.clone());
        let last = run.exchanges.last();
        o.preflight_unanswered = last.is_some_and(|e| e.purpose == Purpose::Preflight)
            && matches!(
                err.kind,
                NetworkErrorKind::Timeout | NetworkErrorKind::ConnectionReset
            );
        o.on_preflight = last.map(|e| e.purpose == Purpose::Preflight);
        if let Some(e) = last {
            o.url = Some(e.url.clone());
        }
        return o;
    }
    let Some(failure) = sim.and_then(|s| s.chrome.failure.as_ref()) else {
        return o;
    };
    o.status = failure.status;
    o.url = Some(failure.url.clone());
    o.on_preflight = Some(failure.stage == Stage::Preflight);
    let purpose = if failure.stage == Stage::Preflight {
        Purpose::Preflight
    } else {
        Purpose::Actual
    };
    o.ex = run.exchange_at(purpose, &failure.url);
    o.status = o.ex.and_then(|e| e.status).or(failure.status);
    o.preflight_ex = run.exchange_at(Purpose::Preflight, &failure.url);
    match &failure.reason {
        Reason::Chrome { error, parameter } => {
            o.kind = Some(Kind::Cors(*error));
            o.parameter = Some(parameter.clone());
        }
        Reason::Network { detail } => {
            o.kind = Some(if detail.contains("redirects") {
                Kind::TooManyRedirects
            } else {
                Kind::NetworkError
            });
            o.detail = Some(detail.clone());
        }
        _ => {}
    }
    // A redirect chain that ends somewhere else: the hops are part of the story.
    if failure.url != req.url && failure.stage != Stage::Request {
        o.first_url = Some(req.url.clone());
        let hops: Vec<&Exchange> = run
            .exchanges
            .iter()
            .filter(|e| e.purpose == Purpose::Actual && e.header("location").is_some())
            .collect();
        o.chain = Some(
            hops.iter()
                .map(|e| {
                    format!(
                        "{} {} answered {}",
                        e.method,
                        e.url,
                        e.status.unwrap_or_default()
                    )
                })
                .collect::<Vec<_>>()
                .join("; "),
        );
        if hops
            .iter()
            .filter_map(|e| e.header("location"))
            .any(|l| looks_like_login(&l))
            || looks_like_login(&failure.url)
        {
            o.login_redirect = Some(failure.url.clone());
        }
        o.tainted = run
            .exchanges
            .iter()
            .any(|e| e.url == failure.url && e.request_header("origin") == Some("null"));
    }
    if failure.stage == Stage::Redirect || failure.stage == Stage::Preflight {
        let location = o.ex.and_then(|e| e.header("location")).map(|l| {
            url::Url::parse(&failure.url)
                .and_then(|u| u.join(&l))
                .map_or(l, |u| u.to_string())
        });
        if failure.stage == Stage::Redirect
            && let Some(l) = location.as_deref().filter(|l| looks_like_login(l))
        {
            o.login_redirect = Some(l.to_owned());
        }
        o.location = location.or(o.location);
    }
    o
}
