//! What the scanner reports: checks, severities, evidence and findings.

use std::fmt;

use serde::Serialize;

/// How bad a finding is: the one scale of corsfix-diagnose's findings, used here as the
/// scanner grades it: **high** = an accepted, credentialed origin that any attacker can obtain;
/// **medium** = it needs a second condition (network attacker, a subdomain takeover, Safari-only
/// host characters), or an uncredentialed acceptance on a host that looks internal; **low** =
/// accepted without credentials on a public host, or a browser-refused but telling response;
/// **info** = facts about the CORS configuration.
pub use corsfix_diagnose::Severity;

/// The checks of the merged list (`docs/scan.md`, reference `scanners.md` §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Check {
    /// C0 baseline / CORS-aware.
    C0,
    /// C1 arbitrary origin reflection.
    C1,
    /// C2 reflection across schemes.
    C2,
    /// C3 `null` origin.
    C3,
    /// C4 prefix match (post-domain).
    C4,
    /// C5 prefix match without a dot.
    C5,
    /// C6 suffix match (pre-domain).
    C6,
    /// C7 suffix match over http.
    C7,
    /// C8 substring match.
    C8,
    /// C9 reverse substring.
    C9,
    /// C10 unescaped dot.
    C10,
    /// C11 special characters after the host.
    C11,
    /// C12 special characters as a label.
    C12,
    /// C13 third-party / sandbox / PaaS origins.
    C13,
    /// C14 any subdomain trusted.
    C14,
    /// C15 HTTP origin trusted by HTTPS.
    C15,
    /// C16 localhost / dev origins.
    C16,
    /// C17 preflight.
    C17,
    /// C18 allowed-origin discovery.
    C18,
    /// C19 port not checked.
    C19,
    /// C20 wildcard.
    C20,
    /// C21 wildcard with credentials.
    C21,
    /// C22 invalid ACAO / ACAC.
    C22,
    /// C23 dynamic ACAO without `Vary: Origin`.
    C23,
    /// C24 static ACAO disclosure.
    C24,
}

impl Check {
    /// Every check, in order.
    pub const ALL: [Self; 25] = [
        Self::C0,
        Self::C1,
        Self::C2,
        Self::C3,
        Self::C4,
        Self::C5,
        Self::C6,
        Self::C7,
        Self::C8,
        Self::C9,
        Self::C10,
        Self::C11,
        Self::C12,
        Self::C13,
        Self::C14,
        Self::C15,
        Self::C16,
        Self::C17,
        Self::C18,
        Self::C19,
        Self::C20,
        Self::C21,
        Self::C22,
        Self::C23,
        Self::C24,
    ];

