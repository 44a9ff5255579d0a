//! [Local Network Access](https://wicg.github.io/local-network-access/) (LNA): which requests
//! from a page to a more private address (this machine, the local network) a browser lets
//! through, one rule per function.
//!
//! What each engine ships, as measured by `crates/corsfix-difftest` (`tests/lna.rs`) and
//! written down in `docs/model-notes.md`:
//!
//! - **Chromium 156** (LNA on by default since Chrome 142): a request from a `public` page to a
//!   `local` or `loopback` address needs the user's permission, asked once per site. The
//!   permission is split: `loopback-network` for this machine, `local-network` for the LAN.
//!   A page that is not a secure context is refused outright; a `targetAddressSpace` that the
//!   server does not match is refused; the CORS checks still run once the permission is given.
//!   The old Private Network Access preflight (`Access-Control-Request-Private-Network`) is
//!   gone: nothing about it is sent or read.
//! - **Firefox 153** (ESR, `network.lna.blocking` on): the same gate (public → local or
//!   loopback) with the same two permission names, also for pages that are not a secure
//!   context; `targetAddressSpace` is ignored. While the prompt is open the request waits; when
//!   the answer is no, the request fails as a network error
//!   (`CORS request did not succeed). Status code: (null).`).
//! - **WebKit / Safari**: no Local Network Access; the request goes out as any other.

use serde::{Deserialize, Serialize};
use url::Url;

use crate::Browser;
pub use crate::exchange::AddressSpace;
use crate::exchange::ip_address_space;
use crate::origin::is_potentially_trustworthy_url;

/// Chromium's checker: the order of the rules below.
pub const CHROMIUM_CHECKER: &str = "https://source.chromium.org/chromium/chromium/src/+/main:services/network/local_network_access_checker.cc";
/// The spec draft's fetch integration.
pub const SPEC_FETCH: &str = "https://wicg.github.io/local-network-access/#integration-fetch";
/// The spec draft's address-space ordering.
pub const SPEC_ADDRESS_SPACE: &str =
    "https://wicg.github.io/local-network-access/#ip-address-space-heading";
/// The spec draft's permission.
pub const SPEC_PERMISSION: &str = "https://wicg.github.io/local-network-access/#permissions";
/// Chromium's mixed-content exemption for local-network requests.
pub const CHROMIUM_MIXED_CONTENT: &str = "https://source.chromium.org/chromium/chromium/src/+/main:third_party/blink/renderer/core/loader/mixed_content_checker.cc";

/// The user's answer to the Local Network Access prompt (case format `lna_permission`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LnaPermission {
    /// Allowed (for both this machine and the local network).
    Granted,
    /// Blocked, dismissed, or never answered: what a headless browser, an embedded frame
    /// without the `allow` attribute and a user who clicks "Block" all get.
    #[default]
    Denied,
}

/// The script runs in an iframe (case format `address_space.frame`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Frame {
    /// The top-level page's origin: its permission is the one asked for (and its secure
    /// context counts).
    pub top: String,
    /// The iframe's `allow` attribute, as written (`local-network-access`,
    /// `loopback-network; local-network`, …). Absent: none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allow: Option<String>,
}

/// Where the page and the request's target are (case format `address_space`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AddressSpaces {
    /// The address space of the page that runs the script (the iframe's own, in a frame).
    pub page: AddressSpace,
    /// The address space of the case's URL; a redirect hop may name its own (`next.target`),
    /// else it keeps the previous hop's.
    pub target: AddressSpace,
    /// The script runs in an iframe.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frame: Option<Frame>,
}

/// Whether a request from a page in `client` to `resource` is a Local Network Access request:
/// LNA only gates a `public` page reaching `local` or `loopback`; `local` → `loopback` (and
/// the reverse) is not gated in Chromium 156 or Firefox 153.
///
/// Chromium: `IsLessPublicAddressSpaceLNA` in
/// [`ip_address_space_util.cc`](https://source.chromium.org/chromium/chromium/src/+/main:services/network/public/cpp/ip_address_space_util.cc);
/// spec draft: [address spaces](https://wicg.github.io/local-network-access/#ip-address-space-heading).
pub fn is_less_public(resource: AddressSpace, client: AddressSpace) -> bool {
    client == AddressSpace::Public && resource != AddressSpace::Public
}

/// The permission a request to `resource` needs, by the name the Permissions API and
/// Permissions Policy use: `loopback-network` for this machine, `local-network` for the local
/// network (Chromium 156 and Firefox 153 split the older `local-network-access`).
///
/// Measured: granting only `loopbackNetwork` (DevTools protocol) lets a public page reach a
/// loopback server and not a local one, and the reverse for `localNetwork`
/// (`docs/model-notes.md`, Local Network Access).
pub fn required_permission(resource: AddressSpace) -> Option<&'static str> {
    match resource {
        AddressSpace::Loopback => Some("loopback-network"),
        AddressSpace::Local => Some("local-network"),
        AddressSpace::Public => None,
    }
}

