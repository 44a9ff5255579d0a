//! Reading pasted console text back into what the browser saw.
//!
//! People arrive with a console block in hand: several lines, DevTools prefixes and
//! timestamps, stack frames, the `GET https://… net::ERR_FAILED 500 (Internal Server Error)`
//! line that carries the real status, from Chrome, Edge, Firefox or Safari, in the current or
//! an older wording. [`parse`] reads such a block into a [`Reading`]: the browser, the URL,
//! the page origin, the error [`Kind`] (Chromium's `CorsError` name where one applies, or a
//! named look-alike that is not CORS at all), its parameter, the status and who asked.
//! What it means (the causes, ranked) is `corsfix-diagnose`'s job: a reading is only what the
//! text says.
//!
//! The parser is hand-written string search, linear in the input: no backtracking regex, a
//! bounded look-ahead when a message wraps over lines, and a hard size limit
//! ([`MAX_INPUT_BYTES`]). Any bytes are accepted ([`parse_bytes`] decodes lossily); nothing
//! panics.
//!
//! ```
//! use corsfix_model::parse::parse;
//!
//! let text = "Access to fetch at 'https://api.example.com/items' from origin 'http://localhost:3000' \
//! has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.\n\
//! GET https://api.example.com/items net::ERR_FAILED 500 (Internal Server Error)";
//! let reading = parse(text).unwrap();
//! assert_eq!(reading.kind.unwrap().name(), "MissingAllowOriginHeader");
//! assert_eq!(reading.status, Some(500));
//! assert_eq!(reading.origin.as_deref(), Some("http://localhost:3000"));
//! ```

mod equivalent;
mod firefox_l10n;
mod tolerant;
mod wordings;

use std::fmt;

use serde::{Serialize, Serializer};

use crate::error::{CorsError, Initiator};
use crate::messages::{FirefoxReason, SafariReason};
use crate::simulate::Reason;
use crate::{Browser, Origin};

/// The most text [`parse`] reads: 1 MiB. A console block about one request is a few KiB.
pub const MAX_INPUT_BYTES: usize = 1024 * 1024;

/// Why a text could not be read at all. (Text that is read but not recognized is not an
/// error: it gives a [`Reading`] without a [`kind`](Reading::kind).)
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ParseError {
    /// The input is larger than [`MAX_INPUT_BYTES`].
    #[error(
        "the pasted text is {len} bytes, more than the {max} bytes (1 MiB) corsfix reads; paste only the console lines about the failing request"
    )]
    TooLarge {
        /// The input's size in bytes.
        len: usize,
        /// The limit.
        max: usize,
    },
}

/// What kind of failure a console text reports.
///
/// CORS failures use Chromium's `CorsError` names, whichever browser printed them (Firefox's
/// and Safari's reasons are mapped onto the nearest one; the browser's own reason is kept in
/// [`Reading::native`]). The other variants are the look-alikes and the wordings Chromium
/// has no current name for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Kind {
    /// A Chromium `CorsError` (or the Firefox / Safari reason that means the same).
    Cors(CorsError),
    /// Safari's "Origin X is not allowed by Access-Control-Allow-Origin": the header is
    /// missing or does not match; WebKit does not say which.
    OriginNotAllowed,
    /// A CORS failure whose reason the text does not carry: Safari's "… cannot load URL due
    /// to access control checks." with no reason line, a Chrome or Firefox lead cut off before
    /// its reason, DevTools' "CORS error", or only CORS words ([`Reading::missing`] then holds
    /// [`Missing::Reason`]).
    AccessControlChecks,
    /// Older Chrome (Private Network Access): no `Access-Control-Allow-Private-Network`.
    PreflightMissingAllowPrivateNetwork,
    /// Older Chrome (Private Network Access): `Access-Control-Allow-Private-Network` not `true`.
    PreflightInvalidAllowPrivateNetwork,
    /// Older Chrome (Private Network Access): a private resource with no target address space.
    UnexpectedPrivateNetworkAccess,
    /// Older Chrome (Private Network Access): no `Private-Network-Access-Id` header.
    PreflightMissingPrivateNetworkAccessId,
    /// Older Chrome (Private Network Access): no `Private-Network-Access-Name` header.
    PreflightMissingPrivateNetworkAccessName,
    /// Older Chrome (Private Network Access): the permission could not be asked.
    PrivateNetworkAccessPermissionUnavailable,
    /// A warning: `Access-Control-Allow-Headers: *` will stop covering `Authorization`.
    AuthorizationNotCoveredByWildcard,
    /// Firefox with CORS switched off (`content.cors.disable`).
    CorsDisabled,
    /// Not CORS: mixed content (an `https:` page requesting `http:`).
    MixedContent,
    /// Not CORS: the page's Content Security Policy refused the connection.
    ContentSecurityPolicy,
    /// Not CORS: `net::ERR_BLOCKED_BY_RESPONSE` (Cross-Origin-Resource-Policy / COEP).
    BlockedByResponse,
    /// Not CORS: Opaque Response Blocking (`net::ERR_BLOCKED_BY_ORB`, older CORB).
    BlockedByOrb,
    /// Not CORS: `net::ERR_CONNECTION_REFUSED`.
    ConnectionRefused,
    /// Not CORS: `net::ERR_NAME_NOT_RESOLVED`.
    NameNotResolved,
    /// Not CORS: a TLS certificate error (`net::ERR_CERT_*`, `net::ERR_SSL_*`).
    CertificateError,
    /// Not CORS: `net::ERR_BLOCKED_BY_CLIENT` (an extension).
    BlockedByClient,
    /// Not CORS: another network failure (reset, timeout, Firefox's "CORS request did not
    /// succeed").
    NetworkError,
    /// Not CORS: too many redirects.
    TooManyRedirects,
    /// Not CORS: a server-side CSRF origin check (Django).
    CsrfOriginCheck,
    /// Not CORS: a WebSocket handshake failure.
    WebSocket,
    /// Not CORS: the redirect mode refused a redirect (Safari "Not allowed to follow a
    /// redirection").
    RedirectRefused,
    /// Only the page's generic rejection (`TypeError: Failed to fetch`, `Load failed`,
    /// `NetworkError when attempting to fetch resource.`, axios `Network Error`).
    FetchFailed,
    /// Not CORS: the framed page refused to be displayed in a frame (`X-Frame-Options`, CSP
    /// `frame-ancestors`).
    FrameRefused,
    /// Not CORS: a script touched a frame or window of another origin (`Blocked a frame with
    /// origin … from accessing a cross-origin frame`): the same-origin policy for frames.
    CrossFrameAccess,
    /// Not CORS: `postMessage` named a target origin that is not the receiving window's.
    PostMessageOrigin,
    /// Not CORS: `Cross-Origin-Opener-Policy` cut the link to a popup (`window.closed`,
    /// `window.postMessage` blocked), as in an OAuth sign-in popup.
    OpenerPolicy,
    /// Not CORS: cookies or storage blocked (or partitioned) in a third-party context.
    StorageBlocked,
    /// Not CORS: a web page may not load a `file:` URL (`Not allowed to load local resource`).
    LocalResource,
    /// Not CORS: a script, module or stylesheet refused for its MIME type (strict MIME type
    /// checking, `X-Content-Type-Options: nosniff`).
    MimeType,
    /// Not CORS: the script tried to set a forbidden request header (`Origin`, `Connection`,
    /// `User-Agent` in older browsers): `Refused to set unsafe header`.
    ForbiddenHeader,
    /// Not CORS: Safe Browsing (or another malware list) blocked the resource.
    SafeBrowsing,
    /// Not CORS: only an HTTP error status, with no CORS line (`POST … 405 (Method Not
    /// Allowed)`, `Failed to load resource: the server responded with a status of 401`).
    HttpError,
    /// Not CORS: the browser has no `fetch()` (`Can't find variable: fetch`, `fetch is not
    /// defined`).
    FetchUnsupported,
    /// Not CORS: the browser refused a powerful feature (clipboard, autoplay, notifications,
    /// camera): `NotAllowedError: The request is not allowed by the user agent or the platform
    /// in the current context, possibly because the user denied permission.`
    PermissionDenied,
    /// A canvas read back after drawing a cross-origin image loaded without CORS approval
    /// (`The canvas has been tainted by cross-origin data`, `Tainted canvases may not be
    /// exported`).
    CanvasTainted,
    /// The script read a response header the CORS response does not expose (`Refused to get
    /// unsafe header "X"`).
    UnexposedHeader,
    /// The page parsed an empty body as JSON (`Unexpected end of JSON input`), which is what
    /// an opaque `mode: 'no-cors'` response gives.
    EmptyBody,
    /// Not CORS: the page is not cross-origin isolated (no `Cross-Origin-Opener-Policy:
    /// same-origin` with `Cross-Origin-Embedder-Policy: require-corp`), so
    /// `SharedArrayBuffer` is not there (`SharedArrayBuffer is not defined`).
    CrossOriginIsolation,
}

impl Kind {
    /// The name used in `--json` output: the `CorsError` name, or the variant's name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Cors(e) => e.name(),
            Self::OriginNotAllowed => "OriginNotAllowed",
            Self::AccessControlChecks => "AccessControlChecks",
            Self::PreflightMissingAllowPrivateNetwork => "PreflightMissingAllowPrivateNetwork",
            Self::PreflightInvalidAllowPrivateNetwork => "PreflightInvalidAllowPrivateNetwork",
            Self::UnexpectedPrivateNetworkAccess => "UnexpectedPrivateNetworkAccess",
            Self::PreflightMissingPrivateNetworkAccessId => {
                "PreflightMissingPrivateNetworkAccessId"
            }
            Self::PreflightMissingPrivateNetworkAccessName => {
                "PreflightMissingPrivateNetworkAccessName"
            }
            Self::PrivateNetworkAccessPermissionUnavailable => {
                "PrivateNetworkAccessPermissionUnavailable"
            }
            Self::AuthorizationNotCoveredByWildcard => "AuthorizationNotCoveredByWildcard",
            Self::CorsDisabled => "CorsDisabled",
            Self::MixedContent => "MixedContent",
            Self::ContentSecurityPolicy => "ContentSecurityPolicy",
            Self::BlockedByResponse => "BlockedByResponse",
            Self::BlockedByOrb => "BlockedByOrb",
            Self::ConnectionRefused => "ConnectionRefused",
            Self::NameNotResolved => "NameNotResolved",
            Self::CertificateError => "CertificateError",
            Self::BlockedByClient => "BlockedByClient",
            Self::NetworkError => "NetworkError",
            Self::TooManyRedirects => "TooManyRedirects",
            Self::CsrfOriginCheck => "CsrfOriginCheck",
            Self::WebSocket => "WebSocket",
            Self::RedirectRefused => "RedirectRefused",
            Self::FetchFailed => "FetchFailed",
            Self::FrameRefused => "FrameRefused",
            Self::CrossFrameAccess => "CrossFrameAccess",
            Self::PostMessageOrigin => "PostMessageOrigin",
            Self::OpenerPolicy => "OpenerPolicy",
            Self::StorageBlocked => "StorageBlocked",
            Self::LocalResource => "LocalResource",
            Self::MimeType => "MimeType",
            Self::ForbiddenHeader => "ForbiddenHeader",
            Self::SafeBrowsing => "SafeBrowsing",
            Self::HttpError => "HttpError",
            Self::FetchUnsupported => "FetchUnsupported",
            Self::PermissionDenied => "PermissionDenied",
            Self::CrossOriginIsolation => "CrossOriginIsolation",
            Self::CanvasTainted => "CanvasTainted",
            Self::UnexposedHeader => "UnexposedHeader",
            Self::EmptyBody => "EmptyBody",
        }
    }

    /// Whether this is a CORS failure. Local Network Access is Chromium-named but not about
    /// CORS headers, so it is not; neither is the bare [`Kind::FetchFailed`].
    pub fn is_cors(self) -> bool {
        match self {
            Self::Cors(e) => !matches!(
                e,
                CorsError::InsecureLocalNetwork
                    | CorsError::InvalidLocalNetworkAccess
                    | CorsError::LocalNetworkAccessPermissionDenied
            ),
            Self::OriginNotAllowed
            | Self::AccessControlChecks
            | Self::AuthorizationNotCoveredByWildcard
            | Self::CanvasTainted
            | Self::UnexposedHeader
            | Self::EmptyBody => true,
            _ => false,
        }
    }

    /// Whether this is a Local Network Access (or older Private Network Access) block.
    pub fn is_local_network(self) -> bool {
        matches!(
            self,
            Self::Cors(
                CorsError::InsecureLocalNetwork
                    | CorsError::InvalidLocalNetworkAccess
                    | CorsError::LocalNetworkAccessPermissionDenied
            ) | Self::PreflightMissingAllowPrivateNetwork
                | Self::PreflightInvalidAllowPrivateNetwork
                | Self::UnexpectedPrivateNetworkAccess
                | Self::PreflightMissingPrivateNetworkAccessId
                | Self::PreflightMissingPrivateNetworkAccessName
                | Self::PrivateNetworkAccessPermissionUnavailable
        )
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for Kind {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

/// One input line that was recognized, and what it said.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// The 1-based line number in the input.
    pub line: usize,
    /// What was recognized on it.
    pub what: String,
}

/// What a pasted console text says about the failing request.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Reading {
    /// The browser that printed it, when the wording tells (Edge and other Chromium browsers
    /// read as `chrome`).
    pub browser: Option<Browser>,
    /// The failure, or `None` when nothing was recognized.
    pub kind: Option<Kind>,
    /// The browser's own reason, as the model renders it (Chromium `CorsError` and parameter,
    /// Firefox `security.properties` key, WebKit reason); `None` for wordings the model does
    /// not render (older versions, look-alikes).
    pub native: Option<Reason>,
    /// The URL whose response failed (after redirects).
    pub url: Option<String>,
    /// The first URL, when the request was redirected.
    pub redirected_from: Option<String>,
    /// A redirect target named by the message (Safari's "Cross-origin redirection to …").
    pub location: Option<String>,
    /// The page origin (`null` for an opaque one), when printed.
    pub origin: Option<String>,
    /// The failed parameter: the header name, the method, the `Access-Control-Allow-Origin`
    /// or `-Credentials` value, the bad token, the address space (Chromium's `\uXXXX` hints
    /// decoded).
    pub parameter: Option<String>,
    /// The HTTP status of the failing response, when printed (Firefox and Safari
    /// `Status code`, Chrome's `GET … net::ERR_FAILED 500` line).
    pub status: Option<u16>,
    /// The request method, when a request line or the message names it.
    pub method: Option<String>,
    /// `fetch` or `XMLHttpRequest`, when the wording tells.
    pub initiator: Option<Initiator>,
    /// Chromium's resource word after "Access to" (`fetch`, `XMLHttpRequest`, `font`, …).
    pub resource: Option<String>,
    /// Whether the preflight failed (as opposed to the actual response); `None` when the
    /// wording cannot tell.
    pub preflight: Option<bool>,
    /// Whether the wording is from an older browser version.
    pub legacy: bool,
    /// Other failures in the same text (another request's error, a look-alike next to a
    /// CORS line).
    pub also: Vec<Kind>,
    /// Every `(page origin, Access-Control-Allow-Origin value)` pair the text's mismatch lines
    /// name ("The 'Access-Control-Allow-Origin' header has a value 'X' that is not equal to
    /// the supplied origin", Origin 'Y'), in text order, when there is more than one line:
    /// several pages refused with each other's origin is what a shared cache serving one
    /// origin's answer to another looks like.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub mismatches: Vec<(String, String)>,
    /// Every line that was recognized.
    pub evidence: Vec<Evidence>,
    /// What the text did not carry, among what a diagnosis uses: the reason (only a CORS
    /// failure of unknown reason, or only the page's generic rejection, was found), the
    /// browser, the URL, the page origin, the status. Empty when the text said it all.
    pub missing: Vec<Missing>,
    /// Which wording was read (`chrome/missing-acao`, `firefox/de/CORSMissingAllowOrigin2`,
    /// `chrome-2014/wildcard`, …; the tables with their sources are listed in
    /// docs/explain.md), when one was.
    pub wording: Option<String>,
    /// The language of a localized message (Firefox prints its console in the user's
    /// language: `de`, `fr`, `ja`, …; `en-US` for English Firefox); `None` for Chrome and
    /// Safari, which print English only.
    pub locale: Option<String>,
}

/// Something a [`Reading`] could not find in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Missing {
    /// The reason: only a CORS failure of unknown reason (or nothing) was found.
    Reason,
    /// Which browser printed it.
    Browser,
    /// The URL of the failing request.
    Url,
    /// The page origin.
    Origin,
    /// The HTTP status of the failing response.
    Status,
}

impl Missing {
    /// The name used in `--json` output.
    pub fn name(self) -> &'static str {
        match self {
            Self::Reason => "reason",
            Self::Browser => "browser",
            Self::Url => "url",
            Self::Origin => "origin",
            Self::Status => "status",
        }
    }
}

impl Reading {
    /// Whether the text was recognized (a failure [`kind`](Self::kind) was found).
    pub fn recognized(&self) -> bool {
        self.kind.is_some()
    }

