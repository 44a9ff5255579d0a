//! The guide: every console line on every page is its stored case's output, no page links to
//! an address that does not answer, and the statements issue #20 found wrong stay fixed.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use axum::http::StatusCode;

use super::{get, unescape};

/// Every `href="…"` (and `src="…"`) of a page.
fn links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            let end = rest.find('"').unwrap_or(rest.len());
            out.push(unescape(&rest[..end]));
            rest = &rest[end..];
        }
    }
    out
}

/// Every `id="…"` of a page.
fn ids(html: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = html;
    while let Some(i) = rest.find(" id=\"") {
        rest = &rest[i + 5..];
        let end = rest.find('"').unwrap_or(rest.len());
        out.insert(unescape(&rest[..end]));
    }
    out
}

/// Every page reachable from the site's entry points by internal links (addresses without a
/// query string are followed; those with one are fetched once), with its HTML.
async fn crawl() -> (BTreeMap<String, String>, Vec<String>) {
    let mut pages = BTreeMap::new();
    let mut dead = Vec::new();
    let mut queue: VecDeque<(String, String)> =
        ["/", "/guide", "/errors", "/fix", "/rules", "/guide/cases"]
            .iter()
            .map(|p| ((*p).to_owned(), "(start)".to_owned()))
            .collect();
    let mut seen: BTreeSet<String> = queue.iter().map(|(p, _)| p.clone()).collect();
    let mut fragments = Vec::new();
    while let Some((path, from)) = queue.pop_front() {
        let (status, body) = get(&path).await;
        if status != StatusCode::OK {
            dead.push(format!("{path} ({status}), linked from {from}"));
            continue;
        }
        if path.starts_with("/assets/") || path.starts_with("/api/") {
            continue;
        }
        for l in links(&body) {
            if !l.starts_with('/') || l.starts_with("//") {
                if let Some(frag) = l.strip_prefix('#') {
                    fragments.push((path.clone(), frag.to_owned(), path.clone()));
                }
                continue;
            }
            let (target, frag) = l
                .split_once('#')
                .map_or((l.as_str(), None), |(a, b)| (a, Some(b)));
            if let Some(frag) = frag {
                fragments.push((
                    target.split('?').next().unwrap_or("/").to_owned(),
                    frag.to_owned(),
                    path.clone(),
                ));
            }
            // Assets are versioned with `?v=`; fetch them without it.
            let target = if target.starts_with("/assets/") {
                target.split('?').next().unwrap_or(target)
            } else {
                target
            };
            if seen.insert(target.to_owned()) {
                queue.push_back((target.to_owned(), path.clone()));
            }
        }
        pages.insert(path, body);
    }
    for (page, frag, from) in fragments {
        if let Some(html) = pages.get(&page)
            && !ids(html).contains(&frag)
        {
            dead.push(format!("{page}#{frag} (no such id), linked from {from}"));
        }
    }
    (pages, dead)
}

#[tokio::test]
async fn no_page_links_to_an_address_or_anchor_that_does_not_exist() {
    let (pages, dead) = crawl().await;
    assert!(dead.is_empty(), "dead links:\n{}", dead.join("\n"));
    // The crawl reached the guide's own pages, every error and every article.
    assert!(pages.len() > 60, "{} pages", pages.len());
    for must in ["/guide/cases", "/errors/cors-disabled-scheme"] {
        assert!(pages.contains_key(must), "{must} not reached");
    }
}

