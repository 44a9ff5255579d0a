//! Broken on purpose: the CORS layer is added before the routes, so it wraps none of them.
use axum::Router;
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tower_http::cors::CorsLayer;

async fn items() -> Response {
    (
        StatusCode::OK,
        [(CONTENT_TYPE, "application/json"), (axum::http::header::HeaderName::from_static("x-total-count"), "42")],
        r#"{"ok":true}"#,
    )
        .into_response()
}

#[tokio::main]
async fn main() {
    let port: u16 = std::env::var("PORT")
        .expect("PORT")
        .parse()
        .expect("PORT is a number");
    let cors = CorsLayer::new()
        .allow_origin(HeaderValue::from_static("http://localhost:5173"))
        .allow_methods([Method::GET, Method::POST, Method::PUT, Method::DELETE])
        .allow_headers([CONTENT_TYPE]);
    let app = Router::new()
        .layer(cors)
        .route("/api/items", get(items).put(items));
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
        .await
        .expect("bind");
    axum::serve(listener, app).await.expect("serve");
}