    /// The same failure in every engine: a server answer rebuilt from this reading, run
    /// through the model for Chrome, Firefox and Safari (`None` when the reading does not say
    /// enough, or when the rebuilt answer would not give Chrome this very failure).
    pub fn in_every_browser(&self) -> Option<(crate::Case, crate::Simulation)> {
        let case = equivalent::equivalent_case(self)?;
        let sim = crate::Simulation::run(&case);
        let want = match self.kind {
            Some(Kind::Cors(e)) => e.name(),
            _ => return None,
        };
        let chrome = sim.chrome.failure.as_ref()?;
        (chrome.kind_name() == want).then_some((case, sim))
    }
}

/// A wording the reader knows, and where it was copied from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KnownWording {
    /// The id a [`Reading::wording`] names (`chrome-2014/wildcard`,
    /// `firefox/de/CORSMissingAllowOrigin2`, …).
    pub id: String,
    /// Who prints it (`None`: WebKit's sentences, which Chrome also printed until it
    /// rewrote them).
    pub browser: Option<Browser>,
    /// The language, for Firefox's localized messages.
    pub locale: Option<&'static str>,
    /// Whether only older browser versions print it.
    pub legacy: bool,
    /// The repository, commit and file it was copied from (or the source tag explained in
    /// docs/explain.md).
    pub source: &'static str,
    /// The wording as its source prints it: `{p}`/`%2$S` the parameter, `{url}`/`%1$S` the
    /// URL, `{origin}`, `{status}`, `{loc}` (a redirect target), `{p2}`, `{any}`.
    pub text: &'static str,
}

/// Every wording the tolerant reader matches (the exact parsers read the current ones too),
/// with its source: Chrome's current and older sentences, WebKit's, DevTools', and Firefox's
/// in every language corsfix knows.
pub fn known_wordings() -> Vec<KnownWording> {
    tolerant::known()
}

/// Read a pasted console text.
///
/// Never panics; linear in the input. Text that says nothing recognizable gives a
/// [`Reading`] whose `kind` is `None` (what was recognized, such as a URL or a status, is
/// still filled in).
pub fn parse(text: &str) -> Result<Reading, ParseError> {
    if text.len() > MAX_INPUT_BYTES {
        return Err(ParseError::TooLarge {
            len: text.len(),
            max: MAX_INPUT_BYTES,
        });
    }
    Ok(read(text))
}

/// Read console text given as bytes (a file, standard input): invalid UTF-8 is replaced, not
/// refused, so binary garbage around the lines does no harm.
pub fn parse_bytes(bytes: &[u8]) -> Result<Reading, ParseError> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(ParseError::TooLarge {
            len: bytes.len(),
            max: MAX_INPUT_BYTES,
        });
    }
    Ok(read(&String::from_utf8_lossy(bytes)))
}

// ---------------------------------------------------------------------------------------------
// Findings: what one line says.
// ---------------------------------------------------------------------------------------------

/// How much a finding says: a specific reason beats a generic rejection.
/// At most this many recognized lines are listed in [`Reading::evidence`].
const MAX_EVIDENCE: usize = 200;

const SPECIFIC: u8 = 4;
const WEAK: u8 = 3;
/// Only CORS words (DevTools' "CORS error", a header name): better than the page's generic
/// rejection, worse than any sentence.
const VOCAB: u8 = 2;
const GENERIC: u8 = 1;

#[derive(Debug, Clone, Default)]
struct Finding {
    line: usize,
    rank: u8,
    kind: Option<Kind>,
    browser: Option<Browser>,
    native: Option<Reason>,
    url: Option<String>,
    redirected_from: Option<String>,
    location: Option<String>,
    origin: Option<String>,
    parameter: Option<String>,
    status: Option<u16>,
    method: Option<String>,
    initiator: Option<Initiator>,
    resource: Option<String>,
    preflight: Option<bool>,
    legacy: bool,
    what: String,
    /// The last physical line the finding was read from (0: the same as `line`).
    last_line: usize,
    wording: Option<String>,
    locale: Option<&'static str>,
    /// The wording cannot tell the preflight from the actual response (older Chrome's
    /// `XMLHttpRequest cannot load X.` container).
    stage_unknown: bool,
}

impl Finding {
    fn new(kind: Kind, rank: u8, browser: Option<Browser>, what: &str) -> Self {
        Self {
            rank,
            kind: Some(kind),
            browser,
            what: what.to_owned(),
            ..Self::default()
        }
    }
}

/// A `GET https://… net::ERR_FAILED 500 (Internal Server Error)` line.
#[derive(Debug, Clone)]
struct RequestLine {
    line: usize,
    method: String,
    url: String,
    status: Option<u16>,
    /// The line names a `net::ERR_…` code (the request failed in the browser, as after a
    /// CORS block), rather than only the status the server answered.
    net: bool,
    /// The code is the generic `net::ERR_FAILED`.
    failed: bool,
}

/// Safari's "Fetch API cannot load URL due to access control checks."
#[derive(Debug, Clone)]
struct CannotLoad {
    line: usize,
    initiator: Option<Initiator>,
    url: String,
}

#[derive(Debug, Default)]
struct Scan {
    findings: Vec<Finding>,
    requests: Vec<RequestLine>,
    cannot_load: Vec<CannotLoad>,
    /// "Failed to load resource: the server responded with a status of N".
    resource_status: Vec<(usize, u16)>,
    browser_hint: Option<Browser>,
    xhr_hint: bool,
}

fn read(text: &str) -> Reading {
    let mut scan = Scan::default();
    let physical: Vec<&str> = text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect();
    // The best rank the exact parsers gave each (1-based) line.
    let mut consumed = vec![0u8; physical.len() + 1];
    let mut i = 0;
    while i < physical.len() {
        if !worth_reading(physical[i]) {
            i += 1;
            continue;
        }
        let (logical, used) = logical_line(&physical, i);
        let before = scan.findings.len();
        scan_line(&mut scan, i + 1, &logical);
        let used = used.max(1);
        if let Some(f) = scan.findings.get_mut(before) {
            f.last_line = i + used;
            for r in &mut consumed[i + 1..=i + used] {
                *r = (*r).max(f.rank);
            }
        }
        i += used;
    }
    // The tolerant reader: what the exact parsers did not read.
    let text = tolerant::Text::new(&physical);
    let exact = scan.findings.len();
    for f in tolerant::read(&text) {
        let last = f.last_line.max(f.line).min(physical.len());
        let taken = consumed
            .get(f.line..=last)
            .is_some_and(|r| r.iter().any(|&r| r >= f.rank));
        // Read by the exact parsers from part of the lines only (a message wrapped over
        // lines, the exact parser saw its last line): the tolerant reading replaces theirs.
        let extends = scan.findings[..exact].iter().position(|e| {
            let (el, ee) = (e.line, e.last_line.max(e.line));
            let same = match (e.kind, f.kind) {
                (Some(Kind::Cors(a)), Some(Kind::Cors(b))) => a.base() == b.base(),
                (a, b) => a == b,
            };
            same && f.line <= el && last >= ee && (f.line < el || last > ee)
        });
        if let Some(i) = extends {
            scan.findings[i] = f;
            continue;
        }
        if taken {
            // The exact parsers read it: they only learn which wording it was.
            for e in &mut scan.findings[..exact] {
                let overlap = e.line <= last && f.line <= e.last_line.max(e.line);
                let same = match (e.kind, f.kind) {
                    (Some(Kind::Cors(a)), Some(Kind::Cors(b))) => a.base() == b.base(),
                    (a, b) => a == b,
                };
                if overlap && same && e.wording.is_none() {
                    e.wording.clone_from(&f.wording);
                    e.locale = e.locale.or(f.locale);
                    // And what the exact parser's branch for an older wording does not look
                    // for (the lead around it, "Origin '…' is therefore not allowed access.").
                    for (have, found) in [
                        (&mut e.url, &f.url),
                        (&mut e.origin, &f.origin),
                        (&mut e.redirected_from, &f.redirected_from),
                        (&mut e.resource, &f.resource),
                    ] {
                        if have.is_none() {
                            have.clone_from(found);
                        }
                    }
                    e.status = e.status.or(f.status);
                    e.initiator = e.initiator.or(f.initiator);
                }
            }
        } else {
            scan.findings.push(f);
        }
    }
    // The WebSocket handshake's detail without its lead: Blink prints "Error during WebSocket
    // handshake: Unexpected response code: N" (read above), older WebKit (Safari 5/6) the
    // handshake's failure reason "Unexpected response code: N" alone. Those words are common in
    // other programs' logs too, so they are read only in a text about a WebSocket (the word, or
    // a `ws:`/`wss:` URL, on any line) where nothing else was found.
    if scan.findings.iter().all(|f| f.kind.is_none())
        && let Some((i, p)) = physical
            .iter()
            .enumerate()
            .find_map(|(i, l)| l.find("Unexpected response code: ").map(|p| (i, p)))
        && let Some(status) = leading_status(&physical[i][p + "Unexpected response code: ".len()..])
        && physical
            .iter()
            .any(|l| l.contains("WebSocket") || l.contains("ws://") || l.contains("wss://"))
    {
        let mut f = Finding::new(
            Kind::WebSocket,
            WEAK,
            None,
            "WebSocket handshake (the reason alone)",
        );
        f.line = i + 1;
        f.last_line = i + 1;
        f.status = Some(status);
        f.url = physical.iter().find_map(|l| {
            let p = l.find("wss://").or_else(|| l.find("ws://"))?;
            let u: String = l[p..]
                .chars()
                .take_while(|c| !c.is_whitespace() && !matches!(c, '\'' | '"' | '`'))
                .collect();
            Some(u)
        });
        scan.findings.push(f);
    }
    // A text that quotes the `X-Frame-Options` header with a value that refuses framing
    // (RFC 7034 §2.1: `DENY`, `SAMEORIGIN`), such as an embedding checker's or a proxy's
    // error body ("Embedding content forbidden - X-Frame-Options: DENY"), and holds nothing
    // else that was read: the framed page refuses to be framed (`FrameRefused`).
    if scan.findings.iter().all(|f| f.kind.is_none())
        && let Some(i) = physical.iter().position(|l| {
            let lower = l.to_ascii_lowercase();
            [
                "x-frame-options: deny",
                "x-frame-options: sameorigin",
                "x-frame-options:deny",
                "x-frame-options:sameorigin",
            ]
            .iter()
            .any(|h| lower.contains(h))
        })
    {
        let mut f = Finding::new(
            Kind::FrameRefused,
            WEAK,
            None,
            "X-Frame-Options named with a value that refuses framing",
        );
        f.line = i + 1;
        f.last_line = i + 1;
        let lower = physical[i].to_ascii_lowercase();
        f.parameter = Some(
            if lower.contains("sameorigin") {
                "SAMEORIGIN"
            } else {
                "DENY"
            }
            .to_owned(),
        );
        scan.findings.push(f);
    }
    // CORS words count only when nothing but the page's generic rejection was found.
    if scan
        .findings
        .iter()
        .all(|f| f.kind == Some(Kind::FetchFailed))
        && scan.cannot_load.is_empty()
        && let Some(f) = tolerant::vocabulary(&text)
    {
        scan.findings.push(f);
    }
    scan.findings.sort_by_key(|f| f.line);
    merge(scan)
}

/// Whether a line can hold anything the parser reads: every wording has a URL (and so a
/// colon) or one of a few words. A cheap filter, so that a megabyte of short lines costs
/// little.
fn worth_reading(line: &str) -> bool {
    const WORDS: [&str; 19] = [
        "SharedArrayBuffer",
        "Not allowed to request",
        "certificate",
        "MIME type",
        "ebSocket",
        "scheme",
        "insecure",
        "Access-Control",
        "CORS",
        "Cross",
        "Preflight",
        "preflight",
        "Failed",
        "failed",
        "Load",
        "Network",
        "ERR_",
        "NS_ERROR",
        "Authorization",
    ];
    // "Load failed" is the shortest wording.
    line.len() >= "Load failed".len()
        && (line.contains(':') || WORDS.iter().any(|w| line.contains(w)))
}

/// Whether a line holds a word that every message wording (as opposed to a bare request
/// line) contains, so the dozens of wording checks run only on lines that can match.
fn has_anchor(line: &str) -> bool {
    const ANCHORS: [&str; 40] = [
        "SharedArrayBuffer",
        "was interrupted",
        "certificate",
        "Not allowed to request",
        "not allowed by the user agent",
        "Permission denied",
        "Access is denied",
        "MIME type",
        "scheme",
        "security policy",
        "Exception 18",
        "Http failure",
        "Content Security Policy",
        "blocked",
        "Blocked",
        "load",
        "Load",
        "net::",
        "Access-Control",
        "Origin",
        "origin",
        "reflight",
        "etch",
        "CORS",
        "Cross",
        "Refused",
        "Security-Policy",
        "CSRF",
        "ebSocket",
        "establish a connection",
        "Network",
        "ERR_",
        "NS_ERROR",
        "Authorization",
        "redirection",
        "Mixed",
        "insecure",
        "Unsafe",
        "Credentials",
        "Method ",
    ];
    ANCHORS.iter().any(|a| line.contains(a))
}

/// A message that wrapped over several lines, joined back (at most 4 lines), and how many
/// physical lines it used.
fn logical_line(lines: &[&str], i: usize) -> (String, usize) {
    let first = lines[i];
    let incomplete = |s: &str| -> bool {
        if let Some(p) = s.find("has been blocked by CORS policy:") {
            return s[p + "has been blocked by CORS policy:".len()..]
                .trim()
                .is_empty();
        }
        if s.contains("Access to ") && s.contains(" at '") && s.contains(" from origin '") {
            return false;
        }
        if let Some(p) = s.find("Cross-Origin Request Blocked:") {
            let rest = &s[p..];
            return match rest.find("(Reason:") {
                None => true,
                Some(r) => !rest[r..].contains(')'),
            };
        }
        false
    };
    if !incomplete(first) {
        return (first.to_owned(), 1);
    }
    let mut joined = first.trim_end().to_owned();
    let mut used = 1;
    while used < 4 && i + used < lines.len() && incomplete(&joined) {
        let next = strip_timestamp(lines[i + used].trim());
        used += 1;
        if next.is_empty() {
            continue;
        }
        joined.push(' ');
        joined.push_str(next);
    }
    if incomplete(&joined) {
        // Not a wrapped message after all: read the first line on its own.
        return (first.to_owned(), 1);
    }
    (joined, used)
}

/// A continuation line without the console's timestamp (`12:00:01.037 `).
fn strip_timestamp(line: &str) -> &str {
    match line.split_once(' ') {
        Some((t, rest))
            if t.contains(':')
                && t.bytes()
                    .all(|b| b.is_ascii_digit() || b == b':' || b == b'.') =>
        {
            rest.trim_start()
        }
        _ => line,
    }
}

fn scan_line(scan: &mut Scan, line_no: usize, line: &str) {
    // DevTools' own noise: a missing source map is not the page's request.
    if line.contains("DevTools failed to load source map")
        || line.contains("DevTools failed to load SourceMap")
    {
        return;
    }
    hints(scan, line);
    if let Some(r) = request_line(line) {
        scan.requests.push(RequestLine { line: line_no, ..r });
    }
    if let Some(s) = resource_status(line) {
        scan.resource_status.push((line_no, s));
    }
    if let Some(c) = safari_cannot_load(line) {
        scan.cannot_load.push(CannotLoad { line: line_no, ..c });
    }
    if !has_anchor(line) {
        return;
    }
    let found = chrome_current(line)
        .or_else(|| chrome_legacy(line))
        .or_else(|| firefox(line))
        .or_else(|| safari(line))
        .or_else(|| lookalike(line))
        .or_else(|| net_error(line))
        .or_else(|| firefox_label(line))
        .or_else(|| cut_reason(line))
        .or_else(|| generic(line));
    if let Some(mut f) = found {
        f.line = line_no;
        scan.findings.push(f);
    }
}

fn hints(scan: &mut Scan, line: &str) {
    let t = line.trim_start();
    if scan.browser_hint.is_none() {
        if t.starts_with("[Error]") || t.starts_with("[Warning]") || t.starts_with("[Log]") {
            scan.browser_hint = Some(Browser::Safari);
        } else if line.contains("Uncaught (in promise)") || line.contains("net::ERR_") {
            scan.browser_hint = Some(Browser::Chrome);
        }
    }
    if line.contains("AxiosError")
        || line.contains("dispatchXhrRequest")
        || line.contains("xhr.js:")
        || line.contains("XMLHttpRequest.send")
    {
        scan.xhr_hint = true;
    }
}

// ---------------------------------------------------------------------------------------------
// Chromium.
// ---------------------------------------------------------------------------------------------

const BLOCKED: &str = " has been blocked by CORS policy: ";
const PREFLIGHT_PREFIX: &str = "Response to preflight request doesn't pass access control check: ";

