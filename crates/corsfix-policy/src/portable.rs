//! The portable origin-regex grammar: the regexes that mean the same in every engine a
//! generated configuration hands them to — JavaScript (V8, no flags), Python `re`, Go
//! `regexp` (RE2, also Caddy, Traefik and Envoy's RE2), Rust `regex`, Java
//! `java.util.regex.Pattern`, Ruby (Onigmo), PCRE2 (PHP `preg_match`, nginx, Apache httpd,
//! HAProxy) and .NET `Regex` — on every string a browser can send as `Origin`.
//!
//! Browsers serialize an origin in lowercase ASCII (IDN hosts as punycode), without
//! whitespace or control characters, so the input domain is `[a-z0-9.:/[\]-]` strings plus
//! `null`; the grammar is chosen so that every engine gives the same answer there, and the
//! property test `crates/corsfix-gen/tests/regex_engines.rs` runs generated patterns and near
//! misses through the real engines to prove it.
//!
//! ```text
//! pattern    = ["^"] alternation ["$"]          -- a policy regex must have both (lint CORS005)
//! alternation= branch ("|" branch)*             -- at the top level only when unanchored
//! branch     = piece+                           -- no empty alternatives
//! piece      = atom [quantifier]
//! quantifier = "?" | "*" | "+" | "{" n "}" | "{" n ",}" | "{" n "," m "}"
//!                                               -- greedy only; n <= m <= 63, nested
//!                                               -- counted repeats multiply to <= 1000
//! atom       = literal | "." | "\" meta | class | "(" alternation ")" | "(?:" alternation ")"
//! literal    = a-z | 0-9 | "-" | ":" | "/" | "," | "_"
//! meta       = one of  . - / ( ) [ ] { } | ? * + ^ $
//! class      = "[" ["^"] ["-"] item+ ["-"] "]"   -- a literal "-" only first or last
//! item       = a-z "-" a-z | 0-9 "-" 0-9 | a-z | 0-9 | "." | ":" | "/" | "," | "_" | "\" meta
//! ```
//!
//! Refused, each with why and the portable spelling: uppercase letters (origins are
//! lowercase, and case-insensitive engines such as NelmioCorsBundle's `i` would match them),
//! shorthand classes (`\d`: Unicode digits in Python and Rust), `\A`/`\z`, `\b`, `\p{…}`,
//! escapes of characters (`\x41`, `\n`), back-references, inline flags (`(?i)`), named and
//! atomic groups, look-around, lazy and possessive quantifiers, class set operations (`--`,
//! `&&`, `~~`, `||`: Rust and Java read them as set operations, JavaScript and Python as
//! characters), nested classes, a bare `-` between class items, `{` or `}` outside a
//! quantifier, `{,m}`, and alternation at the top level of an anchored regex (`^a|b$` is
//! `(^a)|(b$)`, while Java's `matches` and Envoy read it as `^(a|b)$`).

/// Why a regex is outside the portable grammar, and the portable spelling when one exists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotPortable {
    /// What is wrong and why it matters.
    pub message: String,
    /// The whole regex rewritten in the grammar, when a mechanical rewrite exists.
    pub suggestion: Option<String>,
}

/// Characters that may be escaped with `\` (and must be, to mean themselves, except in the
/// places where the grammar takes them literally).
pub const META: &str = ".-/()[]{}|?*+^$";

/// The largest count of a counted repetition (`{n,m}`): a DNS label's length.
pub const MAX_COUNT: u32 = 63;

/// Check that `text` is in the portable grammar.
pub fn check(text: &str) -> Result<(), NotPortable> {
    let reason = match first_problem(text) {
        None => return Ok(()),
        Some(r) => r,
    };
    let suggestion = rewrite(text).filter(|s| s != text && first_problem(s).is_none());
    Err(NotPortable {
        message: format!("the regex `{text}` {reason}"),
        suggestion,
    })
}

/// The first problem, as the end of a sentence starting "the regex `…` ".
fn first_problem(text: &str) -> Option<String> {
    constructs(text)
        .or_else(|| characters(text))
        .or_else(|| Parser::new(text).run().err())
}

