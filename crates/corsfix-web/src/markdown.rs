//! The little Markdown the lint rules' documentation is written in (`corsfix_policy::Rule::doc`),
//! to HTML: `## headings`, paragraphs, fenced code, `- lists`, `code` spans and `[links](https://…)`.
//! Everything is escaped first; a link is only made for an `http(s)` URL.

fn escape(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// Inline text: `code` spans and `[text](url)` links.
fn inline(text: &str, out: &mut String) {
    let mut rest = text;
    while !rest.is_empty() {
        let tick = rest.find('`');
        let link = rest.find('[');
        match (tick, link) {
            (Some(t), l) if l.is_none_or(|l| t < l) => {
                escape(&rest[..t], out);
                let after = &rest[t + 1..];
                if let Some(end) = after.find('`') {
                    out.push_str("<code>");
                    escape(&after[..end], out);
                    out.push_str("</code>");
                    rest = &after[end + 1..];
                } else {
                    escape(&rest[t..], out);
                    rest = "";
                }
            }
            (_, Some(l)) => {
                escape(&rest[..l], out);
                let after = &rest[l + 1..];
                let parsed = after.find("](").and_then(|close| {
                    let label = &after[..close];
                    let url_part = &after[close + 2..];
                    let end = url_part.find(')')?;
                    Some((label, &url_part[..end], &url_part[end + 1..]))
                });
                match parsed {
                    Some((label, url, tail))
                        if url.starts_with("https://") || url.starts_with("http://") =>
                    {
                        out.push_str("<a href=\"");
                        escape(url, out);
                        out.push_str("\">");
                        inline(label, out);
                        out.push_str("</a>");
                        rest = tail;
                    }
                    _ => {
                        out.push('[');
                        rest = after;
                    }
                }
            }
            _ => {
                escape(rest, out);
                rest = "";
            }
        }
    }
}

/// Markdown to HTML; `## ` headings become `<h{level}>`.
pub(crate) fn to_html(md: &str, level: u8) -> String {
    let mut out = String::with_capacity(md.len() * 2);
    let mut para: Vec<&str> = Vec::new();
    let mut list = false;
    let mut lines = md.lines();
    let flush = |para: &mut Vec<&str>, out: &mut String| {
        if !para.is_empty() {
            out.push_str("<p>");
            inline(&para.join(" "), out);
            out.push_str("</p>\n");
            para.clear();
        }
    };
    while let Some(line) = lines.next() {
        let trimmed = line.trim_end();
        if !trimmed.starts_with("- ") && list {
            out.push_str("</ul>\n");
            list = false;
        }
        if let Some(lang) = trimmed.strip_prefix("```") {
            flush(&mut para, &mut out);
            let mut code = String::new();
            for l in lines.by_ref() {
                if l.trim_end() == "```" {
                    break;
                }
                code.push_str(l);
                code.push('\n');
            }
            out.push_str("<pre class=\"code\"");
            if !lang.is_empty() {
                out.push_str(" data-lang=\"");
                escape(lang, &mut out);
                out.push('"');
            }
            out.push_str("><code>");
            escape(&code, &mut out);
            out.push_str("</code></pre>\n");
        } else if let Some(h) = trimmed.strip_prefix("## ") {
            flush(&mut para, &mut out);
            out.push_str(&format!("<h{level}>"));
            inline(h, &mut out);
            out.push_str(&format!("</h{level}>\n"));
        } else if let Some(item) = trimmed.strip_prefix("- ") {
            flush(&mut para, &mut out);
            if !list {
                out.push_str("<ul>\n");
                list = true;
            }
            out.push_str("<li>");
            inline(item, &mut out);
            out.push_str("</li>\n");
        } else if trimmed.is_empty() {
            flush(&mut para, &mut out);
        } else {
            para.push(trimmed);
        }
    }
    flush(&mut para, &mut out);
    if list {
        out.push_str("</ul>\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_subset_renders_and_everything_is_escaped() {
        let md = "## What `it` does\nFlags <b> & `<i>`\nsecond line.\n\n```toml\norigins = [\"<x>\"]\n```\n\n## References\n- [Fetch: CORS check](https://fetch.spec.whatwg.org/#cors-check)\n- [bad](javascript:alert(1))\n- plain §0.2\n";
        assert_eq!(
            to_html(md, 2),
            "<h2>What <code>it</code> does</h2>\n\
             <p>Flags &lt;b&gt; &amp; <code>&lt;i&gt;</code> second line.</p>\n\
             <pre class=\"code\" data-lang=\"toml\"><code>origins = [&quot;&lt;x&gt;&quot;]\n</code></pre>\n\
             <h2>References</h2>\n<ul>\n\
             <li><a href=\"https://fetch.spec.whatwg.org/#cors-check\">Fetch: CORS check</a></li>\n\
             <li>[bad](javascript:alert(1))</li>\n\
             <li>plain §0.2</li>\n</ul>\n"
        );
    }

    #[test]
    fn every_rule_doc_renders_without_markdown_left_over() {
        for r in corsfix_policy::Rule::ALL {
            let html = to_html(r.doc(), 2);
            assert!(!html.contains("```"), "{}: {html}", r.code());
            assert!(!html.contains("## "), "{}: {html}", r.code());
            assert!(html.contains("<h2>What it does</h2>"), "{}", r.code());
        }
    }
}
