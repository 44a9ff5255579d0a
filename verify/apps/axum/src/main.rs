//! axum app for the harness: CORS is the generated `cors::layer()`, added last (outermost);
//! bearer-token auth is a middleware layered on the `/api/private` router only.
#![deny(warnings)]

mod cors;

use axum::Router;
use axum::body::Body;
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE};
use axum::http::{Request, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

fn json(status: StatusCode, body: &'static str) -> Response {
    (status, [(CONTENT_TYPE, "application/json")], body).into_response()
}

async fn items() -> Response {
    let mut res = json(StatusCode::OK, r#"{"ok":true}"#);
    res.headers_mut()
        .insert("x-total-count", "42".parse().expect("valid value"));
    res
}

/// An error result, which axum answers with a bare 500.
async fn error() -> Result<Response, StatusCode> {
    Err(StatusCode::INTERNAL_SERVER_ERROR)
}

async fn private() -> Response {
    json(StatusCode::OK, r#"{"ok":true}"#)
}

/// Rejects every request without the token, preflights included, were one to reach it.
async fn require_token(req: Request<Body>, next: Next) -> Response {
    if req
        .headers()
        .get(AUTHORIZATION)
        .is_some_and(|v| v == "Bearer s3cret")
    {
        next.run(req).await
    } else {
        json(StatusCode::UNAUTHORIZED, r#"{"error":"unauthorized"}"#)
    }
}

#[tokio::main]
async fn main() {
    let port: u16 = std::env::var("PORT")
        .expect("PORT")
        .parse()
        .expect("PORT is a number");
    let private = Router::new()
        .route("/api/private", get(private).put(private))
        .layer(middleware::from_fn(require_token));
    let app = Router::new()
        .route(
            "/api/items",
            get(items).put(items).post(items).patch(items).delete(items),
        )
        .route("/api/error", get(error))
        .merge(private)
        .layer(cors::layer());
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
        .await
        .expect("bind");
    axum::serve(listener, app).await.expect("serve");
}