/// Named non-portable constructs, found by a scan that knows escapes and classes.
fn constructs(text: &str) -> Option<String> {
    let b: Vec<char> = text.chars().collect();
    let mut i = 0;
    let mut in_class = false;
    let mut class_start = 0;
    while i < b.len() {
        let c = b[i];
        let next = b.get(i + 1).copied();
        if c == '\\' {
            let Some(e) = next else {
                return Some("ends with a lone `\\`".into());
            };
            if let Some(why) = escape_problem(e, b.get(i + 2).copied()) {
                return Some(why);
            }
            i += 2;
            continue;
        }
        if in_class {
            if c == ']' && i > class_start {
                in_class = false;
            } else if c.is_ascii_uppercase() {
                return Some(uppercase(c));
            } else if c == '[' {
                return Some("nests a `[` inside a character class: Java, Ruby and Rust read `[a[b]]` as a union of classes, JavaScript and Python as the character `[`; write `\\[` for the character".into());
            } else if let Some(op) = ["--", "&&", "~~", "||"]
                .iter()
                .find(|op| text[char_offset(text, i)..].starts_with(**op))
            {
                return Some(format!(
                    "uses `{op}` in a character class: Rust (and Java for `&&`) read it as a set operation, JavaScript and Python as characters (`[a-z--x]` is a range up to `-` there); spell the class out as ranges, like `[a-wyz]`"
                ));
            }
            i += 1;
            continue;
        }
        match c {
            '[' => {
                in_class = true;
                class_start = i + 1;
                if next == Some('^') {
                    class_start += 1;
                }
                // `[]…]` and `[^]…]`: a leading `]` is a character in most engines and closes
                // an empty class in JavaScript.
                if b.get(class_start) == Some(&']') {
                    return Some("starts a character class with `]`: JavaScript reads `[]` as an empty class, other engines as the character `]`; write `\\]`".into());
                }
            }
            '(' if next == Some('?') => {
                let rest: String = b[i + 2..].iter().take(3).collect();
                if rest.starts_with(':') {
                    // (?: is portable
                } else if rest.starts_with('=') || rest.starts_with('!') {
                    return Some("uses a look-ahead (`(?=…)`, `(?!…)`): Go, Rust and RE2 (Caddy, Traefik, Envoy) have no look-around; list the allowed origins or use a character class".into());
                } else if rest.starts_with("<=") || rest.starts_with("<!") {
                    return Some("uses a look-behind (`(?<=…)`, `(?<!…)`): Go, Rust and RE2 (Caddy, Traefik, Envoy) have no look-around; list the allowed origins or use a character class".into());
                } else if rest.starts_with('<') || rest.starts_with("P<") || rest.starts_with('\'')
                {
                    return Some("uses a named group: the syntax differs between engines (`(?P<n>` in Go and old Python, `(?<n>` elsewhere, neither in old JavaScript); the name is never used for an origin, so write `(?:…)`".into());
                } else if rest.starts_with('>') {
                    return Some("uses an atomic group `(?>…)`: JavaScript, Go, Rust and Python before 3.11 reject it; write `(?:…)`".into());
                } else if rest.starts_with('#') {
                    return Some("uses a comment group `(?#…)`: JavaScript, Go and Rust reject it; remove it".into());
                } else {
                    return Some("uses an inline flag (`(?i)`, `(?-i:…)`, …): JavaScript rejects flags inside a pattern, Python accepts them only at the very start, and the others change the meaning of the rest; origins arrive in lowercase, so write the pattern in lowercase without a flag".into());
                }
            }
            '*' | '+' | '?' | '}' if matches!(next, Some('?') | Some('+')) => {
                // `(?` is handled above; here a quantifier is followed by `?` or `+`.
                let is_quantifier = c != '?' || i == 0 || b[i - 1] != '(';
                if is_quantifier && (c != '}' || closes_quantifier(&b, i)) {
                    return Some(if next == Some('?') {
                        format!(
                            "uses a lazy quantifier `{c}?`: for an origin only the greedy form is portable (it accepts the same origins when anchored); write `{c}`"
                        )
                    } else {
                        format!(
                            "uses a possessive quantifier `{c}+`: JavaScript, Go and Rust reject it, and Java, PCRE and Ruby never backtrack into it; write `{c}`"
                        )
                    });
                }
            }
            c if c.is_ascii_uppercase() => return Some(uppercase(c)),
            _ => {}
        }
        i += 1;
    }
    None
}

fn uppercase(c: char) -> String {
    format!(
        "uses the uppercase letter `{c}`: browsers send the scheme and host in lowercase, so it never matches in most engines but does in case-insensitive ones (NelmioCorsBundle, flask-cors string patterns); write it in lowercase"
    )
}

fn char_offset(text: &str, i: usize) -> usize {
    text.char_indices().nth(i).map_or(text.len(), |(o, _)| o)
}

/// Whether the `}` at `i` closes a `{n,m}` quantifier.
fn closes_quantifier(b: &[char], i: usize) -> bool {
    let mut j = i;
    while j > 0 {
        j -= 1;
        match b[j] {
            '{' => return j == 0 || b[j - 1] != '\\',
            c if c.is_ascii_digit() || c == ',' => {}
            _ => return false,
        }
    }
    false
}

