//! The resources: the guide's page about each browser error (what `/errors/<slug>` shows on
//! the web), the lint rules' documentation, and the target list, as Markdown. The content is
//! the libraries' own (`corsfix_web::error_docs`, `corsfix_policy::Rule::doc`,
//! `corsfix_gen::targets_markdown`); this module lays it out.

use std::fmt::Write as _;

use corsfix_policy::Rule;

/// The scheme of every resource URI.
pub(crate) const SCHEME: &str = "corsfix://";

/// One resource in the list.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub(crate) uri: String,
    pub(crate) name: String,
    pub(crate) title: String,
    pub(crate) description: String,
}

/// The URI templates: (template, name, title, description).
pub(crate) const TEMPLATES: &[(&str, &str, &str, &str)] = &[
    (
        "corsfix://errors/{slug}",
        "error",
        "A browser CORS error",
        "What one browser CORS error means, what causes it, how to fix it, and what Chrome, Firefox and Safari each print (slugs such as `missing-allow-origin-header`; the list is corsfix://errors).",
    ),
    (
        "corsfix://rules/{code}",
        "rule",
        "A lint rule",
        "The documentation of one lint rule by code or name (`CORS001`, `wildcard-origin-with-credentials`; the list is corsfix://rules).",
    ),
];

/// Every resource.
pub(crate) fn list() -> Vec<Entry> {
    let mut out = vec![
        Entry {
            uri: "corsfix://errors".to_owned(),
            name: "errors".to_owned(),
            title: "Browser CORS errors".to_owned(),
            description: "Every CORS error a browser reports, with a link to its page.".to_owned(),
        },
        Entry {
            uri: "corsfix://rules".to_owned(),
            name: "rules".to_owned(),
            title: "Lint rules".to_owned(),
            description: "Every lint rule of `lint` and `generate`, with its documentation."
                .to_owned(),
        },
        Entry {
            uri: "corsfix://targets".to_owned(),
            name: "targets".to_owned(),
            title: "Generation targets".to_owned(),
            description:
                "Every framework, server and cloud `generate` supports, with versions and what each cannot express."
                    .to_owned(),
        },
    ];
    for d in corsfix_web::error_docs() {
        out.push(Entry {
            uri: format!("corsfix://errors/{}", d.slug),
            name: format!("error {}", d.name),
            title: d.title.clone(),
            description: d.summary.clone(),
        });
    }
    for r in Rule::ALL {
        out.push(Entry {
            uri: format!("corsfix://rules/{}", r.code()),
            name: format!("rule {} {}", r.code(), r.name()),
            title: format!("{} {}", r.code(), r.name()),
            description: strip_code_marks(r.summary()),
        });
    }
    out
}

fn strip_code_marks(s: &str) -> String {
    s.replace('`', "")
}

/// The Markdown of the resource at `uri`, or `None` when there is none.
pub(crate) fn read(uri: &str) -> Option<String> {
    let path = uri.strip_prefix(SCHEME)?.trim_end_matches('/');
    match path.split_once('/') {
        None => match path {
            "errors" => Some(errors_index()),
            "rules" => Some(corsfix_policy::rules_markdown()),
            "targets" => Some(corsfix_gen::targets_markdown()),
            _ => None,
        },
        Some(("errors", slug)) => error_page(slug),
        Some(("rules", code)) => rule_page(code),
        Some(_) => None,
    }
}

fn errors_index() -> String {
    let mut s = String::from("# Browser CORS errors\n\n");
    for d in corsfix_web::error_docs() {
        let _ = writeln!(
            s,
            "- [{}](corsfix://errors/{}) (`{}`): {}",
            d.title, d.slug, d.name, d.summary
        );
    }
    s
}

fn error_page(slug: &str) -> Option<String> {
    let d = corsfix_web::error_docs().iter().find(|d| d.slug == slug)?;
    let mut s = format!("# {}\n\n`{}`\n\n{}\n", d.title, d.name, d.summary);
    let _ = writeln!(s, "\n## Cause\n");
    for c in &d.cause {
        let _ = writeln!(s, "- {c}");
    }
    let _ = writeln!(s, "\n## Fix\n");
    for f in &d.fix {
        let _ = writeln!(s, "- {f}");
    }
    let _ = writeln!(s, "\n## What each browser prints\n");
    for w in &d.wordings {
        let _ = writeln!(s, "### {}\n", w.label);
        if !w.lines.is_empty() {
            let _ = writeln!(s, "```");
            for l in &w.lines {
                let _ = writeln!(s, "{l}");
            }
            let _ = writeln!(s, "```");
        }
        if let Some(n) = &w.note {
            let _ = writeln!(s, "{n}");
        }
        s.push('\n');
    }
    if let Some(ex) = &d.example {
        let _ = writeln!(
            s,
            "## The example (a case for the `simulate` tool)\n\n```json\n{ex}\n```\n"
        );
    }
    if let Some((twin, title)) = &d.twin {
        let _ = writeln!(s, "See also: [{title}](corsfix://errors/{twin})");
    }
    Some(s)
}

fn rule_page(code: &str) -> Option<String> {
    let r = Rule::find(code)?;
    Some(format!(
        "# {} {}\n\nSeverity: {}. {}\n\n{}",
        r.code(),
        r.name(),
        r.severity().as_str(),
        r.summary(),
        r.doc()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_resource_reads() {
        let list = list();
        assert!(list.len() > 20);
        for e in &list {
            let body = read(&e.uri).unwrap_or_else(|| panic!("{} does not read", e.uri));
            assert!(body.starts_with("# "), "{}", e.uri);
        }
        assert!(read("corsfix://errors/no-such-error").is_none());
        assert!(read("corsfix://nothing").is_none());
        assert!(read("https://example.com/errors").is_none());
    }

    #[test]
    fn an_error_page_carries_the_guides_text_and_chromes_line() {
        let page = read("corsfix://errors/missing-allow-origin-header").expect("page");
        let doc = corsfix_web::error_docs()
            .iter()
            .find(|d| d.slug == "missing-allow-origin-header")
            .expect("doc");
        assert!(page.contains(&doc.summary));
        assert!(page.contains("Access to fetch at"));
        assert!(doc.fix.iter().all(|f| page.contains(f.as_str())));
    }

    #[test]
    fn rules_read_by_code_in_any_case_and_by_name() {
        let a = read("corsfix://rules/CORS001").expect("by code");
        assert_eq!(read("corsfix://rules/cors001").as_deref(), Some(a.as_str()));
        assert_eq!(
            read("corsfix://rules/wildcard-origin-with-credentials").as_deref(),
            Some(a.as_str())
        );
        assert!(a.contains(Rule::ALL[0].doc()));
    }
}
