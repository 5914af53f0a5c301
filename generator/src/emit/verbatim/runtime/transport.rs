//! The connection under every client: it builds each request, signs and
//! authorises it, sends it with retries, and reads what comes back.

use std::sync::Arc;
use std::time::Duration;

use super::bodies::RequestBody;
use super::credentials::{Chosen, Credentials, Scheme, SchemeKind, Secret};
use super::response::{Error, RawResponse};
use super::retry::{self, Outcome, RetryPolicy};

/// How long one attempt may take, unless the client or the call says
/// otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// How long opening a connection may take.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// What every request sends as `User-Agent` unless the client says
/// otherwise: `generated/<version>`.
pub const DEFAULT_USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// Settings of one call that differ from its client's: pass them with
/// `client.with_call_options(&options)`, which returns a client (a
/// cheap clone) whose calls use them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CallOptions {
    timeout: Option<Duration>,
    retry: Option<RetryPolicy>,
}

impl CallOptions {
    pub fn new() -> Self {
        CallOptions::default()
    }
    /// How long each attempt may take, connecting included.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }
}

/// The connection a client uses: base URL, HTTP client, credentials,
/// retries and timeouts.
#[derive(Clone, Debug)]
pub struct Transport {
    base_url: String,
    http: reqwest::Client,
    /// Shared by clones until one of them changes its own.
    credentials: Arc<Credentials>,
    retry: RetryPolicy,
    timeout: Duration,
    user_agent: String,
    /// A test double that answers instead of the network.
    #[cfg(feature = "mock")]
    mock: Option<super::mock::MockServer>,
}

/// A connection pool with the given connect timeout.
fn http_client(connect_timeout: Duration) -> reqwest::Client {
    reqwest::Client::builder()
        .connect_timeout(connect_timeout)
        .build()
        // Building fails only when the TLS backend cannot start; the
        // default client then reports the same failure on each request.
        .unwrap_or_default()
}

impl Transport {
    pub fn new(base_url: &str, credentials: Credentials) -> Self {
        Transport {
            base_url: base_url.trim_end_matches('/').to_string(),
            http: http_client(DEFAULT_CONNECT_TIMEOUT),
            credentials: Arc::new(credentials),
            retry: RetryPolicy::default(),
            timeout: DEFAULT_TIMEOUT,
            user_agent: DEFAULT_USER_AGENT.to_string(),
            #[cfg(feature = "mock")]
            mock: None,
        }
    }
    #[cfg(feature = "mock")]
    pub fn set_mock(&mut self, mock: super::mock::MockServer) {
        self.mock = Some(mock);
    }
    pub fn base_url(&self) -> &str {
        &self.base_url
    }
    pub fn set_base_url(&mut self, base_url: &str) {
        self.base_url = base_url.trim_end_matches('/').to_string();
    }
    pub fn set_http_client(&mut self, http: reqwest::Client) {
        self.http = http;
    }
    pub fn set_credentials(&mut self, credentials: Credentials) {
        self.credentials = Arc::new(credentials);
    }
    pub fn credentials_mut(&mut self) -> &mut Credentials {
        Arc::make_mut(&mut self.credentials)
    }
    pub fn set_retry(&mut self, policy: RetryPolicy) {
        self.retry = policy;
    }
    pub fn set_timeout(&mut self, timeout: Duration) {
        self.timeout = timeout;
    }
    /// Replaces the connection pool with one that has this connect
    /// timeout.
    pub fn set_connect_timeout(&mut self, timeout: Duration) {
        self.http = http_client(timeout);
    }
    pub fn set_user_agent(&mut self, user_agent: String) {
        self.user_agent = user_agent;
    }
    pub fn apply(&mut self, options: &CallOptions) {
        if let Some(timeout) = options.timeout {
            self.timeout = timeout;
        }
        if let Some(policy) = options.retry {
            self.retry = policy;
        }
    }

    /// Sends a request, retrying as the policy says, and reads the
    /// whole response of the last attempt.
    #[doc(hidden)]
    #[cfg(not(feature = "tracing"))]
    pub async fn send<E>(&self, request: Request<'_>) -> Result<RawResponse, Error<E>> {
        self.send_attempts(request).await
    }

