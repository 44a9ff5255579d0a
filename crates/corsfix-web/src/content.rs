//! The guide's content: the cases every example message is computed from
//! (`guide/cases/*.json`) and the articles (`guide/pages/*.md`), embedded at build time.
//!
//! No page types a browser message in: an article names a stored case (`::: example ID`) and
//! the page shows what the browser model prints for it, in each engine, when the page is built.
//! A test renders every page and fails when a console block shows a line its case does not
//! produce (`tests::every_console_line_on_every_page_is_its_cases_output` in
//! `tests/routes/guide.rs`).

use std::collections::BTreeMap;
use std::sync::LazyLock;

use corsfix_model::{Browser, Case, Credentials, Mode, Reason, Simulation};
use serde::Serialize;

mod files {
    include!(concat!(env!("OUT_DIR"), "/guide_files.rs"));
}

/// A case stored beside the pages.
#[derive(Debug, Clone)]
pub(crate) struct StoredCase {
    /// The file's name without `.json` (`error-missing-allow-origin-header`).
    pub(crate) id: &'static str,
    /// The case.
    pub(crate) case: Case,
    /// The file as stored (what a reader can POST to `/api/v1/simulate`).
    pub(crate) json: &'static str,
}

/// Every stored case, by id, and the files that do not parse (a test fails on them).
static CASES: LazyLock<(BTreeMap<&'static str, StoredCase>, Vec<String>)> = LazyLock::new(|| {
    let mut ok = BTreeMap::new();
    let mut bad = Vec::new();
    for (id, json) in files::CASE_FILES {
        match serde_json::from_str::<Case>(json) {
            Ok(case) if case.validate("").is_err() => {
                bad.push(format!(
                    "guide/cases/{id}.json: {}",
                    case.validate("").unwrap_err()
                ));
            }
            Ok(case) => {
                ok.insert(
                    *id,
                    StoredCase {
                        id,
                        case,
                        json: json.trim_end(),
                    },
                );
            }
            Err(e) => bad.push(format!("guide/cases/{id}.json: {e}")),
        }
    }
    (ok, bad)
});

/// The stored case `id`.
pub(crate) fn case(id: &str) -> Option<&'static StoredCase> {
    CASES.0.get(id)
}

/// Every stored case.
pub(crate) fn cases() -> impl Iterator<Item = &'static StoredCase> {
    CASES.0.values()
}

/// The case files that do not parse.
#[cfg(test)]
pub(crate) fn case_errors() -> &'static [String] {
    &CASES.1
}

/// One browser's part of an example: its verdict and every line it prints.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ExampleBrowser {
    /// `chrome`, `firefox` or `safari`.
    pub(crate) browser: &'static str,
    /// The engine and version the model reproduces (`Chrome 156`).
    pub(crate) label: &'static str,
    /// Whether the page may read the response.
    pub(crate) allowed: bool,
    /// The console lines (empty when the browser prints none).
    pub(crate) lines: Vec<String>,
    /// What happens when there are no lines.
    pub(crate) note: Option<String>,
    /// Whether it sent a preflight first.
    pub(crate) preflight: bool,
    /// What the script reads with `headers.get()` (the case's `read_headers`), in words.
    pub(crate) reads: Vec<String>,
}

/// An example: a stored case and what each browser does with it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Example {
    /// The case's id (its file name under `guide/cases/`).
    pub(crate) case: String,
    /// The request in words.
    pub(crate) request: String,
    /// Each browser, in `Browser::ALL` order.
    pub(crate) browsers: Vec<ExampleBrowser>,
    /// The case, as stored.
    pub(crate) json: String,
}