/// Current Chromium: `Access to {kind} at '{url}' [(redirected from '{u0}') ]from origin
/// '{origin}' has been blocked by CORS policy: {detail}`.
fn chrome_current(line: &str) -> Option<Finding> {
    let pos = line.find(BLOCKED)?;
    let head = &line[..pos];
    let detail = &line[pos + BLOCKED.len()..];
    if let Some(r) = head.rfind("Redirect from '") {
        // Chrome ≈ 2018: "Redirect from 'A' to 'B' has been blocked by CORS policy: …".
        let rest = &head[r + "Redirect from '".len()..];
        let (from, to) = rest.split_once("' to '")?;
        let mut f = chrome_detail(detail)?;
        f.redirected_from = Some(from.to_owned());
        f.url = Some(to.strip_suffix('\'').unwrap_or(to).to_owned());
        f.legacy = true;
        return Some(f);
    }
    let a = head.rfind("Access to ")?;
    let rest = &head[a + "Access to ".len()..];
    let at = rest.find(" at '")?;
    let resource = &rest[..at];
    let rest = &rest[at + " at '".len()..];
    let fo = rest.rfind(" from origin '")?;
    let urls = &rest[..fo];
    let origin = &rest[fo + " from origin '".len()..];
    let origin = origin.strip_suffix('\'').unwrap_or(origin);
    let redirect = urls.rfind("' (redirected from '").and_then(|r| {
        let inner = urls.get(r + "' (redirected from '".len()..)?;
        Some((&urls[..r], inner.strip_suffix("')")?))
    });
    let (url, initial) = match redirect {
        Some((url, initial)) => (url, Some(initial)),
        None => (urls.strip_suffix('\'').unwrap_or(urls), None),
    };
    let mut f = chrome_detail(detail)?;
    f.url = Some(url.to_owned());
    f.redirected_from = initial.map(str::to_owned);
    f.origin = Some(origin.to_owned());
    f.resource = Some(resource.to_owned());
    f.initiator = match resource {
        "fetch" => Some(Initiator::Fetch),
        "XMLHttpRequest" => Some(Initiator::XmlHttpRequest),
        _ => f.initiator,
    };
    f.what = format!("Chrome CORS message ({})", f.what);
    Some(f)
}

/// Older Chromium containers: `Failed to load {url}: {detail}`, `XMLHttpRequest cannot load
/// {url}. {detail}`, `Fetch API cannot load {url}. {detail}`, and the bare preflight lines.
fn chrome_legacy(line: &str) -> Option<Finding> {
    if let Some(p) = line.find("Response for preflight has invalid HTTP status code ") {
        let rest = &line[p + "Response for preflight has invalid HTTP status code ".len()..];
        let mut f = Finding::new(
            Kind::Cors(CorsError::PreflightInvalidStatus),
            SPECIFIC,
            Some(Browser::Chrome),
            "older Chrome: preflight status",
        );
        f.status = leading_status(rest);
        f.preflight = Some(true);
        f.legacy = true;
        legacy_container(line, &mut f);
        return Some(f);
    }
    if line.contains("Response for preflight is invalid (redirect)") {
        let mut f = Finding::new(
            Kind::Cors(CorsError::PreflightDisallowedRedirect),
            SPECIFIC,
            Some(Browser::Chrome),
            "older Chrome: preflight redirect",
        );
        f.preflight = Some(true);
        f.legacy = true;
        legacy_container(line, &mut f);
        return Some(f);
    }
    if line.contains("Response for preflight does not have HTTP ok status.") {
        let mut f = Finding::new(
            Kind::Cors(CorsError::PreflightInvalidStatus),
            SPECIFIC,
            Some(Browser::Chrome),
            "older Chrome: preflight status",
        );
        f.preflight = Some(true);
        f.legacy = true;
        legacy_container(line, &mut f);
        return Some(f);
    }
    // The container forms, whose detail is one of the CORS texts.
    let (url, detail) = if let Some(p) = line.find("Failed to load ") {
        let rest = &line[p + "Failed to load ".len()..];
        if rest.starts_with("resource:") {
            return None;
        }
        let rest = rest.strip_prefix('\'').unwrap_or(rest);
        let (u, d) = rest.split_once(": ")?;
        (u.strip_suffix('\'').unwrap_or(u), d)
    } else {
        find_cannot_load_dot(line)?
    };
    let mut f = chrome_detail(detail)?;
    f.url = Some(url.to_owned());
    f.legacy = true;
    f.browser = Some(Browser::Chrome);
    // Before 2016 Chrome printed a failed preflight's reason in this container without the
    // "Response to preflight request doesn't pass access control check: " prefix: which
    // response failed is unknown (an OPTIONS request line can tell).
    if !line.contains("Failed to load ")
        && !detail.contains(PREFLIGHT_PREFIX)
        && f.preflight == Some(false)
    {
        f.preflight = None;
    }
    if line.contains("XMLHttpRequest cannot load ") {
        f.initiator = Some(Initiator::XmlHttpRequest);
    } else if line.contains("Fetch API cannot load ") {
        f.initiator = Some(Initiator::Fetch);
    }
    f.what = format!("older Chrome CORS message ({})", f.what);
    Some(f)
}

/// `XMLHttpRequest cannot load {url}. {detail}` / `Fetch API cannot load {url}. {detail}`
/// (but not Safari's "… due to access control checks.").
fn find_cannot_load_dot(line: &str) -> Option<(&str, &str)> {
    if line.contains(" due to access control checks") {
        return None;
    }
    let p = line.find(" cannot load ")?;
    let api = &line[..p];
    if !(api.ends_with("XMLHttpRequest") || api.ends_with("Fetch API")) {
        return None;
    }
    let rest = &line[p + " cannot load ".len()..];
    let (u, d) = rest.split_once(". ")?;
    Some((u, d))
}

/// The URL of an older Chrome container line, when the bare preflight texts sit in one.
fn legacy_container(line: &str, f: &mut Finding) {
    if let Some(p) = line.find("Failed to load ") {
        let rest = &line[p + "Failed to load ".len()..];
        if let Some((u, _)) = rest.split_once(": ")
            && !u.starts_with("resource")
        {
            f.url = Some(u.trim_matches('\'').to_owned());
        }
    } else if let Some((u, _)) = find_cannot_load_dot(line) {
        f.url = Some(u.to_owned());
    }
}

/// The text after "has been blocked by CORS policy: " (or an older container's detail).
fn chrome_detail(detail: &str) -> Option<Finding> {
    let (mut d, preflight_prefix) = match detail.find(PREFLIGHT_PREFIX) {
        Some(p) if p <= 2 => (&detail[p + PREFLIGHT_PREFIX.len()..], true),
        _ => (detail, false),
    };
    let mut initiator = None;
    let mut legacy = false;
    let mut legacy_origin = None;
    let mut legacy_status = None;
    // Cut the known suffixes, each once, from the right.
    let mut cut = [false; 5];
    loop {
        let mut best: Option<(usize, usize)> = None;
        for (i, m) in [
            " Have the server send the header with a valid value",
            " If an opaque response serves your needs",
            " The credentials mode of requests initiated by the XMLHttpRequest",
            " Origin '",
            " The response had HTTP status code ",
        ]
        .iter()
        .enumerate()
        {
            if cut[i] {
                continue;
            }
            if let Some(p) = d.rfind(m) {
                if i == 3 && !d[p..].contains("' is therefore not allowed access") {
                    continue;
                }
                if best.is_none_or(|(bp, _)| p > bp) {
                    best = Some((p, i));
                }
            }
        }
        let Some((p, i)) = best else { break };
        let tail = &d[p..];
        match i {
            0 => {
                initiator = Some(Initiator::Fetch);
                legacy |= tail.contains("opaque response");
            }
            1 => {
                initiator = Some(Initiator::Fetch);
                legacy = true;
            }
            2 => initiator = Some(Initiator::XmlHttpRequest),
            3 => {
                legacy = true;
                let o = &tail[" Origin '".len()..];
                legacy_origin = o
                    .find("' is therefore not allowed access")
                    .map(|e| o[..e].to_owned());
            }
            _ => {
                legacy = true;
                legacy_status =
                    leading_status(&tail[" The response had HTTP status code ".len()..]);
            }
        }
        cut[i] = true;
        d = &d[..p];
    }
    let (kind, param, what) = chrome_reason(d)?;
    let mut f = Finding::new(kind, SPECIFIC, Some(Browser::Chrome), what);
    if let Kind::Cors(e) = kind {
        let e = if preflight_prefix {
            e.on_preflight()
        } else {
            e
        };
        f.kind = Some(Kind::Cors(e));
        f.preflight = Some(e.is_preflight());
        f.native = Some(Reason::Chrome {
            error: e,
            parameter: param.clone().unwrap_or_default(),
        });
    } else {
        f.preflight = Some(preflight_prefix || kind != Kind::UnexpectedPrivateNetworkAccess);
    }
    f.parameter = param;
    f.initiator = initiator;
    f.legacy = legacy
        || matches!(
            kind,
            Kind::PreflightMissingAllowPrivateNetwork
                | Kind::PreflightInvalidAllowPrivateNetwork
                | Kind::UnexpectedPrivateNetworkAccess
                | Kind::PreflightMissingPrivateNetworkAccessId
                | Kind::PreflightMissingPrivateNetworkAccessName
                | Kind::PrivateNetworkAccessPermissionUnavailable
        );
    f.origin = legacy_origin;
    f.status = legacy_status;
    Some(f)
}

/// Chromium detail texts without parameter.
const CHROME_FIXED: [(CorsError, &str); 8] = [
    (
        CorsError::DisallowedByMode,
        "Cross origin requests are not allowed by request mode.",
    ),
    (CorsError::InvalidResponse, "The response is invalid."),
    (
        CorsError::WildcardOriginNotAllowed,
        "The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.",
    ),
    (
        CorsError::MissingAllowOriginHeader,
        "No 'Access-Control-Allow-Origin' header is present on the requested resource.",
    ),
    (
        CorsError::PreflightInvalidStatus,
        "It does not have HTTP ok status.",
    ),
    (
        CorsError::PreflightDisallowedRedirect,
        "Redirect is not allowed for a preflight request.",
    ),
    (
        CorsError::InvalidAllowMethodsPreflightResponse,
        "Cannot parse Access-Control-Allow-Methods response header field in preflight response.",
    ),
    (
        CorsError::InvalidAllowHeadersPreflightResponse,
        "Cannot parse Access-Control-Allow-Headers response header field in preflight response.",
    ),
];

/// Chromium detail texts with one parameter: (error, before, after, hint-encoded).
const CHROME_PARAM: [(CorsError, &str, &str, bool); 9] = [
    (
        CorsError::MultipleAllowOriginValues,
        "The 'Access-Control-Allow-Origin' header contains multiple values '",
        "', but only one is allowed.",
        true,
    ),
    (
        CorsError::InvalidAllowOriginValue,
        "The 'Access-Control-Allow-Origin' header contains the invalid value '",
        "'.",
        true,
    ),
    (
        CorsError::AllowOriginMismatch,
        "The 'Access-Control-Allow-Origin' header has a value '",
        "' that is not equal to the supplied origin.",
        true,
    ),
    (
        CorsError::InvalidAllowCredentials,
        "The value of the 'Access-Control-Allow-Credentials' header in the response is '",
        "' which must be 'true' when the request's credentials mode is 'include'.",
        true,
    ),
    (
        CorsError::MethodDisallowedByPreflightResponse,
        "Method ",
        " is not allowed by Access-Control-Allow-Methods in preflight response.",
        true,
    ),
    (
        CorsError::HeaderDisallowedByPreflightResponse,
        "Request header field ",
        " is not allowed by Access-Control-Allow-Headers in preflight response.",
        true,
    ),
    (
        CorsError::RedirectContainsCredentials,
        "Redirect location '",
        "' contains a username and password, which is disallowed for cross-origin requests.",
        true,
    ),
    (
        CorsError::InsecureLocalNetwork,
        "The request client is not a secure context and the resource is in more-private address space `",
        "`.",
        false,
    ),
    (
        CorsError::LocalNetworkAccessPermissionDenied,
        "Permission was denied for this request to access the `",
        "` address space.",
        false,
    ),
];

/// Older (Private Network Access era) texts: (kind, before, after).
const CHROME_PNA: [(Kind, &str, &str); 5] = [
    (
        Kind::PreflightMissingAllowPrivateNetwork,
        "No 'Access-Control-Allow-Private-Network' header was present in the preflight response for this private network request targeting the `",
        "` address space.",
    ),
    (
        Kind::UnexpectedPrivateNetworkAccess,
        "Request had no target IP address space, yet the resource is in address space `",
        "`.",
    ),
    (
        Kind::PreflightMissingPrivateNetworkAccessId,
        "No 'Private-Network-Access-Id' header was present in the preflight response for this private network request targeting the `",
        "` address space.",
    ),
    (
        Kind::PreflightMissingPrivateNetworkAccessName,
        "No 'Private-Network-Access-Name' header was present in the preflight response for this private network request targeting the `",
        "` address space.",
    ),
    (
        Kind::PrivateNetworkAccessPermissionUnavailable,
        "Unable to ask for permission to access the `",
        "` IP address space.",
    ),
];

/// The reason in a Chromium detail (prefix and suffixes removed).
fn chrome_reason(d: &str) -> Option<(Kind, Option<String>, &'static str)> {
    for (e, text) in CHROME_FIXED {
        if d.starts_with(text) {
            return Some((Kind::Cors(e), None, e.name()));
        }
    }
    if d.starts_with("Cross origin requests are only supported for protocol schemes: ") {
        return Some((
            Kind::Cors(CorsError::CorsDisabledScheme),
            None,
            "CorsDisabledScheme",
        ));
    }
    if d.starts_with("Cross origin requests are only supported for HTTP.") {
        return Some((
            Kind::Cors(CorsError::CorsDisabledScheme),
            None,
            "CorsDisabledScheme",
        ));
    }
    for (e, before, after, hinted) in CHROME_PARAM {
        if let Some(p) = between_last(d, before, after) {
            let p = if hinted { decode_hint(p) } else { p.to_owned() };
            return Some((Kind::Cors(e), Some(p), e.name()));
        }
    }
    if let Some(rest) = d.strip_prefix("Request had a target IP address space of `")
        && let Some((target, rest)) = rest.split_once("` yet the resource is in address space `")
    {
        let resource = rest
            .rfind("`.")
            .map_or(rest, |e| &rest[..e])
            .trim_end_matches(['`', '.']);
        return Some((
            Kind::Cors(CorsError::InvalidLocalNetworkAccess),
            Some(format!("{target}|{resource}")),
            "InvalidLocalNetworkAccess",
        ));
    }
    for (k, before, after) in CHROME_PNA {
        if let Some(p) = between_last(d, before, after) {
            return Some((k, Some(p.to_owned()), k.name()));
        }
    }
    let invalid_pna = "The 'Access-Control-Allow-Private-Network' header in the preflight response for this private network request targeting the `";
    if let Some(rest) = d.strip_prefix(invalid_pna) {
        let value = rest
            .find("had a value of '")
            .map(|p| &rest[p + "had a value of '".len()..])
            .and_then(|v| v.rfind("',").map(|e| v[..e].to_owned()));
        return Some((
            Kind::PreflightInvalidAllowPrivateNetwork,
            value,
            "PreflightInvalidAllowPrivateNetwork",
        ));
    }
    // Older Chrome: "Credentials flag is 'true', but the 'Access-Control-Allow-Credentials'
    // header is ''. It must be 'true' to allow credentials."
    if let Some(p) = between_last(
        d,
        "Credentials flag is 'true', but the 'Access-Control-Allow-Credentials' header is '",
        "'. It must be 'true' to allow credentials.",
    ) {
        return Some((
            Kind::Cors(CorsError::InvalidAllowCredentials),
            Some(p.to_owned()),
            "InvalidAllowCredentials",
        ));
    }
    // Older Chrome: "The request was redirected to 'URL', which is disallowed for cross-origin
    // requests that require preflight."
    if let Some(p) = between_last(
        d,
        "The request was redirected to '",
        "', which is disallowed for cross-origin requests that require preflight.",
    ) {
        return Some((
            Kind::Cors(CorsError::PreflightDisallowedRedirect),
            Some(p.to_owned()),
            "PreflightDisallowedRedirect",
        ));
    }
    None
}

/// The text between `before` (at the start of `s`) and the last `after`.
fn between_last<'a>(s: &'a str, before: &str, after: &str) -> Option<&'a str> {
    let rest = s.strip_prefix(before)?;
    let end = rest.rfind(after)?;
    Some(&rest[..end])
}

/// Undo Chromium's `EncodeHint`: `\uXXXX` (UTF-16 code units) back to characters. Lone
/// surrogates and malformed escapes are kept as written.
pub fn decode_hint(s: &str) -> String {
    let b = s.as_bytes();
    let unit = |i: usize| -> Option<u16> {
        if i + 6 <= b.len() && b[i] == b'\\' && b[i + 1] == b'u' {
            let hex = std::str::from_utf8(&b[i + 2..i + 6]).ok()?;
            if hex.bytes().all(|c| c.is_ascii_hexdigit()) {
                return u16::from_str_radix(hex, 16).ok();
            }
        }
        None
    };
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    let mut last = 0;
    while i < b.len() {
        if let Some(u) = unit(i) {
            let decoded = if (0xD800..0xDC00).contains(&u) {
                unit(i + 6)
                    .filter(|l| (0xDC00..0xE000).contains(l))
                    .and_then(|l| {
                        char::decode_utf16([u, l])
                            .next()
                            .and_then(Result::ok)
                            .map(|c| (c, 12))
                    })
            } else {
                char::from_u32(u32::from(u)).map(|c| (c, 6))
            };
            if let Some((c, len)) = decoded {
                out.push_str(&s[last..i]);
                out.push(c);
                i += len;
                last = i;
                continue;
            }
        }
        i += 1;
    }
    out.push_str(&s[last..]);
    out
}