    /// Sends a request as above, in a span named after the operation.
    /// The span holds the operation id, method and path template, never
    /// parameter values, bodies or credentials.
    #[doc(hidden)]
    #[cfg(feature = "tracing")]
    pub async fn send<E>(&self, request: Request<'_>) -> Result<RawResponse, Error<E>> {
        let span = tracing::info_span!(
            "operation",
            operation = request.operation,
            method = %request.method,
            path = request.path_template,
            attempts = tracing::field::Empty,
            status = tracing::field::Empty,
            duration_ms = tracing::field::Empty,
        );
        let started = std::time::Instant::now();
        let result = tracing::Instrument::instrument(self.send_attempts(request), span.clone()).await;
        let (attempts, status) = match &result {
            Ok(raw) => (raw.attempts, Some(raw.status)),
            Err(e) => (e.attempts(), e.status()),
        };
        span.record("attempts", attempts);
        if let Some(status) = status {
            span.record("status", status.as_u16());
        }
        span.record("duration_ms", u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX));
        result
    }

    async fn send_attempts<E>(&self, request: Request<'_>) -> Result<RawResponse, Error<E>> {
        let chosen = self
            .credentials
            .choose(request.security)
            .map_err(Error::MissingCredentials)?;
        let method = request.method.clone();
        let stream = request.stream;
        let hide_url = chosen.in_query();
        let mut next = self.build(request, &chosen)?;
        let mut attempts = 1;
        loop {
            let retry_copy = if attempts < self.retry.attempts() {
                next.try_clone()
            } else {
                None
            };
            let outcome = self.attempt(next, &chosen, stream).await?;
            let delay = match &outcome {
                Ok(raw) => retry::next_delay(
                    &self.retry,
                    &method,
                    &Outcome::Response {
                        status: raw.status,
                        headers: &raw.headers,
                    },
                    attempts,
                ),
                Err(e) => retry::next_delay(&self.retry, &method, &Outcome::Failed(e), attempts),
            };
            match (retry_copy, delay) {
                (Some(copy), Some(delay)) => {
                    #[cfg(feature = "tracing")]
                    tracing::debug!(
                        attempt = attempts,
                        status = outcome.as_ref().ok().map(|raw| raw.status.as_u16()),
                        delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
                        "retrying"
                    );
                    tokio::time::sleep(delay).await;
                    next = copy;
                    attempts += 1;
                }
                _ => {
                    return match outcome {
                        Ok(raw) => Ok(RawResponse { attempts, ..raw }),
                        Err(e) => Err(failed(if hide_url { e.without_url() } else { e }, attempts)),
                    };
                }
            }
        }
    }

    /// The request every attempt sends, without the tokens of
    /// providers, which each attempt asks for anew.
    fn build<E>(&self, request: Request<'_>, chosen: &Chosen<'_>) -> Result<reqwest::Request, Error<E>> {
        let mut url = reqwest::Url::parse(&format!("{}{}", self.base_url, request.path))
            .map_err(|e| Error::InvalidUrl(e.to_string()))?;
        let mut query = request.query;
        let mut headers = request.headers;
        let mut cookies: Vec<String> = Vec::new();
        if let Chosen::Schemes(secrets) = chosen {
            for (scheme, secret) in secrets {
                place_key(scheme, secret, &mut query, &mut headers, &mut cookies);
            }
            // Last, since the signature covers every other query
            // parameter, the API key included.
            for (_, secret) in secrets {
                if let Secret::Signature { secret, method } = secret {
                    super::signature::sign(&mut query, secret, *method, unix_now());
                }
            }
        }
        if !cookies.is_empty() {
            // One `Cookie` header, after any the operation's parameters made.
            match headers
                .iter_mut()
                .find(|(name, _)| name.eq_ignore_ascii_case("cookie"))
            {
                Some((_, existing)) => {
                    existing.push_str("; ");
                    existing.push_str(&cookies.join("; "));
                }
                None => headers.push(("cookie", cookies.join("; "))),
            }
        }
        if !query.is_empty() {
            url.query_pairs_mut()
                .extend_pairs(query.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        }
        let mut builder = self.http.request(request.method, url).timeout(self.timeout);
        // A `User-Agent` the spec declares as a parameter replaces the client's.
        if !headers.iter().any(|(name, _)| name.eq_ignore_ascii_case("user-agent")) {
            builder = builder.header(reqwest::header::USER_AGENT, self.user_agent.as_str());
        }
        for (name, value) in headers {
            builder = builder.header(name, value);
        }
        match chosen {
            Chosen::Nothing => {}
            Chosen::Authorization(value) => {
                builder = builder.header(reqwest::header::AUTHORIZATION, sensitive(value.to_string())?);
            }
            Chosen::Schemes(secrets) => {
                for (scheme, secret) in secrets {
                    builder = authorize(builder, scheme, secret)?;
                }
            }
        }
        if let Some(mut body) = request.body {
            if let RequestBody::Form {
                pairs,
                signed_by: Some(scheme),
            } = &mut body
                && let Some((secret, method)) = self.credentials.signature(scheme)
            {
                super::signature::sign(pairs, secret, method, unix_now());
            }
            builder = body.attach(builder);
        }
        builder = builder.header(reqwest::header::ACCEPT, request.accept);
        let hide_url = chosen.in_query();
        builder
            .build()
            .map_err(|e| failed(if hide_url { e.without_url() } else { e }, 0))
    }

    /// One attempt: the outer error stops the request before it is
    /// sent, the inner one is a failure the policy may retry. With
    /// `stream`, a success body is left to be read as a stream.
    async fn attempt<E>(
        &self,
        mut request: reqwest::Request,
        chosen: &Chosen<'_>,
        stream: bool,
    ) -> Result<Result<RawResponse, reqwest::Error>, Error<E>> {
        if let Chosen::Schemes(secrets) = chosen {
            for (_, secret) in secrets {
                if let Secret::Provider(provider) = secret {
                    let token = provider.token().await.map_err(Error::Credentials)?;
                    request
                        .headers_mut()
                        .insert(reqwest::header::AUTHORIZATION, sensitive(format!("Bearer {token}"))?);
                }
            }
        }
        let response = match self.execute(request).await {
            Ok(response) => response,
            Err(e) => return Ok(Err(e)),
        };
        let status = response.status();
        let headers = response.headers().clone();
        if stream && status.is_success() {
            return Ok(Ok(RawResponse {
                status,
                headers,
                body: bytes::Bytes::new(),
                unread: Some(response),
                attempts: 1,
            }));
        }
        Ok(match response.bytes().await {
            Ok(body) => Ok(RawResponse {
                status,
                headers,
                body,
                unread: None,
                attempts: 1,
            }),
            Err(e) => Err(e),
        })
    }
}

