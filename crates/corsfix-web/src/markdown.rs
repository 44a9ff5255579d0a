//! The little Markdown the lint rules' documentation is written in (`corsfix_policy::Rule::doc`),
//! to HTML: `## headings`, paragraphs, fenced code, `- lists`, `code` spans and `[links](https://…)`.
//! Everything is escaped first; a link is only made for an `http(s)` URL.
//!
//! The guide's articles ([`to_html_article`]) use a little more: `### headings`, headings with
//! an `id` (from their text, or `{#id}` at the end), `1.` lists, `| tables |`, `**bold**`,
//! and links to the site's own pages (`/errors/…`, `#anchor`).

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

/// Inline text: `code` spans and `[text](url)` links (and, in articles, `**bold**` and links
/// to the site's own pages).
fn inline(text: &str, out: &mut String) {
    inline_with(text, out, false);
}

fn inline_with(text: &str, out: &mut String, article: bool) {
    let mut rest = text;
    while !rest.is_empty() {
        let tick = rest.find('`');
        let link = rest.find('[');
        if article
            && let Some(b) = rest.find("**")
            && tick.is_none_or(|t| b < t)
            && link.is_none_or(|l| b < l)
            && let Some(end) = rest[b + 2..].find("**")
        {
            escape(&rest[..b], out);
            out.push_str("<strong>");
            inline_with(&rest[b + 2..b + 2 + end], out, article);
            out.push_str("</strong>");
            rest = &rest[b + 2 + end + 2..];
            continue;
        }
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
                        if url.starts_with("https://")
                            || url.starts_with("http://")
                            || (article
                                && (url.starts_with('/') && !url.starts_with("//")
                                    || url.starts_with('#'))) =>
                    {
                        out.push_str("<a href=\"");
                        escape(url, out);
                        out.push_str("\">");
                        inline_with(label, out, article);
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

/// One paragraph of article Markdown (`code`, `**bold**`, links) to inline HTML.
pub(crate) fn inline_html(text: &str) -> String {
    let mut out = String::new();
    inline_with(text, &mut out, true);
    out
}

/// A heading's `id`: `{#id}` at its end, or its text in kebab case.
fn heading_id(text: &str) -> (String, &str) {
    if let Some(open) = text.rfind(" {#")
        && text.ends_with('}')
    {
        return (text[open + 3..text.len() - 1].to_owned(), &text[..open]);
    }
    let mut id = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c.to_ascii_lowercase());
        } else if !id.ends_with('-') && !id.is_empty() {
            id.push('-');
        }
    }
    (id.trim_end_matches('-').to_owned(), text)
}

/// The cells of a `| a | b |` table row.
fn cells(line: &str) -> Vec<&str> {
    let inner = line.trim().trim_start_matches('|').trim_end_matches('|');
    inner.split('|').map(str::trim).collect()
}

/// The ordered-list item text of `1. text`.
fn ordered_item(line: &str) -> Option<&str> {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    (digits > 0).then(|| line[digits..].strip_prefix(". "))?
}