// ---------------------------------------------------------------------------------------------
// Firefox.
// ---------------------------------------------------------------------------------------------

const FF_BLOCKED: &str = "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ";

/// The two quote styles Firefox texts come in: typographic, and ASCII (localized pages, logs).
const QUOTES: [(&str, &str); 2] = [("\u{2018}", "\u{2019}"), ("'", "'")];

fn firefox(line: &str) -> Option<Finding> {
    if let Some(p) = line.find("Cross-Origin Request Warning: ")
        && line[p..].contains("Authorization")
    {
        let mut f = Finding::new(
            Kind::AuthorizationNotCoveredByWildcard,
            WEAK,
            Some(Browser::Firefox),
            "Firefox warning: `*` in Access-Control-Allow-Headers does not cover Authorization",
        );
        f.url = between(
            &line[p..],
            "disallow reading the remote resource at ",
            " soon.",
        )
        .map(str::to_owned);
        return Some(f);
    }
    let p = line.find(FF_BLOCKED)?;
    let rest = &line[p + FF_BLOCKED.len()..];
    let r = rest.find(". (Reason: ")?;
    let url = &rest[..r];
    let reason = &rest[r + ". (Reason: ".len()..];
    let url = url
        .strip_prefix('\u{2018}')
        .and_then(|u| u.strip_suffix('\u{2019}'))
        .or_else(|| url.strip_prefix('\'').and_then(|u| u.strip_suffix('\'')))
        .unwrap_or(url);
    let (native, kind, param, legacy, status) = firefox_reason(reason)?;
    let mut f = Finding::new(kind, SPECIFIC, Some(Browser::Firefox), "");
    f.what = format!(
        "Firefox CORS message ({})",
        native.as_ref().map_or("older wording", FirefoxReason::key)
    );
    if kind == Kind::NetworkError {
        f.rank = GENERIC;
    }
    f.url = Some(url.to_owned());
    f.parameter = param;
    f.legacy = legacy;
    f.status = status;
    f.preflight = match kind {
        Kind::Cors(e) if e.is_preflight() => Some(true),
        _ => None,
    };
    f.native = native.map(Reason::Firefox);
    Some(f)
}

type FirefoxRead = (
    Option<FirefoxReason>,
    Kind,
    Option<String>,
    bool,
    Option<u16>,
);

/// The reason text after "(Reason: ".
fn firefox_reason(reason: &str) -> Option<FirefoxRead> {
    use CorsError as E;
    let status_after = |s: &str| -> Option<u16> {
        s.find("Status code: ")
            .and_then(|p| leading_status(&s[p + "Status code: ".len()..]))
    };
    for (o, c) in QUOTES {
        let acao = format!("CORS header {o}Access-Control-Allow-Origin{c}");
        if let Some(rest) = reason.strip_prefix(&format!("{acao} missing)")) {
            let status = status_after(rest);
            return Some((
                status.map(|status| FirefoxReason::MissingAllowOrigin { status }),
                Kind::Cors(E::MissingAllowOriginHeader),
                None,
                status.is_none(),
                status,
            ));
        }
        if reason.starts_with(&format!("Multiple {acao} not allowed)")) {
            return Some((
                Some(FirefoxReason::MultipleAllowOrigin),
                Kind::Cors(E::MultipleAllowOriginValues),
                None,
                false,
                None,
            ));
        }
        if let Some(v) = between_last(
            reason,
            &format!("{acao} does not match {o}"),
            &format!("{c})"),
        ) {
            return Some((
                Some(FirefoxReason::AllowOriginNotMatchingOrigin(v.to_owned())),
                Kind::Cors(classify_acao(v)),
                Some(v.to_owned()),
                false,
                None,
            ));
        }
        if reason.starts_with(&format!(
            "Credential is not supported if the CORS header {o}Access-Control-Allow-Origin{c} is {o}*{c})"
        )) {
            return Some((
                Some(FirefoxReason::NotSupportingCredentials),
                Kind::Cors(E::WildcardOriginNotAllowed),
                None,
                false,
                None,
            ));
        }
        if reason.starts_with(&format!(
            "expected {o}true{c} in CORS header {o}Access-Control-Allow-Credentials{c})"
        )) {
            return Some((
                Some(FirefoxReason::MissingAllowCredentials),
                Kind::Cors(E::InvalidAllowCredentials),
                None,
                false,
                None,
            ));
        }
        if let Some(v) = between_last(
            reason,
            &format!("invalid token {o}"),
            &format!("{c} in CORS header {o}Access-Control-Allow-Methods{c})"),
        ) {
            return Some((
                Some(FirefoxReason::InvalidAllowMethod(v.to_owned())),
                Kind::Cors(E::InvalidAllowMethodsPreflightResponse),
                Some(v.to_owned()),
                false,
                None,
            ));
        }
        if let Some(v) = between_last(
            reason,
            &format!("invalid token {o}"),
            &format!("{c} in CORS header {o}Access-Control-Allow-Headers{c})"),
        ) {
            return Some((
                Some(FirefoxReason::InvalidAllowHeader(v.to_owned())),
                Kind::Cors(E::InvalidAllowHeadersPreflightResponse),
                Some(v.to_owned()),
                false,
                None,
            ));
        }
        if reason.starts_with(&format!(
            "Did not find method in CORS header {o}Access-Control-Allow-Methods{c})"
        )) {
            return Some((
                Some(FirefoxReason::MethodNotFound),
                Kind::Cors(E::MethodDisallowedByPreflightResponse),
                None,
                false,
                None,
            ));
        }
        if let Some(h) = between_last(
            reason,
            &format!("header {o}"),
            &format!(
                "{c} is not allowed according to header {o}Access-Control-Allow-Headers{c} from CORS preflight response)"
            ),
        ) {
            return Some((
                Some(FirefoxReason::MissingAllowHeaderFromPreflight(h.to_owned())),
                Kind::Cors(E::HeaderDisallowedByPreflightResponse),
                Some(h.to_owned()),
                false,
                None,
            ));
        }
        if let Some(h) = between_last(
            reason,
            &format!("missing token {o}"),
            &format!(
                "{c} in CORS header {o}Access-Control-Allow-Headers{c} from CORS preflight channel)"
            ),
        ) {
            return Some((
                Some(FirefoxReason::MissingAllowHeaderFromPreflight(h.to_owned())),
                Kind::Cors(E::HeaderDisallowedByPreflightResponse),
                Some(h.to_owned()),
                true,
                None,
            ));
        }
        if reason.starts_with(&format!("CORS header {o}Origin{c} cannot be added)")) {
            return Some((None, Kind::NetworkError, None, false, None));
        }
    }
    for (text, legacy) in [
        ("CORS preflight response did not succeed)", false),
        ("CORS preflight channel did not succeed)", true),
    ] {
        if let Some(rest) = reason.strip_prefix(text) {
            let status = status_after(rest);
            let kind = match status {
                Some(300..=399) => E::PreflightDisallowedRedirect,
                _ => E::PreflightInvalidStatus,
            };
            return Some((
                status.map(|status| FirefoxReason::PreflightDidNotSucceed { status }),
                Kind::Cors(kind),
                None,
                legacy || status.is_none(),
                status,
            ));
        }
    }
    if reason.starts_with("CORS request external redirect not allowed)") {
        return Some((
            Some(FirefoxReason::ExternalRedirectNotAllowed),
            Kind::Cors(E::PreflightDisallowedRedirect),
            None,
            false,
            None,
        ));
    }
    if let Some(rest) = reason.strip_prefix("CORS request did not succeed)") {
        let status = status_after(rest);
        let printed = rest.contains("Status code: ");
        return Some((
            Some(FirefoxReason::DidNotSucceed { status }),
            Kind::NetworkError,
            None,
            !printed,
            status,
        ));
    }
    if reason.starts_with("CORS request not http)") {
        return Some((
            Some(FirefoxReason::RequestNotHttp),
            Kind::Cors(E::CorsDisabledScheme),
            None,
            false,
            None,
        ));
    }
    if reason
        .get(.."CORS request not http)".len())
        .is_some_and(|r| r.eq_ignore_ascii_case("CORS request not http)"))
    {
        return Some((None, Kind::Cors(E::CorsDisabledScheme), None, true, None));
    }
    if reason.starts_with("CORS disabled)") {
        return Some((None, Kind::CorsDisabled, None, false, None));
    }
    None
}

/// Chromium's name for an `Access-Control-Allow-Origin` value that does not match (the same
/// order as its CheckAccess).
fn classify_acao(v: &str) -> CorsError {
    if v == "*" {
        // Firefox lets `*` pass unless the request carries credentials; before it had
        // `CORSNotSupportingCredentials`, that case was reported as "does not
        // match '*'" (nsCORSListenerProxy's origin comparison).
        CorsError::WildcardOriginNotAllowed
    } else if v.contains(' ') || v.contains(',') {
        CorsError::MultipleAllowOriginValues
    } else if v == "null" || url::Url::parse(v).is_ok() {
        CorsError::AllowOriginMismatch
    } else {
        CorsError::InvalidAllowOriginValue
    }
}

/// Firefox's Network-panel labels ("CORS Missing Allow Origin"), which people paste too.
fn firefox_label(line: &str) -> Option<Finding> {
    use CorsError as E;
    const LABELS: [(&str, Kind); 14] = [
        (
            "CORS Missing Allow Origin",
            Kind::Cors(E::MissingAllowOriginHeader),
        ),
        (
            "CORS Allow Origin Not Matching Origin",
            Kind::Cors(E::AllowOriginMismatch),
        ),
        (
            "CORS Multiple Allow Origin Not Allowed",
            Kind::Cors(E::MultipleAllowOriginValues),
        ),
        (
            "CORS Missing Allow Credentials",
            Kind::Cors(E::InvalidAllowCredentials),
        ),
        (
            "CORS Not Supporting Credentials",
            Kind::Cors(E::WildcardOriginNotAllowed),
        ),
        (
            "CORS Preflight Did Not Succeed",
            Kind::Cors(E::PreflightInvalidStatus),
        ),
        (
            "CORS Method Not Found",
            Kind::Cors(E::MethodDisallowedByPreflightResponse),
        ),
        // Also the label cut before "From Preflight" or retyped in the plural ("CORS Missing
        // Allow Headers"): only the prefix is matched.
        (
            "CORS Missing Allow Header",
            Kind::Cors(E::HeaderDisallowedByPreflightResponse),
        ),
        (
            "CORS Invalid Allow Method",
            Kind::Cors(E::InvalidAllowMethodsPreflightResponse),
        ),
        (
            "CORS Invalid Allow Header",
            Kind::Cors(E::InvalidAllowHeadersPreflightResponse),
        ),
        (
            "CORS External Redirect Not Allowed",
            Kind::Cors(E::PreflightDisallowedRedirect),
        ),
        ("CORS Request Not HTTP", Kind::Cors(E::CorsDisabledScheme)),
        ("CORS Did Not Succeed", Kind::NetworkError),
        ("CORS Disabled", Kind::CorsDisabled),
    ];
    for (label, kind) in LABELS {
        if line.contains(label) {
            let rank = if kind == Kind::NetworkError {
                GENERIC
            } else {
                WEAK
            };
            let mut f = Finding::new(kind, rank, Some(Browser::Firefox), "");
            f.what = format!("Firefox Network panel label \"{label}\"");
            f.url = first_url(line);
            return Some(f);
        }
    }
    None
}

// ---------------------------------------------------------------------------------------------
// Safari (WebKit).
// ---------------------------------------------------------------------------------------------

fn safari(line: &str) -> Option<Finding> {
    if let Some(p) = line.find("Cross-origin redirection to ") {
        let rest = &line[p + "Cross-origin redirection to ".len()..];
        let (target, inner) =
            rest.split_once(" denied by Cross-Origin Resource Sharing policy: ")?;
        if let Some(creds) = inner
            .strip_prefix("redirection URL ")
            .and_then(|r| r.rfind(" has credentials").map(|e| &r[..e]))
        {
            let mut f = Finding::new(
                Kind::Cors(CorsError::RedirectContainsCredentials),
                SPECIFIC,
                Some(Browser::Safari),
                "Safari: redirect with credentials",
            );
            f.location = Some(creds.to_owned());
            f.parameter = Some(creds.to_owned());
            f.native = Some(Reason::Safari(SafariReason::RedirectHasCredentials {
                url: creds.to_owned(),
            }));
            return Some(f);
        }
        let mut f = match safari_reason(inner) {
            Some(f) => f,
            None if inner.contains("non CORS scheme") => Finding::new(
                Kind::Cors(CorsError::CorsDisabledScheme),
                SPECIFIC,
                Some(Browser::Safari),
                "Safari: redirect to a non-CORS scheme",
            ),
            None => return None,
        };
        f.native = f.native.take().and_then(|n| match n {
            Reason::Safari(inner) => Some(Reason::Safari(SafariReason::RedirectDenied {
                url: target.to_owned(),
                inner: Box::new(inner),
            })),
            _ => None,
        });
        f.location = Some(target.to_owned());
        f.what = format!("Safari: redirect denied ({})", f.what);
        return Some(f);
    }
    if let Some(p) = line.find("Not allowed to follow a redirection while loading ") {
        let url = line[p + "Not allowed to follow a redirection while loading ".len()..].trim_end();
        let mut f = Finding::new(
            Kind::RedirectRefused,
            SPECIFIC,
            Some(Browser::Safari),
            "Safari: redirect not allowed",
        );
        f.url = Some(url.to_owned());
        f.native = Some(Reason::Safari(SafariReason::RedirectNotAllowed {
            url: url.to_owned(),
        }));
        return Some(f);
    }
    let mut f = safari_reason(line)?;
    // Older Safari put the reason after the URL: "XMLHttpRequest cannot load URL. Origin X is
    // not allowed by Access-Control-Allow-Origin."
    if let Some((url, _)) = find_cannot_load_dot(line) {
        f.url = Some(url.to_owned());
        f.legacy = true;
        f.initiator = if line.contains("XMLHttpRequest cannot load ") {
            Some(Initiator::XmlHttpRequest)
        } else {
            Some(Initiator::Fetch)
        };
        // Chrome printed WebKit's preflight-cache sentences in this container until 2016
        // (`WK-OLD` in wordings.rs) and rewrote its Access-Control-Allow-Origin ones in 2013:
        // an unlisted header or method here is most likely an older Chrome.
        if matches!(
            f.kind,
            Some(Kind::Cors(
                CorsError::HeaderDisallowedByPreflightResponse
                    | CorsError::MethodDisallowedByPreflightResponse
            ))
        ) && !line.trim_start().starts_with("[Error]")
        {
            f.browser = Some(Browser::Chrome);
            f.native = None;
        }
    }
    Some(f)
}

