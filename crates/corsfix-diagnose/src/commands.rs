//! Commands the answer suggests: the `corsfix check …` that would confirm a reading, and
//! shell quoting for every command corsfix prints.

use corsfix_model::error::CorsError as E;
use corsfix_model::exchange::{CheckedRequest, Exchange};
use corsfix_model::parse::{Kind, Reading};

/// Quote a value for a POSIX shell: bare when it is only safe characters, else in single
/// quotes with embedded quotes escaped.
pub fn shell_quote(s: &str) -> String {
    let safe = !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_./:@%+=,".contains(&b));
    if safe {
        s.to_owned()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// The `corsfix proxy` command for a page on `origin` calling the API at `url`: a local proxy
/// that answers CORS for the page while the API's owner does not (`UPSTREAM` and `ORIGIN`
/// stand for what the evidence does not name).
pub fn proxy_command(url: Option<&str>, origin: Option<&str>) -> String {
    let upstream = url
        .and_then(|u| url::Url::parse(u).ok())
        .filter(|u| matches!(u.scheme(), "http" | "https"))
        .map_or_else(
            || "UPSTREAM".to_owned(),
            |u| corsfix_model::Origin::of_url(&u).as_str().to_owned(),
        );
    let origin = origin.filter(|o| *o != "null").unwrap_or("ORIGIN");
    format!(
        "corsfix proxy {} --origin {}",
        shell_quote(&upstream),
        shell_quote(origin)
    )
}

/// The method the confirming probe should use.
fn probe_method(r: &Reading) -> Option<String> {
    let m = match r.kind {
        Some(Kind::Cors(E::MethodDisallowedByPreflightResponse)) => {
            r.parameter.clone().or_else(|| r.method.clone())
        }
        _ => r.method.clone(),
    };
    m.filter(|m| m != "OPTIONS" && m != "GET")
}

/// The request header the confirming probe should send.
fn probe_header(r: &Reading) -> Option<String> {
    if !matches!(
        r.kind,
        Some(Kind::Cors(E::HeaderDisallowedByPreflightResponse))
    ) {
        return None;
    }
    let h = r.parameter.as_deref()?;
    let value = match h.to_ascii_lowercase().as_str() {
        "content-type" => "application/json",
        "authorization" => "Bearer TOKEN",
        _ => "1",
    };
    Some(format!("{h}: {value}"))
}

fn credentials(r: &Reading) -> bool {
    matches!(
        r.kind,
        Some(Kind::Cors(
            E::WildcardOriginNotAllowed
                | E::PreflightWildcardOriginNotAllowed
                | E::InvalidAllowCredentials
                | E::PreflightInvalidAllowCredentials
        ))
    )
}

pub fn check_command(r: &Reading) -> String {
    let url = r
        .redirected_from
        .as_deref()
        .or(r.url.as_deref())
        .unwrap_or("<API-URL>");
    let origin = r.origin.as_deref().unwrap_or("<PAGE-ORIGIN>");
    let mut cmd = format!(
        "corsfix check {} --origin {}",
        shell_quote(url),
        shell_quote(origin)
    );
    if let Some(m) = probe_method(r) {
        cmd.push_str(&format!(" --method {}", shell_quote(&m)));
    }
    if let Some(h) = probe_header(r) {
        cmd.push_str(&format!(" -H {}", shell_quote(&h)));
    }
    if credentials(r) {
        cmd.push_str(" --credentials");
    }
    cmd
}

/// A curl command that repeats an exchange (the browser's first one) with the headers that
/// matter for CORS.
pub fn curl_command(first: Option<&Exchange>, req: &CheckedRequest) -> String {
    let (method, url, headers) = match first {
        Some(e) if !e.request_headers.is_empty() => {
            (e.method.clone(), e.url.clone(), e.request_headers.clone())
        }
        _ => (
            req.method.clone(),
            req.url.clone(),
            vec![("Origin".to_owned(), req.origin.clone())],
        ),
    };
    let mut cmd = format!("curl -si -X {} {}", shell_quote(&method), shell_quote(&url));
    for (n, v) in headers {
        if matches!(
            n.as_str(),
            "Accept"
                | "Sec-Fetch-Mode"
                | "Sec-Fetch-Site"
                | "Sec-Fetch-Dest"
                | "Referer"
                | "User-Agent"
        ) {
            continue;
        }
        cmd.push_str(" -H ");
        cmd.push_str(&shell_quote(&format!("{n}: {v}")));
    }
    cmd
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_quoting_survives_quotes() {
        assert_eq!(shell_quote("https://a.example/x"), "https://a.example/x");
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
        assert_eq!(shell_quote(""), "''");
        assert_eq!(shell_quote("a b;rm -rf /"), "'a b;rm -rf /'");
        assert_eq!(shell_quote("$(x)"), "'$(x)'");
    }

    #[test]
    fn the_proxy_command_names_the_apis_origin_and_the_page() {
        assert_eq!(
            proxy_command(
                Some("https://api.github.com:443/users/x?y=1"),
                Some("http://localhost:5173")
            ),
            "corsfix proxy https://api.github.com --origin http://localhost:5173"
        );
        assert_eq!(
            proxy_command(None, Some("null")),
            "corsfix proxy UPSTREAM --origin ORIGIN"
        );
    }
}