    /// `C0` … `C24`.
    pub fn id(self) -> &'static str {
        match self {
            Self::C0 => "C0",
            Self::C1 => "C1",
            Self::C2 => "C2",
            Self::C3 => "C3",
            Self::C4 => "C4",
            Self::C5 => "C5",
            Self::C6 => "C6",
            Self::C7 => "C7",
            Self::C8 => "C8",
            Self::C9 => "C9",
            Self::C10 => "C10",
            Self::C11 => "C11",
            Self::C12 => "C12",
            Self::C13 => "C13",
            Self::C14 => "C14",
            Self::C15 => "C15",
            Self::C16 => "C16",
            Self::C17 => "C17",
            Self::C18 => "C18",
            Self::C19 => "C19",
            Self::C20 => "C20",
            Self::C21 => "C21",
            Self::C22 => "C22",
            Self::C23 => "C23",
            Self::C24 => "C24",
        }
    }

    /// A short title.
    pub fn title(self) -> &'static str {
        match self {
            Self::C0 => "CORS-aware endpoint",
            Self::C1 => "arbitrary origin reflected",
            Self::C2 => "arbitrary http origin reflected by an https endpoint",
            Self::C3 => "null origin allowed",
            Self::C4 => "prefix match (origin starting with the host accepted)",
            Self::C5 => "prefix match without a dot boundary",
            Self::C6 => "suffix match (look-alike domain ending with the site accepted)",
            Self::C7 => "suffix match over http",
            Self::C8 => "substring match",
            Self::C9 => "reverse substring match (truncated domain accepted)",
            Self::C10 => "unescaped dot in an origin pattern",
            Self::C11 => "special character after the host accepted",
            Self::C12 => "special character label after the host accepted",
            Self::C13 => "third-party hosting origin trusted",
            Self::C14 => "any subdomain trusted",
            Self::C15 => "http origin trusted by an https endpoint",
            Self::C16 => "localhost / development origin trusted",
            Self::C17 => "arbitrary origin allowed by the preflight",
            Self::C18 => "trusted origin discovered",
            Self::C19 => "port not checked",
            Self::C20 => "wildcard origin",
            Self::C21 => "wildcard origin with credentials",
            Self::C22 => "invalid CORS response header",
            Self::C23 => "origin-dependent ACAO without Vary: Origin",
            Self::C24 => "static ACAO value disclosed",
        }
    }

    /// What an attacker can do when this check fires (for the readable summary and SARIF).
    pub fn attack(self) -> &'static str {
        match self {
            Self::C0 | Self::C18 | Self::C24 => {
                "nothing by itself; it tells which origins the endpoint trusts"
            }
            Self::C1 | Self::C17 => {
                "any web site can read this endpoint's responses (with the victim's cookies when credentials are allowed)"
            }
            Self::C2 => {
                "any plain-http page (e.g. injected on public Wi-Fi) can read this https endpoint"
            }
            Self::C3 => {
                "any site can read the endpoint from a sandboxed iframe or data: document, whose Origin is null"
            }
            Self::C4 | Self::C5 | Self::C6 | Self::C8 | Self::C9 | Self::C10 => {
                "an attacker registers a look-alike domain that the broken origin test accepts and reads the responses"
            }
            Self::C7 => "a look-alike plain-http origin is accepted: a network attacker can use it",
            Self::C11 | Self::C12 => {
                "an attacker serves a page from a host name with unusual characters that the origin parser cuts short"
            }
            Self::C13 => "anyone can publish script on that hosting service and read the endpoint",
            Self::C14 => {
                "an XSS or subdomain takeover on any subdomain lets the attacker read the endpoint"
            }
            Self::C15 => {
                "a network attacker who injects script into the plain-http origin can read the https endpoint"
            }
            Self::C16 => {
                "code running on the victim's own machine (a local dev server, malware) can read the endpoint"
            }
            Self::C19 => "a service on another port of the same host can read the endpoint",
            Self::C20 => {
                "any site can read responses fetched without credentials (a risk on intranets and IP-authenticated hosts)"
            }
            Self::C21 => {
                "browsers refuse `*` with credentials, but the intent to share credentials with everyone is a bug waiting to be 'fixed' by reflection"
            }
            Self::C22 => "browsers reject the response; a 'fix' may open the endpoint",
            Self::C23 => {
                "a cache can serve one origin's CORS answer to another (cache poisoning, broken pages)"
            }
        }
    }

    /// The `corsfix lint` rule (code `CORS0xx`) this check corresponds to, if one does.
    pub fn lint_rule(self, credentialed: bool) -> Option<corsfix_policy::Rule> {
        let code = match self {
            Self::C1 | Self::C2 | Self::C17 | Self::C13 if credentialed => "CORS002",
            Self::C1 | Self::C2 | Self::C17 | Self::C13 => "CORS021",
            Self::C3 => "CORS003",
            Self::C4
            | Self::C5
            | Self::C6
            | Self::C7
            | Self::C8
            | Self::C9
            | Self::C11
            | Self::C12
            | Self::C14
            | Self::C16
            | Self::C19 => {
                if credentialed {
                    "CORS005"
                } else {
                    "CORS021"
                }
            }
            Self::C10 => "CORS006",
            Self::C15 => "CORS004",
            Self::C21 => "CORS001",
            Self::C22 => "CORS010",
            Self::C23 => "CORS009",
            Self::C0 | Self::C18 | Self::C20 | Self::C24 => return None,
        };
        corsfix_policy::Rule::find(code)
    }
}