/// One WebKit reason text, anywhere in `s`.
fn safari_reason(s: &str) -> Option<Finding> {
    use CorsError as E;
    let make = |kind: Kind, native: Option<SafariReason>, what: &str| {
        let mut f = Finding::new(kind, SPECIFIC, Some(Browser::Safari), what);
        f.native = native.map(Reason::Safari);
        f
    };
    if s.contains(
        "Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true.",
    ) {
        return Some(make(
            Kind::Cors(E::WildcardOriginNotAllowed),
            Some(SafariReason::WildcardWithCredentials),
            "Safari: wildcard with credentials",
        ));
    }
    if s.contains("Access-Control-Allow-Origin cannot contain more than one origin.") {
        return Some(make(
            Kind::Cors(E::MultipleAllowOriginValues),
            Some(SafariReason::MultipleOrigins),
            "Safari: more than one origin",
        ));
    }
    if let Some(p) = s.find(" is not allowed by Access-Control-Allow-Origin.") {
        let head = &s[..p];
        // "Origin  is not allowed …": an empty origin, printed as nothing.
        let origin = match head.rfind("Origin ") {
            Some(o) => &head[o + "Origin ".len()..],
            None if head.ends_with("Origin") => "",
            None => return None,
        };
        let rest = &s[p + " is not allowed by Access-Control-Allow-Origin.".len()..];
        let status = rest.strip_prefix(" Status code: ").and_then(leading_status);
        let mut f = make(
            Kind::OriginNotAllowed,
            status.map(|status| SafariReason::OriginNotAllowed {
                origin: origin.to_owned(),
                status,
            }),
            "Safari: origin not allowed",
        );
        f.origin = Some(origin.to_owned());
        f.status = status;
        f.legacy = status.is_none();
        return Some(f);
    }
    if s.contains("Credentials flag is true, but Access-Control-Allow-Credentials is not \"true\".")
    {
        return Some(make(
            Kind::Cors(E::InvalidAllowCredentials),
            Some(SafariReason::AllowCredentials),
            "Safari: credentials not allowed",
        ));
    }
    if let Some(p) = s.find("Preflight response is not successful") {
        let rest = &s[p + "Preflight response is not successful".len()..];
        let status = rest
            .strip_prefix(". Status code: ")
            .and_then(leading_status);
        let kind = match status {
            Some(300..=399) => E::PreflightDisallowedRedirect,
            _ => E::PreflightInvalidStatus,
        };
        let mut f = make(
            Kind::Cors(kind),
            status.map(|status| SafariReason::PreflightNotSuccessful { status }),
            "Safari: preflight not successful",
        );
        f.status = status;
        f.preflight = Some(true);
        f.legacy = status.is_none();
        return Some(f);
    }
    for (header, kind, build) in [
        (
            "Header Access-Control-Allow-Methods has an invalid value: ",
            E::InvalidAllowMethodsPreflightResponse,
            SafariReason::InvalidAllowMethods as fn(String) -> SafariReason,
        ),
        (
            "Header Access-Control-Allow-Headers has an invalid value: ",
            E::InvalidAllowHeadersPreflightResponse,
            SafariReason::InvalidAllowHeaders,
        ),
    ] {
        if let Some(p) = s.find(header) {
            let v = &s[p + header.len()..];
            let mut f = make(
                Kind::Cors(kind),
                Some(build(v.to_owned())),
                "Safari: unparsable header",
            );
            f.parameter = Some(v.to_owned());
            f.preflight = Some(true);
            return Some(f);
        }
    }
    for (before, after, kind, build) in [
        (
            "Method ",
            " is not allowed by Access-Control-Allow-Methods.",
            E::MethodDisallowedByPreflightResponse,
            SafariReason::MethodNotAllowed as fn(String) -> SafariReason,
        ),
        (
            "Request header field ",
            " is not allowed by Access-Control-Allow-Headers.",
            E::HeaderDisallowedByPreflightResponse,
            SafariReason::HeaderNotAllowed,
        ),
    ] {
        if let Some(p) = s.rfind(after) {
            let head = &s[..p];
            if let Some(b) = head.find(before) {
                let v = &head[b + before.len()..];
                let mut f = make(
                    Kind::Cors(kind),
                    Some(build(v.to_owned())),
                    "Safari: not allowed",
                );
                f.parameter = Some(v.to_owned());
                f.preflight = Some(true);
                if kind == E::MethodDisallowedByPreflightResponse {
                    f.method = Some(v.to_owned());
                }
                return Some(f);
            }
        }
    }
    if s.contains("Cross origin requests are only supported for HTTP.") {
        let mut f = make(
            Kind::Cors(E::CorsDisabledScheme),
            None,
            "Safari: only HTTP supported",
        );
        // Old Chrome: "XMLHttpRequest cannot load {url}. Cross origin requests are only
        // supported for HTTP."; WebKit prints the reason, then "XMLHttpRequest cannot load
        // {url} due to access control checks.".
        f.browser = if s.contains("XMLHttpRequest cannot load")
            && !s.contains("due to access control checks")
        {
            Some(Browser::Chrome)
        } else {
            Some(Browser::Safari)
        };
        return Some(f);
    }
    if let Some(p) = s.find("Unsafe attempt to load URL ") {
        let rest = &s[p + "Unsafe attempt to load URL ".len()..];
        let mut f = make(
            Kind::Cors(E::DisallowedByMode),
            None,
            "Safari: same-origin mode",
        );
        if let Some((u, o)) = rest.split_once(" from origin ") {
            f.url = Some(u.to_owned());
            f.origin = o
                .split_once(". Domains, protocols and ports must match")
                .map(|(o, _)| o.to_owned());
        }
        return Some(f);
    }
    None
}

/// "Fetch API cannot load URL due to access control checks." (also XMLHttpRequest,
/// EventSource, "Cannot load image …").
fn safari_cannot_load(line: &str) -> Option<CannotLoad> {
    let end = line.find(" due to access control checks")?;
    let head = &line[..end];
    let p = head.rfind("annot load ")?;
    let mut url = &head[p + "annot load ".len()..];
    if let Some(u) = url.strip_prefix("image ") {
        url = u;
    }
    let api = head[..p]
        .strip_suffix('c')
        .or_else(|| head[..p].strip_suffix('C'))?;
    let initiator = if api.ends_with("Fetch API ") {
        Some(Initiator::Fetch)
    } else if api.ends_with("XMLHttpRequest ") {
        Some(Initiator::XmlHttpRequest)
    } else {
        None
    };
    // Playwright's WebKit splits "Fetch API cannot load http" / "//host/path".
    Some(CannotLoad {
        line: 0,
        initiator,
        url: url.to_owned(),
    })
}

// ---------------------------------------------------------------------------------------------
// Look-alikes, network errors and generic rejections.
// ---------------------------------------------------------------------------------------------