/// The stored case `id`, as the page's build read it.
fn stored_case(id: &str) -> corsfix_model::Case {
    let path = format!("{}/guide/cases/{id}.json", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Every `<pre class="console" …>` of a page: its case and browser (when named), whether it
/// is rendered from Chromium's template (no case gives it), and its text.
fn console_blocks(html: &str) -> Vec<(Option<String>, Option<String>, bool, String)> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find("<pre class=\"console\"") {
        rest = &rest[i..];
        let open_end = rest.find('>').unwrap();
        let open = &rest[..open_end];
        let attr = |name: &str| {
            let key = format!("{name}=\"");
            open.find(&key).map(|j| {
                let v = &open[j + key.len()..];
                v[..v.find('"').unwrap()].to_owned()
            })
        };
        let close = rest.find("</pre>").unwrap();
        out.push((
            attr("data-case"),
            attr("data-browser"),
            attr("data-template").as_deref() == Some("chromium"),
            unescape(&rest[open_end + 1..close]),
        ));
        rest = &rest[close..];
    }
    out
}

#[tokio::test]
async fn every_console_line_on_every_guide_page_is_its_cases_output() {
    let (pages, _) = crawl().await;
    let mut wrong = Vec::new();
    let mut checked = 0;
    for (path, html) in &pages {
        if !(path.starts_with("/errors") || path.starts_with("/guide")) {
            continue;
        }
        for (case, browser, template, line) in console_blocks(html) {
            let (Some(case), Some(browser)) = (case, browser) else {
                // Only a line rendered from Chromium's template (no case gives it) may go
                // without one, and the page says so.
                if !template {
                    wrong.push(format!("{path}: a console line names no case: {line}"));
                }
                continue;
            };
            let b = corsfix_model::Browser::ALL
                .into_iter()
                .find(|b| b.name() == browser)
                .unwrap();
            let v = corsfix_model::simulate(&stored_case(&case), b);
            let lines = v.failure.map(|f| f.lines).unwrap_or_default();
            if !lines.contains(&line) {
                wrong.push(format!(
                    "{path}: {case} in {browser} does not print {line:?} (it prints {lines:?})"
                ));
            }
            checked += 1;
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert!(checked > 60, "only {checked} lines checked");
}

// ---------- issue #20: each row of the fact-check, with the sentence it found wrong ----------

/// The page at `path`, unescaped, and asserted to answer 200.
async fn page(path: &str) -> String {
    let (status, html) = get(path).await;
    assert_eq!(status, StatusCode::OK, "{path}");
    unescape(&html)
}

#[tokio::test]
async fn row_wildcard_allow_headers_and_authorization_says_spec_and_browsers_apart() {
    let html = page("/errors/header-disallowed-by-preflight-response").await;
    assert!(!html.contains("never covers <code>Authorization</code>, and covers nothing"));
    assert!(html.contains("id=\"spec-and-browsers\""));
    assert!(html.contains("#cors-non-wildcard-request-header-name"));
    // The browsers' part is computed: the stored case is allowed in each engine, and the page
    // shows that verdict for each.
    let case = stored_case("wildcard-allow-headers-authorization");
    for b in corsfix_model::Browser::ALL {
        assert!(corsfix_model::simulate(&case, b).allowed, "{b:?}");
        assert!(
            html.contains(&format!(
                "data-browser=\"{}\">{} allows it",
                b.name(),
                b.modelled_version()
            )),
            "{b:?}"
        );
    }
}

#[tokio::test]
async fn row_no_fix_page_says_private_network_access_preflights_go_unanswered() {
    for t in [
        "express",
        "django",
        "aspnetcore",
        "nginx",
        "fastapi",
        "spring-boot",
    ] {
        let (status, html) = get(&format!("/fix/{t}")).await;
        if status == StatusCode::NOT_FOUND {
            continue;
        }
        assert!(
            !html.contains("Private Network Access preflights are not answered"),
            "/fix/{t}"
        );
    }
}

#[tokio::test]
async fn row_django_keeps_lax_cookies_for_same_site_subdomains() {
    // The note comes with credentials; the fix page and the API give the same notes.
    let body = serde_json::json!({
        "policy": {"origins": ["https://app.example.com"], "credentials": true},
        "target": "django"
    });
    let resp = super::send(super::local(), super::post_json("/api/v1/generate", &body)).await;
    let v = super::json_of(resp).await;
    let notes = v.to_string();
    assert!(notes.contains("SESSION_COOKIE_SAMESITE"), "{notes}");
    assert!(!notes.contains("cross-site cookies also need"), "{notes}");
    assert!(
        notes.contains("is same-site, so the session cookie is sent"),
        "{notes}"
    );
}

#[tokio::test]
async fn row_aspnetcore_names_windows_auth_the_iis_cors_module_and_optionsverbhandler() {
    let html = page("/fix/aspnetcore").await;
    assert!(!html.contains("remove IIS's own CORS settings and the WebDAV module"));
    assert!(html.contains("IIS CORS Module") && html.contains("OPTIONSVerbHandler"));
}

#[tokio::test]
async fn row_non_http_scheme_shows_each_engines_own_line_for_a_non_http_url() {
    let html = page("/errors/cors-disabled-scheme").await;
    assert!(!html.contains("has no message of its own"));
    assert!(html.contains("(Reason: CORS request not http)."));
    assert!(html.contains("Cross origin requests are only supported for HTTP."));
    // The example's request is itself non-HTTP (it was an https:// URL before).
    assert!(html.contains("Access to XMLHttpRequest at 'file:///"));
    assert!(!html.contains("Access to fetch at 'https://api.example.com/v1/items' from origin 'https://app.example.com' has been blocked by CORS policy: Cross origin requests are only supported"));
}

#[tokio::test]
async fn row_simple_requests_name_range_the_byte_limits_uploads_and_streams() {
    let html = page("/").await;
    let how = &html[html.find("id=\"how\"").unwrap()..html.find("id=\"errors\"").unwrap()];
    for must in [
        "<code>Range</code>",
        "128 bytes",
        "CORS-unsafe bytes",
        "1024 bytes",
        "upload listeners",
        "stream body",
    ] {
        assert!(how.contains(must), "{must}");
    }
}

#[tokio::test]
async fn row_vary_is_unneeded_only_when_every_response_carries_the_header() {
    let html = page("/").await;
    assert!(!html.contains("With a fixed value such as <code>*</code> it is not needed."));
    assert!(html.contains("only if <em>every</em> response of that URL carries it"));
    assert!(html.contains("#cors-protocol-and-http-caches"));
}

#[tokio::test]
async fn row_the_server_does_see_the_origin() {
    let html = page("/").await;
    assert!(!html.contains("The server cannot tell a page you trust"));
    assert!(html.contains("carries an <code>Origin</code> header"));
}

#[tokio::test]
async fn explain_links_a_safari_only_line_and_a_look_alike_to_their_articles() {
    let r = corsfix_model::parse::parse(
        "Not allowed to follow a redirection while loading https://api.example.com/x",
    )
    .unwrap();
    assert_eq!(r.kind.map(|k| k.name()), Some("RedirectRefused"));
    let (status, html) = get("/?mode=explain&error=Not+allowed+to+follow+a+redirection+while+loading+https%3A%2F%2Fapi.example.com%2Fx").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        unescape(&html).contains("href=\"/errors/safari-redirect-not-allowed\""),
        "no link to the Safari page"
    );
    // A look-alike links to its own section of the look-alike page.
    let (_, html) = get(
        "/?mode=explain&error=GET+https%3A%2F%2Fapi.example.com%2Fx+net%3A%3AERR_BLOCKED_BY_CLIENT",
    )
    .await;
    assert!(unescape(&html).contains("href=\"/errors/not-cors#BlockedByClient\""));
}

#[tokio::test]
async fn row_local_network_access_pages_say_what_chrome_156_and_firefox_153_do() {
    for slug in [
        "insecure-local-network",
        "invalid-local-network-access",
        "local-network-access-permission-denied",
    ] {
        let html = page(&format!("/errors/{slug}")).await;
        assert!(!html.contains("has no message of its own"), "{slug}");
        assert!(
            html.contains("data-case=\"error-"),
            "{slug}: not computed from a case"
        );
    }
    let denied = page("/errors/local-network-access-permission-denied").await;
    assert!(!denied.contains("the answer was no (or an enterprise policy blocks it)"));
    assert!(denied.contains("whenever the permission is required and not given"));
    // Firefox's own line, computed.
    assert!(denied.contains("data-browser=\"firefox\">Cross-Origin Request Blocked"));
    let insecure = page("/errors/insecure-local-network").await;
    // The example's page is not a secure context (it was an https:// origin before).
    assert!(insecure.contains("from origin 'http://app.example.com' has been blocked by CORS policy: The request client is not a secure context"));
    assert!(!insecure.contains("<li>Serve the calling page over HTTPS.</li>"));
    assert!(insecure.contains("mixed content"));
    let guide = page("/guide/local-network-access").await;
    assert!(guide.contains("id=\"pna\""));
    assert!(guide.contains("<code>targetAddressSpace</code>"));
}

#[tokio::test]
async fn every_guide_page_cites_a_standard_and_the_browsers_sources() {
    let (pages, _) = crawl().await;
    let specs = [
        "https://fetch.spec.whatwg.org/#",
        "https://html.spec.whatwg.org/#",
        "https://wicg.github.io/local-network-access/#",
        "https://xhr.spec.whatwg.org/#",
    ];
    let sources = [
        "https://source.chromium.org/",
        "https://searchfox.org/",
        "https://github.com/WebKit/",
    ];
    let mut cited = BTreeSet::new();
    let mut uncited = Vec::new();
    for (path, html) in &pages {
        let article =
            (path.starts_with("/errors/") || path.starts_with("/guide/")) && path != "/guide/cases";
        if !article {
            continue;
        }
        let html = unescape(html);
        for l in links(&html) {
            if l.starts_with("http") {
                cited.insert(l);
            }
        }
        if !specs.iter().any(|s| html.contains(s)) {
            uncited.push(format!("{path}: no standard cited"));
        }
        // Error pages and browser-specific pages also name the browsers' source files.
        if (path.starts_with("/errors/") && path != "/errors/not-cors")
            && !sources.iter().any(|s| html.contains(s))
        {
            uncited.push(format!("{path}: no browser source cited"));
        }
    }
    assert!(uncited.is_empty(), "{}", uncited.join("\n"));
    println!("distinct citations across the guide: {}", cited.len());
    assert!(cited.len() > 60, "{}", cited.len());
}

#[tokio::test]
async fn an_error_page_ranks_explains_causes_and_opens_explain_on_its_line() {
    let html = page("/errors/preflight-invalid-status").await;
    assert!(html.contains("<ol class=\"ranked\">"));
    assert!(
        html.contains("href=\"/?mode=explain&error=Access+to+fetch+at"),
        "the Explain link"
    );
}

#[tokio::test]
async fn the_private_network_rule_calls_pna_history_and_lna_a_permission() {
    let html = page("/rules/CORS014").await;
    assert!(!html.contains("is moving toward a user permission"));
    assert!(html.contains("Local Network Access permission"));
}