/// Whether a document of `origin` (embedded in `top`, if in a frame) is a
/// [secure context](https://w3c.github.io/webappsec-secure-contexts/#is-origin-trustworthy):
/// its origin and the top-level origin are potentially trustworthy (`https:`, or a loopback
/// host such as `127.0.0.1` or `localhost`).
pub fn is_secure_context(origin: &str, top: Option<&str>) -> bool {
    let trustworthy = |o: &str| Url::parse(o).is_ok_and(|u| is_potentially_trustworthy_url(&u));
    trustworthy(origin) && top.is_none_or(trustworthy)
}

/// Whether the Permissions Policy lets a document of `origin` in `frame` use `permission`
/// (`loopback-network` or `local-network`): always outside a frame and in a frame that is
/// same-origin with the top page (default allowlist `'self'`); in a cross-origin frame only
/// when its `allow` attribute names the feature, or (Chromium 156 only) the older
/// `local-network-access`, which Chromium still accepts for both; Firefox 153 does not. A
/// frame that may not use the permission is denied without a prompt.
///
/// Chromium: the `loopback-network`, `local-network` and `local-network-access` features in
/// [`permissions_policy_features.json5`](https://source.chromium.org/chromium/chromium/src/+/main:services/network/public/cpp/permissions_policy/permissions_policy_features.json5);
/// measured in Chromium 156 and Firefox 153 with the permission granted to the top page
/// (`docs/model-notes.md`).
pub fn frame_may_use(
    browser: Browser,
    frame: Option<&Frame>,
    origin: &str,
    permission: &str,
) -> bool {
    let Some(frame) = frame else {
        return true;
    };
    if frame.top == origin {
        return true;
    }
    let Some(allow) = frame.allow.as_deref() else {
        return false;
    };
    allow.split(';').any(|directive| {
        let mut words = directive.split_ascii_whitespace();
        let Some(feature) = words.next() else {
            return false;
        };
        let legacy = browser == Browser::Chrome && feature == "local-network-access";
        if feature != permission && !legacy {
            return false;
        }
        // No allowlist means `'src'`: the frame's own origin.
        let list: Vec<&str> = words.collect();
        list.is_empty()
            || list
                .iter()
                .any(|w| matches!(*w, "*" | "'src'") || *w == origin)
    })
}

/// Why Local Network Access refused a connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "rule", rename_all = "kebab-case")]
pub enum LnaBlock {
    /// The script declared `targetAddressSpace` and the server is in another space
    /// (Chromium `kInvalidLocalNetworkAccess`).
    TargetMismatch {
        /// What the script declared.
        declared: AddressSpace,
        /// Where the server is.
        resource: AddressSpace,
    },
    /// A page that is not a secure context reached a more private space (Chromium
    /// `kInsecureLocalNetwork`).
    InsecureContext {
        /// Where the server is.
        resource: AddressSpace,
    },
    /// The permission was not given (Chromium `kLocalNetworkAccessPermissionDenied`; Firefox
    /// `NS_ERROR_LOCAL_NETWORK_ACCESS_DENIED`).
    PermissionDenied {
        /// Where the server is.
        resource: AddressSpace,
        /// The permission that was missing.
        permission: &'static str,
    },
}

/// Why Local Network Access let a connection through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LnaPass {
    /// The browser has no Local Network Access (WebKit).
    NotShipped,
    /// A potentially trustworthy URL of the page's own origin.
    SameOrigin,
    /// The server is not in a more private space than the page.
    NotMorePrivate,
    /// The user granted the permission.
    PermissionGranted,
}

/// What Local Network Access looks at for one connection.
#[derive(Debug, Clone, Copy)]
pub struct LnaRequest<'a> {
    /// The page's origin (serialized).
    pub origin: &'a str,
    /// The page's address space.
    pub client: AddressSpace,
    /// Whether the page is a secure context ([`is_secure_context`]).
    pub secure: bool,
    /// The iframe the script runs in, if any.
    pub frame: Option<&'a Frame>,
    /// The URL the connection is for.
    pub url: &'a Url,
    /// Where the server is.
    pub resource: AddressSpace,
    /// The `targetAddressSpace` the script declared (it stays for every redirect hop).
    pub declared: Option<AddressSpace>,
    /// The user's answer.
    pub permission: LnaPermission,
}

