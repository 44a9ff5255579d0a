//! Render once: answers that depend only on the request line (and, for the pure API routes,
//! the body) are kept and served again without running the handler.
//!
//! - `GET` of a path without a query string (the home page, `/fix/<target>`,
//!   `/errors/<slug>`, `/rules/<code>`, assets, `/api/v1/targets`, …): the pages are pure
//!   functions of the URL (the server keeps no state; the probe mode is fixed per process),
//!   and only `200` answers are kept, so the set of entries is the set of real pages.
//!   Requests with conditional or range headers go to the handler.
//! - `POST /api/v1/generate`, `/api/v1/simulate`, `/api/v1/explain`: pure functions of the
//!   body and its content type (the Fix form sends the same few policies again and again).
//!
//! Bounded: at most [`MAX_ENTRIES`] answers of at most [`MAX_ENTRY_BYTES`] each per table; a
//! full table is emptied (a flood of distinct bodies costs a copy per request, never memory).

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse as _, Response};
use http::{HeaderMap, Method, StatusCode, header};
use http_body_util::BodyExt as _;

/// Answers kept per table.
pub(crate) const MAX_ENTRIES: usize = 512;
/// The largest answer kept.
pub(crate) const MAX_ENTRY_BYTES: usize = 512 * 1024;

/// The `POST` routes whose answer depends on nothing but the body.
const PURE_POST: [&str; 3] = ["/api/v1/generate", "/api/v1/simulate", "/api/v1/explain"];

#[derive(Clone)]
struct Kept {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl Kept {
    fn response(&self) -> Response {
        let mut resp = Response::new(Body::from(self.body.clone()));
        *resp.status_mut() = self.status;
        *resp.headers_mut() = self.headers.clone();
        resp
    }
}

/// A pure `POST` answer's key: the path, the content type and the body.
type PostKey = (String, Option<String>, Bytes);

/// The two tables.
#[derive(Default)]
pub(crate) struct Cache {
    pages: RwLock<HashMap<String, Kept>>,
    posts: RwLock<HashMap<PostKey, Kept>>,
}

impl std::fmt::Debug for Cache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cache").finish_non_exhaustive()
    }
}

fn lookup<K: Eq + std::hash::Hash>(table: &RwLock<HashMap<K, Kept>>, key: &K) -> Option<Kept> {
    table
        .read()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .get(key)
        .cloned()
}

fn store<K: Eq + std::hash::Hash>(table: &RwLock<HashMap<K, Kept>>, key: K, kept: Kept) {
    let mut t = table
        .write()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if t.len() >= MAX_ENTRIES {
        t.clear();
    }
    t.insert(key, kept);
}

/// Runs `next` and keeps its answer when it is a `200` of bounded size.
async fn run_and_keep(req: Request, next: Next) -> (Response, Option<Kept>) {
    let resp = next.run(req).await;
    if resp.status() != StatusCode::OK {
        return (resp, None);
    }
    let (parts, body) = resp.into_parts();
    let Ok(collected) = http_body_util::Limited::new(body, MAX_ENTRY_BYTES)
        .collect()
        .await
    else {
        // Too large to keep (no route answers so): not worth a second try.
        return (StatusCode::INTERNAL_SERVER_ERROR.into_response(), None);
    };
    let body = collected.to_bytes();
    let kept = Kept {
        status: parts.status,
        headers: parts.headers.clone(),
        body: body.clone(),
    };
    (Response::from_parts(parts, Body::from(body)), Some(kept))
}

/// The middleware (innermost, after the body limits and timeouts).
pub(crate) async fn layer(State(cache): State<Arc<Cache>>, req: Request, next: Next) -> Response {
    let h = req.headers();
    let conditional = h.contains_key(header::IF_NONE_MATCH)
        || h.contains_key(header::IF_MODIFIED_SINCE)
        || h.contains_key(header::RANGE);
    if req.method() == Method::GET && req.uri().query().is_none() && !conditional {
        let path = req.uri().path();
        if path.len() > 256 {
            return next.run(req).await;
        }
        let key = path.to_owned();
        if let Some(kept) = lookup(&cache.pages, &key) {
            return kept.response();
        }
        let (resp, kept) = run_and_keep(req, next).await;
        if let Some(kept) = kept {
            store(&cache.pages, key, kept);
        }
        return resp;
    }
    if req.method() == Method::POST && PURE_POST.contains(&req.uri().path()) {
        let path = req.uri().path().to_owned();
        let content_type = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let (parts, body) = req.into_parts();
        let bytes = match http_body_util::Limited::new(body, crate::MAX_BODY_BYTES)
            .collect()
            .await
        {
            Ok(c) => c.to_bytes(),
            Err(e) => return body_error(&*e),
        };
        let key = (path, content_type, bytes.clone());
        if let Some(kept) = lookup(&cache.posts, &key) {
            return kept.response();
        }
        let req = Request::from_parts(parts, Body::from(bytes));
        let (resp, kept) = run_and_keep(req, next).await;
        if let Some(kept) = kept {
            store(&cache.posts, key, kept);
        }
        return resp;
    }
    next.run(req).await
}

/// A body that could not be read: too large, too slow, or broken off.
fn body_error(e: &(dyn std::error::Error + 'static)) -> Response {
    let chain = || std::iter::successors(Some(e), |s| s.source());
    let err = if chain().any(|s| s.is::<http_body_util::LengthLimitError>()) {
        crate::ApiError::BodyTooLarge
    } else if chain().any(|s| s.is::<tower_http::timeout::TimeoutError>()) {
        crate::ApiError::BodyTimeout
    } else {
        crate::ApiError::InvalidJson("the request body could not be read".to_owned())
    };
    err.into_response()
}
