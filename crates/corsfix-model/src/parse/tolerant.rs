//! The tolerant reader: every wording in `wordings.rs` and `firefox_l10n.rs`, found wherever
//! and however it was pasted.
//!
//! The exact parsers in `parse.rs` read what browsers print, line by line. What people paste
//! is often that text worn down: a reason sentence without its lead, no final full stop, hard
//! line breaks in the middle of a sentence or of a URL, typographic or ASCII quotes where the
//! browser printed the other, `>` quoting, list bullets and timestamps in front of every line,
//! a lower-cased copy, a localized Firefox. This reader looks at the text once more, *folded*:
//! line noise removed from the start of every line, then every letter lower-cased, every
//! quote-like character made `'`, full-width punctuation made ASCII, and every space and line
//! break dropped. The wordings are folded the same way, so a sentence matches whatever became
//! of its spacing and case; what it names (the URL, the origin, the header…) is then cut from
//! the un-folded text, so it keeps its case.
//!
//! It only adds: a line the exact parsers already read is left to them.
//!
//! Cost: one pass to fold, one pass over the folded text looking up 2-byte and 4-byte
//! prefixes of the wordings' longest literal pieces, and a bounded look-around (at most
//! [`MAX_SLOT`] bytes) for each candidate, with caps on the number of candidates and hits:
//! linear in the input.

use std::collections::HashMap;
use std::sync::LazyLock;

use super::firefox_l10n::LOCALES;
use super::wordings::{
    CHROME_BLOCKED, CHROME_BLOCKED_2015, CHROME_PREFLIGHT, CHROME_SUFFIXES, CORS_VOCABULARY,
    Family, Means, Suffix, WORDINGS,
};
use super::{Finding, GENERIC, Kind, SPECIFIC, VOCAB, WEAK, classify_acao, decode_hint};
use crate::error::Initiator;
use crate::messages::{FirefoxReason, SafariReason};
use crate::simulate::Reason;
use crate::{Browser, CorsError as E};

/// The longest text a placeholder may stand for (a URL, a header value), in folded bytes.
const MAX_SLOT: usize = 2048;
/// How far back a lead ("Access to fetch at …", Firefox's "Cross-Origin Request Blocked …")
/// may start before the reason it introduces.
const MAX_LEAD: usize = 4096;
/// At most this many candidate positions are tried, and this many sentences kept.
const MAX_CANDIDATES: usize = 100_000;
const MAX_HITS: usize = 200;

// ---------------------------------------------------------------------------------------------
// Folding.
// ---------------------------------------------------------------------------------------------

/// Append the folded form of `c`.
fn fold_char(c: char, out: &mut String) {
    match c {
        '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{ad}' => {}
        c if c.is_whitespace() => {}
        '\'' | '"' | '`' | '\u{b4}' | '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}'
        | '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' | '\u{ab}' | '\u{bb}' | '\u{2039}'
        | '\u{203a}' | '\u{300c}' | '\u{300d}' | '\u{300e}' | '\u{300f}' | '\u{ff02}'
        | '\u{ff07}' | '\u{2032}' | '\u{2033}' => out.push('\''),
        // Markdown and HTML converters turn a lone `*` into `_` (or back): the asterisk of
        // `A wildcard '*' cannot be used …` pasted through an issue tracker.
        '_' => out.push('*'),
        '\u{3002}' | '\u{ff61}' => out.push('.'),
        '\u{3001}' => out.push(','),
        '\u{ff01}'..='\u{ff5e}' => {
            let a = char::from_u32(c as u32 - 0xfee0).unwrap_or(c);
            out.push(a.to_ascii_lowercase());
        }
        c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
        c => out.extend(c.to_lowercase()),
    }
}

pub(super) fn fold_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        fold_char(c, &mut out);
    }
    out
}

/// Remove what people and consoles put in front of a line: spaces, `>` quoting, list
/// bullets, timestamps, console level tags.
pub(super) fn strip_line_noise(mut s: &str) -> &str {
    for _ in 0..12 {
        let before = s.len();
        s = s.trim_start_matches(|c: char| {
            c.is_whitespace() || matches!(c, '\u{feff}' | '\u{200b}' | '>' | '|')
        });
        for bullet in [
            "- ",
            "* ",
            "+ ",
            "\u{2022}",
            "\u{b7}",
            "\u{2013} ",
            "\u{2014} ",
        ] {
            if let Some(r) = s.strip_prefix(bullet) {
                s = r;
            }
        }
        for tag in [
            "[Error]",
            "[Warning]",
            "[Log]",
            "[Info]",
            "[Debug]",
            "[error]",
            "[warning]",
            "[ERROR]",
            "[WARN]",
            "[Violation]",
        ] {
            if let Some(r) = s.strip_prefix(tag) {
                s = r;
            }
        }
        s = strip_timestamp_prefix(s);
        if s.len() == before {
            break;
        }
    }
    s
}

/// `12:00:01.037 `, `[12:00:01] `, `2024-05-01T12:00:00.000Z `, `2024-05-01 12:00:00 `.
fn strip_timestamp_prefix(s: &str) -> &str {
    let inner = s.strip_prefix('[');
    let t = inner.unwrap_or(s);
    if !t.starts_with(|c: char| c.is_ascii_digit()) {
        return s;
    }
    let end = t
        .find(|c: char| !(c.is_ascii_digit() || matches!(c, ':' | '.' | '-' | 'T' | 'Z' | '+')))
        .unwrap_or(t.len());
    let stamp = &t[..end];
    let digits = stamp.bytes().filter(u8::is_ascii_digit).count();
    let looks =
        (stamp.contains(':') && digits >= 4) || (stamp.matches('-').count() == 2 && digits >= 8);
    if !looks {
        return s;
    }
    let mut rest = &t[end..];
    // A date followed by a time: "2024-05-01 12:00:00".
    if !stamp.contains(':')
        && let Some(r) = rest.strip_prefix(' ')
    {
        let e = r
            .find(|c: char| !(c.is_ascii_digit() || matches!(c, ':' | '.')))
            .unwrap_or(r.len());
        if r[..e].contains(':') {
            rest = &r[e..];
        }
    }
    if inner.is_some() {
        match rest.strip_prefix(']') {
            Some(r) => rest = r,
            None => return s,
        }
    }
    if rest.is_empty() || rest.starts_with(char::is_whitespace) {
        rest
    } else {
        s
    }
}

/// The character an HTML entity at the start of `s` stands for, and the entity's length.
fn html_entity(s: &str) -> Option<(char, usize)> {
    const NAMED: [(&str, char); 7] = [
        ("&quot;", '"'),
        ("&apos;", '\''),
        ("&#039;", '\''),
        ("&#39;", '\''),
        ("&#x27;", '\''),
        ("&lt;", '<'),
        ("&gt;", '>'),
    ];
    NAMED
        .iter()
        .find(|(e, _)| s.starts_with(e))
        .map(|&(e, c)| (c, e.len()))
}

/// The text, cleaned line by line and folded, with the way back.
pub(super) struct Text {
    /// The lines without their leading noise, joined by `\n`.
    clean: String,
    /// `(offset in clean, 1-based physical line)` of every line start.
    lines: Vec<(usize, usize)>,
    folded: String,
    /// For every folded byte, the offset in `clean` of the character it came from.
    map: Vec<u32>,
}

impl Text {
    pub(super) fn new(physical: &[&str]) -> Self {
        let mut clean = String::new();
        let mut lines = Vec::with_capacity(physical.len());
        for (i, line) in physical.iter().enumerate() {
            if i > 0 {
                clean.push('\n');
            }
            lines.push((clean.len(), i + 1));
            // DevTools' own noise, as the exact parsers skip it.
            if line.contains("DevTools failed to load source map")
                || line.contains("DevTools failed to load SourceMap")
            {
                continue;
            }
            clean.push_str(strip_line_noise(line));
        }
        let mut folded = String::with_capacity(clean.len());
        let mut map = Vec::with_capacity(clean.len());
        let mut skip_to = 0;
        for (at, c) in clean.char_indices() {
            if at < skip_to {
                continue;
            }
            let before = folded.len();
            // Text copied out of an HTML page keeps its entities (`&quot;`, `&#039;`).
            match (c == '&').then(|| html_entity(&clean[at..])).flatten() {
                Some((decoded, len)) => {
                    fold_char(decoded, &mut folded);
                    skip_to = at + len;
                }
                None => fold_char(c, &mut folded),
            }
            let offset = u32::try_from(at).unwrap_or(u32::MAX);
            map.extend(std::iter::repeat_n(offset, folded.len() - before));
        }
        Self {
            clean,
            lines,
            folded,
            map,
        }
    }

    fn clean_start(&self, f: usize) -> usize {
        self.map.get(f).map_or(self.clean.len(), |&o| o as usize)
    }

    fn clean_end(&self, f_end: usize) -> usize {
        if f_end == 0 {
            return 0;
        }
        let s = self.clean_start(f_end - 1);
        s + self.clean[s..].chars().next().map_or(0, char::len_utf8)
    }