/// What is wrong with `\e` (`after`: the character following it).
fn escape_problem(e: char, after: Option<char>) -> Option<String> {
    if META.contains(e) {
        return None;
    }
    Some(match e {
        'd' | 'D' | 'w' | 'W' | 's' | 'S' => {
            let (portable, what) = match e {
                'd' => ("[0-9]", "Unicode digits in Python and Rust"),
                'D' => ("[^0-9]", "non-Unicode-digits in Python and Rust"),
                'w' => ("[a-z0-9_]", "Unicode letters in Python, Rust and .NET"),
                'W' => ("[^a-z0-9_]", "non-Unicode-letters in Python, Rust and .NET"),
                's' => ("nothing (origins have no spaces)", "Unicode spaces in most engines"),
                _ => ("[^ ]", "non-Unicode-spaces in most engines"),
            };
            format!("uses `\\{e}`, which means {what} and ASCII in JavaScript and Go; write `{portable}`")
        }
        'b' | 'B' => format!(
            "uses the word boundary `\\{e}`: what counts as a word character differs between engines (Unicode in Python and Rust); match the `.` or `/` that borders the name instead"
        ),
        'A' | 'z' | 'Z' | 'G' => format!(
            "uses `\\{e}`: JavaScript has no such anchor (`\\{e}` is the letter `{e}` there, or an error); write `^` at the start and `$` at the end"
        ),
        'p' | 'P' => format!(
            "uses a Unicode property `\\{e}{}`: Python's `re` has none and JavaScript needs the `u` flag; origins are ASCII (international host names arrive as punycode `xn--…`), so write an ASCII class like `[a-z0-9-]`",
            if after == Some('{') { "{…}" } else { "" }
        ),
        '1'..='9' | 'k' | 'g' => "uses a back-reference: Go, Rust and RE2 have none, and an origin never needs one; write the repeated part out".into(),
        'Q' | 'E' => "uses `\\Q…\\E` quoting: JavaScript, Python and Go have none; escape each metacharacter with `\\` instead".into(),
        'x' | 'u' | 'U' | '0' | 'o' | 'c' | 'N' | 'n' | 'r' | 't' | 'f' | 'v' | 'e' | 'a' | 'h' | 'H' | 'R' | 'K' | 'X' => format!(
            "uses the escape `\\{e}`: engines disagree on it (or reject it), and origins hold only `a-z`, `0-9`, `.`, `-`, `:`, `/` and IPv6 brackets; write the character itself"
        ),
        c if c.is_ascii_alphanumeric() => format!(
            "uses the escape `\\{c}`, which some engines reject and others read as `{c}`; write `{c}`"
        ),
        '\\' => "escapes a backslash: origins never contain one, and nginx reads `\\\\` in a quoted string as a single backslash, which then escapes the next character".into(),
        c if ":,_".contains(c) => format!(
            "escapes `{c}`, which needs no escape (Rust and JavaScript with the `u` flag reject needless escapes); write `{c}`"
        ),
        // Anything else is caught by the character check with a better message.
        _ => return None,
    })
}

/// Characters outside the grammar's alphabet.
fn characters(text: &str) -> Option<String> {
    let c = text.chars().find(|c| {
        !(c.is_ascii_lowercase() || c.is_ascii_digit() || "\\.-:/()|?*+[]^${},_".contains(*c))
    })?;
    Some(format!(
        "uses {c:?}: origin regexes may only use lowercase letters, digits and `\\ . - : / ( ) | ? * + [ ] ^ $ {{ }} , _`, so they mean the same in every language"
    ))
}

/// A parsed pattern, for the checks that need structure.
#[derive(Debug, Clone)]
enum Ast {
    /// One character (a literal or an escaped metacharacter).
    Char(u8),
    /// `.`
    Any,
    /// A class, as the set of ASCII characters it matches.
    Class(Box<[bool; 128]>),
    /// A group's alternatives.
    Group(Vec<Vec<Piece>>),
}

#[derive(Debug, Clone)]
struct Piece {
    ast: Ast,
    min: u32,
    /// `None`: unbounded.
    max: Option<u32>,
}

impl Piece {
    fn repeats(&self) -> bool {
        self.max != Some(1)
    }
    fn quantified(&self) -> bool {
        self.min != 1 || self.max != Some(1)
    }
}

impl Ast {
    /// Whether it can match `c`.
    fn matches(&self, c: u8) -> bool {
        match self {
            Ast::Char(x) => *x == c,
            Ast::Any => true,
            Ast::Class(set) => set[usize::from(c)],
            Ast::Group(alts) => alts.iter().flatten().any(|p| p.ast.matches(c)),
        }
    }

    /// Characters a match can start with, and whether it can be empty.
    fn first(&self) -> ([bool; 128], bool) {
        let mut set = [false; 128];
        match self {
            Ast::Char(x) => set[usize::from(*x)] = true,
            Ast::Any => set = [true; 128],
            Ast::Class(s) => set = **s,
            Ast::Group(alts) => {
                let mut nullable = false;
                for alt in alts {
                    let (s, n) = first_of(alt);
                    for (a, b) in set.iter_mut().zip(s) {
                        *a |= b;
                    }
                    nullable |= n;
                }
                return (set, nullable);
            }
        }
        (set, false)
    }
}

fn first_of(branch: &[Piece]) -> ([bool; 128], bool) {
    let mut set = [false; 128];
    for p in branch {
        let (s, nullable) = p.ast.first();
        for (a, b) in set.iter_mut().zip(s) {
            *a |= b;
        }
        if !(nullable || p.min == 0) {
            return (set, false);
        }
    }
    (set, true)
}

fn any_quantified(alts: &[Vec<Piece>]) -> bool {
    alts.iter().flatten().any(|p| {
        p.quantified()
            || match &p.ast {
                Ast::Group(inner) => inner.len() > 1 || any_quantified(inner),
                _ => false,
            }
    })
}