fn lookalike(line: &str) -> Option<Finding> {
    if let Some(p) = line.find("Mixed Content: The page at '") {
        let rest = &line[p + "Mixed Content: The page at '".len()..];
        let mut f = Finding::new(
            Kind::MixedContent,
            SPECIFIC,
            Some(Browser::Chrome),
            "mixed content",
        );
        if let Some((page, rest)) = rest.split_once("' was loaded over HTTPS") {
            f.origin = origin_of(page);
            if let Some(q) = rest.find("requested an insecure ") {
                let r = &rest[q..];
                if let Some(a) = r.find('\'') {
                    let u = &r[a + 1..];
                    let e = u.find("'. ").or_else(|| u.rfind('\'')).unwrap_or(u.len());
                    f.url = Some(u[..e].to_owned());
                }
            }
        }
        return Some(f);
    }
    // `BlockMixedActiveContent` and `BlockMixedDisplayContent` (gecko
    // `dom/security/nsMixedContentBlocker.cpp` picks the key, stored copy 114923649).
    if let Some(p) = line
        .find("Blocked loading mixed active content ")
        .or_else(|| line.find("Blocked loading mixed display content "))
    {
        let mut f = Finding::new(
            Kind::MixedContent,
            SPECIFIC,
            Some(Browser::Firefox),
            "mixed content (Firefox)",
        );
        f.url = between(&line[p..], "\u{201C}", "\u{201D}").map(str::to_owned);
        return Some(f);
    }
    if line.contains("was not allowed to display insecure content from")
        || line.contains("was not allowed to run insecure content from")
    {
        let mut f = Finding::new(
            Kind::MixedContent,
            SPECIFIC,
            Some(Browser::Safari),
            "mixed content (Safari)",
        );
        f.url = line.find("insecure content from ").map(|p| {
            line[p + "insecure content from ".len()..]
                .trim_end_matches('.')
                .to_owned()
        });
        f.origin = between(line, "The page at ", " was not allowed").and_then(origin_of);
        return Some(f);
    }
    if let Some(p) = line.find("Refused to connect to ") {
        let rest = &line[p + "Refused to connect to ".len()..];
        let mut f = Finding::new(
            Kind::ContentSecurityPolicy,
            SPECIFIC,
            None,
            "Content Security Policy",
        );
        if let Some(r) = rest.strip_prefix('\'') {
            f.browser = Some(Browser::Chrome);
            f.url = r.split_once('\'').map(|(u, _)| u.to_owned());
            f.parameter = between(rest, "directive: \"", "\"").map(str::to_owned);
        } else {
            f.browser = Some(Browser::Safari);
            f.url = rest.split_once(' ').map(|(u, _)| u.to_owned());
            f.parameter = Some("connect-src".to_owned());
        }
        return Some(f);
    }
    // Firefox's CSP reasons (`CSPViolationWithURI`, MDN's CSP errors page): "The page’s
    // settings blocked the loading of a resource at …", after `Content-Security-Policy:` or
    // the older `Content Security Policy:`.
    if line.contains("The page\u{2019}s settings blocked the loading of a resource")
        || line.contains("The page's settings blocked the loading of a resource")
    {
        let mut f = Finding::new(
            Kind::ContentSecurityPolicy,
            SPECIFIC,
            Some(Browser::Firefox),
            "Content Security Policy (Firefox)",
        );
        f.url = first_url(line);
        return Some(f);
    }
    // The same reason in French, both Firefox forms: "Les paramètres de la page ont empêché le
    // chargement d’une ressource à inline (« style-src »)." (older `CSPViolationWithURI`) and
    // "… d’une ressource (img-src) à l’adresse X car elle enfreint la directive suivante : « … »"
    // (the current one, as a French Firefox printed it; stored copy 69333177428).
    if line.contains(
        "Les param\u{e8}tres de la page ont emp\u{ea}ch\u{e9} le chargement d\u{2019}une ressource",
    ) || line.contains(
        "Les param\u{e8}tres de la page ont emp\u{ea}ch\u{e9} le chargement d'une ressource",
    ) {
        let mut f = Finding::new(
            Kind::ContentSecurityPolicy,
            SPECIFIC,
            Some(Browser::Firefox),
            "Content Security Policy (Firefox, fr)",
        );
        f.locale = Some("fr");
        f.url = first_url(line);
        f.parameter = between(line, "(\u{ab} ", " \u{bb})")
            .or_else(|| between(line, "ressource (", ")"))
            .map(str::to_owned);
        return Some(f);
    }
    // Blink's `AbstractWorker::ResolveURL` (`core/workers/abstract_worker.cc`, stored copy
    // 101581055; "Failed to create a worker: access to the script at …" before 2014, stored
    // copy 2275029399): "Failed to construct 'Worker': Access to the script at 'X' is denied by
    // the document's Content Security Policy.", thrown when `worker-src`/`script-src` refuse
    // the worker's URL (often a `blob:`).
    if line.contains("is denied by the document's Content Security Policy")
        || line.contains("is denied by the document\u{2019}s Content Security Policy")
    {
        let mut f = Finding::new(
            Kind::ContentSecurityPolicy,
            SPECIFIC,
            Some(Browser::Chrome),
            "Content Security Policy (worker script)",
        );
        f.url = between(line, "the script at '", "'")
            .map(str::to_owned)
            .or_else(|| first_url(line));
        f.parameter = Some("worker-src".to_owned());
        return Some(f);
    }
    // A certificate the browser does not trust, in the words of its error page or network
    // layer rather than a `net::ERR_CERT_…` code:
    // - Chromium's certificate interstitial, "This server could not prove that it is X; its
    //   security certificate is from Y / is not trusted by your computer's operating system /
    //   expired N days ago. This may be caused by a misconfiguration or an attacker
    //   intercepting your connection." (`components/security_interstitials_strings.grdp`,
    //   `IDS_CERT_ERROR_*_DETAILS`, as pasted with `NET::ERR_CERT_COMMON_NAME_INVALID`; stored
    //   copies 63172191973, 17082725461);
    // - Apple's `NSURLErrorServerCertificate…` descriptions after Safari's `Failed to load
    //   resource:`, "The certificate for this server is invalid. You might be connecting to a
    //   server that is pretending to be “X” which could put your confidential information at
    //   risk." (CFNetwork `Err-1202`; the expired / unknown-authority / not-yet-valid ones share
    //   the second sentence; stored copies 29694511763, 24223702333).
    if line.contains("This server could not prove that it is ")
        && line.contains("security certificate")
    {
        let mut f = Finding::new(
            Kind::CertificateError,
            SPECIFIC,
            Some(Browser::Chrome),
            "certificate interstitial",
        );
        f.parameter =
            between(line, "could not prove that it is ", ";").map(|h| h.trim().to_owned());
        return Some(f);
    }
    if line.contains("The certificate for this server ")
        && line.contains("You might be connecting to a server that is pretending to be")
    {
        let mut f = Finding::new(
            Kind::CertificateError,
            SPECIFIC,
            Some(Browser::Safari),
            "certificate not trusted (Safari)",
        );
        f.parameter = between(line, "pretending to be \u{201c}", "\u{201d}")
            .or_else(|| between(line, "pretending to be \"", "\""))
            .map(str::to_owned);
        return Some(f);
    }
    // Chrome's CSP sentences without the directive: "Fetch API cannot load X. Refused to
    // connect because it violates the document's Content Security Policy.", "Refused to
    // connect to 'X' because it violates the document's Content Security Policy.", and the
    // 2024 one: "Connecting to 'X' violates the following Content Security Policy directive:
    // "connect-src …". The action has been blocked." (as Chrome prints them; the Blink
    // sentence shape is NavigatorBeacon's "… because it violates the document's Content
    // Security Policy.").
    if (line.contains("violates the document's Content Security Policy")
        || line.contains("violates the following Content Security Policy directive"))
        // A page refusing to be framed (`frame-ancestors`) is read by the tolerant reader; the
        // page's own `frame-src` refusing a frame ("Refused to frame 'X' because it violates
        // the following Content Security Policy directive: "frame-src …"", Blink's
        // `ContentSecurityPolicy::ReportViolation`) is the page's CSP, read here.
        && !line.contains(" in a frame because ")
        && !line.contains("an ancestor violates")
    {
        let mut f = Finding::new(
            Kind::ContentSecurityPolicy,
            SPECIFIC,
            Some(Browser::Chrome),
            "Content Security Policy",
        );
        f.url = between(line, "Connecting to '", "'")
            .or_else(|| between(line, "connect to '", "'"))
            .map(str::to_owned)
            .or_else(|| {
                between(line, "Fetch API cannot load ", ". Refused").map(|u| u.trim().to_owned())
            })
            .or_else(|| first_url(line));
        f.parameter = between(line, "directive: \"", "\"").map(str::to_owned);
        return Some(f);
    }
    // WebKit's CSP sentence (`ContentSecurityPolicy::consoleMessageForViolation`, WebKit
    // `Source/WebCore/page/csp/ContentSecurityPolicy.cpp`, stored copy 1503115979): "Refused to
    // load X because it does not appear in the font-src directive of the Content Security
    // Policy.", and "… because it appears in neither the img-src directive nor the default-src
    // directive of the Content Security Policy." when the policy fell back to `default-src`.
    if line.contains(" directive of the Content Security Policy")
        && (line.contains(" does not appear in the ") || line.contains(" appears in neither the "))
    {
        let mut f = Finding::new(
            Kind::ContentSecurityPolicy,
            SPECIFIC,
            Some(Browser::Safari),
            "Content Security Policy (Safari)",
        );
        f.url = first_url(line);
        f.parameter = between(line, " does not appear in the ", " directive")
            .or_else(|| between(line, " appears in neither the ", " directive"))
            .map(str::to_owned);
        return Some(f);
    }
    // Firefox's X-Frame-Options refusal before the `XFrameOptionsDeny` sentence
    // (`nsDSURIContentListener::ReportXFOViolation`, gecko `docshell/base/
    // nsDSURIContentListener.cpp`, stored copy 87951417): "Load denied by X-Frame-Options: X
    // does not permit framing." (DENY), "… does not permit cross-origin framing." (SAMEORIGIN),
    // "… does not permit framing by Y." (ALLOW-FROM).
    if line.contains("Load denied by X-Frame-Options") {
        let mut f = Finding::new(
            Kind::FrameRefused,
            SPECIFIC,
            Some(Browser::Firefox),
            "older Firefox: X-Frame-Options",
        );
        f.url = first_url(line);
        f.legacy = true;
        return Some(f);
    }
    // Firefox's web-font loader (`gfxUserFontSet` / `FontFaceSetImpl::LogMessage`, gecko
    // `layout/style/FontFaceSet.cpp`, stored copies 20890495, 50332838): "downloadable font:
    // download failed (font-family: …): bad URI or cross-site access not allowed" is printed for
    // `NS_ERROR_DOM_BAD_URI`, which a font refused by the CORS check gives: a CORS failure
    // whose reason the line does not carry, on a font (the URL follows `source: `).
    if line.contains("downloadable font:") && line.contains("cross-site access not allowed") {
        let mut f = Finding::new(
            Kind::AccessControlChecks,
            WEAK,
            Some(Browser::Firefox),
            "Firefox: web font refused (bad URI or cross-site access)",
        );
        // The sentence says it is a font, whether or not its `source:` line came with it.
        f.resource = Some("font".to_owned());
        f.url = line
            .find("source: ")
            .and_then(|p| first_url(&line[p..]))
            .or_else(|| first_url(line));
        return Some(f);
    }
    // Firefox's `CheckLoadURIError` (`nsScriptSecurityManager::CheckLoadURIWithPrincipal`,
    // gecko `caps/nsScriptSecurityManager.cpp`, stored copy 56801519147): "Security Error:
    // Content at X may not load or link to file:///…": a web page referring to a local file,
    // Firefox's form of "Not allowed to load local resource".
    if line.contains("may not load or link to file:") {
        let mut f = Finding::new(
            Kind::LocalResource,
            SPECIFIC,
            Some(Browser::Firefox),
            "Firefox: a web page may not load a file: URL",
        );
        f.origin = between(line, "Content at ", " may not").and_then(origin_of);
        f.url = line.find("link to file:").map(|p| {
            line[p + "link to ".len()..]
                .trim_end_matches('.')
                .to_owned()
        });
        return Some(f);
    }
    // Blink's `DOMWebSocket::close` while connecting (`third_party/blink/renderer/modules/
    // websockets/dom_websocket.cc`, stored copy 1291993071): "WebSocket is closed before the
    // connection is established.", and the handshake detail without its "WebSocket connection
    // to 'X' failed: " lead ("Error during WebSocket handshake: Unexpected response code: N").
    if line.contains("WebSocket is closed before the connection is established")
        || line.contains("Error during WebSocket handshake")
    {
        let mut f = Finding::new(
            Kind::WebSocket,
            SPECIFIC,
            Some(Browser::Chrome),
            "WebSocket handshake",
        );
        f.url = first_url(line).filter(|u| u.starts_with("ws"));
        f.status = line
            .find("Unexpected response code: ")
            .and_then(|q| leading_status(&line[q + "Unexpected response code: ".len()..]));
        return Some(f);
    }
    // The target-origin sentence of `postMessage` (`TargetPrincipalDoesNotMatch`, FF-DOM in
    // wordings.rs; Blink prints the same) with its quotes damaged or cut after the first
    // origin, as people paste it: the tolerant reader needs both quoted origins.
    if line.contains("The target origin provided") && line.contains("does not match the recipient")
    {
        let mut f = Finding::new(
            Kind::PostMessageOrigin,
            SPECIFIC,
            None,
            "postMessage target origin",
        );
        f.parameter = line
            .split_once("The target origin provided (")
            .and_then(|(_, r)| r.split(')').next())
            .map(|v| {
                v.trim_matches(['\'', '"', '\u{2018}', '\u{2019}', '\u{201c}', '\u{201d}'])
                    .to_owned()
            })
            .filter(|v| !v.is_empty());
        return Some(f);
    }
    // A script refused or warned about for its MIME type, in the engines' other sentences:
    // Firefox's `WarnScriptWithWrongMimeType` ("The script from “X” was loaded even though its
    // MIME type (“text/html”) is not a valid JavaScript MIME type.", gecko
    // `HttpBaseChannel::WarnWrongMIMEOfScript`, stored copy 56818669226; the devtools test
    // `browser_webconsole_non_javascript_mime_warning` quotes it, stored copy 499068274) and
    // Safari's module loader ("'text/html' is not a valid JavaScript MIME type.", as Safari
    // prints it).
    if line.contains("is not a valid JavaScript MIME type") {
        let mut f = Finding::new(
            Kind::MimeType,
            SPECIFIC,
            None,
            "script refused for its MIME type",
        );
        f.url = first_url(line);
        f.parameter = line
            .find("is not a valid JavaScript MIME type")
            .and_then(|p| {
                let head = line[..p]
                    .trim_end()
                    .trim_end_matches([')', '\u{201d}', '\'', '"']);
                let (start, c) = head
                    .char_indices()
                    .rev()
                    .find(|(_, c)| matches!(c, '(' | '\u{201c}' | '\'' | '"' | ' '))?;
                let v =
                    head[start + c.len_utf8()..].trim_matches(['\u{201c}', '\u{201d}', '\'', '"']);
                (!v.is_empty() && v.contains('/')).then(|| v.to_owned())
            });
        return Some(f);
    }
    // Older WebKit and Blink's cross-frame message (`DOMWindow::crossDomainAccessErrorMessage`,
    // stored copy 9135447788): "Unsafe JavaScript attempt to access frame with URL X from frame
    // with URL Y. Domains, protocols and ports must match."; and Firefox's older form of
    // MDN-SOP's message, "Permission denied to access property \"x\"" without "on cross-origin
    // object" (MDN's page lists both).
    if line.contains("Unsafe JavaScript attempt to access frame with URL")
        || (line.contains("Permission denied to access property")
            && !line.contains("on cross-origin object"))
    {
        let mut f = Finding::new(
            Kind::CrossFrameAccess,
            SPECIFIC,
            None,
            "script access to a cross-origin frame",
        );
        f.url = first_url(line);
        return Some(f);
    }
    // Blink's storage getters (`localStorage`, `sessionStorage`, `indexedDB`, `cookie`) throw
    // the same `SecurityError` when the browser denies the document storage (C-STORAGE in
    // wordings.rs reads the Window form with its property): "Failed to read the 'cookie'
    // property from 'Document': Access is denied for this document."
    if line.contains("Access is denied for this document") && line.contains("from 'Document'") {
        let mut f = Finding::new(
            Kind::StorageBlocked,
            SPECIFIC,
            Some(Browser::Chrome),
            "storage denied to the document",
        );
        f.parameter = between(line, "Failed to read the '", "'").map(str::to_owned);
        return Some(f);
    }
    // Firefox's notice when the page goes away (a reload, a navigation) while a WebSocket or
    // an EventSource is still connecting: "The connection to X was interrupted while the page
    // was loading." (as Firefox prints it; stored pasted copies 30850202331, 47637730836). No
    // response was refused: a WebSocket's is a handshake story, an EventSource's a network one.
    if line.contains("was interrupted while the page was loading") {
        let url = between(line, "The connection to ", " was interrupted").map(str::to_owned);
        let ws = url.as_deref().is_some_and(|u| u.starts_with("ws"));
        let mut f = Finding::new(
            if ws {
                Kind::WebSocket
            } else {
                Kind::NetworkError
            },
            WEAK,
            Some(Browser::Firefox),
            "Firefox: connection interrupted by the page unloading",
        );
        f.url = url;
        return Some(f);
    }
    // WebKit's `TypeError: Not allowed to request resource`, which Safari throws when its
    // loader refuses the request before sending it: an http URL from an https page (Safari
    // counts even `http://localhost` as mixed content), a content blocker. Pasted with
    // Safari's `[blocked] … insecure content` line, that line says which (as the projects
    // handling it note: stored copies 24708762126, 66151136007); alone, mixed content.
    if line.contains("Not allowed to request resource") {
        return Some(Finding::new(
            Kind::MixedContent,
            WEAK,
            Some(Browser::Safari),
            "Safari: request refused before it was sent",
        ));
    }
    // `SharedArrayBuffer` exists only in a cross-origin isolated page (MDN "SharedArrayBuffer",
    // Security requirements; Chrome 92 and Firefox 79 on): without `Cross-Origin-Opener-Policy:
    // same-origin` and `Cross-Origin-Embedder-Policy: require-corp` the engines say the global
    // is missing ("SharedArrayBuffer is not defined" in V8 and SpiderMonkey, "Can't find
    // variable: SharedArrayBuffer" in JavaScriptCore: `JS-ERRORS` in wordings.rs), and Chrome
    // 89-91 warned ahead ("[Deprecation] SharedArrayBuffer will require cross-origin isolation
    // as of M92, …", as pasted; stored copies 27440309614, 3973465625).
    if line.contains("SharedArrayBuffer is not defined")
        || line.contains("Can't find variable: SharedArrayBuffer")
        || line.contains("Can\u{2019}t find variable: SharedArrayBuffer")
        || line.contains("SharedArrayBuffer will require cross-origin isolation")
    {
        return Some(Finding::new(
            Kind::CrossOriginIsolation,
            SPECIFIC,
            None,
            "SharedArrayBuffer without cross-origin isolation",
        ));
    }
    // `NotAllowedError` with its default message, WebIDL's error-names table ("The request is
    // not allowed by the user agent or the platform in the current context, possibly because
    // the user denied permission.", stored copy 47872906163), which WebKit and Blink throw for
    // a clipboard write, an autoplaying `play()` or a permission prompt outside a user gesture
    // or after a refusal.
    if line.contains("not allowed by the user agent or the platform in the current context") {
        return Some(Finding::new(
            Kind::PermissionDenied,
            SPECIFIC,
            None,
            "a feature refused by the browser (NotAllowedError)",
        ));
    }
    // cors-anywhere's own answer to a request with neither `Origin` nor `X-Requested-With`
    // (Rob--W/cors-anywhere `lib/cors-anywhere.js`; its test expects `400, 'Missing required
    // request header. Must specify one of: origin,x-requested-with'`, stored copy 115483006):
    // the proxy URL opened directly (in a tab, by a redirect); an HTTP error, not a CORS check.
    if line
        .contains("Missing required request header. Must specify one of: origin,x-requested-with")
    {
        let mut f = Finding::new(
            Kind::HttpError,
            SPECIFIC,
            None,
            "CORS proxy (cors-anywhere): request without Origin",
        );
        f.status = Some(400);
        return Some(f);
    }
    // Chromium's Direct Sockets (isolated web apps) refuse a socket to a local address without
    // the Local Network Access permission: "InvalidAccessError: Access to local network is
    // blocked." (as the Direct Sockets guides quote it, stored copy 61308575351).
    if line.contains("Access to local network is blocked") {
        return Some(Finding::new(
            Kind::Cors(CorsError::LocalNetworkAccessPermissionDenied),
            SPECIFIC,
            Some(Browser::Chrome),
            "Chrome: Local Network Access permission (Direct Sockets)",
        ));
    }
    // `SecurityError` with its default message and nothing else: "The operation is insecure."
    // (WebIDL's error-names table, which Gecko and current WebKit print; stored copy
    // 47872906163 maps `SecurityError` to it, legacy code 18) and older WebKit's "SecurityError:
    // DOM Exception 18: An attempt was made to break through the security policy of the user
    // agent." Engines throw it for storage denied to a third-party frame (localStorage,
    // WebSQL, IndexedDB, cookies), for a read of a cross-origin frame and for a tainted
    // canvas: the words on the line pick, storage when none does (the commonest, and the one
    // such a bare paste comes from). Weak: a specific line elsewhere wins.
    if line.contains("The operation is insecure")
        || line.contains("DOM Exception 18")
        || line.contains("break through the security policy of the user agent")
    {
        let lower = line.to_ascii_lowercase();
        let (kind, what) = if ["canvas", "getimagedata", "todataurl", "toblob", "teximage"]
            .iter()
            .any(|w| lower.contains(w))
        {
            (Kind::CanvasTainted, "SecurityError on a canvas")
        } else if ["frame", "from 'window'", "contentwindow", "opener", "popup"]
            .iter()
            .any(|w| lower.contains(w))
            && !lower.contains("storage")
        {
            (
                Kind::CrossFrameAccess,
                "SecurityError reading another window",
            )
        } else {
            (Kind::StorageBlocked, "SecurityError: storage denied")
        };
        let mut f = Finding::new(kind, WEAK, None, what);
        // Marks the bare exception, so a diagnosis can list the other two readings.
        f.parameter = Some("SecurityError".to_owned());
        return Some(f);
    }
    // A mixed-content line without its "Mixed Content: " start (MixedContentChecker's
    // sentence, as in the branch above), whatever quotes the page URL had left.
    if let Some(p) = line.find(" was loaded over HTTPS, but requested an insecure ") {
        let mut f = Finding::new(
            Kind::MixedContent,
            SPECIFIC,
            Some(Browser::Chrome),
            "mixed content",
        );
        let head = line[..p].trim_end_matches(['\'', '"', '\u{2019}', '\u{201d}']);
        f.origin = head
            .rfind(['\'', '"', ' ', '\u{2018}', '\u{201c}'])
            .and_then(|q| origin_of(&head[q + 1..]));
        let r = &line[p..];
        if let Some(a) = r
            .find("requested an insecure ")
            .and_then(|q| r[q..].find('\'').map(|a| q + a))
        {
            let u = &r[a + 1..];
            let e = u.find("'. ").or_else(|| u.rfind('\'')).unwrap_or(u.len());
            f.url = Some(u[..e].to_owned());
        }
        return Some(f);
    }
    if let Some(p) = line.find("Cancelled load to ")
        && line.contains("Cross-Origin-Resource-Policy")
    {
        let mut f = Finding::new(
            Kind::BlockedByResponse,
            SPECIFIC,
            Some(Browser::Safari),
            "Cross-Origin-Resource-Policy (Safari)",
        );
        f.url = line[p + "Cancelled load to ".len()..]
            .split_once(" because")
            .map(|(u, _)| u.to_owned());
        return Some(f);
    }
    if line.contains("NS_ERROR_DOM_CORP_FAILED") || line.contains("NS_ERROR_DOM_COEP_FAILED") {
        let mut f = Finding::new(
            Kind::BlockedByResponse,
            SPECIFIC,
            Some(Browser::Firefox),
            "Cross-Origin-Resource-Policy (Firefox)",
        );
        f.url = first_url(line);
        return Some(f);
    }
    if let Some(p) = line.find("Cross-Origin Read Blocking (CORB) blocked cross-origin response ") {
        let mut f = Finding::new(
            Kind::BlockedByOrb,
            SPECIFIC,
            Some(Browser::Chrome),
            "older Chrome: Cross-Origin Read Blocking",
        );
        f.url = line
            [p + "Cross-Origin Read Blocking (CORB) blocked cross-origin response ".len()..]
            .split_once(' ')
            .map(|(u, _)| u.to_owned());
        f.legacy = true;
        return Some(f);
    }
    if line.contains("CSRF verification failed") || line.contains("Origin checking failed - ") {
        let mut f = Finding::new(
            Kind::CsrfOriginCheck,
            SPECIFIC,
            None,
            "server CSRF origin check",
        );
        f.origin = between(line, "Origin checking failed - ", " does not match").map(str::to_owned);
        f.status = Some(403);
        return Some(f);
    }
    // Any letter case: people retype it ("webSocket connection to …").
    if let Some(p) = line
        .to_ascii_lowercase()
        .find("websocket connection to '")
        .filter(|&p| line.is_char_boundary(p))
    {
        let mut f = Finding::new(
            Kind::WebSocket,
            SPECIFIC,
            Some(Browser::Chrome),
            "WebSocket handshake",
        );
        let rest = &line[p + "WebSocket connection to '".len()..];
        f.url = rest.split_once("' failed").map(|(u, _)| u.to_owned());
        f.status = rest
            .find("Unexpected response code: ")
            .and_then(|q| leading_status(&rest[q + "Unexpected response code: ".len()..]));
        return Some(f);
    }
    if line.contains("can\u{2019}t establish a connection to the server at ws")
        || line.contains("can't establish a connection to the server at ws")
    {
        let mut f = Finding::new(
            Kind::WebSocket,
            SPECIFIC,
            Some(Browser::Firefox),
            "WebSocket handshake (Firefox)",
        );
        f.url = first_url(line);
        return Some(f);
    }
    if line.contains("Load cannot follow more than 20 redirections") {
        return Some(Finding::new(
            Kind::TooManyRedirects,
            SPECIFIC,
            Some(Browser::Safari),
            "Safari: too many redirects",
        ));
    }
    if let Some(p) = line.find("The FetchEvent for \"")
        && line.contains("an \"opaque\" response was used for a request whose type is not no-cors")
    {
        let mut f = Finding::new(
            Kind::Cors(CorsError::InvalidResponse),
            SPECIFIC,
            Some(Browser::Chrome),
            "service worker: opaque response",
        );
        f.url = line[p + "The FetchEvent for \"".len()..]
            .split_once('"')
            .map(|(u, _)| u.to_owned());
        return Some(f);
    }
    if line.contains("Authorization will not be covered by the wildcard symbol (*)") {
        return Some(Finding::new(
            Kind::AuthorizationNotCoveredByWildcard,
            WEAK,
            Some(Browser::Chrome),
            "Chrome deprecation warning: `*` does not cover Authorization",
        ));
    }
    // Chromium's fetch of a scheme it has no loader for (`FetchManager::Loader::Start`,
    // `third_party/blink/renderer/core/fetch/fetch_manager.cc`: "URL scheme \"X\" is not
    // supported."), without its "Fetch API cannot load X. " lead and in any letter case, as
    // people quote it.
    if let Some(p) = line.to_ascii_lowercase().find("url scheme \"")
        && line.is_char_boundary(p)
        && !line.contains("Fetch API cannot load ")
    {
        let rest = &line[p + "url scheme \"".len()..];
        if let Some((scheme, after)) = rest.split_once('"')
            && after.trim_start().starts_with("is not supported")
        {
            let mut f = Finding::new(
                Kind::Cors(CorsError::CorsDisabledScheme),
                SPECIFIC,
                Some(Browser::Chrome),
                "Chrome: URL scheme not supported by fetch()",
            );
            f.parameter = Some(scheme.to_owned());
            return Some(f);
        }
    }
    if let Some(p) = line.find("Fetch API cannot load ") {
        let rest = &line[p + "Fetch API cannot load ".len()..];
        if let Some((url, why)) = rest.split_once(". ") {
            if why.starts_with("URL scheme") {
                let mut f = Finding::new(
                    Kind::Cors(CorsError::CorsDisabledScheme),
                    SPECIFIC,
                    Some(Browser::Chrome),
                    "Chrome: URL scheme not supported by fetch()",
                );
                f.url = Some(url.to_owned());
                return Some(f);
            }
            if why.starts_with("Request mode is \"same-origin\"") {
                let mut f = Finding::new(
                    Kind::Cors(CorsError::DisallowedByMode),
                    SPECIFIC,
                    Some(Browser::Chrome),
                    "Chrome: same-origin mode",
                );
                f.url = Some(url.to_owned());
                f.origin = why.rfind("request origin ").map(|q| {
                    why[q + "request origin ".len()..]
                        .trim_end_matches('.')
                        .to_owned()
                });
                return Some(f);
            }
        }
    }
    None
}

