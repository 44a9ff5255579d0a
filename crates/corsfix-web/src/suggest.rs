//! "Did you mean": the known pages closest to a misspelt address.

use serde::Serialize;

/// A link on a status page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Link {
    pub(crate) href: String,
    pub(crate) label: String,
}

/// Lower case, `_` and spaces as `-`, no trailing slash: how people misspell addresses.
fn normalize(s: &str) -> String {
    s.trim()
        .trim_end_matches('/')
        .chars()
        .map(|c| match c {
            '_' | ' ' => '-',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// The candidates (`key` to compare, link) closest to `input`, best first, at most `max`.
pub(crate) fn closest<'a>(
    input: &str,
    candidates: impl IntoIterator<Item = (&'a str, Link)>,
    max: usize,
) -> Vec<Link> {
    let input = normalize(input);
    if input.is_empty() {
        return Vec::new();
    }
    let mut scored: Vec<(usize, Link)> = candidates
        .into_iter()
        .filter_map(|(key, link)| {
            let key = normalize(key);
            let d = corsfix_policy::edit_distance(&input, &key);
            let close = d <= (key.chars().count().max(input.chars().count()) / 3).max(2);
            let contains = input.len() >= 4 && (key.contains(&input) || input.contains(&key));
            (close || contains).then_some((if close { d } else { d + 100 }, link))
        })
        .collect();
    scored.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.href.cmp(&b.1.href)));
    // Only the near-best: one edit away beats two edits away.
    let best = scored.first().map_or(0, |s| s.0);
    let mut out: Vec<Link> = Vec::new();
    for (d, link) in scored {
        if d > best + best / 2 {
            break;
        }
        if !out.iter().any(|l| l.href == link.href) {
            out.push(link);
        }
        if out.len() == max {
            break;
        }
    }
    out
}

/// The one candidate that is `input` up to case, `_` and a trailing slash (a redirect, not a
/// guess).
pub(crate) fn same<'a, T>(
    input: &str,
    candidates: impl IntoIterator<Item = (&'a str, T)>,
) -> Option<T> {
    let input = normalize(input);
    candidates
        .into_iter()
        .find(|(key, _)| normalize(key) == input)
        .map(|(_, t)| t)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(s: &str) -> Link {
        Link {
            href: s.to_owned(),
            label: s.to_owned(),
        }
    }

    #[test]
    fn close_names_are_suggested_best_first_and_far_ones_are_not() {
        let c = [
            "/errors",
            "/rules",
            "/fix",
            "/errors/preflight-invalid-status",
        ];
        let got = closest("/erors", c.iter().map(|k| (*k, link(k))), 3);
        assert_eq!(got[0].href, "/errors");
        // `/rules` is two edits away: not offered next to a one-edit match.
        assert_eq!(got.len(), 1, "{got:?}");
        let got = closest(
            "/errors/preflight-status",
            c.iter().map(|k| (*k, link(k))),
            3,
        );
        assert_eq!(got[0].href, "/errors/preflight-invalid-status");
        assert!(closest("/zzzzzzzzzz", c.iter().map(|k| (*k, link(k))), 3).is_empty());
    }

    #[test]
    fn same_ignores_case_underscores_and_a_trailing_slash() {
        let c = [("preflight-invalid-status", 1), ("other", 2)];
        assert_eq!(same("Preflight_Invalid_Status/", c), Some(1));
        assert_eq!(same("preflight", c), None);
    }
}
