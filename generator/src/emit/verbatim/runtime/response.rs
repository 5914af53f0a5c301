//! Responses as the operation methods read them, and the errors a call
//! ends with.

use std::fmt;

use super::bodies::ByteStream;
use super::token::CredentialsError;

/// A response before its body is read into a type.
#[doc(hidden)]
pub struct RawResponse {
    pub status: reqwest::StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: bytes::Bytes,
    /// A success body left to be streamed, instead of `body`.
    pub unread: Option<reqwest::Response>,
    /// Requests sent to get it, the first included.
    pub attempts: u32,
}

impl RawResponse {
    /// Reads the body as JSON into `T`.
    pub fn json<T: serde::de::DeserializeOwned, E>(&self) -> Result<T, Error<E>> {
        serde_json::from_slice(&self.body).map_err(|e| Error::Decode {
            status: self.status,
            message: e.to_string(),
            snippet: snippet(&self.body),
            attempts: self.attempts,
        })
    }
    pub fn text<E>(&self) -> Result<String, Error<E>> {
        String::from_utf8(self.body.to_vec()).map_err(|e| Error::Decode {
            status: self.status,
            message: e.to_string(),
            snippet: snippet(&self.body),
            attempts: self.attempts,
        })
    }
    pub fn bytes(&self) -> Vec<u8> {
        self.body.to_vec()
    }
    /// The body as a stream, read as it arrives.
    pub fn stream(&mut self) -> ByteStream {
        match self.unread.take() {
            Some(response) => ByteStream::new(response),
            None => ByteStream::buffered(self.body.clone()),
        }
    }
    /// Wraps a success body.
    pub fn ok<T>(self, body: T) -> ApiResponse<T> {
        ApiResponse {
            status: self.status,
            headers: self.headers,
            body,
            attempts: self.attempts,
        }
    }
    /// Wraps a documented error body.
    pub fn api_error<T, E>(self, error: E) -> Result<T, Error<E>> {
        Err(Error::Api(ApiResponse {
            status: self.status,
            headers: self.headers,
            body: error,
            attempts: self.attempts,
        }))
    }
    /// The JSON body as the success value.
    pub fn json_ok<T: serde::de::DeserializeOwned, E>(self) -> Result<ApiResponse<T>, Error<E>> {
        let body = self.json()?;
        Ok(self.ok(body))
    }
    /// The JSON body as the success value, in the variant `wrap` of the
    /// operation's success enum.
    pub fn json_ok_as<B: serde::de::DeserializeOwned, T, E>(
        self,
        wrap: impl FnOnce(B) -> T,
    ) -> Result<ApiResponse<T>, Error<E>> {
        let body = self.json()?;
        Ok(self.ok(wrap(body)))
    }
    /// The JSON body as the documented error `wrap`.
    pub fn json_error<B: serde::de::DeserializeOwned, T, E>(self, wrap: impl FnOnce(B) -> E) -> Result<T, Error<E>> {
        let body = self.json()?;
        self.api_error(wrap(body))
    }
    /// A status the spec does not document.
    pub fn unexpected<T, E>(self) -> Result<T, Error<E>> {
        Err(Error::UnexpectedStatus {
            status: self.status,
            headers: self.headers,
            body: snippet(&self.body),
            attempts: self.attempts,
        })
    }
}

/// At most this much of a body is kept in an error.
const SNIPPET_CHARS: usize = 512;
fn snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let mut out: String = text.chars().take(SNIPPET_CHARS).collect();
    if text.chars().count() > SNIPPET_CHARS {
        out.push('…');
    }
    out
}

/// A response: its status, headers and typed body, and how many
/// requests it took. The body is reached through `body` (or
/// `into_body()`), never through `Deref`, so a body field named `status`
/// or `headers` is never confused with the response's own.
#[derive(Debug, Clone)]
pub struct ApiResponse<T> {
    pub status: reqwest::StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: T,
    /// Requests sent, the first included: more than one when earlier
    /// attempts failed and were retried.
    pub attempts: u32,
}

impl<T> ApiResponse<T> {
    pub fn into_body(self) -> T {
        self.body
    }
}