/// The request of a case in words: method, URL, page origin, headers, credentials, mode.
pub(crate) fn describe(case: &Case) -> String {
    let r = &case.request;
    let api = match r.initiator {
        corsfix_model::Initiator::Fetch => "`fetch()`",
        corsfix_model::Initiator::XmlHttpRequest => "`XMLHttpRequest`",
    };
    let mut out = format!(
        "{api} `{} {}` from a page on `{}`",
        r.method, case.url, case.origin
    );
    if !r.headers.is_empty() {
        let hs: Vec<String> = r
            .headers
            .iter()
            .map(|(n, v)| {
                if n.eq_ignore_ascii_case("authorization") {
                    format!("`{n}`")
                } else {
                    format!("`{n}: {v}`")
                }
            })
            .collect();
        out.push_str(&format!(", setting {}", hs.join(", ")));
    }
    if r.credentials == Credentials::Include {
        out.push_str(", with credentials (cookies)");
    }
    match r.mode {
        Mode::NoCors => out.push_str(", `mode: \"no-cors\"`"),
        Mode::SameOrigin => out.push_str(", `mode: \"same-origin\"`"),
        Mode::Cors => {}
    }
    if let Some(t) = r.target_address_space {
        out.push_str(&format!(", `targetAddressSpace: \"{}\"`", t.name()));
    }
    if let Some(a) = &case.address_space {
        out.push_str(&format!(
            "; the page is in the `{}` address space and the server in `{}`",
            a.page.name(),
            a.target.name()
        ));
        out.push_str(match case.lna_permission {
            Some(corsfix_model::lna::LnaPermission::Granted) => {
                ", and the user allowed Local Network Access"
            }
            _ => ", and the user has not allowed Local Network Access",
        });
    }
    out
}

/// What `case` gives in each browser.
pub(crate) fn example_of(stored: &StoredCase) -> Example {
    let sim = Simulation::run(&stored.case);
    let browsers = Browser::ALL
        .iter()
        .map(|&b| {
            let v = sim.get(b);
            let lines = v
                .failure
                .as_ref()
                .map(|f| f.lines.clone())
                .unwrap_or_default();
            let note = if !lines.is_empty() {
                None
            } else if v.allowed {
                Some("Allowed: the page can read the response.".to_owned())
            } else if let Some(Reason::Network { .. }) = v.failure.as_ref().map(|f| &f.reason) {
                Some(
                    "Blocked, but this browser prints no CORS message: the request fails with a plain network error."
                        .to_owned(),
                )
            } else {
                Some("Blocked, without a console message.".to_owned())
            };
            let reads = v
                .response
                .as_ref()
                .map(|r| {
                    r.readable_headers
                        .iter()
                        .map(|(n, val)| match val {
                            Some(val) => format!("`headers.get(\"{n}\")` is `\"{val}\"`"),
                            None => format!("`headers.get(\"{n}\")` is `null`"),
                        })
                        .collect()
                })
                .unwrap_or_default();
            ExampleBrowser {
                browser: b.name(),
                label: b.modelled_version(),
                allowed: v.allowed,
                lines,
                note,
                preflight: v.preflight_sent,
                reads,
            }
        })
        .collect();
    Example {
        case: stored.id.to_owned(),
        request: describe(&stored.case),
        browsers,
        json: stored.json.to_owned(),
    }
}

/// The example for the stored case `id`.
pub(crate) fn example(id: &str) -> Option<Example> {
    case(id).map(example_of)
}

/// The guide's sections, in order: `section:` in an article's front matter names one.
pub(crate) const SECTIONS: &[(&str, &str)] = &[
    ("topic", "How CORS works"),
    ("firefox", "Firefox's own reasons"),
    ("safari", "Safari's own messages"),
    ("not-cors", "Errors that look like CORS but are not"),
];

/// A guide article.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Article {
    /// The file name without `.md`, and the last part of its address.
    pub(crate) slug: &'static str,
    /// Where it is served: `/guide/<slug>`, or `/errors/<slug>` for a browser's own error or a
    /// look-alike.
    pub(crate) url: String,
    pub(crate) title: String,
    pub(crate) summary: String,
    /// `topic`, `firefox`, `safari` or `not-cors`.
    pub(crate) section: String,
    /// Its place in the guide's table of contents (smaller first).
    pub(crate) order: i64,
    /// The reader's `Kind` names (`parse::Kind::name`) whose explanation links here.
    pub(crate) reads: Vec<String>,
    /// The body, as HTML.
    pub(crate) html: minijinja::Value,
    /// The cases its examples come from.
    pub(crate) cases: Vec<String>,
}