/// Chromium's network error names (`net/base/net_error_list.h`) that people paste without
/// the `net::` prefix. Only these are read bare: other `ERR_…` codes are axios' or Node's.
const BARE_NET_ERRORS: [&str; 29] = [
    "ERR_CONNECTION_CLOSED",
    "ERR_CONNECTION_RESET",
    "ERR_CONNECTION_REFUSED",
    "ERR_CONNECTION_ABORTED",
    "ERR_CONNECTION_FAILED",
    "ERR_CONNECTION_TIMED_OUT",
    "ERR_NAME_NOT_RESOLVED",
    "ERR_NAME_RESOLUTION_FAILED",
    "ERR_INTERNET_DISCONNECTED",
    "ERR_ADDRESS_INVALID",
    "ERR_ADDRESS_UNREACHABLE",
    "ERR_TUNNEL_CONNECTION_FAILED",
    "ERR_PROXY_CONNECTION_FAILED",
    "ERR_SSL_PROTOCOL_ERROR",
    "ERR_SSL_VERSION_OR_CIPHER_MISMATCH",
    "ERR_TIMED_OUT",
    "ERR_EMPTY_RESPONSE",
    "ERR_NETWORK_CHANGED",
    "ERR_BLOCKED_BY_CLIENT",
    "ERR_BLOCKED_BY_RESPONSE",
    "ERR_BLOCKED_BY_ORB",
    "ERR_TOO_MANY_REDIRECTS",
    "ERR_INSECURE_RESPONSE",
    "ERR_UNSAFE_PORT",
    "ERR_CLEARTEXT_NOT_PERMITTED",
    "ERR_HTTP2_PROTOCOL_ERROR",
    "ERR_QUIC_PROTOCOL_ERROR",
    "ERR_INCOMPLETE_CHUNKED_ENCODING",
    "ERR_BAD_SSL_CLIENT_AUTH_CERT",
];

/// Where a Chromium network error code written without `net::` starts.
fn bare_net_error(line: &str) -> Option<usize> {
    for (p, _) in line.match_indices("ERR_").take(16) {
        if line[..p]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            continue;
        }
        let code: String = line[p..]
            .chars()
            .take_while(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || *c == '_')
            .take(80)
            .collect();
        if BARE_NET_ERRORS.contains(&code.as_str()) || code.starts_with("ERR_CERT_") {
            return Some(p);
        }
    }
    None
}

/// A `net::ERR_…` code anywhere in the line (other than the plain `ERR_FAILED` that follows
/// every CORS failure, and `ERR_ABORTED`, a cancelled request).
fn net_error(line: &str) -> Option<Finding> {
    let p = match line.find("net::ERR_") {
        Some(p) => p + "net::".len(),
        None => bare_net_error(line)?,
    };
    let code: String = line[p..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '.')
        .take(80)
        .collect();
    let code = code.trim_end_matches('.');
    let base = code.split('.').next().unwrap_or(code);
    let kind = match base {
        "ERR_FAILED" | "ERR_ABORTED" => return None,
        "ERR_CONNECTION_REFUSED" => Kind::ConnectionRefused,
        "ERR_NAME_NOT_RESOLVED" => Kind::NameNotResolved,
        "ERR_BLOCKED_BY_CLIENT" => Kind::BlockedByClient,
        "ERR_BLOCKED_BY_RESPONSE" => Kind::BlockedByResponse,
        "ERR_BLOCKED_BY_ORB" => Kind::BlockedByOrb,
        "ERR_TOO_MANY_REDIRECTS" => Kind::TooManyRedirects,
        "ERR_INSECURE_RESPONSE" | "ERR_BAD_SSL_CLIENT_AUTH_CERT" => Kind::CertificateError,
        c if c.starts_with("ERR_CERT_") || c.starts_with("ERR_SSL_") => Kind::CertificateError,
        _ => Kind::NetworkError,
    };
    let mut f = Finding::new(kind, SPECIFIC, Some(Browser::Chrome), "");
    f.what = format!("network error net::{code}");
    f.parameter = Some(code.to_owned());
    if let Some(r) = request_line(line) {
        f.url = Some(r.url);
        f.method = Some(r.method);
    }
    Some(f)
}

/// A WebKit or older Chrome reason cut at the front, so only `X is not allowed by
/// Access-Control-Allow-Headers` (or `-Methods`) is left (`WK-OLD`, `WK` in wordings.rs): the
/// word before it is the header or the method.
fn cut_reason(line: &str) -> Option<Finding> {
    let lower = line.to_ascii_lowercase();
    let (p, kind, what) = if let Some(p) =
        lower.find(" is not allowed by access-control-allow-header")
    {
        (
            p,
            CorsError::HeaderDisallowedByPreflightResponse,
            "a request header not allowed by Access-Control-Allow-Headers (the sentence cut at the front)",
        )
    } else if let Some(p) = lower.find(" is not allowed by access-control-allow-method") {
        (
            p,
            CorsError::MethodDisallowedByPreflightResponse,
            "a method not allowed by Access-Control-Allow-Methods (the sentence cut at the front)",
        )
    } else {
        return None;
    };
    let word = line[..p]
        .split_whitespace()
        .next_back()?
        .trim_matches(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'));
    if word.is_empty()
        || !word
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return None;
    }
    let mut f = Finding::new(Kind::Cors(kind), WEAK, None, what);
    f.parameter = Some(word.to_owned());
    f.preflight = Some(true);
    if kind == CorsError::MethodDisallowedByPreflightResponse {
        f.method = Some(word.to_owned());
    }
    f.wording = Some(
        if kind == CorsError::HeaderDisallowedByPreflightResponse {
            "webkit/header-cut"
        } else {
            "webkit/method-cut"
        }
        .to_owned(),
    );
    Some(f)
}

fn generic(line: &str) -> Option<Finding> {
    // Angular's HttpClient (`HttpErrorResponse`, packages/common/http/src/response.ts):
    // `Http failure response for ${url || '(unknown url)'}: ${status} ${statusText}`, status 0
    // ("Unknown Error") when the browser gave it no response, as after a CORS block. Any other
    // status is a response the page could read: not this.
    if let Some(p) = line.find("Http failure response for ") {
        let rest = &line[p + "Http failure response for ".len()..];
        let (url, after) = rest.rsplit_once(": ")?;
        if !after.starts_with("0 ") && after != "0" {
            return None;
        }
        let mut f = Finding::new(
            Kind::FetchFailed,
            GENERIC,
            None,
            "Angular rejected: Http failure response … 0 Unknown Error",
        );
        f.initiator = Some(Initiator::XmlHttpRequest);
        f.url = (url != "(unknown url)").then(|| url.to_owned());
        return Some(f);
    }
    // The `fetch` polyfill (github/fetch, React Native): `new TypeError('Network request
    // failed')` from the XHR's error event.
    if line.contains("Network request failed") {
        let mut f = Finding::new(
            Kind::FetchFailed,
            GENERIC,
            None,
            "fetch polyfill rejected: Network request failed",
        );
        f.initiator = Some(Initiator::Fetch);
        return Some(f);
    }
    let found = if line.contains("Failed to fetch") {
        Some((Browser::Chrome, None, "fetch() rejected: Failed to fetch"))
    } else if line.contains("NetworkError when attempting to fetch resource") {
        Some((
            Browser::Firefox,
            None,
            "fetch() rejected: NetworkError when attempting to fetch resource",
        ))
    } else if line.contains("TypeError: Load failed") || line.trim() == "Load failed" {
        Some((Browser::Safari, None, "fetch() rejected: Load failed"))
    } else if line.contains("AxiosError: Network Error")
        || line.contains("Error: Network Error")
        || line.contains("ERR_NETWORK")
    {
        return Some({
            let mut f = Finding::new(
                Kind::FetchFailed,
                GENERIC,
                None,
                "axios rejected: Network Error",
            );
            f.initiator = Some(Initiator::XmlHttpRequest);
            f
        });
    } else {
        None
    };
    let (browser, initiator, what) = found?;
    let mut f = Finding::new(Kind::FetchFailed, GENERIC, Some(browser), what);
    f.initiator = initiator.or(Some(Initiator::Fetch));
    Some(f)
}

// ---------------------------------------------------------------------------------------------
// Request lines and small helpers.
// ---------------------------------------------------------------------------------------------

const METHODS: [&str; 8] = [
    "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "patch",
];

/// `GET https://… net::ERR_FAILED 401 (Unauthorized)`, `POST https://… 413`, Firefox's
/// `XHROPTIONS https://… [HTTP/1.1 405 Method Not Allowed 3ms]`.
fn request_line(line: &str) -> Option<RequestLine> {
    let mut tokens = line.split_whitespace().take(4096).peekable();
    while let Some(t) = tokens.next() {
        let m = t
            .strip_prefix("XHR")
            .or_else(|| t.strip_prefix("fetch"))
            .filter(|m| !m.is_empty())
            .unwrap_or(t);
        if !METHODS.contains(&m) {
            continue;
        }
        let Some(url) = tokens.peek().copied() else {
            break;
        };
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            continue;
        }
        tokens.next();
        let mut status = None;
        let (mut net, mut failed) = (false, false);
        for t in tokens.take(4) {
            if t.starts_with("net::") {
                net = true;
                failed = t == "net::ERR_FAILED";
                continue;
            }
            if t.starts_with("[HTTP/") {
                continue;
            }
            if t.len() == 3
                && let Some(s) = leading_status(t)
            {
                status = Some(s);
            }
            break;
        }
        return Some(RequestLine {
            line: 0,
            method: m.to_owned(),
            url: url.to_owned(),
            status,
            net,
            failed,
        });
    }
    None
}

/// "Failed to load resource: the server responded with a status of 500 (Internal Server Error)".
fn resource_status(line: &str) -> Option<u16> {
    let p = line.find("the server responded with a status of ")?;
    leading_status(&line[p + "the server responded with a status of ".len()..])
}

/// An HTTP status (100–599) at the start of `s`, followed by a non-digit or the end.
fn leading_status(s: &str) -> Option<u16> {
    let digits: String = s.chars().take_while(char::is_ascii_digit).take(4).collect();
    if digits.len() != 3 {
        return None;
    }
    digits.parse().ok().filter(|n| (100..=599).contains(n))
}

fn between<'a>(s: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let a = s.find(start)? + start.len();
    let e = s[a..].find(end)?;
    Some(&s[a..a + e])
}

/// The first `http(s)://` or `ws(s)://` URL in a line, up to whitespace or a closing quote.
fn first_url(line: &str) -> Option<String> {
    let p = ["https://", "http://", "wss://", "ws://"]
        .iter()
        .filter_map(|s| line.find(s))
        .min()?;
    let url: String = line[p..]
        .chars()
        .take_while(|c| {
            !c.is_whitespace() && !matches!(c, '\'' | '"' | '\u{201D}' | '\u{2019}' | ')' | '>')
        })
        .collect();
    Some(url.trim_end_matches(['.', ',']).to_owned())
}

/// The serialized origin of a page URL.
fn origin_of(page: &str) -> Option<String> {
    url::Url::parse(page)
        .ok()
        .map(|u| Origin::of_url(&u).as_str().to_owned())
}

// ---------------------------------------------------------------------------------------------
// Putting the lines together.
// ---------------------------------------------------------------------------------------------

fn merge(scan: Scan) -> Reading {
    let Scan {
        findings,
        requests,
        cannot_load,
        resource_status,
        browser_hint,
        xhr_hint,
    } = scan;
    let mut reading = Reading::default();
    // The most specific finding; among equals about different URLs (several requests
    // failing, one line with the status the others lack), one that carries a status; then
    // the first (for one URL the first line is the reason, the rest follow from it).
    let primary_index = findings
        .iter()
        .enumerate()
        .max_by(|(ia, a), (ib, b)| {
            let other_request = a.url != b.url;
            a.rank
                .cmp(&b.rank)
                .then(if other_request {
                    a.status.is_some().cmp(&b.status.is_some())
                } else {
                    std::cmp::Ordering::Equal
                })
                .then(ib.cmp(ia))
        })
        .map(|(i, _)| i);
    // Safari's "cannot load … due to access control checks" alone is a (generic) reading too.
    let primary = match primary_index {
        Some(i) => Some(findings[i].clone()),
        None => cannot_load.first().map(|c| {
            let mut f = Finding::new(
                Kind::AccessControlChecks,
                GENERIC,
                Some(Browser::Safari),
                "Safari: cannot load due to access control checks",
            );
            f.line = c.line;
            f
        }),
    };
    if let Some(p) = &primary {
        reading.kind = p.kind;
        reading.browser = p.browser;
        reading.native.clone_from(&p.native);
        reading.url.clone_from(&p.url);
        reading.redirected_from.clone_from(&p.redirected_from);
        reading.location.clone_from(&p.location);
        reading.origin.clone_from(&p.origin);
        reading.parameter.clone_from(&p.parameter);
        reading.status = p.status;
        reading.method.clone_from(&p.method);
        reading.initiator = p.initiator;
        reading.resource.clone_from(&p.resource);
        reading.preflight = p.preflight;
        reading.legacy = p.legacy;
        reading.wording.clone_from(&p.wording);
        reading.locale = p.locale.map(str::to_owned);
        reading.evidence.push(Evidence {
            line: p.line,
            what: p.what.clone(),
        });
    }
    for (i, f) in findings.iter().enumerate() {
        if Some(i) == primary_index {
            continue;
        }
        if let Some(k) = f.kind {
            let same = reading.kind == Some(k)
                && (f.url.is_none() || reading.url.is_none() || f.url == reading.url);
            // A generic rejection ("Failed to fetch", Firefox's "did not succeed" after a
            // reason) is the same failure seen from the page, not another one.
            let echo = f.rank == GENERIC && primary.as_ref().is_some_and(|p| p.rank > GENERIC);
            if !same && !echo && !reading.also.contains(&k) {
                reading.also.push(k);
            }
        }
        reading.evidence.push(Evidence {
            line: f.line,
            what: f.what.clone(),
        });
    }
    let primary_line = primary.as_ref().map_or(0, |p| p.line);
    let pairs: Vec<(String, String)> = findings
        .iter()
        .filter(|f| {
            matches!(
                f.kind,
                Some(Kind::Cors(
                    CorsError::AllowOriginMismatch | CorsError::PreflightAllowOriginMismatch
                ))
            )
        })
        .filter_map(|f| Some((f.origin.clone()?, f.parameter.clone()?)))
        .collect();
    if pairs.len() > 1 {
        reading.mismatches = pairs;
    }

    // Firefox: a specific reason followed by "CORS request did not succeed … (null)" for the
    // same URL means the preflight failed (the actual request was never sent).
    if reading.browser == Some(Browser::Firefox)
        && reading.preflight.is_none()
        && let Some(Kind::Cors(e)) = reading.kind
    {
        let followed = findings.iter().any(|f| {
            f.line > primary_line
                && f.kind == Some(Kind::NetworkError)
                && f.browser == Some(Browser::Firefox)
                && f.url == reading.url
                && f.status.is_none()
        });
        if followed {
            let pe = e.on_preflight();
            reading.kind = Some(Kind::Cors(pe));
            reading.preflight = Some(true);
        } else if !e.is_preflight() {
            reading.preflight = Some(false);
        }
    }

    // Safari: the "cannot load" line names the URL and the API.
    if let Some(c) = cannot_load
        .iter()
        .find(|c| c.line >= primary_line)
        .or_else(|| cannot_load.first())
    {
        if reading.url.is_none() {
            reading.url = Some(c.url.clone());
        }
        if reading.initiator.is_none() {
            reading.initiator = c.initiator;
        }
        if reading.browser.is_none() {
            reading.browser = Some(Browser::Safari);
        }
        if reading.location.is_some() && reading.redirected_from.is_none() {
            // "Cross-origin redirection to B denied": the request started at the loaded URL.
            reading.redirected_from = Some(c.url.clone());
            reading.url.clone_from(&reading.location);
        }
        reading.evidence.push(Evidence {
            line: c.line,
            what: "Safari: cannot load … due to access control checks".to_owned(),
        });
    }

    // The request line with the same URL carries the status (and the method).
    let same_url = |r: &RequestLine| {
        let u = Some(&r.url);
        u == reading.url.as_ref() || u == reading.redirected_from.as_ref()
    };
    let chosen = requests.iter().filter(|r| same_url(r)).collect::<Vec<_>>();
    let chosen = if chosen.is_empty() && reading.url.is_none() {
        let single = requests
            .first()
            .is_some_and(|first| requests.iter().all(|r| r.url == first.url));
        if single {
            requests.iter().collect()
        } else {
            Vec::new()
        }
    } else {
        chosen
    };
    for r in chosen {
        if r.method == "OPTIONS" {
            // A reason that cannot name the stage (WebKit's "Origin … is not allowed", a
            // reason cut off) and the OPTIONS request's failing status: the preflight failed
            // with that status.
            if reading.preflight.is_none()
                && r.status.is_some_and(|s| !(200..300).contains(&s))
                && matches!(
                    reading.kind,
                    Some(Kind::OriginNotAllowed | Kind::AccessControlChecks)
                )
            {
                reading.preflight = Some(true);
                reading.status = reading.status.or(r.status);
            }
            // A reason that does not say which response failed, and the OPTIONS request's
            // failing status: the preflight failed.
            if reading.preflight.is_none()
                && r.status.is_some_and(|s| !(200..300).contains(&s))
                && let Some(Kind::Cors(e)) = reading.kind
                && !e.is_preflight()
                && e.on_preflight() != e
            {
                reading.kind = Some(Kind::Cors(e.on_preflight()));
                reading.preflight = Some(true);
                reading.status = reading.status.or(r.status);
            }
            if reading.preflight != Some(false) {
                if reading.status.is_none() && reading.preflight == Some(true) {
                    reading.status = r.status;
                }
                if reading.kind.is_none() {
                    reading.preflight = Some(true);
                    reading.status = r.status;
                }
            }
        } else {
            if reading.method.is_none() {
                reading.method = Some(r.method.clone());
            }
            if reading.status.is_none() && reading.preflight != Some(true) {
                reading.status = r.status;
            }
        }
        if reading.url.is_none() {
            reading.url = Some(r.url.clone());
        }
        if reading.browser.is_none() {
            reading.browser = Some(Browser::Chrome);
        }
        reading.evidence.push(Evidence {
            line: r.line,
            what: format!(
                "request line: {} {}{}",
                r.method,
                r.url,
                r.status.map_or_else(String::new, |s| format!(" → {s}"))
            ),
        });
    }
    if reading.status.is_none()
        && reading.preflight != Some(true)
        && let [(line, s)] = resource_status.as_slice()
    {
        reading.status = Some(*s);
        reading.evidence.push(Evidence {
            line: *line,
            what: format!("Failed to load resource: status {s}"),
        });
    }
    // Nothing but an HTTP error: a request line with a 4xx/5xx status and no `net::ERR_…`
    // (the page got the response; no browser check failed), or WebKit's "Failed to load
    // resource: the server responded with a status of N". Not CORS.
    if reading.kind.is_none() {
        let error_line = requests
            .iter()
            .find(|r| !r.net && r.status.is_some_and(|s| s >= 400));
        if let Some(r) = error_line {
            reading.kind = Some(Kind::HttpError);
            reading.status = r.status;
            reading.url = Some(r.url.clone());
            reading.method = Some(r.method.clone()).filter(|m| m != "OPTIONS");
            reading.preflight = Some(r.method == "OPTIONS");
            reading.wording = Some("devtools/request-status".to_owned());
        } else if let Some(r) = requests.iter().find(|r| r.failed) {
            // Only Chromium's failed-request line with the generic `net::ERR_FAILED` (a
            // specific `net::ERR_…` is read as its own look-alike): the request failed after
            // the browser got an answer, which is what a CORS block prints next to its red
            // line. A CORS failure whose reason the text lacks.
            reading.kind = Some(Kind::AccessControlChecks);
            reading.status = r.status;
            reading.url = Some(r.url.clone());
            if r.method == "OPTIONS" {
                reading.preflight = Some(true);
            } else {
                reading.method = Some(r.method.clone());
            }
            reading.wording = Some("devtools/request-failed".to_owned());
        } else if let [(line, s)] = resource_status.as_slice()
            && *s >= 400
        {
            reading.kind = Some(Kind::HttpError);
            reading.status = Some(*s);
            reading.wording = Some("webkit/resource-status".to_owned());
            reading.evidence.push(Evidence {
                line: *line,
                what: format!("Failed to load resource: status {s}"),
            });
        }
    }
    if reading.browser.is_none() {
        reading.browser = browser_hint;
    }
    if reading.initiator.is_none() && xhr_hint {
        reading.initiator = Some(Initiator::XmlHttpRequest);
    }
    if reading.method.is_none()
        && let Some(Kind::Cors(CorsError::MethodDisallowedByPreflightResponse)) = reading.kind
    {
        reading.method.clone_from(&reading.parameter);
    }
    reading.evidence.sort_by_key(|e| e.line);
    reading.evidence.dedup();
    reading.evidence.truncate(MAX_EVIDENCE);
    // URLs and origins: a line break inside is a wrap; "…", "xxx" or "<url>" is no value.
    for v in [
        &mut reading.url,
        &mut reading.origin,
        &mut reading.redirected_from,
        &mut reading.location,
    ] {
        if let Some(s) = v.take() {
            let s = if s.contains(char::is_whitespace) {
                tolerant::clean_url_text(&s)
            } else {
                s
            };
            if !tolerant::is_placeholder(&s) {
                *v = Some(s);
            }
        }
    }
    reading.missing = missing(&reading);
    reading
}

