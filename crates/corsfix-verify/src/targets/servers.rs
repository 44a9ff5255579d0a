//! Servers and proxies: Apache httpd, Caddy, HAProxy, Traefik, Envoy.

use super::Target;

/// This group's targets, in report order.
pub(crate) fn targets() -> Vec<Target> {
    Vec::new()
}
