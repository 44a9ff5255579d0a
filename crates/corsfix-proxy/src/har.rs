//! `--har FILE`: the traffic as a [HAR 1.2](http://www.softwareishard.com/blog/har-12-spec/)
//! file, recorded the way `corsfix har` judges it: each request at the upstream's URL with the
//! headers the browser sent, and the upstream's own answer (before the proxy's CORS headers),
//! including the preflights the proxy sent to learn how the upstream answers them.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, SystemTime};

use serde_json::{Value, json};
use tokio::sync::Notify;

/// One recorded exchange.
pub(crate) struct Exchange<'a> {
    pub(crate) started: SystemTime,
    pub(crate) wait: Duration,
    pub(crate) method: &'a str,
    pub(crate) url: &'a str,
    pub(crate) request_headers: &'a [(String, String)],
    pub(crate) status: u16,
    pub(crate) response_headers: &'a [(String, String)],
}

/// Collects entries and rewrites the file (at most a few times a second).
pub(crate) struct Recorder {
    path: PathBuf,
    entries: Mutex<Vec<Value>>,
    dirty: AtomicBool,
    wake: Notify,
}

fn name_values(headers: &[(String, String)]) -> Value {
    Value::Array(
        headers
            .iter()
            .map(|(n, v)| json!({"name": n, "value": v}))
            .collect(),
    )
}

impl Recorder {
    pub(crate) fn new(path: PathBuf) -> Self {
        Self {
            path,
            entries: Mutex::new(Vec::new()),
            dirty: AtomicBool::new(false),
            wake: Notify::new(),
        }
    }

    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    pub(crate) fn record(&self, x: &Exchange<'_>) {
        let location = x
            .response_headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("location"))
            .map_or("", |(_, v)| v.as_str());
        let mime = x
            .response_headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("content-type"))
            .map_or("", |(_, v)| v.as_str());
        let query: Vec<Value> = url::Url::parse(x.url)
            .map(|u| {
                u.query_pairs()
                    .map(|(n, v)| json!({"name": n, "value": v}))
                    .collect()
            })
            .unwrap_or_default();
        let wait = x.wait.as_secs_f64() * 1000.0;
        let entry = json!({
            "startedDateTime": crate::rfc3339(x.started),
            "time": wait,
            "request": {
                "method": x.method,
                "url": x.url,
                "httpVersion": "HTTP/1.1",
                "cookies": [],
                "headers": name_values(x.request_headers),
                "queryString": query,
                "headersSize": -1,
                "bodySize": -1,
            },
            "response": {
                "status": x.status,
                "statusText": http::StatusCode::from_u16(x.status).ok().and_then(|s| s.canonical_reason()).unwrap_or(""),
                "httpVersion": "HTTP/1.1",
                "cookies": [],
                "headers": name_values(x.response_headers),
                "content": {"size": -1, "mimeType": mime},
                "redirectURL": location,
                "headersSize": -1,
                "bodySize": -1,
            },
            "cache": {},
            "timings": {"send": 0, "wait": wait, "receive": 0},
        });
        self.entries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(entry);
        self.dirty.store(true, Ordering::Release);
        self.wake.notify_one();
    }

    /// Write the file now if anything changed (to a temporary file, then renamed).
    pub(crate) fn flush(&self) -> std::io::Result<()> {
        if !self.dirty.swap(false, Ordering::AcqRel) {
            return Ok(());
        }
        let text = {
            let entries = self
                .entries
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            let har = json!({
                "log": {
                    "version": "1.2",
                    "creator": {"name": "corsfix proxy", "version": env!("CARGO_PKG_VERSION")},
                    "pages": [],
                    "entries": *entries,
                }
            });
            serde_json::to_string_pretty(&har).map_err(std::io::Error::other)?
        };
        let tmp = self.path.with_extension("har.tmp");
        std::fs::write(&tmp, text)?;
        std::fs::rename(&tmp, &self.path)
    }

    /// Rewrite the file after new entries, at most every 200 ms, until the recorder is the
    /// last reference.
    pub(crate) async fn run(self: std::sync::Arc<Self>) {
        loop {
            self.wake.notified().await;
            tokio::time::sleep(Duration::from_millis(200)).await;
            let me = self.clone();
            let _ = tokio::task::spawn_blocking(move || me.flush()).await;
        }
    }
}
