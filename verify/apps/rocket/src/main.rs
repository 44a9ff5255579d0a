//! Rocket app for the harness: CORS is the generated `cors::cors()` fairing and its
//! `cors::VaryOrigin`, attached to the instance. Bearer-token auth is a request guard on the `/api/private` routes (Rocket's way:
//! a guard runs only for the routes that take it, so no OPTIONS route is mounted there).
#![deny(warnings)]

mod cors;

use rocket::http::{ContentType, Header, Status};
use rocket::request::{FromRequest, Outcome, Request};
use rocket::{Config, Responder, catch, catchers, delete, get, patch, post, put, routes};

const OK: &str = r#"{"ok":true}"#;

#[derive(Responder)]
#[response(status = 200, content_type = "json")]
struct Items(&'static str, Header<'static>);

fn items() -> Items {
    Items(OK, Header::new("X-Total-Count", "42"))
}

#[get("/api/items")]
fn items_get() -> Items {
    items()
}

#[put("/api/items")]
fn items_put() -> Items {
    items()
}

#[post("/api/items")]
fn items_post() -> Items {
    items()
}

#[patch("/api/items")]
fn items_patch() -> Items {
    items()
}

#[delete("/api/items")]
fn items_delete() -> Items {
    items()
}

/// A panic, which Rocket catches and answers with its 500 catcher.
#[get("/api/error")]
fn error() -> &'static str {
    panic!("boom")
}

/// The bearer token; rejects with 401 without it.
struct Token;

#[rocket::async_trait]
impl<'r> FromRequest<'r> for Token {
    type Error = ();

    async fn from_request(req: &'r Request<'_>) -> Outcome<Self, ()> {
        if req.headers().get_one("Authorization") == Some("Bearer s3cret") {
            Outcome::Success(Token)
        } else {
            Outcome::Error((Status::Unauthorized, ()))
        }
    }
}

#[get("/api/private")]
fn private_get(_token: Token) -> (ContentType, &'static str) {
    (ContentType::JSON, OK)
}

#[put("/api/private")]
fn private_put(_token: Token) -> (ContentType, &'static str) {
    (ContentType::JSON, OK)
}

#[catch(401)]
fn unauthorized() -> (ContentType, &'static str) {
    (ContentType::JSON, r#"{"error":"unauthorized"}"#)
}

#[rocket::launch]
fn rocket() -> _ {
    let port: u16 = std::env::var("PORT")
        .expect("PORT")
        .parse()
        .expect("PORT is a number");
    let config = Config::figment()
        .merge(("address", "127.0.0.1"))
        .merge(("port", port))
        .merge(("log_level", "critical"));
    rocket::custom(config)
        .mount(
            "/",
            routes![
                items_get,
                items_put,
                items_post,
                items_patch,
                items_delete,
                error,
                private_get,
                private_put
            ],
        )
        .register("/", catchers![unauthorized])
        .attach(cors::cors().expect("valid CORS options"))
        .attach(cors::VaryOrigin)
}