/// What the reading lacks, in the order a diagnosis needs it.
fn missing(r: &Reading) -> Vec<Missing> {
    let mut m = Vec::new();
    if matches!(
        r.kind,
        None | Some(Kind::AccessControlChecks | Kind::FetchFailed)
    ) {
        m.push(Missing::Reason);
    }
    if r.browser.is_none() {
        m.push(Missing::Browser);
    }
    if r.url.is_none() {
        m.push(Missing::Url);
    }
    if r.origin.is_none() {
        m.push(Missing::Origin);
    }
    if r.status.is_none() {
        m.push(Missing::Status);
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::encode_hint;

    #[test]
    fn hints_decode_back() {
        for s in ["abc", "a\u{e9}\n", "\u{1F600}x", "'quoted' \\ back", ""] {
            assert_eq!(decode_hint(&encode_hint(s)), s);
        }
        assert_eq!(decode_hint("\\uD83D"), "\\uD83D");
        assert_eq!(decode_hint("\\u12"), "\\u12");
    }

    #[test]
    fn statuses_are_three_digits() {
        assert_eq!(leading_status("401 (Unauthorized)"), Some(401));
        assert_eq!(leading_status("4012"), None);
        assert_eq!(leading_status("099"), None);
        assert_eq!(leading_status("(null)."), None);
    }

    #[test]
    fn request_lines() {
        let r = request_line(
            "xhr.js:247  POST http://localhost:8000/api net::ERR_FAILED 500 (Internal Server Error)",
        )
        .unwrap();
        assert_eq!((r.method.as_str(), r.status), ("POST", Some(500)));
        assert_eq!(
            request_line("POST https://api.my-app.tld/ 413")
                .unwrap()
                .status,
            Some(413)
        );
        assert_eq!(
            request_line("GET https://x.example/ net::ERR_FAILED")
                .unwrap()
                .status,
            None
        );
        assert!(request_line("please GET me out").is_none());
    }

    /// The families added for the held-out pastes (issue #13), each from its source's own
    /// text with example values filled in (the sources are named at each branch of
    /// `lookalike`).
    #[test]
    fn lookalike_families_read_from_their_sources() {
        let kind = |t: &str| parse(t).unwrap().kind;
        // WebKit `ContentSecurityPolicy::consoleMessageForViolation`, both forms.
        let r = parse("Refused to load https://cdn.example/f.woff2 because it does not appear in the font-src directive of the Content Security Policy.").unwrap();
        assert_eq!(r.kind, Some(Kind::ContentSecurityPolicy));
        assert_eq!(r.url.as_deref(), Some("https://cdn.example/f.woff2"));
        assert_eq!(r.parameter.as_deref(), Some("font-src"));
        assert_eq!(
            kind(
                "Refused to load blob:https://a.example/1 because it appears in neither the worker-src directive nor the default-src directive of the Content Security Policy."
            ),
            Some(Kind::ContentSecurityPolicy)
        );
        // Blink: the page's own frame-src, as against an ancestor's frame-ancestors.
        assert_eq!(
            kind(
                "Refused to frame 'https://b.example/' because it violates the following Content Security Policy directive: \"frame-src 'self'\"."
            ),
            Some(Kind::ContentSecurityPolicy)
        );
        assert_eq!(
            kind(
                "Refused to frame 'https://b.example/' because an ancestor violates the following Content Security Policy directive: \"frame-ancestors 'none'\"."
            ),
            Some(Kind::FrameRefused)
        );
        // Gecko `nsDSURIContentListener`, the three X-Frame-Options values.
        for t in [
            "Load denied by X-Frame-Options: https://b.example/ does not permit framing.",
            "Load denied by X-Frame-Options: https://b.example/ does not permit cross-origin framing.",
            "Load denied by X-Frame-Options: https://b.example/ does not permit framing by https://a.example/.",
        ] {
            assert_eq!(kind(t), Some(Kind::FrameRefused), "{t}");
        }
        // Gecko's user font set: NS_ERROR_DOM_BAD_URI.
        let r = parse("downloadable font: download failed (font-family: \"Icons\" style:normal weight:400 stretch:100 src index:1): bad URI or cross-site access not allowed source: https://cdn.example/icons.woff?v=2").unwrap();
        assert_eq!(r.kind, Some(Kind::AccessControlChecks));
        assert_eq!(r.url.as_deref(), Some("https://cdn.example/icons.woff?v=2"));
        assert_eq!(r.resource.as_deref(), Some("font"));
        // Gecko `CheckLoadURIError`.
        assert_eq!(
            kind(
                "Security Error: Content at http://localhost:8000/ may not load or link to file:///C:/img/a.png."
            ),
            Some(Kind::LocalResource)
        );
        // Firefox's CSP reason in French, the older and the current form.
        for t in [
            "Content Security Policy: Les param\u{e8}tres de la page ont emp\u{ea}ch\u{e9} le chargement d\u{2019}une ressource \u{e0} inline (\u{ab} script-src \u{bb}).",
            "Content-Security-Policy : Les param\u{e8}tres de la page ont emp\u{ea}ch\u{e9} le chargement d\u{2019}une ressource (img-src) \u{e0} l\u{2019}adresse https://a.example/x.png car elle enfreint la directive suivante : \u{ab} img-src 'self' \u{bb}",
        ] {
            assert_eq!(kind(t), Some(Kind::ContentSecurityPolicy), "{t}");
        }
        // Blink `AbstractWorker::ResolveURL`.
        let r = parse("Uncaught SecurityError: Failed to construct 'Worker': Access to the script at 'blob:https://a.example/1234' is denied by the document's Content Security Policy.").unwrap();
        assert_eq!(r.kind, Some(Kind::ContentSecurityPolicy));
        assert_eq!(r.url.as_deref(), Some("blob:https://a.example/1234"));
        // Chromium's certificate interstitial and CFNetwork's Err-1202.
        for t in [
            "This server could not prove that it is api.example.com; its security certificate is from *.example.net. This may be caused by a misconfiguration or an attacker intercepting your connection.",
            "This server could not prove that it is api.example.com; its security certificate is not trusted by your computer's operating system.",
            "Failed to load resource: The certificate for this server is invalid. You might be connecting to a server that is pretending to be \u{201c}api.example.com\u{201d} which could put your confidential information at risk.",
        ] {
            assert_eq!(kind(t), Some(Kind::CertificateError), "{t}");
        }
        // The handshake's reason alone, in a text about a WebSocket; not elsewhere.
        let r = parse("WebSocket: connecting to wss://a.example/ws\nUnexpected response code: 400")
            .unwrap();
        assert_eq!((r.kind, r.status), (Some(Kind::WebSocket), Some(400)));
        assert_eq!(kind("Unexpected response code: 400"), None);
        // An error body quoting X-Frame-Options.
        assert_eq!(
            kind(r#"{"message":"Embedding content forbidden - X-Frame-Options: SAMEORIGIN"}"#),
            Some(Kind::FrameRefused)
        );
        // SharedArrayBuffer outside a cross-origin isolated page.
        for t in [
            "Uncaught ReferenceError: SharedArrayBuffer is not defined",
            "[Error] ReferenceError: Can't find variable: SharedArrayBuffer",
            "[Deprecation] SharedArrayBuffer will require cross-origin isolation as of M92, around July 2021. See https://developer.chrome.com/blog/enabling-shared-array-buffer/ for more details.",
        ] {
            assert_eq!(kind(t), Some(Kind::CrossOriginIsolation), "{t}");
        }
        // Blink `DOMWebSocket`.
        assert_eq!(
            kind("WebSocket is closed before the connection is established."),
            Some(Kind::WebSocket)
        );
        let r = parse("Error during WebSocket handshake: Unexpected response code: 403").unwrap();
        assert_eq!((r.kind, r.status), (Some(Kind::WebSocket), Some(403)));
        // `TargetPrincipalDoesNotMatch` with the second quote lost.
        assert_eq!(
            kind(
                "Failed to execute 'postMessage' on 'DOMWindow': The target origin provided ('https://b.example') does not match the recipient window's origin ('a_page)."
            ),
            Some(Kind::PostMessageOrigin)
        );
        // cors-anywhere's 400 body.
        let r =
            parse("Missing required request header. Must specify one of: origin,x-requested-with")
                .unwrap();
        assert_eq!((r.kind, r.status), (Some(Kind::HttpError), Some(400)));
        // Chromium's Direct Sockets without the Local Network Access permission.
        assert_eq!(
            kind("InvalidAccessError: Access to local network is blocked."),
            Some(Kind::Cors(CorsError::LocalNetworkAccessPermissionDenied))
        );
        // Blink `FetchManager`: the scheme sentence alone, any case.
        for t in [
            "URL scheme \"file\" is not supported.",
            "url scheme \"chrome-extension\" is not supported",
        ] {
            assert_eq!(
                kind(t),
                Some(Kind::Cors(CorsError::CorsDisabledScheme)),
                "{t}"
            );
        }
        // `SecurityError`'s default messages: the words around pick the reading.
        assert_eq!(
            kind("SecurityError: The operation is insecure."),
            Some(Kind::StorageBlocked)
        );
        assert_eq!(
            kind(
                "SecurityError: DOM Exception 18: An attempt was made to break through the security policy of the user agent."
            ),
            Some(Kind::StorageBlocked)
        );
        assert_eq!(
            kind(
                "Uncaught SecurityError: Failed to execute 'getImageData' on canvas: The operation is insecure."
            ),
            Some(Kind::CanvasTainted)
        );
        assert_eq!(
            kind(
                "SecurityError: Failed to read a named property 'document' from 'Window': An attempt was made to break through the security policy of the user agent."
            ),
            Some(Kind::CrossFrameAccess)
        );
        // Firefox's mixed display content, MIME warnings, older cross-frame messages, Blink's
        // cookie getter.
        assert_eq!(
            kind("Blocked loading mixed display content \u{201c}http://a.example/x.png\u{201d}"),
            Some(Kind::MixedContent)
        );
        let r = parse("The script from \u{201c}http://localhost:8000/app.js\u{201d} was loaded even though its MIME type (\u{201c}text/html\u{201d}) is not a valid JavaScript MIME type.").unwrap();
        assert_eq!(r.kind, Some(Kind::MimeType));
        assert_eq!(r.parameter.as_deref(), Some("text/html"));
        let r = parse("'text/plain' is not a valid JavaScript MIME type.").unwrap();
        assert_eq!(
            (r.kind, r.parameter.as_deref()),
            (Some(Kind::MimeType), Some("text/plain"))
        );
        assert_eq!(
            kind(
                "Unsafe JavaScript attempt to access frame with URL https://b.example/ from frame with URL https://a.example/. Domains, protocols and ports must match."
            ),
            Some(Kind::CrossFrameAccess)
        );
        assert_eq!(
            kind("Error: Permission denied to access property \"document\""),
            Some(Kind::CrossFrameAccess)
        );
        assert_eq!(
            kind(
                "Failed to read the 'cookie' property from 'Document': Access is denied for this document."
            ),
            Some(Kind::StorageBlocked)
        );
        // Firefox's interrupted connection, Safari's refused request.
        let r = parse(
            "The connection to wss://a.example/socket was interrupted while the page was loading.",
        )
        .unwrap();
        assert_eq!(
            (r.kind, r.url.as_deref()),
            (Some(Kind::WebSocket), Some("wss://a.example/socket"))
        );
        assert_eq!(
            kind(
                "The connection to https://a.example/events was interrupted while the page was loading."
            ),
            Some(Kind::NetworkError)
        );
        assert_eq!(
            kind("[Error] Not allowed to request resource"),
            Some(Kind::MixedContent)
        );
        // WebIDL's NotAllowedError message.
        assert_eq!(
            kind(
                "Unhandled Promise Rejection: NotAllowedError: The request is not allowed by the user agent or the platform in the current context, possibly because the user denied permission."
            ),
            Some(Kind::PermissionDenied)
        );
        // Firefox's Network-panel label cut or in the plural.
        assert_eq!(
            kind("CORS Missing Allow Headers"),
            Some(Kind::Cors(CorsError::HeaderDisallowedByPreflightResponse))
        );
    }

    #[test]
    fn too_large_input_is_refused() {
        let big = "x".repeat(MAX_INPUT_BYTES + 1);
        assert!(matches!(parse(&big), Err(ParseError::TooLarge { .. })));
        assert!(parse_bytes(big.as_bytes()).is_err());
    }
}