    /// The clean text between the folded positions `a` (an end) and `b` (a start).
    fn between(&self, a: usize, b: usize) -> &str {
        let s = self.clean_end(a);
        let e = self.clean_start(b).max(s);
        &self.clean[s..e]
    }

    /// The 1-based physical line of a folded position.
    fn line_of(&self, f: usize) -> usize {
        let c = self.clean_start(f);
        let i = self.lines.partition_point(|&(o, _)| o <= c);
        self.lines[i.saturating_sub(1)].1
    }

    /// Where a URL that starts at folded position `f` and ends its sentence ends: at a space,
    /// or at a line break unless the next line goes on with more of a URL (`?id=7`, `/v1`,
    /// `.com/x`: a wrap).
    fn url_end(&self, f: usize) -> usize {
        let start = self.clean_end(f);
        let start = start + self.clean[start..].len()
            - self.clean[start..].trim_start_matches([' ', '\t']).len();
        let mut end = start;
        let mut rest = &self.clean[start..];
        loop {
            let stop = rest.find([' ', '\t', '\n']).unwrap_or(rest.len());
            end += stop;
            rest = &rest[stop..];
            if !rest.starts_with('\n') || end - start > MAX_SLOT {
                break;
            }
            let next = &rest[1..];
            let token = next.split([' ', '\t', '\n']).next().unwrap_or("");
            let goes_on = !token.is_empty()
                && token.contains(['/', '?', '=', '&', '.', '%', '#', ':', '~'])
                && !token.starts_with('[');
            if !goes_on {
                break;
            }
            end += 1;
            rest = next;
        }
        self.map.partition_point(|&o| (o as usize) < end)
    }

    /// The folded position where the clean line ends that holds what precedes folded
    /// position `f` (the end of a literal).
    fn line_end(&self, f: usize) -> usize {
        let c = self.clean_end(f);
        let nl = self.clean[c..]
            .find('\n')
            .map_or(self.clean.len(), |p| c + p);
        self.map.partition_point(|&o| (o as usize) < nl)
    }
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(s: &str, mut i: usize) -> usize {
    while i < s.len() && !s.is_char_boundary(i) {
        i += 1;
    }
    i.min(s.len())
}

// ---------------------------------------------------------------------------------------------
// Templates.
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Param,
    Param2,
    Status,
    Url,
    Origin,
    Loc,
    Any,
}

#[derive(Debug, Clone)]
enum Piece {
    Lit(String),
    Slot(Slot),
}

#[derive(Debug, Clone)]
struct Template {
    pieces: Vec<Piece>,
    /// The index of the longest literal piece, looked up first.
    anchor: usize,
}

impl Template {
    fn anchor_text(&self) -> &str {
        match &self.pieces[self.anchor] {
            Piece::Lit(l) => l,
            Piece::Slot(_) => "",
        }
    }

    fn literal_len(&self) -> usize {
        self.pieces
            .iter()
            .map(|p| match p {
                Piece::Lit(l) => l.len(),
                Piece::Slot(_) => 0,
            })
            .sum()
    }
}

const PLACEHOLDERS: [(&str, Slot); 9] = [
    ("{p}", Slot::Param),
    ("{p2}", Slot::Param2),
    ("{status}", Slot::Status),
    ("{url}", Slot::Url),
    ("{origin}", Slot::Origin),
    ("{loc}", Slot::Loc),
    ("{any}", Slot::Any),
    ("%1$S", Slot::Url),
    ("%2$S", Slot::Param),
];

/// Compile a wording: literal pieces folded, the final full stop (and closing parentheses)
/// made optional by dropping them.
fn compile(text: &str, status_param: bool) -> Option<Template> {
    let mut pieces = Vec::new();
    let mut rest = text;
    loop {
        let next = PLACEHOLDERS
            .iter()
            .filter_map(|(p, s)| rest.find(p).map(|i| (i, *p, *s)))
            .min_by_key(|(i, _, _)| *i);
        let Some((i, p, s)) = next else {
            let l = fold_str(rest);
            if !l.is_empty() {
                pieces.push(Piece::Lit(l));
            }
            break;
        };
        let l = fold_str(&rest[..i]);
        if !l.is_empty() {
            pieces.push(Piece::Lit(l));
        }
        let s = if status_param && s == Slot::Param {
            Slot::Status
        } else {
            s
        };
        pieces.push(Piece::Slot(s));
        rest = &rest[i + p.len()..];
    }
    if let Some(Piece::Lit(l)) = pieces.last_mut() {
        let t = l.trim_end_matches(['.', ')']).len();
        l.truncate(t);
        if l.is_empty() {
            pieces.pop();
        }
    }
    // Slots must be separated by literals, and the wording must start with one.
    if !matches!(pieces.first(), Some(Piece::Lit(_)))
        || pieces
            .windows(2)
            .any(|w| matches!(w, [Piece::Slot(_), Piece::Slot(_)]))
    {
        return None;
    }
    let anchor = pieces
        .iter()
        .enumerate()
        .filter_map(|(i, p)| match p {
            Piece::Lit(l) => Some((i, l.len())),
            Piece::Slot(_) => None,
        })
        .max_by_key(|&(i, n)| (n, std::cmp::Reverse(i)))
        .map(|(i, _)| i)?;
    let t = Template { pieces, anchor };
    (t.anchor_text().len() >= 4).then_some(t)
}

/// What a Firefox key means, what its `%2$S` is, and whether the key is an older one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    None,
    Param,
    Status,
}

fn firefox_key(key: &str) -> Option<(Means, Role, bool)> {
    use Means::{AcaoValue, Cors, Other, PreflightStatus};
    Some(match key {
        "CORSDisabled" => (Other(Kind::CorsDisabled), Role::None, false),
        "CORSDidNotSucceed" => (Other(Kind::NetworkError), Role::None, true),
        "CORSDidNotSucceed2" => (Other(Kind::NetworkError), Role::Status, false),
        "CORSOriginHeaderNotAdded" => (Other(Kind::NetworkError), Role::None, false),
        "CORSExternalRedirectNotAllowed" => {
            (Cors(E::PreflightDisallowedRedirect), Role::None, false)
        }
        "CORSRequestNotHttp" => (Cors(E::CorsDisabledScheme), Role::None, false),
        "CORSMissingAllowOrigin" => (Cors(E::MissingAllowOriginHeader), Role::None, true),
        "CORSMissingAllowOrigin2" => (Cors(E::MissingAllowOriginHeader), Role::Status, false),
        "CORSMultipleAllowOriginNotAllowed" => {
            (Cors(E::MultipleAllowOriginValues), Role::None, false)
        }
        "CORSAllowOriginNotMatchingOrigin" => (AcaoValue, Role::Param, false),
        "CORSNotSupportingCredentials" => (Cors(E::WildcardOriginNotAllowed), Role::None, false),
        "CORSMethodNotFound" => (
            Cors(E::MethodDisallowedByPreflightResponse),
            Role::None,
            false,
        ),
        "CORSMissingAllowCredentials" => (Cors(E::InvalidAllowCredentials), Role::None, false),
        "CORSPreflightDidNotSucceed" | "CORSPreflightDidNotSucceed2" => {
            (PreflightStatus, Role::None, true)
        }
        "CORSPreflightDidNotSucceed3" => (PreflightStatus, Role::Status, false),
        "CORSInvalidAllowMethod" => (
            Cors(E::InvalidAllowMethodsPreflightResponse),
            Role::Param,
            false,
        ),
        "CORSInvalidAllowHeader" => (
            Cors(E::InvalidAllowHeadersPreflightResponse),
            Role::Param,
            false,
        ),
        "CORSMissingAllowHeaderFromPreflight" => (
            Cors(E::HeaderDisallowedByPreflightResponse),
            Role::Param,
            true,
        ),
        "CORSMissingAllowHeaderFromPreflight2" => (
            Cors(E::HeaderDisallowedByPreflightResponse),
            Role::Param,
            false,
        ),
        "CORSAllowHeaderFromPreflightDeprecation" => (
            Other(Kind::AuthorizationNotCoveredByWildcard),
            Role::None,
            false,
        ),
        _ => return None,
    })
}

/// Where a compiled wording came from, and what to read around it.
#[derive(Debug, Clone)]
enum Origin {
    /// A Chrome, Safari or DevTools sentence.
    Table { family: Family },
    /// A Firefox reason: the text before the URL (`lead`), between the URL and the reason
    /// (`opener`, e.g. `.(reason:`), and the opener's last word (`tail`, e.g. `reason:`).
    Firefox {
        locale: &'static str,
        key: &'static str,
        role: Role,
        lead: String,
        opener: String,
        tail: String,
    },
}

#[derive(Debug, Clone)]
struct Compiled {
    template: Template,
    id: String,
    means: Means,
    legacy: bool,
    origin: Origin,
}

