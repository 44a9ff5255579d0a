//! warp app for the harness (warp 0.4; `warp@0.3` builds this same file against warp 0.3), wired
//! as the generated file says: `api.recover(handle_rejection).with(cors::cors()).recover(cors::forbidden).map(cors::finish)`.
//! Bearer-token auth is a filter on the `/api/private` path, before its method filters.
#![deny(warnings)]

mod cors;

use std::convert::Infallible;

use warp::http::StatusCode;
use warp::reply::{Response, with_header, with_status};
use warp::{Filter, Rejection, Reply};

const OK: &str = r#"{"ok":true}"#;

#[derive(Debug)]
struct Unauthorized;

impl warp::reject::Reject for Unauthorized {}

/// An error no handler expects: `handle_rejection` answers it with 500.
#[derive(Debug)]
struct Boom;

impl warp::reject::Reject for Boom {}

fn json(status: StatusCode, body: &'static str) -> Response {
    with_status(
        with_header(body, "content-type", "application/json"),
        status,
    )
    .into_response()
}

/// Rejects every request without the token, preflights included, were one to reach it.
async fn require_token(auth: Option<String>) -> Result<(), Rejection> {
    if auth.as_deref() == Some("Bearer s3cret") {
        Ok(())
    } else {
        Err(warp::reject::custom(Unauthorized))
    }
}

async fn handle_rejection(err: Rejection) -> Result<Response, Infallible> {
    Ok(if err.find::<Unauthorized>().is_some() {
        json(StatusCode::UNAUTHORIZED, r#"{"error":"unauthorized"}"#)
    } else if err.is_not_found() {
        json(StatusCode::NOT_FOUND, r#"{"error":"not found"}"#)
    } else if err.find::<warp::reject::MethodNotAllowed>().is_some() {
        json(StatusCode::METHOD_NOT_ALLOWED, r#"{"error":"method"}"#)
    } else {
        json(StatusCode::INTERNAL_SERVER_ERROR, r#"{"error":"boom"}"#)
    })
}

#[tokio::main]
async fn main() {
    let port: u16 = std::env::var("PORT")
        .expect("PORT")
        .parse()
        .expect("PORT is a number");
    let items = warp::path!("api" / "items")
        .and(
            warp::get()
                .or(warp::put())
                .unify()
                .or(warp::post())
                .unify()
                .or(warp::patch())
                .unify()
                .or(warp::delete())
                .unify(),
        )
        .map(|| with_header(json(StatusCode::OK, OK), "X-Total-Count", "42").into_response());
    let error = warp::path!("api" / "error")
        .and(warp::get())
        .and_then(|| async { Err::<Response, Rejection>(warp::reject::custom(Boom)) });
    let private = warp::path!("api" / "private")
        .and(warp::header::optional::<String>("authorization"))
        .and_then(require_token)
        .untuple_one()
        .and(warp::get().or(warp::put()).unify())
        .map(|| json(StatusCode::OK, OK));
    let api = items.or(error).unify().or(private).unify();
    let routes = api
        .recover(handle_rejection)
        .with(cors::cors())
        .recover(cors::forbidden)
        .map(cors::finish);
    warp::serve(routes).run(([127, 0, 0, 1], port)).await;
}