/// The articles, and what is wrong with those that do not build (a test fails on them).
static ARTICLES: LazyLock<(Vec<Article>, Vec<String>)> = LazyLock::new(|| {
    let mut ok = Vec::new();
    let mut bad = Vec::new();
    for (slug, text) in files::PAGE_FILES {
        match article(slug, text) {
            Ok(a) => ok.push(a),
            Err(e) => bad.push(format!("guide/pages/{slug}.md: {e}")),
        }
    }
    ok.sort_by(|a, b| (a.order, a.slug).cmp(&(b.order, b.slug)));
    (ok, bad)
});

/// Every article, in the guide's order.
pub(crate) fn articles() -> &'static [Article] {
    &ARTICLES.0
}

/// The articles that do not build.
#[cfg(test)]
pub(crate) fn article_errors() -> &'static [String] {
    &ARTICLES.1
}

/// The article served at `url`.
pub(crate) fn article_at(url: &str) -> Option<&'static Article> {
    articles().iter().find(|a| a.url == url)
}

/// The article whose `reads:` names the reader's kind `kind`.
pub(crate) fn article_reading(kind: &str) -> Option<&'static Article> {
    articles()
        .iter()
        .find(|a| a.reads.iter().any(|r| r == kind))
}

/// Where `explain` links a reading of kind `kind` (a `parse::Kind` name): the article that
/// reads it, at the kind's own section on the look-alike page.
pub(crate) fn guide_link(kind: &str) -> Option<String> {
    article_reading(kind).map(|a| {
        if a.section == "not-cors" {
            format!("{}#{kind}", a.url)
        } else {
            a.url.clone()
        }
    })
}

/// `key: value` lines between `---` lines, then the Markdown body.
fn front_matter(text: &str) -> Result<(BTreeMap<&str, &str>, &str), String> {
    let rest = text
        .strip_prefix("---\n")
        .ok_or("no front matter (the file starts with `---`)")?;
    let end = rest
        .find("\n---\n")
        .ok_or("the front matter is not closed")?;
    let mut keys = BTreeMap::new();
    for line in rest[..end].lines() {
        let (k, v) = line
            .split_once(':')
            .ok_or_else(|| format!("`{line}` is not `key: value`"))?;
        keys.insert(k.trim(), v.trim());
    }
    Ok((keys, &rest[end + 5..]))
}