impl fmt::Display for Check {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl Serialize for Check {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

/// The CORS headers and status of one response: always the response to the finding's own probe.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// HTTP status code.
    pub status: u16,
    /// `Access-Control-Allow-Origin`, every value in order (several = invalid).
    pub acao: Vec<String>,
    /// `Access-Control-Allow-Credentials`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub acac: Option<String>,
    /// `Vary`, all values joined with `, `.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vary: Option<String>,
    /// `Access-Control-Allow-Methods`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub acam: Option<String>,
    /// `Access-Control-Allow-Headers`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub acah: Option<String>,
    /// `Location` of a redirect (never followed for the verdict).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// `Strict-Transport-Security` (a mitigating fact for C15).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hsts: Option<String>,
}

impl Evidence {
    /// The single ACAO value, when there is exactly one header.
    pub fn acao_single(&self) -> Option<&str> {
        match self.acao.as_slice() {
            [one] => Some(one.as_str()),
            _ => None,
        }
    }

    /// Credentials allowed: ACAC is exactly `true` (the model's
    /// [`is_valid_allow_credentials`](corsfix_model::cors::is_valid_allow_credentials)).
    pub fn credentials_exact(&self) -> bool {
        corsfix_model::cors::is_valid_allow_credentials(self.acac.as_deref())
    }

    /// Any CORS answer at all (ACAO, ACAC, ACAM, ACAH) or `Vary` naming `Origin`.
    pub fn has_cors_signal(&self) -> bool {
        !self.acao.is_empty()
            || self.acac.is_some()
            || self.acam.is_some()
            || self.acah.is_some()
            || self.varies_on_origin()
    }

    /// `Vary` names `Origin` (or is `*`): the model's
    /// [`vary_names_origin`](corsfix_model::cors::vary_names_origin).
    pub fn varies_on_origin(&self) -> bool {
        self.vary
            .as_deref()
            .is_some_and(corsfix_model::cors::vary_names_origin)
    }

    /// Whether a page at `origin` may read this response (without credentials) because the
    /// server names that origin itself, judged by the model's
    /// [CORS check](corsfix_model::cors::cors_check); `*` is not an acceptance of the origin.
    pub fn accepts(&self, origin: &str) -> bool {
        let acao = (!self.acao.is_empty()).then(|| self.acao.join(", "));
        acao.as_deref().is_some_and(|v| v != "*")
            && corsfix_model::cors::cors_check(acao.as_deref(), self.acac.as_deref(), origin, false)
                .is_ok()
    }
}

/// One finding: one accepted (or telling) probe of one URL, with its own evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The scanned URL, as given.
    pub url: String,
    /// `C0` … `C24`.
    pub check: Check,
    /// The check's title.
    pub title: &'static str,
    /// high / medium / low / info.
    pub severity: Severity,
    /// Why this severity.
    pub reason: String,
    /// The exact `Origin` sent (absent for a probe without one).
    pub origin: Option<String>,
    /// `GET`, or `OPTIONS` for a preflight.
    pub method: &'static str,
    /// `"C18"` when the origin is a mutation of a discovered trusted origin.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub via: Option<&'static str>,
    /// The discovered trusted origin that was mutated (with `via`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base_origin: Option<String>,
    /// The browser would let the page read responses *with* cookies.
    pub credentials: bool,
    /// The response to this probe.
    pub evidence: Evidence,
    /// The `corsfix lint` rule code this corresponds to (`CORS002`…), when one does.
    pub rule: Option<&'static str>,
    /// That rule's name (`reflected-origin-with-credentials`…).
    pub rule_name: Option<&'static str>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_check_with_a_lint_rule_names_an_existing_one() {
        for c in Check::ALL {
            let none = matches!(c, Check::C0 | Check::C18 | Check::C20 | Check::C24);
            for creds in [false, true] {
                assert_eq!(c.lint_rule(creds).is_none(), none, "{c} {creds}");
            }
        }
        assert_eq!(Check::C1.lint_rule(true).unwrap().code(), "CORS002");
        assert_eq!(
            Check::C3.lint_rule(true).unwrap().name(),
            "null-origin-allowed"
        );
    }
}