const REDOS: &str = "repeats a group that can match the same text in more than one way (`(a+)+`, `(a|a)*`, `(.*\\.)+`): backtracking engines (JavaScript, Python, Java, PCRE, Ruby) then take exponential time on a long Origin that does not match, a denial of service any client can trigger";

/// A repeated group must split its input one way only: its alternatives start with different
/// characters, it cannot match the empty string, and if anything inside is repeated or
/// alternated, every alternative ends with the same separator character that nothing else
/// inside can match (`([a-z0-9-]+\.)+`).
fn check_repeated_group(alts: &[Vec<Piece>]) -> Res<()> {
    let firsts: Vec<([bool; 128], bool)> = alts.iter().map(|a| first_of(a)).collect();
    if firsts.iter().any(|(_, nullable)| *nullable) {
        return Err(format!(
            "{REDOS}; this group can match the empty string: make every part of it required"
        ));
    }
    for (i, (a, _)) in firsts.iter().enumerate() {
        for (b, _) in &firsts[i + 1..] {
            if a.iter().zip(b).any(|(x, y)| *x && *y) {
                return Err(format!(
                    "{REDOS}; here two alternatives can start with the same character: merge them (`(?:ab|ac)` as `a[bc]`) or use a character class"
                ));
            }
        }
    }
    if !any_quantified(alts) {
        return Ok(());
    }
    let sep = alts[0].last().and_then(|p| match p.ast {
        Ast::Char(c) if !p.quantified() => Some(c),
        _ => None,
    });
    let ok = sep.is_some_and(|c| {
        alts.iter().all(|alt| {
            let (last, init) = alt.split_last().expect("no empty branches");
            matches!(last.ast, Ast::Char(x) if x == c && !last.quantified())
                && init.iter().all(|p| !p.ast.matches(c))
        })
    });
    if !ok {
        return Err(format!(
            "{REDOS}; end the repeated group with a separator that nothing inside it can match, like `([a-z0-9-]+\\.)+`"
        ));
    }
    Ok(())
}

/// Recursive-descent check of the structure (after [`constructs`] and [`characters`]).
struct Parser<'a> {
    b: &'a [u8],
    i: usize,
}

type Res<T> = Result<T, String>;

