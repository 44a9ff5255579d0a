//! The API's errors: one enum, one status per variant, one JSON shape
//! (`{"error": {"code": "...", "message": "..."}}`), and a `Json` wrapper whose rejections
//! take the same shape.

use std::any::Any;

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// Why an API request could not be answered.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ApiError {
    /// The body is not the JSON the endpoint expects.
    #[error("{0}")]
    InvalidJson(String),
    /// The query string does not parse.
    #[error("{0}")]
    InvalidQuery(String),
    /// The body is larger than the server accepts.
    #[error("the request body is larger than {} bytes", crate::MAX_BODY_BYTES)]
    BodyTooLarge,
    /// The body did not arrive in time (a client pausing between body bytes).
    #[error("the request body did not arrive in time")]
    BodyTimeout,
    /// The body is not `application/json`.
    #[error("send the body as JSON with `Content-Type: application/json`")]
    UnsupportedMediaType,
    /// A field has a value the endpoint cannot use.
    #[error("{0}")]
    InvalidInput(String),
    /// No such target, error kind or page.
    #[error("{0}")]
    NotFound(String),
    /// The probe target is not allowed (public mode refuses private addresses).
    #[error("{0}")]
    Forbidden(String),
    /// Too many probes from this client.
    #[error("too many live checks from your address; try again in {0} seconds")]
    RateLimited(u64),
    /// The feature is not part of this build.
    #[error("{0}")]
    Unavailable(String),
    /// The probe failed in a way that is not the client's fault.
    #[error("{0}")]
    Upstream(String),
}

impl ApiError {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        match self {
            Self::InvalidJson(_) | Self::InvalidQuery(_) => StatusCode::BAD_REQUEST,
            Self::BodyTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::BodyTimeout => StatusCode::REQUEST_TIMEOUT,
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::InvalidInput(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::RateLimited(_) => StatusCode::TOO_MANY_REQUESTS,
            Self::Unavailable(_) => StatusCode::NOT_IMPLEMENTED,
            Self::Upstream(_) => StatusCode::BAD_GATEWAY,
        }
    }

    /// The stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::InvalidJson(_) => "invalid-json",
            Self::InvalidQuery(_) => "invalid-query",
            Self::BodyTooLarge => "body-too-large",
            Self::BodyTimeout => "body-timeout",
            Self::UnsupportedMediaType => "unsupported-media-type",
            Self::InvalidInput(_) => "invalid-input",
            Self::NotFound(_) => "not-found",
            Self::Forbidden(_) => "target-forbidden",
            Self::RateLimited(_) => "rate-limited",
            Self::Unavailable(_) => "not-available",
            Self::Upstream(_) => "probe-failed",
        }
    }
}

#[derive(Serialize)]
struct Body<'a> {
    error: Inner<'a>,
}

#[derive(Serialize)]
struct Inner<'a> {
    code: &'a str,
    message: String,
}

/// A JSON error response with `status`.
pub(crate) fn json_error(status: StatusCode, code: &str, message: String) -> Response {
    let body = Body {
        error: Inner { code, message },
    };
    let mut resp = (status, axum::Json(body)).into_response();
    resp.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    resp
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut resp = json_error(self.status(), self.code(), self.to_string());
        if let Self::RateLimited(secs) = self {
            resp.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        resp
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        match rejection {
            JsonRejection::MissingJsonContentType(_) => Self::UnsupportedMediaType,
            JsonRejection::BytesRejection(_)
                if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE =>
            {
                Self::BodyTooLarge
            }
            JsonRejection::JsonDataError(e) => Self::InvalidJson(format!(
                "the JSON does not match the schema: {}",
                std::error::Error::source(&e).map_or_else(|| e.body_text(), ToString::to_string)
            )),
            JsonRejection::JsonSyntaxError(e) => Self::InvalidJson(format!(
                "the body is not valid JSON: {}",
                std::error::Error::source(&e).map_or_else(|| e.body_text(), ToString::to_string)
            )),
            other => Self::InvalidJson(other.body_text()),
        }
    }
}

impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> Self {
        let text = match &rejection {
            QueryRejection::FailedToDeserializeQueryString(e) => {
                std::error::Error::source(e).map_or_else(|| e.body_text(), ToString::to_string)
            }
            other => other.body_text(),
        };
        Self::InvalidQuery(format!("the query string does not parse: {text}"))
    }
}

/// `axum::Json`, but a rejection is an [`ApiError`] (JSON, 4xx).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct AppJson<T>(pub(crate) T);

impl<T, S> FromRequest<S> for AppJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let axum::Json(value) = axum::Json::<T>::from_request(req, state).await?;
        Ok(Self(value))
    }
}

impl<T: Serialize> IntoResponse for AppJson<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

/// A panic in a handler becomes a generic 500 without details.
pub(crate) fn panic_response(_err: Box<dyn Any + Send + 'static>) -> Response {
    json_error(
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal",
        "the server hit an internal error".to_owned(),
    )
}
