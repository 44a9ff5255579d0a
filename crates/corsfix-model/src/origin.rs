//! Origins, as the browser serializes them ([HTML: origin](https://html.spec.whatwg.org/multipage/browsers.html#origin)).

use std::fmt;

use url::Url;

/// A web origin: a (scheme, host, port) tuple, or an opaque origin that serializes as `null`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Origin {
    /// An opaque origin (sandboxed iframe, `file:` page, a request tainted by a redirect).
    Opaque,
    /// A tuple origin, kept in its ASCII serialization (`https://app.example.com:8443`).
    Tuple(String),
}

/// Why a string is not a serialized origin.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ParseOriginError {
    /// The text does not parse as an absolute URL.
    #[error("`{0}` is not an origin: it needs a scheme and a host, like `https://app.example.com`")]
    NotAUrl(String),
    /// The URL has a path, query or fragment.
    #[error("`{0}` is not an origin: an origin has no path, query or fragment (write `{1}`)")]
    HasPath(String, String),
    /// The URL has a user name or password.
    #[error("`{0}` is not an origin: it contains a user name or password")]
    HasCredentials(String),
    /// The scheme has no tuple origin (`file:`, `data:`, …).
    #[error(
        "`{0}` has no tuple origin (only http, https and similar schemes have one); use `null` for an opaque origin"
    )]
    NoTupleOrigin(String),
}

impl Origin {
    /// Parse a serialized origin: `null`, or `scheme://host[:port]` (a single trailing slash is
    /// tolerated). The result is in the browser's serialization: lower-case scheme and host,
    /// no default port.
    pub fn parse(text: &str) -> Result<Self, ParseOriginError> {
        if text == "null" {
            return Ok(Self::Opaque);
        }
        let url = Url::parse(text).map_err(|_| ParseOriginError::NotAUrl(text.to_owned()))?;
        if !url.username().is_empty() || url.password().is_some() {
            return Err(ParseOriginError::HasCredentials(text.to_owned()));
        }
        let origin = url.origin();
        if !origin.is_tuple() {
            return Err(ParseOriginError::NoTupleOrigin(text.to_owned()));
        }
        let serialized = origin.ascii_serialization();
        let has_extra = url.query().is_some()
            || url.fragment().is_some()
            || !(url.path() == "/" || url.path().is_empty());
        if has_extra {
            return Err(ParseOriginError::HasPath(text.to_owned(), serialized));
        }
        Ok(Self::Tuple(serialized))
    }

    /// The origin of a URL: a tuple for http(s) and the like, opaque otherwise.
    pub fn of_url(url: &Url) -> Self {
        let origin = url.origin();
        if origin.is_tuple() {
            Self::Tuple(origin.ascii_serialization())
        } else {
            Self::Opaque
        }
    }

    /// The serialization (`null` for an opaque origin).
    pub fn as_str(&self) -> &str {
        match self {
            Self::Opaque => "null",
            Self::Tuple(s) => s,
        }
    }

    /// Whether this is an opaque origin.
    pub fn is_opaque(&self) -> bool {
        matches!(self, Self::Opaque)
    }

    /// Same origin, per HTML: opaque origins are never same-origin with anything here
    /// (we do not track opaque origin identity).
    pub fn same_origin(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::Tuple(a), Self::Tuple(b)) => a == b,
            _ => false,
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_serialized_like_browsers_do() {
        let cases = [
            ("https://App.Example.com", "https://app.example.com"),
            ("https://app.example.com:443", "https://app.example.com"),
            ("http://localhost:3000/", "http://localhost:3000"),
            ("http://[::1]:8080", "http://[::1]:8080"),
        ];
        for (input, want) in cases {
            assert_eq!(Origin::parse(input).unwrap().as_str(), want, "{input}");
        }
        assert_eq!(Origin::parse("null").unwrap(), Origin::Opaque);
    }

    #[test]
    fn non_origins_are_refused_with_a_reason() {
        assert!(matches!(
            Origin::parse("app.example.com"),
            Err(ParseOriginError::NotAUrl(_))
        ));
        assert!(matches!(
            Origin::parse("https://app.example.com/path"),
            Err(ParseOriginError::HasPath(_, _))
        ));
        assert!(matches!(
            Origin::parse("https://u:p@app.example.com"),
            Err(ParseOriginError::HasCredentials(_))
        ));
        assert!(matches!(
            Origin::parse("file:///tmp/x"),
            Err(ParseOriginError::NoTupleOrigin(_))
        ));
    }
}