/// Why an operation failed. `E` holds the error bodies the spec
/// documents for the operation. Where a request was sent, the error
/// is that of the last attempt and [`Error::attempts`] says how many
/// were made.
#[derive(Debug)]
pub enum Error<E> {
    /// The server answered with an error status the spec documents.
    Api(ApiResponse<E>),
    /// The server answered with a status the spec does not document.
    UnexpectedStatus {
        status: reqwest::StatusCode,
        headers: reqwest::header::HeaderMap,
        /// The start of the body, as text.
        body: String,
        attempts: u32,
    },
    /// The body does not match the type the spec gives for the status.
    Decode {
        status: reqwest::StatusCode,
        message: String,
        snippet: String,
        attempts: u32,
    },
    /// An attempt took longer than the timeout, or connecting did.
    Timeout {
        source: reqwest::Error,
        attempts: u32,
    },
    /// The request never got a response: connection, TLS, or a request
    /// that could not be built (`attempts` is 0 then).
    Transport {
        source: reqwest::Error,
        attempts: u32,
    },
    /// The credentials could not make what the request needs, such as
    /// a JWT; the request was not sent.
    Credentials(CredentialsError),
    /// The request breaks the spec's constraints; it was not sent.
    Invalid(super::ValidationErrors),
    /// The base URL and path do not make a URL.
    InvalidUrl(String),
    /// The client holds none of the credentials the operation accepts;
    /// the request was not sent. Says which schemes would do.
    MissingCredentials(String),
}

impl<E> Error<E> {
    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<reqwest::StatusCode> {
        match self {
            Error::Api(response) => Some(response.status),
            Error::UnexpectedStatus { status, .. } | Error::Decode { status, .. } => {
                Some(*status)
            }
            Error::Timeout { .. } | Error::Transport { .. } => None,
            Error::Invalid(_)
            | Error::InvalidUrl(_)
            | Error::MissingCredentials(_)
            | Error::Credentials(_) => None,
        }
    }

    /// Requests sent before giving up, the first included; 0 when the
    /// request was refused before sending.
    pub fn attempts(&self) -> u32 {
        match self {
            Error::Api(response) => response.attempts,
            Error::UnexpectedStatus { attempts, .. }
            | Error::Decode { attempts, .. }
            | Error::Timeout { attempts, .. }
            | Error::Transport { attempts, .. } => *attempts,
            Error::Invalid(_)
            | Error::InvalidUrl(_)
            | Error::MissingCredentials(_)
            | Error::Credentials(_) => 0,
        }
    }
}

/// ` (after 3 attempts)` when there was more than one.
struct AfterAttempts(u32);

impl fmt::Display for AfterAttempts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 > 1 {
            write!(f, " (after {} attempts)", self.0)?;
        }
        Ok(())
    }
}

impl<E: fmt::Debug> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let after = AfterAttempts(self.attempts());
        match self {
            Error::Api(response) => {
                write!(
                    f,
                    "server answered {}{after}: {:?}",
                    response.status, response.body
                )
            }
            Error::UnexpectedStatus { status, body, .. } => {
                write!(
                    f,
                    "server answered {status}{after}, which the API does not document: {body}"
                )
            }
            Error::Decode {
                status,
                message,
                snippet,
                ..
            } => {
                write!(
                    f,
                    "cannot read the {status} response body{after}: {message}; body starts: {snippet}"
                )
            }
            Error::Timeout { source, .. } => write!(f, "request timed out{after}: {source}"),
            Error::Transport { source, .. } => write!(f, "request failed{after}: {source}"),
            Error::Credentials(e) => write!(f, "request not sent: {e}"),
            Error::Invalid(errors) => write!(f, "request not sent: {errors}"),
            Error::InvalidUrl(message) => write!(f, "invalid request URL: {message}"),
            Error::MissingCredentials(message) => write!(f, "request not sent: {message}"),
        }
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Timeout { source, .. } | Error::Transport { source, .. } => Some(source),
            Error::Credentials(e) => Some(e),
            _ => None,
        }
    }
}