/// The Local Network Access check on one connection (a preflight or a request, every redirect
/// hop), in Chromium's order: a potentially trustworthy same-origin URL passes; a declared
/// `targetAddressSpace` the server does not match fails; a server no more private than the
/// page passes ([`is_less_public`]); a page that is not a secure context fails; then the
/// permission ([`required_permission`], through the frame's policy, [`frame_may_use`])
/// decides. Firefox 153 has no secure-context rule and ignores `targetAddressSpace`; WebKit
/// has no check at all.
///
/// Chromium: `LocalNetworkAccessChecker::CheckAddressSpace` in
/// [`local_network_access_checker.cc`](https://source.chromium.org/chromium/chromium/src/+/main:services/network/local_network_access_checker.cc);
/// spec draft: [fetch integration](https://wicg.github.io/local-network-access/#integration-fetch).
pub fn local_network_access_check(
    browser: Browser,
    req: &LnaRequest<'_>,
) -> Result<LnaPass, LnaBlock> {
    if browser == Browser::Safari {
        return Ok(LnaPass::NotShipped);
    }
    if is_potentially_trustworthy_url(req.url)
        && crate::Origin::parse(req.origin).is_ok_and(|o| o.same_origin_url(req.url))
    {
        return Ok(LnaPass::SameOrigin);
    }
    if browser == Browser::Chrome
        && let Some(declared) = req.declared
        && declared != req.resource
    {
        return Err(LnaBlock::TargetMismatch {
            declared,
            resource: req.resource,
        });
    }
    if !is_less_public(req.resource, req.client) {
        return Ok(LnaPass::NotMorePrivate);
    }
    if browser == Browser::Chrome && !req.secure {
        return Err(LnaBlock::InsecureContext {
            resource: req.resource,
        });
    }
    let permission = required_permission(req.resource).unwrap_or("local-network");
    if req.permission == LnaPermission::Granted
        && frame_may_use(browser, req.frame, req.origin, permission)
    {
        Ok(LnaPass::PermissionGranted)
    } else {
        Err(LnaBlock::PermissionDenied {
            resource: req.resource,
            permission,
        })
    }
}

/// What mixed-content blocking does with a request from an `https:` page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MixedContent {
    /// Not mixed content (an `http:` page, or a potentially trustworthy URL).
    NotMixed,
    /// Mixed content let through as a Local Network Access request, with a console warning.
    Exempt,
    /// Blocked before it is sent.
    Blocked,
}

/// Whether `url` names a local-network host by itself: a private IP literal (the `local`
/// address space, e.g. `10.0.0.5`, `192.168.1.1`) or a `.local` name.
pub fn is_local_network_host(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(v4)) => ip_address_space(v4.into()) == AddressSpace::Local,
        Some(url::Host::Ipv6(v6)) => ip_address_space(v6.into()) == AddressSpace::Local,
        Some(url::Host::Domain(d)) => d
            .trim_end_matches('.')
            .to_ascii_lowercase()
            .ends_with(".local"),
        None => false,
    }
}

