//! actix-web app for the harness: CORS is the generated `cors::cors()`, the last `wrap` (the
//! outermost); bearer-token auth wraps the `/api/private` scope only.
#![deny(warnings)]

mod cors;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::AUTHORIZATION;
use actix_web::middleware::{Next, from_fn};
use actix_web::{App, Error, HttpResponse, HttpServer, web};

async fn items() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(("X-Total-Count", "42"))
        .content_type("application/json")
        .body(r#"{"ok":true}"#)
}

/// An error result, which actix-web turns into a 500.
async fn error() -> Result<HttpResponse, Error> {
    Err(actix_web::error::ErrorInternalServerError("boom"))
}

async fn private() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/json")
        .body(r#"{"ok":true}"#)
}

/// Rejects every request without the token, preflights included, were one to reach it.
async fn require_token(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    if req
        .headers()
        .get(AUTHORIZATION)
        .is_some_and(|v| v == "Bearer s3cret")
    {
        Ok(next.call(req).await?.map_into_left_body())
    } else {
        let res = HttpResponse::Unauthorized()
            .content_type("application/json")
            .body(r#"{"error":"unauthorized"}"#);
        Ok(req.into_response(res).map_into_right_body())
    }
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let port: u16 = std::env::var("PORT")
        .expect("PORT")
        .parse()
        .expect("PORT is a number");
    HttpServer::new(|| {
        App::new()
            .service(
                web::resource("/api/items")
                    .route(web::get().to(items))
                    .route(web::put().to(items))
                    .route(web::post().to(items))
                    .route(web::patch().to(items))
                    .route(web::delete().to(items)),
            )
            .service(web::resource("/api/error").route(web::get().to(error)))
            .service(
                web::scope("/api/private")
                    .wrap(from_fn(require_token))
                    .route("", web::get().to(private))
                    .route("", web::put().to(private)),
            )
            .wrap(cors::cors())
    })
    .workers(2)
    .bind(("127.0.0.1", port))?
    .run()
    .await
}
