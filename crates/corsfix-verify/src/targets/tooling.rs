//! Dev-server proxies (Vite, webpack-dev-server, Angular CLI, Create React App) and cloud runtimes/emulators (S3 via moto, Azure Blob via Azurite, Cloudflare Workers, Firebase, Netlify).

use super::Target;

/// This group's targets, in report order.
pub(crate) fn targets() -> Vec<Target> {
    Vec::new()
}
