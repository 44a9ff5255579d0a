//! # corsfix-model
//!
//! What a browser does with a cross-origin request, as a pure function: the
//! [WHATWG Fetch](https://fetch.spec.whatwg.org/) CORS rules as Chromium 156 ships them, with
//! Firefox 153's and WebKit 2.50's differences, and each engine's console lines to the
//! character. No I/O, no async.
//!
//! ```
//! use corsfix_model::{Browser, Case, simulate};
//!
//! let case: Case = serde_json::from_str(r#"{
//!     "origin": "https://app.example.com",
//!     "url": "https://api.example.com/items",
//!     "request": {"method": "PUT", "headers": {"Content-Type": "application/json"}},
//!     "preflight": {"status": 204, "headers": [["Access-Control-Allow-Origin", "https://app.example.com"]]}
//! }"#).unwrap();
//! let verdict = simulate(&case, Browser::Chrome);
//! assert!(!verdict.allowed);
//! assert_eq!(verdict.failure.unwrap().kind_name(), "MethodDisallowedByPreflightResponse");
//! ```
//!
//! Follows Fetch as of 2026 (whatwg/fetch 586cd2a) and Chromium's `services/network/cors`.

pub mod case;
pub mod cors;
pub mod error;
pub mod exchange;
pub mod har;
pub mod headers;
pub mod lna;
pub mod max_age;
pub mod messages;
pub mod method;
pub mod origin;
pub mod parse;
pub mod simulate;

use serde::{Deserialize, Serialize};

pub use case::{
    Case, CaseResult, Credentials, ErrorResult, Hop, Messages, Mode, PreflightResult, RedirectMode,
    RequestSpec, ResponseResult, ResponseSpec,
};
pub use error::{ALL_CORS_ERRORS, CorsError, Initiator, MessageContext};
pub use exchange::AddressSpace;
pub use lna::{AddressSpaces, Frame, LnaPermission};
pub use messages::{FirefoxReason, SafariReason};
pub use origin::{Origin, ParseOriginError};
pub use simulate::{Failure, Reason, Response, Stage, Step, Verdict, simulate, simulate_untraced};

/// A browser engine, named for the browser people paste from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Browser {
    /// Chromium (Chrome, Edge, Brave, Opera): the reference engine.
    Chrome,
    /// Firefox (Gecko).
    Firefox,
    /// Safari (WebKit).
    Safari,
}

impl Browser {
    /// The three engines.
    pub const ALL: [Self; 3] = [Self::Chrome, Self::Firefox, Self::Safari];

    /// The engine and version whose behaviour the model reproduces (checked against recordings
    /// of these engines: `docs/model-notes.md`), for pages that say which browser does what.
    pub fn modelled_version(self) -> &'static str {
        match self {
            Self::Chrome => "Chrome 156",
            Self::Firefox => "Firefox 153",
            Self::Safari => "Safari (WebKit 2.50)",
        }
    }

    /// The lower-case name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Chrome => "chrome",
            Self::Firefox => "firefox",
            Self::Safari => "safari",
        }
    }
}

/// All three engines' verdicts on one case.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Simulation {
    /// Chromium's.
    pub chrome: Verdict,
    /// Firefox's.
    pub firefox: Verdict,
    /// WebKit's.
    pub safari: Verdict,
}

impl Simulation {
    /// Run a case in every engine.
    pub fn run(case: &Case) -> Self {
        Self {
            chrome: simulate(case, Browser::Chrome),
            firefox: simulate(case, Browser::Firefox),
            safari: simulate(case, Browser::Safari),
        }
    }

    /// One engine's verdict.
    pub fn get(&self, browser: Browser) -> &Verdict {
        match browser {
            Browser::Chrome => &self.chrome,
            Browser::Firefox => &self.firefox,
            Browser::Safari => &self.safari,
        }
    }

    /// The result format of `simulate --json`, from `browser`'s point of view (the verdict and
    /// kind are that engine's; `messages` always holds every engine's first line).
    pub fn result(&self, id: Option<serde_json::Value>, browser: Browser) -> CaseResult {
        let v = self.get(browser);
        let first = |v: &Verdict| {
            v.failure
                .as_ref()
                .and_then(|f| f.first_line())
                .map(str::to_owned)
        };
        let error = v.failure.as_ref().map(|f| ErrorResult {
            kind: f.kind_name().to_owned(),
            messages: Messages {
                chrome: first(&self.chrome),
                firefox: first(&self.firefox),
                safari: first(&self.safari),
            },
        });
        CaseResult {
            id,
            allowed: v.allowed,
            preflight: PreflightResult {
                sent: v.preflight_sent,
                request_headers: v.preflight_request_headers.clone(),
            },
            actual_sent: v.actual_sent,
            error,
            response: v.response.as_ref().map(|r| ResponseResult {
                status: r.status,
                kind: r.kind.to_owned(),
                readable_headers: r.readable_headers.clone(),
            }),
        }
    }
}
