//! Broken on purpose: `Cors::default()` allows no methods until `allowed_methods` is called.
use actix_cors::Cors;
use actix_web::{App, HttpResponse, HttpServer, web};

async fn items() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(("X-Total-Count", "42"))
        .content_type("application/json")
        .body(r#"{"ok":true}"#)
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
                    .route(web::put().to(items)),
            )
            .wrap(Cors::default().allowed_origin("http://localhost:5173"))
    })
    .workers(2)
    .bind(("127.0.0.1", port))?
    .run()
    .await
}