/// Mixed content for a request to `url` from a page of `origin`: an `https:` page may not
/// fetch an `http:` URL that is not potentially trustworthy
/// ([Mixed Content](https://w3c.github.io/webappsec-mixed-content/#should-block-fetch)).
/// Chromium 156 lets such a request through (with the warning
/// `… This content should also be served over HTTPS.`) as a Local Network Access request when
/// the script declared `targetAddressSpace: 'local'` or `'loopback'`, or when the URL's host
/// is a private IP literal or a `.local` name ([`is_local_network_host`]); the LNA check then
/// applies. Firefox and WebKit are modelled without that exemption (not measured).
///
/// Chromium: [`mixed_content_checker.cc`](https://source.chromium.org/chromium/chromium/src/+/main:third_party/blink/renderer/core/loader/mixed_content_checker.cc);
/// measured in Chromium 156 (`docs/model-notes.md`).
pub fn mixed_content(
    browser: Browser,
    origin: &str,
    url: &Url,
    declared: Option<AddressSpace>,
) -> MixedContent {
    if !origin.starts_with("https://") || is_potentially_trustworthy_url(url) {
        return MixedContent::NotMixed;
    }
    let lna_exempt = matches!(declared, Some(AddressSpace::Local | AddressSpace::Loopback))
        || is_local_network_host(url);
    if browser == Browser::Chrome && lna_exempt {
        MixedContent::Exempt
    } else {
        MixedContent::Blocked
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req<'a>(url: &'a Url, client: AddressSpace, resource: AddressSpace) -> LnaRequest<'a> {
        LnaRequest {
            origin: "https://app.example",
            client,
            secure: true,
            frame: None,
            url,
            resource,
            declared: None,
            permission: LnaPermission::Denied,
        }
    }

    #[test]
    fn only_public_pages_are_gated() {
        use AddressSpace::*;
        assert!(is_less_public(Loopback, Public));
        assert!(is_less_public(Local, Public));
        assert!(!is_less_public(Loopback, Local));
        assert!(!is_less_public(Local, Loopback));
        assert!(!is_less_public(Public, Public));
        assert!(!is_less_public(Public, Loopback));
    }

    #[test]
    fn the_checks_run_in_chromiums_order() {
        let url = Url::parse("http://127.0.0.1:8080/x").unwrap();
        let mut r = req(&url, AddressSpace::Public, AddressSpace::Loopback);
        assert_eq!(
            local_network_access_check(Browser::Chrome, &r),
            Err(LnaBlock::PermissionDenied {
                resource: AddressSpace::Loopback,
                permission: "loopback-network"
            })
        );
        r.permission = LnaPermission::Granted;
        assert_eq!(
            local_network_access_check(Browser::Chrome, &r),
            Ok(LnaPass::PermissionGranted)
        );
        // The declared space is checked first, even when nothing is more private.
        r.declared = Some(AddressSpace::Local);
        r.client = AddressSpace::Loopback;
        assert_eq!(
            local_network_access_check(Browser::Chrome, &r),
            Err(LnaBlock::TargetMismatch {
                declared: AddressSpace::Local,
                resource: AddressSpace::Loopback
            })
        );
        // Firefox ignores it.
        assert_eq!(
            local_network_access_check(Browser::Firefox, &r),
            Ok(LnaPass::NotMorePrivate)
        );
        r.declared = None;
        r.client = AddressSpace::Public;
        r.secure = false;
        assert_eq!(
            local_network_access_check(Browser::Chrome, &r),
            Err(LnaBlock::InsecureContext {
                resource: AddressSpace::Loopback
            })
        );
        assert_eq!(
            local_network_access_check(Browser::Firefox, &r),
            Ok(LnaPass::PermissionGranted)
        );
        assert_eq!(
            local_network_access_check(Browser::Safari, &r),
            Ok(LnaPass::NotShipped)
        );
    }

    #[test]
    fn frames_need_the_allow_attribute() {
        let top = "https://top.example";
        let f = |allow: Option<&str>| Frame {
            top: top.to_owned(),
            allow: allow.map(str::to_owned),
        };
        let o = "https://widget.example";
        assert!(frame_may_use(Browser::Chrome, None, o, "loopback-network"));
        assert!(frame_may_use(
            Browser::Chrome,
            Some(&f(None)),
            top,
            "loopback-network"
        ));
        assert!(!frame_may_use(
            Browser::Chrome,
            Some(&f(None)),
            o,
            "loopback-network"
        ));
        assert!(frame_may_use(
            Browser::Chrome,
            Some(&f(Some("local-network-access"))),
            o,
            "loopback-network"
        ));
        assert!(frame_may_use(
            Browser::Chrome,
            Some(&f(Some("camera; loopback-network"))),
            o,
            "loopback-network"
        ));
        assert!(!frame_may_use(
            Browser::Chrome,
            Some(&f(Some("local-network"))),
            o,
            "loopback-network"
        ));
        assert!(!frame_may_use(
            Browser::Firefox,
            Some(&f(Some("local-network-access"))),
            o,
            "loopback-network"
        ));
        assert!(!frame_may_use(
            Browser::Chrome,
            Some(&f(Some("loopback-network 'none'"))),
            o,
            "loopback-network"
        ));
    }

    #[test]
    fn mixed_content_exempts_local_network_requests_in_chromium() {
        let u = |s: &str| Url::parse(s).unwrap();
        let page = "https://app.example";
        let m = |url: &str, d| mixed_content(Browser::Chrome, page, &u(url), d);
        assert_eq!(m("http://127.0.0.1:1/", None), MixedContent::NotMixed);
        assert_eq!(m("http://printer.lan/", None), MixedContent::Blocked);
        assert_eq!(
            m("http://printer.lan/", Some(AddressSpace::Local)),
            MixedContent::Exempt
        );
        assert_eq!(
            m("http://printer.lan/", Some(AddressSpace::Public)),
            MixedContent::Blocked
        );
        assert_eq!(m("http://192.168.1.9/", None), MixedContent::Exempt);
        assert_eq!(m("http://printer.local/", None), MixedContent::Exempt);
        assert_eq!(
            mixed_content(
                Browser::Firefox,
                page,
                &u("http://192.168.1.9/"),
                Some(AddressSpace::Local)
            ),
            MixedContent::Blocked
        );
        assert_eq!(
            mixed_content(Browser::Chrome, "http://app.example", &u("http://x/"), None),
            MixedContent::NotMixed
        );
    }

    #[test]
    fn secure_contexts() {
        assert!(is_secure_context("https://a.example", None));
        assert!(is_secure_context("http://127.0.0.1:8080", None));
        assert!(is_secure_context("http://localhost:3000", None));
        assert!(!is_secure_context("http://a.example", None));
        assert!(!is_secure_context(
            "https://a.example",
            Some("http://top.example")
        ));
    }
}
