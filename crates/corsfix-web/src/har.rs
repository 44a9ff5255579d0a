//! HAR upload (local mode only): a DevTools recording, posted as a file from the page, read in
//! memory, judged request by request by the browser model, and dropped. Nothing is written to
//! disk or logged.

use axum::Router;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{DefaultBodyLimit, Multipart, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::post;
use corsfix_diagnose::Evidence;
use corsfix_diagnose::report::Report;
use corsfix_model::{Simulation, har};
use serde::Serialize;

use crate::preview::BrowserVerdict;
use crate::{AppState, ProbeMode};

/// The largest HAR the page accepts. DevTools' "Save all as HAR with content" files get big;
/// a file without response bodies is a fraction of that.
pub(crate) const MAX_HAR_BYTES: usize = 100 * 1024 * 1024;

pub(crate) fn router() -> Router<AppState> {
    Router::new().route(
        "/har",
        post(upload)
            .get(|| async { crate::pages::redirect_to("/?mode=har") })
            .layer(DefaultBodyLimit::max(MAX_HAR_BYTES)),
    )
}

/// What the HAR tab shows.
#[derive(Debug, Default, Serialize)]
pub(crate) struct HarView {
    /// The uploaded file's name, as the browser sent it.
    pub(crate) file_name: String,
    pub(crate) result: Option<HarReport>,
    pub(crate) error: Option<String>,
}

/// Every cross-origin request in a HAR, judged.
#[derive(Debug, Serialize)]
pub(crate) struct HarReport {
    /// How many entries the file holds, and how many of them are cross-origin requests.
    pub(crate) entries: usize,
    pub(crate) cross_origin: usize,
    /// The requests some browser blocks, in the file's order, then those every browser allows.
    pub(crate) blocked: Vec<HarRequest>,
    pub(crate) allowed: Vec<HarRequest>,
}

/// One cross-origin request of the HAR.
#[derive(Debug, Serialize)]
pub(crate) struct HarRequest {
    /// The index of its entry in `log.entries`.
    pub(crate) entry: usize,
    pub(crate) started: Option<String>,
    pub(crate) method: String,
    pub(crate) url: String,
    pub(crate) origin: String,
    pub(crate) preflight: bool,
    pub(crate) verdicts: Vec<BrowserVerdict>,
    /// Verdict, cause, fix, evidence (the HAR's notes included), from `corsfix-diagnose`.
    pub(crate) report: Report,
    /// A Fix-mode link for what this request needs (none when a server policy is not the fix).
    pub(crate) fix_link: Option<String>,
}

/// Judge every cross-origin request in `text`.
pub(crate) fn judge(text: &str) -> Result<HarReport, har::HarError> {
    let entries = count_entries(text);
    let cases = har::read(text)?;
    let cross_origin = cases.len();
    let mut blocked = Vec::new();
    let mut allowed = Vec::new();
    for hc in cases {
        let sim = Simulation::run(&hc.case);
        let verdicts = BrowserVerdict::all(&sim);
        let evidence = Evidence::Har(&hc);
        let diagnosis = corsfix_diagnose::diagnose(&evidence);
        let report = corsfix_diagnose::report(&evidence, &diagnosis);
        let fix_link = crate::features::report_fix(&report)
            .filter(|f| !f.policy.origins.is_empty())
            .map(|f| crate::features::fix_link(f, None));
        let req = HarRequest {
            entry: hc.entry,
            started: hc.started.clone(),
            method: hc.case.request.method.clone(),
            url: hc.case.url.clone(),
            origin: hc.case.origin.clone(),
            preflight: verdicts.iter().any(|v| v.preflight_sent),
            report,
            fix_link,
            verdicts,
        };
        if req.verdicts.iter().all(|v| v.allowed) {
            allowed.push(req);
        } else {
            blocked.push(req);
        }
    }
    Ok(HarReport {
        entries,
        cross_origin,
        blocked,
        allowed,
    })
}

/// `log.entries.length`, for the summary (0 when the file is not a HAR; `read` says why).
fn count_entries(text: &str) -> usize {
    #[derive(serde::Deserialize)]
    struct File {
        log: Log,
    }
    #[derive(serde::Deserialize)]
    struct Log {
        #[serde(default)]
        entries: Vec<serde::de::IgnoredAny>,
    }
    serde_json::from_str::<File>(text).map_or(0, |f| f.log.entries.len())
}

/// `POST /har`: the page's upload form (`multipart/form-data`, the file in the field `har`).
async fn upload(
    State(state): State<AppState>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    if state.mode() != ProbeMode::Local {
        return crate::pages::status_page(
            StatusCode::FORBIDDEN,
            "HAR upload is off on this server",
            "This server is reachable from other machines, so it does not take HAR files (they hold cookies and tokens). Run `corsfix serve` on your own machine, or `corsfix har FILE`.",
        );
    }
    let mut view = HarView::default();
    let status = match read_file(multipart).await {
        Ok((name, bytes)) => {
            view.file_name = name;
            let text = String::from_utf8_lossy(&bytes);
            match judge(&text) {
                Ok(report) => {
                    view.result = Some(report);
                    StatusCode::OK
                }
                Err(e) => {
                    view.error = Some(e.to_string());
                    StatusCode::UNPROCESSABLE_ENTITY
                }
            }
        }
        Err((status, message)) => {
            view.error = Some(message);
            status
        }
    };
    crate::pages::har_page(status, &state, view)
}

/// The `har` field's file name and bytes.
async fn read_file(
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<(String, Vec<u8>), (StatusCode, String)> {
    let mut multipart = multipart.map_err(|e| {
        (
            e.status(),
            "Send the HAR with the upload form (multipart/form-data, the file in the field `har`)."
                .to_owned(),
        )
    })?;
    loop {
        let field = multipart.next_field().await.map_err(|e| {
            let status = e.status();
            let message = if status == StatusCode::PAYLOAD_TOO_LARGE {
                format!(
                    "The file is larger than {} MiB. Record fewer requests (filter the Network panel, or clear it just before the failing call) and save again, or use `corsfix har FILE`.",
                    MAX_HAR_BYTES / 1024 / 1024
                )
            } else {
                format!("The upload could not be read: {e}")
            };
            (status, message)
        })?;
        let Some(field) = field else {
            return Err((
                StatusCode::BAD_REQUEST,
                "Choose a HAR file to upload.".to_owned(),
            ));
        };
        if field.name() != Some("har") {
            continue;
        }
        let name = field.file_name().unwrap_or_default().to_owned();
        let bytes = field.bytes().await.map_err(|e| {
            let status = e.status();
            (
                status,
                if status == StatusCode::PAYLOAD_TOO_LARGE {
                    format!(
                        "The file is larger than {} MiB. Record fewer requests and save again, or use `corsfix har FILE`.",
                        MAX_HAR_BYTES / 1024 / 1024
                    )
                } else {
                    format!("The upload could not be read: {e}")
                },
            )
        })?;
        if bytes.is_empty() {
            return Err((
                StatusCode::BAD_REQUEST,
                "Choose a HAR file to upload.".to_owned(),
            ));
        }
        return Ok((name, bytes.to_vec()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_blocked_put_is_judged_diagnosed_and_gets_a_fix_link() {
        let har = r#"{"log":{"entries":[
          {"request":{"method":"OPTIONS","url":"https://api.example.com/items","headers":[
             {"name":"Origin","value":"https://app.example.com"},
             {"name":"Access-Control-Request-Method","value":"PUT"}]},
           "response":{"status":401,"headers":[
             {"name":"Access-Control-Allow-Origin","value":"https://app.example.com"}]}},
          {"request":{"method":"PUT","url":"https://api.example.com/items","headers":[
             {"name":"Origin","value":"https://app.example.com"},
             {"name":"Content-Type","value":"application/json"}]},
           "response":{"status":0,"headers":[]}},
          {"request":{"method":"GET","url":"https://app.example.com/","headers":[]},
           "response":{"status":200,"headers":[]}}
        ]}}"#;
        let r = judge(har).unwrap();
        assert_eq!((r.entries, r.cross_origin), (3, 1));
        assert_eq!(r.blocked.len(), 1);
        let b = &r.blocked[0];
        assert_eq!(
            b.verdicts[0].kind.as_deref(),
            Some("PreflightInvalidStatus")
        );
        assert!(b.report.cause.is_some());
        let link = b.fix_link.as_deref().unwrap();
        assert!(link.contains("PUT"), "{link}");
        assert!(link.to_ascii_lowercase().contains("content-type"), "{link}");
    }

    #[test]
    fn not_a_har_is_an_error_not_a_panic() {
        assert!(judge("{}").is_err());
        assert!(judge("<html>").is_err());
    }
}