fn article(slug: &'static str, text: &str) -> Result<Article, String> {
    let (keys, body) = front_matter(text)?;
    let get = |k: &str| {
        keys.get(k)
            .map(|s| (*s).to_owned())
            .ok_or_else(|| format!("no `{k}:` in the front matter"))
    };
    let section = get("section")?;
    if !SECTIONS.iter().any(|(id, _)| *id == section) {
        return Err(format!("unknown section `{section}`"));
    }
    let url = match section.as_str() {
        "topic" => format!("/guide/{slug}"),
        "firefox" | "safari" | "not-cors" => format!("/errors/{slug}"),
        other => return Err(format!("unknown section `{other}`")),
    };
    let (html, cases) = render_body(body)?;
    Ok(Article {
        slug,
        url,
        title: get("title")?,
        summary: get("summary")?,
        section,
        order: keys
            .get("order")
            .map_or(Ok(100), |o| o.parse().map_err(|_| format!("order `{o}`")))?,
        reads: keys
            .get("reads")
            .map(|r| {
                r.split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default(),
        html: minijinja::Value::from_safe_string(html),
        cases,
    })
}

/// Markdown with directives, to HTML: `::: example ID` shows what each browser does with the
/// stored case `ID` (its console lines, computed now); everything else is Markdown
/// (`crate::markdown`).
pub(crate) fn render_body(md: &str) -> Result<(String, Vec<String>), String> {
    let mut html = String::new();
    let mut cases = Vec::new();
    let mut chunk = String::new();
    for line in md.lines() {
        if let Some(d) = line.strip_prefix("::: ") {
            html.push_str(&crate::markdown::to_html_article(&chunk));
            chunk.clear();
            let (what, arg) = d.trim().split_once(' ').unwrap_or((d.trim(), ""));
            let arg = arg.trim();
            match what {
                "example" | "verdicts" => {
                    let ex = example(arg).ok_or_else(|| format!("no case `{arg}`"))?;
                    let template = if what == "example" {
                        "example.html"
                    } else {
                        "verdicts.html"
                    };
                    let part = crate::render::render_string(template, &ex)
                        .map_err(|e| format!("{template}: {e:#}"))?;
                    html.push_str(&part);
                    cases.push(arg.to_owned());
                }
                other => return Err(format!("unknown directive `::: {other}`")),
            }
        } else {
            chunk.push_str(line);
            chunk.push('\n');
        }
    }
    html.push_str(&crate::markdown::to_html_article(&chunk));
    Ok((html, cases))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_case_file_parses_and_every_article_builds() {
        assert!(case_errors().is_empty(), "{:#?}", case_errors());
        assert!(article_errors().is_empty(), "{:#?}", article_errors());
        let mut urls: Vec<_> = articles().iter().map(|a| a.url.as_str()).collect();
        urls.sort_unstable();
        let n = urls.len();
        urls.dedup();
        assert_eq!(urls.len(), n, "two articles at one address");
    }

    #[test]
    fn an_article_names_only_cases_that_exist() {
        let err = render_body("::: example no-such-case\n").unwrap_err();
        assert!(err.contains("no-such-case"), "{err}");
        assert!(render_body("::: wat x\n").is_err());
    }

    #[test]
    fn a_browser_specific_article_is_about_what_the_reader_reads_from_its_own_example() {
        // Some console line of its examples, in its own browser, read back by `explain`'s
        // reader, is of a kind the article says it explains (so `explain` links here).
        let mut checked = 0;
        for a in articles()
            .iter()
            .filter(|a| matches!(a.section.as_str(), "firefox" | "safari") && !a.reads.is_empty())
        {
            let mut kinds = Vec::new();
            for c in &a.cases {
                let ex = example(c).expect("the case exists");
                let b = ex
                    .browsers
                    .iter()
                    .find(|b| b.browser == a.section)
                    .expect("each browser");
                for line in &b.lines {
                    if let Ok(read) = corsfix_model::parse::parse(line)
                        && let Some(k) = read.kind
                    {
                        kinds.push(k.name());
                    }
                }
            }
            let hit = a.reads.iter().find(|r| kinds.contains(&r.as_str()));
            assert!(
                hit.is_some(),
                "{}: reads {:?}, its lines read as {kinds:?}",
                a.slug,
                a.reads
            );
            for r in &a.reads {
                assert_eq!(article_reading(r).map(|x| x.slug), Some(a.slug), "{r}");
            }
            checked += 1;
        }
        assert!(checked >= 3, "{checked}");
    }

    #[test]
    fn the_look_alike_page_has_a_section_for_every_kind_it_reads() {
        let a = articles()
            .iter()
            .find(|a| a.slug == "not-cors")
            .expect("the page");
        let html = a.html.to_string();
        for r in &a.reads {
            assert!(html.contains(&format!("id=\"{r}\"")), "no section for {r}");
            assert_eq!(article_reading(r).map(|x| x.slug), Some("not-cors"));
            assert_eq!(
                guide_link(r).as_deref(),
                Some(format!("/errors/not-cors#{r}").as_str())
            );
        }
    }
}
