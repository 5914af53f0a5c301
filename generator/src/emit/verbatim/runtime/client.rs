//! The client every API module wraps, and the settings it shares with
//! all of them; requests go through its [`Transport`].

pub use futures_util;
pub use reqwest;
use std::time::Duration;

use super::credentials::{Credentials, Secret};
use super::response::{Error, RawResponse};
use super::retry::RetryPolicy;
use super::transport::{CallOptions, Request, Transport};

/// Every item of every page. `fetch` reads the page that `params` asks
/// for and returns its items and the params of the next page, if any;
/// pages are fetched as the stream is read, and an error or an empty
/// page ends it.
#[doc(hidden)]
pub fn paginate<'a, P, T, E, F, Fut>(
    first: P,
    fetch: F,
) -> impl futures_util::Stream<Item = Result<T, Error<E>>> + 'a
where
    P: 'a,
    T: 'a,
    E: 'a,
    F: Fn(P) -> Fut + 'a,
    Fut: std::future::Future<Output = Result<(Vec<T>, Option<P>), Error<E>>> + 'a,
{
    let state = (fetch, Some(first), std::collections::VecDeque::new());
    futures_util::stream::unfold(state, |(fetch, mut next, mut buffer)| async move {
        loop {
            if let Some(item) = buffer.pop_front() {
                return Some((Ok(item), (fetch, next, buffer)));
            }
            let params = next.take()?;
            match fetch(params).await {
                Err(error) => return Some((Err(error), (fetch, None, buffer))),
                Ok((items, following)) => {
                    if items.is_empty() {
                        return None;
                    }
                    buffer.extend(items);
                    next = following;
                }
            }
        }
    })
}

/// The value of query parameter `name` in a link, absolute or relative.
#[doc(hidden)]
pub fn query_value(href: &str, name: &str) -> Option<String> {
    let base = reqwest::Url::parse("http://localhost/").ok()?;
    let url = base.join(href).ok()?;
    url.query_pairs()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.into_owned())
}

/// What a client knows of its API besides the operations: the marker
/// type each API module declares as `Api`.
pub trait Api {
    /// Where requests go unless [`Client::with_base_url`] says otherwise;
    /// empty when the spec names no server.
    const DEFAULT_BASE_URL: &'static str;
}

/// The client of one API. Each API module names its own `Client`
/// (`runtime::Client<Api>`) and adds a method per operation and per
/// security scheme; the settings below are the same for every API.
///
/// Cloning is cheap: clones share one connection pool.
pub struct Client<A> {
    transport: Transport,
    api: std::marker::PhantomData<fn() -> A>,
}

impl<A> Clone for Client<A> {
    fn clone(&self) -> Self {
        Client { transport: self.transport.clone(), api: std::marker::PhantomData }
    }
}

impl<A> std::fmt::Debug for Client<A> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client").field("transport", &self.transport).finish()
    }
}

impl<A: Api> Default for Client<A> {
    fn default() -> Self {
        Self::new()
    }
}

impl<A: Api> Client<A> {
    /// The spec's first server, used unless [`Client::with_base_url`]
    /// says otherwise; empty when the spec names none.
    pub const DEFAULT_BASE_URL: &'static str = A::DEFAULT_BASE_URL;

    /// A client for [`Client::DEFAULT_BASE_URL`] without credentials;
    /// add them with the `with_…` methods.
    pub fn new() -> Self {
        Client { transport: Transport::new(A::DEFAULT_BASE_URL, Credentials::none()), api: std::marker::PhantomData }
    }
}

impl<A> Client<A> {
    /// Sends the given `Authorization` header value, as it is, with
    /// every operation that needs credentials.
    pub fn with_authorization(mut self, value: impl Into<String>) -> Self {
        self.transport.credentials_mut().set_authorization(value.into());
        self
    }

    /// Sends requests to `base_url` instead. Plain `http` is accepted,
    /// for a local mock server; real credentials belong on `https`.
    pub fn with_base_url(mut self, base_url: impl AsRef<str>) -> Self {
        self.transport.set_base_url(base_url.as_ref());
        self
    }

    /// Uses a configured `reqwest::Client` (timeouts, proxies, TLS settings).
    pub fn with_http_client(mut self, http: reqwest::Client) -> Self {
        self.transport.set_http_client(http);
        self
    }

    /// Replaces all credentials.
    pub fn with_credentials(mut self, credentials: Credentials) -> Self {
        self.transport.set_credentials(credentials);
        self
    }

    /// Retries failed requests as `policy` says; [`RetryPolicy::none()`]
    /// sends each request once. The default is [`RetryPolicy::default()`].
    pub fn with_retry(mut self, policy: RetryPolicy) -> Self {
        self.transport.set_retry(policy);
        self
    }

    /// How long each attempt may take, connecting included; then it
    /// fails with [`Error::Timeout`]. 30 seconds unless set.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.transport.set_timeout(timeout);
        self
    }

    /// How long opening a connection may take; 10 seconds unless set.
    /// Starts a new connection pool, replacing one given to
    /// [`Client::with_http_client`].
    pub fn with_connect_timeout(mut self, timeout: Duration) -> Self {
        self.transport.set_connect_timeout(timeout);
        self
    }

    /// Sends `user_agent` as `User-Agent` instead of [`DEFAULT_USER_AGENT`].
    pub fn with_user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.transport.set_user_agent(user_agent.into());
        self
    }

    /// A clone of this client (cheap: same connections and credentials)
    /// whose calls use `options`, for one call or a few:
    /// `client.with_call_options(&CallOptions::new().timeout(d)).<operation>(…)`.
    pub fn with_call_options(&self, options: &CallOptions) -> Self {
        let mut client = self.clone();
        client.transport.apply(options);
        client
    }

    /// Sends every request to a test double instead of the network.
    #[cfg(feature = "mock")]
    #[doc(hidden)]
    pub fn with_mock(mut self, mock: super::mock::MockServer) -> Self {
        self.transport.set_mock(mock);
        self
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        self.transport.base_url()
    }

    /// Keeps `secret` for the security scheme named `scheme`, replacing
    /// an earlier one: what each API's scheme setters do.
    // Unused when no API declares a scheme.
    #[allow(dead_code)]
    pub(crate) fn with_secret(mut self, scheme: &'static str, secret: Secret) -> Self {
        self.transport.credentials_mut().set(scheme, secret);
        self
    }

    /// Sends one of the API's requests, with its retries and credentials.
    // Unused when the specs have no operations, only types or webhooks.
    #[allow(dead_code)]
    pub(crate) async fn send<E>(&self, request: Request<'_>) -> Result<RawResponse, Error<E>> {
        self.transport.send(request).await
    }
}