impl<'a> Parser<'a> {
    fn new(text: &'a str) -> Self {
        Parser {
            b: text.as_bytes(),
            i: 0,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn run(mut self) -> Res<()> {
        let start_anchor = self.peek() == Some(b'^');
        if start_anchor {
            self.i += 1;
        }
        let end = if self.b.len() > self.i
            && self.b.last() == Some(&b'$')
            && !self.escaped_at(self.b.len() - 1)
        {
            self.b.len() - 1
        } else {
            self.b.len()
        };
        let alts = self.alternation(end)?;
        if self.i != end {
            return Err(match self.b[self.i] {
                b')' => {
                    "closes a group `)` that was never opened; write `\\)` for the character".into()
                }
                b'$' => "uses `$` before its end: write `$` only as the final anchor".into(),
                b'^' => "uses `^` other than as the first character or in `[^…]`".into(),
                c => format!("cannot be read at `{}`", c as char),
            });
        }
        if alts.len() > 1 && (start_anchor || end < self.b.len()) {
            return Err("has `|` outside any group, so its anchors bind to the first and last alternatives only (`^a|b$` is `(^a)|(b$)`, while Java's `matches` and Envoy read `^(a|b)$`); put the alternatives in a group".into());
        }
        check_repeats(&alts, 1)
    }

    fn escaped_at(&self, pos: usize) -> bool {
        let mut n = 0;
        let mut j = pos;
        while j > 0 && self.b[j - 1] == b'\\' {
            n += 1;
            j -= 1;
        }
        n % 2 == 1
    }

    fn alternation(&mut self, end: usize) -> Res<Vec<Vec<Piece>>> {
        let mut alts = vec![self.branch(end)?];
        while self.i < end && self.peek() == Some(b'|') {
            self.i += 1;
            alts.push(self.branch(end)?);
        }
        Ok(alts)
    }

    fn branch(&mut self, end: usize) -> Res<Vec<Piece>> {
        let mut pieces = Vec::new();
        while self.i < end {
            match self.peek() {
                Some(b'|' | b')') => break,
                _ => pieces.push(self.piece(end)?),
            }
        }
        if pieces.is_empty() {
            return Err("has an empty alternative (`(a|)`, `||`, a leading or trailing `|`) or an empty group: write `(?:a)?` for an optional part".into());
        }
        Ok(pieces)
    }

    fn piece(&mut self, end: usize) -> Res<Piece> {
        let ast = self.atom(end)?;
        let (min, max) = self.quantifier(end)?.unwrap_or((1, Some(1)));
        if self.i < end && matches!(self.peek(), Some(b'?' | b'*' | b'+' | b'{')) {
            return Err("puts a quantifier right after another (`a**`, `a{2}{3}`): JavaScript and Rust reject it; group the repeated part `(?:a{2}){3}`".into());
        }
        Ok(Piece { ast, min, max })
    }

    fn atom(&mut self, end: usize) -> Res<Ast> {
        let Some(c) = self.peek() else {
            return Err("ends early".into());
        };
        match c {
            b'\\' => {
                let e = self.b.get(self.i + 1).copied().unwrap_or(b'\\');
                self.i += 2;
                Ok(Ast::Char(e))
            }
            b'(' => {
                self.i += 1;
                if self.b[self.i..].starts_with(b"?:") {
                    self.i += 2;
                }
                let close = self.find_close(end)?;
                let alts = self.alternation(close)?;
                if self.i != close {
                    return Err("has an unbalanced group".into());
                }
                self.i += 1;
                Ok(Ast::Group(alts))
            }
            b'[' => self.class(end),
            b'?' | b'*' | b'+' => Err(format!(
                "has a quantifier `{}` with nothing to repeat (at the start, after `(`, `|` or `^`); write `\\{}` for the character",
                c as char, c as char
            )),
            b'{' => Err("uses `{` outside a quantifier (`{n}`, `{n,}`, `{n,m}` after an atom): Rust rejects it and JavaScript reads it as a character; write `\\{`".into()),
            b'}' => Err("uses `}` outside a quantifier: write `\\}`".into()),
            b']' => Err("uses `]` outside a class: write `\\]`".into()),
            b'^' => Err("uses `^` other than as the first character or in `[^…]`".into()),
            b'$' => Err("uses `$` before its end: write `$` only as the final anchor".into()),
            b'.' => {
                self.i += 1;
                Ok(Ast::Any)
            }
            _ => {
                self.i += 1;
                Ok(Ast::Char(c))
            }
        }
    }

    /// The index of the `)` closing the group whose contents start at `self.i`.
    fn find_close(&self, end: usize) -> Res<usize> {
        let mut depth = 0;
        let mut j = self.i;
        let mut in_class = false;
        let mut class_start = 0;
        while j < end {
            match self.b[j] {
                b'\\' => j += 1,
                b'[' if !in_class => {
                    in_class = true;
                    class_start = j + 1;
                    if self.b.get(j + 1) == Some(&b'^') {
                        class_start += 1;
                    }
                }
                b']' if in_class && j > class_start => in_class = false,
                b'(' if !in_class => depth += 1,
                b')' if !in_class => {
                    if depth == 0 {
                        return Ok(j);
                    }
                    depth -= 1;
                }
                _ => {}
            }
            j += 1;
        }
        Err("opens a group `(` that is never closed; write `\\(` for the character".into())
    }

    fn number(&mut self) -> Option<u32> {
        let start = self.i;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.i += 1;
        }
        std::str::from_utf8(&self.b[start..self.i])
            .ok()?
            .parse()
            .ok()
    }

    /// A quantifier: `(min, max)`, `max` `None` when unbounded.
    fn quantifier(&mut self, end: usize) -> Res<Option<(u32, Option<u32>)>> {
        if self.i >= end {
            return Ok(None);
        }
        match self.peek() {
            Some(b'?') => {
                self.i += 1;
                Ok(Some((0, Some(1))))
            }
            Some(b'*') => {
                self.i += 1;
                Ok(Some((0, None)))
            }
            Some(b'+') => {
                self.i += 1;
                Ok(Some((1, None)))
            }
            Some(b'{') => {
                self.i += 1;
                let Some(n) = self.number() else {
                    return Err("uses `{` without a count after it (`{,m}` means 0 to m in Python and the character `{` in JavaScript): write `{0,m}`, or `\\{` for the character".into());
                };
                let m = if self.peek() == Some(b',') {
                    self.i += 1;
                    if self.peek() == Some(b'}') {
                        None
                    } else {
                        let Some(m) = self.number() else {
                            return Err("has a malformed counted repetition: write `{n}`, `{n,}` or `{n,m}`".into());
                        };
                        Some(m)
                    }
                } else {
                    Some(n)
                };
                if self.peek() != Some(b'}') {
                    return Err(
                        "has a malformed counted repetition: write `{n}`, `{n,}` or `{n,m}`".into(),
                    );
                }
                self.i += 1;
                if n > MAX_COUNT || m.is_some_and(|m| m > MAX_COUNT) {
                    return Err(format!(
                        "repeats more than {MAX_COUNT} times (a host label is at most 63 characters, and engines limit counts differently); use `+`"
                    ));
                }
                if let Some(m) = m
                    && m < n
                {
                    return Err(format!(
                        "has the counted repetition `{{{n},{m}}}` with the larger count first"
                    ));
                }
                Ok(Some((n, m)))
            }
            _ => Ok(None),
        }
    }

    fn class(&mut self, end: usize) -> Res<Ast> {
        const DASH_RULE: &str = "uses `-` inside a character class other than as a range between two letters or two digits, or first or last: engines disagree on `[a-z-0]` and `[.-z]`; put a literal `-` last";
        let start = self.i;
        self.i += 1; // [
        let neg = self.peek() == Some(b'^');
        if neg {
            self.i += 1;
        }
        let mut set = [false; 128];
        let mut items = 0;
        let mut first = true;
        loop {
            if self.i >= end {
                return Err("opens a character class `[` that is never closed; write `\\[` for the character".into());
            }
            let c = self.b[self.i];
            let dash_follows = |p: &Self| p.peek() == Some(b'-') && p.b.get(p.i + 1) != Some(&b']');
            match c {
                b']' => {
                    self.i += 1;
                    break;
                }
                b'-' => {
                    let last = self.b.get(self.i + 1) == Some(&b']');
                    if !(first || last) {
                        return Err(DASH_RULE.into());
                    }
                    set[usize::from(b'-')] = true;
                    self.i += 1;
                }
                b'\\' => {
                    let e = self.b.get(self.i + 1).copied().unwrap_or(b'\\');
                    set[usize::from(e) & 127] = true;
                    self.i += 2;
                    if dash_follows(self) {
                        return Err(
                            "uses an escaped character as the start of a range: write the characters out"
                                .into(),
                        );
                    }
                }
                b'a'..=b'z' | b'0'..=b'9' => {
                    self.i += 1;
                    if dash_follows(self) {
                        let hi = self.b.get(self.i + 1).copied().unwrap_or(b']');
                        let same_kind = (c.is_ascii_lowercase() && hi.is_ascii_lowercase())
                            || (c.is_ascii_digit() && hi.is_ascii_digit());
                        if !same_kind {
                            return Err(format!(
                                "has the range `{}-{}` in a character class: only ranges between two lowercase letters or two digits are portable (a range over punctuation covers different characters than it seems); list the characters",
                                c as char, hi as char
                            ));
                        }
                        if hi < c {
                            return Err(format!(
                                "has the reversed range `{}-{}` in a character class",
                                c as char, hi as char
                            ));
                        }
                        for x in c..=hi {
                            set[usize::from(x)] = true;
                        }
                        self.i += 2;
                        if dash_follows(self) {
                            return Err(DASH_RULE.into());
                        }
                    } else {
                        set[usize::from(c)] = true;
                    }
                }
                b'.' | b':' | b'/' | b',' | b'_' => {
                    set[usize::from(c)] = true;
                    self.i += 1;
                    if dash_follows(self) {
                        return Err(format!(
                            "has a range starting at `{}` in a character class: only ranges between two lowercase letters or two digits are portable; list the characters",
                            c as char
                        ));
                    }
                }
                b'^' => {
                    return Err(
                        "uses `^` inside a character class other than first: write `\\^`".into(),
                    );
                }
                other => {
                    return Err(format!(
                        "uses `{}` unescaped inside a character class: write `\\{}`",
                        other as char, other as char
                    ));
                }
            }
            items += 1;
            first = false;
        }
        if items == 0 {
            return Err("has an empty character class".into());
        }
        // PCRE2 (nginx, Apache, PHP, HAProxy) reads `[.….]` and `[:…:]` as a POSIX collating
        // element or class and rejects the pattern.
        let open = self.b[start + 1];
        if !neg && (open == b'.' || open == b':') && self.b[self.i - 2] == open {
            return Err(format!(
                "has a character class starting and ending with `{c}` (`[{c}…{c}]`): PCRE (nginx, Apache, PHP, HAProxy) reads it as a POSIX {what} and rejects the pattern; put the `{c}` elsewhere in the class, like `[a-z{c}]`",
                c = open as char,
                what = if open == b'.' {
                    "collating element"
                } else {
                    "class name"
                }
            ));
        }
        if neg {
            for x in &mut set {
                *x = !*x;
            }
            // `[^…]` never matches a newline in some engines and does in others; origins have none.
            set[usize::from(b'\n')] = false;
        }
        Ok(Ast::Class(Box::new(set)))
    }
}

/// A string the regex matches (the first alternative, each repetition at its minimum but at
/// least once, each class's first character), for examples in generated documentation.
/// `None` when `text` is outside the grammar.
pub fn example_match(text: &str) -> Option<String> {
    check(text).ok()?;
    let mut p = Parser::new(text);
    if p.peek() == Some(b'^') {
        p.i += 1;
    }
    let end = if text.ends_with('$') {
        text.len() - 1
    } else {
        text.len()
    };
    let alts = p.alternation(end).ok()?;
    let mut out = String::new();
    sample(&alts, &mut out);
    Some(out)
}

fn sample(alts: &[Vec<Piece>], out: &mut String) {
    for piece in &alts[0] {
        for _ in 0..piece.min.max(1) {
            match &piece.ast {
                Ast::Char(c) => out.push(char::from(*c)),
                Ast::Any => out.push('x'),
                Ast::Class(set) => {
                    let pick = (b'a'..=b'z')
                        .chain(b'0'..=b'9')
                        .chain(*b"-.:/_,")
                        .find(|c| set[usize::from(*c)]);
                    out.push(char::from(pick.unwrap_or(b'x')));
                }
                Ast::Group(inner) => sample(inner, out),
            }
        }
    }
}

/// Checks on the parsed pattern: nested counted repetition within RE2's limit, and no
/// ambiguous repeated group.
fn check_repeats(alts: &[Vec<Piece>], outer: u32) -> Res<()> {
    for p in alts.iter().flatten() {
        let copies = match p.max {
            Some(m) if m > 1 => m,
            None if p.min > 1 => p.min,
            _ => 1,
        };
        let product = outer.saturating_mul(copies);
        if product > 1000 {
            return Err(format!(
                "nests counted repetitions to {product} copies: Go and RE2 refuse more than 1000; use `+` or smaller counts"
            ));
        }
        if let Ast::Group(inner) = &p.ast {
            check_repeats(inner, product)?;
            if p.repeats() {
                check_repeated_group(inner)?;
            }
        }
    }
    Ok(())
}

/// Mechanical rewrites towards the grammar (each checked before it is offered).
fn rewrite(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len() + 8);
    let b: Vec<char> = text.chars().collect();
    let mut i = 0;
    let mut in_class = false;
    while i < b.len() {
        let c = b[i];
        let next = b.get(i + 1).copied();
        if c == '\\' {
            let e = next?;
            match e {
                'd' if in_class => out.push_str("0-9"),
                'd' => out.push_str("[0-9]"),
                'w' if in_class => out.push_str("a-z0-9_"),
                'w' => out.push_str("[a-z0-9_]"),
                'D' if !in_class => out.push_str("[^0-9]"),
                'A' if i == 0 => out.push('^'),
                'z' | 'Z' if i + 2 == b.len() => out.push('$'),
                ':' | ',' | '_' => out.push(e),
                c if META.contains(c) => {
                    out.push('\\');
                    out.push(c);
                }
                _ => return None,
            }
            i += 2;
            continue;
        }
        if in_class {
            if c == ']' {
                in_class = false;
            }
            out.push(c.to_ascii_lowercase());
            i += 1;
            continue;
        }
        match c {
            '[' => {
                in_class = true;
                out.push(c);
                if next == Some('^') {
                    out.push('^');
                    i += 1;
                }
            }
            '(' if next == Some('?') => {
                // `(?i)` / `(?i:` → drop the flag; named groups → `(?:`
                let rest: String = b[i + 2..].iter().collect();
                if rest.starts_with(':') {
                    out.push_str("(?:");
                    i += 3;
                    continue;
                }
                if let Some(close) = rest.find(')')
                    && rest[..close]
                        .chars()
                        .all(|c| c.is_ascii_alphabetic() || c == '-')
                {
                    i += 2 + close + 1;
                    continue;
                }
                if let Some(colon) = rest.find(':')
                    && rest[..colon]
                        .chars()
                        .all(|c| c.is_ascii_alphabetic() || c == '-')
                {
                    out.push_str("(?:");
                    i += 2 + colon + 1;
                    continue;
                }
                if (rest.starts_with('<') || rest.starts_with("P<"))
                    && !rest.starts_with("<=")
                    && !rest.starts_with("<!")
                    && let Some(gt) = rest.find('>')
                {
                    out.push_str("(?:");
                    i += 2 + gt + 1;
                    continue;
                }
                return None;
            }
            '*' | '+' | '?' | '}' if matches!(next, Some('?') | Some('+')) => {
                out.push(c);
                i += 2;
                continue;
            }
            c => out.push(c.to_ascii_lowercase()),
        }
        i += 1;
    }
    // `^a|b$` → `^(?:a|b)$`
    if Parser::new(&out)
        .run()
        .is_err_and(|e| e.contains("`|` outside any group"))
    {
        let body = out.strip_prefix('^').unwrap_or(&out);
        let body = body.strip_suffix('$').unwrap_or(body);
        out = format!("^(?:{body})$");
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(re: &str) -> NotPortable {
        check(re).expect_err(re)
    }

    #[test]
    fn the_issue_examples_are_refused_with_reasons() {
        let e = refused("^https://[a-z--x]+$");
        assert!(e.message.contains("set operation"), "{e:?}");
        let e = refused("^https://app(?i)\\.example\\.com$");
        assert!(e.message.contains("inline flag"), "{e:?}");
        assert_eq!(
            e.suggestion.as_deref(),
            Some("^https://app\\.example\\.com$")
        );
        let e = refused("^https://\\p{L}+\\.example\\.com$");
        assert!(e.message.contains("Unicode property"), "{e:?}");
    }

    #[test]
    fn portable_spellings_are_offered() {
        let s = |re: &str| refused(re).suggestion;
        assert_eq!(
            s("^http://localhost:\\d+$").as_deref(),
            Some("^http://localhost:[0-9]+$")
        );
        assert_eq!(
            s("^https://App\\.Example\\.com$").as_deref(),
            Some("^https://app\\.example\\.com$")
        );
        assert_eq!(
            s("\\Ahttps://a\\.example\\.com\\z").as_deref(),
            Some("^https://a\\.example\\.com$")
        );
        assert_eq!(
            s("^https://a\\.example\\.com|https://b\\.example\\.com$").as_deref(),
            Some("^(?:https://a\\.example\\.com|https://b\\.example\\.com)$")
        );
        assert_eq!(
            s("^https://[a-z]+?\\.example\\.com$").as_deref(),
            Some("^https://[a-z]+\\.example\\.com$")
        );
        assert_eq!(
            s("^https://(?<sub>[a-z]+)\\.example\\.com$").as_deref(),
            Some("^https://(?:[a-z]+)\\.example\\.com$")
        );
        assert_eq!(
            s("^http://localhost\\:3000$").as_deref(),
            Some("^http://localhost:3000$")
        );
    }

    #[test]
    fn each_refusal_names_its_construct() {
        for (re, word) in [
            ("^https://(?=a)[a-z]+\\.x\\.com$", "look-ahead"),
            ("^https://(?<!b)a\\.x\\.com$", "look-behind"),
            ("^https://(a)\\1\\.x\\.com$", "back-reference"),
            ("^https://a++\\.x\\.com$", "possessive"),
            ("^https://a*?\\.x\\.com$", "lazy"),
            ("^https://a{2}?\\.x\\.com$", "lazy"),
            ("^https://[a[b]]\\.x\\.com$", "nests"),
            ("^https://[a&&b]\\.x\\.com$", "uses"),
            ("^https://[]a]\\.x\\.com$", "`]`"),
            ("^https://a{,3}\\.x\\.com$", "`{,m}`"),
            ("^https://a{64}\\.x\\.com$", "more than 63"),
            ("^https://(ab{20}){60}\\.x\\.com$", "1000"),
            ("^https://(a+)+\\.x\\.com$", "exponential"),
            ("^https://(a|ab)+\\.x\\.com$", "same character"),
            ("^https://(a?)+\\.x\\.com$", "empty string"),
            ("^https://([a-z.]+\\.)+x\\.com$", "separator"),
            ("^https://(.*\\.)+x\\.com$", "separator"),
            ("^https://a**\\.x\\.com$", "after another"),
            ("^https://(a|)\\.x\\.com$", "empty alternative"),
            ("^https://()\\.x\\.com$", "empty"),
            ("^https://[z-a]\\.x\\.com$", "reversed"),
            ("^https://[a-z-0]\\.x\\.com$", "`-`"),
            ("^https://[.-z]\\.x\\.com$", "range starting"),
            ("^https://[.x-z.]\\.x\\.com$", "POSIX collating"),
            ("^https://[:a:]\\.x\\.com$", "POSIX class"),
            ("^https://[.a\\.]\\.x\\.com$", "POSIX collating"),
            ("^https://a{\\.x\\.com$", "`{`"),
            ("^https://\\bx\\.com$", "word boundary"),
            ("^https://\\x41\\.x\\.com$", "escape"),
            ("^https://a\\.x\\.com(?#c)$", "comment"),
            ("^https://(?>a)\\.x\\.com$", "atomic"),
            ("^https://a\\.x\\.com)$", "never opened"),
            ("^https://(a\\.x\\.com$", "never closed"),
            ("^https://[a\\.x\\.com$", "never closed"),
            ("^https://a\\", "lone"),
            ("^https://a$b\\.com$", "`$` before"),
            ("^https://a^b\\.com$", "`^`"),
            ("*a$", "nothing to repeat"),
            ("^https://a b$", "' '"),
        ] {
            let e = refused(re);
            assert!(e.message.contains(word), "{re}: {}", e.message);
        }
    }

    #[test]
    fn examples_match_their_regex() {
        for re in [
            "^https://([a-z0-9-]+\\.)+example\\.com$",
            "^https://pr-[0-9]+\\.preview\\.example\\.net$",
            "^https://(a|b)\\.x{1,3}\\.example\\.com$",
            "^http://localhost:[0-9]{2,5}$",
            "^https://[^./]+\\.example\\.com$",
        ] {
            let ex = example_match(re).unwrap();
            assert!(regex::Regex::new(re).unwrap().is_match(&ex), "{re}: {ex}");
        }
    }

    #[test]
    fn common_origin_regexes_are_accepted() {
        for re in [
            "^https://([a-z0-9-]+\\.)+example\\.com$",
            "^https://pr-[0-9]+\\.preview\\.example\\.net$",
            "^https://(a|b)\\.x{1,3}\\.example\\.com$",
            "^https://(?:app|admin)\\.example\\.com$",
            "^http://localhost:[0-9]{2,5}$",
            "^https://[^./]+\\.example\\.com$",
            "^https://[-a-z0-9_]+\\.example\\.com(:[0-9]+)?$",
            "^https://a\\.example\\.com\\/?$",
            "^https://(?:[a-z]+-)*[a-z]+\\.example\\.com$",
            "^https://(a|b)+\\.example\\.com$",
            "^https://(ab)+\\.example\\.com$",
            "^https://x\\.com$",
            "https://a\\.example\\.com",
        ] {
            assert_eq!(check(re), Ok(()), "{re}");
        }
    }
}
