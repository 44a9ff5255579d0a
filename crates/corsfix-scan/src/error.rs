//! Errors: the scanner could not do its job (bad input or configuration). A target that cannot
//! be reached is not an error of the scan: it is reported in that target's summary.

/// Why a scan could not be set up, or an input line could not be used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A target URL that cannot be scanned.
    #[error("invalid URL `{url}`: {reason}")]
    InvalidUrl {
        /// The URL as given.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A `-H 'Name: value'` argument that is not a valid header.
    #[error("invalid header `{header}`: {reason}")]
    InvalidHeader {
        /// The argument as given.
        header: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A `--resolve NAME=ADDR` rule that cannot be parsed.
    #[error(
        "invalid resolve rule `{rule}`: expected NAME=IP or NAME=IP:PORT (NAME may be `*` or `*.suffix`)"
    )]
    InvalidResolveRule {
        /// The rule as given.
        rule: String,
    },
    /// A CA certificate file that cannot be read or parsed.
    #[error("cannot load CA certificates from `{path}`: {reason}")]
    CaCertificates {
        /// The file.
        path: String,
        /// What went wrong.
        reason: String,
    },
    /// A TLS configuration problem.
    #[error("TLS setup failed: {0}")]
    Tls(String),
    /// An invalid option value.
    #[error("invalid option: {0}")]
    InvalidOption(String),
}
