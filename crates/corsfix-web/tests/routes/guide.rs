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