impl Transport {
    #[cfg(not(feature = "mock"))]
    async fn execute(&self, request: reqwest::Request) -> reqwest::Result<reqwest::Response> {
        self.http.execute(request).await
    }

    #[cfg(feature = "mock")]
    async fn execute(&self, request: reqwest::Request) -> reqwest::Result<reqwest::Response> {
        match &self.mock {
            Some(mock) => Ok(mock.handle(request).await),
            None => self.http.execute(request).await,
        }
    }
}

/// Seconds since the Unix epoch, the `timestamp` a signature covers.
fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::SystemTime::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs())
}

/// The error of a request that got no response.
fn failed<E>(source: reqwest::Error, attempts: u32) -> Error<E> {
    if source.is_timeout() {
        Error::Timeout { source, attempts }
    } else {
        Error::Transport { source, attempts }
    }
}

/// A request as an operation method builds it.
#[doc(hidden)]
#[derive(Default)]
pub struct Request<'a> {
    pub method: reqwest::Method,
    /// Path with its parameters already percent-encoded.
    pub path: String,
    pub query: Vec<(String, String)>,
    pub headers: Vec<(&'a str, String)>,
    pub body: Option<RequestBody>,
    pub accept: &'static str,
    /// Whether a success body is binary, read as a stream.
    pub stream: bool,
    /// The security requirement: any one alternative, each the schemes
    /// sent together; empty when the operation needs no credentials.
    pub security: &'static [&'static [Scheme]],
    /// The spec's `operationId`, for tracing.
    pub operation: &'static str,
    /// The path as the spec writes it, `{id}` and all, for tracing.
    pub path_template: &'static str,
}

/// Puts an API key where its scheme says: query, header or cookie.
fn place_key(
    scheme: &Scheme,
    secret: &Secret,
    query: &mut Vec<(String, String)>,
    headers: &mut Vec<(&str, String)>,
    cookies: &mut Vec<String>,
) {
    if let Secret::Value(value) = secret {
        match scheme.kind {
            SchemeKind::Query(name) => query.push((name.to_string(), value.clone())),
            SchemeKind::Header(name) => headers.push((name, value.clone())),
            SchemeKind::Cookie(name) => cookies.push(format!("{name}={value}")),
            SchemeKind::Basic | SchemeKind::Bearer | SchemeKind::Http(_) | SchemeKind::Signature => {}
        }
    }
}

/// Sets the `Authorization` header of an HTTP scheme, marked sensitive.
fn authorize<E>(
    builder: reqwest::RequestBuilder,
    scheme: &Scheme,
    secret: &Secret,
) -> Result<reqwest::RequestBuilder, Error<E>> {
    Ok(match (scheme.kind, secret) {
        (SchemeKind::Basic, Secret::Basic { username, password }) => {
            builder.basic_auth(username, Some(password))
        }
        (SchemeKind::Bearer, Secret::Value(token)) => builder.bearer_auth(token),
        // Sent by each attempt, which asks the provider for a token.
        (_, Secret::Provider(_)) => builder,
        (SchemeKind::Http(name), Secret::Value(value)) => builder.header(
            reqwest::header::AUTHORIZATION,
            sensitive(format!("{name} {value}"))?,
        ),
        _ => builder,
    })
}

/// A header value that HTTP/2 never indexes and `Debug` never shows.
fn sensitive<E>(text: String) -> Result<reqwest::header::HeaderValue, Error<E>> {
    let mut value = reqwest::header::HeaderValue::try_from(text).map_err(|_| {
        Error::MissingCredentials("credentials must be visible ASCII to go in a header".into())
    })?;
    value.set_sensitive(true);
    Ok(value)
}

/// Characters left as they are in a path segment; everything else is
/// percent-encoded, so a value can never add a segment or a query.
const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');
/// One path parameter, encoded as a single segment.
#[doc(hidden)]
pub fn path_segment<E>(name: &str, value: &str) -> Result<String, Error<E>> {
    if value.is_empty() || value == "." || value == ".." {
        return Err(Error::Invalid(super::ValidationErrors::one(
            name,
            format!("`{value}` cannot be a path segment"),
        )));
    }
    Ok(percent_encoding::utf8_percent_encode(value, SEGMENT).to_string())
}
