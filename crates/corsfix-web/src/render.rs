//! The page templates (embedded in the binary), rendered with minijinja in strict mode: a
//! misspelt variable is an error, never an empty string.

use std::sync::LazyLock;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use minijinja::{Environment, UndefinedBehavior};
use serde::Serialize;

const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../templates/base.html")),
    ("macros.html", include_str!("../templates/macros.html")),
    ("index.html", include_str!("../templates/index.html")),
    ("guide.html", include_str!("../templates/guide.html")),
    ("error.html", include_str!("../templates/error.html")),
    ("errors.html", include_str!("../templates/errors.html")),
    ("targets.html", include_str!("../templates/targets.html")),
    ("target.html", include_str!("../templates/target.html")),
    ("status.html", include_str!("../templates/status.html")),
    ("result.html", include_str!("../templates/result.html")),
    ("rules.html", include_str!("../templates/rules.html")),
    ("rule.html", include_str!("../templates/rule.html")),
    ("example.html", include_str!("../templates/example.html")),
    ("verdicts.html", include_str!("../templates/verdicts.html")),
    ("article.html", include_str!("../templates/article.html")),
    ("articles.html", include_str!("../templates/articles.html")),
    ("cases.html", include_str!("../templates/cases.html")),
];

static ENV: LazyLock<Environment<'static>> = LazyLock::new(|| {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    // `.html` templates are HTML-escaped by default (minijinja's default auto-escape callback).
    for (name, source) in TEMPLATES {
        env.add_template(name, source)
            .expect("the embedded templates parse (the route tests render every page)");
    }
    env.add_global("asset_version", crate::assets::version());
    env.add_filter("ticks", ticks);
    env.add_filter("plain", plain);
    env.add_filter("line_count", |s: &str| s.lines().count());
    env.add_filter("browser_label", |b: &str| match b {
        "chrome" => "Chrome / Edge",
        "firefox" => "Firefox",
        "safari" => "Safari",
        _ => "another browser",
    });
    // The framework picker's groups (by category, in the generator's order), and the raw
    // headers target for servers not in the list, offered first.
    env.add_global(
        "target_groups",
        minijinja::Value::from(minijinja::value::Serde(crate::features::target_groups())),
    );
    env.add_global(
        "raw_target",
        minijinja::Value::from(minijinja::value::Serde(
            crate::features::targets()
                .iter()
                .find(|t| t.id == "headers"),
        )),
    );
    env
});

/// Escape text for HTML and turn `backticked` spans into `<code>` (the guide's and the
/// diagnoses' texts mark code that way).
fn ticks(text: &str) -> minijinja::Value {
    let mut out = String::with_capacity(text.len() + 16);
    for (i, part) in text.split('`').enumerate() {
        let code = i % 2 == 1;
        if code {
            out.push_str("<code>");
        }
        for c in part.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '"' => out.push_str("&quot;"),
                '\'' => out.push_str("&#39;"),
                c => out.push(c),
            }
        }
        if code {
            out.push_str("</code>");
        }
    }
    minijinja::Value::from_safe_string(out)
}

/// Text for places that cannot hold markup (`<title>`, `<meta>`): `backticked` spans lose
/// their backticks.
fn plain(text: &str) -> String {
    text.replace('`', "")
}

/// Render `name` with `ctx` to a string.
pub(crate) fn render_string<S: Serialize>(name: &str, ctx: S) -> Result<String, minijinja::Error> {
    ENV.get_template(name)
        .and_then(|t| t.render(minijinja::value::Serde(&ctx)))
}

/// Render `name` with `ctx`; a template failure is a generic 500 page.
pub(crate) fn page<S: Serialize>(status: StatusCode, name: &str, ctx: S) -> Response {
    match render_string(name, ctx) {
        Ok(html) => {
            let mut resp = (status, Html(html)).into_response();
            resp.headers_mut().insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static("no-cache"),
            );
            resp
        }
        Err(_err) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            Html("<!doctype html><title>Internal error</title><p>The page could not be rendered.</p>"),
        )
            .into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_escape_first_then_mark_code() {
        assert_eq!(
            ticks("send `<b>` & `x").to_string(),
            "send <code>&lt;b&gt;</code> &amp; <code>x</code>"
        );
    }

    #[test]
    fn every_error_page_renders() {
        for e in corsfix_model::ALL_CORS_ERRORS {
            let doc = crate::guide::doc(e);
            let out = ENV
                .get_template("error.html")
                .and_then(|t| t.render(minijinja::value::Serde(&doc)));
            if let Err(err) = out {
                panic!("{e}: {err:#}");
            }
        }
    }
}