struct Catalog {
    wordings: Vec<Compiled>,
    /// 2-byte prefixes of the anchors (a bitset over all `u16`s).
    two: Vec<u64>,
    /// 4-byte prefix → the wordings whose anchor starts with it.
    four: HashMap<[u8; 4], Vec<usize>>,
    /// Every distinct Firefox lead, with its locale, for leads without a reason.
    firefox_leads: Vec<(String, &'static str)>,
}

static CATALOG: LazyLock<Catalog> = LazyLock::new(build_catalog);

/// The Firefox message split around the URL: `(lead, opener, core, role)`, where `core` is
/// the reason proper with `%2$S` kept for a parameter and the status part removed.
fn split_firefox(template: &str, role: Role) -> Option<(String, String, String)> {
    let u = template.find("%1$S")?;
    let lead = &template[..u];
    let after = &template[u + "%1$S".len()..];
    let colon = after.find([':', '\u{ff1a}'])?;
    let opener = &after[..=colon + after[colon..].chars().next()?.len_utf8() - 1];
    let mut core = &after[opener.len()..];
    if role == Role::Status {
        let s = core.find("%2$S")?;
        let before = &core[..s];
        let cut = before.rfind([')', '\u{ff09}', '.', '\u{3002}'])?;
        core = &before[..cut];
    }
    Some((lead.to_owned(), opener.to_owned(), core.trim().to_owned()))
}

fn build_catalog() -> Catalog {
    let mut wordings = Vec::new();
    for w in WORDINGS {
        if let Some(template) = compile(w.text, false) {
            wordings.push(Compiled {
                template,
                id: w.id.to_owned(),
                means: w.means,
                legacy: w.legacy,
                origin: Origin::Table { family: w.family },
            });
        }
    }
    let mut firefox_leads: Vec<(String, &'static str)> = Vec::new();
    let mut seen_cores: Vec<(String, String, String, Means)> = Vec::new();
    for locale in LOCALES {
        for &(key, text) in locale.messages {
            let Some((means, role, legacy)) = firefox_key(key) else {
                continue;
            };
            let Some((lead, opener, core)) = split_firefox(text, role) else {
                continue;
            };
            let Some(template) = compile(&core, false) else {
                continue;
            };
            // A message repeated word for word (in another table of the same language) is
            // read once.
            let lead = fold_str(&lead);
            let opener = fold_str(&opener);
            let seen = (fold_str(&core), lead.clone(), opener.clone(), means);
            if seen_cores.contains(&seen) {
                continue;
            }
            seen_cores.push(seen);
            let tail = opener
                .rfind(['(', '.'])
                .map_or(opener.as_str(), |p| &opener[p + 1..])
                .to_owned();
            if !lead.is_empty() && !firefox_leads.iter().any(|(l, _)| *l == lead) {
                firefox_leads.push((lead.clone(), locale.locale));
            }
            wordings.push(Compiled {
                template,
                id: format!("firefox/{}/{key}", locale.locale),
                means,
                legacy,
                origin: Origin::Firefox {
                    locale: locale.locale,
                    key,
                    role,
                    lead,
                    opener,
                    tail,
                },
            });
        }
    }
    let mut two = vec![0u64; 1024];
    let mut four: HashMap<[u8; 4], Vec<usize>> = HashMap::new();
    for (i, c) in wordings.iter().enumerate() {
        let a = c.template.anchor_text().as_bytes();
        let k2 = usize::from(a[0]) << 8 | usize::from(a[1]);
        two[k2 / 64] |= 1 << (k2 % 64);
        four.entry([a[0], a[1], a[2], a[3]]).or_default().push(i);
    }
    Catalog {
        wordings,
        two,
        four,
        firefox_leads,
    }
}

/// Every wording the tolerant reader knows, with its source.
pub(super) fn known() -> Vec<super::KnownWording> {
    let mut out = Vec::new();
    for w in WORDINGS {
        out.push(super::KnownWording {
            id: w.id.to_owned(),
            browser: match w.family {
                Family::Chrome | Family::DevTools => Some(Browser::Chrome),
                Family::Safari => Some(Browser::Safari),
                Family::Firefox => Some(Browser::Firefox),
                Family::WebKitShared { .. } | Family::Other => None,
                Family::Plain { browser, .. } => browser,
            },
            locale: match w.family {
                Family::Plain { locale, .. } => locale,
                _ => None,
            },
            legacy: w.legacy,
            source: w.source,
            text: w.text,
        });
    }
    for l in LOCALES {
        for (key, text) in l.messages {
            out.push(super::KnownWording {
                id: format!("firefox/{}/{key}", l.locale),
                browser: Some(Browser::Firefox),
                locale: Some(l.locale),
                legacy: firefox_key(key).is_some_and(|(_, _, legacy)| legacy),
                source: l.source,
                text,
            });
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Matching.
// ---------------------------------------------------------------------------------------------

/// `(slot, folded start, folded end)` of each placeholder matched.
type Slots = Vec<(Slot, usize, usize)>;

#[derive(Debug, Clone)]
struct Hit {
    wording: usize,
    start: usize,
    end: usize,
    /// `(slot, folded start, folded end)`.
    slots: Vec<(Slot, usize, usize)>,
}

impl Hit {
    fn slot(&self, t: &Text, s: Slot) -> Option<String> {
        self.slots
            .iter()
            .find(|(k, _, _)| *k == s)
            .map(|&(_, a, b)| slot_text(t, s, a, b))
    }
}

/// The clean text a slot stands for: URLs and origins without any whitespace (a line break
/// in the middle of a URL is a wrap), other text with its whitespace collapsed.
fn slot_text(t: &Text, s: Slot, a: usize, b: usize) -> String {
    let raw = t.between(a, b);
    match s {
        // A URL ending its sentence leaves the full stop out.
        Slot::Url | Slot::Origin | Slot::Loc => {
            clean_url_text(raw.trim_end().trim_end_matches(['.', ',']))
        }
        _ => collapse_wraps(raw),
    }
}

/// A value cut from wrapped text: a run of spaces is one space; a bare line break is a wrap
/// that took nothing (`x-custom-\nheader`), except after a comma, where the browser printed
/// `, ` (`https://a, https://b`).
fn collapse_wraps(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut run = String::new();
    for c in raw.trim().chars() {
        if c.is_whitespace() {
            run.push(c);
            continue;
        }
        if !run.is_empty() {
            let bare_break = run.chars().all(|c| matches!(c, '\n' | '\r'));
            if !bare_break || out.ends_with(',') {
                out.push(' ');
            }
            run.clear();
        }
        out.push(c);
    }
    out
}

/// A URL or origin cut from wrapped text: whitespace removed, surrounding quotes dropped.
pub(super) fn clean_url_text(raw: &str) -> String {
    let s: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    let quotes: &[char] = &[
        '\'', '"', '`', '\u{2018}', '\u{2019}', '\u{201c}', '\u{201d}', '\u{ab}', '\u{bb}', '<',
        '>', '\u{300c}', '\u{300d}',
    ];
    s.trim_matches(quotes).to_owned()
}

/// Whether a value stands in for a URL or origin the user left out: `…`, `...`, `xxx`,
/// `<url>`, `[origin]`.
pub(super) fn is_placeholder(v: &str) -> bool {
    let v = v.trim();
    if v.is_empty() {
        return true;
    }
    let inner = v.trim_matches(['<', '>', '[', ']', '{', '}', '(', ')']);
    inner.chars().all(|c| matches!(c, '.' | '\u{2026}' | '*'))
        || inner.chars().all(|c| c.eq_ignore_ascii_case(&'x'))
        || (v.len() != inner.len()
            && inner
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | ' ')))
}

fn valid_slot(t: &Text, s: Slot, a: usize, b: usize) -> bool {
    if b < a || b - a > MAX_SLOT {
        return false;
    }
    let raw = t.between(a, b);
    match s {
        Slot::Status => {
            let v = raw.trim();
            v.len() == 3 && v.bytes().all(|c| c.is_ascii_digit())
        }
        Slot::Url | Slot::Loc => {
            let v = clean_url_text(raw);
            !v.is_empty()
                && !v.contains(['\'', '"'])
                && (v.contains("://")
                    || v.contains('/')
                    || v.starts_with("file:")
                    || v.starts_with("data:")
                    || v.contains('.')
                    || is_placeholder(&v))
        }
        Slot::Origin => {
            let v = clean_url_text(raw);
            v == "null" || v.contains("://") || is_placeholder(&v)
        }
        Slot::Param | Slot::Param2 => !raw.contains('\n') || raw.len() < 256,
        Slot::Any => true,
    }
}

/// Match wording `w` whose anchor starts at folded position `at`.
fn match_at(t: &Text, w: &Compiled, at: usize) -> Option<(usize, usize, Slots)> {
    let f = &t.folded;
    let pieces = &w.template.pieces;
    let a = w.template.anchor;
    let mut slots = Vec::new();
    // Forward from the anchor.
    let mut pos = at + w.template.anchor_text().len();
    let mut i = a + 1;
    while i < pieces.len() {
        match &pieces[i] {
            Piece::Lit(l) => {
                if !f[pos..].starts_with(l.as_str()) {
                    return None;
                }
                pos += l.len();
                i += 1;
            }
            Piece::Slot(s) => {
                if let Some(Piece::Lit(next)) = pieces.get(i + 1) {
                    let window = floor_boundary(f, pos + MAX_SLOT + next.len());
                    let mut from = pos;
                    let mut found = None;
                    for _ in 0..4 {
                        let Some(k) = f.get(from..window).and_then(|h| h.find(next.as_str()))
                        else {
                            break;
                        };
                        let ks = from + k;
                        if valid_slot(t, *s, pos, ks) {
                            found = Some(ks);
                            break;
                        }
                        from = ceil_boundary(f, ks + 1);
                    }
                    let ks = found?;
                    slots.push((*s, pos, ks));
                    pos = ks + next.len();
                    i += 2;
                } else if *s == Slot::Status {
                    let n = f[pos..].bytes().take_while(u8::is_ascii_digit).count();
                    if n != 3 {
                        return None;
                    }
                    slots.push((*s, pos, pos + 3));
                    pos += 3;
                    i += 1;
                } else if matches!(s, Slot::Url | Slot::Loc | Slot::Origin) {
                    let end = t.url_end(pos);
                    if end == pos {
                        return None;
                    }
                    slots.push((*s, pos, end));
                    pos = end;
                    i += 1;
                } else {
                    let mut end = t.line_end(pos);
                    if end <= pos && w.means == Means::ErrorName {
                        // Nothing left on the line: the name was wrapped onto the next one.
                        end = t.line_end(ceil_boundary(f, pos + 1));
                    } else if end <= pos && *s == Slot::Param {
                        // A value wrapped onto the next line is a single word there (a next
                        // line with spaces is another message).
                        let next = t.line_end(ceil_boundary(f, pos + 1));
                        let raw = t.between(pos, next).trim();
                        if !raw.is_empty() && raw.len() < 100 && !raw.contains(char::is_whitespace)
                        {
                            end = next;
                        }
                    }
                    let end = floor_boundary(f, end.max(pos).min(pos + MAX_SLOT));
                    if end == pos && *s != Slot::Any {
                        return None;
                    }
                    slots.push((*s, pos, end));
                    pos = end;
                    i += 1;
                }
            }
        }
    }
    let end = pos;
    // Backward from the anchor.
    let mut pos = at;
    let mut i = a;
    while i > 0 {
        match &pieces[i - 1] {
            Piece::Lit(l) => {
                if !f[..pos].ends_with(l.as_str()) {
                    return None;
                }
                pos -= l.len();
                i -= 1;
            }
            Piece::Slot(s) => {
                let Some(Piece::Lit(prev)) = i.checked_sub(2).and_then(|j| pieces.get(j)) else {
                    return None;
                };
                let lo = ceil_boundary(f, pos.saturating_sub(MAX_SLOT + prev.len()));
                let mut to = pos;
                let mut found = None;
                for _ in 0..4 {
                    let Some(k) = f.get(lo..to).and_then(|h| h.rfind(prev.as_str())) else {
                        break;
                    };
                    let ks = lo + k;
                    if valid_slot(t, *s, ks + prev.len(), pos) {
                        found = Some(ks);
                        break;
                    }
                    to = floor_boundary(f, ks + prev.len() - 1);
                }
                let ks = found?;
                slots.push((*s, ks + prev.len(), pos));
                pos = ks;
                i -= 2;
            }
        }
    }
    Some((pos, end, slots))
}

fn find_hits(t: &Text) -> Vec<Hit> {
    let c = &*CATALOG;
    let b = t.folded.as_bytes();
    let mut hits = Vec::new();
    let mut candidates = 0usize;
    let mut i = 0;
    while i + 4 <= b.len() {
        let k2 = usize::from(b[i]) << 8 | usize::from(b[i + 1]);
        if c.two[k2 / 64] & (1 << (k2 % 64)) != 0
            && let Some(list) = c.four.get(&[b[i], b[i + 1], b[i + 2], b[i + 3]])
        {
            for &wi in list {
                candidates += 1;
                if candidates > MAX_CANDIDATES || hits.len() >= MAX_HITS * 4 {
                    return hits;
                }
                let w = &c.wordings[wi];
                if !t.folded[i..].starts_with(w.template.anchor_text()) {
                    continue;
                }
                if let Some((start, end, slots)) = match_at(t, w, i) {
                    hits.push(Hit {
                        wording: wi,
                        start,
                        end,
                        slots,
                    });
                }
            }
        }
        i += 1;
    }
    hits
}

/// Keep the longest of overlapping hits (a sentence and a shorter one inside it, such as
/// WebKit's "… Access-Control-Allow-Headers." inside Chrome's "… in preflight response.").
fn resolve_overlaps(mut hits: Vec<Hit>) -> Vec<Vec<Hit>> {
    let c = &*CATALOG;
    hits.sort_by_key(|h| {
        (
            std::cmp::Reverse(c.wordings[h.wording].template.literal_len()),
            std::cmp::Reverse(h.end - h.start),
            h.start,
        )
    });
    let mut kept: Vec<Vec<Hit>> = Vec::new();
    for h in hits {
        // The same sentence in several tables (Spanish variants, an older and a newer key):
        // kept together, the context decides.
        if let Some(g) = kept.iter_mut().find(|g| {
            g[0].start == h.start
                && g[0].end == h.end
                && c.wordings[g[0].wording].template.literal_len()
                    == c.wordings[h.wording].template.literal_len()
        }) {
            g.push(h);
            continue;
        }
        if kept
            .iter()
            .all(|g| h.end <= g[0].start || h.start >= g[0].end)
        {
            kept.push(vec![h]);
        }
        if kept.len() >= MAX_HITS {
            break;
        }
    }
    kept.sort_by_key(|g| g[0].start);
    kept
}

// ---------------------------------------------------------------------------------------------
// Reading what surrounds a sentence.
// ---------------------------------------------------------------------------------------------

/// A status printed right after a reason, in any language: `… Status code: 404`,
/// `… Statuscode: 404.`, `… 状态码：404`, `… Status code: (null)`.
fn status_after(t: &Text, end: usize) -> Option<u16> {
    let f = &t.folded;
    let window = &f[end..floor_boundary(f, end + 64)];
    let colon = window.find(':')?;
    let label = &window[..colon];
    if label.is_empty()
        || label.chars().count() > 32
        || label.contains(['/', '(', ','])
        || label.chars().any(|c| c.is_ascii_digit())
        || !label.chars().any(char::is_alphabetic)
    {
        return None;
    }
    let digits = &window[colon + 1..];
    let n: String = digits
        .chars()
        .take_while(char::is_ascii_digit)
        .take(4)
        .collect();
    (n.len() == 3)
        .then(|| n.parse().ok())
        .flatten()
        .filter(|s| (100..=599).contains(s))
}

/// Whether `Status code: (null)` (in any language) follows.
fn null_status_after(t: &Text, end: usize) -> bool {
    let f = &t.folded;
    let window = &f[end..floor_boundary(f, end + 64)];
    window
        .find(':')
        .is_some_and(|c| window[c + 1..].starts_with("(null)"))
}

/// Older Chrome's "The response had HTTP status code N." within the next sentence or two
/// after `pos` (on the same paragraph).
fn status_sentence_near(t: &Text, pos: usize) -> Option<u16> {
    static SENTENCE: LazyLock<String> =
        LazyLock::new(|| fold_str("The response had HTTP status code"));
    let window = t.folded.get(pos..floor_boundary(&t.folded, pos + 160))?;
    let at = window.find(SENTENCE.as_str())?;
    let digits: String = window[at + SENTENCE.len()..]
        .chars()
        .take_while(char::is_ascii_digit)
        .take(4)
        .collect();
    (digits.len() == 3).then(|| digits.parse().ok()).flatten()
}

/// `Origin '…' is therefore not allowed access.` and the other Chromium suffixes, chained
/// right after a reason.
fn chrome_suffixes(t: &Text, mut pos: usize, f: &mut Finding) -> usize {
    static SUFFIXES: LazyLock<Vec<(Template, Suffix)>> = LazyLock::new(|| {
        CHROME_SUFFIXES
            .iter()
            .filter_map(|(text, s)| compile(text, false).map(|t| (t, *s)))
            .collect()
    });
    let folded = &t.folded;
    for _ in 0..6 {
        while folded[pos..].starts_with(['.', ')']) {
            pos += 1;
        }
        let mut advanced = false;
        for (tpl, s) in SUFFIXES.iter() {
            let Piece::Lit(first) = &tpl.pieces[0] else {
                continue;
            };
            if !folded[pos..].starts_with(first.as_str()) {
                continue;
            }
            let w = Compiled {
                template: Template {
                    pieces: tpl.pieces.clone(),
                    anchor: 0,
                },
                id: String::new(),
                means: Means::Other(Kind::FetchFailed),
                legacy: true,
                origin: Origin::Table {
                    family: Family::Chrome,
                },
            };
            let Some((_, end, slots)) = match_at(t, &w, pos) else {
                continue;
            };
            let hit = Hit {
                wording: 0,
                start: pos,
                end,
                slots,
            };
            match s {
                Suffix::Origin => {
                    if f.origin.is_none() {
                        f.origin = hit.slot(t, Slot::Origin);
                    }
                    f.legacy = true;
                }
                Suffix::Status => {
                    f.status = hit.slot(t, Slot::Status).and_then(|v| v.parse().ok());
                    f.legacy = true;
                }
                Suffix::Fetch => f.initiator = Some(Initiator::Fetch),
                Suffix::FetchLegacy => {
                    f.initiator = Some(Initiator::Fetch);
                    f.legacy = true;
                }
                Suffix::Xhr => f.initiator = Some(Initiator::XmlHttpRequest),
            }
            pos = end;
            advanced = true;
            break;
        }
        if !advanced {
            break;
        }
    }
    pos
}

/// Chromium's lead: `Access to {res} at '{url}' [(redirected from '{u0}') ]from origin
/// '{origin}' has been blocked by CORS policy: [Response to preflight …: ]`, the 2017-2018
/// `Redirect from 'a' [to 'b'] has been blocked by CORS policy: `, and the older containers
/// (`XMLHttpRequest cannot load {url}. `, `Failed to load {url}: `, `{Font} from origin '{o}'
/// has been blocked from loading by Cross-Origin Resource Sharing policy: `). Fills what it
/// finds into `f`; returns where the lead starts, if there is one.
fn chrome_lead(t: &Text, start: usize, f: &mut Finding) -> Option<usize> {
    static BLOCKED: LazyLock<String> = LazyLock::new(|| fold_str(CHROME_BLOCKED));
    static PREFLIGHT: LazyLock<String> = LazyLock::new(|| fold_str(CHROME_PREFLIGHT));
    static BLOCKED_2015: LazyLock<String> = LazyLock::new(|| fold_str(CHROME_BLOCKED_2015));
    let folded = &t.folded;
    let mut p = start;
    let mut preflight_prefix = false;
    for _ in 0..2 {
        if folded[..p].ends_with(PREFLIGHT.as_str()) {
            preflight_prefix = true;
            p -= PREFLIGHT.len();
        }
    }
    f.preflight = preflight_prefix.then_some(true).or(f.preflight);
    let lo = ceil_boundary(folded, p.saturating_sub(MAX_LEAD));
    // A DevTools source location pasted between the lead and the reason (`… CORS policy:
    // index.js:12 No 'Access-Control-…`): skipped.
    let gap_lo = ceil_boundary(folded, p.saturating_sub(48));
    if !folded[..p].ends_with(BLOCKED.as_str())
        && let Some(k) = folded[gap_lo..p].rfind(BLOCKED.as_str())
    {
        let gap = &folded[gap_lo + k + BLOCKED.len()..p];
        if gap.len() <= 40 && gap.contains(':') && gap.ends_with(|c: char| c.is_ascii_digit()) {
            p = gap_lo + k + BLOCKED.len();
        }
    }
    let blocked = if folded[..p].ends_with(BLOCKED.as_str()) {
        Some(BLOCKED.len())
    } else {
        let bare = BLOCKED.trim_end_matches(':');
        folded[..p].ends_with(bare).then_some(bare.len())
    };
    if let Some(blocked) = blocked {
        let head_end = p - blocked;
        let head = &folded[lo..head_end];
        let access = head.rfind("accessto");
        let redirect = head.rfind("redirectfrom'");
        if let Some(r) = redirect.filter(|&r| access.is_none_or(|a| r > a)) {
            let r = lo + r;
            let from_start = r + "redirectfrom'".len();
            let inner = &folded[from_start..head_end];
            match inner.find("'to'") {
                Some(k) => {
                    f.redirected_from = Some(clean_url_text(t.between(from_start, from_start + k)));
                    f.url = Some(clean_url_text(t.between(from_start + k + 4, head_end)));
                }
                None => f.url = Some(clean_url_text(t.between(from_start, head_end))),
            }
            f.legacy = true;
            let mut s = r;
            if folded[..s].ends_with(PREFLIGHT.as_str()) {
                f.preflight = Some(true);
                s -= PREFLIGHT.len();
            }
            return Some(s);
        }
        let Some(a) = access.map(|a| lo + a) else {
            // The paste starts after "Access to …": what is left of the lead.
            let fo = lo + head.rfind("fromorigin'")?;
            f.origin = Some(clean_url_text(
                t.between(fo + "fromorigin'".len(), head_end),
            ));
            if let Some(at) = folded[lo..fo].rfind("at'") {
                f.url = Some(clean_url_text(t.between(lo + at + 3, fo)));
            }
            return Some(fo);
        };
        let rest_start = a + "accessto".len();
        let rest = &folded[rest_start..head_end];
        let Some(at) = rest.find("at'") else {
            // The quotes lost (a Markdown renderer, a retyped message): `Access to fetch at
            // https://… from origin http://… has been blocked`.
            let at = rest.find("athttp").or_else(|| rest.find("atfile:"))?;
            let fo = rest.rfind("fromorigin")?;
            if fo < at {
                return None;
            }
            let resource = t.between(rest_start, rest_start + at).trim();
            f.url = Some(clean_url_text(
                t.between(rest_start + at + 2, rest_start + fo),
            ));
            f.origin = Some(clean_url_text(
                t.between(rest_start + fo + "fromorigin".len(), head_end),
            ));
            if !resource.is_empty() && resource.len() < 40 {
                f.resource = Some(resource.to_owned());
            }
            return Some(a);
        };
        let resource = t.between(rest_start, rest_start + at).trim();
        let urls_start = rest_start + at + 3;
        let fo = rest.rfind("'fromorigin'")?;
        let fo = rest_start + fo;
        if fo < urls_start {
            return None;
        }
        let origin = clean_url_text(t.between(fo + "'fromorigin'".len(), head_end));
        let urls = &folded[urls_start..fo];
        match urls.rfind("'(redirectedfrom'") {
            Some(r) => {
                f.url = Some(clean_url_text(t.between(urls_start, urls_start + r)));
                let from = t.between(urls_start + r + "'(redirectedfrom'".len(), fo);
                f.redirected_from = Some(clean_url_text(from.trim_end().trim_end_matches(')')));
            }
            None => f.url = Some(clean_url_text(t.between(urls_start, fo))),
        }
        f.origin = Some(origin);
        if !resource.is_empty() && resource.len() < 40 {
            f.resource = Some(resource.to_owned());
            match resource.to_ascii_lowercase().as_str() {
                "fetch" => f.initiator = Some(Initiator::Fetch),
                "xmlhttprequest" => f.initiator = Some(Initiator::XmlHttpRequest),
                _ => {}
            }
        }
        return Some(a);
    }
    if folded[..p].ends_with(BLOCKED_2015.as_str()) {
        let head_end = p - BLOCKED_2015.len();
        let head = &folded[lo..head_end];
        let fo = lo + head.rfind("fromorigin'")?;
        let o = clean_url_text(t.between(fo + "fromorigin'".len(), head_end));
        f.url = Some(o);
        f.legacy = true;
        // The word before "from origin": Font, Image, Script, Imported resource, "Redirect at".
        let before = t.between(lo, fo);
        let word = before.split_whitespace().last().unwrap_or("");
        if !word.is_empty() && word.len() < 40 {
            f.resource = Some(word.to_owned());
        }
        return Some(ceil_boundary(folded, fo.saturating_sub(word.len())));
    }
    // XMLHttpRequest cannot load {url}. / Fetch API cannot load {url}. / Failed to load {url}:
    let window = &folded[lo..p];
    for (marker, container) in [("cannotload", 0u8), ("failedtoload", 1)] {
        let Some(k) = window.rfind(marker) else {
            continue;
        };
        let c = lo + k;
        let url_start = c + marker.len();
        let raw = t.between(url_start, p);
        let url = clean_url_text(raw.trim_end().trim_end_matches([':', '.']));
        // The URL and nothing else: a line break (a wrap) at most, no words.
        let plausible = raw.len() <= MAX_SLOT
            && !raw.trim().contains([' ', '\t'])
            && !folded[url_start..p].contains("duetoaccesscontrolchecks")
            && !url.contains(['\'', '"'])
            && (url.contains("://") || url.starts_with("file:") || is_placeholder(&url));
        if !plausible {
            continue;
        }
        if container == 1 && folded[url_start..].starts_with("resource:") {
            continue;
        }
        f.url = Some(url);
        f.legacy = true;
        if container == 0 && !preflight_prefix {
            // Before 2016 a failed preflight's reason had no prefix in this container.
            f.stage_unknown = true;
        }
        if folded[..c].ends_with("xmlhttprequest") {
            f.initiator = Some(Initiator::XmlHttpRequest);
        } else if folded[..c].ends_with("fetchapi") {
            f.initiator = Some(Initiator::Fetch);
        }
        return Some(c);
    }
    None
}

/// Safari's `Cross-origin redirection to {loc} denied by Cross-Origin Resource Sharing
/// policy: ` before a reason.
fn safari_redirect(t: &Text, start: usize, f: &mut Finding) -> Option<usize> {
    const DENIED: &str = "deniedbycross-originresourcesharingpolicy:";
    const TO: &str = "cross-originredirectionto";
    let folded = &t.folded;
    if !folded[..start].ends_with(DENIED) {
        return None;
    }
    let e = start - DENIED.len();
    let lo = ceil_boundary(folded, e.saturating_sub(MAX_SLOT));
    let r = lo + folded[lo..e].rfind(TO)?;
    f.location = Some(clean_url_text(t.between(r + TO.len(), e)));
    Some(r)
}

/// Any Firefox lead (every language) ending right before `start` with a URL between:
/// `(where it starts, the URL)`.
fn firefox_any_lead(t: &Text, start: usize) -> Option<(usize, Option<String>)> {
    let folded = &t.folded;
    let lo = ceil_boundary(folded, start.saturating_sub(MAX_SLOT));
    let window = &folded[lo..start];
    let (k, lead) = CATALOG
        .firefox_leads
        .iter()
        .filter_map(|(lead, _)| window.rfind(lead.as_str()).map(|k| (k, lead)))
        .max_by_key(|(k, _)| *k)?;
    let l = lo + k;
    let raw = t.between(l + lead.len(), start);
    let url = clean_url_text(raw.trim_end().trim_end_matches('.'));
    let plausible = !raw.trim().contains([' ', '\t']) && !url.is_empty();
    Some((l, plausible.then_some(url)))
}

/// The URL right before a Firefox opener whose lead is not in the tables (an older or newer
/// translation of the lead): the last `http…` before it, if nothing but the URL is between.
fn url_before(t: &Text, o: usize) -> Option<String> {
    let folded = &t.folded;
    let lo = ceil_boundary(folded, o.saturating_sub(MAX_SLOT));
    let k = lo + folded[lo..o].rfind("http")?;
    let raw = &t.clean[t.clean_start(k)..t.clean_start(o).max(t.clean_start(k))];
    let url = clean_url_text(raw.trim_end().trim_end_matches('.'));
    (!raw.trim().contains([' ', '\t']) && url.contains("://")).then_some(url)
}

/// Firefox's lead and opener before a reason: `(opener matched in full, opener's last word
/// matched, where the lead starts)`.
fn firefox_lead(
    t: &Text,
    start: usize,
    lead: &str,
    opener: &str,
    tail: &str,
    f: &mut Finding,
) -> (bool, bool, Option<usize>, bool) {
    let folded = &t.folded;
    if folded[..start].ends_with(opener) {
        let o = start - opener.len();
        let lo = ceil_boundary(folded, o.saturating_sub(MAX_LEAD));
        if !lead.is_empty()
            && let Some(k) = folded[lo..o].rfind(lead)
        {
            let l = lo + k;
            let raw = t.between(l + lead.len(), o);
            let url = clean_url_text(raw);
            if !url.is_empty() && url.len() <= MAX_SLOT && !raw.trim().contains([' ', '\t']) {
                f.url = Some(url);
            }
            return (true, true, Some(l), true);
        }
        f.url = url_before(t, o);
        return (true, true, Some(o), false);
    }
    let tail_ok = !tail.is_empty() && folded[..start].ends_with(tail);
    (false, tail_ok, tail_ok.then(|| start - tail.len()), false)
}

/// A `CorsError` or older Chromium name, in any letter case.
fn kind_by_name(name: &str) -> Option<Kind> {
    if let Some(e) = crate::error::ALL_CORS_ERRORS
        .iter()
        .find(|e| e.name().eq_ignore_ascii_case(name))
    {
        return Some(Kind::Cors(*e));
    }
    let names = [
        "InsecurePrivateNetwork",
        "InvalidPrivateNetworkAccess",
        "PrivateNetworkAccessPermissionDenied",
        "PreflightMissingAllowPrivateNetwork",
        "PreflightInvalidAllowPrivateNetwork",
        "UnexpectedPrivateNetworkAccess",
        "PreflightMissingPrivateNetworkAccessId",
        "PreflightMissingPrivateNetworkAccessName",
        "PrivateNetworkAccessPermissionUnavailable",
    ];
    let name = names.iter().find(|n| n.eq_ignore_ascii_case(name))?;
    Some(match *name {
        "InsecurePrivateNetwork" => Kind::Cors(E::InsecureLocalNetwork),
        "InvalidPrivateNetworkAccess" => Kind::Cors(E::InvalidLocalNetworkAccess),
        "PrivateNetworkAccessPermissionDenied" => Kind::Cors(E::LocalNetworkAccessPermissionDenied),
        "PreflightMissingAllowPrivateNetwork" => Kind::PreflightMissingAllowPrivateNetwork,
        "PreflightInvalidAllowPrivateNetwork" => Kind::PreflightInvalidAllowPrivateNetwork,
        "UnexpectedPrivateNetworkAccess" => Kind::UnexpectedPrivateNetworkAccess,
        "PreflightMissingPrivateNetworkAccessId" => Kind::PreflightMissingPrivateNetworkAccessId,
        "PreflightMissingPrivateNetworkAccessName" => {
            Kind::PreflightMissingPrivateNetworkAccessName
        }
        "PrivateNetworkAccessPermissionUnavailable" => {
            Kind::PrivateNetworkAccessPermissionUnavailable
        }
        _ => return None,
    })
}

/// The Firefox key's own reason, as the model renders it (current keys only).
fn firefox_native(key: &str, param: Option<&str>, status: Option<u16>) -> Option<FirefoxReason> {
    let p = || param.map(str::to_owned);
    Some(match key {
        "CORSMissingAllowOrigin2" => FirefoxReason::MissingAllowOrigin { status: status? },
        "CORSMultipleAllowOriginNotAllowed" => FirefoxReason::MultipleAllowOrigin,
        "CORSAllowOriginNotMatchingOrigin" => FirefoxReason::AllowOriginNotMatchingOrigin(p()?),
        "CORSNotSupportingCredentials" => FirefoxReason::NotSupportingCredentials,
        "CORSMissingAllowCredentials" => FirefoxReason::MissingAllowCredentials,
        "CORSPreflightDidNotSucceed3" => FirefoxReason::PreflightDidNotSucceed { status: status? },
        "CORSInvalidAllowMethod" => FirefoxReason::InvalidAllowMethod(p()?),
        "CORSMethodNotFound" => FirefoxReason::MethodNotFound,
        "CORSInvalidAllowHeader" => FirefoxReason::InvalidAllowHeader(p()?),
        "CORSMissingAllowHeaderFromPreflight2" => {
            FirefoxReason::MissingAllowHeaderFromPreflight(p()?)
        }
        "CORSExternalRedirectNotAllowed" => FirefoxReason::ExternalRedirectNotAllowed,
        "CORSDidNotSucceed2" => FirefoxReason::DidNotSucceed { status },
        "CORSRequestNotHttp" => FirefoxReason::RequestNotHttp,
        _ => return None,
    })
}

/// A finding from one sentence and what surrounds it; `None` when the sentence alone is too
/// little to go on (a short Firefox reason with neither its lead nor its "Reason:").
fn finding(t: &Text, hit: &Hit) -> Option<(Finding, u8)> {
    let w = &CATALOG.wordings[hit.wording];
    let mut f = Finding {
        rank: SPECIFIC,
        legacy: w.legacy,
        ..Finding::default()
    };
    let mut param = hit.slot(t, Slot::Param);
    let status = hit.slot(t, Slot::Status).and_then(|s| s.parse().ok());
    f.status = status;
    if matches!(
        w.origin,
        Origin::Firefox { .. }
            | Origin::Table {
                family: Family::Safari | Family::WebKitShared { .. }
            }
    ) {
        f.status = f.status.or_else(|| status_after(t, hit.end));
    }
    let mut context_start = hit.start;
    let mut context_end = hit.end;
    let browser;
    let what;
    // How much of the sentence's context was found: its lead (3), its "Reason:" (2), none (1).
    let mut score = 1;
    match &w.origin {
        Origin::Table { family } => {
            match family {
                Family::Chrome => {
                    browser = Some(Browser::Chrome);
                    if let Some(s) = chrome_lead(t, hit.start, &mut f) {
                        context_start = s;
                        score = 3;
                    } else if w.id == "chrome-2014/preflight-status"
                        && (t.folded[..hit.start].ends_with("preflighthas")
                            || t.folded[..hit.start].ends_with("preflight"))
                    {
                        // The 2017 sentence ("Response for preflight has invalid HTTP status
                        // code N") with its first words retyped ("Response Preflight has …"):
                        // the word "preflight" is the context the bare 2014 sentence needs.
                        f.preflight = Some(true);
                    } else if NEEDS_CONTEXT.contains(&w.id.as_str()) {
                        return None;
                    }
                    context_end = chrome_suffixes(t, hit.end, &mut f);
                    if f.status.is_none() {
                        // Older Chrome's status sentence, a few words further on when the
                        // sentences between were retyped ("…Therefore not allowed access.").
                        f.status = status_sentence_near(t, context_end);
                    }
                    param = param.map(|p| decode_hint(&p));
                }
                Family::WebKitShared { then } => {
                    let mut probe = Finding::default();
                    if let Some(s) = chrome_lead(t, hit.start, &mut probe)
                        && probe.url.is_some()
                    {
                        context_start = s;
                        browser = Some(*then);
                        f.url = probe.url;
                        f.origin = probe.origin;
                        f.initiator = probe.initiator;
                        f.resource = probe.resource;
                        f.legacy = true;
                        if *then == Browser::Chrome {
                            context_end = chrome_suffixes(t, hit.end, &mut f);
                        }
                    } else {
                        browser = Some(Browser::Safari);
                        if let Some(s) = safari_redirect(t, hit.start, &mut f) {
                            context_start = s;
                        }
                    }
                }
                Family::Safari => {
                    browser = Some(Browser::Safari);
                    if let Some(s) = safari_redirect(t, hit.start, &mut f) {
                        context_start = s;
                    }
                }
                Family::DevTools => {
                    browser = Some(Browser::Chrome);
                    if w.id == "devtools/issue-preflight-invalid" {
                        f.preflight = Some(true);
                    }
                    if w.id.starts_with("devtools/issue-") {
                        f.rank = WEAK;
                    }
                }
                Family::Firefox => {
                    browser = Some(Browser::Firefox);
                    if let Some((s, url)) = firefox_any_lead(t, hit.start) {
                        context_start = s;
                        f.url = url;
                        f.locale = Some("en-US");
                    }
                }
                Family::Other => browser = None,
                Family::Plain { browser: b, locale } => {
                    browser = *b;
                    f.locale = *locale;
                    // The page's own exceptions lose to any browser sentence about the
                    // same request (a CORS line next to "Tainted canvases may not be
                    // exported" is the story).
                    if !matches!(
                        w.means,
                        Means::Other(
                            Kind::MixedContent
                                | Kind::ContentSecurityPolicy
                                | Kind::BlockedByResponse
                                | Kind::BlockedByOrb
                                | Kind::BlockedByClient
                                | Kind::SafeBrowsing
                                | Kind::NameNotResolved
                                | Kind::ConnectionRefused
                                | Kind::CertificateError
                                | Kind::FrameRefused
                                | Kind::MimeType
                                | Kind::LocalResource
                        )
                    ) {
                        f.rank = WEAK;
                    }
                }
            }
            f.resource = f.resource.take().or_else(|| {
                match w.id.as_str() {
                    "webkit/image-denied" => Some("image"),
                    "safari/script-denied" => Some("script"),
                    "safari/media-denied" => Some("media"),
                    _ => None,
                }
                .map(str::to_owned)
            });
            if w.id == "ie/network-error" {
                f.rank = GENERIC;
                f.initiator = Some(Initiator::XmlHttpRequest);
            }
            what = format!("{} ({})", w.id, "read by the tolerant reader");
        }
        Origin::Firefox {
            locale,
            key,
            role,
            lead,
            opener,
            tail,
        } => {
            browser = Some(Browser::Firefox);
            let (full, tail_ok, s, lead_found) =
                firefox_lead(t, hit.start, lead, opener, tail, &mut f);
            let core_len = w.template.literal_len();
            if !full && !tail_ok && core_len < 24 {
                return None;
            }
            score = if lead_found {
                4
            } else if full {
                3
            } else if tail_ok {
                2
            } else {
                1
            };
            if let Some(s) = s {
                context_start = s;
            }
            if *role == Role::Status {
                f.status = status_after(t, hit.end);
                // Without its status this is the key's older form, unless the status printed
                // is "(null)" (no response at all).
                if f.status.is_none() && !null_status_after(t, hit.end) {
                    f.legacy = true;
                }
            }
            f.locale = Some(locale);
            if !w.legacy
                && let Some(n) = firefox_native(key, param.as_deref(), f.status)
            {
                f.native = Some(Reason::Firefox(n));
            }
            what = format!("Firefox CORS message, {locale} ({key})");
        }
    }
    let kind = match w.means {
        Means::Cors(e) => {
            let e = if f.preflight == Some(true) {
                e.on_preflight()
            } else {
                e
            };
            Kind::Cors(e)
        }
        Means::AcaoValue => Kind::Cors(classify_acao(param.as_deref().unwrap_or(""))),
        Means::PreflightStatus => Kind::Cors(match f.status {
            Some(300..=399) => E::PreflightDisallowedRedirect,
            _ => E::PreflightInvalidStatus,
        }),
        Means::Other(k) => k,
        Means::ErrorName => {
            // The name has no spaces: read it from the folded text, across a wrap.
            let from = hit
                .slots
                .iter()
                .find(|(s, _, _)| *s == Slot::Param)
                .map_or(hit.end, |&(_, a, _)| a);
            let name: String = t.folded[from..]
                .chars()
                .take_while(char::is_ascii_alphanumeric)
                .take(64)
                .collect();
            let k = kind_by_name(&name)?;
            param = None;
            k
        }
    };
    if let (Means::Cors(E::InvalidLocalNetworkAccess), Some(p), Some(p2)) =
        (w.means, param.as_deref(), hit.slot(t, Slot::Param2))
    {
        param = Some(format!("{p}|{p2}"));
    }
    f.kind = Some(kind);
    f.browser = browser;
    match kind {
        Kind::Cors(e) => {
            if e.is_preflight() {
                f.preflight = Some(true);
            } else if browser == Some(Browser::Chrome) && !f.stage_unknown {
                f.preflight = Some(false);
            }
            if browser == Some(Browser::Chrome) && !f.legacy {
                f.native = Some(Reason::Chrome {
                    error: e,
                    parameter: param.clone().unwrap_or_default(),
                });
            }
        }
        Kind::PreflightMissingAllowPrivateNetwork
        | Kind::PreflightInvalidAllowPrivateNetwork
        | Kind::PreflightMissingPrivateNetworkAccessId
        | Kind::PreflightMissingPrivateNetworkAccessName
        | Kind::PrivateNetworkAccessPermissionUnavailable => f.preflight = Some(true),
        Kind::NetworkError => f.rank = GENERIC,
        Kind::AuthorizationNotCoveredByWildcard => f.rank = WEAK,
        Kind::OriginNotAllowed => {
            f.origin = hit.slot(t, Slot::Origin);
            f.legacy |= f.status.is_none();
            if let (Some(o), Some(s)) = (&f.origin, f.status) {
                f.native = Some(Reason::Safari(SafariReason::OriginNotAllowed {
                    origin: o.clone(),
                    status: s,
                }));
            }
        }
        _ => {}
    }
    if w.id == "safari/preflight-status"
        && let Some(s) = f.status
    {
        f.native = Some(Reason::Safari(SafariReason::PreflightNotSuccessful {
            status: s,
        }));
    }
    if matches!(kind, Kind::Cors(E::MethodDisallowedByPreflightResponse)) {
        f.method.clone_from(&param);
    }
    if let Some(u) = hit.slot(t, Slot::Url) {
        f.url = Some(u);
    }
    if f.origin.is_none() {
        f.origin = hit.slot(t, Slot::Origin);
    }
    if let Some(l) = hit.slot(t, Slot::Loc) {
        f.location = Some(l.clone());
        if param.is_none() {
            param = Some(l);
        }
    }
    f.parameter = param;
    f.line = t.line_of(context_start);
    f.last_line = t.line_of(context_end.saturating_sub(1).max(context_start));
    f.wording = Some(w.id.clone());
    f.what = what;
    // Among equals, the key whose status fits: with a status printed, the key that prints
    // one; without, the older key that did not.
    let fits = match w.origin {
        Origin::Firefox { role, .. } => u8::from((role == Role::Status) == f.status.is_some()),
        Origin::Table { .. } => 1,
    };
    Some((f, score * 2 + fits))
}

/// Sentences too common to be read without a Chromium lead or container around them.
const NEEDS_CONTEXT: [&str; 4] = [
    "chrome/invalid-response",
    "chrome-2014/invalid-response",
    "chrome-2017/invalid-response",
    "chrome-2014/preflight-status",
];

// ---------------------------------------------------------------------------------------------
// The reader.
// ---------------------------------------------------------------------------------------------

/// What the tolerant reader found: the sentences, then the leads without a reason, then
/// (only when nothing else was found) the CORS words.
pub(super) fn read(t: &Text) -> Vec<Finding> {
    let groups = resolve_overlaps(find_hits(t));
    let mut out: Vec<Finding> = Vec::new();
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for g in &groups {
        let best = g
            .iter()
            .filter_map(|h| finding(t, h))
            .enumerate()
            .max_by_key(|(i, (_, score))| (*score, std::cmp::Reverse(*i)))
            .map(|(_, f)| f);
        if let Some((f, _)) = best {
            spans.push((g[0].start, g[0].end));
            out.push(f);
        }
    }
    out.extend(orphan_leads(t, &spans));
    out
}

/// Leads whose reason is not in the text (cut off, or in a wording no table has): a CORS
/// failure of unknown reason.
fn orphan_leads(t: &Text, spans: &[(usize, usize)]) -> Vec<Finding> {
    static BLOCKED: LazyLock<String> =
        LazyLock::new(|| fold_str(CHROME_BLOCKED.trim_end_matches(':')));
    let folded = &t.folded;
    let mut out = Vec::new();
    let covered = |from: usize, to: usize| spans.iter().any(|&(s, _)| s >= from && s <= to);
    // Chrome.
    let mut from = 0;
    let mut n = 0;
    while let Some(k) = folded[from..].find(BLOCKED.as_str()) {
        n += 1;
        if n > MAX_HITS {
            break;
        }
        let mut end = from + k + BLOCKED.len();
        from = end;
        if folded[end..].starts_with(':') {
            end += 1;
        }
        let after = CHROME_PREFLIGHT.len() + 8;
        if covered(end, end + after) {
            continue;
        }
        let mut f = Finding::new(
            Kind::AccessControlChecks,
            WEAK,
            Some(Browser::Chrome),
            "Chrome CORS message without its reason",
        );
        let start = chrome_lead(t, end, &mut f).unwrap_or(from - BLOCKED.len());
        static PREFLIGHT: LazyLock<String> = LazyLock::new(|| fold_str(CHROME_PREFLIGHT));
        if folded[end..].starts_with(PREFLIGHT.as_str()) {
            f.preflight = Some(true);
        }
        f.line = t.line_of(start);
        f.last_line = t.line_of(end - 1);
        f.wording = Some("chrome/lead-without-reason".to_owned());
        out.push(f);
    }
    // Firefox, any language.
    for (lead, locale) in &CATALOG.firefox_leads {
        let mut from = 0;
        let mut n = 0;
        while let Some(k) = folded[from..].find(lead.as_str()) {
            n += 1;
            if n > MAX_HITS {
                break;
            }
            let start = from + k;
            let end = start + lead.len();
            from = end;
            if covered(end, end + MAX_LEAD) {
                continue;
            }
            let mut f = Finding::new(
                Kind::AccessControlChecks,
                WEAK,
                Some(Browser::Firefox),
                "Firefox CORS message without its reason",
            );
            let from = t.clean_end(end);
            let rest = &t.clean[from..floor_boundary(&t.clean, from + MAX_SLOT)];
            let first_line = rest.lines().next().unwrap_or("");
            f.url = super::first_url(first_line).or_else(|| {
                // A `file:` URL (or another scheme without CORS) right after the lead.
                let token = first_line
                    .split_whitespace()
                    .next()?
                    .trim_end_matches(['.', ',', '"', '\'', '\u{201d}', '\u{3002}']);
                let scheme = token.split_once(':')?.0;
                (!scheme.is_empty()
                    && scheme.len() < 24
                    && scheme
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.')))
                .then(|| token.to_owned())
            });
            // The reason names the preflight (most translations keep the word).
            if fold_str(first_line).contains("preflight") {
                f.preflight = Some(true);
            }
            f.locale = Some(locale);
            f.line = t.line_of(start);
            f.last_line = t.line_of(end - 1);
            f.wording = Some(format!("firefox/{locale}/lead-without-reason"));
            out.push(f);
        }
    }
    // Firefox's shape in a language (or a version) no table has: the translations put the
    // URL, then the reason in parentheses behind a label, and keep the word "CORS" (or a
    // header name) in the reason (`… em {url}. (Motivo: … CORS …)`, `… {url} 的远程资源。（原因：
    // CORS …）`; see firefox_l10n.rs and the test `every_firefox_reason_says_cors`).
    let mut from = 0;
    let mut n = 0;
    while let Some(k) = folded[from..].find('(') {
        n += 1;
        if n > MAX_HITS {
            break;
        }
        let open = from + k;
        from = open + 1;
        let Some(close) = folded[open..]
            .find(')')
            .map(|c| open + c)
            .filter(|&c| c - open < 400)
        else {
            continue;
        };
        let inside = &folded[open + 1..close];
        let labelled = inside
            .find(':')
            .is_some_and(|c| c > 0 && inside[..c].chars().count() <= 12);
        if !labelled || !(inside.contains("cors") || inside.contains("access-control-")) {
            continue;
        }
        // The URL right before it (the lead may be anything).
        let before = &t.clean[..t.clean_start(open)];
        let line_start = before.rfind('\n').map_or(0, |p| p + 1);
        let folded_line_start = t.map.partition_point(|&o| (o as usize) < line_start);
        if covered(folded_line_start, close) {
            continue;
        }
        let url = before[line_start..]
            .split_whitespace()
            .rev()
            .take(4)
            .find_map(|w| {
                let w = w.trim_end_matches(['.', ',', '\u{3002}']);
                let p = w.find("http://").or_else(|| w.find("https://"))?;
                Some(w[p..].trim_end_matches(['.', ',', '\u{3002}']).to_owned())
            });
        let Some(url) = url else {
            continue;
        };
        let mut f = Finding::new(
            Kind::AccessControlChecks,
            WEAK,
            Some(Browser::Firefox),
            "Firefox CORS message in a wording no table has",
        );
        f.url = Some(url);
        if inside.contains("preflight") {
            f.preflight = Some(true);
        }
        f.line = t.line_of(open);
        f.last_line = t.line_of(close);
        f.wording = Some("firefox/unknown-reason".to_owned());
        out.push(f);
    }
    out
}

/// The first line that uses a CORS word, when the text has nothing better: DevTools'
/// "CORS error", a lead without a reason, a header name.
pub(super) fn vocabulary(t: &Text) -> Option<Finding> {
    // Line by line, skipping header dumps (`Access-Control-Allow-Origin: *` copied from the
    // Network panel says what the server sent, not that anything failed).
    let line = t.lines.iter().enumerate().find_map(|(i, &(start, line))| {
        let end = t.lines.get(i + 1).map_or(t.clean.len(), |&(s, _)| s);
        let text = &t.clean[start..end];
        let header = text.split_once(':').is_some_and(|(name, _)| {
            !name.is_empty()
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                && name.contains('-')
        });
        if header {
            return None;
        }
        let folded = fold_str(text);
        CORS_VOCABULARY
            .iter()
            .any(|w| folded.contains(w))
            .then_some(line)
    })?;
    let mut f = Finding::new(
        Kind::AccessControlChecks,
        VOCAB,
        None,
        "CORS wording without a reason sentence",
    );
    f.line = line;
    f.last_line = line;
    f.wording = Some("cors-vocabulary".to_owned());
    Some(f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_wording_compiles() {
        for w in WORDINGS {
            assert!(compile(w.text, false).is_some(), "{}", w.id);
        }
        for l in LOCALES {
            for (key, text) in l.messages {
                let (_, role, _) = firefox_key(key).unwrap_or_else(|| panic!("{key}"));
                let (_, _, core) =
                    split_firefox(text, role).unwrap_or_else(|| panic!("{} {key}", l.locale));
                assert!(
                    compile(&core, false).is_some(),
                    "{} {key}: {core:?}",
                    l.locale
                );
            }
        }
    }

    /// What the shape rule in `orphan_leads` relies on: the translations of the `CORS*`
    /// reasons keep the word "CORS" or a header name (a few drop it, as es-AR's external
    /// redirect; the rule then simply does not fire).
    #[test]
    fn firefox_reasons_say_cors() {
        let (mut n, mut says) = (0, 0);
        for l in LOCALES {
            for (key, text) in l.messages {
                if *key == "CORSAllowHeaderFromPreflightDeprecation" {
                    continue;
                }
                let (_, role, _) = firefox_key(key).unwrap();
                let (_, _, core) = split_firefox(text, role).unwrap();
                let core = fold_str(&core);
                n += 1;
                says += usize::from(core.contains("cors") || core.contains("access-control-"));
            }
        }
        assert!(says * 10 >= n * 9, "{says} of {n} reasons say CORS");
    }

    #[test]
    fn folding_ignores_case_quotes_and_spaces() {
        assert_eq!(
            fold_str("No \u{2018}Access-Control\u{2019}\n  Header"),
            "no'access-control'header"
        );
        assert_eq!(fold_str("（原因：X）。"), "(原因:x).");
    }

    #[test]
    fn the_preflight_status_sentence_retyped_keeps_its_meaning() {
        let r = crate::parse::parse(
            "it shows \"Response Preflight has invalid http status code 403\".",
        )
        .unwrap();
        assert_eq!(
            r.kind,
            Some(super::super::Kind::Cors(
                crate::error::CorsError::PreflightInvalidStatus
            ))
        );
        assert_eq!(r.status, Some(403));
        // The bare 2014 sentence still needs context.
        assert_eq!(
            crate::parse::parse("the job got invalid HTTP status code 403")
                .unwrap()
                .kind,
            None
        );
    }

    #[test]
    fn line_noise_is_stripped() {
        assert_eq!(strip_line_noise("> > - [Error] x"), "x");
        assert_eq!(strip_line_noise("12:00:01.037 x"), "x");
        assert_eq!(strip_line_noise("[12:00:01] x"), "x");
        assert_eq!(strip_line_noise("2024-05-01T12:00:00.000Z x"), "x");
        assert_eq!(strip_line_noise("2024-05-01 12:00:00 x"), "x");
        assert_eq!(strip_line_noise("404 (Not Found)"), "404 (Not Found)");
        assert_eq!(strip_line_noise("http://x"), "http://x");
    }

    #[test]
    fn placeholders() {
        for p in [
            "\u{2026}",
            "...",
            "xxx",
            "XXXX",
            "<url>",
            "[origin]",
            "<YOUR_API>",
        ] {
            assert!(is_placeholder(p), "{p}");
        }
        for p in ["https://xxx.com", "null", "http://localhost:3000"] {
            assert!(!is_placeholder(p), "{p}");
        }
    }
}