/// A guide article's Markdown to HTML: `## ` is `<h2>` and `### ` is `<h3>`, each with an
/// `id`; paragraphs; fenced code; `- ` and `1. ` lists; `| tables |` (the second line is the
/// `| --- |` separator); `> ` notes; `code`, `**bold**` and links, to `http(s)` URLs and to the
/// site's own pages.
pub(crate) fn to_html_article(md: &str) -> String {
    #[derive(PartialEq)]
    enum Block {
        None,
        Para,
        Ul,
        Ol,
        Note,
    }
    let mut out = String::with_capacity(md.len() * 2);
    let mut text: Vec<&str> = Vec::new();
    let mut block = Block::None;
    let close = |block: &mut Block, text: &mut Vec<&str>, out: &mut String| {
        match block {
            Block::Para | Block::Note => {
                out.push_str(if *block == Block::Para {
                    "<p>"
                } else {
                    "<p class=\"note\">"
                });
                inline_with(&text.join(" "), out, true);
                out.push_str("</p>\n");
            }
            Block::Ul => out.push_str("</ul>\n"),
            Block::Ol => out.push_str("</ol>\n"),
            Block::None => {}
        }
        text.clear();
        *block = Block::None;
    };
    let mut lines = md.lines().peekable();
    while let Some(line) = lines.next() {
        let t = line.trim_end();
        if let Some(lang) = t.strip_prefix("```") {
            close(&mut block, &mut text, &mut out);
            let mut code = String::new();
            for l in lines.by_ref() {
                if l.trim_end() == "```" {
                    break;
                }
                code.push_str(l);
                code.push('\n');
            }
            out.push_str("<pre class=\"code\" tabindex=\"0\"");
            if !lang.is_empty() {
                out.push_str(" data-lang=\"");
                escape(lang, &mut out);
                out.push('"');
            }
            out.push_str("><code>");
            escape(&code, &mut out);
            out.push_str("</code></pre>\n");
        } else if let Some((level, h)) = t
            .strip_prefix("### ")
            .map(|h| (3, h))
            .or_else(|| t.strip_prefix("## ").map(|h| (2, h)))
        {
            close(&mut block, &mut text, &mut out);
            let (id, h) = heading_id(h);
            out.push_str(&format!("<h{level} id=\""));
            escape(&id, &mut out);
            out.push_str("\">");
            inline_with(h, &mut out, true);
            out.push_str(&format!("</h{level}>\n"));
        } else if t.starts_with('|') {
            close(&mut block, &mut text, &mut out);
            let head = cells(t);
            // The `| --- |` line.
            let _ = lines
                .next_if(|l| l.trim_start().starts_with("| -") || l.trim_start().starts_with("|-"));
            out.push_str("<div class=\"table\"><table>\n<thead><tr>");
            for c in &head {
                out.push_str("<th scope=\"col\">");
                inline_with(c, &mut out, true);
                out.push_str("</th>");
            }
            out.push_str("</tr></thead>\n<tbody>\n");
            while let Some(row) = lines.next_if(|l| l.trim_start().starts_with('|')) {
                out.push_str("<tr>");
                for c in cells(row) {
                    out.push_str("<td>");
                    inline_with(c, &mut out, true);
                    out.push_str("</td>");
                }
                out.push_str("</tr>\n");
            }
            out.push_str("</tbody></table></div>\n");
        } else if let Some(item) = t.strip_prefix("- ") {
            if block != Block::Ul {
                close(&mut block, &mut text, &mut out);
                out.push_str("<ul>\n");
                block = Block::Ul;
            }
            out.push_str("<li>");
            inline_with(item, &mut out, true);
            out.push_str("</li>\n");
        } else if let Some(item) = ordered_item(t) {
            if block != Block::Ol {
                close(&mut block, &mut text, &mut out);
                out.push_str("<ol>\n");
                block = Block::Ol;
            }
            out.push_str("<li>");
            inline_with(item, &mut out, true);
            out.push_str("</li>\n");
        } else if let Some(n) = t.strip_prefix("> ") {
            if block != Block::Note {
                close(&mut block, &mut text, &mut out);
                block = Block::Note;
            }
            text.push(n);
        } else if t.is_empty() {
            close(&mut block, &mut text, &mut out);
        } else if matches!(block, Block::Ul | Block::Ol) && line.starts_with("  ") {
            // A list item's continuation line: glue it to the item.
            out.truncate(out.len() - "</li>\n".len());
            out.push(' ');
            inline_with(t.trim(), &mut out, true);
            out.push_str("</li>\n");
        } else {
            if block != Block::Para {
                close(&mut block, &mut text, &mut out);
                block = Block::Para;
            }
            text.push(t);
        }
    }
    close(&mut block, &mut text, &mut out);
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

    #[test]
    fn articles_get_ids_tables_ordered_lists_notes_and_internal_links() {
        let md = "## The rule {#rule}\nSee [the page](/errors/x) and [here](#rule), **not** [js](javascript:x).\n\n### Two words\n| a | `b` |\n| --- | --- |\n| 1 | [s](https://fetch.spec.whatwg.org/#cors-check) |\n\n1. one\n  more\n2. two\n\n> careful\n";
        assert_eq!(
            to_html_article(md),
            "<h2 id=\"rule\">The rule</h2>\n\
             <p>See <a href=\"/errors/x\">the page</a> and <a href=\"#rule\">here</a>, <strong>not</strong> [js](javascript:x).</p>\n\
             <h3 id=\"two-words\">Two words</h3>\n\
             <div class=\"table\"><table>\n<thead><tr><th scope=\"col\">a</th><th scope=\"col\"><code>b</code></th></tr></thead>\n<tbody>\n\
             <tr><td>1</td><td><a href=\"https://fetch.spec.whatwg.org/#cors-check\">s</a></td></tr>\n</tbody></table></div>\n\
             <ol>\n<li>one more</li>\n<li>two</li>\n</ol>\n\
             <p class=\"note\">careful</p>\n"
        );
        // Rule documentation keeps its own, smaller dialect: no site-relative links there.
        assert_eq!(to_html("[x](/errors/y)", 2), "<p>[x](/errors/y)</p>\n");
    }
}
